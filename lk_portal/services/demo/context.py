"""What the parts of the demo share while it loads."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lk_portal.models import Branch, Contract

from .rows import DemoReport


@dataclass
class DemoContext:
    today: datetime.date  # the load's day (Europe/Moscow): the history runs to its month
    abonents: int = 50
    years: int = 4
    heavy_payments: int = 0
    progress: Callable[[Iterable], Iterable] = lambda it: it
    report: DemoReport = field(default_factory=DemoReport)
    # Filled by the guide's part, for the parts after it:
    branches: dict[str, Branch] = field(default_factory=dict)
    contract: Contract | None = None  # the guide's contract «05 Т»
