import datetime
from decimal import Decimal

import pytest
import time_machine

from tests.factories import BillingDocumentFactory, ContractFactory, DebtSnapshotFactory
from tests.support.html import header_titles, select_one, table_rows, text_of

pytestmark = pytest.mark.django_db
D = datetime.date


def _row(html: str, table: str, first_cell_part: str) -> list[str]:
    """The row of `table` whose cells mention `first_cell_part` (a contract or a document number)."""
    return next(r for r in table_rows(html, table) if any(first_cell_part in cell for cell in r))


def test_debt_by_contract_and_by_document(abonent_client, abonent_user):
    contract = abonent_user.abonent.contracts.get()
    second = ContractFactory(abonent=contract.abonent)
    DebtSnapshotFactory(contract=contract, as_of=D(2015, 8, 1), debt=Decimal("500.00"))
    DebtSnapshotFactory(contract=contract, as_of=D(2015, 9, 7), debt=Decimal("-17.51"))
    DebtSnapshotFactory(contract=second, as_of=D(2015, 9, 7), debt=Decimal("1200.00"), penalties=Decimal("12.30"))
    BillingDocumentFactory(
        contract=second, number="ДОК-ПЕНИ", debt=Decimal("1200.00"), due_date=D(2015, 9, 1), penalties=Decimal("12.30")
    )
    BillingDocumentFactory(
        contract=second, number="ДОК-БЕЗ-ПЕНЕЙ", debt=Decimal("300.00"), due_date=D(2015, 9, 20), penalties=None
    )
    BillingDocumentFactory(contract=second, number="ДОК-БЕЗ-СРОКА", debt=Decimal("5.00"), due_date=None)
    BillingDocumentFactory(contract=second, number="ДОК-ОПЛАЧЕН", debt=Decimal("0.00"))

    # 06.09.2015 23:30 UTC is 07.09.2015 in Moscow.
    with time_machine.travel(datetime.datetime(2015, 9, 6, 21, 30, tzinfo=datetime.UTC), tick=False):
        html = abonent_client.get("/lk/debt/").content.decode()

    by_contract = "table.debt-by-contract"
    assert _row(html, by_contract, f"{contract.number} от 01.10.2004")[1:] == ["07.09.2015", "-17,51", "0,00"]
    assert "500,00" not in html
    assert _row(html, by_contract, f"{second.number} от 01.10.2004")[2:] == ["1 200,00", "12,30"]
    assert "Дней просрочки на 07.09.2015" in header_titles(html, "table.debt-by-document")
    by_document = "table.debt-by-document"
    # Печать, № договора, Наименование, № документа, Дата, Период, Задолженность, Срок, Дней просрочки, Пени
    assert _row(html, by_document, "ДОК-ПЕНИ")[6:] == ["1 200,00", "01.09.2015", "6", "12,30"]
    assert _row(html, by_document, "ДОК-БЕЗ-ПЕНЕЙ")[6:] == ["300,00", "20.09.2015", "0", "—"]
    assert _row(html, by_document, "ДОК-БЕЗ-СРОКА")[7:9] == ["—", "—"]
    assert "ДОК-ОПЛАЧЕН" not in html
    totals = text_of(select_one(html, "table.debt-by-document tfoot"))
    assert totals == "Итого: документов 3 1 505,00 12,30"


def test_other_abonents_debt_is_not_shown(abonent_client):
    other = ContractFactory()
    BillingDocumentFactory(contract=other, number="ЧУЖОЙ-ДОКУМЕНТ", debt=Decimal("1.00"))
    DebtSnapshotFactory(contract=other, debt=Decimal("777.77"))
    html = abonent_client.get("/lk/debt/").content.decode()
    assert "ЧУЖОЙ-ДОКУМЕНТ" not in html and "777,77" not in html
    assert "Неоплаченных документов нет." in html


def test_debt_page_runs_a_fixed_number_of_queries(abonent_client, abonent_user, django_assert_num_queries):
    contract = abonent_user.abonent.contracts.get()
    BillingDocumentFactory(contract=contract, due_date=D(2015, 1, 1))
    abonent_client.get("/lk/debt/")  # the session, the scope and the header's figures into the cache
    # The member with its abonent, the unpaid documents' totals (their count is the pager's), their page,
    # the contracts' latest debt rows.
    with django_assert_num_queries(4):
        assert abonent_client.get("/lk/debt/").status_code == 200
    for _ in range(60):
        BillingDocumentFactory(contract=contract, due_date=D(2015, 1, 1))
        DebtSnapshotFactory(contract=ContractFactory(abonent=contract.abonent))
    abonent_client.get("/lk/debt/")  # the rows saved one by one made the cached scope and debt line stale
    for page in ("", "?page=2"):
        with django_assert_num_queries(4):
            assert abonent_client.get(f"/lk/debt/{page}").status_code == 200


def test_debt_requires_login(client):
    assert client.get("/lk/debt/").status_code == 302


def test_many_unpaid_documents_are_paged_by_the_list_kit(abonent_client, abonent_user):
    contract = abonent_user.abonent.contracts.get()
    for n in range(53):
        BillingDocumentFactory(contract=contract, number=f"ДОК-{n:02d}", date=D(2015, 1, 1) + datetime.timedelta(n))
    first = abonent_client.get("/lk/debt/")
    assert len(table_rows(first, "table.debt-by-document")) == 50
    assert "Записи 1–50 из 53" in text_of(select_one(first, "nav.grid-pager"))
    second = abonent_client.get("/lk/debt/" + select_one(first, "nav.grid-pager a[rel=next]")["href"])
    assert [r[3] for r in table_rows(second, "table.debt-by-document")] == ["ДОК-50", "ДОК-51", "ДОК-52"]
    assert select_one(second, "nav.grid-pager form") is None  # a fixed page size: no «Строк на странице»
    assert len(table_rows(abonent_client.get("/lk/debt/?page=x"), "table.debt-by-document")) == 50


def test_the_debt_page_is_the_whole_abonents_and_ignores_a_contract_parameter(abonent_client):
    assert abonent_client.get("/lk/debt/?contract=abc").status_code == 200
