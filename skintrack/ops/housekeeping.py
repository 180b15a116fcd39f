"""What every worker does once a minute besides running tasks, and the queue's vital signs.

`recover_stalled_tasks` finds tasks marked running for longer than TASK_STALLED_AFTER: their
worker was killed or its machine went away mid-task (a worker that stops cleanly finishes
its task first). Each goes back in the queue for another worker, or, after TASK_MAX_ATTEMPTS
workers have tried it, is marked failed with a `WorkerLost` error that staff see in the admin
(Django tasks › Task results). Each change is a filtered `update()`, so two workers doing
housekeeping at once never both requeue the same task.

Our tasks are written to be safe to run again: an import is one transaction, an export is
built anew, a digest is claimed per person and day before it is enqueued.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Min
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

WORKER_LOST = "skintrack.ops.housekeeping.WorkerLost"


class WorkerLost(Exception):
    """The worker running a task stopped without finishing it (killed, or its machine lost)."""


def recover_stalled_tasks(now: dt.datetime | None = None) -> tuple[int, int]:
    """Requeue or fail tasks whose worker was lost. Returns (requeued, failed)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.TASK_STALLED_AFTER)
    requeued = failed = 0
    stalled = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    for task_id, started_at, worker_ids, path in stalled.values_list(
        "id", "started_at", "worker_ids", "task_path"
    ):
        mine = DBTaskResult.objects.filter(
            id=task_id, status=TaskResultStatus.RUNNING, started_at=started_at
        )
        attempts = len(worker_ids or [])
        if attempts < settings.TASK_MAX_ATTEMPTS:
            if mine.update(status=TaskResultStatus.READY):
                requeued += 1
                logger.warning(
                    "Task id=%s path=%s lost its worker (attempt %d of %d); queued again",
                    task_id,
                    path,
                    attempts,
                    settings.TASK_MAX_ATTEMPTS,
                )
        elif mine.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=WORKER_LOST,
            traceback=(
                f"{WORKER_LOST}: the worker running this task stopped without finishing it, "
                f"{attempts} times (workers {', '.join(worker_ids)}). Not tried again."
            ),
        ):
            failed += 1
            logger.error(
                "Task id=%s path=%s lost its worker %d times; marked failed",
                task_id,
                path,
                attempts,
            )
    return requeued, failed


def queue_state(now: dt.datetime | None = None) -> dict:
    """How many tasks wait to run now, and how long the oldest of them has waited (seconds)."""
    now = now or timezone.now()
    ready = DBTaskResult.objects.ready()
    oldest = ready.aggregate(oldest=Min("enqueued_at"))["oldest"]
    return {
        "backlog": ready.count(),
        "oldest_queued_seconds": round((now - oldest).total_seconds()) if oldest else 0,
        "running": DBTaskResult.objects.running().count(),
    }
