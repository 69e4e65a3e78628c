"""The guide's contract «05 Т» from September 2015 to the present.

It starts where the guide leaves it: the debt line of 07.09.2015 is −17,51 (August paid 17,51 over
on 04.09.2015), so the first bills, of 08.09.2015, take that overpayment. From then on the abonent
pays the advances in time, and of each winter invoice pays some two thirds by the 10th and the
rest a month or so late: there is a little overdue debt with пени through the heating season.
A debt line at every month's end (the trend) and one of the load's day (the header's).
"""

import datetime

from lk_portal.models import Contract, DebtSnapshot

from .context import DemoContext
from .guide import DEMO_AMOUNT_2015, DEMO_AS_OF, DEMO_OVERPAYMENT
from .present import ContractPlan
from .store import Span, histories_write

FIRST_MONTH = datetime.date(2015, 9, 1)


def guide_plan(contract: Contract) -> ContractPlan:
    return ContractPlan(
        key="demo",
        abonent_id=contract.abonent_id,
        contract_id=contract.id,
        number=contract.number,
        start_date=contract.start_date,
        branch_code=contract.abonent.branch.code,
        amount_2015=DEMO_AMOUNT_2015,
        first_month=FIRST_MONTH,
        opening_credit=DEMO_OVERPAYMENT,
        first_bill_day=DEMO_AS_OF.day + 1,
        late_remainder=True,
        month_end_lines=True,
    )


def continuation_ensure(ctx: DemoContext) -> None:
    contract = ctx.contract
    plan = guide_plan(contract)
    last = (
        DebtSnapshot.objects.filter(contract=contract, as_of__gt=DEMO_AS_OF)
        .order_by("-as_of")
        .values_list("as_of", flat=True)
        .first()
    )
    amount = plan.contract_amount(ctx.today.replace(day=1))
    if last == ctx.today and contract.contract_amount == amount:
        return  # loaded today already: the same rows
    # One contract: all its months are compared, whatever happened to them.
    span = Span(plan=plan, first=FIRST_MONTH, fresh=False, lines_from=DEMO_AS_OF + datetime.timedelta(days=1))
    histories_write([span], today=ctx.today, report=ctx.report)
    if contract.contract_amount != amount:
        Contract.objects.filter(pk=contract.pk).update(contract_amount=amount)
        contract.contract_amount = amount
