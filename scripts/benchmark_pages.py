"""Time the main pages for the demo account, and count their SQL queries.

Usage: .venv/bin/python scripts/benchmark_pages.py [repeats]
Runs against the local database (make run creates it); prints median milliseconds.
Timings live here, never in a test: the tests pin query counts instead.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skintrack.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from skintrack.accounts.models import User  # noqa: E402

PAGES = ["/today/", "/review/", "/shelf/", "/routines/", "/milia/", "/learn/"]


def main(repeats: int = 20) -> None:
    person = User.objects.get(username="demo")
    client = Client()
    client.force_login(person)
    print(f"{'page':<12} {'status':>6} {'queries':>8} {'median ms':>10}")
    for path in PAGES:
        response = client.get(path, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else path
        with CaptureQueriesContext(connection) as queries:
            client.get(final)
        query_count = len(queries)  # read now: the next request resets Django's query log
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            client.get(final)
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"{path:<12} {response.status_code:>6} {query_count:>8} "
            f"{statistics.median(times):>10.1f}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
