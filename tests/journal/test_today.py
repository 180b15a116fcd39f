import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from skintrack.journal.models import Application
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def evening(owner):
    routine = factories.make_routine(owner, name="My evening", period="pm")
    cleanser = factories.make_product(owner, name="Gel cleanser", category="cleanser")
    retinoid = factories.make_product(owner, name="Adapalene gel", category="retinoid")
    first = factories.make_step(routine, cleanser, position=0)
    second = factories.make_step(
        routine, retinoid, position=1, schedule_kind="weekdays", weekdays=[0, 2, 4]
    )
    return routine, first, second


def checklist_html(response, period="pm") -> str:
    """The morning or evening checklist as shown, without the rest of the page."""
    html = response.content.decode()
    start = html.index(f'id="checklist-{period}"')
    return html[start : html.index("</section>", start)]


def tick_url(day, step):
    return reverse("journal:tick", kwargs={"day": day, "step_id": step.id})


def test_the_home_page_sends_a_signed_in_person_to_today(client_owner):
    response = client_owner.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("journal:today")


def test_the_home_page_welcomes_a_visitor(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Create a free account" in response.content


def test_today_lists_the_steps_due_today_and_hides_the_others(client_owner, owner, evening):
    _, cleanser_step, retinoid_step = evening
    with time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC)):  # a Tuesday
        response = client_owner.get(reverse("journal:today"))
    assert "Gel cleanser" in checklist_html(response)
    assert "Adapalene gel" not in checklist_html(response)  # Mon, Wed, Fri only
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)):  # Wednesday
        response = client_owner.get(reverse("journal:today"))
    assert "Adapalene gel" in checklist_html(response)


def test_one_tap_ticks_a_step_and_a_second_unticks_it(client_owner, owner, evening):
    _, step, _ = evening
    today = owner.local_today()
    response = client_owner.post(tick_url(today, step), {"done": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith("#evening")
    assert Application.objects.filter(owner=owner, step=step, day=today, period="pm").count() == 1
    page = client_owner.get(reverse("journal:today"))
    assert b'aria-pressed="true"' in page.content

    client_owner.post(tick_url(today, step), {"done": "0"})
    assert not Application.objects.filter(step=step).exists()


def test_a_double_tap_records_the_step_once(client_owner, owner, evening):
    _, step, _ = evening
    today = owner.local_today()
    client_owner.post(tick_url(today, step), {"done": "1"})
    client_owner.post(tick_url(today, step), {"done": "1"})
    assert Application.objects.filter(step=step).count() == 1


def test_htmx_tick_returns_only_the_checklist(client_owner, owner, evening):
    _, step, _ = evening
    wednesday = dt.date(2026, 11, 25)  # both evening steps are due on a Wednesday
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)):
        response = client_owner.post(
            tick_url(wednesday, step), {"done": "1"}, headers={"HX-Request": "true"}
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="checklist-pm"')
    assert "<html" not in html
    assert 'aria-pressed="true"' in html
    assert "1 of 2 done" in html
    # Screen readers hear the new count: a status region outside the swapped part.
    assert '<p id="tick-status" class="visually-hidden" role="status" hx-swap-oob="true">' in html
    assert "Evening: 1 of 2 done" in html


def test_a_tick_without_a_state_is_refused_and_changes_nothing(client_owner, owner, evening):
    _, step, _ = evening
    response = client_owner.post(tick_url(owner.local_today(), step), {"done": "maybe"})
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_a_step_of_a_routine_no_longer_in_use_cannot_be_ticked(client_owner, owner, evening):
    routine, step, _ = evening
    client_owner.post(
        reverse("routines:archive", kwargs={"routine_id": routine.pk}), {"last_day": "yesterday"}
    )
    response = client_owner.post(tick_url(owner.local_today(), step), {"done": "1"})
    assert response.status_code == 400
    assert "wasn’t part of your routine on that day" in response.content.decode()
    assert not Application.objects.exists()


def test_backfilling_yesterday_records_yesterday(client_owner, owner, evening):
    _, step, _ = evening
    yesterday = owner.local_today() - dt.timedelta(days=1)
    client_owner.post(tick_url(yesterday, step), {"done": "1"})
    assert Application.objects.get(step=step).day == yesterday


def test_tomorrow_can_be_opened_but_not_the_day_after(client_owner, owner):
    today = owner.local_today()
    ok = client_owner.get(reverse("journal:day", kwargs={"day": today + dt.timedelta(days=1)}))
    assert ok.status_code == 200
    far = client_owner.get(reverse("journal:day", kwargs={"day": today + dt.timedelta(days=2)}))
    assert far.status_code == 404
    assert b"later than tomorrow" in far.content


def test_a_tick_far_in_the_future_is_refused(client_owner, owner, evening):
    _, step, _ = evening
    response = client_owner.post(tick_url(dt.date(2999, 1, 1), step), {"done": "1"})
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_an_impossible_date_in_the_url_is_not_found(client_owner):
    assert client_owner.get("/day/2026-02-30/").status_code == 404
    assert client_owner.get("/day/1999-12-31/").status_code == 404


def utc(day, hour, minute):
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("zone", "utc_moment", "expected_day"),
    [
        # Auckland is UTC+13 in November: 11:30 UTC on the 26th is already the 27th there.
        (
            "Pacific/Auckland",
            utc(26, 11, 30),
            dt.date(2026, 11, 27),
        ),
        (
            "Pacific/Auckland",
            utc(26, 10, 30),
            dt.date(2026, 11, 26),
        ),
        # Honolulu is UTC-10: 09:30 UTC on the 27th is still the evening of the 26th.
        (
            "Pacific/Honolulu",
            dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.UTC),
            dt.date(2026, 11, 26),
        ),
        (
            "Pacific/Honolulu",
            utc(27, 10, 30),
            dt.date(2026, 11, 27),
        ),
        ("UTC", utc(26, 23, 59), dt.date(2026, 11, 26)),
    ],
)
def test_today_is_the_persons_own_date(client, zone, utc_moment, expected_day):
    person = factories.make_user("tz", time_zone=zone)
    client.force_login(person)
    with time_machine.travel(utc_moment, tick=False):
        response = client.get(reverse("journal:today"))
        assert response.context["page"].day == expected_day
        assert f"{expected_day:%A} {expected_day.day} {expected_day:%B %Y}".encode() in (
            response.content
        )


def test_a_late_evening_tick_in_honolulu_belongs_to_that_evening(client, evening, owner):
    owner.time_zone = "Pacific/Honolulu"
    owner.save()
    client.force_login(owner)
    _, step, _ = evening
    # 23:30 on the 26th in Honolulu is 09:30 UTC on the 27th.
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.UTC), tick=False):
        today = owner.local_today()
        client.post(tick_url(today, step), {"done": "1"})
    assert Application.objects.get(step=step).day == dt.date(2026, 11, 26)


def test_a_times_per_week_step_leaves_the_list_once_done_enough(client_owner, owner):
    routine = factories.make_routine(owner, period="pm")
    acid = factories.make_product(owner, name="Lactic toner", category="chemical_exfoliant")
    step = factories.make_step(routine, acid, schedule_kind="times_per_week", times_per_week=1)
    monday = dt.date(2026, 11, 23)
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)):
        factories.make_application(owner, step=step, day=monday)
        response = client_owner.get(reverse("journal:today"))
        assert "Lactic toner" not in checklist_html(response)
        monday_page = client_owner.get(reverse("journal:day", kwargs={"day": monday}))
        assert "Lactic toner" in checklist_html(monday_page)
        assert "1 of 1 this week" in checklist_html(monday_page)


def test_ad_hoc_application_of_a_shelf_product(client_owner, owner):
    product = factories.make_product(owner, name="Spot gel", category="other")
    today = owner.local_today()
    response = client_owner.post(
        reverse("journal:add_application", kwargs={"day": today}),
        {"product": product.id, "period": "pm", "area": "face"},
    )
    assert response.status_code == 302
    page = client_owner.get(reverse("journal:today"))
    assert "Also applied" in checklist_html(page) and "Spot gel" in checklist_html(page)
    application = Application.objects.get(owner=owner)
    client_owner.post(
        reverse("journal:delete_application", kwargs={"application_id": application.id})
    )
    assert not Application.objects.exists()


def test_the_day_note_is_saved_and_shown_again(client_owner, owner):
    today = owner.local_today()
    url = reverse("journal:save_note", kwargs={"day": today})
    response = client_owner.post(url, {"makeup_worn": "on", "notes": "Long day"})
    assert response.status_code == 302
    page = client_owner.get(reverse("journal:today"))
    assert page.context["note_form"].instance.makeup_worn is True
    assert b"Long day" in page.content
    htmx = client_owner.post(
        url, {"makeup_worn": "on", "makeup_removed": "on"}, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 200
    assert b"Saved" in htmx.content and b"<html" not in htmx.content
    note = owner.day_notes.get()
    assert note.makeup_removed and note.notes == ""


def test_today_runs_the_same_queries_with_a_day_or_a_year_of_history(
    client_owner, owner, django_assert_num_queries, catalog_in_memory
):
    morning = factories.make_routine(owner, name="AM", period="am")
    evening = factories.make_routine(owner, name="PM", period="pm")
    steps = [
        factories.make_step(routine, factories.make_product(owner, name=f"P{i}"), position=i)
        for i, routine in enumerate([morning, morning, evening, evening])
    ]
    today = owner.local_today()

    def log_days(days):
        Application.objects.bulk_create(
            Application(
                owner=owner,
                step=s,
                product=s.product,
                period=s.routine.period,
                day=today - dt.timedelta(days=d),
            )
            for d in days
            for s in steps
        )
        factories.make_observation(owner, day=today - dt.timedelta(days=days[-1]))

    log_days([0])
    client_owner.get(reverse("journal:today"))  # warm caches (content types, sessions)
    with django_assert_num_queries(11) as one_day:
        client_owner.get(reverse("journal:today"))
    log_days(list(range(1, 366)))
    with django_assert_num_queries(len(one_day.captured_queries)):
        response = client_owner.get(reverse("journal:today"))
    assert response.status_code == 200


def test_a_product_logged_ad_hoc_counts_for_its_step(client_owner, owner):
    routine = factories.make_routine(owner, period="pm")
    acid = factories.make_product(owner, name="Lactic toner", category="chemical_exfoliant")
    step = factories.make_step(routine, acid, schedule_kind="times_per_week", times_per_week=1)
    wednesday, saturday = dt.date(2026, 11, 25), dt.date(2026, 11, 28)
    with time_machine.travel(dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)):
        factories.make_application(owner, product=acid, period="pm", day=wednesday)
        wednesday_page = client_owner.get(reverse("journal:day", kwargs={"day": wednesday}))
        assert 'aria-pressed="true"' in checklist_html(wednesday_page)
        assert "Also applied" not in checklist_html(wednesday_page)
        saturday_page = client_owner.get(reverse("journal:day", kwargs={"day": saturday}))
        assert "Lactic toner" not in checklist_html(saturday_page)  # done for this week
        # Unticking it undoes the ad-hoc application too.
        client_owner.post(tick_url(wednesday, step), {"done": "0"})
    assert not Application.objects.exists()


def test_log_another_product_offers_the_shelf_but_not_archived_products(client_owner, owner):
    factories.make_product(owner, name="Gentle cleanser")
    factories.make_product(owner, name="Old balm", archived=True)
    html = client_owner.get("/today/").content.decode()
    form = html[html.index('name="product"') :]
    form = form[: form.index("</select>")]
    assert "Gentle cleanser" in form
    assert "Old balm" not in form
    assert "Choose a product…" in form
