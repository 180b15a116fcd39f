"""Measure the background-work numbers quoted in README ("Running at scale").

Usage (a scratch database: it is migrated and filled):
    DATABASE_URL=postgres://…/scratch [STORAGE_URL=s3://…] \\
        .venv/bin/python scripts/measure_background.py [--workers 2]

It starts one gunicorn (2 processes) on a free loopback port and N db_workers, then prints:
- password reset: median and p90 milliseconds over 50 requests with a known address and 50
  with an unknown one, interleaved;
- import: a three-year account (the demo's weeks repeated back over three years) as
  JSON, from the upload's POST to the worker's "done", and its records;
- tasks: light tasks (a reset for an unknown address) per second through the workers;
- pages: the today page's requests per second with 8 clients for 10 seconds.
Everything runs on this machine; stop it with Ctrl-C (the processes it started stop too).
"""

import argparse
import concurrent.futures
import copy
import datetime as dt
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from http.cookiejar import CookieJar
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skintrack.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.tasks import TaskResultStatus  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from skintrack.accounts import emails  # noqa: E402
from skintrack.accounts.models import User  # noqa: E402
from skintrack.portability import export  # noqa: E402
from skintrack.portability.models import ImportJob  # noqa: E402

YEARS = 3


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def session_for(user: User) -> str:
    session = import_module(settings.SESSION_ENGINE).SessionStore()  # the project's sessions
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def three_year_document(person: User) -> dict:
    """The demo's export with its dated records repeated back, window after window."""
    document = json.loads("".join(export.json_chunks(export.Export(person))))
    days = [
        dt.date.fromisoformat(record["day"])
        for key in ("applications", "day_notes", "observations", "visits")
        for record in document[key]
    ]
    window = (max(days) - min(days)).days + 1  # the demo's span: copies never overlap
    for key in ("applications", "day_notes", "observations", "visits"):
        original = document[key]
        days = [dt.date.fromisoformat(r["day"]) for r in original]
        if not days:
            continue
        repeated = []
        for k in range(1, YEARS * 365 // window + 1):
            for record in original:
                copy_ = copy.deepcopy(record)
                copy_["day"] = (
                    dt.date.fromisoformat(record["day"]) - dt.timedelta(days=window * k)
                ).isoformat()
                if key == "observations":
                    copy_["photos"] = []
                repeated.append(copy_)
        document[key] = original + repeated
    document["dismissed_findings"] = []
    return document


def post(url: str, fields: dict, cookies: CookieJar) -> tuple[int, float]:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    data = urllib.parse.urlencode(fields).encode()
    start = time.perf_counter()
    try:
        with opener.open(urllib.request.Request(url, data=data), timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, (time.perf_counter() - start) * 1000


def measure_reset(base: str, known: str) -> None:
    cookies = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    page = opener.open(base + "/accounts/password/reset/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    times = {"known": [], "unknown": []}
    for i in range(50):
        for kind, email in (("known", known), ("unknown", f"nobody{i}@example.com")):
            status, ms = post(
                base + "/accounts/password/reset/",
                {"csrfmiddlewaretoken": token, "email": email},
                cookies,
            )
            assert status == 200, status  # followed to the "sent" page
            times[kind].append(ms)
    for kind, values in times.items():
        values.sort()
        print(
            f"password reset, {kind:7} address: median {statistics.median(values):6.1f} ms, "
            f"p90 {values[int(len(values) * 0.9)]:6.1f} ms (50 requests)"
        )


def measure_import(base: str, document: dict) -> None:
    person = User.objects.create_user(f"importer-{uuid.uuid4().hex[:6]}", password=None)
    content = json.dumps(document).encode()
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="e.json"\r\n'
            f"Content-Type: application/json\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    cookies = f"sessionid={session_for(person)}; csrftoken={'c' * 32}"
    request = urllib.request.Request(base + "/data/import/", data=body)
    request.add_header("Cookie", cookies)
    request.add_header("X-CSRFToken", "c" * 32)
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    start = time.perf_counter()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        urllib.request.build_opener(NoRedirect()).open(request, timeout=60)
    except urllib.error.HTTPError as error:
        assert error.code == 302, error.code
    answered = time.perf_counter() - start
    while True:
        job = ImportJob.objects.filter(owner=person).first()
        if job and job.finished:
            break
        time.sleep(0.2)
    done = time.perf_counter() - start
    print(
        f"import of a {YEARS}-year account ({len(content) / 1e6:.1f} MB JSON, "
        f"{job.records_total} records, {job.records_written} written, {job.status}): "
        f"request answered in {answered * 1000:.0f} ms, done by the worker after {done:.1f} s"
    )


def measure_tasks(count: int, workers: int) -> None:
    DBTaskResult.objects.all().delete()
    start = time.perf_counter()
    for i in range(count):
        emails.send_password_reset.enqueue(f"nobody{i}@example.com", "example.com", True)
    enqueued = time.perf_counter() - start
    while DBTaskResult.objects.exclude(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
    ).exists():
        time.sleep(0.2)
    took = time.perf_counter() - start
    twice = sum(
        1 for ids in DBTaskResult.objects.values_list("worker_ids", flat=True) if len(ids) > 1
    )
    print(
        f"tasks: {count} enqueued in {enqueued:.1f} s, all run by {workers} worker(s) after "
        f"{took:.1f} s ({count / took:.0f} tasks/s); run more than once: {twice}"
    )


def measure_pages(base: str, person: User, seconds: float = 10, clients: int = 8) -> None:
    cookie = f"sessionid={session_for(person)}"

    def one_client(_):
        done = 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            request = urllib.request.Request(base + "/today/")
            request.add_header("Cookie", cookie)
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
            done += 1
        return done

    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        total = sum(pool.map(one_client, range(clients)))
    print(f"today page: {total / seconds:.0f} requests/s ({clients} clients, {seconds:.0f} s)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not User.objects.filter(username="demo").exists():
        call_command("seed_demo", verbosity=0)
    demo = User.objects.get(username="demo")
    if not demo.email:
        User.objects.filter(pk=demo.pk).update(email="demo@example.com")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "TASK_HOUSEKEEPING_EVERY": "3600"}
    processes = [
        subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "skintrack.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        measure_reset(base, "demo@example.com")  # no worker yet: only the requests count
        measure_pages(base, demo)
        for _ in range(args.workers):
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "manage.py",
                        "db_worker",
                        "--no-reload",
                        "--interval",
                        "0.2",
                        "-v",
                        "0",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        measure_tasks(1000, args.workers)
        measure_import(base, three_year_document(demo))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
