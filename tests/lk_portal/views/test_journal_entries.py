"""Each journaled action leaves its entry (issue 15, item 5): logins, failed logins, exports, printed
documents, profile, e-mail, password and two-factor changes."""

import datetime
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lk_portal.models import JournalEntry
from tests.factories import (
    BillingDocumentFactory,
    ContractFactory,
    PaymentFactory,
    SupplierBankDetailsFactory,
    UserFactory,
)
from tests.support.two_factor import totp_code, two_factor_on

pytestmark = pytest.mark.django_db

PASSWORD = "secret2015pass"
BROWSER = "Mozilla/5.0 (Windows NT 10.0) Chrome/141.0"


@pytest.fixture
def member(db):
    return UserFactory(abonent=ContractFactory().abonent)


def entries(*actions):
    rows = JournalEntry.objects.order_by("id")
    if actions:
        rows = rows.filter(action__in=actions)
    return list(rows)


def test_a_login_and_a_logout_are_journaled_with_address_and_browser(client, member):
    client.post("/lk/login/", {"username": member.username, "password": PASSWORD}, HTTP_USER_AGENT=BROWSER)
    client.post("/lk/logout/", HTTP_USER_AGENT=BROWSER)
    login, logout = entries("login", "logout")
    assert (login.action, login.user, login.abonent) == ("login", member, member.abonent)
    assert (login.ip, login.user_agent) == ("127.0.0.1", BROWSER)
    assert logout.action == "logout"


def test_a_wrong_password_is_journaled_for_that_abonent(client, member):
    client.post("/lk/login/", {"username": member.username, "password": "wrong-pass1"})
    (entry,) = entries()
    assert (entry.action, entry.abonent, entry.login) == ("login_failed", member.abonent, member.username)


def test_with_2fa_the_login_is_journaled_after_the_code_and_a_wrong_code_too(client, member):
    device = two_factor_on(member)
    client.post("/lk/login/", {"username": member.username, "password": PASSWORD})
    assert not entries("login")
    client.post("/lk/login/code/", {"code": "zzzzzzzz"})
    device.refresh_from_db()
    client.post("/lk/login/code/", {"code": totp_code(device.key, at=time.time())})
    assert [e.action for e in entries()] == ["login_code_failed", "login"]
    assert entries()[0].abonent == member.abonent


def test_a_grid_export_names_the_list_the_format_and_the_filter(client, member):
    contract = member.abonent.contracts.get()
    PaymentFactory(contract=contract, number="74", date=datetime.date(2015, 3, 30), amount=Decimal("16503.48"))
    client.force_login(member)
    response = client.get(f"/lk/payments/?contract={contract.pk}&q=74&export=xlsx")
    assert response.status_code == 200
    (entry,) = entries("export")
    assert entry.object == "Оплата"
    assert entry.details["format"] == "xlsx" and entry.details["contract"] == contract.number
    assert "Поиск: «74»" in entry.details["filter"]
    assert entry.details["file"].endswith(".xlsx")


def test_journaling_an_export_is_one_insert(client, member):
    client.force_login(member)
    with CaptureQueriesContext(connection) as queries:
        client.get("/lk/payments/?export=csv")
    inserts = [q["sql"] for q in queries.captured_queries if "lk_portal_journalentry" in q["sql"]]
    assert len(inserts) == 1 and inserts[0].startswith("INSERT")


def test_the_reconciliation_act_export_names_the_period(client, member):
    client.force_login(member)
    response = client.get("/lk/reconciliation/?date_from=2015-01-01&date_to=2015-03-31&export=xlsx")
    assert response.status_code == 200
    (entry,) = entries("export")
    assert (entry.object, entry.details["period"], entry.details["format"]) == (
        "Акт сверки",
        "01.01.2015 – 31.03.2015",
        "xlsx",
    )


def test_a_printed_payment_document_is_journaled(client, member):
    SupplierBankDetailsFactory(branch=member.abonent.branch)
    document = BillingDocumentFactory(
        contract=member.abonent.contracts.get(),
        number="Счет-фактура №702227301/70",
        debt=Decimal("18902.27"),
        vat_rate=Decimal("18"),
    )
    client.force_login(member)
    assert client.get(f"/lk/to-pay/{document.pk}/pdf/").status_code == 200
    (entry,) = entries("print")
    assert entry.object == "Документы на оплату"
    assert entry.details["documents"] == ["Счет-фактура №702227301/70"] and entry.details["format"] == "pdf"


def test_profile_email_and_password_changes_are_journaled(client, member):
    client.force_login(member)
    client.post(
        "/lk/profile/",
        {"contact_person": "Иванова А. П.", "phone": member.abonent.phone, "email": "new@example.ru"},
    )
    client.post(
        "/lk/profile/password/",
        {"old_password": PASSWORD, "new_password1": "Teplo2026secure", "new_password2": "Teplo2026secure"},
    )
    profile, email, password = entries("profile_change", "email_change_request", "password_change")
    assert profile.details["fields"] == ["Контактное лицо организации"]
    assert email.details == {"email": "new@example.ru"}
    assert password.user == member


def test_two_factor_on_off_and_the_requirement_are_journaled(client, member):
    client.force_login(member)
    client.get("/lk/profile/2fa/")
    key = client.session["lk_two_factor_key"]
    client.post("/lk/profile/2fa/", {"code": totp_code(key, at=time.time() - 30)})
    client.post("/lk/profile/2fa/require/", {"required": "on"})
    client.post("/lk/profile/2fa/require/", {})
    client.post("/lk/profile/2fa/off/", {"code": totp_code(key)})
    assert [e.action for e in entries() if e.action != "login"] == [
        "two_factor_on",
        "two_factor_require",
        "two_factor_require",
        "two_factor_off",
    ]
    assert [e.details.get("required") for e in entries("two_factor_require")] == [True, False]
