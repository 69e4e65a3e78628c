"""The list kit (lk_portal.views.kit): the recipe of docs/architecture.md works for a new page as written."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import Http404
from django.test import RequestFactory

from lk_portal.domain.errors import NotFound
from lk_portal.exports.formats import EXPORT_FORMATS
from lk_portal.grid import DATE, MONEY, Column, GridDefinition
from lk_portal.selectors.payments import payment_queryset
from lk_portal.views.kit import GridPageView, ListPageView, export_response
from tests.factories import ContractFactory, PaymentFactory, UserFactory
from tests.support.exports import body
from tests.support.html import grid_rows, header_titles, hidden_inputs, links, options, table_rows

pytestmark = pytest.mark.django_db


class NewGridPage(GridPageView):
    """A page the next issues could add: one view (with its columns) and one template."""

    template_name = "lk_portal/payments.html"
    grid = GridDefinition(
        slug="novaya",
        title="Новая страница",
        columns=(
            Column("number", "Номер", "number"),
            Column("date", "Дата", "date", kind=DATE),
            Column("amount", "Сумма", "amount", kind=MONEY),
        ),
        default_sort=("number",),
    )

    def get_grid_queryset(self):
        return payment_queryset(viewer=self.viewer, contract=self.contract)


class NewPlainList(ListPageView):
    template_name = "lk_portal/to_pay.html"
    page_size = 2

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["documents"], context["pager"] = self.paginate(
            payment_queryset(viewer=self.viewer).select_related("contract").order_by("number")
        )
        return context


def call(view, user, query=""):
    request = RequestFactory().get("/lk/new/" + query)
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = user
    response = view.as_view()(request)
    if hasattr(response, "render"):
        response.render()
    return response


@pytest.fixture
def user():
    contract = ContractFactory(number="К-1")
    for number, amount in (("1", "10.00"), ("2", "20.00"), ("3", "30.00")):
        PaymentFactory(contract=contract, number=number, amount=Decimal(amount), date=datetime.date(2015, 4, 17))
    PaymentFactory(number="ЧУЖОЙ")
    return UserFactory(abonent=contract.abonent)


def test_a_new_grid_page_gets_sort_totals_selector_and_exports(user):
    page = call(NewGridPage, user, "?sort=-amount")
    assert header_titles(page) == ["Номер", "Дата", "Сумма"]
    assert [r[0] for r in grid_rows(page)] == ["3", "2", "1"]  # never another abonent's
    assert options(page, "contract")[0] == ("", "все договоры", True)
    assert [text for text, _ in links(page, ".grid-exports a")][0] == "Экспорт в PDF (Adobe PDF)"
    export = call(NewGridPage, user, "?export=csv")
    assert export["Content-Disposition"] == f'attachment; filename="novaya_{datetime.date.today().isoformat()}.csv"'
    assert "Новая страница" in body(export).decode("utf-8-sig")


def test_a_new_plain_list_gets_the_selector_and_the_pager(user):
    page = call(NewPlainList, user, "?page=2")
    assert table_rows(page)  # the rows of page 2
    assert [text for text, _ in links(page, "nav.grid-pager a")] == ["« Назад", "1"]


def test_the_selector_carries_the_pages_other_parameters_but_not_its_page():
    user = UserFactory(abonent=ContractFactory().abonent)
    page = call(NewGridPage, user, "?sort=-amount&page=2&export=&q=x")
    assert hidden_inputs(page, "form.contract-selector") == [("sort", "-amount"), ("q", "x")]


def test_a_foreign_contract_and_any_not_found_are_404(user):
    with pytest.raises(Http404):
        call(NewGridPage, user, f"?contract={ContractFactory().pk}")

    class Failing(ListPageView):
        template_name = "lk_portal/to_pay.html"

        def get_context_data(self, **kwargs):
            raise NotFound("Нет такого.")

    with pytest.raises(Http404, match="Нет такого."):
        call(Failing, user)


def test_export_response_sends_bytes_or_streams_chunks():
    pdf = export_response(EXPORT_FORMATS["pdf"], b"%PDF-1.4", filename="akt.pdf", inline=True)
    assert (pdf["Content-Type"], pdf["Content-Disposition"], pdf.content) == (
        "application/pdf",
        'inline; filename="akt.pdf"',
        b"%PDF-1.4",
    )
    streamed = export_response(EXPORT_FORMATS["csv"], iter([b"a;b\r\n", b"1;2\r\n"]), filename="x.csv")
    assert streamed.streaming and b"".join(streamed.streaming_content) == b"a;b\r\n1;2\r\n"
    assert streamed["Content-Disposition"] == 'attachment; filename="x.csv"'
