"""Taps and notes sent late, in order, once the network returns (static/js/sync.js keeps
them on the device). Each carries the moment it was made; an older change never undoes a
newer one, and the same change sent twice changes nothing the second time."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from skintrack.journal.models import Application, DayNote
from skintrack.journal.replay import device_time, is_outdated
from tests import factories

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
NOW = dt.datetime(2026, 11, 25, 20, tzinfo=dt.UTC)  # Wednesday evening in London
DAY = dt.date(2026, 11, 25)


def millis(moment: dt.datetime) -> str:
    return str(int(moment.timestamp() * 1000))


def minutes_ago(minutes: int) -> str:
    return millis(NOW - dt.timedelta(minutes=minutes))


@pytest.fixture
def step(owner):
    evening = factories.make_routine(owner, name="Evening", period="pm")
    return factories.make_step(evening, factories.make_product(owner, name="Night cream"))


def tap(client, step, done: str, at: str | None = None):
    data = {"done": done} | ({"at": at} if at is not None else {})
    url = reverse("journal:tick", kwargs={"day": DAY, "step_id": step.id})
    return client.post(url, data, headers=HTMX)


def note(client, text: str, at: str | None = None):
    data = {"notes": text} | ({"at": at} if at is not None else {})
    return client.post(reverse("journal:save_note", kwargs={"day": DAY}), data, headers=HTMX)


def is_done(step) -> bool:
    return Application.objects.filter(step=step, day=DAY).exists()


# --- the rule, on plain values -----------------------------------------------------------


def test_the_device_time_is_read_from_milliseconds_since_1970():
    assert device_time(millis(NOW - dt.timedelta(hours=3)), NOW) == NOW - dt.timedelta(hours=3)


@pytest.mark.parametrize("raw", [None, "", "soon", "-5", "0", "1e400", str(10**30)])
def test_no_time_or_a_broken_one_means_now(raw):
    assert device_time(raw, NOW) == NOW


def test_a_clock_ahead_of_the_servers_counts_as_now():
    assert device_time(millis(NOW + dt.timedelta(days=2)), NOW) == NOW


def test_only_a_change_made_before_the_saved_one_is_outdated():
    earlier, later = NOW - dt.timedelta(minutes=5), NOW
    assert is_outdated(earlier, later)
    assert not is_outdated(later, earlier)
    assert not is_outdated(later, later)  # the same change again is applied (no harm)
    assert not is_outdated(earlier, None)  # rows from before device times give way


# --- ticks -------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_an_old_untick_sent_after_a_newer_tick_leaves_the_step_done(client_owner, step):
    assert tap(client_owner, step, "1", at=minutes_ago(5)).status_code == 200
    answer = tap(client_owner, step, "0", at=minutes_ago(30))  # made earlier, sent late
    assert answer.status_code == 200
    assert is_done(step)
    assert 'aria-pressed="true"' in answer.content.decode()  # the answer shows the truth


@time_machine.travel(NOW, tick=False)
def test_an_untick_made_after_the_tick_undoes_it(client_owner, step):
    tap(client_owner, step, "1", at=minutes_ago(30))
    tap(client_owner, step, "0", at=minutes_ago(5))
    assert not is_done(step)


@time_machine.travel(NOW, tick=False)
def test_the_same_tick_sent_twice_is_one_application(client_owner, step):
    tap(client_owner, step, "1", at=minutes_ago(5))
    tap(client_owner, step, "1", at=minutes_ago(5))  # the answer was lost; sent again
    assert Application.objects.filter(step=step, day=DAY).count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_later_tick_on_another_device_outlives_an_untick_made_in_between(client_owner, step):
    tap(client_owner, step, "1", at=minutes_ago(30))  # phone
    tap(client_owner, step, "1", at=minutes_ago(5))  # tablet, later
    tap(client_owner, step, "0", at=minutes_ago(20))  # phone, offline in between, sent last
    assert is_done(step)
    assert Application.objects.get(step=step).tapped_at == NOW - dt.timedelta(minutes=5)


@time_machine.travel(NOW, tick=False)
def test_a_plain_form_without_a_time_is_a_change_made_now(client_owner, step):
    tap(client_owner, step, "1", at=minutes_ago(5))
    client_owner.post(
        reverse("journal:tick", kwargs={"day": DAY, "step_id": step.id}), {"done": "0"}
    )
    assert not is_done(step)


@time_machine.travel(NOW, tick=False)
def test_an_untick_still_removes_a_tick_logged_before_device_times(client_owner, owner, step):
    factories.make_application(owner, step=step, day=DAY)  # tapped_at unknown
    tap(client_owner, step, "0", at=minutes_ago(60 * 24))
    assert not is_done(step)


# --- the day note ------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_an_old_note_sent_late_does_not_overwrite_a_newer_one(client_owner, owner):
    note(client_owner, "Written on the tablet, later", at=minutes_ago(5))
    answer = note(client_owner, "Written on the phone, offline", at=minutes_ago(40))
    assert answer.status_code == 200
    assert DayNote.objects.get(owner=owner, day=DAY).notes == "Written on the tablet, later"
    html = answer.content.decode()
    assert "Written on the tablet, later" in html
    assert "A newer version was saved meanwhile" in html


@time_machine.travel(NOW, tick=False)
def test_a_newer_note_replaces_the_older_one(client_owner, owner):
    note(client_owner, "First thoughts", at=minutes_ago(40))
    answer = note(client_owner, "Second thoughts", at=minutes_ago(5))
    assert "Saved" in answer.content.decode()
    saved = DayNote.objects.get(owner=owner, day=DAY)
    assert saved.notes == "Second thoughts"
    assert saved.written_at == NOW - dt.timedelta(minutes=5)


@time_machine.travel(NOW, tick=False)
def test_without_javascript_an_outdated_note_says_the_newer_one_was_kept(client_owner, owner):
    note(client_owner, "Newer", at=minutes_ago(5))
    url = reverse("journal:save_note", kwargs={"day": DAY})
    response = client_owner.post(url, {"notes": "Older", "at": minutes_ago(50)}, follow=True)
    assert DayNote.objects.get(owner=owner, day=DAY).notes == "Newer"
    assert "A newer version of this note was saved meanwhile" in response.content.decode()
