"""«Главная» (/lk/): its blocks on the demo, another abonent's rows never shown, a fixed number of queries."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lk_portal.formatting import format_money, format_quantity
from lk_portal.models import BillingDocument, Consumption, Payment, User
from lk_portal.selectors.debt import debt_summary
from lk_portal.services.demo import DEMO_LOGIN, demo_load
from tests.factories import (
    BillingDocumentFactory,
    ConsumptionFactory,
    ContractFactory,
    DebtSnapshotFactory,
    MeteringUnitFactory,
    PaymentFactory,
    PaymentTermFactory,
)
from tests.support.html import links, select_one, soup, table_rows, text_of
from tests.support.viewers import viewer_of

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2026, 12, 2)


def _at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), ZoneInfo("Europe/Moscow")), tick=False)


@pytest.fixture
def demo_home(client):
    """The demo loaded on 02.12.2026 and its home page looked at that day."""
    with _at(DAY):
        demo_load(abonents=0, years=1)
        user = User.objects.get(username=DEMO_LOGIN)
        client.force_login(user)
        response = client.get("/lk/")
        assert response.status_code == 200
        yield response.content.decode(), user.abonent


def test_home_is_the_first_tab_and_contracts_moved(abonent_client):
    html = abonent_client.get("/lk/").content.decode()
    tabs = links(html, "nav.cabinet-tabs a")
    assert tabs[0] == ("Главная", "/lk/") and ("Договоры", "/lk/contracts/") in tabs
    assert select_one(html, 'nav.cabinet-tabs a[aria-current="page"]')["href"] == "/lk/"
    assert abonent_client.get("/lk/contracts/").status_code == 200


def test_home_requires_login(client):
    response = client.get("/lk/")
    assert response.status_code == 302 and response["Location"].startswith("/lk/login/")


def _check_debt_block_is_the_header_line_with_its_trend(html, abonent):
    summary = debt_summary(viewer=viewer_of(abonent))
    block = text_of(select_one(html, ".home-debt"))
    assert f"{format_money(summary.debt)} руб." in block
    assert f"на {summary.as_of:%d.%m.%Y}, включая пени {format_money(summary.penalties)} руб." in block
    # The demo keeps a line at every month's end: the trend is against 30.11.2026.
    assert "С 30.11.2026 задолженность" in block


def _check_upcoming_payments_from_the_calendar(html, abonent):
    rows = table_rows(html, "table.home-upcoming__table")
    assert rows, "the demo contract has payment terms"
    dates = [datetime.datetime.strptime(r[0], "%d.%m.%Y").date() for r in rows]
    assert dates == sorted(dates) and dates[0] >= DAY
    # 05 Т: 10th of the next month (the rest), 18th (35 %) and 27th (50 %) of the contractual amount.
    guide = next(r for r in rows if r[1] == "05 Т" and r[0] == "10.12.2026")
    assert "договорной суммы" in guide[3] or "последнего начисления" in guide[3]
    # A due date with an issued unpaid bill links to its print.
    printed = [href for text, href in links(html, ".home-upcoming a") if text == "Печать"]
    due = BillingDocument.objects.filter(abonent=abonent, debt__gt=0, due_date__gte=DAY, due_date__in=dates)
    assert sorted(printed) == sorted(f"/lk/to-pay/{d.pk}/pdf/" for d in due)


def _check_unpaid_documents(html, abonent):
    unpaid = BillingDocument.objects.filter(abonent=abonent, debt__gt=0)
    total = sum((d.debt for d in unpaid), Decimal(0))
    block = text_of(select_one(html, ".home-unpaid"))
    assert f"Документов: {unpaid.count()} на сумму {format_money(total)} руб." in block
    oldest = unpaid.filter(due_date__lt=DAY).order_by("due_date", "date", "id").first()
    assert oldest is not None
    assert f"{oldest.number} от {oldest.date:%d.%m.%Y}, {oldest.name}, срок оплаты {oldest.due_date:%d.%m.%Y}" in block
    assert f"дней просрочки: {(DAY - oldest.due_date).days}" in block


def _check_last_payments(html, abonent):
    rows = table_rows(html, "table.home-payments__table")
    latest = Payment.objects.filter(abonent=abonent).order_by("-date", "-id")[:5]
    assert rows == [
        [f"{p.date:%d.%m.%Y}", p.number, p.contract.number, f"{p.period:%Y,%m}", p.kind, format_money(p.amount)]
        for p in latest
    ]


def _check_unread_news(html, abonent):
    items = links(html, ".home-news__list a")
    assert items and all(href.startswith("/lk/news/") for _, href in items)


def _check_chart_24_months_with_values_and_a_table(html, abonent):
    months = soup(html).select(".home-chart svg.bar-chart g.bar-chart__month")
    assert len(months) == 24
    assert all(g["tabindex"] == "0" and g.title.string == g["aria-label"] for g in months)
    table = [
        [text_of(c) for c in tr.find_all(["th", "td"])] for tr in soup(html).select("table.home-chart__table tbody tr")
    ]
    assert [r[0] for r in table][0] == "2025,01" and table[-1][0] == "2026,12"
    november = next(r for r in table if r[0] == "2026,11")
    accrued = sum(
        (d.accrued for d in BillingDocument.objects.filter(abonent=abonent, doc_type="invoice", period=D(2026, 11, 1))),
        Decimal(0),
    )
    paid = sum((p.amount for p in Payment.objects.filter(abonent=abonent, period=D(2026, 11, 1))), Decimal(0))
    assert accrued > 0 and paid > 0
    assert november[1:] == [format_money(accrued), format_money(paid)]
    label = next(g["aria-label"] for g in months if g["aria-label"].startswith("2026,11"))
    assert label == f"2026,11: начислено {format_money(accrued)} руб., оплачено {format_money(paid)} руб."


def _check_consumption_chart_24_months_billed(html, abonent):
    months = soup(html).select(".home-consumption g.bar-chart__month")
    labels = [g["aria-label"] for g in months]
    # the 24 months before this one (December 2026 is not billed yet), the two units' sum
    assert len(labels) == 24 and labels[0].startswith("2024,12:") and labels[-1].startswith("2026,11:")
    november = sum(c.heat_gcal for c in Consumption.objects.filter(unit__abonent=abonent, period=D(2026, 11, 1)))
    assert labels[-1].startswith(f"2026,11: {format_quantity(november)} Гкал")


def test_demo_home_blocks(demo_home):
    """One load of the demo (it takes seconds) for every block's check."""
    html, abonent = demo_home
    _check_debt_block_is_the_header_line_with_its_trend(html, abonent)
    _check_upcoming_payments_from_the_calendar(html, abonent)
    _check_unpaid_documents(html, abonent)
    _check_last_payments(html, abonent)
    _check_unread_news(html, abonent)
    _check_chart_24_months_with_values_and_a_table(html, abonent)
    _check_consumption_chart_24_months_billed(html, abonent)


def test_home_shows_nothing_of_another_abonent(abonent_client, abonent_user):
    other = ContractFactory(number="ЧУЖОЙ-1")
    PaymentTermFactory(contract=other)
    PaymentFactory(contract=other, number="ЧУЖАЯ-ОПЛАТА", amount=Decimal("777.77"))
    BillingDocumentFactory(contract=other, number="ЧУЖОЙ-ДОК", debt=Decimal("666.66"), due_date=D(2015, 1, 1))
    DebtSnapshotFactory(contract=other, debt=Decimal("555.55"))
    html = abonent_client.get("/lk/").content.decode()
    for foreign in ("ЧУЖОЙ-1", "ЧУЖАЯ-ОПЛАТА", "777,77", "ЧУЖОЙ-ДОК", "666,66", "555,55"):
        assert foreign not in html
    assert "Неоплаченных документов нет." in html and "Оплат пока нет." in html


def _populate(contract, n: int) -> None:
    for i in range(n):
        extra = ContractFactory(abonent=contract.abonent)
        PaymentTermFactory(contract=extra, day=10 + i % 15)
        PaymentTermFactory(contract=extra, day=25, percent=None, next_month=True)
        DebtSnapshotFactory(contract=extra, as_of=D(2015, 8, 31), debt=Decimal("100.00"))
        DebtSnapshotFactory(contract=extra, as_of=D(2015, 9, 7), debt=Decimal("150.00"))
        BillingDocumentFactory(contract=extra, due_date=D(2015, 8, 1 + i % 20), debt=Decimal("10.00"))
        BillingDocumentFactory(
            contract=extra, doc_type="invoice", period=D(2015, 8, 1), accrued=Decimal("99.00"), debt=0
        )
        PaymentFactory(contract=extra, date=D(2015, 8, 5), period=D(2015, 8, 1))
        unit = MeteringUnitFactory(contract=extra)
        ConsumptionFactory(unit=unit, period=D(2015, 7, 1), heat_gcal=Decimal("10.000"))
        ConsumptionFactory(unit=unit, period=D(2015, 8, 1), heat_gcal=Decimal("11.000"), method="calc")


def test_home_runs_a_fixed_number_of_queries(abonent_client, abonent_user, django_assert_num_queries):
    contract = abonent_user.abonent.contracts.get()
    with _at(D(2015, 9, 7)):
        _populate(contract, 2)
        abonent_client.get("/lk/")  # the header's news count into the cache
        with django_assert_num_queries(QUERIES):
            small = abonent_client.get("/lk/")
        _populate(contract, 15)
        abonent_client.get("/lk/")  # the rows saved one by one made the cached scope and debt line stale
        with django_assert_num_queries(QUERIES):
            big = abonent_client.get("/lk/")
    assert small.status_code == big.status_code == 200
    assert "Документов: 17 на сумму 170,00 руб." in text_of(select_one(big, ".home-unpaid"))
    assert "С 31.08.2015 задолженность выросла на 850,00 руб." in text_of(select_one(big, ".home-debt"))
    # 15 + 2 units: August 2015 calculated, 17 × 11 Гкал; no data before July 2015 — gaps, not zeros
    chart = select_one(big, ".home-consumption")
    assert "2015,08: 187,000 Гкал (расчетным способом)" in text_of(chart)
    assert "2015,07: 170,000 Гкал (по прибору учета)" in text_of(chart)
    assert "2014,06: нет данных" in text_of(chart)
    assert chart.select_one("a")["href"] == "/lk/consumption/"


# session, user, abonent, debt line and its month-end, contracts + their terms, documents due, unpaid totals,
# the oldest overdue, last payments, unread news, accrued and paid by month, Гкал by month, the tab's unread news count
QUERIES = 13  # the session, the member's contract scope and the news count from the cache, the abonent with the member
