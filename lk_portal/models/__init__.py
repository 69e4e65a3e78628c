from .accounts import User
from .applications import RegistrationApplication
from .billing import (
    Abonent,
    BillingDocument,
    Branch,
    Contract,
    Curator,
    DebtSnapshot,
    Payment,
    PaymentSummary,
    PaymentTerm,
    SupplierBankDetails,
    Tariff,
)
from .imports import ImportRun
from .outbox import LETTER_KINDS, OutgoingLetter
from .reminders import PaymentReminderSent

__all__ = [
    "Abonent",
    "BillingDocument",
    "Branch",
    "Contract",
    "Curator",
    "DebtSnapshot",
    "ImportRun",
    "LETTER_KINDS",
    "OutgoingLetter",
    "Payment",
    "PaymentSummary",
    "PaymentReminderSent",
    "PaymentTerm",
    "RegistrationApplication",
    "SupplierBankDetails",
    "Tariff",
    "User",
]
