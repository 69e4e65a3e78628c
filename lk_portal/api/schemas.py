"""The API's documents: each field with its Russian title (the OpenAPI schema's descriptions).

Money is a decimal string to the kopeck (`"7220.27"`), Гкал a decimal string of 3 places, dates ISO
8601, periods `YYYY-MM`; every collection answers a `Page` of its items.
"""

from __future__ import annotations

import datetime
from typing import Generic, TypeVar

from ninja import Field, Schema

T = TypeVar("T")
MONEY = "десятичная строка, руб., две цифры после точки"


class ErrorOut(Schema):
    code: str = Field(description="Код ошибки для программ")
    message: str = Field(description="Сообщение для человека")


class Page(Schema, Generic[T]):
    items: list[T] = Field(description="Записи страницы")
    next_cursor: str | None = Field(description="Курсор следующей страницы; null — это последняя страница")
    next_updated_since: datetime.datetime | None = Field(
        description="На последней странице: значение updated_since для следующей синхронизации"
    )


class ListParams(Schema):
    limit: int = Field(100, ge=1, le=500, description="Записей на странице (1–500)")
    cursor: str | None = Field(None, description="next_cursor из предыдущего ответа")
    updated_since: datetime.datetime | None = Field(
        None, description="Только записи, измененные с этого момента (ISO 8601; без зоны — время московское)"
    )
    contract: int | None = Field(None, description="Идентификатор договора: только его записи")


class ContractOut(Schema):
    id: int = Field(description="Идентификатор договора")
    number: str = Field(description="№ договора")
    goods: str = Field(description="Вид товара")
    start_date: datetime.date = Field(description="Дата начала")
    end_date: datetime.date | None = Field(description="Дата окончания")
    status: str = Field(description="Статус")
    tariff_group: str = Field(description="Тарифная группа")
    contract_amount: str | None = Field(description=f"Договорная сумма в месяц ({MONEY})")
    updated_at: datetime.datetime = Field(description="Изменено")


class CuratorOut(Schema):
    id: int = Field(description="Идентификатор")
    contract_id: int = Field(description="Договор")
    position: str = Field(description="Должность")
    full_name: str = Field(description="ФИО")
    phone: str = Field(description="Телефон")
    sort_order: int = Field(description="Порядок")
    updated_at: datetime.datetime = Field(description="Изменено")


class PaymentTermOut(Schema):
    id: int = Field(description="Идентификатор")
    contract_id: int = Field(description="Договор")
    day: int = Field(description="Дата оплаты (число месяца)")
    percent: str | None = Field(description="% по договору")
    kind: str = Field(description="Виды платежей")
    next_month: bool = Field(description="В следующем месяце")
    updated_at: datetime.datetime = Field(description="Изменено")


class PaymentOut(Schema):
    id: int = Field(description="Идентификатор")
    external_id: str = Field(description="Код в биллинге")
    contract_id: int = Field(description="Договор")
    number: str = Field(description="№ документа оплаты")
    date: datetime.date = Field(description="Дата оплаты")
    period: str = Field(description="Отчетный период, ГГГГ-ММ")
    amount: str = Field(description=f"Сумма оплаты ({MONEY})")
    kind: str = Field(description="Вид реализации")
    purpose: str = Field(description="Назначение платежа")
    updated_at: datetime.datetime = Field(description="Изменено")


class DocumentOut(Schema):
    id: int = Field(description="Идентификатор")
    external_id: str = Field(description="Код в биллинге")
    contract_id: int = Field(description="Договор")
    doc_type: str = Field(description="Тип документа: invoice — счет-фактура, bill — счет на оплату")
    name: str = Field(description="Наименование")
    number: str = Field(description="№ документа")
    date: datetime.date = Field(description="Дата документа")
    period: str = Field(description="Период начислений, ГГГГ-ММ")
    accrued: str | None = Field(description=f"Начислено, в т.ч. НДС ({MONEY})")
    paid: str | None = Field(description=f"Оплачено, в т.ч. НДС ({MONEY})")
    debt: str | None = Field(description=f"Задолженность ({MONEY})")
    kind: str = Field(description="Вид реализации")
    vat_rate: str | None = Field(description="Ставка НДС, %")
    due_date: datetime.date | None = Field(description="Срок оплаты")
    penalties: str | None = Field(description=f"Пени ({MONEY})")
    updated_at: datetime.datetime = Field(description="Изменено")


class DebtOut(Schema):
    id: int = Field(description="Идентификатор")
    contract_id: int = Field(description="Договор")
    as_of: datetime.date = Field(description="Дата")
    debt: str = Field(description=f"Задолженность ({MONEY})")
    penalties: str = Field(description=f"Пени ({MONEY})")
    updated_at: datetime.datetime = Field(description="Изменено")


class TariffOut(Schema):
    id: int = Field(description="Идентификатор")
    external_id: str = Field(description="Код в биллинге")
    tariff_group: str = Field(description="Тарифная группа (пусто — для всех)")
    name: str = Field(description="Наименование")
    unit: str = Field(description="Ед. изм.")
    rate: str = Field(description=f"Тариф без НДС ({MONEY})")
    vat_rate: str | None = Field(description="Ставка НДС, %")
    valid_from: datetime.date = Field(description="Действует с")
    valid_to: datetime.date | None = Field(description="Действует по")
    decree: str = Field(description="Нормативный документ")
    updated_at: datetime.datetime = Field(description="Изменено")


class MeteringUnitOut(Schema):
    id: int = Field(description="Идентификатор")
    unit_id: str = Field(description="Код узла учета")
    contract_id: int = Field(description="Договор")
    address: str = Field(description="Адрес объекта")
    object_name: str = Field(description="Наименование объекта")
    calculator: str = Field(description="Тепловычислитель")
    serial_no: str = Field(description="Заводской номер")
    resources: list[str] = Field(description="Ресурсы: heat — тепловая энергия, water — теплоноситель")
    verification_due: datetime.date | None = Field(description="Дата очередной поверки")
    window_from: int = Field(description="Прием показаний с (число месяца)")
    window_to: int = Field(description="Прием показаний по (число месяца)")
    updated_at: datetime.datetime = Field(description="Изменено")


class ConsumptionOut(Schema):
    id: int = Field(description="Идентификатор")
    unit: int = Field(description="Узел учета (id)")
    period: str = Field(description="Отчетный период, ГГГГ-ММ")
    heat_gcal: str = Field(description="Тепловая энергия, Гкал (три знака после точки)")
    water: str | None = Field(description="Теплоноситель, т или м³")
    hours: str | None = Field(description="Время работы, ч")
    method: str = Field(description="Способ: meter — по прибору учета, calc — расчетным способом")
    outdoor_temp: str | None = Field(description="Средняя температура наружного воздуха, °C")
    updated_at: datetime.datetime = Field(description="Изменено")


class ReadingOut(Schema):
    id: int = Field(description="Идентификатор")
    unit: int = Field(description="Узел учета (id)")
    period: str = Field(description="Отчетный период, ГГГГ-ММ")
    taken_on: datetime.date = Field(description="Дата снятия")
    heat_gcal_total: str = Field(description="Тепловая энергия нарастающим итогом, Гкал")
    water_total: str | None = Field(description="Теплоноситель нарастающим итогом")
    hours_total: str | None = Field(description="Время работы нарастающим итогом, ч")
    source: str = Field(description="Источник: form, template, archive, api")
    status: str = Field(description="Статус: pending, sent, accepted, rejected")
    status_title: str = Field(description="Статус по-русски")
    reason: str = Field(description="Причина отклонения")
    submitted_at: datetime.datetime = Field(description="Передано")
    updated_at: datetime.datetime = Field(description="Изменено")


class NewsOut(Schema):
    id: int = Field(description="Идентификатор")
    title: str = Field(description="Заголовок")
    date: datetime.date = Field(description="Дата новости")
    topic: str | None = Field(description="Тема")
    summary: str = Field(description="Кратко")
    body_html: str = Field(description="Текст (HTML)")
    url: str = Field(description="Адрес в личном кабинете")
    is_unread: bool = Field(description="Не прочитана")
    updated_at: datetime.datetime = Field(description="Опубликовано или изменено")


class DeletedOut(Schema):
    id: int = Field(description="Идентификатор удаленной записи в её коллекции")
    table: str = Field(description="Коллекция: payments, billing-documents, …")
    key: str = Field(description="Код записи в биллинге (если есть)")
    contract_id: int | None = Field(description="Договор")
    deleted: bool = Field(True, description="Всегда true")
    deleted_at: datetime.datetime = Field(description="Удалено")


class DeletedParams(ListParams):
    table: str | None = Field(None, description="Только удаления этой коллекции")


class ActParams(Schema):
    date_from: datetime.date = Field(description="Период с")
    date_to: datetime.date = Field(description="Период по")
    contract: int | None = Field(None, description="Договор; без него — по всем договорам")


class ActLineOut(Schema):
    kind: str = Field(description="invoice — начисление, payment — оплата")
    date: datetime.date = Field(description="Дата")
    number: str = Field(description="№ документа")
    contract_number: str = Field(description="№ договора")
    debit: str | None = Field(description=f"Дебет ({MONEY})")
    credit: str | None = Field(description=f"Кредит ({MONEY})")


class ActOut(Schema):
    date_from: datetime.date = Field(description="Период с")
    date_to: datetime.date = Field(description="Период по")
    contract_id: int | None = Field(description="Договор (null — по всем)")
    opening: str = Field(description=f"Сальдо на начало: + долг абонента, − переплата ({MONEY})")
    debit_total: str = Field(description=f"Обороты по дебету ({MONEY})")
    credit_total: str = Field(description=f"Обороты по кредиту ({MONEY})")
    closing: str = Field(description=f"Сальдо на конец ({MONEY})")
    lines: list[ActLineOut] = Field(description="Строки акта")
