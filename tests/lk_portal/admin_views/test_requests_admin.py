"""Staff screens «Обращения»: a branch's staff see their branch only, answer, note, move, assign; overdue in red."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import strip_tags

from lk_portal.models import Notification, OutgoingLetter, Request
from lk_portal.selectors.viewer import viewer_for
from lk_portal.services.requests import request_create
from tests.factories import BranchFactory, ContractFactory, UserFactory
from tests.support.files import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db


def staff_member(username: str, *perms: str, branch=None):
    user = UserFactory(abonent=None, username=username, email=f"{username}@example.ru", is_staff=True)
    codenames = ["access_admin", "view_request", "change_request", *perms]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    if branch is not None:
        branch.staff.add(user)
    return type(user).objects.get(pk=user.pk)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(db):
    kazan = BranchFactory(email="kazan@example.ru")
    chelny = BranchFactory(code="chelny", name="Набережночелнинские тепловые сети", email="chelny@example.ru")
    ours = ContractFactory(abonent__branch=kazan, abonent__name="ООО «Казанское»")
    theirs = ContractFactory(abonent__branch=chelny, abonent__name="ООО «Челнинское»")
    author = UserFactory(abonent=ours.abonent, role="accountant", username="buh@example.ru", email="buh@example.ru")
    req = request_create(
        viewer=viewer_for(author),
        kind_code="billing",
        contract=ours,
        subject="Спорный счет",
        text="Прошу проверить",
        attachments=[("фото.png", PNG_BYTES)],
    )
    other = request_create(
        viewer=viewer_for(UserFactory(abonent=theirs.abonent)),
        kind_code="copies",
        contract=theirs,
        subject="Копия акта",
        text="Нужна копия",
        attachments=[("скан.pdf", PDF_BYTES)],
    )
    return {"kazan": kazan, "chelny": chelny, "req": req, "other": other, "author": author}


def test_a_new_request_is_one_letter_to_its_branchs_mailbox(world):
    letters = OutgoingLetter.objects.filter(kind="request_new").order_by("id")
    assert [(letter.recipient, letter.dedup_key) for letter in letters] == [
        ("kazan@example.ru", f"request_new:{world['req'].pk}"),
        ("chelny@example.ru", f"request_new:{world['other'].pk}"),
    ]
    assert f"/admin/requests/work/{world['req'].pk}/" in letters[0].body


def test_branch_staff_see_their_branch_only(world):
    client = client_of(staff_member("kazan-op", branch=world["kazan"]))
    listing = strip_tags(client.get("/admin/requests/").content.decode())
    assert "Спорный счет" in listing and "Копия акта" not in listing
    assert client.get(f"/admin/requests/work/{world['req'].pk}/").status_code == 200
    assert client.get(f"/admin/requests/work/{world['other'].pk}/").status_code == 404
    other_file = world["other"].attachments.get()
    assert client.get(f"/admin/requests/files/{other_file.pk}/").status_code == 404
    own_file = client.get(f"/admin/requests/files/{world['req'].attachments.get().pk}/")
    assert own_file.status_code == 200 and own_file["Content-Type"] == "image/png"
    assert own_file["Content-Disposition"].startswith("attachment;")


def test_the_permission_to_see_all_opens_every_branch(world):
    client = client_of(staff_member("chief", "view_all_requests"))
    listing = strip_tags(client.get("/admin/requests/").content.decode())
    assert "Спорный счет" in listing and "Копия акта" in listing
    only_chelny = strip_tags(client.get(f"/admin/requests/?branch={world['chelny'].pk}").content.decode())
    assert "Копия акта" in only_chelny and "Спорный счет" not in only_chelny
    searched = strip_tags(client.get("/admin/requests/?q=" + world["other"].number).content.decode())
    assert "Копия акта" in searched and "Спорный счет" not in searched


def test_staff_without_a_branch_see_nothing(world):
    client = client_of(staff_member("nobody"))
    listing = strip_tags(client.get("/admin/requests/").content.decode())
    assert "Спорный счет" not in listing and "Нет обращений" in listing


def test_overdue_is_red_and_filtered(world):
    Request.objects.filter(pk=world["req"].pk).update(due_date=datetime.date(2020, 1, 10))
    client = client_of(staff_member("kazan-op", branch=world["kazan"]))
    html = client.get("/admin/requests/").content.decode()
    assert '<span class="lk-overdue">10.01.2020 (просрочено)</span>' in html
    assert "Спорный счет" in strip_tags(client.get("/admin/requests/?overdue=true").content.decode())
    assert "Спорный счет" not in strip_tags(client.get("/admin/requests/?overdue=false").content.decode())


def test_an_answer_with_a_file_and_a_status_reaches_the_abonent_a_note_does_not(world):
    staff = staff_member("kazan-op", branch=world["kazan"])
    client = client_of(staff)
    page = f"/admin/requests/work/{world['req'].pk}/"
    note = client.post(page, {"action": "reply", "text": "Проверить в биллинге", "internal": "on"})
    assert note.status_code == 302 and not Notification.objects.exists()
    answer = client.post(
        page,
        {
            "action": "reply",
            "text": "Счет пересчитан",
            "status": "awaiting",
            "files": [SimpleUploadedFile("Акт.pdf", PDF_BYTES)],
        },
    )
    assert answer.status_code == 302
    req = Request.objects.get(pk=world["req"].pk)
    assert req.status == "awaiting" and req.last_reply_text == "Счет пересчитан"
    assert Notification.objects.get(user=world["author"]).title == f"Ответ по обращению № {req.number}"
    abonent = client_of(world["author"])
    cabinet = abonent.get(f"/lk/requests/{req.pk}/").content.decode()
    assert "Счет пересчитан" in cabinet and "Акт.pdf" in cabinet and "Проверить в биллинге" not in cabinet
    work = strip_tags(client.get(page).content.decode())
    assert "Внутренняя заметка" in work and "Проверить в биллинге" in work


def test_status_move_assignment_and_refusals(world):
    staff = staff_member("kazan-op", branch=world["kazan"])
    colleague = staff_member("kazan-2", branch=world["kazan"])
    outsider = staff_member("chelny-op", branch=world["chelny"])
    client = client_of(staff)
    page = f"/admin/requests/work/{world['req'].pk}/"
    assert client.post(page, {"action": "status", "status": "in_work"}).status_code == 302
    assert client.post(page, {"action": "assign", "assignee": colleague.pk}).status_code == 302
    req = Request.objects.get(pk=world["req"].pk)
    assert req.status == "in_work" and req.assignee == colleague
    refused = client.post(page, {"action": "assign", "assignee": outsider.pk})
    assert refused.status_code == 400 and "Выберите корректный вариант" in refused.content.decode()
    wrong = client.post(page, {"action": "status", "status": "new"})
    assert wrong.status_code == 400
    readonly = UserFactory(abonent=None, username="reader", is_staff=True)
    readonly.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_request"]))
    world["kazan"].staff.add(readonly)
    reader = client_of(readonly)
    assert reader.get(page).status_code == 200
    denied = reader.post(page, {"action": "status", "status": "resolved"})  # Wagtail: back to the dashboard
    assert denied.status_code == 302 and denied["Location"] == "/admin/"
    assert Request.objects.get(pk=req.pk).status == "in_work"


def test_request_kinds_are_editable_by_staff(world):
    client = client_of(UserFactory(abonent=None, username="admin", is_staff=True, is_superuser=True))
    listing = strip_tags(client.get("/admin/request-kinds/").content.decode())
    for name in ("Вопрос по начислениям", "Копии документов", "Акт сверки", "Осмотр или поверка узла учета"):
        assert name in listing
    assert "Изменение реквизитов" in listing and "Рассрочка или отсрочка платежа" in listing and "Иное" in listing
