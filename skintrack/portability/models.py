"""The background jobs of "Your data": an import being read, a full ZIP export being built.

Each holds its file in Django's default storage (the local disk, or S3 when configured), so
the web server that received an upload and the worker that reads it need not be the same
machine. Both are the person's own and are shown only to them.
"""

import datetime as dt
import uuid

from django.db import models
from django.utils import timezone

from skintrack.journal.models import OwnedQuerySet, owner_field

EXPORT_LIFETIME = dt.timedelta(hours=24)


def import_path(job: "ImportJob", filename: str) -> str:
    return f"imports/{job.owner_id}/{uuid.uuid4().hex}.upload"


def export_path(archive: "ExportArchive", filename: str) -> str:
    return f"exports/{archive.owner_id}/{uuid.uuid4().hex}.zip"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    READING = "reading", "Reading the file"
    WRITING = "writing", "Adding it to your account"
    DONE = "done", "Done"
    REFUSED = "refused", "Not imported"
    FAILED = "failed", "Failed"


FINISHED = (JobStatus.DONE, JobStatus.REFUSED, JobStatus.FAILED)


class JobQuerySet(OwnedQuerySet):
    def unfinished(self):
        return self.exclude(status__in=FINISHED)

    def latest_of(self, user):
        return self.owned_by(user).order_by("-created_at", "-pk").first()


class ImportJob(models.Model):
    """One uploaded file on its way into the account, with what the worker has done so far."""

    owner = owner_field("import_jobs")
    file = models.FileField(upload_to=import_path, max_length=200, blank=True)
    file_name = models.CharField(max_length=200, blank=True)  # as uploaded, for the page
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    records_total = models.PositiveIntegerField(default=0)
    records_read = models.PositiveIntegerField(default=0)
    records_written = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import of {self.file_name or 'a file'} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        """How far along, for the progress bar: reading is the first 80%, writing the rest."""
        if self.status == JobStatus.DONE:
            return 100
        if self.status == JobStatus.WRITING:
            return 90
        if not self.records_total:
            return 0
        return min(80, 80 * self.records_read // self.records_total)

    def update(self, **fields) -> None:
        """Save these fields now, outside any transaction, for the page to poll."""
        for name, value in fields.items():
            setattr(self, name, value)
        ImportJob.objects.filter(pk=self.pk).update(**fields)

    def finish(self, status: str, **fields) -> None:
        if self.file:
            self.file.delete(save=False)  # the upload is not kept once read
        self.update(status=status, file="", finished_at=timezone.now(), **fields)


class ExportArchive(models.Model):
    """A full ZIP export built by a worker, downloadable by its owner until it expires."""

    owner = owner_field("export_archives")
    file = models.FileField(upload_to=export_path, max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Export of {self.created_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def ready(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.status == JobStatus.DONE
            and bool(self.file)
            and self.expires_at is not None
            and now < self.expires_at
        )
