"""Demo news items under the news index (idempotent by slug)."""

import datetime

from news.models import NewsIndexPage, NewsPage, NewsTopic

TOPICS = [
    ("Изменения законодательства", "zakonodatelstvo"),
    ("Тарифы", "tarify"),
    ("Новые сервисы", "novye-servisy"),
    ("Прочее", "prochee"),
]

NEWS = [
    (
        "tarify-2015-07",
        "Тарифы",
        datetime.date(2015, 6, 22),
        "С 1 июля 2015 года изменяются тарифы на тепловую энергию",
        "Постановлением Государственного комитета Республики Татарстан по тарифам установлены новые тарифы.",
        "<p>С 01.07.2015 вводятся в действие тарифы на тепловую энергию, установленные постановлением "
        "Государственного комитета Республики Татарстан по тарифам. Действующие тарифы по вашим договорам — "
        "на вкладке «Тарифы» личного кабинета.</p>",
    ),
    (
        "akt-sverki",
        "Новые сервисы",
        datetime.date(2015, 8, 3),
        "В личном кабинете появился акт сверки взаимных расчетов",
        "Сформируйте акт сверки за любой период и распечатайте его.",
        "<p>На вкладке «Акт сверки» можно сформировать акт сверки взаимных расчетов по договору за выбранный "
        "период и выгрузить его в PDF или XLSX.</p>",
    ),
    (
        "federalnyj-zakon-307",
        "Изменения законодательства",
        datetime.date(2015, 12, 1),
        "Федеральный закон № 307-ФЗ: новый порядок расчета пени",
        "С 01.01.2016 пени за просрочку оплаты тепловой энергии рассчитываются по новым правилам.",
        "<p>Федеральным законом от 03.11.2015 № 307-ФЗ изменен порядок начисления пени за несвоевременную "
        "оплату тепловой энергии. Просим своевременно оплачивать выставленные документы.</p>",
    ),
    (
        "grafik-raboty",
        "Прочее",
        datetime.date(2015, 12, 25),
        "График работы абонентских отделов в праздничные дни",
        "Абонентские отделы филиалов не работают с 1 по 10 января.",
        "<p>Уважаемые абоненты! Абонентские отделы филиалов ОАО «Генерирующая компания» не работают с 1 по "
        "10 января. Личный кабинет доступен круглосуточно.</p>",
    ),
]


def demo_news_ensure(*, index: NewsIndexPage) -> None:
    topics = {}
    for order, (name, slug) in enumerate(TOPICS):
        topic, _ = NewsTopic.objects.get_or_create(name=name, defaults={"slug": slug, "sort_order": order})
        topics[name] = topic
    for slug, topic, date, title, summary, body in NEWS:
        if NewsPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        page = NewsPage(slug=slug, title=title, date=date, topic=topics[topic], summary=summary, body=body)
        index.add_child(instance=page)
        page.save_revision().publish()
