"""Members' roles and what each may do: the one table the cabinet's pages, menu, exports and API obey.

A member of an abonent (`lk_portal.models.User`) has a `Role`; a page, an export or an action names
the `Capability` it needs; `role_can(role, capability)` answers. The contract scope (which contracts a
member sees) is not here: `lk_portal.selectors.viewer.owned` limits the queries by it.
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    ADMIN = "admin"
    ACCOUNTANT = "accountant"
    ENGINEER = "engineer"
    OBSERVER = "observer"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "Администратор",
    Role.ACCOUNTANT: "Бухгалтер",
    Role.ENGINEER: "Энергетик",
    Role.OBSERVER: "Наблюдатель",
}
ROLE_CHOICES = [(role.value, ROLE_LABELS[role]) for role in Role]


class Capability(enum.StrEnum):
    VIEW_CONTRACTS = "view_contracts"  # Договоры, Контакты
    VIEW_FINANCIAL = "view_financial"  # Условия оплаты, Оплата, платежные документы, Документы на оплату, долг, акт
    EXPORT = "export"  # «Выгрузить в другие форматы», the act's PDF and XLSX
    PRINT_DOCUMENTS = "print_documents"  # the payment documents' PDFs
    VIEW_TARIFFS = "view_tariffs"
    VIEW_METERING = "view_metering"  # metering units and consumption
    SUBMIT_READINGS = "submit_readings"
    VIEW_REQUESTS = "view_requests"
    FILE_REQUESTS = "file_requests"
    CHANGE_PROFILE = "change_profile"  # the organisation's contact person and phone
    MANAGE_TEAM = "manage_team"  # «Пользователи»: members, roles, invitations
    VIEW_JOURNAL = "view_journal"
    MANAGE_TOKENS = "manage_tokens"  # API tokens


C = Capability
_READ = frozenset({C.VIEW_CONTRACTS, C.VIEW_FINANCIAL, C.VIEW_TARIFFS, C.VIEW_METERING, C.VIEW_REQUESTS})

ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.ADMIN: frozenset(Capability),
    Role.ACCOUNTANT: frozenset(
        {
            C.VIEW_CONTRACTS,
            C.VIEW_FINANCIAL,
            C.EXPORT,
            C.PRINT_DOCUMENTS,
            C.VIEW_TARIFFS,
            C.VIEW_REQUESTS,
            C.FILE_REQUESTS,
        }
    ),
    Role.ENGINEER: frozenset(
        {
            C.VIEW_CONTRACTS,
            C.EXPORT,
            C.VIEW_TARIFFS,
            C.VIEW_METERING,
            C.SUBMIT_READINGS,
            C.VIEW_REQUESTS,
            C.FILE_REQUESTS,
        }
    ),
    Role.OBSERVER: _READ,
}

# The 403 page's «Роль «…» не дает права на …» (accusative).
CAPABILITY_REASONS = {
    C.VIEW_CONTRACTS: "просмотр договоров",
    C.VIEW_FINANCIAL: "просмотр расчетов, оплат и платежных документов",
    C.EXPORT: "выгрузку данных в файлы",
    C.PRINT_DOCUMENTS: "печать документов на оплату",
    C.VIEW_TARIFFS: "просмотр тарифов",
    C.VIEW_METERING: "просмотр показаний и потребления",
    C.SUBMIT_READINGS: "передачу показаний",
    C.VIEW_REQUESTS: "просмотр заявок",
    C.FILE_REQUESTS: "подачу заявок",
    C.CHANGE_PROFILE: "изменение данных организации",
    C.MANAGE_TEAM: "управление пользователями организации",
    C.VIEW_JOURNAL: "просмотр журнала действий",
    C.MANAGE_TOKENS: "управление ключами API",
}


class NotAllowed(PermissionError):
    """The member's role does not allow this: the cabinet answers 403 with `message`."""

    def __init__(self, capability: Capability, role: Role | str | None = None):
        self.capability = capability
        self.role = Role(role) if role in set(Role) else None
        super().__init__(self.message)

    @property
    def message(self) -> str:
        who = f"Роль «{self.role.label}»" if self.role else "Ваша учетная запись"
        return (
            f"{who} не дает права на {CAPABILITY_REASONS[self.capability]}. "
            "Если это нужно для работы, обратитесь к администратору вашей организации в личном кабинете."
        )


def role_capabilities(role: Role | str) -> frozenset[Capability]:
    """What a role may do; an unknown role (a stale value) may do nothing."""
    try:
        return ROLE_CAPABILITIES[Role(role)]
    except ValueError:
        return frozenset()


def role_can(role: Role | str, capability: Capability) -> bool:
    return capability in role_capabilities(role)


def role_require(role: Role | str, capability: Capability) -> None:
    """Raise NotAllowed unless the role has the capability."""
    if not role_can(role, capability):
        raise NotAllowed(capability, role)
