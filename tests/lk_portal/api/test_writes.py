"""The API's writes: readings through the pages' checks, requests filed and answered, with codes and Russian
messages; a read-only token, a role without the right and another organisation's ids are refused."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lk_portal.models import JournalEntry, Reading, Request
from lk_portal.selectors.viewer import viewer_for
from lk_portal.services.requests import request_create, request_reply
from tests.factories import ContractFactory, MeteringUnitFactory, UserFactory
from tests.lk_portal.api.conftest import bearer
from tests.support.files import PDF_BYTES
from tests.support.readings import history_add, reading_add

pytestmark = pytest.mark.django_db

OCT = datetime.date(2026, 10, 1)
IN_WINDOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)  # the window 23.11–03.12


@pytest.fixture
def unit(member):
    unit = MeteringUnitFactory(contract=member.abonent.contracts.get(), unit_id="UU-1", serial_no="0412857")
    reading_add(unit, OCT, "1000", water="4900", hours="8300")
    history_add(unit, month=11, heats=["90", "100", "110"])
    return unit


@pytest.fixture
def writer(member):
    return bearer(member, access="write")


@pytest.fixture
def in_window(time_machine):
    time_machine.move_to(IN_WINDOW, tick=False)


def post_readings(client, headers, *rows, dry_run=False):
    return client.post(
        "/api/v1/readings", {"readings": list(rows), "dry_run": dry_run}, content_type="application/json", **headers
    )


def good(unit, **extra):
    return {"unit": unit.pk, "period": "2026-11", "taken_on": "2026-11-25", "heat_total": "1100.5", **extra}


def test_a_reading_is_saved_as_from_the_page_and_comes_back_in_the_collection(client, member, unit, writer, in_window):
    answer = post_readings(client, writer, good(unit, water_total=5000, hours_total="9000,0"))
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["saved"] is True and body["warnings"] == []
    (item,) = body["items"]
    assert item["unit"] == unit.pk and item["period"] == "2026-11" and item["heat_gcal_total"] == "1100.500"
    assert item["water_total"] == "5000.000" and item["hours_total"] == "9000"
    assert item["source"] == "api" and item["status"] == Reading.PENDING
    saved = Reading.objects.get(pk=item["id"])
    assert saved.heat_gcal == 100.5 and saved.submitted_by == member
    entry = JournalEntry.objects.filter(action="readings_submit").get()
    assert entry.user == saved.submitted_by and entry.details["source"] == "API"
    listed = client.get("/api/v1/readings", **writer).json()["items"]
    assert [(row["id"], row["source"]) for row in listed if row["period"] == "2026-11"] == [(item["id"], "api")]


def test_a_refused_row_saves_nothing_and_names_the_problem_by_row(client, unit, writer, in_window):
    answer = post_readings(
        client,
        writer,
        good(unit),
        good(unit, heat_total="899.5", period="2026-11"),
        {**good(unit), "unit": "NO-SUCH"},
        {**good(unit), "period": "2026-13", "heat_total": "много"},
    )
    assert answer.status_code == 422, answer.content
    body = answer.json()
    assert body["code"] == "readings_refused"
    by_row = [(p["row"], p["code"]) for p in body["problems"]]
    assert (2, "decreasing") in by_row and (3, "unknown_unit") in by_row
    assert (4, "bad_value") in by_row
    messages = [p["message"] for p in body["problems"]]
    assert "Узел учета «NO-SUCH» не найден среди узлов учета ваших договоров." in messages
    assert any("«Отчетный период»: «2026-13» — не дата." in m for m in messages)
    assert any("«Тепловая энергия, Гкал»: «много» — не число." in m for m in messages)
    assert body["message"].startswith("Показания не приняты: ")
    assert Reading.objects.filter(source="api").count() == 0


def test_an_implausible_month_needs_a_comment_and_dry_run_saves_nothing(client, unit, writer, in_window):
    answer = post_readings(client, writer, good(unit, heat_total="1400"))
    assert answer.status_code == 422 and [p["code"] for p in answer.json()["problems"]] == ["implausible"]
    checked = post_readings(client, writer, good(unit, heat_total="1400", comment="Пуск после ремонта"), dry_run=True)
    assert checked.status_code == 200, checked.content
    assert checked.json()["saved"] is False and [w["code"] for w in checked.json()["warnings"]] == [
        "implausible_commented"
    ]
    assert not Reading.objects.filter(source="api").exists()


def test_outside_the_window_the_message_is_the_pages(client, unit, writer, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC), tick=False)
    answer = post_readings(client, writer, good(unit, taken_on="2026-11-20"))
    (problem,) = answer.json()["problems"]
    assert problem["code"] == "outside_window" and "прием еще не начался" in problem["message"]


def test_a_read_only_token_and_a_role_without_the_right_cannot_write(client, member, unit, auth, in_window):
    answer = post_readings(client, auth, good(unit))
    assert answer.status_code == 403 and answer.json()["code"] == "read_only_token"
    accountant = UserFactory(abonent=member.abonent, username="buh@example.ru", role="accountant")
    answer = post_readings(client, bearer(accountant, access="write"), good(unit))
    assert answer.status_code == 403 and answer.json()["code"] == "forbidden"
    assert not Reading.objects.filter(source="api").exists()


def test_another_organisations_unit_is_unknown(client, writer, in_window):
    foreign = MeteringUnitFactory(unit_id="UU-CHUZHOI")
    answer = post_readings(client, writer, good(foreign))
    assert [p["code"] for p in answer.json()["problems"]] == ["unknown_unit"]
    assert not foreign.readings.exists()


def test_bad_json_is_a_russian_422_not_a_500(client, writer, in_window):
    answer = client.post("/api/v1/readings", "{не json", content_type="application/json", **writer)
    assert answer.status_code == 400, answer.content
    assert answer.json() == {
        "code": "bad_json",
        "message": "Тело запроса — не JSON: проверьте синтаксис и кодировку (UTF-8).",
    }
    answer = client.post("/api/v1/readings", {"readings": [{"unit": 1}]}, content_type="application/json", **writer)
    assert answer.status_code == 422 and "readings.0.period" in answer.json()["message"]


def test_too_many_rows_and_too_big_a_body_are_refused(client, unit, writer, settings, in_window):
    answer = post_readings(client, writer, *[good(unit)] * 501)
    assert answer.status_code == 422 and answer.json()["code"] == "too_many_rows"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    big = [good(unit, comment="х" * 5000)] * 200
    answer = post_readings(client, writer, *big)
    assert answer.status_code == 413 and answer.json()["code"] == "too_large"


# --- Requests -------------------------------------------------------------------------------------


def test_a_request_is_filed_with_a_file_and_listed(client, member, writer, mailoutbox):
    contract = member.abonent.contracts.get()
    upload = SimpleUploadedFile("акт.pdf", PDF_BYTES, content_type="application/pdf")
    answer = client.post(
        "/api/v1/requests",
        {
            "kind": "act",
            "contract": contract.pk,
            "subject": "Расхождения в акте",
            "text": "См. файл",
            "files": [upload],
        },
        **writer,
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    req = Request.objects.get(pk=body["id"])
    assert body["number"] == req.number and body["status"] == "new" and body["status_title"] == "новое"
    assert body["kind"] == "act" and body["contract_id"] == contract.pk and body["due_date"] == req.due_date.isoformat()
    (file,) = body["attachments"]
    assert file["name"] == "акт.pdf" and file["size"] == len(PDF_BYTES)
    download = client.get(file["url"], **writer)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES
    listed = client.get("/api/v1/requests", **writer).json()["items"]
    assert [row["number"] for row in listed] == [req.number]
    assert JournalEntry.objects.filter(action="request_create", user=member).exists()
    assert len(mailoutbox) <= 1  # the branch's letter, when the branch has a mailbox


def test_a_refused_request_has_the_services_code_and_message(client, member, writer):
    contract = member.abonent.contracts.get()
    fields = {"kind": "nonsense", "contract": contract.pk, "subject": "Тема", "text": "Текст"}
    answer = client.post("/api/v1/requests", fields, **writer)
    assert answer.status_code == 422
    assert answer.json() == {"code": "kind_unknown", "message": "Выберите тип обращения из списка."}
    answer = client.post("/api/v1/requests", {**fields, "kind": "billing", "subject": "  "}, **writer)
    assert answer.json()["code"] == "subject_empty"
    exe = SimpleUploadedFile("счет.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    answer = client.post("/api/v1/requests", {**fields, "kind": "billing", "files": [exe]}, **writer)
    assert answer.status_code == 422 and answer.json()["code"] == "file_type"
    assert not Request.objects.exists()


def test_the_thread_shows_staffs_answer_but_not_internal_notes_and_the_abonent_replies(client, member, writer):
    req = request_create(
        viewer=viewer_for(member), kind_code="billing", contract=None, subject="Счет", text="Вопрос", attachments=[]
    )
    staff = UserFactory(abonent=None, username="op", is_staff=True, is_superuser=True)
    request_reply(req=req, text="Уточните период", staff=staff, status="awaiting")
    request_reply(req=req, text="внутреннее", staff=staff, internal=True)
    body = client.get(f"/api/v1/requests/{req.pk}", **writer).json()
    assert [(m["from_staff"], m["text"]) for m in body["messages"]] == [(True, "Уточните период")]
    assert body["status"] == "awaiting"
    answer = client.post(f"/api/v1/requests/{req.pk}/messages", {"text": "Октябрь 2026"}, **writer)
    assert answer.status_code == 201, answer.content
    assert answer.json()["status"] == "in_work" and answer.json()["messages"][-1]["text"] == "Октябрь 2026"


def test_another_organisations_request_and_file_are_404(client, writer):
    other = UserFactory(abonent=ContractFactory().abonent, role="admin")
    upload = SimpleUploadedFile("a.pdf", PDF_BYTES, content_type="application/pdf")
    req = request_create(
        viewer=viewer_for(other), kind_code="billing", contract=None, subject="С", text="Т", attachments=[upload]
    )
    file_id = req.attachments.get().pk
    assert client.get(f"/api/v1/requests/{req.pk}", **writer).status_code == 404
    assert client.get(f"/api/v1/request-files/{file_id}", **writer).status_code == 404
    assert client.post(f"/api/v1/requests/{req.pk}/messages", {"text": "x"}, **writer).status_code == 404
    assert client.get("/api/v1/requests", **writer).json()["items"] == []
    foreign_contract = other.abonent.contracts.get().pk
    assert client.get(f"/api/v1/requests?contract={foreign_contract}", **writer).status_code == 404


def test_request_kinds_give_the_codes_for_filing(client, auth):
    kinds = client.get("/api/v1/request-kinds", **auth).json()
    assert {
        "code": "act",
        "name": "Акт сверки",
        "due_days": kinds[[k["code"] for k in kinds].index("act")]["due_days"],
    } in kinds


def test_a_read_only_token_cannot_file(client, member, auth):
    answer = client.post("/api/v1/requests", {"kind": "billing", "subject": "Т", "text": "Т"}, **auth)
    assert answer.status_code == 403 and answer.json()["code"] == "read_only_token"


def test_the_thread_is_read_in_fixed_queries(client, member, writer, django_assert_max_num_queries):
    req = request_create(
        viewer=viewer_for(member), kind_code="billing", contract=None, subject="Счет", text="Вопрос", attachments=[]
    )
    staff = UserFactory(abonent=None, username="op", is_staff=True, is_superuser=True)
    client.get(f"/api/v1/requests/{req.pk}", **writer)
    for n in range(6):
        request_reply(req=req, text=f"Ответ {n}", staff=staff)
    with django_assert_max_num_queries(12):
        assert len(client.get(f"/api/v1/requests/{req.pk}", **writer).json()["messages"]) == 6
