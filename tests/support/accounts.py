"""Shared helpers for the account tests: a Moscow clock and a registered, pending account."""

import datetime
import re
from zoneinfo import ZoneInfo

from lk_portal.services.accounts import abonent_register
from tests.factories import BranchFactory

MSK = ZoneInfo("Europe/Moscow")
DAY_D = datetime.date(2025, 3, 10)
INN = "7707083893"
KPP = "773601001"


def moscow(day: datetime.date, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=MSK)


def days(n: int) -> datetime.date:
    return DAY_D + datetime.timedelta(days=n)


def register(capture, *, inn: str = INN, kpp: str = KPP, email: str = "buh@example.ru", **extra):
    """Register through the service and run the on-commit letter task (huey is immediate in tests)."""
    extra.setdefault("name", "ООО «Теплый дом»")
    extra.setdefault("branch", BranchFactory())
    with capture(execute=True):
        return abonent_register(inn=inn, kpp=kpp, email=email, **extra)


def link_path(body: str, prefix: str = "/lk/activate/") -> str:
    match = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"\S+/)", body)
    assert match, body
    return match.group(1)
