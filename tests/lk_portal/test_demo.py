import datetime
import logging
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from lk_portal.models import (
    Abonent,
    BillingDocument,
    Contract,
    Curator,
    DebtSnapshot,
    Payment,
    PaymentTerm,
    SupplierBankDetails,
    Tariff,
    User,
)
from lk_portal.selectors.debt import debt_summary
from lk_portal.selectors.viewer import Viewer
from lk_portal.services.demo import demo_load

pytestmark = pytest.mark.django_db

MODELS = [
    Abonent,
    Contract,
    Curator,
    PaymentTerm,
    Payment,
    BillingDocument,
    DebtSnapshot,
    Tariff,
    SupplierBankDetails,
    User,
]


def _snapshot():
    counts = {m.__name__: m.objects.count() for m in MODELS}
    payments = list(Payment.objects.order_by("external_id").values_list("external_id", "amount", "date", "contract_id"))
    return counts, payments


def test_load_demo_is_idempotent():
    demo_load(abonents=5, years=2)
    first = _snapshot()
    demo_load(abonents=5, years=2)
    assert _snapshot() == first
    assert first[0]["Abonent"] == 6


def test_demo_has_the_guides_rows_exactly():
    demo_load(abonents=0, years=1)
    contract = Contract.objects.get(number="05 Т")
    assert (contract.goods, contract.start_date, contract.end_date, contract.status) == (
        "Тепло",
        datetime.date(2004, 10, 1),
        None,
        "Активный",
    )
    assert contract.abonent.inn == "1234567890"
    assert [c.full_name for c in contract.curators.all()] == [
        "Хлынова Ирина Владимировна",
        "Гурьянова Елена Ивановна",
        "Антонов Андрей Анатольевич",
    ]
    assert [(t.day, t.percent) for t in contract.payment_terms.all()] == [
        (18, Decimal("35")),
        (27, Decimal("50")),
        (10, None),
    ]
    p86 = Payment.objects.get(contract=contract, number="86")
    assert (p86.date, p86.period, p86.amount, p86.kind) == (
        datetime.date(2015, 4, 17),
        datetime.date(2015, 4, 1),
        Decimal("7220.27"),
        "Аванс",
    )
    assert Payment.objects.get(contract=contract, number="74").amount == Decimal("16503.48")
    invoice = BillingDocument.objects.get(number="Счет-фактура №702227301/70")
    assert (invoice.accrued, invoice.paid, invoice.debt, invoice.date) == (
        Decimal("18902.27"),
        Decimal("18902.27"),
        Decimal("0.00"),
        datetime.date(2015, 4, 30),
    )
    guide_numbers = {"375", "1153", "1147", "387", "Счет-фактура №702222832/70", "Счет-фактура №702210010/70"}
    assert guide_numbers <= set(BillingDocument.objects.filter(contract=contract).values_list("number", flat=True))
    # The months of the guide's table hold only the guide's rows.
    feb_apr = BillingDocument.objects.filter(contract=contract, period__range=("2015-02-01", "2015-04-01"))
    assert feb_apr.count() == 7
    # The guide's debt line stays, as the line of its day; the header shows the present one.
    guide_line = DebtSnapshot.objects.get(contract=contract, as_of=datetime.date(2015, 9, 7))
    assert (guide_line.debt, guide_line.penalties) == (Decimal("-17.51"), Decimal("0.00"))
    assert debt_summary(viewer=Viewer(abonent=contract.abonent)).as_of == timezone.localdate()
    assert BillingDocument.objects.filter(contract=contract, debt__gt=0).exists()  # something to print
    assert User.objects.get(username="1234567890").check_password("demo2015pass")


@time_machine.travel(datetime.datetime(2026, 12, 2, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_generated_history_is_plausible():
    demo_load(abonents=3, years=2)
    contract = Contract.objects.get(number="05 Т")
    months = set(Payment.objects.filter(contract=contract).values_list("period", flat=True))
    # Every month from January 2014 to November 2026 (December's advances are due on the 18th and 27th).
    assert len(months) == (2026 - 2014) * 12 + 11
    for abonent in Abonent.objects.exclude(inn="1234567890"):
        invoices = BillingDocument.objects.filter(abonent=abonent, doc_type="invoice")
        # Two years to December 2026; December's invoice is issued on its last day.
        assert invoices.count() == 23
        assert invoices.order_by("period").first().period == datetime.date(2025, 1, 1)
        assert Payment.objects.filter(abonent=abonent).count() >= 40
    # Tariffs change each July.
    assert Tariff.objects.filter(valid_from=datetime.date(2015, 7, 1)).count() == 3
    assert Tariff.objects.filter(valid_from=datetime.date(2026, 7, 1)).count() == 3


def test_load_demo_command_prints_logins_and_little_else(capsys, caplog):
    with caplog.at_level(logging.INFO):
        call_command("load_demo", "--abonents", "2", "--years", "1")
    out = capsys.readouterr().out
    assert "1234567890" in out and "demo2015pass" in out
    # `make run` is quiet: no line per Wagtail page created or published, no «Task id=… state=RUNNING»
    noisy = [r for r in caplog.records if r.name.split(".")[0] in ("wagtail", "django_tasks", "axes")]
    assert noisy == []
    assert logging.getLogger("wagtail").level == logging.NOTSET  # put back after the load


def test_demo_reconciliation_agrees_with_the_guides_debt():
    """From the contract's first generated month to 07.09.2015 the act ends at the header's −17,51."""
    from lk_portal.selectors.reconciliation import reconciliation_balance

    demo_load(abonents=0, years=4)
    contract = Contract.objects.get(number="05 Т")
    assert reconciliation_balance(
        viewer=Viewer(abonent=contract.abonent), contract=contract, before=datetime.date(2015, 9, 8)
    ) == Decimal("-17.51")
    # Each invoice of the guide's months is settled by that month's payments.
    for month, accrued in (("2015-02-01", "34481.41"), ("2015-03-01", "30251.84"), ("2015-04-01", "18902.27")):
        paid = sum(Payment.objects.filter(contract=contract, period=month).values_list("amount", flat=True))
        assert paid == Decimal(accrued)


def test_demo_supplier_details_are_valid_requisites():
    from stdnum.ru import inn

    demo_load(abonents=0, years=1)
    details = list(SupplierBankDetails.objects.all())
    assert len(details) == 3
    for d in details:
        assert inn.is_valid(d.inn)
        assert len(d.kpp) == 9 and len(d.bic) == 9 and len(d.account) == 20 and len(d.corr_account) == 20
