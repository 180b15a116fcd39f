"""`make bench`: the pages a person uses, timed against a bare logged-in view.

Builds (once, cached under .bench/) a database with the demo account and a dense account
holding `--years` of daily history, then requests every page in rounds, each round visiting
a minimal `@login_required` view that returns "ok" and then every page, so all are measured
interleaved under the same conditions. Prints, per page, its SQL queries, its median time and
that median as a ratio to the bare view's. DEBUG is off. A benchmark, not a test: it always
exits 0.

With `--serve SECONDS`, it then starts gunicorn (2 workers x 4 threads) on the same database
and drives the today page and the bare view with 8 client threads, SECONDS each, printing
requests per second for both.

Usage: .venv/bin/python scripts/bench.py [--years 3] [--rounds 15] [--serve 10]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DENSE = "dense"


def environment(years: int) -> dict[str, str]:
    cache = ROOT / ".bench"
    cache.mkdir(exist_ok=True)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "skintrack.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-not-a-secret",
        "ALLOWED_HOSTS": "testserver",
        "SITE_URL": "http://testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SQLITE_PATH": str(cache / f"bench-{years}y.sqlite3"),
    }


def build(env: dict[str, str], years: int) -> None:
    """Migrate and seed the cached database, once per number of years."""
    python = sys.executable
    manage = [python, str(ROOT / "manage.py")]
    # DEBUG off serves hashed static names: collect them as production would.
    subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], env=env, check=True)
    # A cached database still takes the migrations added since it was built.
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True)
    marker = Path(env["SQLITE_PATH"] + ".ready")
    if marker.exists():
        return
    print(f"Building the {years}-year benchmark database (once)...", flush=True)
    subprocess.run([*manage, "seed_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    days = str(365 * years)
    subprocess.run(
        [*manage, "seed_demo", "--username", DENSE, "--days", days],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    marker.touch()


def run(years: int, rounds: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from skintrack.accounts.models import User
    from skintrack.bench_urls import pages_of

    person = User.objects.get(username=DENSE)
    pages = {"bare view": ("get", "/bench/bare/", None, {}), **pages_of(person)}

    client = Client()
    client.force_login(person)

    def request(name):
        method, url, data, extra = pages[name]
        payload = data() if data else None
        if method == "post":
            response = client.post(url, payload, **extra)
        else:
            response = client.get(url, **extra)
        response.body = b"".join(response) if response.streaming else response.content
        return response

    with override_settings(ROOT_URLCONF="skintrack.bench_urls"):
        queries, sizes, statuses = {}, {}, {}
        for name in pages:  # warm up, count queries and bytes
            request(name)
            with CaptureQueriesContext(connection) as captured:
                response = request(name)
            queries[name] = len(captured.captured_queries)
            statuses[name] = response.status_code
            sizes[name] = len(response.body)
        times: dict[str, list[float]] = {name: [] for name in pages}
        for _ in range(rounds):
            for name in pages:
                start = time.perf_counter()
                request(name)
                times[name].append((time.perf_counter() - start) * 1000)

    bare = statistics.median(times["bare view"])
    print(f"\n{years} year(s) of daily history, {rounds} interleaved rounds, DEBUG off, SQLite\n")
    print("| page | status | queries | KB | median ms | × bare |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in pages:
        median = statistics.median(times[name])
        print(
            f"| {name} | {statuses[name]} | {queries[name]} | {sizes[name] / 1024:.1f} "
            f"| {median:.1f} | {median / bare:.1f}× |"
        )


def serve(seconds: float, clients: int = 8) -> None:
    """Requests per second under gunicorn: the today page against the bare view."""
    import concurrent.futures
    import socket
    import urllib.request
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from skintrack.accounts.models import User

    person = User.objects.get(username=DENSE)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session.create()
    cookie = f"sessionid={session.session_key}"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "--pythonpath", "scripts", "bench_wsgi:application"]
    command += ["-w", "2", "--threads", "4", "-b", f"127.0.0.1:{port}", "--log-level", "error"]
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen(command, cwd=ROOT, env=env)

    def get(path: str) -> None:
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
        request.add_header("Cookie", cookie)
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()

    try:
        for _ in range(100):  # until it answers
            try:
                get("/bench/bare/")
                break
            except OSError:
                time.sleep(0.1)
        rates = {}
        for path in ("/bench/bare/", "/today/", "/bench/bare/", "/today/"):  # interleaved

            def client(_, path=path):
                done, deadline = 0, time.monotonic() + seconds / 2
                while time.monotonic() < deadline:
                    get(path)
                    done += 1
                return done

            with concurrent.futures.ThreadPoolExecutor(clients) as pool:
                total = sum(pool.map(client, range(clients)))
            rates[path] = rates.get(path, 0) + total / seconds
    finally:
        server.terminate()
        server.wait()
    bare, today = rates["/bench/bare/"], rates["/today/"]
    print(
        f"\ngunicorn 2 workers x 4 threads, {clients} clients: bare view {bare:.0f} requests/s, "
        f"today {today:.0f} requests/s ({bare / today:.1f}x fewer)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--serve", type=float, default=0, help="seconds under gunicorn")
    args = parser.parse_args()
    env = environment(args.years)
    build(env, args.years)
    if os.environ.get("SKINTRACK_BENCH_CHILD") != "1":
        # Run the measurement with the benchmark's environment (DEBUG off, its database).
        env["SKINTRACK_BENCH_CHILD"] = "1"
        argv = [sys.executable, __file__, "--years", str(args.years), "--rounds", str(args.rounds)]
        argv += ["--serve", str(args.serve)]
        raise SystemExit(subprocess.run(argv, env=env, cwd=ROOT).returncode and 0)
    sys.path.insert(0, str(ROOT))
    run(args.years, args.rounds)
    if args.serve:
        serve(args.serve)


if __name__ == "__main__":
    main()
