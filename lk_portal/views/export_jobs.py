"""«Мои выгрузки» /lk/exports/: background exports — the list, a job's progress page, its state, its file."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from lk_portal.domain.roles import Capability
from lk_portal.exports.files import file_chunks
from lk_portal.exports.formats import EXPORT_FORMATS
from lk_portal.selectors.export_jobs import export_job_find, export_job_list
from lk_portal.services.export_jobs import export_job_file, export_job_refresh

from .base import CabinetMixin
from .kit import ListPageView, export_response


def job_state(job) -> dict:
    """What the progress page's script reads (static/js/export_job.js)."""
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "progress": job.progress,
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "error": job.error,
        "download": f"/lk/exports/{job.pk}/file/" if job.status == job.DONE else "",
    }


class ExportJobListView(ListPageView):
    capability = Capability.EXPORT
    template_name = "lk_portal/export_jobs.html"
    tab = "exports"
    contract_param = None
    page_size = 30

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows, pager = self.paginate(export_job_list(viewer=self.viewer))
        context.update(
            rows=[export_job_refresh(job) for job in rows], pager=pager, keep_hours=settings.LK_EXPORT_KEEP_HOURS
        )
        return context


class ExportJobView(CabinetMixin, TemplateView):
    """«Файл готовится: 45 %» with a bar the script updates, then the download link."""

    capability = Capability.EXPORT
    template_name = "lk_portal/export_job.html"
    tab = "exports"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = export_job_refresh(export_job_find(viewer=self.viewer, pk=self.kwargs["pk"]))
        context.update(job=job, state=job_state(job))
        return context


class ExportJobStateView(CabinetMixin, View):
    capability = Capability.EXPORT

    def get(self, request, pk: int):
        job = export_job_refresh(export_job_find(viewer=self.viewer, pk=pk))
        response = JsonResponse(job_state(job))
        response["Cache-Control"] = "no-store"
        return response


class ExportJobFileView(CabinetMixin, View):
    """The file to its owner only (another's job: 404); not ready yet: back to the progress page."""

    capability = Capability.EXPORT

    def get(self, request, pk: int):
        job = export_job_refresh(export_job_find(viewer=self.viewer, pk=pk))
        path = export_job_file(job)
        if path is None:
            return redirect("lk:export_job", pk=job.pk)
        return export_response(
            EXPORT_FORMATS[job.format],
            file_chunks(path.open("rb")),
            filename=job.filename,
            request=request,
            what=job.title,
            details={"background": f"выгрузка № {job.pk}", "rows": job.rows_total},
        )
