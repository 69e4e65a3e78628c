from .accounts import User
from .act_compare import ActComparison
from .api import API_ACCESS, API_READ, API_WRITE, ApiToken, ApiUsage, Tombstone
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
from .exports import ExportJob
from .imports import ImportRun
from .journal import JOURNAL_ACTIONS, JournalEntry
from .metering import Consumption, MeteringUnit, Reading
from .notifications import Notification, NotificationSettings
from .outbox import LETTER_KINDS, OutgoingLetter
from .reminders import PaymentReminderSent
from .requests import Request, RequestAttachment, RequestKind, RequestMessage, RequestSequence, RequestStatusChange
from .team import Invitation

__all__ = [
    "API_ACCESS",
    "API_READ",
    "API_WRITE",
    "ApiToken",
    "ApiUsage",
    "Tombstone",
    "Abonent",
    "ActComparison",
    "BillingDocument",
    "Branch",
    "Consumption",
    "Contract",
    "Curator",
    "DebtSnapshot",
    "ExportJob",
    "ImportRun",
    "Invitation",
    "JOURNAL_ACTIONS",
    "JournalEntry",
    "LETTER_KINDS",
    "Notification",
    "NotificationSettings",
    "MeteringUnit",
    "OutgoingLetter",
    "Payment",
    "PaymentSummary",
    "PaymentReminderSent",
    "PaymentTerm",
    "Reading",
    "RegistrationApplication",
    "Request",
    "RequestAttachment",
    "RequestKind",
    "RequestMessage",
    "RequestSequence",
    "RequestStatusChange",
    "SupplierBankDetails",
    "Tariff",
    "User",
]
