"""The columns of each kind of billing file (billing-exchange.md, «Columns»).

Each column has its English key, the Russian titles it may carry instead, whether it is
required, and the pure parser of its values. Header matching ignores case, surrounding and
repeated spaces, and «ё»/«е».
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from . import values as v

__all__ = ["KINDS", "KIND_ORDER", "Column", "FileKind", "kind_for_filename", "normalize_title"]


def normalize_title(title: str) -> str:
    text = str(title).replace("\ufeff", "").replace("\u00a0", " ").replace("ё", "е").replace("Ё", "Е")
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Column:
    key: str
    titles: tuple[str, ...]
    parse: Callable[[Any], Any]
    required: bool = False
    max_length: int | None = None  # set for plain text columns (read inline, for speed)

    def __post_init__(self):
        if self.max_length is None and hasattr(self.parse, "max_length"):
            object.__setattr__(self, "max_length", self.parse.max_length)

    @property
    def label(self) -> str:
        return self.titles[0] if self.titles else self.key


@dataclass(frozen=True)
class FileKind:
    name: str
    title: str  # what the file holds, in Russian, for messages
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # the upsert key; empty for per-contract snapshots
    snapshot_by_contract: bool = False

    @property
    def deletable(self) -> bool:
        return not self.snapshot_by_contract

    def header_map(self) -> dict[str, Column]:
        """Normalized column name → column; `deleted` is known wherever a row can be removed."""
        result: dict[str, Column] = {}
        for column in self.all_columns():
            for name in (column.key, *column.titles):
                result[normalize_title(name)] = column
        return result

    def all_columns(self) -> tuple[Column, ...]:
        return (*self.columns, DELETED) if self.deletable else self.columns

    def column(self, key: str) -> Column:
        return next(column for column in self.all_columns() if column.key == key)


def _text(max_length: int) -> Callable[[Any], str]:
    parse = partial(v.parse_text, max_length=max_length)
    parse.max_length = max_length
    return parse


DOC_TYPES = {
    "invoice": "invoice",
    "счет-фактура": "invoice",
    "счет фактура": "invoice",
    "bill": "bill",
    "счет на оплату": "bill",
    "счет": "bill",
    "аванс": "bill",
    "счет на аванс": "bill",
}


def parse_doc_type(value) -> str:
    key = normalize_title(v.text_of(value))
    if key not in DOC_TYPES:
        raise ValueError("ожидается invoice (счет-фактура) или bill (счет на оплату)")
    return DOC_TYPES[key]


DELETED = Column("deleted", ("Удален", "Удалено", "Удалить", "Признак удаления"), v.parse_bool)

CONTRACT_NO = Column("contract_no", ("№ договора", "Номер договора", "Договор"), _text(50), required=True)
INN = Column("inn", ("ИНН",), v.parse_inn, required=True)
KPP = Column("kpp", ("КПП",), v.parse_kpp, required=True)
EXTERNAL_ID = Column("external_id", ("Код",), _text(64), required=True)

KINDS: dict[str, FileKind] = {
    kind.name: kind
    for kind in (
        FileKind(
            "abonents",
            "абоненты",
            (
                INN,
                KPP,
                Column("name", ("Абонент", "Наименование"), _text(255), required=True),
                Column("branch", ("Филиал",), _text(200), required=True),
                Column("email", ("Email", "E-mail", "Электронная почта"), v.parse_email),
                Column("contact_person", ("Контактное лицо",), _text(255)),
                Column("phone", ("Телефон",), _text(100)),
            ),
            key=("inn", "kpp"),
        ),
        FileKind(
            "contracts",
            "договоры",
            (
                CONTRACT_NO,
                INN,
                KPP,
                Column("goods", ("Вид товара",), _text(100), required=True),
                Column("start_date", ("Дата начала",), v.parse_date, required=True),
                Column("end_date", ("Дата окончания",), v.parse_date),
                Column("status", ("Статус",), _text(50), required=True),
                Column("tariff_group", ("Тарифная группа",), _text(100)),
            ),
            key=("contract_no",),
        ),
        FileKind(
            "curators",
            "кураторы договоров",
            (
                CONTRACT_NO,
                Column("position", ("Должность",), _text(255), required=True),
                Column("full_name", ("ФИО",), _text(255), required=True),
                Column("phone", ("Телефон",), _text(100)),
            ),
            snapshot_by_contract=True,
        ),
        FileKind(
            "payment_terms",
            "условия оплаты",
            (
                CONTRACT_NO,
                Column("day", ("Дата оплаты",), v.parse_day, required=True),
                Column("percent", ("%% по договору", "% по договору"), v.parse_percent),
                Column("kind", ("Виды платежей", "Вид платежа"), _text(255), required=True),
                Column("next_month", ("В следующем месяце", "Следующий месяц"), v.parse_bool),
            ),
            snapshot_by_contract=True,
        ),
        FileKind(
            "payments",
            "оплаты",
            (
                EXTERNAL_ID,
                CONTRACT_NO,
                Column("number", ("№ документа оплаты",), _text(50), required=True),
                Column("date", ("Дата оплаты",), v.parse_date, required=True),
                Column("period", ("Отчетный период",), v.parse_period, required=True),
                Column("amount", ("Сумма оплаты",), v.parse_amount, required=True),
                Column("kind", ("Вид реализации",), _text(100), required=True),
                Column("purpose", ("Назначение платежа",), _text(10_000)),
            ),
            key=("external_id",),
        ),
        FileKind(
            "documents",
            "платежные документы",
            (
                EXTERNAL_ID,
                CONTRACT_NO,
                Column("doc_type", ("Тип документа", "Вид документа"), parse_doc_type, required=True),
                Column("name", ("Наименование",), _text(255), required=True),
                Column("number", ("№ документа",), _text(100), required=True),
                Column("date", ("Дата документа",), v.parse_date, required=True),
                Column("period", ("Период начислений",), v.parse_period, required=True),
                Column("accrued", ("Начислено", "Начислено (в т.ч. НДС), руб"), v.parse_amount),
                Column("paid", ("Оплачено", "Оплачено (в т.ч. НДС), руб"), v.parse_amount),
                Column("debt", ("Задолженность", "Задолженность, руб"), v.parse_amount),
                Column("kind", ("Вид реализации",), _text(100), required=True),
                Column("vat_rate", ("Ставка НДС, %", "Ставка НДС"), v.parse_percent),
                Column("due_date", ("Срок оплаты",), v.parse_date),
            ),
            key=("external_id",),
        ),
        FileKind(
            "debts",
            "задолженность",
            (
                INN,
                KPP,
                CONTRACT_NO,
                Column("as_of", ("Дата",), v.parse_date, required=True),
                Column("debt", ("Задолженность",), v.parse_amount, required=True),
                Column("penalties", ("Пени",), v.parse_amount, required=True),
            ),
            key=("inn", "kpp", "contract_no", "as_of"),
        ),
        FileKind(
            "tariffs",
            "тарифы",
            (
                EXTERNAL_ID,
                Column("branch", ("Филиал",), _text(200)),
                Column("tariff_group", ("Тарифная группа",), _text(100)),
                Column("name", ("Наименование",), _text(255), required=True),
                Column("unit", ("Ед. изм.", "Единица измерения"), _text(50), required=True),
                Column("rate", ("Тариф без НДС", "Тариф"), v.parse_amount, required=True),
                Column("vat_rate", ("Ставка НДС, %", "Ставка НДС"), v.parse_percent),
                Column("valid_from", ("Действует с",), v.parse_date, required=True),
                Column("valid_to", ("Действует по",), v.parse_date),
                Column("decree", ("Нормативный документ",), _text(500)),
                Column("decree_url", ("Ссылка",), v.parse_url),
            ),
            key=("external_id",),
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
