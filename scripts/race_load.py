#!/usr/bin/env python
"""Load test: many devices of one person saving the same things at once, for a while.

Not part of the suite (it takes a minute). It counts the answers by status; the point is
that no request gets a 5xx. Against a running server, e.g. on SQLite:

    export SQLITE_PATH=/tmp/load.sqlite3
    .venv/bin/python manage.py migrate --no-input
    .venv/bin/python scripts/race_load.py --setup          # the person "racer" and a routine
    DEBUG=0 SECRET_KEY=x ALLOWED_HOSTS=127.0.0.1 SITE_URL=http://127.0.0.1 \\
        SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0 \\
        .venv/bin/gunicorn skintrack.wsgi -w 3 --threads 4 -b 127.0.0.1:8123 &
    .venv/bin/python scripts/race_load.py --url http://127.0.0.1:8123 --writers 32 --seconds 60

(and the same with DATABASE_URL=postgres://... for PostgreSQL). Every writer logs in as
the same person and, until the time is up, picks one of: save a day's note, log milia on
an area and day (once it exists, the form's 400), tick or untick the one step, make one of
two morning routines active, change the morning email time. Days are drawn from the last
365, so creates race creates and updates race updates.
"""

import argparse
import collections
import datetime as dt
import http.client
import os
import random
import secrets
import string
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USERNAME, PASSWORD = "racer", "racing-devices-2026"


def setup() -> None:
    """Create (or reset) the person the writers share, with two morning routines."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skintrack.settings")
    import django

    django.setup()
    from skintrack.accounts.models import User
    from skintrack.routines.models import Routine, RoutineStep
    from skintrack.shelf.models import Product

    RoutineStep.objects.filter(routine__owner__username=USERNAME).delete()  # steps protect
    User.objects.filter(username=USERNAME).delete()
    person = User.objects.create_user(USERNAME, f"{USERNAME}@example.com", PASSWORD)
    product = Product.objects.create(owner=person, name="Gentle gel", category="cleanser")
    first = Routine.objects.create(owner=person, name="Morning", period="am", is_active=True)
    second = Routine.objects.create(owner=person, name="Quick morning", period="am")
    step = RoutineStep.objects.create(routine=first, product=product)
    print(f"--step {step.pk} --routines {first.pk},{second.pk}")


class Device:
    def __init__(self, url: str):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port, self.origin = parts.hostname, parts.port, url
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.cookies = {"csrftoken": self.csrf}
        self.connection = None

    def post(self, path: str, data: dict) -> int:
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
            try:
                self.connection.request(
                    "POST",
                    path,
                    urllib.parse.urlencode(data),
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                        "X-CSRFToken": self.csrf,
                        "Referer": self.origin + "/",
                    },
                )
                response = self.connection.getresponse()
                response.read()
            except (ConnectionError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
                continue
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            self.csrf = self.cookies["csrftoken"]  # logging in rotates it
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            return response.status
        raise AssertionError("unreachable")


def writer(url, args, start, counts, lock, today):
    device = Device(url)
    status = device.post("/accounts/login/", {"username": USERNAME, "password": PASSWORD})
    if status != 302:
        raise SystemExit(f"log-in answered {status}")
    start.wait()  # every writer logged in (hashing 32 passwords takes a while): go
    deadline = time.monotonic() + args.seconds
    routines = [int(pk) for pk in args.routines.split(",")]
    areas = ["eyelids", "under_eyes", "cheeks", "nose", "forehead", "chin_jaw"]

    def day() -> str:  # one of the last 365: some rows exist already, many do not yet
        return (today - dt.timedelta(days=random.randint(0, 364))).isoformat()

    actions = {
        "note": lambda: (
            f"/day/{day()}/note/",
            {"notes": f"device {threading.get_ident() % 1000}", "steamed": "on"},
        ),
        "milia": lambda: (
            f"/day/{day()}/milia/new/",
            {
                "area": random.choice(areas),
                "count": str(random.randint(0, 9)),
                "milia_type": "unknown",
            },
        ),
        "tick": lambda: (f"/day/{day()}/steps/{args.step}/tick/", {"done": random.choice("10")}),
        "activate": lambda: (f"/routines/{random.choice(routines)}/activate/", {}),
        "reminders": lambda: (
            "/reports/reminders/",
            {"digest_enabled": "on", "digest_time": f"07:{random.randint(0, 59):02d}"},
        ),
    }
    while time.monotonic() < deadline:
        name = random.choice(list(actions))
        path, data = actions[name]()
        try:
            status = device.post(path, data)
        except OSError as error:
            status = f"error {type(error).__name__}"
        with lock:
            counts[name][status] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--setup", action="store_true", help="create the person, then stop")
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--writers", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--step", type=int)
    parser.add_argument("--routines", default="")
    parser.add_argument(
        "--day", help="the latest day to write to (YYYY-MM-DD); default: today, UTC"
    )
    args = parser.parse_args()
    if args.setup:
        setup()
        return
    today = dt.date.fromisoformat(args.day) if args.day else dt.datetime.now(dt.UTC).date()
    counts = collections.defaultdict(collections.Counter)
    lock = threading.Lock()
    started = 0.0

    def go():
        nonlocal started
        started = time.monotonic()

    start = threading.Barrier(args.writers, action=go)
    threads = [
        threading.Thread(target=writer, args=(args.url, args, start, counts, lock, today))
        for _ in range(args.writers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - started
    total = collections.Counter()
    for name, by_status in sorted(counts.items()):
        total.update(by_status)
        print(f"{name:10} {dict(sorted(by_status.items(), key=str))}")
    server_errors = sum(n for s, n in total.items() if not isinstance(s, int) or s >= 500)
    print(
        f"{sum(total.values())} requests from {args.writers} writers in {took:.0f} s; "
        f"by status {dict(sorted(total.items(), key=str))}; 5xx or no answer: {server_errors}"
    )
    sys.exit(1 if server_errors else 0)


if __name__ == "__main__":
    main()
