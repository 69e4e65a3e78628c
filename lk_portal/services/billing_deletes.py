"""Deletes that cannot surprise (issue 12, item 4): what a billing file deletes, cascades included, counted.

Every delete the writers make goes through `note()` while a `DeleteLedger` watches the file (the ORM's
own count per model, so the rows a cascade takes are counted too). Once the file is written, still
inside its transaction, `refusal()` says whether it deleted too much: more than
LK_IMPORT_MAX_DELETE_SHARE of a table (beyond LK_IMPORT_MASS_DELETE_MIN_ROWS rows), or any abonent
that has a portal account. Unless the run was confirmed (`import_billing --allow-mass-delete`, the
admin upload's checkbox; never the drop folder) the file is then refused and rolled back, with the
counts: «будет удалено абонентов: 53, договоров: 51, оплат: 7 338».

A deleted abonent's accounts are blocked and kept (User.abonent is SET_NULL): the logins, their
letters and journal stay.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

__all__ = ["DeleteLedger", "block_accounts_of", "note", "watching"]

# The genitive plural each table is counted in, in the order they are listed.
NAMES = {
    "lk_portal.Abonent": "абонентов",
    "lk_portal.Contract": "договоров",
    "lk_portal.Curator": "кураторов",
    "lk_portal.PaymentTerm": "условий оплаты",
    "lk_portal.Payment": "оплат",
    "lk_portal.BillingDocument": "платежных документов",
    "lk_portal.DebtSnapshot": "записей о задолженности",
    "lk_portal.Tariff": "тарифов",
    "lk_portal.PaymentReminderSent": "отметок о напоминаниях",
}
ACCOUNTS = "accounts"

_ledger: ContextVar[DeleteLedger | None] = ContextVar("billing_delete_ledger", default=None)


class DeleteLedger:
    def __init__(self):
        self.deleted: Counter[str] = Counter()

    def add(self, label: str, count: int) -> None:
        if count:
            self.deleted[label] += count

    def __bool__(self) -> bool:
        return bool(self.deleted)

    def _labels(self) -> list[str]:
        """The tables with deletes, in NAMES' order (accounts apart)."""
        known = [label for label in NAMES if self.deleted.get(label)]
        return known + sorted(set(self.deleted) - set(NAMES) - {ACCOUNTS})

    def summary(self, verb: str = "будет удалено") -> str:
        """«будет удалено абонентов: 53, договоров: 51, оплат: 7 338; будет заблокировано учетных записей: 2»."""
        parts = [f"{NAMES.get(label, label)}: {_number(self.deleted[label])}" for label in self._labels()]
        text = f"{verb} " + ", ".join(parts) if parts else ""
        if self.deleted.get(ACCOUNTS):
            blocked = "будет заблокировано" if verb == "будет удалено" else "заблокировано"
            text += f"; {blocked} учетных записей абонентов: {_number(self.deleted[ACCOUNTS])}"
        return text

    def refusal(self) -> str | None:
        """Why the file deletes more than it may without a confirmation, or None."""
        share = Decimal(str(settings.LK_IMPORT_MAX_DELETE_SHARE))
        floor = int(settings.LK_IMPORT_MASS_DELETE_MIN_ROWS)
        too_many = []
        for label in self._labels():
            count = self.deleted[label]
            if count <= floor:
                continue
            before = count + apps.get_model(label).objects.count()
            if Decimal(count) > share * before:
                too_many.append(f"{NAMES.get(label, label)} — {_number(count)} из {_number(before)}")
        if not too_many and not self.deleted.get(ACCOUNTS):
            return None
        reasons = []
        if too_many:
            percent = f"{share * 100:f}".rstrip("0").rstrip(".").replace(".", ",")
            reasons.append(f"удаляет больше {percent} % таблицы ({'; '.join(too_many)})")
        if self.deleted.get(ACCOUNTS):
            reasons.append("удаляет абонентов, у которых есть учетные записи в личном кабинете")
        return (
            f"файл {' и '.join(reasons)}: {self.summary()}. Ничего не записано. Если удаление верно, "
            "подтвердите его: import_billing --allow-mass-delete или отметка «Подтверждаю удаление» "
            "в форме загрузки (в папке обмена такой файл не загружается)"
        )


def _number(value: int) -> str:
    return f"{value:,}".replace(",", " ")


@contextmanager
def watching():
    """Count the deletes made in the block (and in the blocks it calls)."""
    ledger = DeleteLedger()
    token = _ledger.set(ledger)
    try:
        yield ledger
    finally:
        _ledger.reset(token)


def note(deleted: dict[str, int]) -> None:
    """Count deletes: the per-model counts `QuerySet.delete()` returns, or the writer's own."""
    ledger = _ledger.get()
    if ledger is not None:
        for label, count in deleted.items():
            ledger.add(label, count)


def block_accounts_of(abonent_ids: list[int]) -> int:
    """Block the portal accounts of abonents about to be deleted; they stay, without an abonent."""
    if not abonent_ids:
        return 0
    user_model = get_user_model()
    blocked = user_model.objects.filter(abonent_id__in=abonent_ids).update(
        state=user_model.BLOCKED, blocked_at=timezone.now()
    )
    note({ACCOUNTS: blocked})
    return blocked
