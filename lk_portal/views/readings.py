"""«Передать показания» /lk/metering/readings/: a form per unit, the XLSX template, an archive upload, the preview.

Every way in ends in the same preview (`services.readings.readings_check`), kept in the session as plain
rows — checked again when shown and when «Передать» saves them (`readings_submit`), so nothing posted
back is trusted. Seeing the page needs VIEW_METERING; every POST and the template need SUBMIT_READINGS.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from lk_portal.domain.metering import readings_window_now
from lk_portal.domain.roles import Capability
from lk_portal.exchange.calculator_archive import archive_date
from lk_portal.exports.formats import EXPORT_FORMATS
from lk_portal.exports.readings_template import TemplateUnit, render_readings_template
from lk_portal.models import Reading
from lk_portal.readings_forms import ReadingForm, ReadingsUploadForm
from lk_portal.selectors.metering import metering_unit_find, metering_unit_queryset
from lk_portal.services.readings import (
    ReadingProblem,
    ReadingsPreview,
    ReadingsRefused,
    readings_check,
    readings_submit,
    rows_load,
)
from lk_portal.services.readings_upload import readings_from_upload

from .base import CabinetMixin
from .kit import export_response

SESSION_KEY = "lk_readings_preview"


def _previous_month(month: datetime.date) -> datetime.date:
    return (month - datetime.timedelta(days=1)).replace(day=1)


def _unit_rows(units, today):
    """Each unit with its open (or next) window and its latest standing reading: one query for all."""
    ids = [unit.pk for unit in units]
    latest = {}
    for reading in Reading.objects.filter(unit_id__in=ids).order_by("unit_id", "-period", "-submitted_at"):
        latest.setdefault(reading.unit_id, reading)
    rows = []
    for unit in units:
        window = readings_window_now(today=today, window_from=unit.window_from, window_to=unit.window_to)
        period = window.period if window.is_open(today) else _previous_month(window.period)
        rows.append({"unit": unit, "window": window, "period": period, "last": latest.get(unit.pk)})
    return rows


def _remember(request, preview: ReadingsPreview, source: str) -> None:
    request.session[SESSION_KEY] = {"preview": preview.to_data(), "source": source}


class ReadingsView(CabinetMixin, TemplateView):
    """The units with the month to submit, a form per unit and the upload; POST of a unit's form → preview."""

    template_name = "lk_portal/metering/readings.html"
    tab = "metering"
    capability = Capability.VIEW_METERING

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        units = list(metering_unit_queryset(viewer=self.viewer))
        rows = _unit_rows(units, today)
        forms = kwargs.get("forms", {})
        for row in rows:
            unit = row["unit"]
            row["form"] = forms.get(unit.pk) or ReadingForm(
                unit=unit, periods=self.periods(row["period"]), prefix=f"u{unit.pk}", initial={"taken_on": today}
            )
        context.update(
            rows=rows,
            today=today,
            upload_form=kwargs.get("upload_form") or ReadingsUploadForm(units=units),
        )
        return context

    @staticmethod
    def periods(period):
        """The month taken now first, then the two before it (late readings, when the setting allows)."""
        earlier = _previous_month(period)
        return [period, earlier, _previous_month(earlier)]

    def post(self, request, *args, **kwargs):
        self.viewer.require(Capability.SUBMIT_READINGS)
        unit = metering_unit_find(viewer=self.viewer, pk=_int(request.POST.get("unit")))
        row = next(r for r in _unit_rows([unit], timezone.localdate()))
        form = ReadingForm(request.POST, unit=unit, periods=self.periods(row["period"]), prefix=f"u{unit.pk}")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(forms={unit.pk: form}))
        data = form.cleaned_data
        preview = readings_check(
            self.viewer,
            [
                (
                    unit,
                    data["period"],
                    data["heat_total"],
                    data.get("water_total") or None,
                    data.get("hours_total") or None,
                    archive_date(data["taken_on"]) or data["taken_on"],
                    data["comment"],
                )
            ],
        )
        _remember(request, preview, "form")
        return redirect("lk:readings_preview")


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class ReadingsUploadView(CabinetMixin, TemplateView):
    """POST a template or an archive (with the unit picked or found by its serial number) → the preview."""

    template_name = "lk_portal/metering/readings.html"
    tab = "metering"
    capability = Capability.SUBMIT_READINGS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        units = list(metering_unit_queryset(viewer=self.viewer))
        form = ReadingsUploadForm(request.POST, request.FILES, units=units)
        if not form.is_valid():
            view = ReadingsView(request=request, kwargs={})
            view.viewer, view.abonent = self.viewer, self.abonent
            return view.render_to_response(view.get_context_data(upload_form=form))
        upload = form.cleaned_data["file"]
        unit = None
        if form.cleaned_data["unit"]:
            unit = metering_unit_find(viewer=self.viewer, pk=_int(form.cleaned_data["unit"]))
        result = readings_from_upload(
            self.viewer,
            content=upload.read(),
            filename=upload.name,
            unit=unit,
            comment=form.cleaned_data["comment"],
        )
        _remember(request, result.preview, result.source)
        request.session[SESSION_KEY]["file"] = upload.name[:200]
        request.session.modified = True
        return redirect("lk:readings_preview")


class ReadingsTemplateView(CabinetMixin, TemplateView):
    """The XLSX template, filled in with the viewer's units and the month each is taken for now."""

    capability = Capability.SUBMIT_READINGS
    tab = "metering"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        rows = _unit_rows(list(metering_unit_queryset(viewer=self.viewer)), today)
        units = [
            TemplateUnit(
                r["unit"].unit_id, r["unit"].address, f"{r['unit'].calculator} № {r['unit'].serial_no}", r["period"]
            )
            for r in rows
        ]
        content = render_readings_template(units, abonent=self.abonent.name)
        return export_response(EXPORT_FORMATS["xlsx"], content, filename=f"pokazaniya_{today:%Y-%m}.xlsx")


class ReadingsPreviewView(CabinetMixin, TemplateView):
    """What will be submitted, checked again now; «Передать» saves it, «Отменить» forgets it."""

    template_name = "lk_portal/metering/readings_preview.html"
    tab = "metering"
    capability = Capability.SUBMIT_READINGS

    def stored(self):
        return self.request.session.get(SESSION_KEY)

    def get(self, request, *args, **kwargs):
        if not self.stored():
            messages.info(request, "Нет показаний, ожидающих передачи: заполните форму или загрузите файл.")
            return redirect("lk:readings")
        return super().get(request, *args, **kwargs)

    def preview(self) -> tuple[ReadingsPreview, str]:
        """The stored rows checked again now; a file's own refusals (kept to be shown) stop it as before."""
        stored = self.stored()
        rows, warnings = rows_load(stored["preview"])
        refusals = [ReadingProblem(code, message) for code, message in stored["preview"].get("problems", [])]
        preview = readings_check(self.viewer, rows) if rows else ReadingsPreview([])
        preview.warnings = warnings + preview.warnings
        preview.problems = refusals + preview.problems if rows or not refusals else refusals
        return preview, stored["source"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stored = self.stored()
        preview, source = kwargs.get("checked") or self.preview()
        context.update(preview=preview, source=dict(Reading.SOURCES).get(source, source), file=stored.get("file", ""))
        return context

    def post(self, request, *args, **kwargs):
        if not self.stored():
            return redirect("lk:readings")
        if "cancel" in request.POST:
            request.session.pop(SESSION_KEY, None)
            messages.info(request, "Передача показаний отменена, ничего не сохранено.")
            return redirect("lk:readings")
        preview, source = self.preview()
        try:
            saved = readings_submit(self.viewer, preview, source, request=request)
        except ReadingsRefused:
            return self.render_to_response(self.get_context_data(checked=(preview, source)), status=400)
        request.session.pop(SESSION_KEY, None)
        messages.success(
            request,
            f"Показания переданы: {len(saved)}. Статус — «ожидает передачи» в биллинг; он виден на странице узла.",
        )
        return redirect(reverse("lk:readings"))
