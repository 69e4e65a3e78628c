"""LK_STAFF_REQUIRE_2FA (issue 20, item 6): Wagtail admin only after the TOTP step."""

import time

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import ContractFactory, UserFactory
from tests.support.html import page_text, soup
from tests.support.two_factor import RECOVERY, totp_code, two_factor_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(abonent=None, username="operator", is_staff=True, is_superuser=True)


def test_without_the_setting_admin_opens_after_the_password(client, settings, staff):
    settings.LK_STAFF_REQUIRE_2FA = False
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_staff_without_a_device_set_it_up_first(client, settings, staff):
    settings.LK_STAFF_REQUIRE_2FA = True
    client.force_login(staff)
    response = client.get("/admin/lk-accounts/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/two-factor/?next=%2Fadmin%2Flk-accounts%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200 and soup(page).select_one(".lk-two-factor-qr svg") is not None
    key = client.session["lk_staff_two_factor_key"]
    assert "Код не подошел" in page_text(
        client.post(response["Location"], {"code": "000000" if totp_code(key) != "000000" else "111111"})
    )
    done = client.post(response["Location"], {"code": totp_code(key)})
    assert len(soup(done).select(".lk-recovery-codes code")) == 10
    assert TOTPDevice.objects.get(user=staff).confirmed
    assert client.get("/admin/lk-accounts/").status_code == 200


def test_staff_with_a_device_enter_the_code_after_the_password(client, settings, staff):
    settings.LK_STAFF_REQUIRE_2FA = True
    device = two_factor_on(staff)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response["Location"].startswith("/admin/two-factor/")
    assert "Неверный код" in page_text(client.post("/admin/two-factor/?next=/admin/", {"code": "zzzzzzzz"}))
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post("/admin/two-factor/?next=/admin/", {"code": totp_code(device.key, at=time.time())})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_opens_the_admin_once(client, settings, staff):
    settings.LK_STAFF_REQUIRE_2FA = True
    two_factor_on(staff)
    client.force_login(staff)
    assert client.post("/admin/two-factor/", {"code": RECOVERY[0]})["Location"] == "/admin/"
    client.logout()
    client.force_login(staff)
    assert "Неверный код" in page_text(client.post("/admin/two-factor/", {"code": RECOVERY[0]}))


def test_the_admin_login_page_stays_open_and_the_cabinet_is_not_affected(client, settings):
    settings.LK_STAFF_REQUIRE_2FA = True
    assert client.get("/admin/login/").status_code == 200
    member = UserFactory(abonent=ContractFactory().abonent)
    client.force_login(member)
    assert client.get("/lk/contracts/").status_code == 200
    # an abonent's login has no admin access: Wagtail refuses it as before, no 2FA page
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
