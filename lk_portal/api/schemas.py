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


# --- Writes: readings and requests --------------------------------------------------------------

NUMBER = "десятичная строка или число (запятая или точка)"


class ProblemOut(Schema):
    row: int | None = Field(description="Номер показания в запросе, с 1 (null — о запросе в целом)")
    code: str = Field(description="Код для программ: outside_window, decreasing, implausible, duplicate, …")
    message: str = Field(description="Сообщение для человека — то же, что на странице «Передача показаний»")


class RefusedOut(ErrorOut):
    problems: list[ProblemOut] = Field(description="Что не так, по строкам")


class ReadingIn(Schema):
    unit: int | str = Field(description="Узел учета: id из /metering-units или его код (unit_id)")
    period: str = Field(description="Отчетный период, ГГГГ-ММ", examples=["2026-11"])
    taken_on: str = Field(description="Дата снятия, ГГГГ-ММ-ДД", examples=["2026-11-25"])
    heat_total: str | int | float = Field(description=f"Тепловая энергия нарастающим итогом, Гкал ({NUMBER})")
    water_total: str | int | float | None = Field(None, description=f"Теплоноситель нарастающим итогом ({NUMBER})")
    hours_total: str | int | float | None = Field(None, description=f"Время работы нарастающим итогом, ч ({NUMBER})")
    comment: str = Field("", description="Комментарий (обязателен для неправдоподобного расхода)")


class ReadingsIn(Schema):
    readings: list[ReadingIn] = Field(description="Показания: до 500 за один запрос")
    dry_run: bool = Field(False, description="Только проверить, ничего не сохраняя (как «Проверить» на странице)")


class ReadingsResultOut(Schema):
    saved: bool = Field(description="Показания сохранены (false — только проверка, dry_run)")
    items: list[ReadingOut] = Field(description="Сохраненные показания (пусто при dry_run)")
    warnings: list[ProblemOut] = Field(description="Предупреждения: показания приняты, но на это стоит посмотреть")


class RequestKindOut(Schema):
    code: str = Field(description="Код типа — для поля kind при подаче обращения")
    name: str = Field(description="Тип обращения")
    due_days: int = Field(description="Срок рассмотрения, рабочих дней")


class AttachmentOut(Schema):
    id: int = Field(description="Идентификатор файла")
    name: str = Field(description="Имя файла")
    content_type: str = Field(description="Тип содержимого")
    size: int = Field(description="Размер, байт")
    url: str = Field(description="Адрес для скачивания через API")


class RequestOut(Schema):
    id: int = Field(description="Идентификатор")
    number: str = Field(description="Номер обращения")
    kind: str = Field(description="Код типа обращения")
    kind_title: str = Field(description="Тип обращения")
    contract_id: int | None = Field(description="Договор (null — по всем договорам организации)")
    subject: str = Field(description="Тема")
    text: str = Field(description="Текст обращения")
    status: str = Field(description="Статус: new, in_work, awaiting (ожидает ответа абонента), resolved, closed")
    status_title: str = Field(description="Статус по-русски")
    created_at: datetime.datetime = Field(description="Подано")
    due_date: datetime.date = Field(description="Срок ответа")
    finished_at: datetime.datetime | None = Field(description="Решено или закрыто")
    last_reply_at: datetime.datetime | None = Field(description="Последний ответ сотрудника")
    last_reply_text: str = Field(description="Начало последнего ответа сотрудника")
    updated_at: datetime.datetime = Field(description="Изменено")


class MessageOut(Schema):
    id: int = Field(description="Идентификатор")
    from_staff: bool = Field(description="От сотрудника теплоснабжающей организации")
    author: str = Field(description="Автор")
    text: str = Field(description="Текст")
    created_at: datetime.datetime = Field(description="Создано")
    attachments: list[AttachmentOut] = Field(description="Файлы сообщения")


class RequestDetailOut(RequestOut):
    attachments: list[AttachmentOut] = Field(description="Файлы, приложенные к обращению")
    messages: list[MessageOut] = Field(description="Переписка, старые сначала")


class RequestIn(Schema):
    kind: str = Field(description="Код типа обращения из /request-kinds")
    contract: int | None = Field(None, description="Идентификатор договора (обязателен при доступе к части договоров)")
    subject: str = Field(description="Тема")
    text: str = Field(description="Текст обращения")


class ReplyIn(Schema):
    text: str = Field(description="Текст сообщения")
