"""Every page a person uses costs the same SQL queries with two weeks or three years of
history (ten years for the today page and the review), and never more than its pin: what a
page costs may grow with the days it shows, never with the years behind them.

The pages are the ones `make bench` times (skintrack/bench_urls.py). Counts are taken at
the steady state: the second request, once the server process has read the ingredient
catalog."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skintrack.accounts.models import User
from skintrack.bench_urls import pages_of

NOW = dt.datetime(2026, 11, 25, 18, 0, tzinfo=dt.UTC)  # a Wednesday evening

# Queries per page: the session and the person, then what the page itself reads. A tap
# (tick, note) also writes, then redraws everything on the page that depends on it.
PINNED = {
    "today": 11,
    "tick (htmx)": 13,  # the second tap of the step: an untick
    "note save (htmx)": 16,
    "past day": 11,
    "review, this week": 12,
    "review, 2 years ago": 12,
    "shelf": 5,
    "product": 7,
    "routines": 3,
    "routine": 5,
    "milia history": 4,
    "progress": 11,
    "report, 90 days": 12,
    "report, 2 years": 12,
    "calendar feed": 12,
    "export (JSON)": 13,
    "settings": 3,
}


def queries_per_page(client, username: str, days: int, only=None) -> dict[str, int]:
    call_command("seed_demo", username=username, days=days, verbosity=0)
    person = User.objects.get(username=username)
    client.force_login(person)
    counts = {}
    for name, page in pages_of(person).items():
        if not only or name in only:
            visit(client, name, *page)  # the steady state: caches warm, a tick toggled once
            with CaptureQueriesContext(connection) as captured:
                visit(client, name, *page)
            counts[name] = len(captured.captured_queries)
    return counts


def visit(client, name, method, url, data, extra) -> None:
    send = client.post if method == "post" else client.get
    response = send(url, data() if data else None, **extra)
    assert response.status_code == 200, (name, response.status_code)
    b"".join(response) if response.streaming else response.content


@pytest.mark.django_db
def test_every_page_costs_the_same_with_two_weeks_or_three_years_of_history(client):
    with time_machine.travel(NOW, tick=False):
        short = queries_per_page(client, "fortnight", days=14)
        long = queries_per_page(client, "three-years", days=3 * 365)
    assert long == short
    assert long == PINNED


@pytest.mark.django_db
def test_today_and_the_review_cost_the_same_after_ten_years(client):
    pages = ("today", "review, this week", "review, 2 years ago")
    with time_machine.travel(NOW, tick=False):
        ten_years = queries_per_page(client, "ten-years", days=10 * 365, only=pages)
    assert ten_years == {page: PINNED[page] for page in pages}
