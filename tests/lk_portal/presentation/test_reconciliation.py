import datetime
from decimal import Decimal
from types import SimpleNamespace

from lk_portal.domain.reconciliation import INVOICE, PAYMENT, ActLine, act_make
from lk_portal.presentation.reconciliation import act_line_title, reconciliation_act_text

D = datetime.date
ABONENT = SimpleNamespace(name="ООО «Теплый дом»", inn="7707083893", kpp="773601001")
CONTRACT = SimpleNamespace(number="05 Т", start_date=D(2004, 10, 1))


def act(opening, lines=(), contract=CONTRACT):
    return act_make(
        abonent=ABONENT,
        contract=contract,
        date_from=D(2015, 3, 1),
        date_to=D(2015, 4, 30),
        opening=Decimal(opening),
        lines=list(lines),
    )


def test_line_titles_as_the_act_prints_them():
    invoice = ActLine(INVOICE, D(2015, 3, 31), "702222832/70", "05 Т", Decimal("1"), None)
    named = ActLine(INVOICE, D(2015, 4, 30), "Счет-фактура №702227301/70", "05 Т", Decimal("1"), None)
    payment = ActLine(PAYMENT, D(2015, 3, 30), "74", "05 Т", None, Decimal("1"))
    assert act_line_title(invoice) == "Счет-фактура № 702222832/70 от 31.03.2015"
    assert act_line_title(named) == "Счет-фактура №702227301/70 от 30.04.2015"  # not «Счет-фактура № Счет-фактура…»
    assert act_line_title(payment) == "Оплата (платежное поручение № 74 от 30.03.2015)"


def test_the_abonent_owes_the_supplier():
    text = reconciliation_act_text(act("48359.33"))
    assert text.subject == "по договору № 05 Т от 01.10.2004"
    assert text.period == "за период с 01.03.2015 по 30.04.2015"
    assert text.conclusion == (
        "По данным ОАО «Генерирующая компания» на 30.04.2015 задолженность в пользу ОАО «Генерирующая компания» "
        "составляет 48 359,33 руб. (сорок восемь тысяч триста пятьдесят девять рублей 33 копейки)."
    )


def test_an_overpayment_is_owed_to_the_abonent_and_zero_is_no_debt():
    assert (
        "задолженность в пользу ООО «Теплый дом» составляет 17,51 руб."
        in reconciliation_act_text(act("-17.51")).conclusion
    )
    settled = reconciliation_act_text(act("0.00", contract=None))
    assert settled.conclusion == "По данным ОАО «Генерирующая компания» на 30.04.2015 задолженность отсутствует."
    assert settled.subject == "по всем договорам"


def test_the_text_keeps_the_numbers_of_the_act():
    lines = [ActLine(PAYMENT, D(2015, 3, 30), "74", "05 Т", None, Decimal("16503.48"))]
    text = reconciliation_act_text(act("100.00", lines))
    assert [(x.title, x.credit, x.contract_number) for x in text.lines] == [
        ("Оплата (платежное поручение № 74 от 30.03.2015)", Decimal("16503.48"), "05 Т")
    ]
    assert (text.opening_debit, text.credit_total, text.closing_credit) == (
        Decimal("100.00"),
        Decimal("16503.48"),
        Decimal("16403.48"),
    )
