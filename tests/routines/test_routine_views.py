import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from skintrack.routines.models import Period, Routine, RoutineStep
from skintrack.shelf.models import Category
from tests import factories

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def words(html: str) -> str:
    """The text of a page as a screen reader reads it, hidden labels included."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def routine_url(name: str, routine: Routine) -> str:
    return reverse(f"routines:{name}", kwargs={"routine_id": routine.pk})


def step_url(name: str, step: RoutineStep) -> str:
    return reverse(f"routines:{name}", kwargs={"step_id": step.pk})


def positions(routine: Routine) -> list[str]:
    steps = routine.steps.filter(archived=False).select_related("product")
    return [step.product.name for step in steps.order_by("position", "id")]


@pytest.fixture
def evening(owner):
    return factories.make_routine(owner, name="Evening basics", period=Period.EVENING)


@pytest.fixture
def cleanser(owner):
    return factories.make_product(owner, name="Cleanser", category=Category.CLEANSER)


# The routines page


def test_the_routines_page_explains_routines_to_a_newcomer(client_owner):
    response = client_owner.get(reverse("routines:list"))
    assert response.status_code == 200
    assert "No routines yet" in response.text
    assert f"{reverse('routines:new')}?period=am" in response.text


def test_the_routines_page_shows_morning_and_evening_with_step_counts(client_owner, owner):
    morning = factories.make_routine(owner, name="Sunny mornings", period=Period.MORNING)
    evening = factories.make_routine(owner, name="Quiet nights", period=Period.EVENING)
    spare = factories.make_routine(owner, name="Spare nights", is_active=False)
    factories.make_routine(owner, name="Old nights", is_active=False, archived=True)
    product = factories.make_product(owner)
    for _ in range(2):
        factories.make_step(morning, product)
    factories.make_step(morning, product, archived=True)
    factories.make_step(evening, product)

    text = client_owner.get(reverse("routines:list")).text

    assert text.index("Morning") < text.index("Sunny mornings") < text.index("Evening")
    assert text.index("Evening") < text.index("Quiet nights") < text.index("Archived")
    assert text.index("Archived") < text.index("Old nights")
    assert "2 steps" in text and "1 step<" in text and "0 steps" in text
    assert routine_url("activate", spare) in text
    assert routine_url("activate", evening) not in text


def test_the_routines_page_shows_only_the_persons_own_routines(client_outsider, owner):
    factories.make_routine(owner, name=f"Nights {factories.OWNER_MARKER}")
    response = client_outsider.get(reverse("routines:list"))
    assert factories.OWNER_MARKER not in response.text


# Creating, renaming, activating, archiving


def test_the_first_routine_of_a_period_becomes_active(client_owner, owner):
    response = client_owner.post(reverse("routines:new"), {"name": "Mornings", "period": "am"})
    routine = Routine.objects.get()
    assert response.status_code == 302
    assert response.url == routine_url("detail", routine)
    assert (routine.owner, routine.name, routine.period) == (owner, "Mornings", "am")
    assert routine.is_active


def test_a_second_routine_of_the_same_period_starts_inactive(client_owner, evening):
    client_owner.post(reverse("routines:new"), {"name": "Retinoid nights", "period": "pm"})
    new = Routine.objects.get(name="Retinoid nights")
    assert not new.is_active
    evening.refresh_from_db()
    assert evening.is_active


def test_a_routine_of_the_other_period_is_active_too(client_owner, evening):
    client_owner.post(reverse("routines:new"), {"name": "Mornings", "period": "am"})
    assert Routine.objects.get(name="Mornings").is_active


def test_a_routine_needs_a_name_and_a_period(client_owner):
    response = client_owner.post(reverse("routines:new"), {"name": "", "period": "noon"})
    assert response.status_code == 400
    assert "Give the routine a name." in response.text
    assert not Routine.objects.exists()


def test_the_new_routine_form_preselects_the_period_from_the_link(client_owner):
    response = client_owner.get(reverse("routines:new"), {"period": "pm"})
    assert response.context["form"]["period"].value() == "pm"
    assert 'value="pm" required id="id_period_1" checked' in response.text


def test_it_renames_a_routine(client_owner, evening):
    response = client_owner.post(routine_url("edit", evening), {"name": "Nights"})
    assert response.status_code == 302
    evening.refresh_from_db()
    assert evening.name == "Nights"


def test_activating_a_routine_deactivates_the_other_one_of_its_period(client_owner, owner, evening):
    morning = factories.make_routine(owner, name="Mornings", period=Period.MORNING)
    spare = factories.make_routine(owner, name="Spare", period=Period.EVENING, is_active=False)

    response = client_owner.post(routine_url("activate", spare))

    assert response.status_code == 302
    assert messages_of(response) == ["Spare is your evening routine now."]
    active = set(Routine.objects.filter(is_active=True).values_list("name", flat=True))
    assert active == {"Spare", morning.name}


def test_activating_an_archived_routine_restores_it(client_owner, owner, evening):
    old = factories.make_routine(owner, name="Old", is_active=False, archived=True)
    client_owner.post(routine_url("activate", old))
    old.refresh_from_db()
    evening.refresh_from_db()
    assert (old.is_active, old.archived, evening.is_active) == (True, False, False)


def test_activating_refuses_a_get(client_owner, evening):
    assert client_owner.get(routine_url("activate", evening)).status_code == 405


def test_archiving_a_routine_deactivates_it(client_owner, evening):
    response = client_owner.post(routine_url("archive", evening))
    evening.refresh_from_db()
    assert (evening.archived, evening.is_active) == (True, False)
    assert "no evening routine" in messages_of(response)[0]


def test_restoring_a_routine_makes_it_active_when_its_period_has_none(client_owner, owner):
    old = factories.make_routine(owner, is_active=False, archived=True)
    client_owner.post(routine_url("archive", old))
    old.refresh_from_db()
    assert (old.archived, old.is_active) == (False, True)


def test_restoring_a_routine_leaves_the_active_one_alone(client_owner, owner, evening):
    old = factories.make_routine(owner, name="Old", is_active=False, archived=True)
    client_owner.post(routine_url("archive", old))
    old.refresh_from_db()
    evening.refresh_from_db()
    assert (old.archived, old.is_active, evening.is_active) == (False, False, True)


# The routine page


def test_the_routine_page_lists_steps_in_order_with_their_schedule(
    client_owner, owner, evening, cleanser
):
    serum = factories.make_product(owner, name="Retinal serum", category=Category.RETINOID)
    factories.make_step(evening, serum, position=1, schedule_kind="weekdays", weekdays=[0, 3])
    factories.make_step(evening, cleanser, position=0)
    factories.make_step(evening, serum, position=2, archived=True, area="eye")

    html = client_owner.get(routine_url("detail", evening)).text
    text = words(html)

    assert text.index("Cleanser") < text.index("Retinal serum")
    assert "Every day" in text and "Mon, Thu" in text
    assert "Move Acme Cleanser Down" in text
    assert "Move Acme Cleanser Up" not in text
    assert "Move Acme Retinal serum Up" in text
    # The removed step is history: listed under "Removed steps", not among the steps.
    assert "Eye area" not in text[: text.index("Removed steps")]
    assert "Eye area" in text[text.index("Removed steps") :]
    assert routine_url("step_new", evening) in html


# Adding and editing steps


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"schedule_kind": "daily"}, {"weekdays": [], "interval_days": None}),
        (
            {"schedule_kind": "weekdays", "weekdays": ["4", "0", "0"]},
            {"weekdays": [0, 4], "times_per_week": None},
        ),
        (
            {"schedule_kind": "every_n_days", "interval_days": "3", "start_date": "2026-11-02"},
            {"interval_days": 3, "start_date": dt.date(2026, 11, 2), "weekdays": []},
        ),
        (
            {"schedule_kind": "times_per_week", "times_per_week": "2"},
            {"times_per_week": 2, "interval_days": None, "start_date": None},
        ),
    ],
    ids=["daily", "weekdays", "every_n_days", "times_per_week"],
)
def test_it_adds_a_step_of_each_schedule_kind(client_owner, evening, cleanser, data, expected):
    response = client_owner.post(
        routine_url("step_new", evening), {"product": cleanser.pk, "area": "face", **data}
    )
    step = RoutineStep.objects.get()
    assert response.status_code == 302
    assert response.url == f"{routine_url('detail', evening)}#step-{step.pk}"
    assert (step.routine, step.product, step.schedule_kind) == (
        evening,
        cleanser,
        data["schedule_kind"],
    )
    for field, value in expected.items():
        assert getattr(step, field) == value


def test_a_new_step_goes_last(client_owner, owner, evening, cleanser):
    serum = factories.make_product(owner, name="Serum", category=Category.SERUM)
    factories.make_step(evening, serum, position=4)
    client_owner.post(
        routine_url("step_new", evening),
        {"product": cleanser.pk, "area": "face", "schedule_kind": "daily"},
    )
    assert positions(evening) == ["Serum", "Cleanser"]


def test_fields_of_another_schedule_kind_are_cleared_and_do_not_block(
    client_owner, evening, cleanser
):
    data = {
        "product": cleanser.pk,
        "area": "face",
        "schedule_kind": "daily",
        "interval_days": "90",  # left in a hidden field from an earlier choice
        "weekdays": ["1"],
        "times_per_week": "3",
        "start_date": "2026-11-02",
    }
    response = client_owner.post(routine_url("step_new", evening), data)
    assert response.status_code == 302
    step = RoutineStep.objects.get()
    assert (step.weekdays, step.interval_days, step.start_date, step.times_per_week) == (
        [],
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"schedule_kind": "weekdays"}, "Pick at least one day."),
        ({"schedule_kind": "weekdays", "weekdays": ["7"]}, "Select a valid choice"),
        ({"schedule_kind": "every_n_days", "start_date": "2026-11-02"}, "how many days apart"),
        (
            {"schedule_kind": "every_n_days", "interval_days": "1", "start_date": "2026-11-02"},
            "Pick a number from 2 to 60",
        ),
        (
            {"schedule_kind": "every_n_days", "interval_days": "61", "start_date": "2026-11-02"},
            "Pick a number from 2 to 60",
        ),
        ({"schedule_kind": "every_n_days", "interval_days": "3"}, "Pick the first day"),
        ({"schedule_kind": "times_per_week"}, "how many times a week"),
        ({"schedule_kind": "times_per_week", "times_per_week": "7"}, "Pick a number from 1 to 6"),
        ({"schedule_kind": "hourly"}, "Select a valid choice"),
    ],
)
def test_a_step_missing_what_its_schedule_needs_is_400(
    client_owner, evening, cleanser, data, error
):
    response = client_owner.post(
        routine_url("step_new", evening), {"product": cleanser.pk, "area": "face", **data}
    )
    assert response.status_code == 400
    assert error in response.text
    assert not RoutineStep.objects.exists()


def test_a_step_with_another_persons_product_is_400_and_creates_nothing(
    client_owner, outsider, evening, cleanser
):
    theirs = factories.make_product(outsider, name="Not yours")
    response = client_owner.post(
        routine_url("step_new", evening),
        {"product": theirs.pk, "area": "face", "schedule_kind": "daily"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert "Not yours" not in response.text
    assert not RoutineStep.objects.exists()


def test_a_step_with_an_archived_product_is_400(client_owner, owner, evening):
    old = factories.make_product(owner, name="Old", archived=True)
    response = client_owner.post(
        routine_url("step_new", evening),
        {"product": old.pk, "area": "face", "schedule_kind": "daily"},
    )
    assert response.status_code == 400
    assert not RoutineStep.objects.exists()


def test_the_step_form_offers_only_the_persons_shelf(client_owner, owner, outsider, evening):
    factories.make_product(owner, name="Mine")
    factories.make_product(owner, name="Archived one", archived=True)
    factories.make_product(outsider, name=f"Theirs {factories.OWNER_MARKER}")
    text = client_owner.get(routine_url("step_new", evening)).text
    assert "Acme Mine (sunscreen)" in text
    assert "Archived one" not in text
    assert factories.OWNER_MARKER not in text
    assert 'data-show-when="schedule_kind=weekdays"' in text


def test_the_step_form_sends_a_person_with_an_empty_shelf_to_add_products(client_owner, evening):
    text = client_owner.get(routine_url("step_new", evening)).text
    assert "Your shelf has no products yet" in text
    assert reverse("shelf:catalog") in text


def test_editing_a_step_in_use_starts_a_new_version_and_keeps_the_old_one(
    client_owner, owner, evening, cleanser
):
    step = factories.make_step(evening, cleanser, schedule_kind="times_per_week", times_per_week=2)
    today = owner.local_today()
    response = client_owner.post(
        step_url("step_edit", step),
        {"product": cleanser.pk, "area": "eye", "schedule_kind": "weekdays", "weekdays": ["6"]},
    )
    assert response.status_code == 302
    step.refresh_from_db()
    # The days before today keep what was due on them.
    assert (step.schedule_kind, step.times_per_week, step.area) == ("times_per_week", 2, "face")
    assert step.ends_on == today - dt.timedelta(days=1) and step.archived
    new = step.replaced_by
    assert (new.area, new.schedule_kind, new.weekdays, new.times_per_week) == (
        "eye",
        "weekdays",
        [6],
        None,
    )
    assert new.starts_on == today and new.ends_on is None and not new.archived
    page = words(client_owner.get(routine_url("detail", evening)).text)
    yesterday = today - dt.timedelta(days=1)
    assert (
        f"Since {today:%-d %b %Y}; before: whole face, 2 times a week "
        f"(1 Jan 2020 – {yesterday:%-d %b %Y})"
    ) in page


def test_editing_a_step_not_yet_in_use_changes_it_in_place(client_owner, owner, cleanser):
    routine = factories.make_routine(owner, name="Someday", is_active=False)
    step = factories.make_step(routine, cleanser)
    assert step.starts_on is None
    client_owner.post(
        step_url("step_edit", step),
        {"product": cleanser.pk, "area": "eye", "schedule_kind": "daily"},
    )
    step.refresh_from_db()
    assert step.area == "eye" and not step.archived
    assert not RoutineStep.objects.filter(replaces=step).exists()


def test_editing_a_step_keeps_its_product_after_that_product_was_archived(
    client_owner, owner, evening
):
    old = factories.make_product(owner, name="Old", archived=True)
    step = factories.make_step(evening, old)
    response = client_owner.post(
        step_url("step_edit", step), {"product": old.pk, "area": "face", "schedule_kind": "daily"}
    )
    assert response.status_code == 302


# Moving and removing steps


@pytest.fixture
def three_steps(owner, evening):
    """Three steps that all still have the default position 0."""
    steps = [
        factories.make_step(evening, factories.make_product(owner, name=name))
        for name in ("First", "Second", "Third")
    ]
    return steps


def test_moving_a_step_up_swaps_it_with_the_one_before(client_owner, evening, three_steps):
    response = client_owner.post(step_url("step_move", three_steps[2]), {"direction": "up"})
    assert response.status_code == 302
    assert response.url.endswith(f"#step-{three_steps[2].pk}")
    assert positions(evening) == ["First", "Third", "Second"]
    assert sorted(evening.steps.values_list("position", flat=True)) == [0, 1, 2]


def test_moving_a_step_down_swaps_it_with_the_one_after(client_owner, evening, three_steps):
    client_owner.post(step_url("step_move", three_steps[0]), {"direction": "down"})
    assert positions(evening) == ["Second", "First", "Third"]


def test_moving_the_first_step_up_changes_nothing(client_owner, evening, three_steps):
    client_owner.post(step_url("step_move", three_steps[0]), {"direction": "up"})
    client_owner.post(step_url("step_move", three_steps[2]), {"direction": "down"})
    assert positions(evening) == ["First", "Second", "Third"]


def test_moving_skips_removed_steps(client_owner, evening, three_steps):
    three_steps[1].archived = True
    three_steps[1].save()
    client_owner.post(step_url("step_move", three_steps[2]), {"direction": "up"})
    assert positions(evening) == ["Third", "First"]


def test_moving_never_gives_a_step_the_position_of_a_removed_one(
    client_owner, evening, three_steps
):
    for step, position in zip(three_steps, (0, 1, 2), strict=True):
        step.position = position
        step.save()
    client_owner.post(step_url("step_archive", three_steps[0]))
    client_owner.post(step_url("step_move", three_steps[2]), {"direction": "up"})
    assert positions(evening) == ["Third", "Second"]
    rows = evening.steps.order_by("position").values_list("position", "product__name", "archived")
    assert list(rows) == [(0, "Third", False), (1, "Second", False), (2, "First", True)]


def test_moving_puts_removed_steps_after_the_active_ones_in_their_order(
    client_owner, owner, evening, three_steps
):
    removed = [
        factories.make_step(evening, factories.make_product(owner, name=name), archived=True)
        for name in ("Old toner", "Old serum")
    ]
    client_owner.post(step_url("step_move", three_steps[1]), {"direction": "down"})
    rows = evening.steps.order_by("position").values_list("position", "product__name")
    assert list(rows) == [
        (0, "First"),
        (1, "Third"),
        (2, "Second"),
        (3, "Old toner"),
        (4, "Old serum"),
    ]
    assert [step.pk for step in removed] == list(
        evening.steps.filter(archived=True).order_by("position").values_list("pk", flat=True)
    )


@pytest.mark.parametrize("data", [{"direction": "sideways"}, {}])
def test_moving_in_an_unknown_direction_is_400(client_owner, evening, three_steps, data):
    response = client_owner.post(step_url("step_move", three_steps[1]), data)
    assert response.status_code == 400
    assert positions(evening) == ["First", "Second", "Third"]


def test_moving_refuses_a_get(client_owner, three_steps):
    assert client_owner.get(step_url("step_move", three_steps[0])).status_code == 405


def test_removing_a_step_archives_it_and_keeps_its_history(client_owner, owner, evening, cleanser):
    step = factories.make_step(evening, cleanser)
    application = factories.make_application(owner, step=step)

    response = client_owner.post(step_url("step_archive", step))

    assert response.status_code == 302
    step.refresh_from_db()
    application.refresh_from_db()
    assert step.archived
    assert application.step == step
    assert step_url("step_edit", step) not in client_owner.get(routine_url("detail", evening)).text


# Ownership


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("detail", "get"),
        ("edit", "get"),
        ("edit", "post"),
        ("activate", "post"),
        ("archive", "post"),
        ("step_new", "get"),
        ("step_new", "post"),
    ],
)
def test_another_persons_routine_is_404(client_outsider, outsider, evening, name, method):
    theirs = factories.make_product(outsider)
    data = {"name": "Hijacked", "product": theirs.pk, "area": "face", "schedule_kind": "daily"}
    response = getattr(client_outsider, method)(routine_url(name, evening), data)
    assert response.status_code == 404
    evening.refresh_from_db()
    assert (evening.name, evening.is_active, evening.archived) == ("Evening basics", True, False)
    assert not RoutineStep.objects.exists()


@pytest.mark.parametrize(
    ("name", "method"),
    [("step_edit", "get"), ("step_edit", "post"), ("step_move", "post"), ("step_archive", "post")],
)
def test_another_persons_step_is_404(client_outsider, outsider, evening, cleanser, name, method):
    step = factories.make_step(evening, cleanser)
    theirs = factories.make_product(outsider)
    data = {"direction": "up", "product": theirs.pk, "area": "eye", "schedule_kind": "daily"}
    response = getattr(client_outsider, method)(step_url(name, step), data)
    assert response.status_code == 404
    step.refresh_from_db()
    assert (step.product, step.area, step.archived) == (cleanser, "face", False)


# Query counts


@pytest.mark.parametrize("count", [3, 30])
def test_the_routine_page_takes_a_fixed_number_of_queries(
    client_owner, owner, evening, django_assert_max_num_queries, count, catalog_in_memory
):
    products = [factories.make_product(owner, name=f"Product {i}") for i in range(count)]
    for position, product in enumerate(products):
        factories.make_step(evening, product, position=position)
    # session, user, routine, steps with products, ingredient catalog (the CNF-1 check)
    with django_assert_max_num_queries(5):
        response = client_owner.get(routine_url("detail", evening))
    assert response.text.count('class="step-number"') == count


@pytest.mark.parametrize("count", [3, 30])
def test_the_routines_page_takes_a_fixed_number_of_queries(
    client_owner, owner, django_assert_max_num_queries, count
):
    product = factories.make_product(owner)
    for i in range(count):
        routine = factories.make_routine(
            owner, name=f"Routine {i}", is_active=False, archived=i % 4 == 0
        )
        factories.make_step(routine, product)
    with django_assert_max_num_queries(3):  # session, user, routines with step counts
        response = client_owner.get(reverse("routines:list"))
    assert response.text.count("1 step<") == count


@pytest.mark.parametrize("count", [3, 30])
def test_moving_a_step_takes_a_fixed_number_of_queries(
    client_owner, owner, evening, django_assert_max_num_queries, count
):
    product = factories.make_product(owner)
    steps = [factories.make_step(evening, product) for _ in range(count)]
    with django_assert_max_num_queries(7):  # session, user, step, savepoint, steps, update, end
        client_owner.post(step_url("step_move", steps[-1]), {"direction": "up"})
    assert list(evening.steps.order_by("position").values_list("position", flat=True)) == list(
        range(count)
    )


# Admin


@pytest.fixture
def _staff_client(client, db):
    staff = factories.make_user("staff", is_staff=True, is_superuser=True)
    client.force_login(staff)
    return client


@pytest.mark.parametrize("count", [3, 30])
def test_the_routine_admin_lists_step_counts_in_a_fixed_number_of_queries(
    _staff_client, owner, django_assert_max_num_queries, count
):
    product = factories.make_product(owner)
    for i in range(count):
        routine = factories.make_routine(owner, name=f"Routine {i}", is_active=False)
        factories.make_step(routine, product)
        factories.make_step(routine, product, archived=True)
    with django_assert_max_num_queries(8):
        response = _staff_client.get(reverse("admin:routines_routine_changelist"))
    assert response.status_code == 200
    assert response.text.count('<td class="field-step_count">1</td>') == count


def test_the_routine_admin_shows_steps_inline_with_weekday_checkboxes(
    _staff_client, evening, cleanser
):
    factories.make_step(evening, cleanser, schedule_kind="weekdays", weekdays=[2])
    response = _staff_client.get(reverse("admin:routines_routine_change", args=[evening.pk]))
    assert response.status_code == 200
    assert 'name="steps-0-weekdays" value="2"' in response.text
    assert "checked" in response.text


def test_the_step_admin_refuses_another_persons_product(_staff_client, outsider, evening, cleanser):
    step = factories.make_step(evening, cleanser)
    theirs = factories.make_product(outsider)
    url = reverse("admin:routines_routinestep_change", args=[step.pk])
    assert _staff_client.get(reverse("admin:routines_routinestep_changelist")).status_code == 200
    data = {
        "routine": evening.pk,
        "product": theirs.pk,
        "position": 0,
        "area": "face",
        "schedule_kind": "daily",
        "interval_days": "",
        "start_date": "",
        "times_per_week": "",
    }
    response = _staff_client.post(url, data)
    assert response.status_code == 200
    assert "on someone else’s shelf" in response.text
    step.refresh_from_db()
    assert step.product == cleanser
