"""Notifications: each kind made once by the import or the daily job, never again for a re-applied file."""

import datetime
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from lk_portal.domain import notifications as kinds
from lk_portal.models import Abonent, ImportRun, Notification, NotificationSettings, OutgoingLetter
from lk_portal.services.billing_import import billing_package_import
from lk_portal.services.notifications import (
    notification_digests_send,
    notification_settings_save,
    notifications_daily,
    notifications_mark_read,
)
from tests.factories import BillingDocumentFactory, ContractFactory, DebtSnapshotFactory, UserFactory
from tests.lk_portal.exchange.helpers import GUIDE_PAYMENTS, INN, KPP, guide_package, write_csv

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _september_2015():
    """The guide's days: what an import adds is news when it is recent."""
    with time_machine.travel(datetime.datetime(2015, 9, 10, 12, 0, tzinfo=ZoneInfo("Europe/Moscow")), tick=False):
        yield


def _import(*paths):
    run = billing_package_import(paths=list(paths), source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.OK, run.errors
    return run


def _kinds(user) -> Counter:
    return Counter(Notification.objects.filter(user=user).values_list("kind", flat=True))


@pytest.fixture
def guide_user(tmp_path):
    """The guide's package imported once (before anyone could be told), then its abonent's account."""
    folder = guide_package(tmp_path / "pkg")
    _import(folder)
    user = UserFactory(abonent=Abonent.objects.get(inn=INN, kpp=KPP), email="buh@example.ru")
    return user, folder


def _new_rows(folder):
    payments = write_csv(
        folder / "payments_2015-05-18.csv",
        [GUIDE_PAYMENTS[0], ["P-99", "05 Т", "99", "09.09.15", "2015,09", "1 000,00", "Аванс", "аванс за сентябрь"]],
    )
    documents = write_csv(
        folder / "documents_2015-05.csv",
        [
            ["Код", "№ договора", "doc_type", "Наименование", "№ документа", "Дата документа", "Период начислений"]
            + ["Начислено", "Оплачено", "Задолженность", "Вид реализации", "Ставка НДС, %", "Срок оплаты"],
            ["D-9", "05 Т", "invoice", "за тепло", "Счет-фактура №9/70", "31.08.15", "2015,08"]
            + ["2 000,00", "0,00", "2 000,00", "Основная реализация", "18", "10.09.2015"],
        ],
    )
    debts = write_csv(
        folder / "debts_2015-06.csv",
        [
            ["inn", "kpp", "contract_no", "as_of", "debt", "penalties"],
            [INN, KPP, "05 Т", "08.09.2015", "9 012,50", "12,50"],
        ],
    )
    return payments, documents, debts


def test_an_import_tells_what_it_added_once_and_a_reapplied_file_nothing(guide_user):
    user, folder = guide_user
    notification_settings_save(
        user=user, kinds_on=[k.key for k in kinds.offered_kinds()], email_mode="each", debt_threshold=Decimal("5000")
    )
    assert not Notification.objects.exists()  # the first import had no one to tell
    new_files = _new_rows(folder)
    _import(*new_files)
    assert _kinds(user) == {
        kinds.DOCUMENT_ISSUED: 1,
        kinds.PAYMENT_CREDITED: 1,
        kinds.DEBT_OVER: 1,
        kinds.PENALTIES: 1,
    }
    issued = Notification.objects.get(kind=kinds.DOCUMENT_ISSUED)
    assert issued.title == "Выставлен документ Счет-фактура №9/70 от 31.08.2015"
    assert "к оплате 2 000,00 руб., срок оплаты 10.09.2015" in issued.text and issued.link == "/lk/to-pay/"
    paid = Notification.objects.get(kind=kinds.PAYMENT_CREDITED)
    assert paid.title == "Зачислена оплата 1 000,00 руб." and "№ 99 от 09.09.2015" in paid.text
    over = Notification.objects.get(kind=kinds.DEBT_OVER)
    assert over.title == "Задолженность 9 012,50 руб. превысила порог 5 000,00 руб."
    letters = OutgoingLetter.objects.filter(kind="notification", recipient="buh@example.ru")
    assert letters.count() == 4
    user.refresh_from_db()
    assert user.notifications_unread == 4

    _import(*new_files)  # the same files again
    _import(folder)  # and the whole package
    assert Notification.objects.count() == 4 and letters.count() == 4
    user.refresh_from_db()
    assert user.notifications_unread == 4


def test_an_old_history_loaded_afresh_is_not_news(guide_user, tmp_path):
    user, _ = guide_user
    old = write_csv(
        tmp_path / "payments_old.csv",
        [GUIDE_PAYMENTS[0], ["P-OLD", "05 Т", "1", "10.01.15", "2015,01", "1,00", "Аванс", "старая оплата"]],
    )
    _import(old)
    assert not Notification.objects.filter(user=user).exists()


def test_debt_over_the_threshold_is_told_at_each_crossing(guide_user, tmp_path):
    user, folder = guide_user
    notification_settings_save(user=user, kinds_on=[kinds.DEBT_OVER], email_mode="off", debt_threshold=Decimal("100"))

    def line(day, debt):
        return write_csv(
            tmp_path / f"debts_{day}.csv",
            [["inn", "kpp", "contract_no", "as_of", "debt", "penalties"], [INN, KPP, "05 Т", day, debt, "0,00"]],
        )

    _import(line("01.10.2015", "500,00"))
    _import(line("02.10.2015", "600,00"))  # still over: told already
    assert _kinds(user) == {kinds.DEBT_OVER: 1}
    _import(line("03.10.2015", "50,00"))  # back under
    _import(line("04.10.2015", "700,00"))  # over again
    assert _kinds(user) == {kinds.DEBT_OVER: 2}
    assert not OutgoingLetter.objects.exists()  # e-mail switched off


def test_a_kind_switched_off_makes_nothing(guide_user):
    user, folder = guide_user
    notification_settings_save(user=user, kinds_on=[kinds.PAYMENT_CREDITED], email_mode="each", debt_threshold=None)
    _import(*_new_rows(folder))
    assert _kinds(user) == {kinds.PAYMENT_CREDITED: 1}


def test_another_abonents_rows_tell_this_one_nothing(guide_user, tmp_path):
    user, folder = guide_user
    other = UserFactory()
    _import(*_new_rows(folder))
    assert not Notification.objects.filter(user=other).exists()
    assert Notification.objects.filter(user=user).exists()


def test_daily_job_tells_newly_overdue_documents_пени_and_important_news_once(abonent_user):
    contract = abonent_user.abonent.contracts.get()
    today = D(2015, 9, 7)
    BillingDocumentFactory(contract=contract, external_id="D-OVERDUE", due_date=D(2015, 9, 6), debt=Decimal("10.00"))
    BillingDocumentFactory(contract=contract, external_id="D-OLD", due_date=D(2015, 7, 1), debt=Decimal("10.00"))
    BillingDocumentFactory(contract=contract, external_id="D-PAID", due_date=D(2015, 9, 5), debt=Decimal("0.00"))
    BillingDocumentFactory(contract=contract, external_id="D-NOT-YET", due_date=D(2015, 9, 7), debt=Decimal("5.00"))
    DebtSnapshotFactory(contract=contract, as_of=D(2015, 8, 31), debt=Decimal("10.00"), penalties=Decimal("0.00"))
    DebtSnapshotFactory(contract=contract, as_of=D(2015, 9, 6), debt=Decimal("21.20"), penalties=Decimal("1.20"))
    BillingDocumentFactory(contract=ContractFactory(), due_date=D(2015, 9, 6), debt=Decimal("10.00"))
    news = _important_news()

    first = notifications_daily(today=today)
    again = notifications_daily(today=today)
    assert first.created == {kinds.DOCUMENT_OVERDUE: 1, kinds.PENALTIES: 1, kinds.NEWS_IMPORTANT: 1}
    assert again.total == 0
    overdue = Notification.objects.get(kind=kinds.DOCUMENT_OVERDUE)
    assert "D-OVERDUE" in overdue.dedup_key and "дней просрочки: 1" in overdue.text
    assert Notification.objects.get(kind=kinds.NEWS_IMPORTANT).link == f"/lk/news/{news.pk}/"
    assert Notification.objects.filter(user=abonent_user).count() == 3


def _important_news():
    from news.models import NewsPage
    from tests.factories.pages import news_publish

    page = news_publish("Важно: новые тарифы", summary="Кратко о тарифах")
    NewsPage.objects.filter(pk=page.pk).update(important_update_at=timezone.now())
    return page


def test_digest_gathers_the_days_notifications_into_one_letter(abonent_user):
    contract = abonent_user.abonent.contracts.get()
    notification_settings_save(
        user=abonent_user, kinds_on=[k.key for k in kinds.offered_kinds()], email_mode="digest", debt_threshold=None
    )
    for n in range(3):
        BillingDocumentFactory(contract=contract, external_id=f"D-{n}", due_date=D(2015, 9, 6), debt=Decimal("1.00"))
    notifications_daily(today=D(2015, 9, 7))
    assert not OutgoingLetter.objects.exists()
    assert notification_digests_send(today=D(2015, 9, 7)) == 1
    assert notification_digests_send(today=D(2015, 9, 7)) == 0
    letter = OutgoingLetter.objects.get()
    assert letter.kind == "notification_digest" and letter.subject == "Уведомления личного кабинета за 07.09.2015: 3"
    assert letter.body.count("Просрочен документ") == 3


def test_mark_read_keeps_the_counter(abonent_user):
    contract = abonent_user.abonent.contracts.get()
    for n in range(2):
        BillingDocumentFactory(contract=contract, external_id=f"D-{n}", due_date=D(2015, 9, 6), debt=Decimal("1.00"))
    notifications_daily(today=D(2015, 9, 7))
    abonent_user.refresh_from_db()
    assert abonent_user.notifications_unread == 2
    first = Notification.objects.filter(user=abonent_user).first()
    assert notifications_mark_read(user=abonent_user, ids=[first.pk]) == 1
    assert abonent_user.notifications_unread == 1
    assert notifications_mark_read(user=abonent_user) == 1
    abonent_user.refresh_from_db()
    assert abonent_user.notifications_unread == 0


def test_a_new_threshold_is_watched_afresh(abonent_user):
    contract = abonent_user.abonent.contracts.get()
    DebtSnapshotFactory(contract=contract, as_of=D(2015, 9, 7), debt=Decimal("1000.00"))
    notification_settings_save(
        user=abonent_user, kinds_on=[kinds.DEBT_OVER], email_mode="off", debt_threshold=Decimal(1)
    )
    notifications_daily(today=D(2015, 9, 7))
    assert NotificationSettings.objects.get(user=abonent_user).debt_over_since == D(2015, 9, 7)
    notification_settings_save(
        user=abonent_user, kinds_on=[kinds.DEBT_OVER], email_mode="off", debt_threshold=Decimal(2)
    )
    assert NotificationSettings.objects.get(user=abonent_user).debt_over_since is None
