from .accounts import User
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

__all__ = [
    "Abonent",
    "BillingDocument",
    "Branch",
    "Contract",
    "Curator",
    "DebtSnapshot",
    "ImportRun",
    "Payment",
    "PaymentTerm",
    "SupplierBankDetails",
    "Tariff",
    "User",
]
