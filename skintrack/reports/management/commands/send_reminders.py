"""Enqueue the morning email digests that are due (a worker sends them).

Every `db_worker` already does this once a minute; this command is for cron or a machine
that runs no worker.

Once (cron, every few minutes):  python manage.py send_reminders
As a worker (systemd):          python manage.py send_reminders --loop
"""

import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from skintrack.reports import digest

logger = logging.getLogger(__name__)


def seconds_to_next_minute(now: float) -> float:
    """From a Unix time to the next whole minute; a full minute when exactly on one."""
    return 60 - now % 60


class Command(BaseCommand):
    help = "Enqueue the morning email for everyone whose chosen time has come today."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            action="store_true",
            help="Keep running: a pass at every minute boundary until SIGTERM or Ctrl-C.",
        )

    def handle(self, *args, loop: bool = False, **options):
        if not loop:
            self.report(digest.enqueue_due_digests())
            return
        stop = threading.Event()
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
        self.stdout.write("Enqueuing digests every minute. Stop with SIGTERM or Ctrl-C.")
        try:
            while not stop.is_set():
                close_old_connections()
                try:
                    self.report(digest.enqueue_due_digests(), quiet=True)
                except Exception:
                    # One bad pass (the database restarting, say) must not end the worker.
                    logger.exception("A digest pass failed; trying again next minute")
                stop.wait(seconds_to_next_minute(time.time()))
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            close_old_connections()
        self.stdout.write("Stopped.")

    def report(self, enqueued: int, quiet: bool = False) -> None:
        if enqueued or not quiet:
            self.stdout.write(f"Enqueued {enqueued} digest{'' if enqueued == 1 else 's'}.")
