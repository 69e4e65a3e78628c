"""Reads of background exports: a member's own jobs only (`viewer.user` within its abonent)."""

from django.db.models import QuerySet

from lk_portal.domain.errors import NotFound
from lk_portal.models import ExportJob

from .viewer import Viewer


def export_job_list(*, viewer: Viewer) -> QuerySet[ExportJob]:
    """The viewer's own jobs, newest first (index owner, -created_at)."""
    return ExportJob.objects.filter(owner=viewer.user, abonent=viewer.abonent).order_by("-created_at", "-id")


def export_job_find(*, viewer: Viewer, pk: int) -> ExportJob:
    """One of the viewer's own jobs; another member's, another organisation's or a missing one: NotFound."""
    job = export_job_list(viewer=viewer).filter(pk=pk).first()
    if job is None:
        raise NotFound("Выгрузка не найдена.")
    return job
