"""GET /api/v1/reconciliation-act: «Акт сверки взаимных расчетов» for a period, the page's figures."""

from __future__ import annotations

from ninja import Query, Router

from lk_portal.domain.roles import Capability
from lk_portal.selectors.contracts import contract_find, contract_list
from lk_portal.selectors.reconciliation import reconciliation_act

from . import schemas as S
from .collections import ERRORS
from .errors import bad_request
from .rows import money

router = Router()
# One answer holds every line of the act, so a call covers at most three years; a longer period is several calls
# (the page and its files have no limit: they paginate and stream).
MAX_DAYS = 3 * 366


@router.get(
    "/reconciliation-act",
    response={200: S.ActOut, **ERRORS},
    summary="Акт сверки взаимных расчетов за период",
    tags=["Расчеты"],
)
def act(request, params: Query[S.ActParams]):
    viewer = request.viewer
    viewer.require(Capability.VIEW_FINANCIAL)
    if params.date_from > params.date_to:
        raise bad_request("Конец периода раньше его начала.", "bad_period")
    if (params.date_to - params.date_from).days > MAX_DAYS:
        raise bad_request("Акт сверки формируется за период не длиннее трех лет.", "period_too_long")
    contract = None
    if params.contract is not None:
        contract = contract_find(contracts=list(contract_list(viewer=viewer)), raw_id=str(params.contract))
    elif viewer.scoped:
        raise bad_request(
            "Укажите договор: акт по всем договорам доступен только при доступе ко всем.", "contract_required"
        )
    result = reconciliation_act(viewer=viewer, contract=contract, date_from=params.date_from, date_to=params.date_to)
    return {
        "date_from": result.date_from,
        "date_to": result.date_to,
        "contract_id": contract.pk if contract else None,
        "opening": money(result.opening),
        "debit_total": money(result.debit_total),
        "credit_total": money(result.credit_total),
        "closing": money(result.closing),
        "lines": [
            {
                "kind": line.kind,
                "date": line.date,
                "number": line.number,
                "contract_number": line.contract_number,
                "debit": money(line.debit),
                "credit": money(line.credit),
            }
            for line in result.lines
        ],
    }
