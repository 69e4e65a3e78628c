"""The reconciliation act for any period (issue 14 item 5): ten years, paginated on screen with the
balances at the page edges right, files of every line, the same figures as the act of one piece."""

import datetime
import subprocess
from decimal import Decimal

import pytest

from lk_portal.models import ExportJob
from lk_portal.selectors.reconciliation import reconciliation_act, reconciliation_act_page
from lk_portal.selectors.viewer import viewer_for
from tests.factories import BillingDocumentFactory, PaymentFactory
from tests.support.exports import body
from tests.support.html import page_text, soup

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "/lk/reconciliation/"
PERIOD = "date_from=2014-01-01&date_to=2024-12-31"


@pytest.fixture
def ten_years(abonent_user):
    contract = abonent_user.abonent.contracts.get()
    BillingDocumentFactory(contract=contract, number="СФ-0", date=D(2013, 12, 31), accrued=Decimal("500.00"))
    PaymentFactory(contract=contract, number="ПП-0", date=D(2013, 12, 1), amount=Decimal("120.00"))
    for month in range(132):  # 2014-01 … 2024-12: an invoice and two payments a month, some on the same day
        day = D(2014 + month // 12, month % 12 + 1, 28)
        BillingDocumentFactory(
            contract=contract, number=f"СФ-{month + 1}", date=day, accrued=Decimal("1000.10") + month
        )
        PaymentFactory(contract=contract, number=f"ПП-{month + 1}а", date=day, amount=Decimal("400.05"))
        PaymentFactory(
            contract=contract,
            number=f"ПП-{month + 1}б",
            date=day - datetime.timedelta(days=10),
            amount=Decimal("550.00"),
        )
    return contract


def test_pages_hold_the_same_lines_and_figures_as_the_act_of_one_piece(abonent_user, ten_years):
    viewer = viewer_for(abonent_user)
    whole = reconciliation_act(viewer=viewer, contract=None, date_from=D(2014, 1, 1), date_to=D(2024, 12, 31))
    lines, closing_before = [], whole.opening
    for number in range(1, 4):
        page = reconciliation_act_page(
            viewer=viewer, contract=None, date_from=D(2014, 1, 1), date_to=D(2024, 12, 31), page=number, per_page=150
        )
        assert page.page_count == 3 and page.count == 396
        assert page.page_opening == closing_before  # the page opens with the previous page's closing
        moved = sum((line.debit or 0) - (line.credit or 0) for line in page.act.lines)
        assert page.page_closing == page.page_opening + moved
        closing_before = page.page_closing
        lines += page.act.lines
        assert (page.act.opening, page.act.debit_total, page.act.credit_total) == (
            whole.opening,
            whole.debit_total,
            whole.credit_total,
        )
    assert [(line.date, line.number, line.debit, line.credit) for line in lines] == [
        (line.date, line.number, line.debit, line.credit) for line in whole.lines
    ]
    assert closing_before == whole.closing == page.act.closing


def test_ten_years_on_screen_two_pages_with_balances_at_the_break(abonent_client, ten_years):
    first = abonent_client.get(f"{URL}?{PERIOD}")
    assert first.status_code == 200
    text = page_text(first)
    assert "Сальдо начальное" in text and "Сальдо на конец страницы 1 (переходит на страницу 2)" in text
    assert "Сальдо конечное" in text  # the period's closing on every page
    rows = soup(first).select(".act-table tbody tr")
    assert len(rows) == 200 + 4
    closing_1 = [r for r in rows if "Сальдо на конец страницы 1" in r.get_text()][0].select("td")[2].get_text()
    second = abonent_client.get(f"{URL}?{PERIOD}&page=2")
    opening_2 = [r for r in soup(second).select(".act-table tbody tr") if "Сальдо на начало страницы 2" in r.get_text()]
    assert opening_2 and opening_2[0].select("td")[2].get_text() == closing_1
    assert "Сальдо на конец страницы" not in page_text(second)  # the last page
    assert "Записи 201–396 из 396" in page_text(second)
    assert abonent_client.get(f"{URL}?{PERIOD}&page=abc").status_code == 200


def test_the_screen_runs_a_fixed_number_of_queries(abonent_client, ten_years, django_assert_max_num_queries):
    abonent_client.get(f"{URL}?{PERIOD}&page=2")
    with django_assert_max_num_queries(25):
        response = abonent_client.get(f"{URL}?{PERIOD}&page=2")
    assert response.status_code == 200


def test_a_long_act_pdf_is_drawn_page_by_page_and_streamed(abonent_client, ten_years, settings, tmp_path):
    settings.LK_EXPORT_SYNC_MAX_ROWS = {**settings.LK_EXPORT_SYNC_MAX_ROWS, "pdf": 10000}
    response = abonent_client.get(f"{URL}?{PERIOD}&export=pdf")
    assert response.status_code == 200 and response.streaming
    pdf = tmp_path / "act.pdf"
    pdf.write_bytes(body(response))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for expected in (
        "Акт сверки взаимных расчетов",
        "Сальдо начальное на 01.01.2014",
        "Обороты за период",
        "Сальдо конечное на 31.12.2024",
        "Счет-фактура № СФ-132 от 28.12.2024",
        "Главный бухгалтер",
    ):
        assert expected in text, expected
    assert "Страница 1 из " in text


def test_a_long_act_goes_to_the_background(
    abonent_client, ten_years, settings, tmp_path, django_capture_on_commit_callbacks
):
    from openpyxl import load_workbook

    settings.LK_PRIVATE_DIR = tmp_path
    settings.LK_EXPORT_SYNC_MAX_ROWS = {**settings.LK_EXPORT_SYNC_MAX_ROWS, "xlsx": 100}
    with django_capture_on_commit_callbacks(execute=True):
        response = abonent_client.get(f"{URL}?{PERIOD}&export=xlsx")
    job = ExportJob.objects.get()
    assert response["Location"] == f"/lk/exports/{job.pk}/"
    job.refresh_from_db()
    assert (job.status, job.rows_total, job.title) == ("done", 396, "Акт сверки")
    book = tmp_path / "act.xlsx"
    book.write_bytes(body(abonent_client.get(f"/lk/exports/{job.pk}/file/")))
    values = [row for row in load_workbook(book).active.iter_rows(values_only=True)]
    titles = [row[1] for row in values if row[1]]
    assert sum(1 for t in titles if str(t).startswith(("Счет-фактура", "Оплата"))) == 396
    balances = [str(row[0]) for row in values if row[0] and str(row[0]).startswith("Сальдо")]
    assert balances[0].startswith("Сальдо начальное на ") and balances[-1].startswith("Сальдо конечное на ")
