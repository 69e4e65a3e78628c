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
    PaymentTerm,
    SupplierBankDetails,
    Tariff,
)
from .imports import ImportRun
from .notifications import Notification, NotificationSettings
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
    "Notification",
    "NotificationSettings",
    "OutgoingLetter",
    "Payment",
    "PaymentReminderSent",
    "PaymentTerm",
    "RegistrationApplication",
    "SupplierBankDetails",
    "Tariff",
    "User",
]
