"""The demo abonent's own «Акт сверки» as its 1С would print it, with three deliberate differences.

`docs/samples/akt-sverki-1c-teplopotrebitel-2015-1.xlsx` is this module's output for contract «05 Т»,
01.01.2015 – 30.06.2015 (`manage.py act_sample`). Read from the abonent's books — its debit is what it
paid, its credit what it was invoiced («Поступление …») — in 1С's wording, one payment two days before
our bank day (within the tolerance, not a difference), and exactly three differences:
- payment № 133 of 10.04.2015 (13 748,36) is missing on their side;
- payment № 86 of 17.04.2015 is 7 202,27 in their books (ours 7 220,27);
- a payment «Оплата (29.06.15 № 951)» of 1 500,00 is theirs only.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

from lk_portal.domain.act_compare import document_number
from lk_portal.domain.reconciliation import INVOICE, ActLine, ReconciliationAct
from lk_portal.exports.act_1c import Act1C, Act1CLine, render_act_1c
from lk_portal.presentation.reconciliation import SUPPLIER
from lk_portal.selectors.reconciliation import reconciliation_act
from lk_portal.selectors.viewer import Viewer

SAMPLE_CONTRACT = "05 Т"
SAMPLE_FROM, SAMPLE_TO = datetime.date(2015, 1, 1), datetime.date(2015, 6, 30)
SAMPLE_NAME = "akt-sverki-1c-teplopotrebitel-2015-1.xlsx"
MISSING = "133"  # a payment they have not entered
CHANGED = ("86", Decimal("7202.27"))  # a payment they entered with another amount
EXTRA = Act1CLine(datetime.date(2015, 6, 29), "Оплата (29.06.15 № 951)", Decimal("1500.00"), None)
EARLIER = ("74", 2)  # a payment they date two days before our bank day


def line_1c(line: ActLine) -> Act1CLine:
    """Our line as the abonent's 1С writes it: mirrored, in 1С's wording."""
    number = document_number(line.number) or line.number
    when = f"{line.date:%d.%m.%y}"
    if line.kind == INVOICE:
        return Act1CLine(line.date, f"Поступление (акт, накладная, УПД) ({when} № {number})", None, line.debit)
    return Act1CLine(line.date, f"Оплата ({when} № {number})", line.credit, None)


def act_1c_of(act: ReconciliationAct, *, contract_text: str, lines: list[Act1CLine] | None = None, **layout) -> Act1C:
    """The abonent's act for the same period as ours: its books are our mirror (its balance −ours)."""
    return Act1C(
        own_name=act.abonent.name,
        other_name=SUPPLIER,
        date_from=act.date_from,
        date_to=act.date_to,
        contract_text=contract_text,
        opening=-act.opening,
        lines=lines if lines is not None else [line_1c(line) for line in act.lines],
        **layout,
    )


def _with_differences(lines: list[Act1CLine]) -> list[Act1CLine]:
    result = []
    for line in lines:
        number = document_number(line.text)
        if number == MISSING:
            continue
        if number == CHANGED[0]:
            line = dataclasses.replace(line, debit=CHANGED[1])
        if number == EARLIER[0]:
            day = line.date - datetime.timedelta(days=EARLIER[1])
            line = dataclasses.replace(line, date=day, text=f"Оплата ({day:%d.%m.%y} № {number})")
        result.append(line)
    return sorted([*result, EXTRA], key=lambda line: line.date)


def demo_act_sample(*, contract) -> bytes:
    """The sample's bytes, from the demo's own rows of `contract` (the guide's «05 Т»)."""
    act = reconciliation_act(
        viewer=Viewer(abonent=contract.abonent), contract=contract, date_from=SAMPLE_FROM, date_to=SAMPLE_TO
    )
    lines = _with_differences([line_1c(line) for line in act.lines])
    contract_text = f"по договору {contract.number} от {contract.start_date:%d.%m.%Y}"
    return render_act_1c(act_1c_of(act, contract_text=contract_text, lines=lines))
