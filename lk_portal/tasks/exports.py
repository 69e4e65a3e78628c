"""Background exports (issue 14 item 3): render a job's file; fail silent jobs; purge old files.

The job names the page whose rows it exports (`job.path`) and its query string: the page's view
class, found through the URLconf, builds the same rows for the job's owner
(`views.kit.GridPageView.export_job_chunks`), so a new grid page exports in the background with no
code of its own.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lk_portal.models import ExportJob
from lk_portal.services.export_jobs import export_job_run, export_jobs_expire, export_jobs_purge


@db_task()
def export_job_task(job_id: int) -> str | None:
    from django.urls import Resolver404, resolve

    job = ExportJob.objects.select_related("owner", "abonent").filter(pk=job_id).first()
    if job is None:
        return None
    try:
        view_class = resolve(job.path).func.view_class
    except (Resolver404, AttributeError):
        view_class = None
    builder = getattr(view_class, "export_job_chunks", None)
    if builder is None:
        export_job_run(job, _unknown_page)
    else:
        export_job_run(job, lambda progress: builder(job, progress))
    return job.status


def _unknown_page(progress):
    raise LookupError("the page of this export job has no background export")


@db_periodic_task(crontab(minute="*/5"))
def export_jobs_expire_task() -> int:
    return export_jobs_expire()


@db_periodic_task(crontab(minute="17"))
def export_jobs_purge_task() -> int:
    return export_jobs_purge()
