"""The cabinet's tab menu: «Главная», then the guide's order (product.md); a member sees the tabs its role allows."""

from typing import NamedTuple

from lk_portal.domain.roles import Capability, role_can


class Tab(NamedTuple):
    key: str
    href: str
    label: str
    capability: Capability | None = None  # None: every member


CABINET_TABS = [
    Tab("home", "/lk/", "Главная"),
    Tab("contracts", "/lk/contracts/", "Договоры", Capability.VIEW_CONTRACTS),
    Tab("contacts", "/lk/contacts/", "Контакты", Capability.VIEW_CONTRACTS),
    Tab("payment_terms", "/lk/payment-terms/", "Условия оплаты по договору", Capability.VIEW_FINANCIAL),
    Tab("payments", "/lk/payments/", "Оплата", Capability.VIEW_FINANCIAL),
    Tab("documents", "/lk/documents/", "Выставленные платежные документы", Capability.VIEW_FINANCIAL),
    Tab("to_pay", "/lk/to-pay/", "Документы на оплату", Capability.VIEW_FINANCIAL),
    Tab("tariffs", "/lk/tariffs/", "Тарифы", Capability.VIEW_TARIFFS),
    Tab("metering", "/lk/metering/", "Узлы учета", Capability.VIEW_METERING),
    Tab("consumption", "/lk/consumption/", "Потребление", Capability.VIEW_METERING),
    Tab("reconciliation", "/lk/reconciliation/", "Акт сверки", Capability.VIEW_FINANCIAL),
    Tab("requests", "/lk/requests/", "Обращения", Capability.VIEW_REQUESTS),
    Tab("news", "/lk/news/", "Новости"),
    Tab("team", "/lk/team/", "Пользователи", Capability.MANAGE_TEAM),
    Tab("profile", "/lk/profile/", "Профиль"),
]


def cabinet_tabs_for(role: str) -> list[Tab]:
    """The tabs a member of this role sees."""
    return [tab for tab in CABINET_TABS if tab.capability is None or role_can(role, tab.capability)]
