"""Staff screens in Russian grammar and periods as «2015,08» (lk_portal/admin_views/wording.py)."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from lk_portal.admin_views import billing
from lk_portal.admin_views.outbox import letters_viewset
from lk_portal.admin_views.wording import FEMININE, NEUTER, PLURAL, Noun
from lk_portal.models import Payment
from tests.factories import ContractFactory, PaymentFactory

pytestmark = pytest.mark.django_db

ADD_BUTTONS = {
    billing.AbonentViewSet: "Добавить абонента",
    billing.ContractViewSet: "Добавить договор",
    billing.PaymentViewSet: "Добавить оплату",
    billing.BillingDocumentViewSet: "Добавить платежный документ",
    billing.DebtSnapshotViewSet: "Добавить запись о задолженности",
    billing.TariffViewSet: "Добавить тариф",
    billing.MeteringUnitViewSet: "Добавить узел учета",
    billing.ConsumptionViewSet: "Добавить потребление за месяц",
    billing.ReadingViewSet: "Добавить показания",
    billing.CuratorViewSet: "Добавить куратора договора",
    billing.PaymentTermViewSet: "Добавить условие оплаты",
    billing.BranchViewSet: "Добавить филиал",
    billing.SupplierBankDetailsViewSet: "Добавить банковские реквизиты филиала",
}


@pytest.fixture
def staff(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.ru", "x"))
    return client


def url(viewset, name, *args):
    return reverse(viewset().get_url_name(name), args=args)


def text_of(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def test_the_noun_is_declined_by_gender():
    payment = Noun("оплата", "оплату", "оплат", FEMININE)
    assert (payment.add, payment.new, payment.this, payment.done("создан")) == (
        "Добавить оплату",
        "Новая оплата",
        "эту оплату",
        "создана",
    )
    assert Noun("условие оплаты", "условие оплаты", "условий", NEUTER).new == "Новое условие оплаты"
    assert Noun("реквизиты", "реквизиты", "реквизитов", PLURAL).done("удален") == "удалены"
    assert Noun("договор", "договор", "договоров").this == "этот договор"


def test_every_billing_list_has_its_add_button_in_the_accusative(staff):
    assert set(ADD_BUTTONS) == set(billing.BillingViewSetGroup.items)
    for viewset, label in ADD_BUTTONS.items():
        text = text_of(staff.get(url(viewset, "index")))
        assert label in text, viewset.__name__
        assert f"Нет {viewset.noun.genitive_plural} для отображения." in text, viewset.__name__


def test_a_payment_is_created_with_its_period_as_the_cabinet_writes_it(staff):
    contract = ContractFactory(number="05 Т")
    form = staff.get(url(billing.PaymentViewSet, "add"))
    assert "Новая оплата" in text_of(form) and "Новый: " not in text_of(form)
    fields = {
        "external_id": "P-86",
        "contract": contract.pk,
        "abonent": contract.abonent.pk,
        "number": "86",
        "date": "17.04.2015",
        "period": "2015,08",
        "amount": "7220.27",
        "kind": "Аванс",
        "purpose": "аванс",
    }
    wrong = staff.post(url(billing.PaymentViewSet, "add"), {**fields, "period": "август"})
    assert "Не удалось создать оплату из-за ошибок." in text_of(wrong)
    assert "например 2015,08" in text_of(wrong)

    response = staff.post(url(billing.PaymentViewSet, "add"), fields, follow=True)
    payment = Payment.objects.get(external_id="P-86")
    assert payment.period == datetime.date(2015, 8, 1)
    assert "Оплата «Оплата № 86 от 17.04.2015» создана." in text_of(response)

    edit = staff.get(url(billing.PaymentViewSet, "edit", payment.pk))
    assert BeautifulSoup(edit.content, "html.parser").find("input", {"name": "period"})["value"] == "2015,08"
    saved = staff.post(url(billing.PaymentViewSet, "edit", payment.pk), {**fields, "period": "09.2015"}, follow=True)
    assert "Оплата «Оплата № 86 от 17.04.2015» сохранена." in text_of(saved)
    payment.refresh_from_db()
    assert payment.period == datetime.date(2015, 9, 1)

    delete = staff.get(url(billing.PaymentViewSet, "delete", payment.pk))
    assert "Вы уверены, что хотите удалить эту оплату?" in text_of(delete)
    assert "Ссылок на эту оплату: 0." in text_of(delete)
    deleted = staff.post(url(billing.PaymentViewSet, "delete", payment.pk), follow=True)
    assert "Оплата «Оплата № 86 от 17.04.2015» удалена." in text_of(deleted)


def test_the_period_reads_2015_04_in_the_list_inspect_and_export(staff):
    payment = PaymentFactory(number="86", period=datetime.date(2015, 4, 1), date=datetime.date(2015, 4, 17))
    listing = text_of(staff.get(url(billing.PaymentViewSet, "index")))
    assert "2015,04" in listing and "01.04.2015" not in listing
    inspect = text_of(staff.get(url(billing.PaymentViewSet, "inspect", payment.pk)))
    assert "Отчетный период 2015,04" in inspect
    export = staff.get(url(billing.PaymentViewSet, "index"), {"export": "csv"})
    header, row = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))[:2]
    assert row[header.index("Отчетный период")] == "2015,04"


def test_a_list_without_rows_says_so_in_the_genitive_plural(staff):
    assert "Нет писем для отображения." in text_of(staff.get(reverse(letters_viewset.get_url_name("index"))))
    searched = text_of(staff.get(url(billing.PaymentViewSet, "index"), {"q": "нет такого"}))
    assert "Нет оплат, отвечающих условиям поиска." in searched
