import datetime
from decimal import Decimal

import pytest

from lk_portal.domain.act_compare import (
    PAYMENT_DAYS,
    TheirAct,
    TheirLine,
    act_compare,
    document_number,
    number_key,
    their_act_from_json,
    their_act_to_json,
)
from lk_portal.domain.reconciliation import INVOICE, PAYMENT, ActLine, act_make

D = datetime.date
M = Decimal


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Оплата (17.04.15 № 86)", "86"),
        ("Продажа (31.03.15 № 374/70)", "374/70"),
        ("Платежное поручение 86 от 17.04.2015", "86"),
        ("Счет-фактура №702222832/70", "702222832/70"),
        ("Поступление (акт, накладная, УПД) (31.03.15 № 702222832/70)", "702222832/70"),
        ("Оплата поставщику", ""),
    ],
)
def test_document_number_from_wording(text, number):
    assert document_number(text) == number


def test_number_key_ignores_prefixes_and_leading_zeros():
    assert number_key("00БП-000086") == number_key("86") == "86"
    assert number_key("702222832/70") == "702222832/70"


ZERO = M("0.00")


def ours(*lines, opening=ZERO):
    return act_make(
        abonent=None, contract=None, date_from=D(2015, 1, 1), date_to=D(2015, 6, 30), opening=opening, lines=list(lines)
    )


INVOICE_MARCH = ActLine(INVOICE, D(2015, 3, 31), "Счет-фактура №702222832/70", "05 Т", M("30251.84"), None)
PAYMENT_86 = ActLine(PAYMENT, D(2015, 4, 17), "86", "05 Т", None, M("7220.27"))
PAYMENT_74 = ActLine(PAYMENT, D(2015, 3, 30), "74", "05 Т", None, M("16503.48"))


def theirs(*lines, opening=None, closing=None):
    return TheirAct("ОАО «Теплопотребитель»", "", D(2015, 1, 1), D(2015, 6, 30), tuple(lines), opening, closing)


def test_mirrored_act_matches_with_other_wording_and_a_bank_day_apart():
    result = act_compare(
        ours(INVOICE_MARCH, PAYMENT_74, PAYMENT_86),
        theirs(
            TheirLine(11, D(2015, 3, 27), "Платежное поручение 74 от 27.03.2015", M("16503.48"), None),
            TheirLine(12, D(2015, 3, 31), "Поступление (31.03.15 № 702222832/70)", None, M("30251.84")),
            TheirLine(13, D(2015, 4, 17), "Оплата (17.04.15 № 86)", M("7220.27"), None),
            opening=M("0.00"),
            closing=M("-30251.84") + M("23723.75"),
        ),
    )
    assert result.mirrored
    assert len(result.matched) == 3 and not result.differ and not result.only_ours and not result.only_theirs
    assert result.their_closing == result.our_closing == M("6528.09")
    assert result.closing_agrees and result.opening_agrees and result.discrepancies == 0


def test_straight_act_is_read_straight():
    """An act written in our orientation (debit = charged) is compared as it stands."""
    result = act_compare(
        ours(INVOICE_MARCH, PAYMENT_86),
        theirs(
            TheirLine(5, D(2015, 3, 31), "Продажа (31.03.15 № 702222832/70)", M("30251.84"), None),
            TheirLine(6, D(2015, 4, 17), "Оплата (17.04.15 № 86)", None, M("7220.27")),
            closing=M("23031.57"),
        ),
    )
    assert not result.mirrored
    assert len(result.matched) == 2 and result.discrepancies == 0
    assert result.closing_agrees


def test_amount_differs_only_ours_only_theirs():
    extra = TheirLine(9, D(2015, 6, 29), "Оплата (29.06.15 № 951)", M("1500.00"), None)
    changed = TheirLine(8, D(2015, 4, 17), "Оплата (17.04.15 № 86)", M("7202.27"), None)
    result = act_compare(ours(PAYMENT_74, PAYMENT_86), theirs(changed, extra))
    assert [(p.ours.number, p.difference) for p in result.differ] == [("86", M("18.00"))]
    assert result.only_ours == [PAYMENT_74]
    assert result.only_theirs == [extra]
    assert result.discrepancies == 3
    assert result.their_closing is None and not result.closing_agrees


def test_a_payment_too_far_apart_is_not_the_same():
    far = D(2015, 4, 17) + datetime.timedelta(days=PAYMENT_DAYS + 1)
    result = act_compare(
        ours(PAYMENT_86), theirs(TheirLine(3, far, f"Оплата ({far:%d.%m.%y} № 86)", M("7220.27"), None))
    )
    assert not result.matched and result.discrepancies == 2


def test_equal_amounts_pair_by_number_then_nearest_date():
    twin = ActLine(PAYMENT, D(2015, 4, 20), "87", "05 Т", None, M("7220.27"))
    result = act_compare(
        ours(PAYMENT_86, twin),
        theirs(
            TheirLine(1, D(2015, 4, 20), "Оплата (20.04.15 № 87)", M("7220.27"), None),
            TheirLine(2, D(2015, 4, 17), "Оплата (17.04.15 № 86)", M("7220.27"), None),
        ),
    )
    assert sorted((p.ours.number, p.theirs.row) for p in result.matched) == [("86", 2), ("87", 1)]


def test_their_act_survives_json():
    act = theirs(
        TheirLine(3, D(2015, 4, 17), "Оплата (17.04.15 № 86)", M("7220.27"), None),
        opening=M("0.00"),
        closing=M("7220.27"),
    )
    assert their_act_from_json(their_act_to_json(act)) == act
