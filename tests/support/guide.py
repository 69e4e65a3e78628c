"""The guide's own rows (section 5.2), built with factories, for tests before/without the demo loader."""

import datetime
from decimal import Decimal

from lk_portal.models import BillingDocument
from tests.factories import BillingDocumentFactory, ContractFactory, PaymentFactory, UserFactory

PURPOSE_86 = (
    "Оплата услуг подачи теплотенергии за ОАО по доп.соглашению к дог.№05 T от 01.11.2013г аванс "
    "за 1 пол.апреля 2015г.по сч.374/70 от 26.03.15 Сумма 7220-27 В т.ч. НДС (18%) 1101-40"
)
PURPOSE_74 = (
    "Оплата услуг подачи теплотенергии за ОАО по доп.соглашению к дог.№05 T от 01.11.2013г.аванс "
    "за 2 пол.марта 2015г.по счету №1154/70 от 20.02.2015г. Сумма 16503-48 В т.ч. НДС (18%) 2517-48"
)


def guide_abonent():
    """Contract «05 Т» from 01.10.2004 with payments №86 and №74 and the invoices of Feb–Apr 2015."""
    ContractFactory.reset_sequence(100)  # the factory's own numbers ("05 Т", …) must not collide with the guide's
    contract = ContractFactory(number="05 Т", start_date=datetime.date(2004, 10, 1))
    abonent = contract.abonent
    d = datetime.date
    PaymentFactory(
        contract=contract,
        number="86",
        date=d(2015, 4, 17),
        period=d(2015, 4, 1),
        amount=Decimal("7220.27"),
        kind="Аванс",
        purpose=PURPOSE_86,
    )
    PaymentFactory(
        contract=contract,
        number="74",
        date=d(2015, 3, 30),
        period=d(2015, 3, 1),
        amount=Decimal("16503.48"),
        kind="Аванс",
        purpose=PURPOSE_74,
    )
    inv = BillingDocument.INVOICE
    bill = BillingDocument.BILL
    for doc_type, number, date, period, accrued, paid, debt, kind in [
        (
            inv,
            "Счет-фактура №702227301/70",
            d(2015, 4, 30),
            d(2015, 4, 1),
            "18902.27",
            "18902.27",
            "0",
            "Основная реализация",
        ),
        (bill, "375", d(2015, 3, 26), d(2015, 3, 1), None, "7220.27", None, "Аванс"),
        (bill, "1153", d(2015, 3, 27), d(2015, 3, 1), None, "0", None, "Аванс"),
        (
            inv,
            "Счет-фактура №702222832/70",
            d(2015, 3, 31),
            d(2015, 3, 1),
            "30251.84",
            "30251.84",
            "0",
            "Основная реализация",
        ),
        (bill, "1147", d(2015, 2, 20), d(2015, 2, 1), None, "16503.48", None, "Аванс"),
        (bill, "387", d(2015, 2, 19), d(2015, 2, 1), None, "11552.44", None, "Аванс"),
        (
            inv,
            "Счет-фактура №702210010/70",
            d(2015, 2, 28),
            d(2015, 2, 1),
            "34481.41",
            "34481.41",
            "0",
            "Основная реализация",
        ),
    ]:
        BillingDocumentFactory(
            contract=contract,
            doc_type=doc_type,
            name="за тепло",
            number=number,
            date=date,
            period=period,
            accrued=Decimal(accrued) if accrued else None,
            paid=Decimal(paid) if paid else None,
            debt=Decimal(debt) if debt else None,
            kind=kind,
        )
    user = UserFactory(abonent=abonent)
    return user, contract
