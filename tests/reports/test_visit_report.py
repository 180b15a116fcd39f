import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skintrack.shelf.models import Category
from tests import factories
from tests.reports.conftest import make_routines, seed_history

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 24)
URL = reverse("reports:visit_report")
SECTIONS = (
    "Milia by area",
    "Symptoms",
    "Current products",
    "Routine adherence",
    "Exfoliation, retinoid and sunscreen",
    "Home extraction attempts",
    "Earlier visits and treatments",
    "Open findings",
    "Not medical advice",
)


def get(client, query: str = ""):
    with time_machine.travel(NOON):
        return client.get(URL + query)


@pytest.fixture
def history(owner, routines):
    seed_history(owner, routines, TODAY, days=120)
    factories.make_product(
        owner, name="Rich night balm", category=Category.MOISTURIZER, texture="occlusive"
    )
    return routines


def test_the_report_has_every_section_for_a_seeded_history(client_owner, history):
    response = get(client_owner)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in SECTIONS:
        assert f">{heading}</h2>" in html, heading
    assert "26 Aug 2026 to 24 Nov 2026" not in html  # 90 days by default
    assert "27 Aug 2026 to 24 Nov 2026 (90 days)" in html
    assert "Redness" in html  # the symptom
    assert "Heavy: it is an occlusive balm or ointment." in html  # a product's flag and why
    assert "Retinoid" in html and "Evening, Mon, Wed, Fri" in html
    assert "Tried to pop or squeeze milia at home on 1 day: 21 Nov 2026" in html
    assert "Cryotherapy" in html  # the earlier visit
    assert "It is not medical advice" in html


def test_the_report_counts_milia_per_area_over_the_range(client_owner, history):
    report = get(client_owner).context["report"]
    (eyelids,) = report.areas
    assert eyelids.name == "Eyelids"
    assert eyelids.first_seen == TODAY - dt.timedelta(days=120)
    assert eyelids.at_start is not None and eyelids.latest > eyelids.at_start
    assert report.extraction_days == [dt.date(2026, 11, 21)]
    assert report.adherence_total.due > 0
    assert len(report.adherence) == 14  # ISO weeks touching the 90 days


def test_the_report_shows_none_of_another_persons_data(client_owner, client_outsider, history):
    outsider = client_outsider.get("/").wsgi_request.user
    factories.make_product(outsider, name="Zanzibar Mystery Serum", category=Category.SERUM)
    seed_history(outsider, make_routines(outsider), TODAY, days=30)
    factories.make_observation(
        outsider, day=TODAY, area="other", area_other="Oscar's elbow", count=9, pus=True
    )
    factories.make_visit(outsider, day=TODAY, notes="Oscar's laser visit")
    html = get(client_owner).content.decode()
    for text in ("Zanzibar Mystery Serum", "Oscar", "laser", "oscar"):
        assert text not in html
    outsider_html = get(client_outsider).content.decode()
    assert "Zanzibar Mystery Serum" in outsider_html
    assert "Olivia" not in outsider_html and "olivia" not in outsider_html


@pytest.mark.parametrize(
    "query, message",
    [
        ("?start=2026-13-01", "Give the start as a date"),
        ("?end=yesterday", "Give the end as a date"),
        ("?start=2026-11-20&end=2026-11-01", "The start date is after the end date"),
        ("?start=2024-01-01&end=2026-11-01", "two years at most"),
        ("?end=2026-11-25", "can end today"),
        ("?start=1999-12-31&end=2000-06-01", "1 January 2000"),
    ],
)
def test_bad_report_dates_are_refused_with_a_message(client_owner, query, message):
    response = get(client_owner, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context.get("report") is None


def test_a_range_of_exactly_two_years_is_accepted(client_owner):
    response = get(client_owner, "?start=2024-11-25&end=2026-11-24")
    assert response.status_code == 200
    assert response.context["report"].bucket_kind == "Month"


def test_an_end_date_alone_reports_the_90_days_before_it(client_owner):
    report = get(client_owner, "?end=2026-06-30").context["report"]
    assert (report.start, report.end) == (dt.date(2026, 4, 2), dt.date(2026, 6, 30))


def test_the_report_prints_with_its_own_stylesheet_and_script(client_owner, history):
    response = get(client_owner)
    html = response.content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
    assert f'<script src="/static/js/print.js" nonce="{nonce}" defer></script>' in html
    assert '<button type="button" data-print hidden>Print</button>' in html
    assert 'class="mainnav"' not in html  # no navigation chrome on paper
    assert " style=" not in html and "<style" not in html and "onclick" not in html


def test_the_report_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302


def count_queries(client, query: str = "") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert get(client, query).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_history(
    client_owner, owner, client_outsider, catalog_in_memory
):
    outsider = client_outsider.get("/").wsgi_request.user
    seed_history(outsider, make_routines(outsider), TODAY, days=5)
    seed_history(owner, make_routines(owner), TODAY, days=400)
    long_range = "?start=2025-01-01&end=2026-11-24"
    assert count_queries(client_owner, long_range) == count_queries(client_outsider) <= 13


def test_an_area_is_new_only_without_milia_before_the_range_and_cleared_at_zero(
    client_owner, owner
):
    def count(day, area, n, **kw):
        factories.make_observation(owner, day=dt.date(2026, *day), area=area, count=n, **kw)

    count((9, 1), "cheeks", 2)
    count((10, 20), "cheeks", 0)  # cheeks 2 -> 0 within the range: cleared
    count((9, 1), "nose", 1)
    count((9, 15), "nose", 0)
    count((10, 10), "nose", 2)  # milia before the range, back in it: a change, not new
    count((10, 5), "eyelids", 3)  # first ever in the range: new
    with time_machine.travel(dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)):
        report = client_owner.get(
            reverse("reports:visit_report"), {"start": "2026-10-01", "end": "2026-10-31"}
        ).context["report"]
    labels = {area.name: area.change_label for area in report.areas}
    assert labels == {"Cheeks": "cleared", "Nose": "+2", "Eyelids": "new"}


def test_the_reports_findings_speak_about_the_person_not_to_them(client_owner, owner):
    factories.make_observation(owner, day=TODAY, area="under_eyes", count=2, redness="mild")
    factories.make_observation(owner, day=TODAY, area="cheeks", count=1, pain="severe")
    html = get(client_owner).content.decode()
    findings = html[html.index('id="report-findings"') :]
    assert "Symptoms noted: pain, itching or signs of inflammation" in findings
    assert "The skin under the eyes: redness (mild) on" in findings
    assert "Cheeks: pain (severe) on" in findings
    summary = html[: html.index('class="report-details"')]
    for second_person in ("your ", "Your ", " you ", "please", "Please"):
        assert second_person not in summary[summary.index("report-summary") :], second_person


def test_the_details_start_at_the_first_week_with_data_not_at_empty_weeks(client_owner, owner):
    seed_history(owner, make_routines(owner), TODAY, days=30)  # 90-day range, 30 days of data
    response = get(client_owner)
    report = response.context["report"]
    first_day = TODAY - dt.timedelta(days=30)
    monday = first_day - dt.timedelta(days=first_day.weekday())
    assert report.details_start == monday
    assert report.adherence[0].start == monday
    assert len(report.adherence) == 6  # of the 14 weeks the 90 days touch
    assert [h.label for h in report.habits] == [t.label for t in report.adherence]
    assert f"from the first week with data, {monday:%-d %B %Y}" in response.content.decode()
