"""Real db_worker processes against the test database: each task runs once, a worker killed
mid-task does not lose its task, and failures are visible."""

import collections
import datetime as dt
import os
import signal
import time
from pathlib import Path

import pytest
from django.db import connection
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from skintrack.ops import housekeeping
from skintrack.ops.management.commands import db_worker
from tests import factories
from tests.ops import tasks

pytestmark = pytest.mark.django_db(transaction=True)


def wait_until(condition, timeout: float, every: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout} s waiting for {condition.__doc__}")
        time.sleep(every)


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":")[0] not in {"postgres", "postgresql"},
    reason="two workers sharing one queue is proven on PostgreSQL (CI's second run)",
)
def test_two_workers_run_each_of_200_tasks_exactly_once(database_backend, workers, tmp_path):
    assert connection.vendor == "postgresql"
    trace = tmp_path / "trace.txt"
    for number in range(200):
        tasks.record_run.enqueue(number, str(trace))
    first = workers.start("--batch", "--no-housekeeping")
    second = workers.start("--batch", "--no-housekeeping")
    assert workers.wait(first, timeout=120) == 0, Path(first.log_path).read_text()
    assert workers.wait(second, timeout=120) == 0, Path(second.log_path).read_text()

    runs = [line.split() for line in trace.read_text().splitlines()]
    times_run = collections.Counter(int(number) for number, _ in runs)
    assert sorted(times_run) == list(range(200))
    assert [n for n, count in times_run.items() if count > 1] == []  # none ran twice
    by_process = collections.Counter(pid for _, pid in runs)
    print(f"\n200 tasks, 2 workers: {sorted(by_process.values())} each, {len(runs)} runs in all")
    assert set(by_process) == {str(first.pid), str(second.pid)}, by_process  # both worked
    results = DBTaskResult.objects.filter(task_path="tests.ops.tasks.record_run")
    assert results.filter(status=TaskResultStatus.SUCCESSFUL).count() == 200
    assert all(len(ids) == 1 for ids in results.values_list("worker_ids", flat=True))


def test_a_task_whose_worker_is_killed_runs_again_on_another(database_backend, workers, tmp_path):
    marker = tmp_path / "started"
    result = tasks.slow_the_first_time.enqueue(str(marker))
    doomed = workers.start("--no-housekeeping")

    def started():
        """the first run to start"""
        return marker.exists()

    wait_until(started, timeout=60)
    os.kill(doomed.pid, signal.SIGKILL)  # no clean shutdown: the task stays "running"
    doomed.wait(timeout=10)
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.RUNNING

    rescuer = workers.start(TASK_STALLED_AFTER="1", TASK_HOUSEKEEPING_EVERY="1")

    def finished():
        """the task to be run again and succeed"""
        return DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.SUCCESSFUL

    wait_until(finished, timeout=60)
    row = DBTaskResult.objects.get(id=result.id)
    assert row.return_value == "second run"
    assert len(row.worker_ids) == 2  # the killed worker's try, then the rescuer's
    assert rescuer.poll() is None  # still serving
    log = Path(rescuer.log_path).read_text()
    assert f"Task id={result.id}" in log and "lost its worker" in log


def test_a_task_that_keeps_losing_its_worker_is_marked_failed_for_staff(
    database_backend, settings, client
):
    settings.TASK_STALLED_AFTER = 60
    result = tasks.slow_the_first_time.enqueue("/nonexistent/marker")
    DBTaskResult.objects.filter(id=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - dt.timedelta(minutes=5),
        worker_ids=["a", "b", "c"],
    )
    assert housekeeping.recover_stalled_tasks() == (0, 1)
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == housekeeping.WORKER_LOST
    staff = factories.make_user("sid", is_staff=True, is_superuser=True)
    client.force_login(staff)
    page = client.get(
        reverse("admin:django_tasks_database_dbtaskresult_changelist"), {"status": "FAILED"}
    )
    assert page.status_code == 200 and str(result.id) in page.content.decode()


def test_a_recent_running_task_is_left_alone(database_backend, settings):
    settings.TASK_STALLED_AFTER = 600
    result = tasks.slow_the_first_time.enqueue("/nonexistent/marker")
    DBTaskResult.objects.filter(id=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=["a"]
    )
    assert housekeeping.recover_stalled_tasks() == (0, 0)
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.RUNNING


def test_a_failed_task_is_logged_with_its_id(database_backend, workers, tmp_path):
    result = tasks.always_fails.enqueue()
    worker = workers.start("--batch", "--no-housekeeping")
    assert workers.wait(worker, timeout=60) == 0
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.FAILED and "this task always fails" in row.traceback
    log = Path(worker.log_path).read_text()
    assert f"Task id={result.id} path=tests.ops.tasks.always_fails state=FAILED" in log


def test_housekeeping_sends_due_digests_and_goes_on_after_a_failing_chore(
    mailoutbox, caplog, monkeypatch
):
    factories.make_user("sam", digest_enabled=True, digest_time=dt.time(0, 0))

    def broken():
        raise RuntimeError("database restarting")

    monkeypatch.setattr(housekeeping, "recover_stalled_tasks", broken)
    db_worker.tidy()
    assert [m.to for m in mailoutbox] == [["sam@example.com"]]
    assert "database restarting" in caplog.text
    db_worker.tidy()  # a minute later: nothing more goes out
    assert len(mailoutbox) == 1
