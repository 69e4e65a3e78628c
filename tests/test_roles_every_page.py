"""Every cabinet URL with every role and contract scope (issue 15, items 1 and 8).

The routes come from the URLconf (every route under /lk/ that sends an anonymous visitor to the login), so a
new page fails `test_every_cabinet_route_has_an_expectation` until a line below says who may open it. The
expectations are written here from the issue, not read from lk_portal.domain.roles: a change of that table
that breaks the issue's rules fails this test.

An organisation has contracts «АЛЬФА-1» and «БЕТА-2»; another organisation has «ЧУЖОЙ-3». Each member is
tried with the whole organisation and scoped to «АЛЬФА-1»: a page not allowed is a 403 with a Russian
explanation; an allowed one shows nothing of «БЕТА-2» when scoped (pages, exports), and «БЕТА-2»'s or
«ЧУЖОЙ-3»'s ids are a 404, exactly alike.
"""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from lk_portal.models import ActComparison, Contract, ExportJob
from lk_portal.selectors.viewer import Viewer
from lk_portal.services.requests import request_create
from tests.factories import (
    AbonentFactory,
    BillingDocumentFactory,
    ConsumptionFactory,
    ContractFactory,
    DebtSnapshotFactory,
    MeteringUnitFactory,
    PaymentFactory,
    PaymentTermFactory,
    SupplierBankDetailsFactory,
    TariffFactory,
    UserFactory,
)
from tests.factories.pages import news_publish
from tests.support.html import soup, text_of
from tests.test_no_500_from_query_strings import lk_routes

pytestmark = pytest.mark.django_db

ROLES = ("admin", "accountant", "engineer", "observer")
EVERYONE = set(ROLES)
FINANCIAL = {"admin", "accountant", "observer"}  # the observer reads what its contracts allow
CONTRACTS = EVERYONE
TARIFFS = EVERYONE
METERING = {"admin", "engineer", "observer"}
EXPORT = {"admin", "accountant", "engineer"}  # the observer takes nothing away
PRINT = {"admin", "accountant"}
SUBMIT = {"admin", "engineer"}  # readings: the observer sees them, the engineer submits
FILE_REQUESTS = {"admin", "accountant", "engineer"}  # the observer submits nothing

# route → (who may open it, the query string it is opened with, a GET page that shows contract data)
ROUTES = {
    "lk:index": (EVERYONE, "", False),
    "lk:contracts": (CONTRACTS, "", True),
    "lk:contacts": (CONTRACTS, "", True),
    "lk:payment_terms": (FINANCIAL, "", True),
    "lk:payments": (FINANCIAL, "", True),
    "lk:documents": (FINANCIAL, "", True),
    "lk:to_pay": (FINANCIAL, "", True),
    "lk:to_pay_pdf": (PRINT, "", False),
    "lk:to_pay_pdf_all": (PRINT, "", False),
    "lk:debt": (FINANCIAL, "", True),
    "lk:reconciliation": (FINANCIAL, "date_from=01.01.2015&date_to=31.12.2015", True),
    "lk:act_compare": (FINANCIAL, "", False),
    "lk:act_compare_result": (FINANCIAL, "", False),  # an uploaded act of АЛЬФА-1: 404 for a member of БЕТА-2 only
    "lk:tariffs": (TARIFFS, "", True),
    "lk:metering": (METERING, "", True),
    "lk:metering_unit": (METERING, "", False),
    "lk:consumption": (METERING, "", True),
    "lk:readings": (METERING, "", True),
    "lk:readings_template": (SUBMIT, "", False),
    "lk:readings_preview": (SUBMIT, "", False),
    "lk:news": (EVERYONE, "", False),
    "lk:news_detail": (EVERYONE, "", False),
    "lk:profile": (EVERYONE, "", False),
    "lk:password_change": (EVERYONE, "", False),
    "lk:api_tokens": (EVERYONE, "", False),
    "lk:team": ({"admin"}, "", False),
    "lk:team_member": ({"admin"}, "", False),
    "lk:notifications": (EVERYONE, "", False),
    "lk:notification_settings": (EVERYONE, "", False),
    "lk:journal": ({"admin"}, "", False),
    "lk:two_factor_setup": (EVERYONE, "", False),
    "lk:export_jobs": (EXPORT, "", False),
    "lk:export_job": (EXPORT, "", False),
    "lk:export_job_state": (EXPORT, "", False),
    "lk:export_job_file": (EXPORT, "", False),
    "lk:requests": (EVERYONE, "", True),
    "lk:request_new": (FILE_REQUESTS, "", True),
    "lk:request": (EVERYONE, "", False),
    "lk:request_file": (EVERYONE, "", False),
}
# No GET page to walk (the team's buttons are tried in tests/lk_portal/views/test_team.py)
POST_ONLY = {
    "lk:logout",
    "lk:news_mark_all_read",
    "lk:team_member_block",
    "lk:team_member_unblock",
    "lk:team_invitation_revoke",
    "lk:notifications_read",
    "lk:two_factor_disable",
    "lk:api_token_revoke",  # tests/lk_portal/views/test_api_tokens.py
    "lk:two_factor_codes",
    "lk:two_factor_require",
    "lk:staff_view_exit",
    "lk:readings_upload",  # tests/lk_portal/views/test_readings.py
    "lk:act_compare_send",  # «Отправить расхождения» (tests/lk_portal/views/test_act_compare.py)
    "lk:request_close",
    "lk:request_reopen",
    "lk:login_code",  # the login's second step, not a cabinet page (tests/lk_portal/views/test_two_factor.py)
}
# Pages with «Договор:»: another contract's id is a 404.
CONTRACT_PARAM = {
    "lk:contacts",
    "lk:payment_terms",
    "lk:payments",
    "lk:documents",
    "lk:to_pay",
    "lk:tariffs",
    "lk:metering",
    "lk:requests",
    "lk:request_new",
}
GRID_EXPORTS = {"lk:contracts", "lk:payments", "lk:documents", "lk:tariffs", "lk:consumption"}
TABS = {
    "/lk/": EVERYONE,
    "/lk/contracts/": CONTRACTS,
    "/lk/contacts/": CONTRACTS,
    "/lk/payment-terms/": FINANCIAL,
    "/lk/payments/": FINANCIAL,
    "/lk/documents/": FINANCIAL,
    "/lk/to-pay/": FINANCIAL,
    "/lk/tariffs/": TARIFFS,
    "/lk/metering/": METERING,
    "/lk/consumption/": METERING,
    "/lk/reconciliation/": FINANCIAL,
    "/lk/requests/": EVERYONE,
    "/lk/news/": EVERYONE,
    "/lk/team/": {"admin"},
    "/lk/profile/": EVERYONE,
}


def made_up_path(name: str) -> str:
    """The route's path with made-up arguments: numbers where it takes numbers, else words."""
    for count in (0, 1, 2, 3):
        for value in (1, "x"):
            try:
                return reverse(name, args=[value] * count)
            except NoReverseMatch:
                continue
    raise AssertionError(f"cannot make a path for {name}")


def cabinet_routes() -> list[str]:
    """Every route under /lk/ that sends an anonymous visitor to the login."""
    client = Client()
    names = []
    for name, _ in lk_routes():
        response = client.get(made_up_path(name))
        if response.status_code == 302 and response["Location"].startswith(reverse("lk:login")):
            names.append(name)
    return names


def test_every_cabinet_route_has_an_expectation(db):
    missing = [name for name in cabinet_routes() if name not in ROUTES and name not in POST_ONLY]
    assert not missing, f"say in ROUTES who may open {missing}"


@pytest.fixture
def organisation(db):
    abonent = AbonentFactory(name="ООО «Команда»")
    SupplierBankDetailsFactory(branch=abonent.branch)
    alpha = ContractFactory(abonent=abonent, number="АЛЬФА-1", tariff_group="Группа А")
    beta = ContractFactory(abonent=abonent, number="БЕТА-2", tariff_group="Группа Б")
    foreign = ContractFactory(number="ЧУЖОЙ-3")
    docs, units, requests = {}, {}, {}
    for contract, amount in ((alpha, "111.11"), (beta, "222.22"), (foreign, "999.99")):
        docs[contract.number] = BillingDocumentFactory(
            contract=contract, number=f"СФ {contract.number}", debt=Decimal(amount), accrued=Decimal(amount)
        )
        PaymentFactory(contract=contract, number=f"ПП {contract.number}")
        DebtSnapshotFactory(contract=contract, debt=Decimal(amount))
        PaymentTermFactory(contract=contract)
        units[contract.number] = MeteringUnitFactory(contract=contract, address=f"Объект {contract.number}")
        ConsumptionFactory(unit=units[contract.number], period=datetime.date(2015, 1, 1))
        requests[contract.number] = request_create(
            viewer=Viewer(abonent=contract.abonent),
            kind_code="billing",
            contract=contract,
            subject=f"Вопрос по {contract.number}",
            text="Текст",
            attachments=[("скан.pdf", b"%PDF-1.4 test")],
        )
    TariffFactory(branch=abonent.branch, tariff_group="Группа Б", name="Тариф группы БЕТА")
    news = news_publish("Новость для всех")
    admin = UserFactory(abonent=abonent)  # the first administrator
    return {
        "admin": admin,
        "abonent": abonent,
        "alpha": alpha,
        "beta": beta,
        "foreign": foreign,
        "docs": docs,
        "units": units,
        "requests": requests,
        "news": news,
        "comparison": ActComparison.objects.create(  # an uploaded act of АЛЬФА-1 (its lines do not matter here)
            abonent=abonent,
            user=admin,
            contract=alpha,
            date_from=datetime.date(2015, 1, 1),
            date_to=datetime.date(2015, 12, 31),
            file_name="akt.xlsx",
            their_act={"own_name": abonent.name, "date_from": None, "date_to": None, "lines": []},
        ),
    }


def member_client(org, role: str, scoped: bool) -> Client:
    user = UserFactory(
        abonent=org["abonent"],
        username=f"{role}-{scoped}@example.ru",
        email=f"{role}-{scoped}@example.ru",
        role=role,
        contracts=[org["alpha"]] if scoped else [],
        activated_at=datetime.datetime(2015, 1, 1, tzinfo=datetime.UTC),
    )
    client = Client()
    client.force_login(user)
    org["member"] = user
    return client


def path_of(name: str, org) -> str:
    if name == "lk:to_pay_pdf":
        return reverse(name, args=[org["docs"]["АЛЬФА-1"].pk])
    if name == "lk:news_detail":
        return reverse(name, args=[org["news"].pk])
    if name == "lk:metering_unit":
        return reverse(name, args=[org["units"]["АЛЬФА-1"].pk])
    if name == "lk:act_compare_result":
        return reverse(name, args=[org["comparison"].pk])
    if name == "lk:request":
        return reverse(name, args=[org["requests"]["АЛЬФА-1"].pk])
    if name == "lk:request_file":
        return reverse(name, args=[org["requests"]["АЛЬФА-1"].attachments.get().pk])
    if name == "lk:team_member":
        return reverse(name, args=[org["admin"].pk])
    if name in ("lk:export_job", "lk:export_job_state", "lk:export_job_file"):  # the member's own job
        member = org["member"]
        job = ExportJob.objects.create(
            owner=member, abonent=member.abonent, title="Оплата", path="/lk/payments/", format="csv"
        )
        return reverse(name, args=[job.pk])
    return reverse(name)


def assert_forbidden(response, where: str) -> None:
    assert response.status_code == 403, f"{where}: {response.status_code}"
    message = text_of(soup(response).select_one(".message--error"))
    assert "не дает права" in message and "администратору" in message, where


@pytest.mark.parametrize("scoped", [False, True], ids=["all-contracts", "one-contract"])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_and_scope_on_every_cabinet_page(organisation, role, scoped):
    org = organisation
    client = member_client(org, role, scoped)
    header = None
    for name, (allowed, query, shows_contracts) in ROUTES.items():
        path = path_of(name, org)
        url = f"{path}?{query}" if query else path
        response = client.get(url)
        where = f"{role} {'scoped' if scoped else 'all'} {url}"
        if role not in allowed:
            assert_forbidden(response, where)
            continue
        assert response.status_code in (200, 302), f"{where}: {response.status_code}"
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        page_header = text_of(soup(html).select_one(".cabinet-header__debt"))
        header = header or page_header
        assert page_header == header == "Текущая задолженность на 07.09.2015: 333,33 руб., включая пени 0,00 руб."
        if shows_contracts:
            assert ("БЕТА-2" in html) is not scoped, where
            assert "ЧУЖОЙ-3" not in html, where
        if name in CONTRACT_PARAM:
            assert client.get(f"{path}?contract={org['foreign'].pk}").status_code == 404, where
            beta = client.get(f"{path}?contract={org['beta'].pk}")
            assert beta.status_code == (404 if scoped else 200), where
        if name in GRID_EXPORTS or name == "lk:reconciliation":
            check_export(client, role, scoped, name, f"{path}?{query}" if query else f"{path}?")


def check_export(client, role, scoped, name, url):
    where = f"{role} {'scoped' if scoped else 'all'} {url} export"
    code = "xlsx" if name == "lk:reconciliation" else "csv"  # the act's formats are PDF and XLSX
    export = client.get(f"{url}&export={code}")
    if role not in EXPORT:
        assert_forbidden(export, where)
        return
    assert export.status_code == 200 and export["Content-Disposition"].startswith("attachment"), where
    if code == "csv":
        content = b"".join(export.streaming_content) if export.streaming else export.content
        text = content.decode("utf-8-sig")
        assert "ЧУЖОЙ-3" not in text and ("БЕТА-2" in text) is not (scoped or name == "lk:tariffs"), where
        if name == "lk:tariffs":  # the tariff of «БЕТА-2»'s group only for who sees «БЕТА-2»
            assert ("Тариф группы БЕТА" in text) is not scoped, where


@pytest.mark.parametrize("scoped", [False, True], ids=["all-contracts", "one-contract"])
@pytest.mark.parametrize("role", ROLES)
def test_printed_documents_obey_role_and_scope(organisation, role, scoped):
    org = organisation
    client = member_client(org, role, scoped)
    for number in ("БЕТА-2", "ЧУЖОЙ-3"):
        response = client.get(reverse("lk:to_pay_pdf", args=[org["docs"][number].pk]))
        if role not in PRINT:
            assert_forbidden(response, f"{role} {number}")
        else:
            expected = 200 if (number == "БЕТА-2" and not scoped) else 404
            assert response.status_code == expected, f"{role} {scoped} {number}"
    every = client.get(reverse("lk:to_pay_pdf_all"))
    if role in PRINT:
        assert every.status_code == 200 and every["Content-Type"] == "application/pdf"
    else:
        assert_forbidden(every, role)


@pytest.mark.parametrize("role", ROLES)
def test_the_menu_shows_the_tabs_the_role_allows(organisation, role):
    page = member_client(organisation, role, scoped=False).get(reverse("lk:news"))
    shown = {a["href"] for a in soup(page).select("nav.cabinet-tabs a")}
    assert shown == {href for href, roles in TABS.items() if role in roles}
    assert (soup(page).select_one(".cabinet-header__debt-link") is not None) is (role in FINANCIAL)


def test_scoped_member_sees_only_its_contracts_tariffs_and_debt(organisation):
    client = member_client(organisation, "accountant", scoped=True)
    tariffs = client.get(reverse("lk:tariffs")).content.decode()
    assert "Тариф группы БЕТА" not in tariffs
    debt = soup(client.get(reverse("lk:debt")))
    assert text_of(debt.select_one(".debt-by-contract tfoot")) == "Итого 111,11 0,00"
    assert Contract.objects.filter(abonent=organisation["abonent"]).count() == 2


def test_a_scoped_members_act_is_of_one_contract_never_of_all(organisation):
    client = member_client(organisation, "accountant", scoped=True)
    page = client.get(reverse("lk:reconciliation"), {"date_from": "01.01.2015", "date_to": "31.12.2015"})
    options = [o.get_text(strip=True) for o in soup(page).select("select[name=contract] option")]
    assert not any("все договоры" in o for o in options) and any("АЛЬФА-1" in o for o in options)
    assert "по договору № АЛЬФА-1" in text_of(soup(page).select_one(".reconciliation-act"))
    everything = member_client(organisation, "accountant", scoped=False)
    page = everything.get(reverse("lk:reconciliation"), {"date_from": "01.01.2015", "date_to": "31.12.2015"})
    assert "по всем договорам" in text_of(soup(page).select_one(".reconciliation-act"))


@pytest.mark.parametrize("scoped", [False, True], ids=["all-contracts", "one-contract"])
@pytest.mark.parametrize("role", sorted(METERING))
def test_a_metering_unit_of_another_contract_is_404_like_another_organisations(organisation, role, scoped):
    client = member_client(organisation, role, scoped)
    beta = client.get(reverse("lk:metering_unit", args=[organisation["units"]["БЕТА-2"].pk]))
    assert beta.status_code == (404 if scoped else 200)
    foreign = client.get(reverse("lk:metering_unit", args=[organisation["units"]["ЧУЖОЙ-3"].pk]))
    assert foreign.status_code == 404


@pytest.mark.parametrize("scoped", [False, True], ids=["all-contracts", "one-contract"])
@pytest.mark.parametrize("role", sorted(METERING))
def test_consumption_of_another_contract_or_unit_is_404_like_another_organisations(organisation, role, scoped):
    client = member_client(organisation, role, scoped)
    units, url = organisation["units"], reverse("lk:consumption")
    for scope, ours in (
        (f"u{units['АЛЬФА-1'].pk}", True),
        (f"c{organisation['alpha'].pk}", True),
        (f"u{units['БЕТА-2'].pk}", not scoped),
        (f"c{organisation['beta'].pk}", not scoped),
        (f"u{units['ЧУЖОЙ-3'].pk}", False),
        (f"c{organisation['foreign'].pk}", False),
        ("u", False),
        ("x1", False),
    ):
        page = client.get(url, {"scope": scope})
        assert page.status_code == (200 if ours else 404), f"{role} {scoped} {scope}"
        export = client.get(url, {"scope": scope, "export": "csv"})
        assert export.status_code == (200 if ours and role in EXPORT else 404 if not ours else 403), scope


@pytest.mark.parametrize("scoped", [False, True], ids=["all-contracts", "one-contract"])
@pytest.mark.parametrize("role", ROLES)
def test_a_request_and_its_file_of_another_contract_are_404_like_another_organisations(organisation, role, scoped):
    client = member_client(organisation, role, scoped)
    for number, expected in (("АЛЬФА-1", 200), ("БЕТА-2", 404 if scoped else 200), ("ЧУЖОЙ-3", 404)):
        req = organisation["requests"][number]
        assert client.get(reverse("lk:request", args=[req.pk])).status_code == expected, number
        file = client.get(reverse("lk:request_file", args=[req.attachments.get().pk]))
        assert file.status_code == expected, number
        closing = client.post(reverse("lk:request_close", args=[req.pk]))
        if role not in FILE_REQUESTS:
            assert_forbidden(closing, f"{role} {number}")
        else:
            assert closing.status_code == (302 if expected == 200 else 404), number
