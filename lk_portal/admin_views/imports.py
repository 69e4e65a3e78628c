"""Staff screens for the billing import: the upload form and the browsable history of runs."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lk_portal.admin_views.permissions import ViewOnlyPermissionPolicy
from lk_portal.admin_views.wording import FEMININE, NamedModelViewSet, Noun
from lk_portal.exchange.kinds import KIND_ORDER
from lk_portal.exchange.limits import megabytes, number
from lk_portal.models import ImportRun
from lk_portal.services.billing_upload import progress_of, queue_upload

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

    dry_run = forms.BooleanField(
        label="Только проверить, ничего не записывая",
        required=False,
        help_text="Покажет, сколько строк будет добавлено, изменено и удалено (с зависимыми записями).",
    )
    allow_mass_delete = forms.BooleanField(
        label="Подтверждаю удаление",
        required=False,
        help_text=(
            "Нужно, если файл удаляет больше допустимой доли таблицы или абонентов с учетными записями. "
            "Сначала проверьте файл: проверка покажет, что будет удалено."
        ),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        wrong = [f.name for f in files if not f.name.casefold().endswith(UPLOAD_SUFFIXES)]
        if wrong:
            raise forms.ValidationError(
                "Можно загрузить только файлы .csv, .xlsx или .zip; не подходят: %(names)s",
                params={"names": ", ".join(wrong)},
            )
        limit = settings.LK_IMPORT_MAX_UPLOAD_BYTES
        if sum(f.size for f in files) > limit:
            raise forms.ValidationError(
                "Файлы слишком большие: %(size)s, за одну загрузку допустимо не больше %(limit)s. "
                "Загрузите их по частям или передайте через папку обмена.",
                params={"size": megabytes(sum(f.size for f in files)), "limit": megabytes(limit)},
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
        run = queue_upload(
            uploads=form.cleaned_data["files"],
            user=self.request.user,
            allow_mass_delete=form.cleaned_data["allow_mass_delete"],
            dry_run=form.cleaned_data["dry_run"],
        )
        return redirect("lk_billing_import_progress", run.pk)


class ImportProgressView(WagtailAdminTemplateMixin, TemplateView):
    """An uploaded run while the worker imports it (the page refreshes itself); then its result."""

    template_name = "lk_portal/admin/import_progress.html"
    page_title = "Загрузка из биллинга"
    header_icon = "upload"
    REFRESH_SECONDS = 2

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.has_perm("lk_portal.add_importrun") or user.has_perm("lk_portal.view_importrun")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, pk, **kwargs):
        self.run = get_object_or_404(ImportRun, pk=pk, source=ImportRun.SOURCE_UPLOAD)
        if self.run.status in (ImportRun.QUEUED, ImportRun.RUNNING):
            return super().get(request, *args, **kwargs)
        messages.add_message(request, *_result_message(self.run))
        return redirect(import_run_viewset.get_url_name("inspect"), self.run.pk)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        progress = progress_of(self.run)
        if progress:
            progress["rows_text"] = number(progress.get("rows", 0))
            progress["speed_text"] = number(progress.get("rows_per_second", 0))
        context.update(run=self.run, progress=progress, refresh_seconds=self.REFRESH_SECONDS)
        return context


def _result_message(run: ImportRun) -> tuple[int, str]:
    summary = f"Загрузка № {run.pk}: {run.get_status_display()}."
    if run.dry_run:
        summary = f"Проверка № {run.pk} без записи: {run.get_status_display()}; ничего не записано."
        return (messages.SUCCESS if run.status == ImportRun.OK else messages.WARNING), summary
    if run.status == ImportRun.OK:
        return messages.SUCCESS, summary + " Все файлы записаны."
    if run.status == ImportRun.PARTIAL:
        return messages.WARNING, summary + " Файлы с ошибками не записаны; ошибки перечислены ниже."
    return messages.ERROR, summary + " Ничего не записано; ошибки перечислены ниже."


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
