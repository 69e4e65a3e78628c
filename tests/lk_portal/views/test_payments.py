import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ContractFactory, PaymentFactory, UserFactory
from tests.support.guide import guide_abonent
from tests.support.html import (
    field,
    grid_rows,
    group_headers,
    header_titles,
    hidden_inputs,
    links,
    page_text,
    select_one,
)

pytestmark = pytest.mark.django_db

TITLES = [
    "№ договора",
    "№ документа оплаты",
    "Дата оплаты",
    "Отчетный период",
    "Сумма оплаты",
    "Вид реализации",
    "Назначение платежа",
]


@pytest.fixture
def guide(client):
    user, contract = guide_abonent()
    client.force_login(user)
    return user, contract


def test_columns_and_the_guides_rows(client, guide):
    html = client.get("/lk/payments/").content.decode()
    assert header_titles(html) == TITLES
    rows = grid_rows(html)
    assert rows[0][:6] == ["05 Т", "86", "17.04.2015", "2015,04", "7 220,27", "Аванс"]
    assert rows[1][:6] == ["05 Т", "74", "30.03.2015", "2015,03", "16 503,48", "Аванс"]
    assert "Перетяните заголовок колонки, чтобы сгруппировать" in html
    assert "Итого (записей: 2)" in html and "23 723,75" in html
    for label in [
        "Выгрузить в другие форматы:",
        "Экспорт в PDF (Adobe PDF)",
        "Экспорт в RTF (MS Word)",
        "Экспорт в CSV (Текстовый файл)",
        "Экспорт в XLS (MS Excel)",
        "Экспорт в XLSx (MS Excel 2007)",
    ]:
        assert label in html
    assert "05 Т от 01.10.2004" in html and "все договоры" in html


def test_sort_by_any_column_both_ways(client, guide):
    _, contract = guide
    PaymentFactory(contract=contract, number="99", amount=Decimal("10.00"), date=datetime.date(2014, 1, 5))
    amounts = [r[4] for r in grid_rows(client.get("/lk/payments/?sort=amount").content.decode())]
    assert amounts == ["10,00", "7 220,27", "16 503,48"]
    amounts = [r[4] for r in grid_rows(client.get("/lk/payments/?sort=-amount").content.decode())]
    assert amounts == ["16 503,48", "7 220,27", "10,00"]
    numbers = [r[1] for r in grid_rows(client.get("/lk/payments/?sort=date").content.decode())]
    assert numbers == ["99", "74", "86"]
    # The header link of the sorted column reverses it.
    assert ("Сумма оплаты ▲", "?sort=-amount") in links(client.get("/lk/payments/?sort=amount"), "th a.grid-sort")


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        ("f_date_from=2015-04-01", ["86"]),
        ("f_date_to=31.03.2015", ["74", "1"]),
        ("f_date_from=01.03.2015&f_date_to=2015-03-31", ["74"]),
        ("f_period_from=2015-04", ["86"]),
        ("f_period_to=2015,03", ["74", "1"]),
        ("f_amount_from=7 220,27&f_amount_to=8000", ["86"]),
        ("f_amount_to=-1", ["1"]),
        ("f_kind=Основная реализация", ["1"]),
    ],
)
def test_each_filter(client, guide, query, numbers):
    _, contract = guide
    PaymentFactory(
        contract=contract,
        number="1",
        date=datetime.date(2014, 12, 1),
        period=datetime.date(2014, 12, 1),
        amount=Decimal("-17.51"),
        kind="Основная реализация",
        purpose="Возврат",
    )
    html = client.get(f"/lk/payments/?{query}").content.decode()
    assert [r[1] for r in grid_rows(html)] == numbers


def test_wrong_filter_value_is_reported_in_russian_and_kept(client, guide):
    html = client.get("/lk/payments/?f_date_from=32.13.2015&f_amount_to=много").content.decode()
    assert "«Дата оплаты» с: «32.13.2015» не распознано" in page_text(html)
    assert "«Сумма оплаты» по: «много» не распознано" in page_text(html)
    assert field(html, "f_amount_to")["value"] == "много"
    # The unreadable date stays visible as typed: a text box, since a date box would blank it.
    date_from = field(html, "f_date_from")
    assert (date_from["type"], date_from["value"]) == ("text", "32.13.2015")
    assert len(grid_rows(html)) == 2  # the wrong bounds are ignored, nothing is lost


def test_readable_dates_come_back_in_the_date_boxes(client, guide):
    """17.04.2015 typed in a bookmark shows in <input type=date> as the ISO value it needs."""
    html = client.get("/lk/payments/?f_date_from=01.04.2015&f_period_to=2015,04").content.decode()
    assert (field(html, "f_date_from")["type"], field(html, "f_date_from")["value"]) == ("date", "2015-04-01")
    assert (field(html, "f_period_from")["type"], field(html, "f_period_from")["value"]) == ("month", "")
    assert field(html, "f_period_to")["value"] == "2015-04"


def test_search_is_case_insensitive_for_cyrillic(client, guide):
    _, contract = guide
    PaymentFactory(contract=contract, number="500", kind="Основная реализация", purpose="Оплата за отопление")
    PaymentFactory(contract=contract, number="501", kind="Аванс", purpose="Перечисление по договору")
    html = client.get("/lk/payments/?q=аванс").content.decode()
    assert sorted(r[1] for r in grid_rows(html)) == ["501", "74", "86"]
    html = client.get("/lk/payments/?q=ОТОПЛЕНИЕ").content.decode()
    assert [r[1] for r in grid_rows(html)] == ["500"]
    html = client.get("/lk/payments/?q=аванс апреля").content.decode()  # every word must match
    assert [r[1] for r in grid_rows(html)] == ["86"]


def test_grouping_by_period_shows_counts_and_sums(client, guide):
    _, contract = guide
    PaymentFactory(
        contract=contract,
        number="87",
        date=datetime.date(2015, 4, 20),
        period=datetime.date(2015, 4, 1),
        amount=Decimal("1000.00"),
        kind="Основная реализация",
    )
    html = client.get("/lk/payments/?group=period").content.decode()
    assert group_headers(html) == [
        "Отчетный период: 2015,03 (записей: 1) 16 503,48",
        "Отчетный период: 2015,04 (записей: 2) 8 220,27",
    ]
    assert [r[1] for r in grid_rows(html)] == ["74", "87", "86"]


def test_nested_groups(client, guide):
    _, contract = guide
    PaymentFactory(
        contract=contract,
        number="87",
        date=datetime.date(2015, 4, 20),
        period=datetime.date(2015, 4, 1),
        amount=Decimal("1000.00"),
        kind="Основная реализация",
    )
    nested = [
        "Отчетный период: 2015,03 (записей: 1) 16 503,48",
        "Вид реализации: Аванс (записей: 1) 16 503,48",
        "Отчетный период: 2015,04 (записей: 2) 8 220,27",
        "Вид реализации: Аванс (записей: 1) 7 220,27",
        "Вид реализации: Основная реализация (записей: 1) 1 000,00",
    ]
    assert group_headers(client.get("/lk/payments/?group=period,kind").content.decode()) == nested
    # the parameter may be repeated too, as the README says
    assert group_headers(client.get("/lk/payments/?group=period&group=kind").content.decode()) == nested


def test_group_counts_cover_rows_beyond_the_page(client, guide):
    _, contract = guide
    for n in range(12):
        PaymentFactory(contract=contract, number=f"2{n:02d}", period=datetime.date(2015, 5, 1), amount=Decimal("1.00"))
    html = client.get("/lk/payments/?group=period&sort=-period&per_page=10").content.decode()
    assert group_headers(html) == ["Отчетный период: 2015,05 (записей: 12) 12,00"]
    html = client.get("/lk/payments/?group=period&sort=-period&per_page=10&page=2").content.decode()
    assert group_headers(html)[0] == "Отчетный период: 2015,05 (записей: 12) 12,00"


def test_group_form_without_js_redirects_to_a_bookmarkable_url(client, guide):
    response = client.get("/lk/payments/?sort=-amount&group=period&group_add=kind&page=3")
    assert response.status_code == 302
    assert response["Location"] == "/lk/payments/?sort=-amount&group=period%2Ckind"
    response = client.get("/lk/payments/?group=period%2Ckind&group_remove=period")
    assert response["Location"] == "/lk/payments/?group=kind"


def test_state_lives_in_the_links(client, guide):
    html = client.get("/lk/payments/?q=аванс&sort=-amount&group=period&per_page=10").content.decode()
    # the export links carry the whole view (minus paging), the pager form carries the rest
    assert (
        "Экспорт в XLSx (MS Excel 2007)",
        "?q=%D0%B0%D0%B2%D0%B0%D0%BD%D1%81&sort=-amount&group=period&export=xlsx",
    ) in (links(html, ".grid-exports a"))
    assert ("group", "period") in hidden_inputs(html, "form.grid-pager__size")
    kind = select_one(html, 'th[data-group-key="kind"]')
    assert kind["data-group-url"] == "?q=%D0%B0%D0%B2%D0%B0%D0%BD%D1%81&sort=-amount&per_page=10&group=period%2Ckind"


def test_pagination(client, guide):
    _, contract = guide
    for n in range(25):
        PaymentFactory(
            contract=contract, number=f"3{n:02d}", date=datetime.date(2016, 1, 1) + datetime.timedelta(days=n)
        )
    html = client.get("/lk/payments/?per_page=10&page=3").content.decode()
    assert len(grid_rows(html)) == 7
    assert "Записи 21–27 из 27" in html
    html = client.get("/lk/payments/?per_page=10&page=99").content.decode()
    assert "Записи 21–27 из 27" in html


def test_contract_selector_filters_and_another_abonents_contract_is_404(client, guide):
    user, contract = guide
    second = ContractFactory(abonent=user.abonent, number="06 Т")
    PaymentFactory(contract=second, number="600")
    foreign = ContractFactory()
    PaymentFactory(contract=foreign, number="700")

    html = client.get(f"/lk/payments/?contract={second.pk}").content.decode()
    assert [r[1] for r in grid_rows(html)] == ["600"]
    html = client.get("/lk/payments/").content.decode()
    assert sorted(r[1] for r in grid_rows(html)) == ["600", "74", "86"]  # never the foreign payment
    assert client.get(f"/lk/payments/?contract={foreign.pk}").status_code == 404
    assert client.get(f"/lk/payments/?contract={foreign.pk}&export=csv").status_code == 404
    assert client.get("/lk/payments/?contract=abc").status_code == 404


def test_login_required(client):
    response = client.get("/lk/payments/?group=period")
    assert response.status_code == 302
    assert response["Location"].startswith("/lk/login/?next=/lk/payments/")


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "query",
    ["", "?sort=-amount&f_period_from=2015-01&q=аванс", "?group=period,kind&sort=-date&per_page=50"],
)
def test_fixed_number_of_queries_whatever_the_data_size(client, query):
    contract = ContractFactory()
    user = UserFactory(abonent=contract.abonent)
    client.force_login(user)
    PaymentFactory(contract=contract)
    _count_queries(client, f"/lk/payments/{query}")  # the header's figures into the cache
    small = _count_queries(client, f"/lk/payments/{query}")
    for n in range(150):
        PaymentFactory(
            contract=contract,
            period=datetime.date(2015 - n % 5, 1 + n % 12, 1),
            kind=["Аванс", "Основная реализация"][n % 2],
        )
    _count_queries(client, f"/lk/payments/{query}")  # the rows saved one by one made the cached kinds stale
    large = _count_queries(client, f"/lk/payments/{query}")
    assert small == large


def test_search_by_contract_number_reads_the_viewers_contracts_not_others(client, guide):
    """The contract column is searched among the viewer's own contracts (by id): another abonent's
    contract of the same number does not bring its rows, and the page reads no contracts table join."""
    _, contract = guide
    PaymentFactory(contract=contract, number="900", purpose="без номера договора")
    stranger = ContractFactory(number=f"{contract.number}-2")  # its number holds the one searched
    PaymentFactory(contract=stranger, number="901", purpose="чужая")
    html = client.get("/lk/payments/", {"q": contract.number}).content.decode()
    numbers = {r[1] for r in grid_rows(html)}
    assert "900" in numbers and "901" not in numbers
    assert "Поиск среди последних" not in page_text(html)  # the guide's abonent has fewer rows than the window
