from .billing import (
    AbonentFactory,
    BillingDocumentFactory,
    BranchFactory,
    ContractFactory,
    CuratorFactory,
    DebtSnapshotFactory,
    PaymentFactory,
    PaymentTermFactory,
    SupplierBankDetailsFactory,
    TariffFactory,
    UserFactory,
)

__all__ = [
    "AbonentFactory",
    "BillingDocumentFactory",
    "BranchFactory",
    "ContractFactory",
    "CuratorFactory",
    "DebtSnapshotFactory",
    "PaymentFactory",
    "PaymentTermFactory",
    "SupplierBankDetailsFactory",
    "TariffFactory",
    "UserFactory",
]
