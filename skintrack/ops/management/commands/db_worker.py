"""django-tasks-db's `db_worker`, plus one minute's housekeeping between tasks.

Everything the original does (queues, --batch, --max-tasks, graceful SIGTERM) is unchanged;
once a minute, in a thread beside the tasks, the worker also
- enqueues the morning digests and the push reminders that are due (each claimed first, so
  many workers never send one twice: see reports.digest and push.sending), and
- requeues or fails tasks whose worker was killed (ops.housekeeping), and
- deletes full ZIP exports whose download link has expired, and marks failed the imports
  and exports abandoned long after every retry (so their pages stop waiting).
`--no-housekeeping` leaves both out, as the upstream command does.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.management.commands import db_worker

from skintrack.ops import housekeeping
from skintrack.portability import tasks as portability_tasks
from skintrack.push import sending as push_sending
from skintrack.reports import digest

logger = logging.getLogger(__name__)


def tidy() -> None:
    """One round of housekeeping. Each chore is on its own: one failing (the database
    restarting, say) is logged and the others still run; the next round tries again."""
    chores = (
        housekeeping.recover_stalled_tasks,
        portability_tasks.fail_abandoned_jobs,
        portability_tasks.delete_expired_exports,
        digest.enqueue_due_digests,
        push_sending.enqueue_due_pushes,
    )
    for chore in chores:
        close_old_connections()
        try:
            done = chore()
        except Exception:
            logger.exception("Housekeeping: %s failed; trying again next round", chore.__name__)
        else:
            if done and chore is digest.enqueue_due_digests:
                logger.info("Enqueued %d morning digest(s)", done)
            elif done and chore is push_sending.enqueue_due_pushes:
                logger.info("Enqueued %d push reminder(s)", done)


def housekeeping_loop(stop: threading.Event) -> None:
    try:
        while not stop.is_set():
            tidy()
            stop.wait(settings.TASK_HOUSEKEEPING_EVERY)
    finally:
        connection.close()


class Worker(db_worker.Worker):
    """Runs housekeeping in a thread of its own (own database connection) beside the tasks."""

    def __init__(self, *args, housekeeping: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.housekeeping = housekeeping

    def run(self) -> None:
        stop = threading.Event()
        if self.housekeeping:
            threading.Thread(
                target=housekeeping_loop, args=(stop,), name="housekeeping", daemon=True
            ).start()
        try:
            super().run()
        finally:
            stop.set()


class Command(db_worker.Command):
    help = db_worker.Command.help + ", with a minute's housekeeping (digests, lost tasks)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-housekeeping",
            action="store_false",
            dest="housekeeping",
            help="Only run tasks: no digest scheduling, no recovery of lost tasks.",
        )

    def handle(self, *args, housekeeping: bool = True, **options):
        original = db_worker.Worker
        db_worker.Worker = lambda **kw: Worker(housekeeping=housekeeping, **kw)
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original
