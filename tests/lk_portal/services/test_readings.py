"""services/readings.py: each check with its code and its Russian message, and what a submission writes."""

import datetime
from decimal import Decimal

import pytest

from lk_portal.models import JournalEntry, Reading
from lk_portal.selectors.viewer import viewer_for
from lk_portal.services.readings import ReadingsRefused, readings_check, readings_submit, rows_load
from tests.factories import ContractFactory, MeteringUnitFactory, UserFactory
from tests.support.readings import history_add, reading_add

pytestmark = pytest.mark.django_db

NOV = datetime.date(2026, 11, 1)
OCT = datetime.date(2026, 10, 1)
IN_WINDOW = datetime.date(2026, 11, 25)  # the window 23 → 3 of November: 23.11–03.12


@pytest.fixture
def unit():
    unit = MeteringUnitFactory(unit_id="UU-1", serial_no="0412857", resources="heat,water")
    return unit


@pytest.fixture
def viewer(unit):
    return viewer_for(UserFactory(abonent=unit.abonent, username="eng@example.ru", role="engineer"))


def row(unit, heat="1100.5", *, period=NOV, water="5000", hours="9000", taken_on=None, comment=""):
    return (unit, period, heat, water, hours, taken_on or IN_WINDOW, comment)


def codes(preview):
    return [problem.code for problem in preview.all_problems()]


def messages(preview):
    return [problem.message for problem in preview.all_problems()]


def test_a_good_row_within_the_window_previews_its_months_consumption(unit, viewer):
    reading_add(unit, OCT, "1000", water="4900", hours="8300")
    history_add(unit, month=11, heats=["90", "100", "110"])
    preview = readings_check(viewer, [row(unit)], today=IN_WINDOW)
    assert preview.ok, messages(preview)
    line = preview.lines[0]
    assert line.consumption == Decimal("100.500") and line.bound == Decimal("300.000")
    assert line.previous_period == OCT and not line.late and line.heat_total == Decimal("1100.500")


def test_the_unit_may_be_named_by_its_code_or_id(unit, viewer):
    for ref in ("UU-1", unit.pk, str(unit.pk)):
        preview = readings_check(viewer, [row(ref)], today=IN_WINDOW)
        assert preview.ok and preview.lines[0].unit == unit, ref


def test_another_organisations_unit_is_unknown_as_a_made_up_one(viewer):
    foreign = MeteringUnitFactory(unit_id="UU-CHUZHOI")
    for ref in (foreign, foreign.pk, "UU-CHUZHOI", "NO-SUCH"):
        preview = readings_check(viewer, [row(ref)], today=IN_WINDOW)
        assert codes(preview) == ["unknown_unit"], ref
    assert messages(preview) == ["Узел учета «NO-SUCH» не найден среди узлов учета ваших договоров."]


def test_a_scoped_member_does_not_find_another_contracts_unit(unit):
    other = MeteringUnitFactory(contract=ContractFactory(abonent=unit.abonent))
    member = UserFactory(abonent=unit.abonent, username="one@example.ru", role="engineer", contracts=[unit.contract])
    preview = readings_check(viewer_for(member), [row(other), row(unit)], today=IN_WINDOW)
    assert codes(preview) == ["unknown_unit"] and preview.lines[1].ok


def test_bad_values_name_the_column_and_the_value(unit, viewer):
    preview = readings_check(viewer, [row(unit, heat="12,5кг"), row(unit, heat="-3", period=OCT)], today=IN_WINDOW)
    assert codes(preview) == ["bad_value", "bad_value"]
    assert messages(preview) == [
        "Узел учета UU-1 (ТВ7 № 0412857), период 2026,11: «Тепловая энергия, Гкал»: «12,5кг» — не число.",
        "Узел учета UU-1 (ТВ7 № 0412857), период 2026,10: «Тепловая энергия, Гкал»: -3,000 — вне допустимых значений.",
    ]


def test_a_period_or_a_day_in_the_future_is_refused(unit, viewer):
    preview = readings_check(
        viewer, [row(unit, period=datetime.date(2026, 12, 1), taken_on=datetime.date(2026, 12, 1))], today=IN_WINDOW
    )
    assert codes(preview) == ["bad_value", "bad_value"]
    assert "период 2026,12 еще не наступил" in messages(preview)[0]
    assert "дата снятия 01.12.2026 позже сегодняшней" in messages(preview)[1]


def test_before_the_window_opens_the_row_is_outside_it(unit, viewer):
    preview = readings_check(
        viewer, [row(unit, taken_on=datetime.date(2026, 11, 20))], today=datetime.date(2026, 11, 20)
    )
    assert codes(preview) == ["outside_window"]
    assert messages(preview) == [
        "Узел учета UU-1 (ТВ7 № 0412857), период 2026,11: показания за этот период принимаются "
        "с 23.11.2026 по 03.12.2026; прием еще не начался."
    ]


def test_after_the_window_the_row_is_late_or_refused_by_the_setting(unit, viewer, settings):
    after = datetime.date(2026, 12, 4)
    preview = readings_check(viewer, [row(unit)], today=after)
    assert preview.ok and preview.lines[0].late
    assert [w.code for w in preview.lines[0].warnings] == ["late", "no_previous"]
    settings.LK_READINGS_ALLOW_LATE = False
    preview = readings_check(viewer, [row(unit)], today=after)
    assert codes(preview) == ["outside_window"]
    assert "прием показаний за этот период был с 23.11.2026 по 03.12.2026 и закрыт" in messages(preview)[0]


def test_counters_never_below_the_previous_reading_nor_above_a_later_one(unit, viewer):
    reading_add(unit, datetime.date(2026, 9, 1), "900", water="4000", hours="7000", status=Reading.SENT)
    reading_add(unit, NOV, "1200", water="6000", hours="9500", status=Reading.ACCEPTED)
    reading_add(unit, datetime.date(2026, 8, 1), "950", status=Reading.REJECTED)  # a rejected one does not count
    preview = readings_check(viewer, [row(unit, heat="899.5", period=OCT, water="4100", hours="9600")], today=IN_WINDOW)
    assert codes(preview) == ["decreasing", "decreasing"]
    assert messages(preview) == [
        "Узел учета UU-1 (ТВ7 № 0412857), период 2026,10: «Тепловая энергия, Гкал» 899,500 меньше показаний за "
        "2026,09 (900,000): нарастающий итог не может уменьшаться.",
        "Узел учета UU-1 (ТВ7 № 0412857), период 2026,10: «Время работы, ч» 9 600,0 больше показаний за более "
        "поздний период 2026,11 (9 500,0).",
    ]


def test_an_implausible_month_is_refused_unless_a_comment_explains_it(unit, viewer):
    reading_add(unit, OCT, "1000")
    history_add(unit, month=11, heats=["90", "100", "400"])  # median 100 → at most 300
    preview = readings_check(viewer, [row(unit, heat="1300.001")], today=IN_WINDOW)
    assert codes(preview) == ["implausible"]
    assert messages(preview) == [
        "Узел учета UU-1 (ТВ7 № 0412857), период 2026,11: расход «Тепловая энергия, Гкал» 300,001 за 1 мес. "
        "больше правдоподобного 300,000 (трижды медиана тех же месяцев прошлых лет). Проверьте показания или "
        "объясните их в комментарии."
    ]
    assert readings_check(viewer, [row(unit, heat="1300")], today=IN_WINDOW).ok
    commented = readings_check(viewer, [row(unit, heat="1300.001", comment="Пуск нового цеха")], today=IN_WINDOW)
    assert commented.ok and [w.code for w in commented.lines[0].warnings] == ["implausible_commented"]


def test_a_skipped_month_widens_the_bound_to_both_months(unit, viewer):
    reading_add(unit, datetime.date(2026, 9, 1), "1000")
    history_add(unit, month=10, heats=["50"])
    history_add(unit, month=11, heats=["100"])
    assert readings_check(viewer, [row(unit, heat="1450")], today=IN_WINDOW).lines[0].bound == Decimal("450.000")
    assert codes(readings_check(viewer, [row(unit, heat="1450.1")], today=IN_WINDOW)) == ["implausible"]


def test_a_month_already_sent_is_a_duplicate_a_pending_one_is_replaced(unit, viewer):
    sent = reading_add(unit, NOV, "1100", status=Reading.SENT)
    preview = readings_check(viewer, [row(unit)], today=IN_WINDOW)
    assert codes(preview) == ["duplicate"]
    assert "показания за этот период уже переданы в биллинг (1 100,000 Гкал от" in messages(preview)[0]
    sent.status = Reading.PENDING
    sent.save()
    preview = readings_check(viewer, [row(unit)], today=IN_WINDOW)
    assert preview.ok and preview.lines[0].replaces == sent.pk


def test_the_same_unit_and_month_twice_in_one_submission_is_a_duplicate(unit, viewer):
    preview = readings_check(viewer, [row(unit), row(unit)], today=IN_WINDOW)
    assert codes(preview) == ["duplicate"]
    assert "указаны в передаче дважды" in messages(preview)[0]


def test_water_of_a_heat_only_unit_is_left_out_with_a_warning(viewer, unit):
    unit.resources = "heat"
    unit.save()
    preview = readings_check(viewer, [row(unit)], today=IN_WINDOW)
    assert preview.ok and preview.lines[0].water_total is None
    assert "узел не учитывает теплоноситель" in preview.lines[0].warnings[0].message


def test_submit_saves_the_readings_replaces_the_pending_one_and_journals_it(unit, viewer):
    reading_add(unit, OCT, "1000")
    pending = reading_add(unit, NOV, "1050", status=Reading.PENDING)
    preview = readings_check(viewer, [row(unit)], today=IN_WINDOW)
    [saved] = readings_submit(viewer, preview, "archive", today=IN_WINDOW)
    assert not Reading.objects.filter(pk=pending.pk).exists()
    saved = Reading.objects.get(pk=saved.pk)
    assert (saved.heat_gcal_total, saved.heat_gcal, saved.water_total, saved.hours_total) == (
        Decimal("1100.500"),
        Decimal("100.500"),
        Decimal("5000.000"),
        Decimal("9000.0"),
    )
    assert (saved.status, saved.source, saved.submitted_by, saved.late) == ("pending", "archive", viewer.user, False)
    entry = JournalEntry.objects.get(action="readings_submit")
    assert entry.object == "UU-1" and entry.user == viewer.user and entry.abonent == unit.abonent
    assert entry.summary == "способ: архив вычислителя; показаний: 1; периоды: 2026,11; заменено: 1"


def test_submit_checks_again_and_saves_nothing_when_the_data_changed(unit, viewer):
    preview = readings_check(viewer, [row(unit), row(unit, period=OCT, heat="1000")], today=IN_WINDOW)
    assert preview.ok
    reading_add(unit, NOV, "1100", status=Reading.SENT)  # exported meanwhile
    with pytest.raises(ReadingsRefused) as refused:
        readings_submit(viewer, preview, "form", today=IN_WINDOW)
    assert [p.code for p in refused.value.problems] == ["duplicate"]
    assert Reading.objects.count() == 1 and not JournalEntry.objects.filter(action="readings_submit").exists()


def test_the_preview_survives_the_session_as_plain_data(unit, viewer):
    preview = readings_check(viewer, [row(unit, comment="Пуск")], today=IN_WINDOW)
    rows, _ = rows_load(preview.to_data())
    assert rows == [(unit.pk, NOV, Decimal("1100.500"), Decimal("5000.000"), Decimal("9000.0"), IN_WINDOW, "Пуск")]
    assert readings_check(viewer, rows, today=IN_WINDOW).ok


def test_checking_many_rows_costs_a_fixed_number_of_queries(unit, viewer, django_assert_num_queries):
    other = MeteringUnitFactory(contract=unit.contract)
    months = [datetime.date(2026, m, 1) for m in range(1, 12)]
    with django_assert_num_queries(3):
        readings_check(viewer, [row(u, period=m) for u in (unit, other) for m in months[:2]], today=IN_WINDOW)
    with django_assert_num_queries(3):
        readings_check(viewer, [row(u, period=m) for u in (unit, other) for m in months], today=IN_WINDOW)


def _increments(serial="0412857"):
    lines = [f"Архив ТВ7 № {serial}", "Дата;Q, Гкал;Время, ч", "24.11.2026;5,100;24", "25.11.2026;4,200;24"]
    return "\r\n".join(lines).encode("cp1251")


def test_an_archive_of_increments_adds_to_the_previous_months_reading(unit, viewer):
    from lk_portal.services.readings_upload import readings_from_upload

    reading_add(unit, OCT, "1000", hours="8000")
    result = readings_from_upload(viewer, content=_increments(), filename="a.csv", today=IN_WINDOW)
    assert result.preview.ok and result.source == "archive"
    line = result.preview.lines[0]
    assert (line.heat_total, line.hours_total, line.consumption) == (
        Decimal("1009.300"),
        Decimal("8048.0"),
        Decimal("9.300"),
    )


def test_an_archive_of_increments_without_last_months_reading_is_refused(unit, viewer):
    from lk_portal.services.readings_upload import readings_from_upload

    result = readings_from_upload(viewer, content=_increments(), filename="a.csv", today=IN_WINDOW)
    assert [p.code for p in result.preview.all_problems()] == ["no_previous_total"]
    assert "нарастающий итог не вычислить" in result.preview.problems[0].message


def test_an_archive_naming_no_known_serial_needs_the_unit_picked(unit, viewer):
    from lk_portal.services.readings_upload import readings_from_upload

    result = readings_from_upload(viewer, content=_increments("999"), filename="a.csv", today=IN_WINDOW)
    assert [p.code for p in result.preview.all_problems()] == ["unit_required"]
    reading_add(unit, OCT, "1000")
    picked = readings_from_upload(viewer, content=_increments("999"), filename="a.csv", unit=unit, today=IN_WINDOW)
    assert picked.preview.ok
