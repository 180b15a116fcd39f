import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.reports.conftest import make_routines, seed_history

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 24)
URL = reverse("reports:progress")


def get(client):
    with time_machine.travel(NOON):
        return client.get(URL)


def test_the_progress_page_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_new_person_sees_no_data_yet_in_each_chart(client_owner):
    html = get(client_owner).content.decode()
    assert html.count("No data yet") == 6  # three charts, each drawn wide and narrow
    assert "Count your milia" in html


def test_the_progress_page_shows_three_charts_with_their_tables(client_owner, owner, routines):
    seed_history(owner, routines, TODAY, days=70)
    response = get(client_owner)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Milia counted, by area",
        "Routine steps done, last 12 weeks",
        "Day by day, last six months",
    ):
        assert heading in html
    # Two charts drawn twice (wide and narrow) are images; the heatmap, whose days are
    # links, is a group (an image's content is hidden from assistive technology).
    assert html.count('role="img"') == 4
    assert html.count('class="chart chart-heatmap"') == html.count('role="group"') == 2
    assert "No data yet" not in html
    assert html.count("<table") == 3
    assert "Eyelids, 15 Sep 2026: 2" in html  # a point of the line chart
    assert 'href="/reports/visit-report/"' in html
    assert " style=" not in html and "<style" not in html


def test_a_weeks_share_is_the_steps_done_over_the_steps_due(client_owner, owner, routines):
    seed_history(owner, routines, TODAY, days=14)
    page = get(client_owner).context["page"]
    last_full_week = page.weeks[-2]  # Mon 16 to Sun 22 Nov
    assert last_full_week.start == dt.date(2026, 11, 16)
    # Two morning steps and one evening step a day, the retinoid on Mon, Wed and Fri;
    # the history skips the sunscreen every third day and ticks everything else.
    assert (last_full_week.done, last_full_week.due) == (21, 7 * 3 + 3)
    assert last_full_week.percent == 88
    assert page.weeks[0].percent is None  # before tracking began: not counted as missed


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert get(client).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_history(client_owner, owner, client_outsider):
    outsider = client_outsider.get(URL).wsgi_request.user
    seed_history(outsider, make_routines(outsider), TODAY, days=7)
    seed_history(owner, make_routines(owner), TODAY, days=180)
    factories.make_observation(owner, day=TODAY, area="other", area_other="left arm", count=1)
    assert count_queries(client_owner) == count_queries(client_outsider) <= 12


def test_a_long_milia_history_is_drawn_a_point_a_month(client_owner, owner):
    start = TODAY - dt.timedelta(days=7 * 200)
    for week in range(200):  # four years of weekly counts in one area
        factories.make_observation(
            owner, day=start + dt.timedelta(days=7 * week), area="cheeks", count=week % 5
        )
    page = get(client_owner).context["page"]
    [(name, rows)] = [
        (n, [r for r in page.milia_table.rows if r[1][0] is not None])
        for n in page.milia_table.names
    ]
    months = {(d.year, d.month) for d, _ in rows}
    assert len(rows) == len(months) < 60  # one point a month, not 200
    assert rows[-1][0] == start + dt.timedelta(days=7 * 199)  # the latest count is kept
