"""The cabinet's tab menu: «Главная» (issue 16), then the guide's order (product.md)."""

CABINET_TABS = [
    ("home", "/lk/", "Главная"),
    ("contracts", "/lk/contracts/", "Договоры"),
    ("contacts", "/lk/contacts/", "Контакты"),
    ("payment_terms", "/lk/payment-terms/", "Условия оплаты по договору"),
    ("payments", "/lk/payments/", "Оплата"),
    ("documents", "/lk/documents/", "Выставленные платежные документы"),
    ("to_pay", "/lk/to-pay/", "Документы на оплату"),
    ("tariffs", "/lk/tariffs/", "Тарифы"),
    ("reconciliation", "/lk/reconciliation/", "Акт сверки"),
    ("news", "/lk/news/", "Новости"),
    ("profile", "/lk/profile/", "Профиль"),
]
