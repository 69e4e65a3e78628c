"""Billing files written the way the billing side may write them, and rows run through the writers, for tests."""

import csv
import datetime
import io
from pathlib import Path

from openpyxl import Workbook

from lk_portal.exchange.header import read_header
from lk_portal.exchange.kinds import KINDS
from lk_portal.exchange.records import RecordReader
from lk_portal.services.billing_apply import applier_for
from lk_portal.services.billing_lookups import Lookups


def write_csv(path: Path, rows: list[list], *, encoding: str = "utf-8", delimiter: str = ";") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("Второй лист").append(["ignored"])
    workbook.save(path)
    return path


GUIDE_PAYMENTS = [
    [
        "Код",
        "№ договора",
        "№ документа оплаты",
        "Дата оплаты",
        "Отчетный период",
        "Сумма оплаты",
        "Вид реализации",
        "Назначение платежа",
    ],
    [
        "P-86",
        "05 Т",
        "86",
        "17.04.15",
        "2015,04",
        "7 220,27",
        "Аванс",
        "Оплата услуг подачи теплоэнергии ... аванс за 1 пол.апреля 2015г.по сч.374/70 от 26.03.15 Сумма 7220-27 В т.ч. НДС (18%) 1101-40",
    ],
    [
        "P-74",
        "05 Т",
        "74",
        "30.03.15",
        "2015,03",
        "16 503,48",
        "Аванс",
        "Оплата услуг подачи теплоэнергии ... аванс за 2 пол.марта 2015г.по счету №1154/70 от 20.02.2015г. Сумма 16503-48 В т.ч. НДС (18%) 2517-48",
    ],
]

INN, KPP = "1655123456", "165501001"


def guide_package(folder):
    """The guide's abonent, contract «05 Т» and rows, one file per kind, as the billing side writes them."""
    folder.mkdir(exist_ok=True)
    write_csv(
        folder / "abonents.csv",
        [
            ["ИНН", "КПП", "Абонент", "Филиал", "Email", "Контактное лицо", "Телефон"],
            [
                INN,
                KPP,
                "ОАО «Тест»",
                "Казанские тепловые сети",
                "buh@example.ru",
                "Иванова Мария Петровна",
                "(843) 555-00-00",
            ],
        ],
        encoding="cp1251",
    )
    write_csv(
        folder / "contracts.csv",
        [
            ["contract_no", "inn", "kpp", "goods", "start_date", "end_date", "status", "tariff_group"],
            ["05 Т", INN, KPP, "Тепло", "01.10.2004", "", "Активный", "Прочие"],
        ],
        delimiter=",",
    )
    write_csv(
        folder / "curators.csv",
        [
            ["№ договора", "Должность", "ФИО", "Телефон"],
            ["05 Т", "Инженер", "Хлынова Ирина Владимировна", "567-77-94"],
            ["05 Т", "Бухгалтер", "Петрова Анна Сергеевна", "567-77-95"],
        ],
        encoding="utf-8-sig",
    )
    write_csv(
        folder / "payment_terms.csv",
        [
            ["№ договора", "Дата оплаты", "%% по договору", "Виды платежей", "next_month"],
            ["05 Т", "18", "35", "Аванс, % от договорных", "0"],
            ["05 Т", "27", "50", "Аванс, % от договорных", "0"],
            ["05 Т", "10", "", "Окончательный расчет", "1"],
        ],
        delimiter="\t",
    )
    write_csv(folder / "payments_2015-04-17.csv", GUIDE_PAYMENTS, encoding="cp1251")
    write_xlsx(
        folder / "Documents.xlsx",
        [
            [
                "Код",
                "№ договора",
                "doc_type",
                "Наименование",
                "№ документа",
                "Дата документа",
                "Период начислений",
                "Начислено",
                "Оплачено",
                "Задолженность",
                "Вид реализации",
                "Ставка НДС, %",
                "Срок оплаты",
            ],
            [
                "D-1",
                "05 Т",
                "invoice",
                "за тепло",
                "Счет-фактура №702227301/70",
                datetime.datetime(2015, 4, 30),
                "2015,04",
                16503.48,
                "16 503,48",
                "0,00",
                "Основная реализация",
                18,
                None,
            ],
            [
                "D-2",
                "05 Т",
                "Счет на оплату",
                "аванс",
                "374/70",
                "26.03.15",
                "2015-04",
                "7 220,27",
                None,
                "7220.27",
                "Аванс",
                "18",
                "18.04.2015",
            ],
        ],
    )
    write_csv(
        folder / "debts.csv",
        [
            ["inn", "kpp", "contract_no", "as_of", "debt", "penalties"],
            [INN, KPP, "05 Т", "07.09.2015", "-17,51", "0,00"],
        ],
    )
    write_csv(
        folder / "tariffs.csv",
        [
            [
                "Код",
                "Филиал",
                "Тарифная группа",
                "Наименование",
                "Ед. изм.",
                "Тариф без НДС",
                "Ставка НДС, %",
                "Действует с",
                "Действует по",
                "Нормативный документ",
                "Ссылка",
            ],
            [
                "T-1",
                "kazan",
                "",
                "Тепловая энергия",
                "Гкал",
                "1 234,56",
                "18",
                "01.07.2015",
                "",
                "Постановление № 1",
                "https://example.ru/decree/1",
            ],
            ["T-2", "", "Прочие", "Теплоноситель", "м3", "25,10", "", "2015-07-01", "2015-12-31", "", ""],
        ],
    )
    return folder


def apply_rows(kind: str, rows: list[list], *, name: str | None = None):
    """Rows (the header first) read and written by the Python path's applier: (counts or None, problems, applier).

    The counts are None when a row was refused; then the caller's transaction holds what was written.
    """
    table = read_header(rows[0], kind=KINDS[kind], name=name or f"{kind}.csv")
    applier = applier_for(table, Lookups())
    problems = []
    with applier:
        for number, record, found in RecordReader(table).records(rows[1:]):
            if found:
                applier.failed = True
                problems.extend(found)
            elif problem := applier.add(number, record):
                problems.append(problem)
    return (None if problems else applier.finish()), problems, applier
