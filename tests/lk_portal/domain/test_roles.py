import pytest

from lk_portal.domain.roles import (
    ROLE_CHOICES,
    Capability,
    NotAllowed,
    Role,
    role_can,
    role_capabilities,
    role_require,
)


def test_the_roles_and_their_russian_names():
    assert ROLE_CHOICES == [
        ("admin", "Администратор"),
        ("accountant", "Бухгалтер"),
        ("engineer", "Энергетик"),
        ("observer", "Наблюдатель"),
    ]


def test_only_the_administrator_manages_the_team_tokens_and_reads_the_journal():
    for capability in (Capability.MANAGE_TEAM, Capability.MANAGE_TOKENS, Capability.VIEW_JOURNAL):
        assert [role for role in Role if role_can(role, capability)] == [Role.ADMIN]
    assert role_capabilities(Role.ADMIN) == frozenset(Capability)


def test_accountant_engineer_and_observer_as_the_issue_says():
    accountant = role_capabilities("accountant")
    assert {Capability.VIEW_FINANCIAL, Capability.EXPORT, Capability.PRINT_DOCUMENTS, Capability.FILE_REQUESTS} <= (
        accountant
    )
    assert Capability.SUBMIT_READINGS not in accountant
    engineer = role_capabilities("engineer")
    assert {Capability.VIEW_CONTRACTS, Capability.VIEW_TARIFFS, Capability.VIEW_METERING} <= engineer
    assert {Capability.SUBMIT_READINGS, Capability.FILE_REQUESTS} <= engineer
    assert Capability.VIEW_FINANCIAL not in engineer and Capability.PRINT_DOCUMENTS not in engineer
    observer = role_capabilities("observer")
    assert Capability.VIEW_FINANCIAL in observer and Capability.VIEW_METERING in observer
    # «submits and changes nothing», and takes nothing away
    for capability in (
        Capability.SUBMIT_READINGS,
        Capability.FILE_REQUESTS,
        Capability.CHANGE_PROFILE,
        Capability.EXPORT,
        Capability.PRINT_DOCUMENTS,
        Capability.MANAGE_TEAM,
    ):
        assert capability not in observer


def test_an_unknown_role_may_do_nothing():
    assert role_capabilities("director") == frozenset()
    assert not role_can("", Capability.VIEW_CONTRACTS)


def test_not_allowed_explains_in_russian():
    with pytest.raises(NotAllowed) as caught:
        role_require("observer", Capability.EXPORT)
    assert caught.value.message == (
        "Роль «Наблюдатель» не дает права на выгрузку данных в файлы. "
        "Если это нужно для работы, обратитесь к администратору вашей организации в личном кабинете."
    )
    assert NotAllowed(Capability.MANAGE_TEAM, "stale").message.startswith("Ваша учетная запись не дает права")
