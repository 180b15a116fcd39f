import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def database_backend(settings):
    """Tasks go to the database, for real workers to run (the other tests run them at once)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def worker_environment(**extra: str) -> dict[str, str]:
    """The environment of a worker process that uses the test database."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = db["USER"] or "postgres"
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        env["DATABASE_URL"] = f"postgres://{user}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    else:
        env["SQLITE_PATH"] = db["NAME"]
    env.update(extra)
    return env


class Workers:
    """db_worker processes on the test database, stopped (or killed) when the test ends."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.processes: list[subprocess.Popen] = []

    def start(self, *args: str, **env: str) -> subprocess.Popen:
        log = open(self.logs / f"worker-{len(self.processes)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", *args],
            cwd=ROOT,
            env=worker_environment(**env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        process.log_path = log.name
        self.processes.append(process)
        return process

    def wait(self, process: subprocess.Popen, timeout: float) -> int:
        return process.wait(timeout=timeout)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def workers(tmp_path):
    pool = Workers(tmp_path)
    try:
        yield pool
    finally:
        pool.stop_all()
