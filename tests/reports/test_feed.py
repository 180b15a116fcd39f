import datetime as dt
import re
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from skintrack.accounts.models import User
from tests import factories
from tests.reports.conftest import make_routines

pytestmark = pytest.mark.django_db

TUESDAY_NOON = dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC)  # Tue 24 Nov 2026
LONDON = ZoneInfo("Europe/London")


def feed_url(person) -> str:
    return reverse("reports:feed", kwargs={"token": person.calendar_token})


def fetch(client, person) -> Calendar:
    response = client.get(feed_url(person))
    assert response.status_code == 200, response.content[:300]
    return Calendar.from_ical(response.content)


def events_of(calendar: Calendar, kind: str) -> list:
    return [e for e in calendar.events if f"-{kind}-" in str(e["UID"])]


def local_start(event, zone=LONDON) -> dt.datetime | dt.date:
    start = event.start
    return start.astimezone(zone) if isinstance(start, dt.datetime) else start


def test_the_feed_needs_no_login_and_parses_back(client, owner, routines):
    with time_machine.travel(TUESDAY_NOON):
        response = client.get(feed_url(owner))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=900"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/London"]


def test_an_unknown_token_is_not_found(client, owner, routines):
    response = client.get(reverse("reports:feed", kwargs={"token": "not-a-real-token"}))
    assert response.status_code == 404


def test_the_feed_has_a_morning_and_an_evening_routine_for_each_of_60_days(client, owner, routines):
    with time_machine.travel(TUESDAY_NOON):
        calendar = fetch(client, owner)
    mornings, evenings = events_of(calendar, "morning"), events_of(calendar, "evening")
    assert len(mornings) == len(evenings) == 60
    days = sorted(local_start(e).date() for e in mornings)
    assert days[0] == dt.date(2026, 11, 24) and days[-1] == dt.date(2027, 1, 22)
    first = min(mornings, key=lambda e: e.start)
    assert str(first["SUMMARY"]) == "Morning routine (2 steps)"
    assert str(first["DESCRIPTION"]).startswith("1. Cleanser\n2. Sunscreen")
    assert local_start(first).time() == dt.time(7, 30)


def test_the_evening_lists_the_retinoid_only_on_its_days(client, owner, routines):
    with time_machine.travel(TUESDAY_NOON):
        calendar = fetch(client, owner)
    evenings = {local_start(e).date(): e for e in events_of(calendar, "evening")}
    tuesday, wednesday = dt.date(2026, 11, 24), dt.date(2026, 11, 25)
    assert str(evenings[tuesday]["SUMMARY"]) == "Evening routine (1 step)"
    assert str(evenings[wednesday]["SUMMARY"]) == "Evening routine (2 steps)"
    assert "Retinoid" in str(evenings[wednesday]["DESCRIPTION"])
    assert local_start(evenings[wednesday]).time() == dt.time(21, 30)


def test_sunscreen_is_planned_the_morning_after_each_retinoid_night(client, owner, routines):
    with time_machine.travel(TUESDAY_NOON):
        calendar = fetch(client, owner)
    sunscreen = sorted(local_start(e).date() for e in events_of(calendar, "sunscreen"))
    # Retinoid nights on Mon, Wed, Fri: sunscreen on Tue, Thu, Sat mornings.
    assert {d.weekday() for d in sunscreen} == {1, 3, 5}
    assert sunscreen[:3] == [dt.date(2026, 11, 26), dt.date(2026, 11, 28), dt.date(2026, 12, 1)]
    summaries = {str(e["SUMMARY"]) for e in events_of(calendar, "sunscreen")}
    assert summaries == {"Sunscreen this morning"}


def test_this_mornings_sunscreen_follows_last_nights_retinoid(client, owner, routines):
    monday = dt.date(2026, 11, 23)
    factories.make_application(owner, step=routines.pm_retinoid, day=monday)
    tuesday_morning = dt.datetime(2026, 11, 24, 8, tzinfo=owner.zone)
    with time_machine.travel(tuesday_morning):  # before the morning ends
        calendar = fetch(client, owner)
    days = {local_start(e).date() for e in events_of(calendar, "sunscreen")}
    assert dt.date(2026, 11, 24) in days


def test_one_exfoliation_night_a_week_falls_on_a_night_without_retinoid(client, owner, routines):
    with time_machine.travel(TUESDAY_NOON):
        calendar = fetch(client, owner)
    nights = sorted(local_start(e).date() for e in events_of(calendar, "exfoliation"))
    assert nights, "the engine plans a weekly exfoliation"
    weeks = Counter(d.isocalendar()[:2] for d in nights)
    assert set(weeks.values()) == {1}
    assert not {d.weekday() for d in nights} & {0, 2, 4}  # retinoid nights
    assert all(local_start(e).time() == dt.time(21, 45) for e in events_of(calendar, "exfoliation"))


def test_persisting_milia_add_a_see_a_dermatologist_day_today(client, owner, routines):
    factories.make_observation(owner, day=dt.date(2026, 7, 1), area="cheeks", count=4)
    factories.make_observation(owner, day=dt.date(2026, 11, 20), area="cheeks", count=5)
    with time_machine.travel(TUESDAY_NOON):
        calendar = fetch(client, owner)
    (reminder,) = events_of(calendar, "dermatologist")
    assert str(reminder["SUMMARY"]) == "See a dermatologist"
    assert reminder.start == dt.date(2026, 11, 24)  # an all-day event, today
    assert "persisting" in str(reminder["DESCRIPTION"])


def test_no_dermatologist_reminder_without_an_urgent_finding(client, owner, routines):
    factories.make_observation(owner, day=dt.date(2026, 11, 20), area="cheeks", count=2)
    with time_machine.travel(TUESDAY_NOON):
        calendar = fetch(client, owner)
    assert events_of(calendar, "dermatologist") == []


def test_a_new_york_morning_stays_at_7_30_across_the_dst_change(client):
    person = factories.make_user("nadia", time_zone="America/New_York")
    make_routines(person)
    new_york = ZoneInfo("America/New_York")
    with time_machine.travel(dt.datetime(2026, 10, 30, 16, tzinfo=dt.UTC)):
        response = client.get(feed_url(person))
    assert b"DTSTART;TZID=America/New_York:20261031T073000" in response.content
    assert b"DTSTART;TZID=America/New_York:20261102T073000" in response.content
    calendar = Calendar.from_ical(response.content)
    mornings = {local_start(e, new_york).date(): e for e in events_of(calendar, "morning")}
    saturday, monday = mornings[dt.date(2026, 10, 31)], mornings[dt.date(2026, 11, 2)]
    for event in (saturday, monday):
        assert local_start(event, new_york).time() == dt.time(7, 30)
    # Same local hour, different UTC hour: 11:30 UTC in EDT, 12:30 UTC in EST.
    assert saturday.start.astimezone(dt.UTC).hour == 11
    assert monday.start.astimezone(dt.UTC).hour == 12


def test_uids_are_stable_across_two_fetches(client, owner, routines):
    with time_machine.travel(TUESDAY_NOON):
        first = fetch(client, owner)
    with time_machine.travel(TUESDAY_NOON + dt.timedelta(hours=3)):
        second = fetch(client, owner)
    uids = [str(e["UID"]) for e in first.events]
    assert uids == [str(e["UID"]) for e in second.events]
    assert len(set(uids)) == len(uids)
    assert str(first["UID"]) == str(second["UID"])
    # <date>-<kind>-<the person's id, hashed>@skintrack
    assert re.fullmatch(r"20261124-morning-[0-9a-f]{16}@skintrack", uids[0])


def test_uids_differ_between_people(client, owner, outsider, routines):
    make_routines(outsider)
    with time_machine.travel(TUESDAY_NOON):
        mine = {str(e["UID"]) for e in fetch(client, owner).events}
        theirs = {str(e["UID"]) for e in fetch(client, outsider).events}
    assert not mine & theirs


def test_the_feed_never_shows_product_or_routine_names(client, owner, routines):
    with time_machine.travel(TUESDAY_NOON):
        text = client.get(feed_url(owner)).content.decode()
    for name in ("Milky cleanser", "Fluid SPF 50", "Adapalene gel", "My morning", "My evening"):
        assert name not in text


def test_a_new_link_makes_the_old_url_not_found_at_once(client, client_owner, owner, routines):
    old_url = feed_url(owner)
    assert client.get(old_url).status_code == 200
    response = client_owner.post(reverse("reports:rotate_calendar"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:settings") + "#calendar"
    owner.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert client.get(feed_url(owner)).status_code == 200


def test_a_new_link_takes_a_post_from_the_person_logged_in(client, client_owner, owner):
    before = owner.calendar_token
    assert client_owner.get(reverse("reports:rotate_calendar")).status_code == 405
    assert client.post(reverse("reports:rotate_calendar")).status_code == 302  # to log in
    assert User.objects.get(pk=owner.pk).calendar_token == before


def test_an_inactive_persons_feed_is_not_found(client, owner):
    User.objects.filter(pk=owner.pk).update(is_active=False)
    assert client.get(feed_url(owner)).status_code == 404


def test_the_settings_page_shows_the_feed_link_and_how_to_subscribe(client_owner, owner):
    response = client_owner.get(reverse("accounts:settings"))
    html = response.content.decode()
    assert f"http://testserver/reports/calendar/{owner.calendar_token}.ics" in html
    assert f"webcal://testserver/reports/calendar/{owner.calendar_token}.ics" in html
    assert "How to subscribe" in html
    assert f'action="{reverse("reports:rotate_calendar")}"' in html


def test_a_flexible_retinoid_is_never_planned_on_the_exfoliation_night(owner):
    from skintrack.guidance import selectors
    from skintrack.reports import feed

    routine = factories.make_routine(owner, period="pm")
    retinoid = factories.make_product(owner, name="Retinal", category="retinoid")
    acid = factories.make_product(owner, name="Mandelic", category="chemical_exfoliant")
    factories.make_step(routine, retinoid, schedule_kind="times_per_week", times_per_week=3)
    factories.make_step(routine, acid, schedule_kind="times_per_week", times_per_week=1)
    today = dt.date(2026, 11, 25)
    # Last week's exfoliation was on a Monday, so the engine prefers Monday nights.
    factories.make_application(owner, product=acid, period="pm", day=dt.date(2026, 11, 16))
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)):
        events = feed.plan(selectors.load(owner, today - dt.timedelta(days=35), today), today)
    exfoliation_nights = {e.day for e in events if e.kind == "exfoliation"}
    retinoid_nights = {e.day for e in events if e.kind == "evening" and "Retinoid" in e.description}
    assert exfoliation_nights
    assert not exfoliation_nights & retinoid_nights


def test_an_unchanged_feed_answers_304_and_a_change_sends_it_again(client, owner, routines):
    url = reverse("reports:feed", kwargs={"token": owner.calendar_token})
    with time_machine.travel(TUESDAY_NOON):
        first = client.get(url)
        etag = first["ETag"]
    with time_machine.travel(TUESDAY_NOON + dt.timedelta(seconds=30)):  # another DTSTAMP
        again = client.get(url, headers={"if-none-match": etag})
        assert again.status_code == 304 and again.content == b""
        factories.make_application(owner, step=routines.pm_retinoid, day=dt.date(2026, 11, 24))
        changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def alarms_of(event) -> list:
    return [c for c in event.subcomponents if c.name == "VALARM"]


def test_evening_sunscreen_and_exfoliation_events_ring_at_the_times_from_settings(
    client, owner, routines
):
    owner.morning_reminder_time, owner.evening_reminder_time = dt.time(6, 50), dt.time(22, 5)
    owner.save()
    with time_machine.travel(TUESDAY_NOON):
        calendar = fetch(client, owner)
    kinds = {"evening": dt.time(22, 5), "sunscreen": dt.time(6, 50), "exfoliation": dt.time(22, 20)}
    for kind, at in kinds.items():
        events = events_of(calendar, kind)
        assert events, kind
        for event in events:
            assert local_start(event).time() == at, kind
            [alarm] = alarms_of(event)
            assert str(alarm["ACTION"]) == "DISPLAY"
            assert alarm["TRIGGER"].dt == dt.timedelta(0)  # rings as the event starts
            assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])
    # The morning routine is in the calendar but does not ring: the sunscreen one does.
    assert all(not alarms_of(e) for e in events_of(calendar, "morning"))


def test_the_alarms_are_written_as_rfc_5545_valarm_blocks(client, owner, routines):
    with time_machine.travel(TUESDAY_NOON):
        body = client.get(feed_url(owner)).content.decode()
    evening = body.split("BEGIN:VEVENT")[1:]
    block = next(e for e in evening if "-evening-" in e)
    assert "BEGIN:VALARM\r\nACTION:DISPLAY\r\n" in block
    assert "TRIGGER:P0D\r\n" in block  # no offset: at the start
    assert block.index("END:VALARM") < block.index("END:VEVENT")


def test_a_reminder_late_in_the_evening_keeps_the_exfoliation_on_the_same_day(owner):
    from skintrack.reports.feed import ReminderTimes

    assert ReminderTimes(evening=dt.time(21, 30)).exfoliation == dt.time(21, 45)
    assert ReminderTimes(evening=dt.time(23, 50)).exfoliation == dt.time(23, 59)
