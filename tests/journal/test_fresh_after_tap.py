"""A tap on the today page answers with everything on the page that it changed.

A tick swaps in its checklist and, out of band, "Needs attention", "Due now", the
seven-day glance and the week's warnings; a saved day note does the same for its form.
Without JavaScript the same forms post and come back to the page (see test_today.py).
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from skintrack.journal.models import Application
from tests import factories
from tests.html import out_of_band_ids, text_of

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
WEDNESDAY = dt.date(2026, 11, 25)
# 09:00 in London: this morning's sunscreen is still due, not missed.
WEDNESDAY_MORNING = dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)
OUT_OF_BAND = ["urgent-area", "due-now", "glance", "this-week"]


@pytest.fixture
def routines(owner):
    """A cleanser and a sunscreen in the morning, a retinoid every evening, and the
    retinoid applied last night: this morning's sunscreen is due."""
    morning = factories.make_routine(owner, name="Morning", period="am")
    evening = factories.make_routine(owner, name="Evening", period="pm")
    cleanser = factories.make_step(
        morning, factories.make_product(owner, name="Gel cleanser", category="cleanser")
    )
    sunscreen = factories.make_step(
        morning, factories.make_product(owner, name="Fluid SPF 50"), position=1
    )
    retinoid = factories.make_step(
        evening,
        factories.make_product(
            owner, name="Adapalene gel", category="retinoid", actives=["retinoid"]
        ),
    )
    factories.make_application(owner, step=retinoid, day=WEDNESDAY - dt.timedelta(days=1))
    return cleanser, sunscreen, retinoid


def tap(client, step, done="1", day=WEDNESDAY):
    url = reverse("journal:tick", kwargs={"day": day, "step_id": step.id})
    return client.post(url, {"done": done}, headers=HTMX)


def save_note(client, data, day=WEDNESDAY):
    return client.post(reverse("journal:save_note", kwargs={"day": day}), data, headers=HTMX)


@time_machine.travel(WEDNESDAY_MORNING, tick=False)
def test_the_page_before_a_tap_shows_sunscreen_due_and_nothing_done_today(client_owner, routines):
    page = client_owner.get(reverse("journal:today")).content.decode()
    assert "Sunscreen this morning" in text_of(page, "due-now")
    assert text_of(page, "glance-today").startswith("Wed 0/3")


@time_machine.travel(WEDNESDAY_MORNING, tick=False)
def test_a_tick_answers_with_the_glance_and_due_now_out_of_band(client_owner, routines):
    cleanser, sunscreen, _ = routines
    first = tap(client_owner, cleanser).content.decode()
    # The first tick can also finish the calm start (test_calm_start.py).
    assert out_of_band_ids(first) == [
        "tick-status",
        "urgent-area",
        "calm-start",
        "due-now",
        "glance",
        "this-week",
    ]
    assert "1 of 2 done" in text_of(first, "checklist-am")
    assert text_of(first, "glance-today").startswith("Wed 1/3")
    assert "Sunscreen this morning" in text_of(first, "due-now")

    second = tap(client_owner, sunscreen).content.decode()
    assert "All done" in text_of(second, "checklist-am")
    assert text_of(second, "glance-today").startswith("Wed 2/3")
    assert "sunscreen" in text_of(second, "glance-today")  # the ☀ mark, as read aloud
    assert "Sunscreen this morning" not in text_of(second, "due-now")
    assert text_of(second, "tick-status") == "Morning: all done"


@time_machine.travel(WEDNESDAY_MORNING, tick=False)
def test_undoing_the_sunscreen_puts_it_back_in_due_now(client_owner, routines):
    _, sunscreen, _ = routines
    tap(client_owner, sunscreen)
    undone = tap(client_owner, sunscreen, done="0").content.decode()
    assert "Sunscreen this morning" in text_of(undone, "due-now")
    assert text_of(undone, "glance-today").startswith("Wed 0/3")


@time_machine.travel(WEDNESDAY_MORNING, tick=False)
def test_a_tick_that_breaks_a_rule_adds_it_to_the_weeks_warnings(client_owner, owner, routines):
    _, _, retinoid = routines
    acid = factories.make_product(owner, name="Lactic toner", category="chemical_exfoliant")
    exfoliant = factories.make_step(retinoid.routine, acid, position=1)
    tap(client_owner, retinoid)
    html = tap(client_owner, exfoliant).content.decode()
    assert "Retinoid and exfoliant on one evening" in text_of(html, "this-week")
    assert "1 thing to change this week" in text_of(html, "this-week")
    undone = tap(client_owner, exfoliant, done="0").content.decode()
    assert "Retinoid and exfoliant" not in text_of(undone, "this-week")


@time_machine.travel(WEDNESDAY_MORNING, tick=False)
def test_a_tick_on_another_day_answers_with_its_checklist_only(client_owner, routines):
    cleanser, _, _ = routines
    html = tap(client_owner, cleanser, day=WEDNESDAY - dt.timedelta(days=1)).content.decode()
    assert out_of_band_ids(html) == ["tick-status"]  # that page has no dashboard
    assert "All done" not in text_of(html, "checklist-am")
    assert "1 of 2 done" in text_of(html, "checklist-am")


@time_machine.travel(WEDNESDAY_MORNING, tick=False)
def test_saving_a_note_with_makeup_left_on_adds_the_warning(client_owner, routines):
    html = save_note(client_owner, {"makeup_worn": "on"}).content.decode()
    assert "Saved" in text_of(html, "note-form")
    assert out_of_band_ids(html) == OUT_OF_BAND
    assert "Makeup left on overnight" in text_of(html, "this-week")
    removed = save_note(client_owner, {"makeup_worn": "on", "makeup_removed": "on"})
    assert "Makeup left on" not in text_of(removed.content.decode(), "this-week")


@time_machine.travel(WEDNESDAY_MORNING, tick=False)
def test_saving_a_note_about_squeezing_milia_shows_it_in_needs_attention(client_owner, routines):
    html = save_note(client_owner, {"tried_extraction": "on"}).content.decode()
    assert "Please don't squeeze milia" in text_of(html, "urgent-area")
    assert "Needs attention" in text_of(html, "urgent-area")
    # Far down the page by the note, the person is told where to look, in the status region.
    assert 'Saved</span> <a href="#urgent-area">Read “Needs attention” at the top</a>' in html


@time_machine.travel(WEDNESDAY_MORNING, tick=False)
def test_a_note_for_another_day_answers_with_its_form_only(client_owner, routines):
    html = save_note(
        client_owner, {"makeup_worn": "on"}, day=WEDNESDAY - dt.timedelta(days=1)
    ).content.decode()
    assert "Saved" in text_of(html, "note-form")
    assert out_of_band_ids(html) == []


@time_machine.travel(WEDNESDAY_MORNING, tick=False)
def test_a_milia_count_with_pain_shows_in_needs_attention_on_the_page_it_returns_to(
    client_owner, routines
):
    response = client_owner.post(
        reverse("journal:observation_new", kwargs={"day": WEDNESDAY}),
        {"cheeks-count": "2", "cheeks-pain": "moderate", "all-milia_type": "primary"},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("#milia")
    assert "Needs attention" in text_of(html, "urgent-area")


@time_machine.travel(WEDNESDAY_MORNING, tick=False)
def test_without_javascript_a_tick_comes_back_to_a_fresh_page(client_owner, routines):
    _, sunscreen, _ = routines
    url = reverse("journal:tick", kwargs={"day": WEDNESDAY, "step_id": sunscreen.id})
    response = client_owner.post(url, {"done": "1"}, follow=True)
    html = response.content.decode()
    assert "Sunscreen this morning" not in text_of(html, "due-now")
    assert text_of(html, "glance-today").startswith("Wed 1/3")


def test_a_tick_answer_runs_the_same_queries_with_a_day_or_a_year_of_history(
    client_owner, owner, routines, django_assert_num_queries, catalog_in_memory
):
    cleanser, sunscreen, retinoid = routines
    today = owner.local_today()
    tap(client_owner, cleanser, day=today)  # warm caches (content types, sessions)
    tap(client_owner, cleanser, done="0", day=today)
    # session, user, the step; get_or_create in savepoints (5); one load of the window (10)
    with django_assert_num_queries(16) as one_day:
        tap(client_owner, cleanser, day=today)
    Application.objects.bulk_create(
        (
            Application(
                owner=owner,
                step=s,
                product=s.product,
                period=s.routine.period,
                day=today - dt.timedelta(days=d),
            )
            for d in range(1, 366)
            for s in (cleanser, sunscreen, retinoid)
        ),
        ignore_conflicts=True,  # last night's retinoid is there already
    )
    with django_assert_num_queries(len(one_day.captured_queries)):
        tap(client_owner, sunscreen, day=today)
