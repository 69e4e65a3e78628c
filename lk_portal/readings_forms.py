"""Forms of «Передать показания»: a unit's month by hand, and a file upload (template or archive).

They only collect what was typed: the numbers and dates are read and checked by services/readings.py
(its Russian messages name the unit, the column and the value), so every way in gets the same checks.
"""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings

from lk_portal.formatting import format_date, format_period

NUMBER_ATTRS = {"inputmode": "decimal", "autocomplete": "off", "class": "reading-number"}


class ReadingForm(forms.Form):
    period = forms.ChoiceField(label="Отчетный период")
    taken_on = forms.CharField(label="Дата снятия", max_length=20, help_text="ДД.ММ.ГГГГ")
    heat_total = forms.CharField(
        label="Тепловая энергия нарастающим итогом, Гкал",
        max_length=30,
        widget=forms.TextInput(attrs=NUMBER_ATTRS),
        error_messages={"required": "Укажите показание тепловой энергии, Гкал."},
    )
    water_total = forms.CharField(
        label="Теплоноситель нарастающим итогом, т (м³)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs=NUMBER_ATTRS),
    )
    hours_total = forms.CharField(
        label="Время работы нарастающим итогом, ч",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs=NUMBER_ATTRS),
    )
    comment = forms.CharField(
        label="Комментарий",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Нужен, если расход за месяц необычно велик (пуск, ремонт, замена прибора).",
    )

    def __init__(self, *args, unit, periods: list[datetime.date], **kwargs):
        initial = kwargs.setdefault("initial", {})
        if isinstance(initial.get("taken_on"), datetime.date):
            initial["taken_on"] = format_date(initial["taken_on"])
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["period"].choices = [(p.isoformat(), format_period(p)) for p in periods]
        if "water" not in unit.resources:
            del self.fields["water_total"]

    def clean_period(self) -> datetime.date:
        return datetime.date.fromisoformat(self.cleaned_data["period"])


class ReadingsUploadForm(forms.Form):
    file = forms.FileField(
        label="Файл",
        help_text="Шаблон показаний XLSX из кабинета или архив тепловычислителя (CSV или XLSX, суточный или месячный).",
        error_messages={"required": "Выберите файл.", "empty": "Файл пуст."},
    )
    unit = forms.ChoiceField(label="Узел учета (для архива)", required=False)
    comment = forms.CharField(
        label="Комментарий", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "определить по заводскому номеру в архиве")] + [
            (str(u.pk), f"{u.unit_id}: {u.object_name or u.address} ({u.calculator} № {u.serial_no})") for u in units
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.LK_READINGS_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"Файл больше {limit // (1024 * 1024)} МБ — это не архив показаний за месяц.")
        return upload
