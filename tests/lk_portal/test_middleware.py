"""The request guard: the reproduced 500s of issue 12 answer 400 in Russian; usable input passes."""

import pytest
from django.test import Client

from tests.factories import PaymentFactory
from tests.factories.pages import news_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def cabinet(abonent_client, abonent_user):
    PaymentFactory(contract=abonent_user.abonent.contracts.first(), kind="Аванс")
    return abonent_client


def refused(response, words: str) -> bool:
    text = response.content.decode()
    return response.status_code == 400 and '<html lang="ru">' in text and words in text


@pytest.mark.parametrize(
    "query",
    ["q=%00", "f_kind=%00", "q=%00&export=xlsx", "q=%00&export=pdf", "q=%01&export=xlsx", "f_date_from=1%002015"],
)
def test_control_characters_in_a_grid_parameter(cabinet, query):
    name = query.split("=")[0]
    assert refused(
        cabinet.get(f"/lk/payments/?{query}"), f"Параметр «{name}» в адресе страницы содержит управляющий символ"
    )


def test_news_topic_with_nul_without_login():
    news_index()
    assert refused(Client().get("/novosti/?topic=%00"), "Параметр «topic»")


def test_tab_and_newline_in_a_value_pass(cabinet):
    assert cabinet.get("/lk/payments/?q=%D0%B0%D0%B2%D0%B0%D0%BD%D1%81%09%0A").status_code == 200


def test_control_character_in_a_key_or_the_path(cabinet):
    assert refused(cabinet.get("/lk/payments/?q%0A=1"), "Имя одного из параметров")
    assert refused(cabinet.get("/lk/payments%01/"), "Адрес страницы содержит управляющий символ")


def test_absurd_lengths(cabinet, settings):
    limit = settings.LK_QUERY_MAX_VALUE_LENGTH
    assert cabinet.get("/lk/payments/?q=" + "я" * limit).status_code == 200
    assert refused(cabinet.get("/lk/payments/?q=" + "я" * (limit + 1)), f"больше {limit} символов")
    assert refused(
        cabinet.get("/lk/payments/?" + "k" * 101 + "=1"), "Имя одного из параметров в адресе страницы слишком длинное"
    )
    assert refused(
        cabinet.get("/lk/payments/?" + "&".join(f"a{i}=1" for i in range(2000))), "Адрес страницы слишком длинный"
    )


def test_an_amount_out_of_every_range_is_an_unusable_filter(cabinet):
    response = cabinet.get("/lk/payments/?f_amount_from=1e999999&export=csv")
    assert response.status_code == 200
    page = cabinet.get("/lk/payments/?f_amount_from=1e999999").content.decode()
    assert "«1e999999» не распознано" in page


def test_nul_in_a_form_field_is_refused_other_pasted_controls_reach_the_form(client):
    assert refused(
        client.post("/lk/login/", {"username": "a\x00b", "password": "x"}), "Поле «username» формы содержит символ NUL"
    )
    response = client.post("/lk/login/", {"username": "a\x0bb", "password": "x"})  # a vertical tab, as from Word
    assert response.status_code == 200 and "form" in response.context


def test_nul_in_a_header_is_refused(client):
    response = client.post("/lk/login/", {"username": "1234567890", "password": "bad"}, HTTP_USER_AGENT="x\x00y")
    assert refused(response, "недопустимый заголовок")


def test_a_cookie_with_nul_is_dropped(abonent_client):
    abonent_client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    response = abonent_client.get("/lk/payments/")
    assert response.status_code == 302 and response["Location"].startswith("/lk/login/")
