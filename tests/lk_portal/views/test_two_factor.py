"""Two-factor login (issue 15, item 4): setup in «Профиль», the code after the password, recovery codes,
the organisation's requirement, turning it off."""

import datetime
import time
from unittest import mock

import pytest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lk_portal.views.two_factor import PENDING_KEY, SETUP_KEY
from tests.factories import ContractFactory, UserFactory
from tests.support.html import page_text, soup
from tests.support.two_factor import RECOVERY, totp_code, two_factor_on

pytestmark = pytest.mark.django_db

PASSWORD = "secret2015pass"


@pytest.fixture
def member(db):
    return UserFactory(abonent=ContractFactory().abonent)


def password_step(client, user, **extra):
    return client.post("/lk/login/", {"username": user.username, "password": PASSWORD, **extra})


def is_logged_in(client) -> bool:
    return client.get("/lk/contracts/").status_code == 200


# --- setup -------------------------------------------------------------------------------------


def test_profile_offers_to_turn_it_on(client, member):
    client.force_login(member)
    text = page_text(client.get("/lk/profile/"))
    assert "Двухфакторный вход выключен" in text
    assert soup(client.get("/lk/profile/")).find("a", href="/lk/profile/2fa/")


def test_setup_shows_a_self_drawn_qr_code_and_the_secret(client, member):
    client.force_login(member)
    page = client.get("/lk/profile/2fa/")
    html = soup(page)
    assert html.select_one(".two-factor-qr svg path") is not None
    assert not html.find("img")  # nothing fetched from elsewhere
    key = client.session[SETUP_KEY]
    from base64 import b32encode

    assert html.select_one(".two-factor-secret code").text.replace(" ", "") == b32encode(bytes.fromhex(key)).decode()
    assert not TOTPDevice.objects.filter(user=member).exists()  # nothing saved before the code


def test_setup_refuses_a_wrong_code_and_a_malformed_one(client, member):
    client.force_login(member)
    client.get("/lk/profile/2fa/")
    key = client.session[SETUP_KEY]
    wrong = f"{(int(totp_code(key)) + 1) % 1_000_000:06d}"
    assert "Код не подошел" in page_text(client.post("/lk/profile/2fa/", {"code": wrong}))
    assert "Введите 6 цифр" in page_text(client.post("/lk/profile/2fa/", {"code": "12ab"}))
    assert "Введите код." in page_text(client.post("/lk/profile/2fa/", {"code": ""}))
    assert not TOTPDevice.objects.filter(user=member).exists()


def test_setup_with_the_apps_code_turns_it_on_and_shows_ten_codes_once(client, member):
    client.force_login(member)
    client.get("/lk/profile/2fa/")
    key = client.session[SETUP_KEY]
    response = client.post("/lk/profile/2fa/", {"code": totp_code(key)})
    assert response.status_code == 200
    codes = [c.text for c in soup(response).select(".recovery-codes code")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "no-store" in response["Cache-Control"]
    device = TOTPDevice.objects.get(user=member)
    assert device.confirmed and device.key == key
    assert sorted(StaticToken.objects.filter(device__user=member).values_list("token", flat=True)) == sorted(codes)
    assert DEVICE_ID_SESSION_KEY in client.session  # this session counts as verified
    assert SETUP_KEY not in client.session
    assert "Двухфакторный вход включен" in page_text(client.get("/lk/profile/"))
    assert "Неиспользованных резервных кодов: 10" in page_text(client.get("/lk/profile/"))


# --- login -------------------------------------------------------------------------------------


def test_with_2fa_the_password_alone_does_not_log_in(client, member):
    two_factor_on(member)
    response = password_step(client, member)
    assert response.status_code == 302 and response["Location"] == "/lk/login/code/"
    assert not is_logged_in(client)
    assert "Подтверждение входа" in page_text(client.get("/lk/login/code/"))


def test_without_2fa_login_is_one_step_as_before(client, member):
    response = password_step(client, member)
    assert response["Location"] == "/lk/"
    assert is_logged_in(client)


def test_the_apps_code_completes_the_login_and_keeps_remember_me(client, member):
    device = two_factor_on(member)
    password_step(client, member, remember_me="on", next="/lk/payments/")
    response = client.post("/lk/login/code/", {"code": totp_code(device.key)})
    assert response.status_code == 302 and response["Location"] == "/lk/payments/"
    assert is_logged_in(client)
    assert client.session.get_expiry_age() == 30 * 24 * 3600
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert PENDING_KEY not in client.session


def test_a_wrong_code_is_refused_and_five_send_back_to_the_password(client, member):
    device = two_factor_on(member)
    password_step(client, member)
    wrong = f"{(int(totp_code(device.key)) + 7) % 1_000_000:06d}"
    with mock.patch("django_otp.models.ThrottlingMixin.verify_is_allowed", return_value=(True, None)):
        for _ in range(4):
            text = page_text(client.post("/lk/login/code/", {"code": wrong}))
            assert "Неверный код" in text
        response = client.post("/lk/login/code/", {"code": wrong})
    assert response["Location"] == "/lk/login/"
    assert PENDING_KEY not in client.session
    # the next right code does not help: the password is asked again
    assert client.post("/lk/login/code/", {"code": totp_code(device.key)})["Location"] == "/lk/login/"
    assert not is_logged_in(client)


def test_a_used_code_cannot_be_replayed(client, member):
    device = two_factor_on(member)
    code = totp_code(device.key)
    password_step(client, member)
    client.post("/lk/login/code/", {"code": code})
    client.post("/lk/logout/")
    password_step(client, member)
    assert "Неверный код" in page_text(client.post("/lk/login/code/", {"code": code}))


def test_a_recovery_code_logs_in_once(client, member):
    two_factor_on(member)
    password_step(client, member)
    response = client.post("/lk/login/code/", {"code": RECOVERY[0].upper()}, follow=True)
    assert "Вы вошли по резервному коду" in page_text(response) and "Осталось резервных кодов: 1" in page_text(response)
    client.post("/lk/logout/")
    password_step(client, member)
    assert "Неверный код" in page_text(client.post("/lk/login/code/", {"code": RECOVERY[0]}))
    assert not StaticToken.objects.filter(token=RECOVERY[0]).exists()


def test_the_halfway_login_expires_after_five_minutes(client, member):
    device = two_factor_on(member)
    password_step(client, member)
    later = time.time() + 5 * 60 + 1
    with mock.patch("lk_portal.views.two_factor.time.time", return_value=later):
        response = client.post("/lk/login/code/", {"code": totp_code(device.key)})
    assert response["Location"] == "/lk/login/"
    assert not is_logged_in(client)


def test_the_code_page_without_a_password_step_sends_to_login(client):
    assert client.get("/lk/login/code/")["Location"] == "/lk/login/"


def test_another_members_device_does_not_open_this_login(client, member):
    other = UserFactory(abonent=ContractFactory().abonent)
    other_device = two_factor_on(other)
    two_factor_on(member)
    password_step(client, member)
    assert "Неверный код" in page_text(client.post("/lk/login/code/", {"code": totp_code(other_device.key)}))


# --- the organisation's requirement ------------------------------------------------------------


def test_required_2fa_sends_a_member_without_it_to_the_setup(client, member):
    member.abonent.require_two_factor = True
    member.abonent.save()
    client.force_login(member)
    response = client.get("/lk/payments/?page=2")
    assert response.status_code == 302
    assert response["Location"].startswith("/lk/profile/2fa/?next=")
    page = client.get("/lk/profile/2fa/")
    assert "Организация требует двухфакторный вход" in page_text(page)
    client.post("/lk/profile/2fa/", {"code": totp_code(client.session[SETUP_KEY])})
    assert is_logged_in(client)


def test_required_2fa_asks_a_password_only_session_for_the_code(client, member):
    device = two_factor_on(member)
    member.abonent.require_two_factor = True
    member.abonent.save()
    client.force_login(member)  # logged in before the requirement: no code in this session
    response = client.get("/lk/contracts/")
    assert response["Location"] == "/lk/login/code/?next=%2Flk%2Fcontracts%2F"
    response = client.post(response["Location"], {"code": totp_code(device.key)})
    assert response["Location"] == "/lk/contracts/"
    assert is_logged_in(client)


def test_the_requirement_is_switched_on_only_by_a_verified_member(client, member):
    client.force_login(member)
    response = client.post("/lk/profile/2fa/require/", {"required": "on"}, follow=True)
    assert "Сначала включите двухфакторный вход для себя" in page_text(response)
    member.abonent.refresh_from_db()
    assert not member.abonent.require_two_factor
    client.get("/lk/profile/2fa/")
    client.post("/lk/profile/2fa/", {"code": totp_code(client.session[SETUP_KEY])})
    response = client.post("/lk/profile/2fa/require/", {"required": "on"}, follow=True)
    assert "обязателен для всех пользователей" in page_text(response)
    member.abonent.refresh_from_db()
    assert member.abonent.require_two_factor
    client.post("/lk/profile/2fa/require/", {})
    member.abonent.refresh_from_db()
    assert not member.abonent.require_two_factor


# --- off and new codes -------------------------------------------------------------------------


def login_with_2fa(client, user):
    device = two_factor_on(user)
    password_step(client, user)
    client.post("/lk/login/code/", {"code": totp_code(device.key, at=time.time() - 30)})
    assert is_logged_in(client)
    return device


def test_turning_it_off_needs_a_code(client, member):
    login_with_2fa(client, member)
    response = client.post("/lk/profile/2fa/off/", {"code": "00000x"}, follow=True)
    assert "Введите 6 цифр" in page_text(response)
    response = client.post("/lk/profile/2fa/off/", {"code": "zzzzzzzz"}, follow=True)
    assert "Неверный код" in page_text(response)
    assert TOTPDevice.objects.filter(user=member).exists()
    StaticDevice.objects.filter(user=member).update(throttling_failure_count=0)  # no 1-second wait after a wrong code
    response = client.post("/lk/profile/2fa/off/", {"code": RECOVERY[1]}, follow=True)
    assert "Двухфакторный вход выключен" in page_text(response)
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticToken.objects.filter(device__user=member).exists()
    client.post("/lk/logout/")
    assert password_step(client, member)["Location"] == "/lk/"


def test_it_cannot_be_turned_off_while_the_organisation_requires_it(client, member):
    login_with_2fa(client, member)
    member.abonent.require_two_factor = True
    member.abonent.save()
    response = client.post("/lk/profile/2fa/off/", {"code": RECOVERY[0]}, follow=True)
    assert "выключить его нельзя" in page_text(response)
    assert TOTPDevice.objects.filter(user=member).exists()


def test_new_recovery_codes_replace_the_old(client, member):
    device = login_with_2fa(client, member)
    response = client.post("/lk/profile/2fa/codes/", {"code": totp_code(device.key)})
    codes = [c.text for c in soup(response).select(".recovery-codes code")]
    assert len(codes) == 10 and RECOVERY[0] not in codes
    assert "no-store" in response["Cache-Control"]
    assert not StaticToken.objects.filter(token__in=RECOVERY).exists()


def test_a_code_right_after_a_wrong_one_is_asked_to_wait(client, member):
    device = two_factor_on(member)
    password_step(client, member)
    wrong = f"{(int(totp_code(device.key)) + 7) % 1_000_000:06d}"
    assert "Неверный код" in page_text(client.post("/lk/login/code/", {"code": wrong}))
    text = page_text(client.post("/lk/login/code/", {"code": totp_code(device.key)}))
    assert "Следующий код можно ввести через 1 с" in text
    assert not is_logged_in(client)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=2)
    )
    assert client.post("/lk/login/code/", {"code": totp_code(device.key)})["Location"] == "/lk/"
