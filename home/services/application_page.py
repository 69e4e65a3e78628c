"""The /zayavka/ page of the site tree, for the demo loader and fresh installs (idempotent)."""

from home.models import ApplicationFormPage, HomePage

INTRO = (
    "<p>Для регистрации в Личном кабинете заполните и подпишите заявку на регистрацию абонента "
    "ОАО «Генерирующая компания». Бланк можно скачать и заполнить от руки или заполнить на сайте и "
    "скачать готовую заявку.</p>"
)
DONE_TEXT = (
    "<p>После занесения информации ответственным сотрудником в программу вы получите Регистрационную карту, "
    "а на email из заявки придет письмо со ссылкой для активации личного кабинета.</p>"
)


def application_page_ensure(*, parent: HomePage) -> ApplicationFormPage:
    existing = ApplicationFormPage.objects.first()
    if existing:
        return existing
    page = ApplicationFormPage(title="Заявка на регистрацию", slug="zayavka", intro=INTRO, done_text=DONE_TEXT)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
