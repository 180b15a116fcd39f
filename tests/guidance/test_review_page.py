import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skintrack.guidance.models import DismissedFinding
from skintrack.journal.models import Application, DayNote, MiliaObservation
from tests import factories

pytestmark = pytest.mark.django_db

MON = dt.date(2026, 11, 23)  # Monday of 2026-W48
W48 = "2026-W48"
# Midday on Wednesday 2 December 2026 (in 2026-W49), in London and in UTC.
WEDNESDAY_AFTER = dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)


def day(n: int) -> dt.date:
    return MON + dt.timedelta(days=n)


def week_url(week: str) -> str:
    return reverse("review:week", kwargs={"week": week})


def dismiss_url(week: str) -> str:
    return reverse("review:dismiss", kwargs={"week": week})


@pytest.fixture
def later():
    """The clock on the Wednesday after 2026-W48."""
    with time_machine.travel(WEDNESDAY_AFTER, tick=False):
        yield


@pytest.fixture
def eventful_week(owner):
    """2026-W48 with an urgent DRM-1, a warning MKP-1, infos SUN-1 and EXF-1 (a person with
    a routine, and no exfoliation that week), and oks elsewhere."""
    sunscreen = factories.make_product(owner, name="Fluid SPF 50")
    morning = factories.make_routine(owner, name="Mornings", period="am")
    factories.make_step(morning, sunscreen)
    for n in (0, 2, 4):
        factories.make_application(owner, product=sunscreen, day=day(n), period="am")
    factories.make_observation(owner, day=day(1), area="cheeks", count=2, redness=True)
    factories.make_day_note(owner, day=day(3), makeup_worn=True, makeup_removed=False)
    return sunscreen


def findings_html(response) -> str:
    """The open findings, without the ticks and the dismissed ones."""
    html = response.content.decode()
    start = html.index('id="findings"')
    return html[start : html.index("Going well", start)]


def dismissed_html(response) -> str:
    html = response.content.decode()
    if "<details" not in html:
        return ""
    start = html.index("<details")
    return html[start : html.index("</details>", start)]


# --- the redirect and the routes --------------------------------------------------------------


def test_the_review_opens_on_the_current_week_in_the_persons_own_zone(client):
    kiwi = factories.make_user("aroha", time_zone="Pacific/Auckland")
    londoner = factories.make_user("liam", time_zone="Europe/London")
    # 23:30 UTC on Sunday 29 November: already Monday 30 November midday in Auckland.
    with time_machine.travel(dt.datetime(2026, 11, 29, 23, 30, tzinfo=dt.UTC), tick=False):
        client.force_login(kiwi)
        assert client.get("/review/")["Location"] == week_url("2026-W49")
        client.force_login(londoner)
        assert client.get("/review/")["Location"] == week_url("2026-W48")


def test_the_review_opens_on_the_latest_week_with_entries_when_this_week_is_empty(client):
    person = factories.make_user("noor")
    factories.make_day_note(person, day=dt.date(2026, 11, 10), makeup_worn=True)  # 2026-W46
    with time_machine.travel(dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC), tick=False):
        client.force_login(person)
        assert client.get("/review/")["Location"] == week_url("2026-W46")
        factories.make_day_note(person, day=dt.date(2026, 12, 1))  # now this week has one
        assert client.get("/review/")["Location"] == week_url("2026-W49")


def test_a_week_in_the_url_reads_as_its_monday(client_owner, owner, later):
    response = client_owner.get("/review/2026-W48/")
    assert response.status_code == 200
    assert response.context["page"].week.start == MON
    assert b"Week of 23 November" in response.content


@pytest.mark.parametrize("path", ["/review/2026-W60/", "/review/2026-W00/", "/review/garbage/"])
def test_a_week_that_does_not_exist_is_not_found(client_owner, later, path):
    assert client_owner.get(path).status_code == 404


def test_a_week_that_has_not_started_yet_is_not_found(client_owner, later):
    assert client_owner.get("/review/2026-W49/").status_code == 200  # this week, so far
    assert client_owner.get("/review/2026-W50/").status_code == 404
    assert client_owner.post(dismiss_url("2026-W50"), {"key": "x"}).status_code == 404


def test_a_past_week_links_to_the_week_before_and_after(client_owner, owner, later):
    factories.make_day_note(owner, day=dt.date(2026, 11, 16))  # the record starts in W47
    response = client_owner.get(week_url(W48))
    html = response.content.decode()
    assert f'href="{week_url("2026-W47")}" rel="prev"' in html
    assert f'href="{week_url("2026-W49")}" rel="next"' in html


def test_this_week_has_no_link_to_the_next(client_owner, owner, later):
    factories.make_day_note(owner, day=dt.date(2026, 11, 16))
    html = client_owner.get(week_url("2026-W49")).content.decode()
    assert f'href="{week_url("2026-W48")}" rel="prev"' in html
    assert 'rel="next"' not in html
    assert "This week so far" in html


def test_no_link_leads_to_weeks_before_the_record_starts(client_owner, owner, later):
    factories.make_day_note(owner, day=dt.date(2026, 11, 28))  # Saturday of W48
    w48 = client_owner.get(week_url(W48)).content.decode()
    assert 'rel="prev"' not in w48
    w49 = client_owner.get(week_url("2026-W49")).content.decode()
    assert f'href="{week_url(W48)}" rel="prev"' in w49


# --- what the page shows --------------------------------------------------------------------


def test_the_week_shows_each_severity_urgent_first_with_its_learn_link(
    client_owner, eventful_week, later
):
    response = client_owner.get(week_url(W48))
    html = findings_html(response)
    urgent = html.index("See a dermatologist about these symptoms")
    warning = html.index("Makeup left on overnight")
    info = html.index("Sunscreen on 3 of 7 mornings")
    assert urgent < warning < info
    assert "Your cheeks: redness (moderate) on Tue 24 Nov" in html  # evidence, with severity
    assert "Makeup left on, Thu 26 Nov" in html
    assert 'href="/learn/when-to-see-a-dermatologist/"' in html
    assert 'href="/learn/prevention/"' in html
    assert 'href="/learn/daily-habits/"' in html
    assert html.count('name="key"') == 2  # dismiss buttons: SUN-1 and EXF-1 (both info)
    ticks = response.content.decode().split("Going well", 1)[1]
    assert "No gritty scrubs" in ticks
    assert "Retinoids kept to the evening" in ticks


def test_the_week_shows_its_figures_beside_the_week_before(client_owner, owner, later):
    sunscreen = factories.make_product(owner, name="Fluid SPF 50")
    for n in (-7, -6, 0, 1, 2, 3):
        factories.make_application(owner, product=sunscreen, day=day(n), period="am")
    routine = factories.make_routine(owner, name="Mornings", period="am")
    factories.make_step(routine, sunscreen)
    response = client_owner.get(week_url(W48))
    page = response.context["page"]
    assert len(page.figures.sunscreen_mornings) == 4
    assert len(page.previous_figures.sunscreen_mornings) == 2
    html = response.content.decode()
    assert "<caption" in html
    assert "4 of 7" in html and "2 of 7" in html
    assert '<rect class="review-bar-fill" width="57"' in html  # 4 of 7 mornings done
    assert "Fluid SPF 50: missed 3 of 7" in html  # next week's steps to watch


def test_an_empty_week_still_renders(client_owner, later):
    response = client_owner.get(week_url(W48))
    assert response.status_code == 200
    assert b"No active routine steps" in response.content
    assert b"No milia counted" in response.content


def test_the_plan_for_next_week_judges_this_week_as_of_today(client_owner, owner):
    # Wednesday 25 November: milia first counted 88 days ago, so not yet 90 days today.
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC), tick=False):
        today = owner.local_today()
        factories.make_observation(owner, day=today - dt.timedelta(days=88), area="cheeks")
        factories.make_observation(owner, day=today, area="cheeks")
        response = client_owner.get(week_url(W48))
    page = response.context["page"]
    assert "DRM-2" in [f.rule_id for f in page.oks]
    assert not page.plan.see_dermatologist
    assert "Nothing this week calls for a visit." in response.content.decode()


def retinoid_step(owner, **schedule):
    retinoid = factories.make_product(owner, name="Adapalene gel", category="retinoid")
    return factories.make_step(factories.make_routine(owner), retinoid, **schedule)


def test_a_twice_weekly_retinoid_step_leaves_next_weeks_nights_free_to_exfoliate(
    client_owner, owner, later
):
    retinoid_step(owner, schedule_kind="times_per_week", times_per_week=2)
    page = client_owner.get(week_url(W48)).context["page"]
    assert page.plan.exfoliation_day == day(7 + 2)  # Wednesday
    exf_1 = [f for f in page.findings if f.rule_id == "EXF-1"]
    assert "Wednesday evening suits it" in exf_1[0].explanation


def test_an_every_other_day_retinoid_step_blocks_only_its_own_nights(client_owner, owner, later):
    # From Tuesday 24 November: Mon 30 Nov, Wed 2 Dec, Fri 4 Dec and Sun 6 Dec next week.
    retinoid_step(owner, schedule_kind="every_n_days", interval_days=2, start_date=day(1))
    page = client_owner.get(week_url(W48)).context["page"]
    assert page.plan.exfoliation_day == day(7 + 1)  # Tuesday


def test_on_monday_morning_last_weeks_sunday_retinoid_is_still_to_come_not_missed(
    client_owner, owner
):
    sunscreen = factories.make_product(owner, name="Fluid SPF 50")
    retinoid = factories.make_product(owner, name="Adapalene gel", category="retinoid")
    factories.make_application(owner, product=retinoid, day=day(6), period="pm")
    for n in range(7):
        factories.make_application(owner, product=sunscreen, day=day(n), period="am")
    # 07:00 in London on Monday 30 November, before the morning routine.
    with time_machine.travel(dt.datetime(2026, 11, 30, 7, tzinfo=dt.UTC), tick=False):
        page = client_owner.get(week_url(W48)).context["page"]
    assert "RET-2" not in [f.rule_id for f in page.findings]
    assert page.figures.retinoid_nights_pending == (day(6),)
    assert page.figures.retinoid_nights_uncovered == ()


def test_the_milia_table_starts_from_the_latest_count_before_monday(client_owner, owner, later):
    factories.make_observation(owner, day=day(-3), area="cheeks", count=2)
    factories.make_observation(owner, day=day(0), area="cheeks", count=5)  # Monday
    response = client_owner.get(week_url(W48))
    [cheeks] = response.context["page"].figures.milia
    assert (cheeks.start, cheeks.end, cheeks.change) == (2, 5, 3)
    html = response.content.decode()
    assert "The latest count before Mon 23 Nov, and on or before Sun 29 Nov." in html


# --- dismissing ----------------------------------------------------------------------------


def test_dismissing_a_reminder_moves_it_under_dismissed(client_owner, owner, eventful_week, later):
    response = client_owner.post(dismiss_url(W48), {"key": f"SUN-1:{W48}"})
    assert response.status_code == 302
    assert response["Location"] == week_url(W48) + "#findings"
    page = client_owner.get(week_url(W48))
    assert "Sunscreen on 3 of 7 mornings" not in findings_html(page)
    assert "Dismissed this week (1)" in dismissed_html(page)
    assert "Sunscreen on 3 of 7 mornings" in dismissed_html(page)
    assert 'name="key"' not in dismissed_html(page)


def test_dismissing_twice_saves_one_dismissal(client_owner, owner, eventful_week, later):
    for _ in range(2):
        client_owner.post(dismiss_url(W48), {"key": f"SUN-1:{W48}"})
    assert DismissedFinding.objects.filter(owner=owner, week=W48).count() == 1


def test_a_dismissal_lasts_one_week(client_owner, owner, eventful_week, later):
    client_owner.post(dismiss_url(W48), {"key": f"SUN-1:{W48}"})
    assert dismissed_html(client_owner.get(week_url(W48)))
    assert not dismissed_html(client_owner.get(week_url("2026-W47")))


@pytest.mark.parametrize(
    "key", [f"DRM-1:{W48}", f"MKP-1:{W48}", f"EXF-3:{W48}", "SUN-1:2026-W47", "nonsense"]
)
def test_urgent_warning_ok_and_unknown_keys_cannot_be_dismissed(
    client_owner, owner, eventful_week, later, key
):
    response = client_owner.post(dismiss_url(W48), {"key": key})
    assert response.status_code == 400
    assert b'class="message error"' in response.content
    assert not DismissedFinding.objects.exists()


def test_dismissing_needs_a_post(client_owner, later):
    assert client_owner.get(dismiss_url(W48)).status_code == 405


# --- privacy and cost --------------------------------------------------------------------------


def test_the_outsider_sees_none_of_the_owners_data_on_their_own_review(
    client_owner, client_outsider, owner_objects
):
    this_week = owner_objects.today
    mine = client_owner.get(week_url(this_week.strftime("%G-W%V")))
    assert factories.OWNER_MARKER in mine.content.decode()  # the owner's steps are listed
    for path in ("/review/", week_url(this_week.strftime("%G-W%V"))):
        response = client_outsider.get(path, follow=True)
        assert response.status_code in {200, 404}  # this week may not have begun in New York
        assert factories.OWNER_MARKER not in response.content.decode()


def make_history(owner, products, first: dt.date, last: dt.date) -> None:
    """A full log for every day from `first` to `last`: applications, notes, and a weekly
    count of milia."""
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    Application.objects.bulk_create(
        Application(owner=owner, product=product, day=d, period=period)
        for d in days
        for product, period in products
    )
    DayNote.objects.bulk_create(
        DayNote(owner=owner, day=d, makeup_worn=True, makeup_removed=d.day % 3 > 0) for d in days
    )
    MiliaObservation.objects.bulk_create(
        MiliaObservation(owner=owner, day=d, area="cheeks", count=d.day % 5)
        for d in days
        if d.weekday() == 6
    )


def test_the_review_costs_the_same_queries_with_2_or_52_weeks_of_history(
    client_owner, owner, later, django_assert_num_queries, catalog_in_memory
):
    sunscreen = factories.make_product(owner, name="Fluid SPF 50")
    retinoid = factories.make_product(owner, name="Adapalene gel", category="retinoid")
    routine = factories.make_routine(owner)
    factories.make_step(routine, retinoid)
    products = [(sunscreen, "am"), (retinoid, "pm")]
    make_history(owner, products, MON - dt.timedelta(weeks=1), day(6))
    with CaptureQueriesContext(connection) as two_weeks:
        assert client_owner.get(week_url(W48)).status_code == 200

    make_history(owner, products, MON - dt.timedelta(weeks=51), MON - dt.timedelta(days=8))
    assert Application.objects.filter(owner=owner).count() == 52 * 7 * 2
    with django_assert_num_queries(len(two_weeks.captured_queries)):
        assert client_owner.get(week_url(W48)).status_code == 200


def test_the_dismiss_button_is_a_real_form_with_its_csrf_token(owner, eventful_week, later):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    html = browser.get(week_url(W48)).content.decode()
    form = html[html.index(f'action="{dismiss_url(W48)}"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    key = re.search(r'name="key" value="([^"]+)"', form)[1]
    response = browser.post(dismiss_url(W48), {"csrfmiddlewaretoken": token, "key": key})
    assert response.status_code == 302
    assert DismissedFinding.objects.filter(owner=owner, week=W48, key=key).exists()
