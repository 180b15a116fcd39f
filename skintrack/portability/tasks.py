"""The import and the full ZIP export, run by a worker (`manage.py db_worker`).

The web request only stores the upload (or a row asking for an export) and enqueues; the
person watches the progress page, which polls the row. Both tasks can run again after a
lost worker: the import is one transaction and matches what the account already has, the
export is built anew.
"""

import datetime as dt
import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.tasks import task
from django.utils import timezone

from skintrack.journal import photos
from skintrack.portability import export, importer
from skintrack.portability.models import EXPORT_LIFETIME, ExportArchive, ImportJob, JobStatus

logger = logging.getLogger(__name__)

SOMETHING_WENT_WRONG = (
    "Something went wrong on our side and the file was not imported. Nothing in your account "
    "changed. Please try again later."
)


class JobProgress(importer.Progress):
    """Writes the importer's progress to the ImportJob row, for the page to poll."""

    def __init__(self, job: ImportJob):
        self.job = job

    def reading(self, total: int) -> None:
        self.job.update(status=JobStatus.READING, records_total=total, records_read=0)

    def read(self, count: int, errors: int) -> None:
        self.job.update(records_read=count)

    def writing(self) -> None:
        self.job.update(status=JobStatus.WRITING)


@task
def run_import(job_id: int) -> str:
    job = ImportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.finished:
        return "gone" if job is None else job.status  # deleted, or done by an earlier try
    # A try before this one may have been killed mid-write: its photo rows were rolled back
    # but its files stayed. Clear them before writing anew.
    photos.delete_orphan_files(job.owner_id)
    try:
        with job.file.open("rb") as upload:
            summary = importer.import_upload(job.owner, upload, JobProgress(job))
    except importer.ImportRefused as refusal:
        job.finish(JobStatus.REFUSED, problems=refusal.errors)
    except Exception:
        job.finish(JobStatus.FAILED, message=SOMETHING_WENT_WRONG)
        raise  # logged with the task's id, and shown to staff in the admin
    else:
        job.finish(
            JobStatus.DONE, message=summary.message(), records_written=summary.created.total()
        )
    return job.status


@task
def build_export(archive_id: int) -> str:
    archive = ExportArchive.objects.select_related("owner").filter(pk=archive_id).first()
    if archive is None or archive.finished:
        return "gone" if archive is None else archive.status
    ExportArchive.objects.filter(pk=archive.pk).update(status=JobStatus.WRITING)
    try:
        with tempfile.TemporaryFile() as spool:
            export.write_zip(spool, archive.owner, with_json_and_photos=True)
            size = spool.tell()
            spool.seek(0)
            archive.file.save("export.zip", File(spool), save=False)
    except Exception:
        ExportArchive.objects.filter(pk=archive.pk).update(
            status=JobStatus.FAILED, finished_at=timezone.now()
        )
        raise
    now = timezone.now()
    archive.status, archive.size = JobStatus.DONE, size
    archive.finished_at, archive.expires_at = now, now + EXPORT_LIFETIME
    archive.save(update_fields=["file", "status", "size", "finished_at", "expires_at"])
    # One download link at a time: older archives of the person go now.
    for older in ExportArchive.objects.owned_by(archive.owner).exclude(pk=archive.pk):
        delete_archive(older)
    return archive.status


def delete_archive(archive: ExportArchive) -> None:
    if archive.file:
        archive.file.delete(save=False)
    archive.delete()


ABANDONED = (
    "This import did not finish: the worker running it stopped. Nothing in your account "
    "changed. Please try again."
)


def fail_abandoned_jobs(now=None) -> int:
    """Housekeeping: an import or export still unfinished long after every retry of its task
    would be over (its workers lost, or no worker running) is marked failed, so the page
    stops waiting and the person can start again."""
    now = now or timezone.now()
    limit = dt.timedelta(seconds=settings.TASK_STALLED_AFTER * (settings.TASK_MAX_ATTEMPTS + 1))
    failed = 0
    for job in ImportJob.objects.unfinished().filter(created_at__lt=now - limit):
        job.finish(JobStatus.FAILED, message=ABANDONED)
        photos.delete_orphan_files(job.owner_id, now)  # what its killed workers wrote
        failed += 1
    failed += (
        ExportArchive.objects.unfinished()
        .filter(created_at__lt=now - limit)
        .update(status=JobStatus.FAILED, finished_at=now)
    )
    return failed


def delete_expired_exports(now=None) -> int:
    """Housekeeping: expired export files are deleted with their rows."""
    now = now or timezone.now()
    expired = list(ExportArchive.objects.filter(expires_at__lt=now))
    for archive in expired:
        delete_archive(archive)
    return len(expired)
