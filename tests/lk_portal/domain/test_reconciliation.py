import datetime
from decimal import Decimal

from lk_portal.domain.reconciliation import INVOICE, PAYMENT, ActLine, act_make

D = datetime.date


def line(kind, day, debit=None, credit=None, number="1"):
    return ActLine(kind, D(2015, 4, day), number, "05 Т", debit=debit, credit=credit)


def test_lines_go_by_date_and_a_days_charges_before_its_payments():
    lines = [
        line(PAYMENT, 30, credit=Decimal("1.00"), number="p30"),
        line(INVOICE, 30, debit=Decimal("2.00"), number="i30"),
        line(PAYMENT, 17, credit=Decimal("3.00"), number="p17"),
    ]
    act = act_make(
        abonent=None, contract=None, date_from=D(2015, 4, 1), date_to=D(2015, 4, 30), opening=Decimal("0"), lines=lines
    )
    assert [x.number for x in act.lines] == ["p17", "i30", "p30"]
    assert (act.debit_total, act.credit_total) == (Decimal("2.00"), Decimal("4.00"))


def test_closing_is_opening_plus_debit_minus_credit_and_each_balance_has_one_side():
    owes = act_make(
        abonent=None,
        contract=None,
        date_from=D(2015, 4, 1),
        date_to=D(2015, 4, 30),
        opening=Decimal("100.00"),
        lines=[line(INVOICE, 5, debit=Decimal("50.00")), line(PAYMENT, 6, credit=Decimal("167.51"))],
    )
    assert owes.closing == Decimal("-17.51")
    assert (owes.opening_debit, owes.opening_credit) == (Decimal("100.00"), None)
    assert (owes.closing_debit, owes.closing_credit) == (None, Decimal("17.51"))
    settled = act_make(
        abonent=None, contract=None, date_from=D(2015, 4, 1), date_to=D(2015, 4, 30), opening=Decimal("0"), lines=[]
    )
    assert (settled.closing_debit, settled.closing_credit, settled.opening_debit) == (None, None, None)
