"""Two app servers, one worker, one PostgreSQL database, one S3 store: what a person does on
one server is seen on the other, and background work is done once.

Marked `two_servers`: `make test` leaves it out; .ci/run runs it on its PostgreSQL leg with a
local S3-compatible server (moto). It starts real processes: two gunicorns on free loopback
ports and one db_worker, all on the test database and the test's own S3 prefix.
"""

import datetime as dt
import http.cookiejar
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from PIL import Image

from skintrack.accounts.models import User
from skintrack.journal.models import ObservationPhoto
from skintrack.portability import export
from skintrack.portability.models import ImportJob, JobStatus
from tests import factories
from tests.conftest import S3
from tests.ops.conftest import worker_environment
from tests.portability.helpers import make_history

pytestmark = [pytest.mark.two_servers, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[1]
CSRF = "twoserverscsrfsecret0123456789ab"  # 32 characters, as Django's secret


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """A person's browser: their session cookie, sent to whichever server is asked."""

    def __init__(self, session_key: str):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        self.session_key = session_key

    def request(self, base: str, path: str, data: bytes | None = None, content_type=None):
        request = urllib.request.Request(base + path, data=data)
        request.add_header("Cookie", f"sessionid={self.session_key}; csrftoken={CSRF}")
        if data is not None:
            request.add_header("X-CSRFToken", CSRF)
            request.add_header("Content-Type", content_type)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def upload(self, base: str, path: str, field: str, name: str, content: bytes):
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
                f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request(base, path, body, f"multipart/form-data; boundary={boundary}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def logged_in(user: User) -> Browser:
    session = import_module(settings.SESSION_ENGINE).SessionStore()  # the project's sessions
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return Browser(session.session_key)


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout} s waiting for {what}")
        time.sleep(0.2)


@pytest.fixture
def cluster(tmp_path):
    """Server A, server B and one worker; their logs in tmp_path; all stopped afterwards."""
    if connection.vendor != "postgresql" or not S3:
        pytest.fail("the two-server proof needs DATABASE_URL (PostgreSQL) and STORAGE_URL (S3)")
    location = settings.STORAGES["default"]["OPTIONS"]["location"]  # this test's own prefix
    env = worker_environment(AWS_LOCATION=location, TASK_HOUSEKEEPING_EVERY="1")
    processes, bases = [], []
    for name in ("a", "b"):
        port = free_port()
        log = open(tmp_path / f"server-{name}.log", "w")  # noqa: SIM115
        processes.append(
            subprocess.Popen(
                [
                    Path(sys.executable).parent / "gunicorn",
                    "skintrack.wsgi",
                    "-w",
                    "2",
                    "-b",
                    f"127.0.0.1:{port}",
                    "--access-logfile",
                    "-",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
    worker_log = tmp_path / "worker.log"
    with open(worker_log, "w") as log:
        processes.append(
            subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    try:
        for base in bases:

            def healthy(base=base):
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                        return response.status == 200
                except OSError:
                    return False

            wait_until(healthy, 60, f"{base}/healthz")
        yield bases[0], bases[1], worker_log
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_two_servers_one_worker_one_database_one_store(cluster, tmp_path):
    a, b, worker_log = cluster
    person = factories.make_user("dana", time_zone="UTC")
    observation = factories.make_observation(person, area="eyelids", count=2)
    browser = logged_in(person)

    # A photo uploaded through A is shown by B.
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), "tan").save(picture, "JPEG")
    status, headers, _ = browser.upload(
        a, f"/photos/observation/{observation.pk}/upload/", "image", "p.jpg", picture.getvalue()
    )
    assert status == 302, headers
    photo = ObservationPhoto.objects.get(owner=person)
    status, headers, body = browser.request(b, f"/photos/{photo.pk}/")
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    with photo.image.open("rb") as stored:
        assert body == stored.read()
    with Image.open(io.BytesIO(body)) as shown:
        assert shown.size == (64, 48)

    # An import started on A is finished by the worker, and B shows how it went.
    source = factories.make_user("sam")
    make_history(source)
    document = "".join(export.json_chunks(export.Export(source))).encode()
    status, headers, _ = browser.upload(a, "/data/import/", "file", "export.json", document)
    assert status == 302 and headers["Location"] == "/data/import/progress/"

    def imported():
        job = ImportJob.objects.get(owner=person)
        return job.status == JobStatus.DONE

    wait_until(imported, 120, "the worker to finish the import")
    job = ImportJob.objects.get(owner=person)
    status, _, page = browser.request(b, "/data/import/progress/")
    assert status == 200
    page = page.decode()
    assert "Done" in page and f"<dd>{job.records_written}</dd>" in page
    assert job.records_written > 100

    # A digest that is due is sent once, though two schedulers race for it: the worker's
    # housekeeping and a cron-style send_reminders on "another machine".
    User.objects.filter(pk=person.pk).update(
        email="dana@example.com", digest_enabled=True, digest_time=dt.time(0, 0)
    )
    env = worker_environment(AWS_LOCATION=settings.STORAGES["default"]["OPTIONS"]["location"])
    cron = subprocess.run(
        [sys.executable, "manage.py", "send_reminders"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert cron.returncode == 0, cron.stderr

    def sent():
        return "To: dana@example.com" in worker_log.read_text()

    wait_until(sent, 60, "the digest to be sent")
    time.sleep(2.5)  # two more housekeeping rounds: nothing more goes out
    assert worker_log.read_text().count("To: dana@example.com") == 1
    assert User.objects.get(pk=person.pk).digest_last_sent_on == dt.datetime.now(dt.UTC).date()
    assert json.loads(urllib.request.urlopen(b + "/healthz").read())["status"] == "ok"
    assert os.path.exists(worker_log)
