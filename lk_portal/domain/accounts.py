"""The account's activation window and the registration rule's error, as plain values.

A letter sent on Moscow day D opens the link on D+1 … D+5; an account still pending after D+5
is blocked (lk_portal.services.accounts applies that).
"""

import datetime
from dataclasses import dataclass

from lk_portal.formatting import format_date_span

ACTIVATION_DAYS = 5


class RegistrationError(Exception):
    """A registration that breaks a rule; `field` names the form field it belongs to."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class AlreadyRegistered(RegistrationError):
    """One account per abonent."""

    def __init__(self, *, inn: str, kpp: str, username: str, state: str):
        super().__init__(
            f"Абонент с ИНН {inn} и КПП {kpp} уже зарегистрирован (логин {username}, {state}). "
            "Одна учетная запись на абонента; для нового письма используйте «Зарегистрировать повторно».",
            field="kpp",
        )


class ContractOfAnother(RegistrationError):
    """The contract number named in the application belongs to another ИНН+КПП."""

    def __init__(self, *, contract_number: str, inn: str, kpp: str):
        super().__init__(
            f"Договор № {contract_number} принадлежит другому абоненту (ИНН {inn}, КПП {kpp}).",
            field="contract_number",
        )


@dataclass(frozen=True)
class ActivationWindow:
    sent_on: datetime.date
    first_day: datetime.date
    last_day: datetime.date

    @property
    def span(self) -> str:
        """«с 11.03.2025 по 15.03.2025», as the letters, the login page and the staff screens say it."""
        return format_date_span(self.first_day, self.last_day)

    def has_begun(self, today: datetime.date) -> bool:
        return today >= self.first_day

    def has_ended(self, today: datetime.date) -> bool:
        return today > self.last_day


def activation_window(*, sent_on: datetime.date) -> ActivationWindow:
    return ActivationWindow(
        sent_on=sent_on,
        first_day=sent_on + datetime.timedelta(days=1),
        last_day=sent_on + datetime.timedelta(days=ACTIVATION_DAYS),
    )
