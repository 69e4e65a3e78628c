"""The kinds of billing files and their columns (billing-exchange.md, «Files» and «Columns»).

The one place a billing column is declared: the readers, the three write paths, the admin lists
and the docs' column table (`manage.py billing_columns_doc`) read it from here. Header matching
ignores case, surrounding and repeated spaces, and «ё»/«е». Adding an optional column to a kind is
one `Column(…)` line below plus the model field and its migration (docs/architecture.md).
"""

from lk_portal.models import (
    Abonent,
    BillingDocument,
    Branch,
    Consumption,
    Contract,
    Curator,
    DebtSnapshot,
    MeteringUnit,
    Payment,
    PaymentTerm,
    Reading,
    Tariff,
)

from . import values as v
from .columns import (
    AMOUNT,
    BATCH,
    COPY,
    DATE,
    DAY,
    EMAIL,
    FLAG,
    GCAL,
    HOURS,
    INN_CODE,
    KPP_CODE,
    PERCENT,
    PERIOD,
    RECORD_ID,
    RESOURCES,
    SNAPSHOT,
    STAGED,
    TEMPERATURE,
    UPDATE,
    URL,
    WATER,
    Column,
    DatesInOrder,
    FileKind,
    Reference,
    RequiredWhen,
    SameRecord,
    UpdateOnly,
    choice,
    text,
)

__all__ = ["KINDS", "KIND_ORDER", "column_table", "kind_for_filename"]

# --- Columns and references several kinds share ------------------------------------------------

CONTRACT_NO = Column("contract_no", ("№ договора", "Номер договора", "Договор"), text(50), required=True)
INN = Column("inn", ("ИНН",), INN_CODE, required=True)
KPP = Column("kpp", ("КПП",), KPP_CODE, required=True)
EXTERNAL_ID = Column("external_id", ("Код",), text(64), required=True)

CONTRACT_MISSING = "договор с таким номером не найден: его нет на портале и в загружаемом пакете"
CONTRACT = Reference(("contract_no",), Contract, ("number",), {"contract_id": "id"}, CONTRACT_MISSING)
CONTRACT_AND_ABONENT = Reference(
    ("contract_no",), Contract, ("number",), {"contract_id": "id", "abonent_id": "abonent_id"}, CONTRACT_MISSING
)
ABONENT = Reference(
    ("inn", "kpp"),
    Abonent,
    ("inn", "kpp"),
    {"abonent_id": "id"},
    "абонент с такими ИНН и КПП не найден: его нет на портале и в загружаемом пакете",
)
# The three branches of the company (product.md): created on their first mention if missing.
KNOWN_BRANCHES = (
    {"code": "kazan", "name": "Казанские тепловые сети"},
    {"code": "chelny", "name": "Набережночелнинские тепловые сети"},
    {"code": "nizhnekamsk", "name": "Нижнекамские тепловые сети"},
)


def _branch(message: str) -> Reference:
    """A branch named by its code or its name, in any case."""
    return Reference(
        ("branch",), Branch, ("code", "name"), {"branch_id": "id"}, message, v.normalize_title, KNOWN_BRANCHES
    )


DOC_TYPE = choice(
    {
        "invoice": "invoice",
        "счет-фактура": "invoice",
        "счет фактура": "invoice",
        "bill": "bill",
        "счет на оплату": "bill",
        "счет": "bill",
        "аванс": "bill",
        "счет на аванс": "bill",
    },
    "ожидается invoice (счет-фактура) или bill (счет на оплату)",
)

UNIT_ID = Column("unit_id", ("Код узла учета", "Код УУТЭ"), text(64), required=True)
METERING_UNIT = Reference(
    ("unit_id",),
    MeteringUnit,
    ("unit_id",),
    {"unit_id": "id"},
    "узел учета с таким кодом не найден: его нет на портале и в загружаемом пакете",
)
METHOD = choice(
    {
        "meter": "meter",
        "по прибору": "meter",
        "по прибору учета": "meter",
        "прибор": "meter",
        "calc": "calc",
        "расчет": "calc",
        "расчетный": "calc",
        "расчетным способом": "calc",
    },
    "ожидается meter (по прибору учета) или calc (расчетным способом)",
)
READING_STATUS = choice(
    {
        "accepted": Reading.ACCEPTED,
        "принято": Reading.ACCEPTED,
        "приняты": Reading.ACCEPTED,
        "принят": Reading.ACCEPTED,
        "rejected": Reading.REJECTED,
        "отклонено": Reading.REJECTED,
        "отклонены": Reading.REJECTED,
        "отклонен": Reading.REJECTED,
    },
    "ожидается accepted (принято) или rejected (отклонено)",
)
# A reading billing may answer: one it was sent, or one it answered before (the new answer replaces that).
READING_ANSWERABLE = UpdateOnly(
    "status",
    (Reading.SENT, Reading.ACCEPTED, Reading.REJECTED),
    missing="показания с таким кодом не найдены на портале: код берется из файла readings, выгруженного порталом",
    refused="показания с этим кодом еще не выгружались в биллинг (статус «{state}»): ответ на них не принимается",
    stamp="status_at",
)

# --- The kinds, in the order a package applies them ----------------------------------------------

KINDS: dict[str, FileKind] = {
    kind.name: kind
    for kind in (
        FileKind(
            "abonents",
            "абоненты",
            Abonent,
            (
                INN,
                KPP,
                Column("name", ("Абонент", "Наименование"), text(255), required=True),
                Column(
                    "branch",
                    ("Филиал",),
                    text(200),
                    required=True,
                    doc="`kazan`, `chelny`, `nizhnekamsk` or the branch's Russian name",
                ),
                Column("email", ("Email", "E-mail", "Электронная почта"), EMAIL),
                Column("contact_person", ("Контактное лицо",), text(255)),
                Column("phone", ("Телефон",), text(100)),
            ),
            key=("inn", "kpp"),
            references=(_branch("филиал не найден: ожидается kazan, chelny, nizhnekamsk или название филиала"),),
        ),
        FileKind(
            "contracts",
            "договоры",
            Contract,
            (
                CONTRACT_NO.filling("number"),
                INN,
                KPP,
                Column("goods", ("Вид товара",), text(100), required=True),
                Column("start_date", ("Дата начала",), DATE, required=True),
                Column("end_date", ("Дата окончания",), DATE),
                Column("status", ("Статус",), text(50), required=True),
                Column("tariff_group", ("Тарифная группа",), text(100)),
            ),
            key=("contract_no",),
            references=(ABONENT,),
            rules=(DatesInOrder("start_date", "end_date", "дата окончания раньше даты начала"),),
        ),
        FileKind(
            "curators",
            "кураторы договоров",
            Curator,
            (
                CONTRACT_NO,
                Column("position", ("Должность",), text(255), required=True),
                Column("full_name", ("ФИО",), text(255), required=True),
                Column("phone", ("Телефон",), text(100)),
            ),
            references=(CONTRACT,),
            write=SNAPSHOT,
        ),
        FileKind(
            "payment_terms",
            "условия оплаты",
            PaymentTerm,
            (
                CONTRACT_NO,
                Column("day", ("Дата оплаты",), DAY, required=True, doc="1–31"),
                Column("percent", ("%% по договору", "% по договору"), PERCENT, doc="0–100"),
                Column("kind", ("Виды платежей", "Вид платежа"), text(255), required=True),
                Column(
                    "next_month",
                    ("В следующем месяце", "Следующий месяц"),
                    FLAG,
                    doc="0/1, 1 = the day falls in the month after the reporting period",
                ),
            ),
            references=(CONTRACT,),
            write=SNAPSHOT,
        ),
        FileKind(
            "payments",
            "оплаты",
            Payment,
            (
                EXTERNAL_ID,
                CONTRACT_NO,
                Column("number", ("№ документа оплаты",), text(50), required=True),
                Column("date", ("Дата оплаты",), DATE, required=True),
                Column("period", ("Отчетный период",), PERIOD, required=True),
                Column("amount", ("Сумма оплаты",), AMOUNT, required=True),
                Column("kind", ("Вид реализации",), text(100), required=True),
                Column("purpose", ("Назначение платежа",), text(10_000)),
            ),
            key=("external_id",),
            references=(CONTRACT_AND_ABONENT,),
            write=COPY,
        ),
        FileKind(
            "documents",
            "платежные документы",
            BillingDocument,
            (
                EXTERNAL_ID,
                CONTRACT_NO,
                Column(
                    "doc_type",
                    ("Тип документа", "Вид документа"),
                    DOC_TYPE,
                    required=True,
                    doc="`invoice` счет-фактура, `bill` счет на оплату/аванс",
                ),
                Column("name", ("Наименование",), text(255), required=True),
                Column("number", ("№ документа",), text(100), required=True),
                Column("date", ("Дата документа",), DATE, required=True),
                Column("period", ("Период начислений",), PERIOD, required=True),
                Column("accrued", ("Начислено", "Начислено (в т.ч. НДС), руб"), AMOUNT),
                Column("paid", ("Оплачено", "Оплачено (в т.ч. НДС), руб"), AMOUNT),
                Column("debt", ("Задолженность", "Задолженность, руб"), AMOUNT),
                Column("kind", ("Вид реализации",), text(100), required=True),
                Column("vat_rate", ("Ставка НДС, %", "Ставка НДС"), PERCENT),
                Column("due_date", ("Срок оплаты",), DATE),
            ),
            key=("external_id",),
            references=(CONTRACT_AND_ABONENT,),
            write=COPY,
        ),
        FileKind(
            "debts",
            "задолженность",
            DebtSnapshot,
            (
                INN.filling(None),
                KPP.filling(None),
                CONTRACT_NO,
                Column("as_of", ("Дата",), DATE, required=True),
                Column("debt", ("Задолженность",), AMOUNT, required=True),
                Column("penalties", ("Пени",), AMOUNT, required=True),
            ),
            key=("inn", "kpp", "contract_no", "as_of"),
            upsert_on=("contract_id", "as_of"),
            references=(CONTRACT_AND_ABONENT,),
            rules=(
                SameRecord(
                    ABONENT, "abonent_id", "contract_no", "договор не принадлежит абоненту с ИНН {inn} и КПП {kpp}"
                ),
            ),
            write=STAGED,
        ),
        FileKind(
            "tariffs",
            "тарифы",
            Tariff,
            (
                EXTERNAL_ID,
                Column("branch", ("Филиал",), text(200), doc="empty = all"),
                Column("tariff_group", ("Тарифная группа",), text(100), doc="empty = all"),
                Column("name", ("Наименование",), text(255), required=True),
                Column("unit", ("Ед. изм.", "Единица измерения"), text(50), required=True),
                Column("rate", ("Тариф без НДС", "Тариф"), AMOUNT, required=True),
                Column("vat_rate", ("Ставка НДС, %", "Ставка НДС"), PERCENT),
                Column("valid_from", ("Действует с",), DATE, required=True),
                Column("valid_to", ("Действует по",), DATE),
                Column("decree", ("Нормативный документ",), text(500)),
                Column("decree_url", ("Ссылка",), URL),
            ),
            key=("external_id",),
            references=(_branch("филиал не найден"),),
            rules=(DatesInOrder("valid_from", "valid_to", "дата «по» раньше даты «с»"),),
            write=BATCH,
        ),
        FileKind(
            "metering_units",
            "узлы учета",
            MeteringUnit,
            (
                UNIT_ID,
                CONTRACT_NO,
                Column("address", ("Адрес объекта", "Адрес"), text(500), required=True),
                Column("object_name", ("Наименование объекта", "Объект"), text(255)),
                Column(
                    "calculator",
                    ("Тепловычислитель", "Тип тепловычислителя"),
                    text(100),
                    required=True,
                    doc="type, e.g. `ТВ7`, `ВКТ-7`, `СПТ941`",
                ),
                Column("serial_no", ("Заводской номер", "Зав. номер", "Заводской №"), text(100), required=True),
                Column(
                    "resources",
                    ("Ресурсы",),
                    RESOURCES,
                    required=True,
                    doc="`heat`, `heat,water`; Russian «тепловая энергия», «теплоноситель»",
                ),
                Column("verification_due", ("Дата очередной поверки", "Дата поверки"), DATE),
                Column("window_from", ("Прием показаний с",), DAY, required=True, doc="day 1–31"),
                Column(
                    "window_to",
                    ("Прием показаний по",),
                    DAY,
                    required=True,
                    doc="day 1–31; smaller than window_from = into the next month",
                ),
                Column("installed_on", ("Дата ввода",), DATE),
            ),
            key=("unit_id",),
            references=(CONTRACT_AND_ABONENT,),
            rules=(DatesInOrder("installed_on", "verification_due", "дата поверки раньше даты ввода"),),
            write=BATCH,
        ),
        FileKind(
            "consumption",
            "потребление",
            Consumption,
            (
                UNIT_ID,
                Column("period", ("Отчетный период", "Период"), PERIOD, required=True),
                Column(
                    "heat_gcal",
                    ("Тепловая энергия, Гкал", "Тепловая энергия", "Гкал"),
                    GCAL,
                    required=True,
                    doc="3 decimals",
                ),
                Column("water", ("Теплоноситель, т или м³", "Теплоноситель"), WATER, doc="т или м³, 3 decimals"),
                Column("hours", ("Время работы, ч", "Время работы"), HOURS),
                Column(
                    "method",
                    ("Способ", "Способ определения"),
                    METHOD,
                    required=True,
                    doc="`meter` по прибору учета / `calc` расчетным способом; «по прибору», «расчет»",
                ),
                Column(
                    "outdoor_temp",
                    ("Средняя температура наружного воздуха, °C", "Температура наружного воздуха"),
                    TEMPERATURE,
                    doc="°C, 1 decimal",
                ),
            ),
            key=("unit_id", "period"),
            upsert_on=("unit_id", "period"),
            references=(METERING_UNIT,),
            write=BATCH,
        ),
        FileKind(
            "reading_statuses",
            "статусы показаний",
            Reading,
            (
                Column(
                    "reading_id",
                    ("Код показаний",),
                    RECORD_ID,
                    required=True,
                    field="id",
                    doc="the portal's id from the `readings` file",
                ),
                Column(
                    "status",
                    ("Статус",),
                    READING_STATUS,
                    required=True,
                    doc="`accepted` принято / `rejected` отклонено",
                ),
                Column("reason", ("Причина", "Причина отклонения"), text(2000), doc="required when rejected"),
                Column("billed_gcal", ("Принято к расчету, Гкал", "Принято к расчету"), GCAL, doc="3 decimals"),
            ),
            key=("reading_id",),
            rules=(
                RequiredWhen("reason", "status", Reading.REJECTED, "укажите причину, по которой показания отклонены"),
            ),
            write=UPDATE,
            update=READING_ANSWERABLE,
        ),
    )
}

# The order a package applies its files in (billing-exchange.md, «Files»).
KIND_ORDER: tuple[str, ...] = tuple(KINDS)


def kind_for_filename(filename: str) -> str | None:
    """'payments_2015-04-17.csv', 'Payments.xlsx' → 'payments'; None when the name says no kind."""
    stem = filename.rsplit("/", 1)[-1].casefold()
    for name in sorted(KINDS, key=len, reverse=True):  # payment_terms before payments
        if stem.startswith(name):
            rest = stem[len(name) :]
            if not rest or not rest[0].isalpha():
                return name
    return None


def column_table() -> str:
    """The column table of billing-exchange.md («Columns»), as the declaration above has it."""
    return "\n".join(["| file | columns |", "| --- | --- |", *(kind.doc_row() for kind in KINDS.values())]) + "\n"
