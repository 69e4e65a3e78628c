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
from .reminders import PaymentReminderSent

__all__ = [
    "Abonent",
    "BillingDocument",
    "Branch",
    "Contract",
    "Curator",
    "DebtSnapshot",
    "ImportRun",
    "Payment",
    "PaymentReminderSent",
    "PaymentTerm",
    "RegistrationApplication",
    "SupplierBankDetails",
    "Tariff",
    "User",
]
