"""The staff screens of the billing data (lk_portal/admin_views/billing.py): their fields follow the declaration."""

import csv
import io

import pytest
from django.urls import reverse

from lk_portal.admin_views import billing
from lk_portal.exchange.kinds import KINDS
from tests.factories import PaymentFactory

KIND_VIEWSETS = {
    "abonents": billing.AbonentViewSet,
    "contracts": billing.ContractViewSet,
    "curators": billing.CuratorViewSet,
    "payment_terms": billing.PaymentTermViewSet,
    "payments": billing.PaymentViewSet,
    "documents": billing.BillingDocumentViewSet,
    "debts": billing.DebtSnapshotViewSet,
    "tariffs": billing.TariffViewSet,
    "metering_units": billing.MeteringUnitViewSet,
    "consumption": billing.ConsumptionViewSet,
    "reading_statuses": billing.ReadingViewSet,
}


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_the_edit_form_of_a_kinds_model_holds_every_field_of_the_model(kind):
    viewset = KIND_VIEWSETS[kind]()
    model = KINDS[kind].model
    editable = [
        f.name for f in model._meta.get_fields() if getattr(f, "editable", False) and f.concrete and not f.primary_key
    ]
    assert viewset.model is model and list(viewset.get_form_class().base_fields) == editable


def test_the_exports_hold_the_files_columns():
    assert billing.PaymentViewSet.list_export == KINDS["payments"].model_fields()
    assert billing.PaymentViewSet.list_export[:8] == [
        "external_id",
        "contract",
        "number",
        "date",
        "period",
        "amount",
        "kind",
        "purpose",
    ]
    assert billing.ContractViewSet.list_export[:7] == [
        "number",
        "abonent",
        "goods",
        "start_date",
        "end_date",
        "status",
        "tariff_group",
    ]
    assert billing.AbonentViewSet.list_export[:7] == [
        "name",
        "inn",
        "kpp",
        "branch",
        "email",
        "contact_person",
        "phone",
    ]
    assert billing.BillingDocumentViewSet.list_export[:10] == [
        "external_id",
        "contract",
        "doc_type",
        "name",
        "number",
        "date",
        "period",
        "accrued",
        "paid",
        "debt",
    ]


@pytest.mark.django_db
def test_the_payments_export_downloads_those_columns(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.ru", "x"))
    payment = PaymentFactory(external_id="P-86", contract__number="05 Т")
    response = client.get(reverse(billing.PaymentViewSet().get_url_name("index")), {"export": "csv"})
    assert response.status_code == 200
    header, row = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))[:2]
    assert header[0] == "Код" and header[7] == "Назначение платежа"
    assert len(header) == len(billing.PaymentViewSet.list_export)
    assert row[0] == "P-86" and row[1] == str(payment.contract)
