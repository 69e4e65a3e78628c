"""The demo organisation's team: an accountant limited to «05 Т» and an observer, loaded once."""

import datetime

import pytest
import time_machine
from django.test import Client

from lk_portal.models import User
from lk_portal.services.demo import DEMO_LOGIN, demo_load

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_demo_organisation_has_an_administrator_an_accountant_and_an_observer():
    demo_load(abonents=0, years=1)
    demo_load(abonents=0, years=1)  # again: nothing doubles
    admin = User.objects.get(username=DEMO_LOGIN)
    members = User.objects.filter(abonent=admin.abonent).order_by("pk")
    assert [(m.username, m.role, [c.number for c in m.contracts.all()]) for m in members] == [
        (DEMO_LOGIN, "admin", []),
        ("buhgalter@example.ru", "accountant", ["05 Т"]),
        ("nablyudatel@example.ru", "observer", []),
    ]
    client = Client()
    assert (
        client.post("/lk/login/", {"username": "Buhgalter@Example.ru", "password": "demo2015pass"}).status_code == 302
    )
    assert client.get("/lk/to-pay/").status_code == 200 and client.get("/lk/team/").status_code == 403
