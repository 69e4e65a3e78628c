"""Staff screens for the billing import: the upload form and the browsable history of runs."""

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lk_portal.admin_views.permissions import ViewOnlyPermissionPolicy
from lk_portal.admin_views.wording import FEMININE, NamedModelViewSet, Noun
from lk_portal.exchange.kinds import KIND_ORDER
from lk_portal.models import ImportRun
from lk_portal.services.billing_import import billing_package_import
from lk_portal.services.billing_lock import ImportBusy

UPLOAD_SUFFIXES = (".csv", ".xlsx", ".zip")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data] if data else [single(None, initial)]
        return [single(data, initial)]


class ImportUploadForm(forms.Form):
    files = MultipleFileField(
        label="Файлы биллинга",
        help_text=(
            "CSV или XLSX (можно несколько сразу) или архив ZIP. Вид данных определяется по началу имени файла: "
            f"{', '.join(KIND_ORDER)}. "
            "Файлы применяются в этом порядке; файл с ошибкой не записывается целиком."
        ),
        error_messages={"required": "Выберите хотя бы один файл."},
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        wrong = [f.name for f in files if not f.name.casefold().endswith(UPLOAD_SUFFIXES)]
        if wrong:
            raise forms.ValidationError(
                "Можно загрузить только файлы .csv, .xlsx или .zip; не подходят: %(names)s",
                params={"names": ", ".join(wrong)},
            )
        return files


class ImportUploadView(WagtailAdminTemplateMixin, FormView):
    form_class = ImportUploadForm
    template_name = "lk_portal/admin/import_upload.html"
    page_title = "Загрузка из биллинга"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("lk_portal.add_importrun"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history_url"] = reverse(import_run_viewset.get_url_name("index"))
        context["recent_runs"] = ImportRun.objects.select_related("started_by")[:5]
        return context

    def form_valid(self, form):
        with tempfile.TemporaryDirectory(prefix="lk-upload-") as tmp:
            paths = []
            for index, upload in enumerate(form.cleaned_data["files"]):
                folder = Path(tmp) / f"{index:03d}"
                folder.mkdir()
                path = folder / (Path(upload.name).name or f"file{index}")
                with open(path, "wb") as sink:
                    for chunk in upload.chunks():
                        sink.write(chunk)
                paths.append(path)
            try:
                run = billing_package_import(
                    paths=paths,
                    source=ImportRun.SOURCE_UPLOAD,
                    started_by=self.request.user,
                    started_by_label=self.request.user.get_username(),
                )
            except ImportBusy as busy:
                messages.error(self.request, f"Загрузка не начата: {busy}.")
                return redirect("lk_billing_import_upload")
        summary = f"Загрузка № {run.pk}: {run.get_status_display()}."
        if run.status == ImportRun.OK:
            messages.success(self.request, summary + " Все файлы записаны.")
        elif run.status == ImportRun.PARTIAL:
            messages.warning(self.request, summary + " Файлы с ошибками не записаны; ошибки перечислены ниже.")
        else:
            messages.error(self.request, summary + " Ничего не записано; ошибки перечислены ниже.")
        return redirect(import_run_viewset.get_url_name("inspect"), run.pk)


class ImportRunPermissionPolicy(ViewOnlyPermissionPolicy):
    """Runs are written by the import only: staff may look, never add, edit or delete."""

    viewing = ("view", "add", "change")


class ImportRunViewSet(NamedModelViewSet):
    model = ImportRun
    noun = Noun("загрузка из биллинга", "загрузку из биллинга", "загрузок из биллинга", FEMININE)
    name = "billing_imports"
    url_prefix = "billing-imports"
    icon = "history"
    menu_label = "История загрузок"
    add_to_admin_menu = False
    inspect_view_enabled = True
    form_fields = ["status"]  # required by ModelViewSet; the edit views are closed by the permission policy
    inspect_template_name = "lk_portal/admin/import_run_inspect.html"
    list_filter = ["status", "source"]
    search_fields = ["started_by_label"]
    list_per_page = 50
    list_display = [
        DateColumn("started_at", label="Начало"),
        Column("source", label="Источник", accessor="get_source_display"),
        Column("started_by_label", label="Кто запустил"),
        Column("status", label="Результат", accessor="get_status_display"),
        Column(
            "files",
            label="Файлы",
            accessor=lambda run: (
                ", ".join(entry.name for entry in run.file_entries[:3]) + (" …" if len(run.files) > 3 else "")
            ),
        ),
        Column("rows_total", label="Строк"),
        Column("errors", label="Ошибок", accessor=lambda run: sum(entry.errors for entry in run.file_entries)),
        Column(
            "duration_seconds",
            label="Длительность, с",
            accessor=lambda run: (
                f"{run.duration_seconds:.1f}".replace(".", ",") if run.duration_seconds is not None else ""
            ),
        ),
    ]

    @property
    def permission_policy(self):
        return ImportRunPermissionPolicy(self.model)


import_run_viewset = ImportRunViewSet()


class ImportMenuItem(MenuItem):
    """Shown to staff who may import (or at least look at the history)."""

    def is_shown(self, request):
        user = request.user
        return user.has_perm("lk_portal.add_importrun") or user.has_perm("lk_portal.view_importrun")
