"""Truthful history on the pages: nothing owed before a step started, and a change to a
routine never rewrites a day already lived."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skintrack.journal.models import Application
from skintrack.routines.models import Routine, RoutineStep
from skintrack.shelf.models import Category
from tests import factories

SAT = dt.date(2026, 11, 28)  # Saturday of 2026-W48
MON_W48 = dt.date(2026, 11, 23)


def at(day: dt.date, hour: int = 12):
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC), tick=False)


def tick(client: Client, day: dt.date, step: RoutineStep, done: str = "1"):
    url = reverse("journal:tick", kwargs={"day": day, "step_id": step.pk})
    return client.post(url, {"done": done})


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def saturday_person(db):
    """Signs up on Saturday 28 November, builds a morning routine through the pages, and
    ticks both steps that morning."""
    with at(SAT, 9):
        person = factories.make_user("sam", time_zone="UTC")
        client = Client()
        client.force_login(person)
        cleanser = factories.make_product(person, name="Gel cleanser", category=Category.CLEANSER)
        sunscreen = factories.make_product(person, name="Fluid SPF 50")
        client.post(reverse("routines:new"), {"name": "Mornings", "period": "am"})
        routine = Routine.objects.get(owner=person)
        for product in (cleanser, sunscreen):
            url = reverse("routines:step_new", kwargs={"routine_id": routine.pk})
            client.post(url, {"product": product.pk, "area": "face", "schedule_kind": "daily"})
        steps = list(routine.steps.order_by("position"))
        for step in steps:
            assert tick(client, SAT, step).status_code == 302
    return person, client, steps


def test_a_new_step_starts_on_the_day_it_is_added(saturday_person):
    _, _, steps = saturday_person
    assert [s.starts_on for s in steps] == [SAT, SAT]


def test_the_glance_owes_nothing_before_the_saturday_a_person_signed_up(saturday_person):
    _, client, _ = saturday_person
    with at(SAT + dt.timedelta(days=1), 18):  # Sunday evening, nothing ticked today yet
        dashboard = client.get(reverse("journal:today")).context["dashboard"]
    due = {d.day: (d.done, d.due) for d in dashboard.last_days}
    assert all(due[MON_W48 + dt.timedelta(days=n)] == (0, 0) for n in range(5))
    assert due[SAT] == (2, 2)
    assert due[SAT + dt.timedelta(days=1)] == (0, 2)


def test_the_first_review_judges_only_the_days_since_the_first_routine_day(saturday_person):
    _, client, _ = saturday_person
    with at(SAT + dt.timedelta(days=2)):  # the Monday after
        response = client.get(reverse("review:week", kwargs={"week": MON_W48}))
    page = response.context["page"]
    assert page.figures.judged_days == (SAT, SAT + dt.timedelta(days=1))
    assert (page.figures.steps_done, page.figures.steps_due) == (2, 4)
    text = text_of(response)
    assert "Sunscreen on 1 of 2 mornings" in text
    assert "No sunscreen on Sun 29 Nov" in text
    assert "on Mon 23 Nov" not in text and "of 7" not in text
    assert 'rel="prev"' not in response.content.decode()  # nothing before the first week


def test_progress_and_the_visit_report_count_no_day_before_the_start(saturday_person):
    _, client, _ = saturday_person
    monday = SAT + dt.timedelta(days=2)
    with at(monday, 6):  # before anything is ticked on Monday
        progress = client.get(reverse("reports:progress")).context["page"]
        report = client.get(
            reverse("reports:visit_report"), {"start": "2026-11-01", "end": monday.isoformat()}
        ).context["report"]
    week_48 = next(w for w in progress.weeks if w.start <= SAT <= w.end)
    assert (week_48.done, week_48.due) == (2, 4)  # Saturday and Sunday, two steps each
    assert progress.days_judged == 3  # Saturday, Sunday and this Monday
    assert (report.adherence_total.done, report.adherence_total.due) == (2, 6)


def test_the_today_page_lets_a_person_fill_in_a_day_before_their_routine_began(
    saturday_person,
):
    person, client, steps = saturday_person
    thursday = SAT - dt.timedelta(days=2)
    with at(SAT + dt.timedelta(days=1)):
        page = client.get(reverse("journal:day", kwargs={"day": thursday}))
        checklist = page.context["page"].morning
        assert checklist.items == [] and checklist.not_started == steps
        assert "Not in your routine yet on this day" in text_of(page)
        tick(client, thursday, steps[1])
        checklist = (
            client.get(reverse("journal:day", kwargs={"day": thursday})).context["page"].morning
        )
        # The other step can still be filled in for that day.
        assert [i.step for i in checklist.items] == [steps[1]]
        assert checklist.not_started == [steps[0]]
    # The start moved back to Thursday: Friday is owed now, as the days from there on are.
    steps[1].refresh_from_db()
    assert steps[1].starts_on == thursday
    assert Application.objects.filter(owner=person, day=thursday).count() == 1


def test_a_step_cannot_be_ticked_on_a_day_an_ended_version_owns(client_owner, owner):
    routine = factories.make_routine(owner, period="am", name="Mornings")
    cream = factories.make_product(owner, name="Day cream", category=Category.MOISTURIZER)
    step = factories.make_step(routine, cream, starts_on=dt.date(2026, 11, 1))
    today = owner.local_today()
    client_owner.post(
        reverse("routines:step_edit", kwargs={"step_id": step.pk}),
        {"product": cream.pk, "area": "eye", "schedule_kind": "daily"},
    )
    new = step.replaced_by
    yesterday = today - dt.timedelta(days=1)
    assert tick(client_owner, yesterday, new).status_code == 400
    assert tick(client_owner, yesterday, step).status_code == 302  # the old version owns it
    assert Application.objects.get(day=yesterday).step == step


# --- a change on Wednesday -----------------------------------------------------------------


def review_of(client: Client, monday: dt.date) -> tuple[str, list]:
    response = client.get(reverse("review:week", kwargs={"week": monday}))
    page = response.context["page"]
    html = response.content.decode()
    findings = html[html.index('id="findings"') : html.index('id="heading-next"')]
    findings = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", findings)
    rows = [(s.step.label, s.done, s.due) for s in page.figures.steps]
    return findings, rows


def test_a_routine_change_on_wednesday_leaves_the_previous_week_as_it_was(client_owner, owner):
    cleanser = factories.make_product(owner, name="Gel cleanser", category=Category.CLEANSER)
    retinoid = factories.make_product(
        owner, name="Adapalene", category=Category.RETINOID, actives=["retinoid"]
    )
    serum = factories.make_product(owner, name="Hyaluronic serum", category=Category.SERUM)
    evening = factories.make_routine(owner, name="Evenings")
    cleanse = factories.make_step(evening, cleanser, position=0)
    nights = factories.make_step(
        evening, retinoid, position=1, schedule_kind="weekdays", weekdays=[0, 2, 4]
    )
    last_week = MON_W48
    for n in range(7):  # every step done except Friday's retinoid
        day = last_week + dt.timedelta(days=n)
        factories.make_application(owner, step=cleanse, day=day, period="pm")
        if day.weekday() in (0, 2):
            factories.make_application(owner, step=nights, day=day, period="pm")
    wednesday = last_week + dt.timedelta(days=9)
    with at(wednesday):
        before = review_of(client_owner, last_week)
        # Wednesday: a new evening step, the retinoid every evening, the cleanser removed.
        client_owner.post(
            reverse("routines:step_new", kwargs={"routine_id": evening.pk}),
            {"product": serum.pk, "area": "face", "schedule_kind": "daily"},
        )
        client_owner.post(
            reverse("routines:step_edit", kwargs={"step_id": nights.pk}),
            {"product": retinoid.pk, "area": "face", "schedule_kind": "daily"},
        )
        client_owner.post(
            reverse("routines:step_archive", kwargs={"step_id": cleanse.pk}),
            {"last_day": "yesterday"},
        )
        after = review_of(client_owner, last_week)
        this_week = client_owner.get(reverse("journal:today")).context["dashboard"].last_days
    assert after == before
    assert before[1] == [("Acme Gel cleanser", 7, 7), ("Acme Adapalene", 2, 3)]
    # This week: Monday and Tuesday owe the old steps only; Wednesday the new ones.
    due = {d.day.weekday(): d.due for d in this_week if d.day >= wednesday - dt.timedelta(2)}
    assert due == {0: 2, 1: 1, 2: 2}


# --- the planner on the today page ---------------------------------------------------------


def test_a_flexible_retinoid_makes_way_for_tonights_exfoliation(client_owner, owner):
    retinoid = factories.make_product(
        owner, name="Retinal serum", category=Category.RETINOID, actives=["retinoid"]
    )
    evening = factories.make_routine(owner, name="Evenings")
    factories.make_step(
        evening, retinoid, schedule_kind="times_per_week", times_per_week=3, position=0
    )
    monday = dt.date(2026, 11, 30)
    with at(monday, 18):
        response = client_owner.get(reverse("journal:today"))
    page, dashboard = response.context["page"], response.context["dashboard"]
    assert any(f.title == "Tonight suits a gentle exfoliation" for f in dashboard.due_now)
    assert page.evening.items == []  # no retinoid listed under "tonight suits exfoliation"
    acid = factories.make_product(
        owner, name="Lactic toner", category=Category.CHEMICAL_EXFOLIANT, actives=["aha"]
    )
    factories.make_application(owner, product=acid, day=monday, period="pm")
    with at(monday + dt.timedelta(days=1), 18):  # Tuesday, the week's exfoliation done
        response = client_owner.get(reverse("journal:today"))
    assert [i.step.product.name for i in response.context["page"].evening.items] == [
        "Retinal serum"
    ]
    assert not response.context["dashboard"].due_now


def test_the_routine_page_warns_when_fixed_nights_put_a_retinoid_with_an_exfoliant(
    client_owner, owner
):
    evening = factories.make_routine(owner, name="Evenings")
    retinoid = factories.make_product(
        owner, name="Adapalene", category=Category.RETINOID, actives=["retinoid"]
    )
    acid = factories.make_product(
        owner, name="Lactic toner", category=Category.CHEMICAL_EXFOLIANT, actives=["aha"]
    )
    factories.make_step(evening, retinoid, schedule_kind="weekdays", weekdays=[0, 3])
    url = reverse("routines:detail", kwargs={"routine_id": evening.pk})
    assert "same evening" not in text_of(client_owner.get(url))
    step = factories.make_step(evening, acid, schedule_kind="weekdays", weekdays=[3, 5])
    text = text_of(client_owner.get(url))
    assert "a retinoid and an exfoliant on the same evening (Thu)" in text
    assert "/learn/daily-habits/" in client_owner.get(url).content.decode()
    step.weekdays = [5]
    step.save()
    assert "same evening" not in text_of(client_owner.get(url))


# --- switching routines --------------------------------------------------------------------


def test_switching_routines_ends_the_old_steps_and_starts_the_new_ones(client_owner, owner):
    cream = factories.make_product(owner, name="Night cream", category=Category.MOISTURIZER)
    old = factories.make_routine(owner, name="Old evenings")
    old_step = factories.make_step(old, cream)
    new = factories.make_routine(owner, name="New evenings", is_active=False)
    new_step = factories.make_step(new, cream, area="eye")
    assert new_step.starts_on is None  # not in use until its routine is
    today = owner.local_today()
    client_owner.post(reverse("routines:activate", kwargs={"routine_id": new.pk}))
    old_step.refresh_from_db()
    new_step.refresh_from_db()
    assert old_step.ends_on == today - dt.timedelta(days=1)
    assert (new_step.starts_on, new_step.ends_on) == (today, None)
    # Back to the old one from tomorrow: the new one keeps today, the old one starts anew.
    client_owner.post(
        reverse("routines:activate", kwargs={"routine_id": old.pk}), {"first_day": "tomorrow"}
    )
    new_step.refresh_from_db()
    assert new_step.ends_on == today
    again = RoutineStep.objects.get(replaces=old_step)
    assert again.starts_on == today + dt.timedelta(days=1) and not again.archived


def test_removing_a_step_asks_for_its_last_day(client_owner, owner):
    routine = factories.make_routine(owner, name="Evenings")
    cream = factories.make_product(owner, name="Night cream", category=Category.MOISTURIZER)
    first = factories.make_step(routine, cream, position=0)
    second = factories.make_step(routine, cream, position=1, area="eye")
    today = owner.local_today()
    for step, choice in ((first, "today"), (second, "yesterday")):
        client_owner.post(
            reverse("routines:step_archive", kwargs={"step_id": step.pk}), {"last_day": choice}
        )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.archived, first.ends_on) == (True, today)
    assert (second.archived, second.ends_on) == (True, today - dt.timedelta(days=1))
    page = client_owner.get(reverse("journal:today")).context["page"]
    assert [i.step for i in page.evening.items] == [first]  # still on today's list


# --- query counts --------------------------------------------------------------------------


def test_pages_keep_their_query_count_with_three_years_and_a_dozen_step_versions(
    client_owner, owner, django_assert_num_queries
):
    routine = factories.make_routine(owner, name="Evenings")
    cream = factories.make_product(owner, name="Night cream", category=Category.MOISTURIZER)
    step = factories.make_step(routine, cream, starts_on=owner.local_today())
    factories.make_application(owner, step=step, day=owner.local_today(), period="pm")
    urls = [
        reverse("journal:today"),
        reverse("review:week", kwargs={"week": owner.local_today()}),
        reverse("routines:detail", kwargs={"routine_id": routine.pk}),
        reverse("reports:progress"),
    ]
    counts = []
    for url in urls:
        client_owner.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client_owner.get(url).status_code == 200
        counts.append(len(captured.captured_queries))

    today = owner.local_today()
    start = today - dt.timedelta(days=3 * 365)
    RoutineStep.objects.filter(pk=step.pk).update(starts_on=start)
    step.refresh_from_db()
    for n in range(12):  # a dozen changes, a quarter apart
        step = _change(
            step, start + dt.timedelta(days=90 * (n + 1)), area="eye" if n % 2 else "face"
        )
    Application.objects.bulk_create(
        Application(
            owner=owner, day=start + dt.timedelta(days=d), period="pm", product=cream, area="face"
        )
        for d in range(3 * 365)
    )
    for url, expected in zip(urls, counts, strict=True):
        with django_assert_num_queries(expected):
            assert client_owner.get(url).status_code == 200


def _change(step: RoutineStep, day: dt.date, **changes) -> RoutineStep:
    from skintrack.routines import history

    return history.change_step(step, changes, day)


def test_a_new_step_can_start_on_an_earlier_day_the_person_picks(client_owner, owner):
    routine = factories.make_routine(owner, name="Evenings")
    cream = factories.make_product(owner, name="Night cream", category=Category.MOISTURIZER)
    earlier = owner.local_today() - dt.timedelta(days=10)
    url = reverse("routines:step_new", kwargs={"routine_id": routine.pk})
    data = {"product": cream.pk, "area": "face", "schedule_kind": "daily"}
    client_owner.post(url, {**data, "effective_from": earlier.isoformat()})
    assert RoutineStep.objects.get(routine=routine).starts_on == earlier
    response = client_owner.post(url, {**data, "effective_from": "2999-01-01"})
    assert response.status_code == 400
    assert "up to tomorrow" in text_of(response)


def test_archiving_the_routine_in_use_ends_its_steps_on_the_chosen_day(client_owner, owner):
    routine = factories.make_routine(owner, name="Evenings")
    cream = factories.make_product(owner, name="Night cream", category=Category.MOISTURIZER)
    step = factories.make_step(routine, cream)
    client_owner.post(
        reverse("routines:archive", kwargs={"routine_id": routine.pk}), {"last_day": "today"}
    )
    step.refresh_from_db()
    assert step.ends_on == owner.local_today() and not step.archived
    page = client_owner.get(reverse("journal:today")).context["page"]
    assert [i.step for i in page.evening.items] == [step]  # its last day is today
