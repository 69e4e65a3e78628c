"""The read collections of /api/v1/: each starts from the token's member (`request.viewer`) through the
pages' own selectors and `owned()`, so scope and roles are exactly the pages'."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from ninja import Query, Router

from lk_portal.domain.roles import Capability
from lk_portal.models import Consumption, Curator, PaymentTerm, Reading, Tombstone
from lk_portal.selectors.contracts import contract_find, contract_list
from lk_portal.selectors.documents import document_queryset
from lk_portal.selectors.metering import metering_unit_queryset
from lk_portal.selectors.payment_documents import unpaid_document_list
from lk_portal.selectors.payments import payment_queryset
from lk_portal.selectors.tariffs import tariff_queryset
from lk_portal.selectors.viewer import owned
from lk_portal.services.tombstones import tombstones_horizon
from news.selectors import news_cabinet_list, news_counted_since

from . import rows as R
from . import schemas as S
from .errors import ApiError
from .sync import aware, sync_page

router = Router()
ERRORS = {
    400: S.ErrorOut,
    401: S.ErrorOut,
    403: S.ErrorOut,
    404: S.ErrorOut,
    410: S.ErrorOut,
    413: S.ErrorOut,
    422: S.ErrorOut,
    429: S.ErrorOut,
}

# Which capability each collection needs (the pages'), also for its tombstones in /deleted.
NEEDS = {
    "contracts": Capability.VIEW_CONTRACTS,
    "curators": Capability.VIEW_CONTRACTS,
    "payment-terms": Capability.VIEW_FINANCIAL,
    "payments": Capability.VIEW_FINANCIAL,
    "billing-documents": Capability.VIEW_FINANCIAL,
    "debts": Capability.VIEW_FINANCIAL,
    "tariffs": Capability.VIEW_TARIFFS,
    "metering-units": Capability.VIEW_METERING,
    "consumption": Capability.VIEW_METERING,
    "readings": Capability.VIEW_METERING,
}


def _viewer(request, collection: str):
    viewer = request.viewer
    viewer.require(NEEDS[collection])
    return viewer


def _contract(viewer, contract_id: int | None):
    """The `contract` parameter as one of the viewer's contracts (another's → 404), or None."""
    if contract_id is None:
        return None
    contracts = list(contract_list(viewer=viewer).filter(pk=contract_id))
    return contract_find(contracts=contracts, raw_id=str(contract_id))


def _by_contract(queryset, contract, path: str = "contract"):
    return queryset if contract is None else queryset.filter(**{path: contract})


def _doc(title: str, text: str = "") -> dict:
    return {"summary": title, "description": text, "response": {200: S.Page, **ERRORS}}


@router.get("/contracts", response={200: S.Page[S.ContractOut], **ERRORS}, summary="Договоры", tags=["Договоры"])
def contracts(request, params: Query[S.ListParams]):
    viewer = _viewer(request, "contracts")
    rows = contract_list(viewer=viewer)
    rows = rows if params.contract is None else rows.filter(pk=params.contract)
    return sync_page(rows, params=params, item=R.contract_row)


@router.get(
    "/curators", response={200: S.Page[S.CuratorOut], **ERRORS}, summary="Кураторы договоров", tags=["Договоры"]
)
def curators(request, params: Query[S.ListParams]):
    viewer = _viewer(request, "curators")
    rows = owned(Curator.objects, viewer=viewer, path="contract__abonent")
    return sync_page(_by_contract(rows, _contract(viewer, params.contract)), params=params, item=R.curator_row)


@router.get(
    "/payment-terms", response={200: S.Page[S.PaymentTermOut], **ERRORS}, summary="Условия оплаты", tags=["Расчеты"]
)
def payment_terms(request, params: Query[S.ListParams]):
    viewer = _viewer(request, "payment-terms")
    rows = owned(PaymentTerm.objects, viewer=viewer, path="contract__abonent")
    return sync_page(_by_contract(rows, _contract(viewer, params.contract)), params=params, item=R.term_row)


@router.get("/payments", response={200: S.Page[S.PaymentOut], **ERRORS}, summary="Оплаты", tags=["Расчеты"])
def payments(request, params: Query[S.ListParams]):
    viewer = _viewer(request, "payments")
    rows = payment_queryset(viewer=viewer, contract=_contract(viewer, params.contract))
    return sync_page(rows, params=params, item=R.payment_row)


@router.get(
    "/billing-documents",
    response={200: S.Page[S.DocumentOut], **ERRORS},
    summary="Платежные документы (счета-фактуры и счета на оплату)",
    tags=["Расчеты"],
)
def billing_documents(request, params: Query[S.ListParams]):
    viewer = _viewer(request, "billing-documents")
    rows = document_queryset(viewer=viewer, contract=_contract(viewer, params.contract))
    return sync_page(rows, params=params, item=R.document_row)


@router.get(
    "/documents-to-pay",
    response={200: S.Page[S.DocumentOut], **ERRORS},
    summary="Документы на оплату (с непогашенной задолженностью)",
    description="Текущий срез: оплаченный документ просто пропадает из списка. Для синхронизации — billing-documents.",
    tags=["Расчеты"],
)
def documents_to_pay(request, params: Query[S.ListParams]):
    viewer = _viewer(request, "billing-documents")
    rows = unpaid_document_list(viewer=viewer, contract=_contract(viewer, params.contract)).select_related(None)
    return sync_page(rows, params=params, item=R.document_row)


@router.get("/debts", response={200: S.Page[S.DebtOut], **ERRORS}, summary="Задолженность на даты", tags=["Расчеты"])
def debts(request, params: Query[S.ListParams]):
    viewer = _viewer(request, "debts")
    from lk_portal.models import DebtSnapshot

    rows = _by_contract(owned(DebtSnapshot.objects, viewer=viewer), _contract(viewer, params.contract))
    return sync_page(rows, params=params, item=R.debt_row)


@router.get("/tariffs", response={200: S.Page[S.TariffOut], **ERRORS}, summary="Тарифы", tags=["Договоры"])
def tariffs(request, params: Query[S.ListParams]):
    viewer = _viewer(request, "tariffs")
    contract = _contract(viewer, params.contract)
    contracts = [contract] if contract is not None else list(contract_list(viewer=viewer))
    return sync_page(tariff_queryset(viewer=viewer, contracts=contracts), params=params, item=R.tariff_row)


@router.get("/metering-units", response={200: S.Page[S.MeteringUnitOut], **ERRORS}, summary="Узлы учета", tags=["Учет"])
def metering_units(request, params: Query[S.ListParams]):
    viewer = _viewer(request, "metering-units")
    rows = metering_unit_queryset(viewer=viewer, contract=_contract(viewer, params.contract)).select_related(None)
    return sync_page(rows, params=params, item=R.unit_row)


@router.get(
    "/consumption", response={200: S.Page[S.ConsumptionOut], **ERRORS}, summary="Потребление по месяцам", tags=["Учет"]
)
def consumption(request, params: Query[S.ListParams]):
    viewer = _viewer(request, "consumption")
    rows = owned(Consumption.objects, viewer=viewer, path="unit__abonent", contract_path="unit__contract")
    rows = _by_contract(rows, _contract(viewer, params.contract), "unit__contract")
    return sync_page(rows, params=params, item=R.consumption_row)


@router.get("/readings", response={200: S.Page[S.ReadingOut], **ERRORS}, summary="Переданные показания", tags=["Учет"])
def readings(request, params: Query[S.ListParams]):
    viewer = _viewer(request, "readings")
    rows = owned(Reading.objects, viewer=viewer, path="unit__abonent", contract_path="unit__contract")
    rows = _by_contract(rows, _contract(viewer, params.contract), "unit__contract")
    return sync_page(rows, params=params, item=R.reading_row)


@router.get("/news", response={200: S.Page[S.NewsOut], **ERRORS}, summary="Новости", tags=["Новости"])
def news(request, params: Query[S.ListParams]):
    viewer = request.viewer
    rows = news_cabinet_list(user=viewer.user, since=news_counted_since(user=viewer.user))
    return sync_page(rows, params=params, item=R.news_row, field="last_published_at")


@router.get(
    "/deleted",
    response={200: S.Page[S.DeletedOut], **ERRORS},
    summary="Удаленные записи (для синхронизации)",
    description=(
        "Записи, удаленные из коллекций после updated_since: {id, table, deleted: true}. Ночная синхронизация "
        "читает каждую коллекцию с updated_since и этот список с тем же updated_since. Только коллекции, "
        "которые разрешает роль."
    ),
    tags=["Синхронизация"],
)
def deleted(request, params: Query[S.DeletedParams]):
    viewer = request.viewer
    horizon = tombstones_horizon()
    if params.updated_since is not None and horizon is not None and aware(params.updated_since) < horizon:
        raise ApiError(
            410,
            "sync_expired",
            f"Удаленные записи хранятся {settings.LK_API_TOMBSTONE_KEEP_DAYS} дн.: updated_since старше этого срока. "
            "Выполните полную синхронизацию (без updated_since) и продолжайте с ее next_updated_since.",
        )
    allowed = sorted(name for name, need in NEEDS.items() if viewer.can(need))
    tables = [params.table] if params.table in allowed else ([] if params.table else allowed)
    mine = owned(Tombstone.objects, viewer=viewer).filter(table__in=tables)
    if "tariffs" in tables:
        mine = Tombstone.objects.filter(Q(pk__in=mine.values("pk")) | Q(table="tariffs", abonent__isnull=True))
    return sync_page(mine, params=params, item=R.tombstone_row, field="deleted_at")
