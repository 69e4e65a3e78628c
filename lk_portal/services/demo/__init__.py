"""The demo data set: the guide's own abonent and rows, exactly, and a generated history around them.

`demo_load()` is idempotent: the guide's rows are upserted by key; a generated abonent whose
ИНН already exists is left as it is, so a second run adds nothing and changes nothing.
`--abonents N --years Y` makes large data for benchmarks with bulk writes (COPY on PostgreSQL).
"""

from collections.abc import Callable, Iterable

from django.db import transaction

from .generated import other_abonents_ensure, tariffs_ensure
from .guide import (
    DEMO_LOGIN,
    DEMO_PASSWORD,
    STAFF_LOGIN,
    STAFF_PASSWORD,
    branches_ensure,
    demo_accounts_ensure,
    demo_history_ensure,
    guide_abonent_ensure,
)
from .rows import DemoReport, month_start

__all__ = [
    "DEMO_LOGIN",
    "DEMO_PASSWORD",
    "STAFF_LOGIN",
    "STAFF_PASSWORD",
    "DemoReport",
    "branches_ensure",
    "demo_load",
]


def demo_load(
    *,
    abonents: int = 50,
    years: int = 4,
    heavy_payments: int = 0,
    progress: Callable[[Iterable], Iterable] = lambda it: it,
) -> DemoReport:
    """Load the whole demo; safe to run again."""
    from home.services.application_page import application_page_ensure
    from home.services.site_pages import site_pages_ensure
    from news.services.demo_news import demo_news_ensure

    with transaction.atomic():
        pages = site_pages_ensure()
        application_page_ensure(parent=pages["home"])
        branches = branches_ensure()
        contract = guide_abonent_ensure(branches)
        demo_accounts_ensure(contract)
        report = demo_history_ensure(contract, years=years)
        tariffs_ensure(first_year=2015 - max(years, 1) + 1, last_year=2016, branches=branches)
        demo_news_ensure(index=pages["news"])
    others = other_abonents_ensure(
        count=abonents,
        years=years,
        branches=branches,
        last_month=month_start(2015, 8),
        progress=progress,
        heavy_payments=heavy_payments,
    )
    report.abonents_created += others.abonents_created
    report.payments_created += others.payments_created
    report.documents_created += others.documents_created
    return report
