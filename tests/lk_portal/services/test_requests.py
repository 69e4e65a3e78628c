"""services/requests.py: filing, numbering, files on disk, replies both ways, moves, letters once."""

import datetime
import importlib
import threading
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from lk_portal.domain.requests import RequestError, Status
from lk_portal.domain.roles import NotAllowed
from lk_portal.models import JournalEntry, Notification, NotificationSettings, OutgoingLetter, Request, RequestSequence
from lk_portal.selectors.viewer import viewer_for
from lk_portal.services import request_files
from lk_portal.services.requests import (
    request_assign,
    request_close,
    request_create,
    request_reopen,
    request_reply,
    request_set_status,
)
from tests.factories import BranchFactory, ContractFactory, UserFactory
from tests.support.files import PDF_BYTES, PNG_BYTES, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db):
    branch = BranchFactory(email="kazan-requests@example.ru")
    contract = ContractFactory(abonent__branch=branch)
    other = ContractFactory(abonent=contract.abonent, number="ДРУГОЙ-2")
    admin = UserFactory(abonent=contract.abonent)
    staff = UserFactory(abonent=None, username="operator", email="operator@example.ru", is_staff=True)
    branch.staff.add(staff)
    return {"branch": branch, "contract": contract, "other": other, "admin": admin, "staff": staff}


def member(org, role="accountant", contracts=(), name=None, **extra):
    name = name or f"{role}-{len(contracts)}@example.ru"
    return UserFactory(
        abonent=org["admin"].abonent, username=name, email=name, role=role, contracts=list(contracts), **extra
    )


def file_one(org, user=None, **kwargs):
    user = user or org["admin"]
    defaults = {
        "kind_code": "billing",
        "contract": org["contract"],
        "subject": "Не согласны со счетом за март",
        "text": "Просим пересчитать.",
        "attachments": [],
    }
    return request_create(viewer=viewer_for(user), **{**defaults, **kwargs})


def test_a_request_gets_the_years_next_number_its_due_date_and_its_first_status(org):
    with mock.patch("django.utils.timezone.now", return_value=datetime.datetime(2026, 3, 6, 9, tzinfo=datetime.UTC)):
        first = file_one(org)  # a Friday; «Вопрос по начислениям» is due in 10 working days
        second = file_one(org)
    assert (first.number, second.number) == ("2026-000001", "2026-000002")
    assert first.due_date == datetime.date(2026, 3, 20)
    assert [c.to_status for c in first.status_changes.all()] == [Status.NEW]
    assert first.author == org["admin"] and first.status == Status.NEW
    with mock.patch("django.utils.timezone.now", return_value=datetime.datetime(2027, 1, 11, 9, tzinfo=datetime.UTC)):
        assert file_one(org).number == "2027-000001"
    assert dict(RequestSequence.objects.values_list("year", "last")) == {2026: 2, 2027: 1}


def test_the_number_counts_on_from_the_sequence_row_and_never_repeats(org):
    RequestSequence.objects.create(year=timezone.localdate().year, last=122)
    assert file_one(org).number.endswith("-000123")
    numbers = [file_one(org).seq for _ in range(3)]
    assert numbers == [124, 125, 126]


def test_files_are_kept_in_the_private_folder_by_their_content(org, settings):
    upload = SimpleUploadedFile("Фото счета.png", PNG_BYTES, content_type="application/pdf")
    req = file_one(org, attachments=[upload, ("сравнение.xlsx", xlsx_bytes()), ("скан", PDF_BYTES)])
    files = list(req.attachments.order_by("id"))
    assert [(f.name, f.content_type) for f in files] == [
        ("Фото счета.png", "image/png"),
        ("сравнение.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("скан.pdf", "application/pdf"),
    ]
    for f in files:
        path = request_files.file_path(f.path)
        assert settings.LK_PRIVATE_DIR in path.parents and settings.MEDIA_ROOT not in path.parents
        assert path.stat().st_size == f.size
    assert (settings.LK_PRIVATE_DIR / files[2].path).read_bytes() == PDF_BYTES


@pytest.mark.parametrize(
    ("attachments", "code"),
    [
        ([("счет.pdf", b"just text, renamed to .pdf")], "file_type"),
        ([("пусто.pdf", b"")], "file_empty"),
        ([(f"{n}.pdf", PDF_BYTES) for n in range(6)], "too_many_files"),
    ],
)
def test_refused_files_refuse_the_request_and_leave_nothing_behind(org, settings, attachments, code):
    with pytest.raises(RequestError) as refused:
        file_one(org, attachments=[("хороший.pdf", PDF_BYTES), *attachments])
    assert refused.value.code == code
    assert not Request.objects.exists() and not OutgoingLetter.objects.exists()
    assert not [p for p in settings.LK_PRIVATE_DIR.rglob("*") if p.is_file()]


def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(org, settings):
    settings.LK_REQUEST_MAX_FILE_BYTES = 1024
    with pytest.raises(RequestError) as refused:
        file_one(org, attachments=[("большой.pdf", PDF_BYTES + b"0" * 2000)])
    assert refused.value.code == "file_too_large" and "1 КБ" in refused.value.message


def test_files_written_before_a_failure_are_removed(org, settings):
    with mock.patch("lk_portal.services.requests.request_letters.branch_letter", side_effect=RuntimeError("boom")):
        with pytest.raises(RuntimeError):
            file_one(org, attachments=[("a.pdf", PDF_BYTES)])
    assert not [p for p in settings.LK_PRIVATE_DIR.rglob("*") if p.is_file()]
    assert not Request.objects.exists()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"kind_code": "nonsense"}, "kind_unknown"),
        ({"subject": "   "}, "subject_empty"),
        ({"text": ""}, "text_empty"),
        ({"contract": "abc"}, "contract_not_found"),
    ],
)
def test_wrong_input_is_a_request_error_with_a_code_and_a_russian_message(org, change, code):
    with pytest.raises(RequestError) as refused:
        file_one(org, **change)
    assert refused.value.code == code and refused.value.message[0].isupper()


def test_another_organisations_contract_or_one_outside_the_scope_is_not_found(org):
    foreign = ContractFactory(number="ЧУЖОЙ-3")
    with pytest.raises(RequestError) as refused:
        file_one(org, contract=foreign)
    assert refused.value.code == "contract_not_found"
    scoped = member(org, contracts=[org["contract"]])
    with pytest.raises(RequestError) as refused:
        file_one(org, user=scoped, contract=org["other"].pk)
    assert refused.value.code == "contract_not_found"
    with pytest.raises(RequestError) as refused:
        file_one(org, user=scoped, contract=None)
    assert refused.value.code == "contract_required"
    assert file_one(org, contract=None).contract is None  # the whole organisation, for an unscoped member


def test_an_observer_may_not_file(org):
    with pytest.raises(NotAllowed):
        file_one(org, user=member(org, role="observer"))


def test_filing_writes_one_letter_to_the_branch_and_a_journal_entry(org):
    req = file_one(org, attachments=[("акт.pdf", PDF_BYTES)])
    letter = OutgoingLetter.objects.get(kind="request_new")
    assert letter.recipient == "kazan-requests@example.ru" and letter.dedup_key == f"request_new:{req.pk}"
    assert req.number in letter.subject and "акт.pdf" in letter.body and "Не согласны со счетом" in letter.body
    from lk_portal.services.request_letters import branch_letter

    branch_letter(req)  # told again: still one letter
    assert OutgoingLetter.objects.filter(kind="request_new").count() == 1
    entry = JournalEntry.objects.get(action="request_create")
    assert entry.user == org["admin"] and entry.object == f"Обращение № {req.number}"


def test_a_branch_without_a_mailbox_gets_no_letter(org):
    org["branch"].email = ""
    org["branch"].save()
    file_one(org)
    assert not OutgoingLetter.objects.filter(kind="request_new").exists()


def test_a_staff_answer_tells_the_submitter_and_the_members_who_opted_in_once_each(org):
    submitter = member(org, name="author@example.ru")
    opted = member(org, name="opted@example.ru")
    NotificationSettings.objects.create(user=opted, requests_of_others=True)
    opted_out_of_scope = member(org, name="scoped@example.ru", contracts=[org["other"]])
    NotificationSettings.objects.create(user=opted_out_of_scope, requests_of_others=True)
    member(org, name="silent@example.ru")  # did not opt in
    req = file_one(org, user=submitter)
    message = request_reply(req=req, text="Пересчет сделан.", staff=org["staff"], status=Status.AWAITING)
    told = Notification.objects.filter(kind="request_status")
    assert sorted(told.values_list("user__username", flat=True)) == ["author@example.ru", "opted@example.ru"]
    assert set(told.values_list("link", flat=True)) == {f"/lk/requests/{req.pk}/"}
    letters = OutgoingLetter.objects.filter(kind="notification")
    assert sorted(letters.values_list("recipient", flat=True)) == ["author@example.ru", "opted@example.ru"]
    from lk_portal.services.request_letters import abonent_told

    abonent_told(req, message=message, change=None)  # the same event again
    assert told.count() == 2 and letters.count() == 2
    request_set_status(req=req, status=Status.RESOLVED, staff=org["staff"])  # a new event: told once more each
    assert told.count() == 4 and letters.count() == 4
    req.refresh_from_db()
    assert req.last_reply_text == "Пересчет сделан." and req.status == Status.RESOLVED


def test_an_internal_note_is_hidden_and_tells_nobody(org):
    req = file_one(org)
    request_reply(req=req, text="Позвонить в бухгалтерию", staff=org["staff"], internal=True)
    assert not Notification.objects.exists()
    req.refresh_from_db()
    assert req.last_reply_at is None and req.messages.get().internal


def test_the_abonents_answer_puts_the_request_back_to_work(org):
    req = file_one(org)
    request_reply(req=req, text="Пришлите акт", staff=org["staff"], status=Status.AWAITING)
    request_reply(req=req, text="Прилагаю", viewer=viewer_for(org["admin"]), attachments=[("a.pdf", PDF_BYTES)])
    req.refresh_from_db()
    assert req.status == Status.IN_WORK
    assert [c.to_status for c in req.status_changes.all()] == [Status.NEW, Status.AWAITING, Status.IN_WORK]
    assert req.messages.last().attachments.get().name == "a.pdf"


def test_staff_of_another_branch_cannot_answer_and_the_permission_opens_all(org):
    from django.contrib.auth.models import Permission

    req = file_one(org)
    outsider = UserFactory(abonent=None, username="chelny", email="chelny@example.ru", is_staff=True)
    BranchFactory(code="chelny", name="Набережночелнинские тепловые сети").staff.add(outsider)
    with pytest.raises(RequestError) as refused:
        request_reply(req=req, text="?", staff=outsider)
    assert refused.value.code == "not_yours"
    with pytest.raises(RequestError):
        request_assign(req=req, assignee=outsider, staff=org["staff"])
    outsider.user_permissions.add(Permission.objects.get(codename="view_all_requests"))
    outsider = type(outsider).objects.get(pk=outsider.pk)  # the permission cache
    request_reply(req=req, text="Ответ", staff=outsider)
    request_assign(req=req, assignee=outsider, staff=org["staff"])
    req.refresh_from_db()
    assert req.assignee == outsider


def test_the_abonent_closes_and_reopens_within_the_window_only(org, settings):
    settings.LK_REQUESTS_REOPEN_DAYS = 30
    viewer = viewer_for(org["admin"])
    req = file_one(org)
    request_close(req=req, viewer=viewer)
    assert req.status == Status.CLOSED and req.finished_at is not None
    assert JournalEntry.objects.filter(action="request_close").count() == 1
    request_reopen(req=req, viewer=viewer)
    assert req.status == Status.IN_WORK and req.finished_at is None
    request_set_status(req=req, status=Status.RESOLVED, staff=org["staff"])
    Request.objects.filter(pk=req.pk).update(finished_at=timezone.now() - datetime.timedelta(days=31))
    req.refresh_from_db()
    with pytest.raises(RequestError) as refused:
        request_reopen(req=req, viewer=viewer)
    assert refused.value.code == "reopen_expired" and "30" in refused.value.message
    with pytest.raises(RequestError):
        request_reply(req=req, text="Верните", viewer=viewer)
    request_reopen(req=req, staff=org["staff"])  # staff reopen at any time
    assert req.status == Status.IN_WORK


def test_the_abonent_cannot_resolve_or_take_to_work(org):
    viewer = viewer_for(org["admin"])
    req = file_one(org)
    for target in (Status.IN_WORK, Status.AWAITING, Status.RESOLVED):
        with pytest.raises(RequestError) as refused:
            request_set_status(req=req, status=target, viewer=viewer)
        assert refused.value.code == "transition_not_allowed"


def test_a_member_outside_the_requests_contract_cannot_act_on_it(org):
    req = file_one(org, contract=org["other"])
    scoped = member(org, contracts=[org["contract"]])
    with pytest.raises(RequestError) as refused:
        request_close(req=req, viewer=viewer_for(scoped))
    assert refused.value.code == "not_yours"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's in-memory test database has no concurrent writers"
)
def test_filings_at_once_never_share_a_number(org):
    """Eight members file at the same moment, the year's counter row not there yet: eight numbers, 1 to 8."""
    # A transactional test before this one may have flushed what migrations seed (content types, the request
    # types): make them again, as a fresh database has them.
    from django.apps import apps
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
    importlib.import_module("lk_portal.migrations.0019_requests").seed_request_kinds(apps, None)
    users = [member(org, name=f"m{n}@example.ru") for n in range(8)]
    start = threading.Barrier(len(users))
    errors = []

    def filing(user):
        start.wait()
        try:
            file_one(org, user=user)
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=filing, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(Request.objects.values_list("seq", flat=True)) == list(range(1, 9))
