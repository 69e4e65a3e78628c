"""The cabinet's tables: one column definition each, serving the page and all five exports.

Titles are the guide's (product.md). Issue 7's lists (payment terms, to-pay, debt,
reconciliation) can add their definitions here or beside their views.
"""

from lk_portal.grid import DATE, MONEY, PERIOD, Column, GridDefinition
from lk_portal.grid.columns import CHOICE

# The contract selector above the grid filters by contract; the column needs no filter of its own.
CONTRACT = Column("contract", "№ договора", "contract__number", filter="")

PAYMENTS_GRID = GridDefinition(
    slug="oplata",
    title="Оплата",
    columns=(
        CONTRACT,
        Column("number", "№ документа оплаты", "number"),
        Column("date", "Дата оплаты", "date", kind=DATE),
        Column("period", "Отчетный период", "period", kind=PERIOD),
        Column("amount", "Сумма оплаты", "amount", kind=MONEY),
        Column("kind", "Вид реализации", "kind", filter=CHOICE),
        Column("purpose", "Назначение платежа", "purpose", groupable=False, width=4, css="grid-wide"),
    ),
    default_sort=("-date",),
    summary_keys=("contract", "kind"),  # models.PaymentSummary
    search_window=20_000,  # rows of the (abonent | contract, date, id) index a search reads at most
)

DOCUMENTS_GRID = GridDefinition(
    slug="platezhnye_dokumenty",
    title="Выставленные платежные документы",
    columns=(
        Column("name", "Наименование", "name"),
        CONTRACT,
        Column("number", "№ документа", "number", width=2),
        Column("date", "Дата документа", "date", kind=DATE),
        Column("period", "Период начислений", "period", kind=PERIOD),
        Column("accrued", "Начислено (в т.ч. НДС), руб", "accrued", kind=MONEY),
        Column("paid", "Оплачено (в т.ч. НДС), руб", "paid", kind=MONEY),
        Column("debt", "Задолженность, руб", "debt", kind=MONEY),
        Column("kind", "Вид реализации", "kind", filter=CHOICE),
    ),
    default_sort=("-period", "-date"),
)

CONTRACTS_GRID = GridDefinition(
    slug="dogovory",
    title="Договоры",
    columns=(
        Column("number", "№ договора", "number"),
        Column("goods", "Вид товара", "goods", filter=CHOICE),
        Column("start_date", "Дата начала", "start_date", kind=DATE),
        Column("end_date", "Дата окончания", "end_date", kind=DATE),
        Column("status", "Статус", "status", filter=CHOICE),
    ),
    default_sort=("start_date", "number"),
    default_page_size=50,
)

TARIFFS_ARCHIVE_GRID = GridDefinition(
    slug="tarify",
    title="Тарифы: архив",
    columns=(
        Column("name", "Наименование", "name", width=2),
        Column("tariff_group", "Тарифная группа", "tariff_group", filter=CHOICE),
        Column("unit", "Ед. изм.", "unit", filter=""),
        Column("rate", "Тариф без НДС, руб", "rate", kind=MONEY, groupable=True, total=False),
        Column("vat_rate", "Ставка НДС, %", "vat_rate", kind=MONEY, filter="", groupable=True, total=False),
        Column("valid_from", "Действует с", "valid_from", kind=DATE),
        Column("valid_to", "Действует по", "valid_to", kind=DATE),
        Column("decree", "Нормативный документ", "decree", link_field="decree_url", width=3, groupable=True),
    ),
    default_sort=("-valid_from", "name"),
)
