"""The demo data set: the guide's own abonent and rows, exactly, and a generated history around
them that runs to the month of the load's day.

`demo_load()` is idempotent, and run on a later day it brings the demo to that day: every generated
row's key is its contract's and its month's, a month's rows are a function of the contract and the
month alone, and what exists on a day is what is dated up to it (present.py). `--abonents N
--years Y` makes large data for benchmarks with bulk writes (COPY on PostgreSQL).

The demo is made of parts, each a module with one `…_ensure(ctx)`: a new part (metering,
requests, members) is a new module and one line in PARTS.
"""

from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone

from lk_portal.services.header_cache import BILLING, DEBT, NEWS, SCOPE, header_changed

from .context import DemoContext
from .continuation import continuation_ensure
from .generated import others_ensure
from .guide import DEMO_LOGIN, DEMO_PASSWORD, STAFF_LOGIN, STAFF_PASSWORD, branches_ensure, guide_ensure
from .members import DEMO_MEMBERS, members_ensure
from .metering import metering_ensure
from .readings import readings_ensure
from .rows import DemoReport
from .tariffs import tariffs_ensure

__all__ = [
    "DEMO_LOGIN",
    "DEMO_MEMBERS",
    "DEMO_PASSWORD",
    "STAFF_LOGIN",
    "STAFF_PASSWORD",
    "DemoContext",
    "DemoReport",
    "branches_ensure",
    "demo_load",
]


def site_ensure(ctx: DemoContext) -> None:
    """The site's pages (home app) and the demo news (news app)."""
    from home.services.application_page import application_page_ensure
    from home.services.site_pages import site_pages_ensure
    from news.services.demo_news import demo_news_ensure

    pages = site_pages_ensure()
    application_page_ensure(parent=pages["home"])
    demo_news_ensure(index=pages["news"])


# In order, each in one transaction (the generated abonents' part commits in chunks of its own).
PARTS = (
    site_ensure,
    guide_ensure,  # sets ctx.branches and ctx.contract for the parts after it
    tariffs_ensure,
    continuation_ensure,
    members_ensure,
    metering_ensure,  # the guide's contract's heat metering units (issue 17)
    readings_ensure,  # their readings of the last twelve months, with every status (issue 17)
)
BULK_PARTS = (others_ensure,)


def demo_load(
    *,
    abonents: int = 50,
    years: int = 4,
    heavy_payments: int = 0,
    progress: Callable[[Iterable], Iterable] = lambda it: it,
) -> DemoReport:
    """Load the whole demo as of today (Europe/Moscow); safe to run again, on the same day or later."""
    ctx = DemoContext(
        today=timezone.localdate(), abonents=abonents, years=years, heavy_payments=heavy_payments, progress=progress
    )
    with transaction.atomic():
        for part in PARTS:
            part(ctx)
    for part in BULK_PARTS:
        part(ctx)
    header_changed(DEBT, NEWS, SCOPE, BILLING)  # written in bulk: no signals
    return ctx.report
