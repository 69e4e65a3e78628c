import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.utils import OperationalError

from lk_portal.formatting import format_money
from lk_portal.models import DebtSnapshot
from lk_portal.services.demo import demo_load

pytestmark = pytest.mark.django_db


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_503_when_database_does_not_answer(client):
    with mock.patch("lk_portal.views.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_login_page_is_russian(client):
    html = client.get("/lk/login/").content.decode()
    assert "Вход в личный кабинет" in html
    assert 'name="username"' in html and 'name="password"' in html and 'name="remember_me"' in html
    assert "Запомнить меня" in html


@time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Europe/Moscow")), tick=False)
def test_demo_abonent_logs_in_and_sees_the_header(client):
    demo_load(abonents=0, years=1)
    response = client.post("/lk/login/", {"username": "1234567890", "password": "demo2015pass"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/lk/"  # «Главная»
    line = DebtSnapshot.objects.get(contract__number="05 Т", as_of=datetime.date(2026, 12, 2))
    assert (
        f"Текущая задолженность на 02.12.2026: {format_money(line.debt)} руб., "
        f"включая пени {format_money(line.penalties)} руб." in html
    )
    assert "ОАО «Теплопотребитель»" in html
    for tab in (
        "Главная",
        "Договоры",
        "Контакты",
        "Условия оплаты по договору",
        "Оплата",
        "Выставленные платежные документы",
    ):
        assert tab in html
    assert 'href="/lk/debt/"' in html


def test_wrong_password_is_refused_in_russian(client):
    demo_load(abonents=0, years=1)
    response = client.post("/lk/login/", {"username": "1234567890", "password": "wrong"})
    assert "Неверный логин или пароль" in response.content.decode()
