"""Import: all or nothing, never twice, and only ever into the importing person's account."""

import copy
import datetime as dt
import html
import io
import json
import zipfile

import pytest
from django.urls import reverse
from PIL import Image

from skintrack.journal.models import (
    Application,
    BookedVisit,
    MiliaObservation,
    ObservationPhoto,
)
from skintrack.portability.models import ImportJob
from skintrack.routines.models import Routine, RoutineStep
from skintrack.shelf.models import Category, PatchTest, Product
from tests import factories
from tests.portability.helpers import (
    comparable,
    export_json,
    export_zip,
    import_result,
    jpeg,
    make_history,
    post_import,
    table_counts,
    zip_bytes,
)
from tests.storage import stored_bytes, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client_owner, owner):
    make_history(owner)
    return export_json(client_owner)


@pytest.fixture
def newcomer(db):
    return factories.make_user("nina")


@pytest.fixture
def client_newcomer(client, newcomer):
    client.force_login(newcomer)
    return client


def as_bytes(document: dict) -> bytes:
    return json.dumps(document).encode()


def page_text(response) -> str:
    return html.unescape(response.content.decode())


# --- round trips -------------------------------------------------------------------------------


def test_export_import_export_gives_the_same_document(document, client_newcomer, newcomer):
    response = post_import(client_newcomer, as_bytes(document))
    assert response.status_code == 302
    assert response["Location"] == reverse("portability:import_progress")
    again = export_json(client_newcomer)
    # A JSON file carries the photos' names but not the photos: the full ZIP brings them.
    for observation in document["observations"]:
        observation["photos"] = []
    assert comparable(again) == comparable(document)
    newcomer.refresh_from_db()
    assert newcomer.time_zone == "Europe/London"  # the profile settings came along


def test_the_full_zip_round_trip_brings_the_photos_back_clean(
    client_owner, owner, client_newcomer, newcomer
):
    make_history(owner)
    archive = export_zip(client_owner)
    buffer = io.BytesIO()
    archive.fp.seek(0)
    buffer.write(archive.fp.read())
    response = post_import(client_newcomer, buffer.getvalue(), "skintrack.zip")
    assert response.status_code == 302, page_text(response)
    photos = ObservationPhoto.objects.filter(owner=newcomer)
    assert photos.count() == 2
    for photo in photos:
        assert photo.image.name.startswith(f"photos/{newcomer.pk}/")
        with Image.open(io.BytesIO(stored_bytes(photo.image))) as stored:
            assert stored.format == "JPEG" and not stored.getexif()
    assert comparable(export_json(client_newcomer)) == comparable(export_json(client_owner))


def test_importing_the_same_file_twice_creates_nothing_twice(document, client_newcomer):
    post_import(client_newcomer, as_bytes(document))
    after_first = table_counts()
    response = post_import(client_newcomer, as_bytes(document))
    assert response.status_code == 302
    assert table_counts() == after_first
    message = import_result(client_newcomer)
    assert "Imported nothing new" in message
    assert "Already in your account" in message


def test_importing_your_own_export_changes_nothing(document, client_owner):
    before = table_counts()
    assert post_import(client_owner, as_bytes(document)).status_code == 302
    assert table_counts() == before


def test_a_zip_imported_twice_adds_its_photos_once(client_owner, owner, client_newcomer):
    make_history(owner)
    export = export_zip(client_owner, "zip")
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as copy_of_it:
        for info in export.infolist():
            copy_of_it.writestr(info, export.read(info))
    content = content.getvalue()
    post_import(client_newcomer, content, "export.zip")
    after_first = table_counts()
    post_import(client_newcomer, content, "export.zip")
    assert table_counts() == after_first


def test_an_import_merges_into_an_account_with_data(document, client_newcomer, newcomer):
    mine = factories.make_product(newcomer, name="My own cleanser", category="cleanser")
    factories.make_routine(newcomer, name="My evening", period="pm", is_active=True)
    response = post_import(client_newcomer, as_bytes(document))
    assert response.status_code == 302
    assert Product.objects.filter(pk=mine.pk).exists()
    assert Product.objects.filter(owner=newcomer).count() == len(document["products"]) + 1
    # one active routine per period: the file's evening routine comes in inactive
    active = Routine.objects.filter(owner=newcomer, period="pm", is_active=True)
    assert [r.name for r in active] == ["My evening"]
    message = import_result(client_newcomer)
    assert "“Evening” was imported inactive" in message
    # Its steps keep their history but owe nothing from today: no second evening list.
    yesterday = newcomer.local_today() - dt.timedelta(days=1)
    imported = RoutineStep.objects.filter(routine__owner=newcomer, routine__name="Evening")
    assert all(s.ends_on is not None and s.ends_on <= yesterday for s in imported if s.starts_on)
    page = client_newcomer.get(reverse("journal:today")).context["page"]
    assert {i.step.routine.name for i in page.evening.items} <= {"My evening"}


def test_a_json_import_says_photos_come_only_with_the_zip(document, client_newcomer):
    post_import(client_newcomer, as_bytes(document))
    message = import_result(client_newcomer)
    assert "2 photos not imported: only the full ZIP export holds the photos." in message


# --- records that look alike: one row per record of the file, reused only when all alike ----


@pytest.fixture
def yesterday(owner):
    return owner.local_today() - dt.timedelta(days=1)


def imported(client_owner, client_newcomer) -> dict:
    document = export_json(client_owner)
    response = post_import(client_newcomer, as_bytes(document))
    assert response.status_code == 302, page_text(response)
    return document


def test_two_products_of_the_same_name_in_one_file_stay_two(
    client_owner, owner, client_newcomer, newcomer, yesterday
):
    factories.make_product(
        owner, name="Night cream", category="moisturizer", texture="rich", archived=True
    )
    light = factories.make_product(
        owner, name="Night cream", category="moisturizer", texture="light", comedogenic="no"
    )
    factories.make_application(owner, product=light, day=yesterday, period="pm")
    imported(client_owner, client_newcomer)
    products = Product.objects.filter(owner=newcomer)
    assert sorted(products.values_list("texture", "archived", "comedogenic")) == [
        ("light", False, "no"),
        ("rich", True, "unknown"),
    ]
    application = Application.objects.get(owner=newcomer)
    assert (application.product.texture, application.product.archived) == ("light", False)


def test_two_identical_products_in_one_file_stay_two_and_a_second_import_adds_neither(
    client_owner, owner, client_newcomer, newcomer
):
    for _ in range(2):
        factories.make_product(owner, name="Gel cleanser", category="cleanser")
    document = imported(client_owner, client_newcomer)
    assert Product.objects.filter(owner=newcomer).count() == 2
    post_import(client_newcomer, as_bytes(document))
    assert Product.objects.filter(owner=newcomer).count() == 2


def test_a_product_in_the_account_is_reused_only_when_all_its_facts_match(
    client_owner, owner, client_newcomer, newcomer, yesterday
):
    same = factories.make_product(newcomer, name="Night cream", category="moisturizer")
    factories.make_product(
        newcomer, name="Night cream", category="moisturizer", notes="from the pharmacy"
    )
    factories.make_product(newcomer, name="Night cream", category="moisturizer", archived=True)
    factories.make_product(
        newcomer, name="Night cream", category="moisturizer", actives=["aha"], texture="rich"
    )
    theirs = factories.make_product(owner, name="Night cream", category="moisturizer")
    other = factories.make_product(owner, name="Night cream", category="moisturizer", spf=15)
    factories.make_application(owner, product=theirs, day=yesterday, period="pm")
    factories.make_application(owner, product=other, day=yesterday, period="am")
    imported(client_owner, client_newcomer)
    assert Product.objects.filter(owner=newcomer).count() == 5
    by_period = {a.period: a.product for a in Application.objects.filter(owner=newcomer)}
    assert by_period["pm"] == same
    assert by_period["am"].spf == 15


def test_an_archived_and_an_active_step_at_the_same_position_stay_two(
    client_owner, owner, client_newcomer, newcomer, yesterday
):
    retinoid = factories.make_product(owner, name="Adapalene", category="retinoid")
    routine = factories.make_routine(owner)
    factories.make_step(routine, retinoid, position=0, archived=True)
    current = factories.make_step(
        routine, retinoid, position=0, schedule_kind="weekdays", weekdays=[0, 3]
    )
    factories.make_application(owner, step=current, day=yesterday)
    imported(client_owner, client_newcomer)
    steps = RoutineStep.objects.filter(routine__owner=newcomer)
    assert sorted(steps.values_list("archived", "schedule_kind")) == [
        (False, "weekdays"),
        (True, "daily"),
    ]
    application = Application.objects.get(owner=newcomer)
    assert (application.step.archived, application.step.schedule_kind) == (False, "weekdays")


def test_two_identical_steps_in_one_file_stay_two_and_a_second_import_adds_neither(
    client_owner, owner, client_newcomer, newcomer
):
    cleanser = factories.make_product(owner, name="Gel cleanser", category="cleanser")
    routine = factories.make_routine(owner)
    for _ in range(2):
        factories.make_step(routine, cleanser)
    document = imported(client_owner, client_newcomer)
    assert RoutineStep.objects.filter(routine__owner=newcomer).count() == 2
    post_import(client_newcomer, as_bytes(document))
    assert RoutineStep.objects.filter(routine__owner=newcomer).count() == 2


@pytest.mark.parametrize(
    "difference",
    [
        {"archived": True},
        {"area": "eye"},
        {"schedule_kind": "every_n_days", "interval_days": 3, "start_date": dt.date(2026, 1, 5)},
        {"schedule_kind": "times_per_week", "times_per_week": 2},
    ],
)
def test_a_step_in_the_account_is_reused_only_when_it_is_the_same_step(
    client_owner, owner, client_newcomer, newcomer, difference
):
    def gel_cleanser_step(person, **schedule):
        cleanser = factories.make_product(person, name="Gel cleanser", category="cleanser")
        factories.make_step(factories.make_routine(person), cleanser, **schedule)

    gel_cleanser_step(owner)
    gel_cleanser_step(newcomer, **difference)  # same routine, product and position
    imported(client_owner, client_newcomer)
    steps = RoutineStep.objects.filter(routine__owner=newcomer)
    assert steps.count() == 2
    assert steps.filter(archived=False, area="face", schedule_kind="daily").exists()


def test_a_schedule_field_the_kind_does_not_use_does_not_make_a_step_new(client_owner, owner):
    cleanser = factories.make_product(owner, name="Gel cleanser", category="cleanser")
    # as the admin may leave it: daily, with a number of days from an earlier schedule
    factories.make_step(factories.make_routine(owner), cleanser, interval_days=5)
    before = table_counts()
    assert post_import(client_owner, as_bytes(export_json(client_owner))).status_code == 302
    assert table_counts() == before


def test_the_same_product_on_two_areas_the_same_evening_stays_two_applications(
    client_owner, owner, client_newcomer, newcomer, yesterday
):
    cream = factories.make_product(owner, name="Hydrocortisone 1%", category="medication")
    for area in ("face", "other"):
        factories.make_application(owner, product=cream, day=yesterday, period="pm", area=area)
    document = imported(client_owner, client_newcomer)
    areas = Application.objects.filter(owner=newcomer).values_list("area", flat=True)
    assert sorted(areas) == ["face", "other"]
    post_import(client_newcomer, as_bytes(document))
    assert Application.objects.filter(owner=newcomer).count() == 2


def test_an_archived_and_an_active_routine_of_the_same_name_stay_two(
    client_owner, owner, client_newcomer, newcomer, yesterday
):
    scrub = factories.make_product(owner, name="Sugar scrub", category="physical_scrub")
    gel = factories.make_product(owner, name="Gel cleanser", category="cleanser")
    old = factories.make_routine(owner, name="Evening", is_active=False, archived=True)
    factories.make_step(old, scrub)
    current = factories.make_routine(owner, name="Evening")
    step = factories.make_step(current, gel)
    factories.make_application(owner, step=step, day=yesterday)
    document = imported(client_owner, client_newcomer)
    routines = Routine.objects.filter(owner=newcomer)
    assert sorted(routines.values_list("name", "is_active", "archived")) == [
        ("Evening", False, True),
        ("Evening", True, False),
    ]
    steps = {r.archived: [s.product.name for s in r.steps.all()] for r in routines}
    assert steps == {True: ["Sugar scrub"], False: ["Gel cleanser"]}
    application = Application.objects.get(owner=newcomer)
    assert (application.step.routine.is_active, application.step.product.name) == (
        True,
        "Gel cleanser",
    )
    before = table_counts()
    post_import(client_newcomer, as_bytes(document))
    assert table_counts() == before


def test_two_identical_inactive_routines_in_one_file_stay_two_and_a_second_import_adds_neither(
    client_owner, owner, client_newcomer, newcomer
):
    gel = factories.make_product(owner, name="Gel cleanser", category="cleanser")
    for position in range(2):
        routine = factories.make_routine(owner, name="Weekend", is_active=False)
        factories.make_step(routine, gel, position=position)
    document = imported(client_owner, client_newcomer)
    routines = Routine.objects.filter(owner=newcomer)
    assert sorted(r.steps.get().position for r in routines) == [0, 1]
    before = table_counts()
    post_import(client_newcomer, as_bytes(document))
    assert table_counts() == before


@pytest.mark.parametrize(
    "difference",
    [
        {"is_active": False, "archived": True},
        {"is_active": False},
        {"period": "am"},
    ],
)
def test_a_routine_in_the_account_is_reused_only_when_name_period_active_and_archived_match(
    client_owner, owner, client_newcomer, newcomer, difference
):
    gel = factories.make_product(owner, name="Gel cleanser", category="cleanser")
    factories.make_step(factories.make_routine(owner, name="Evening"), gel)
    mine = factories.make_routine(newcomer, name="Evening", **difference)
    imported(client_owner, client_newcomer)
    assert not mine.steps.exists()
    new = Routine.objects.filter(owner=newcomer).exclude(pk=mine.pk).get()
    assert (new.name, new.period, new.is_active, new.archived) == ("Evening", "pm", True, False)
    assert [s.product.name for s in new.steps.all()] == ["Gel cleanser"]


def test_a_routine_in_the_account_with_the_same_facts_is_reused(
    client_owner, owner, client_newcomer, newcomer
):
    gel = factories.make_product(owner, name="Gel cleanser", category="cleanser")
    factories.make_step(factories.make_routine(owner, name="Evening"), gel)
    mine = factories.make_routine(newcomer, name="Evening")
    imported(client_owner, client_newcomer)
    assert list(Routine.objects.filter(owner=newcomer)) == [mine]
    assert [s.product.name for s in mine.steps.all()] == ["Gel cleanser"]


def test_a_routine_brought_in_inactive_is_found_again_by_a_second_import(
    client_owner, owner, client_newcomer, newcomer
):
    gel = factories.make_product(owner, name="Gel cleanser", category="cleanser")
    factories.make_step(factories.make_routine(owner, name="Evening"), gel)
    factories.make_routine(newcomer, name="My evening")
    document = imported(client_owner, client_newcomer)
    message = import_result(client_newcomer)
    assert "“Evening” was imported inactive" in message
    before = table_counts()
    post_import(client_newcomer, as_bytes(document))
    assert table_counts() == before
    message = import_result(client_newcomer)
    assert "Imported nothing new" in message
    assert "was imported inactive" not in message


def test_two_identical_ad_hoc_applications_in_one_file_stay_two_and_a_second_import_adds_neither(
    client_owner, owner, client_newcomer, newcomer, yesterday
):
    cream = factories.make_product(owner, name="Hydrocortisone 1%", category="medication")
    for _ in range(2):
        factories.make_application(owner, product=cream, day=yesterday, period="pm")
    document = imported(client_owner, client_newcomer)
    assert Application.objects.filter(owner=newcomer).count() == 2
    post_import(client_newcomer, as_bytes(document))
    assert Application.objects.filter(owner=newcomer).count() == 2


def test_an_ad_hoc_application_in_the_account_is_reused_for_one_record_at_most(
    client_owner, owner, client_newcomer, newcomer, yesterday
):
    for person in (owner, newcomer):
        cream = factories.make_product(person, name="Hydrocortisone 1%", category="medication")
        factories.make_application(person, product=cream, day=yesterday, period="pm")
    factories.make_application(owner, product=Product.objects.get(owner=owner), day=yesterday)
    imported(client_owner, client_newcomer)
    assert Application.objects.filter(owner=newcomer).count() == 2


# --- refusals: a message, and nothing changed ---------------------------------------------------


def refused(client, content: bytes, name: str = "export.json") -> str:
    """Upload a bad file: the view takes it (the worker reads it), and the progress page
    then says it was refused and why; nothing in the database changed."""
    before = table_counts()
    response = post_import(client, content, name)
    assert response.status_code == 302
    assert table_counts() == before, "a refused import changed the database"
    text = import_result(client)
    assert "Not imported" in text and "Nothing in your account changed" in text
    return text


def test_a_truncated_file_is_refused(document, client_newcomer):
    content = as_bytes(document)
    text = refused(client_newcomer, content[: len(content) // 2])
    assert "isn't complete JSON" in text


def test_a_wrong_version_is_refused(document, client_newcomer):
    text = refused(client_newcomer, as_bytes({**document, "version": 4}))
    assert "This export is version 4; this skintrack reads versions 1, 2 and 3." in text


def test_version_3_brings_the_appearance_and_reminder_settings(
    client_owner, owner, client_newcomer, newcomer
):
    owner.color_scheme, owner.push_evening = "dark", True
    owner.evening_reminder_time = dt.time(22, 15)
    owner.save()
    document = export_json(client_owner)
    assert document["profile"]["color_scheme"] == "dark"
    assert document["profile"]["evening_reminder_time"] == "22:15:00"
    post_import(client_newcomer, as_bytes(document))
    newcomer.refresh_from_db()
    assert (newcomer.color_scheme, newcomer.push_evening) == ("dark", True)
    assert newcomer.evening_reminder_time == dt.time(22, 15)


def test_a_version_2_file_leaves_the_new_settings_as_they_are(
    client_owner, client_newcomer, newcomer
):
    newcomer.color_scheme = "light"
    newcomer.save()
    document = export_json(client_owner)
    document["version"] = 2
    for key in ("color_scheme", "morning_reminder_time", "evening_reminder_time"):
        del document["profile"][key]
    del document["profile"]["push_morning"], document["profile"]["push_evening"]
    response = post_import(client_newcomer, as_bytes(document))
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.color_scheme == "light"


def test_an_unknown_appearance_in_a_file_is_refused(document, client_newcomer):
    document["profile"]["color_scheme"] = "sepia"
    text = refused(client_newcomer, as_bytes(document))
    assert "color_scheme" in text and "is not one of system, light, dark" in text


def test_step_spans_and_versions_survive_the_round_trip(client_owner, owner, client_newcomer):
    routine = factories.make_routine(owner, name="Nights")
    cream = factories.make_product(owner, name="Night cream", category=Category.MOISTURIZER)
    first = factories.make_step(routine, cream, starts_on=dt.date(2026, 10, 1))
    first.archived, first.ends_on = True, dt.date(2026, 10, 31)
    first.save()
    factories.make_step(routine, cream, starts_on=dt.date(2026, 11, 1), replaces=first, area="eye")
    post_import(client_newcomer, as_bytes(export_json(client_owner)))
    newcomer = client_newcomer.get("/").wsgi_request.user
    steps = RoutineStep.objects.filter(routine__owner=newcomer).order_by("starts_on")
    assert [(s.starts_on, s.ends_on, s.archived) for s in steps] == [
        (dt.date(2026, 10, 1), dt.date(2026, 10, 31), True),
        (dt.date(2026, 11, 1), None, False),
    ]
    assert steps[1].replaces == steps[0]


def test_bookings_and_dismissals_travel_with_the_export(client_owner, owner, client_newcomer):
    BookedVisit.objects.create(owner=owner, day=dt.date(2026, 12, 10))
    factories.make_product(owner)
    document = export_json(client_owner)
    assert [b["day"] for b in document["booked_visits"]] == ["2026-12-10"]
    post_import(client_newcomer, as_bytes(document))
    newcomer = client_newcomer.get("/").wsgi_request.user
    assert list(newcomer.booked_visits.values_list("day", flat=True)) == [dt.date(2026, 12, 10)]


def test_a_version_1_file_imports_with_spans_derived_as_the_migration_does(client_newcomer):
    step = {
        "id": 1,
        "product": 1,
        "position": 0,
        "area": "face",
        "schedule_kind": "daily",
        "weekdays": [],
        "interval_days": None,
        "start_date": None,
        "times_per_week": None,
        "archived": False,
    }
    gone = {**step, "id": 2, "position": 1, "archived": True}
    document = {
        "format": "skintrack-export",
        "version": 1,
        "products": [{"id": 1, "name": "Gel", "category": "cleanser"}],
        "routines": [
            {
                "id": 1,
                "name": "Evening",
                "period": "pm",
                "is_active": True,
                "archived": False,
                "created_at": "2026-11-10T09:00:00+00:00",
                "steps": [step, gone],
            }
        ],
        "applications": [
            {
                "id": 1,
                "day": "2026-11-03",
                "period": "pm",
                "area": "face",
                "product": 1,
                "step": None,
            },
            {"id": 2, "day": "2026-11-05", "period": "pm", "area": "face", "product": 1, "step": 2},
            {"id": 3, "day": "2026-11-07", "period": "pm", "area": "face", "product": 1, "step": 2},
        ],
    }
    response = post_import(client_newcomer, as_bytes(document))
    assert response.status_code == 302, page_text(response)
    in_use, removed = RoutineStep.objects.order_by("position")
    # In use: from the earlier of the routine's creation and its first application (the
    # same product logged ad hoc that evening counts).
    assert (in_use.starts_on, in_use.ends_on) == (dt.date(2026, 11, 3), None)
    # Removed: its first to its last application, the ad-hoc one included.
    assert (removed.starts_on, removed.ends_on) == (dt.date(2026, 11, 3), dt.date(2026, 11, 7))


def test_something_else_entirely_is_refused(client_newcomer):
    assert "isn't a skintrack export" in refused(client_newcomer, b'{"hello": "world"}')
    assert "isn't a skintrack export" in refused(client_newcomer, b"[1, 2, 3]")
    assert "isn't complete JSON" in refused(client_newcomer, b"<html></html>")


def test_a_file_over_50_mb_is_refused_before_it_is_read(client_newcomer):
    # Refused by the view while the upload streams in: nothing is stored, no task runs.
    before = table_counts()
    response = post_import(client_newcomer, b" " * (50 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert "larger than 50 MB" in page_text(response)
    assert table_counts() == before
    assert not ImportJob.objects.exists()


def test_a_bad_record_anywhere_refuses_the_whole_file_and_says_where(document, client_newcomer):
    broken = copy.deepcopy(document)
    broken["observations"][12]["count"] = 900
    text = refused(client_newcomer, as_bytes(broken))
    assert "observations[12]: count 900: Ensure this value is less than or equal to 500." in text
    assert not Application.objects.filter(owner__username="nina").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["applications"][3].update(product=999),
            "applications[3]: product 999 is not a product in this file",
        ),
        (
            lambda d: d["applications"][0].update(step=999),
            "applications[0]: step 999 is not a step in this file",
        ),
        (
            lambda d: d["routines"][0]["steps"][1].update(product=0),
            "routines[0].steps[1]: product 0 is not a product in this file",
        ),
        (
            lambda d: d["applications"][0].update(product="1"),
            'applications[0]: product "1" is not a product in this file',
        ),
        (lambda d: d["products"][1].update(id=1), "products[1]: id 1 is used twice in products"),
        (
            lambda d: d["products"][0].update(category="toothpaste"),
            "products[0]: category \"toothpaste\": Value 'toothpaste' is not a valid choice.",
        ),
        (lambda d: d["products"][0].update(name=None), "products[0]: name null can't be empty"),
        (lambda d: d["products"][0].pop("name"), "products[0]: name is missing"),
        (
            lambda d: d["day_notes"][0].update(day="2026-02-30"),
            'day_notes[0]: day "2026-02-30" should be a date, YYYY-MM-DD',
        ),
        (
            lambda d: d["day_notes"][0].update(day="2999-01-01"),
            "day_notes[0]: day 2999-01-01 is after tomorrow",
        ),
        (
            lambda d: d["visits"][0].update(day="1999-12-31"),
            "visits[0]: day "
            '"1999-12-31": Ensure this value is greater than or equal to 2000-01-01.',
        ),
        (
            lambda d: d["observations"][0].update(area="other", area_other=" "),
            "observations[0]: area_other must say where, when area is other",
        ),
        (
            lambda d: d["routines"][0].update(archived=True),
            "routines[0]: a routine can't be both active and archived",
        ),
        (
            lambda d: d["routines"][2].update(is_active=True, archived=False),
            "only one evening routine can be active",
        ),
        (
            lambda d: d["routines"][1]["steps"][2].update(weekdays=[]),
            "routines[1].steps[2]: weekdays is needed when schedule_kind is weekdays",
        ),
        (
            lambda d: d["dismissed_findings"][0].update(week="2026-W60"),
            'dismissed_findings[0]: week "2026-W60" should be an ISO week',
        ),
        (
            lambda d: d["profile"].update(time_zone="Mars/Olympus"),
            'profile: time_zone "Mars/Olympus"',
        ),
        (lambda d: d.update(applications={"not": "a list"}), "applications: should be a list"),
        (lambda d: d["visits"].append("a visit"), "should be an object"),
        (lambda d: d["day_notes"][0].update(notes="a\x00b"), "contains a NUL character"),
    ],
)
def test_a_file_with_a_bad_record_is_refused_with_its_path(
    document, client_newcomer, change, message
):
    broken = copy.deepcopy(document)
    change(broken)
    assert message in refused(client_newcomer, as_bytes(broken))


def test_ids_in_the_file_never_reach_another_persons_rows(document, client_newcomer, outsider):
    theirs = factories.make_product(outsider, name="Oscar's balm")
    broken = copy.deepcopy(document)
    broken["applications"][0]["product"] = theirs.pk + 1000
    broken["products"] = [p for p in broken["products"] if p["id"] != 1]
    text = refused(client_newcomer, as_bytes(broken))
    assert "is not a product in this file" in text


def test_many_problems_are_listed_together(document, client_newcomer):
    broken = copy.deepcopy(document)
    for observation in broken["observations"][:3]:
        observation["count"] = -1
    text = refused(client_newcomer, as_bytes(broken))
    for index in range(3):
        assert f"observations[{index}]: count -1" in text


# --- ZIP files ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "symlinks", "message"),
    [
        ({"../../x": b"boo"}, (), "'../../x' points outside the archive"),
        ({"photos/../../x.jpg": b"boo"}, (), "points outside the archive"),
        ({"/etc/passwd": b"boo"}, (), "'/etc/passwd' is an absolute path"),
        ({"C:\\Windows\\x": b"boo"}, (), "is an absolute path"),
        ({"photos/link.jpg": b"/etc/passwd"}, ("photos/link.jpg",), "is a symbolic link"),
    ],
)
def test_a_zip_with_a_dangerous_entry_is_refused(
    document, client_newcomer, entries, symlinks, message
):
    content = zip_bytes({"export.json": as_bytes(document), **entries}, symlinks)
    assert message in refused(client_newcomer, content, "export.zip")


def test_a_zip_without_export_json_is_refused(client_newcomer):
    text = refused(client_newcomer, zip_bytes({"products.csv": b"id,name\n"}), "csv.zip")
    assert "This ZIP has no export.json" in text


def test_a_damaged_zip_is_refused(document, client_newcomer):
    content = zip_bytes({"export.json": as_bytes(document)})
    assert "damaged" in refused(client_newcomer, content[:-30], "cut.zip")


def test_a_photo_that_isnt_an_image_refuses_the_zip_and_leaves_no_file(
    document, client_newcomer, newcomer, media_root
):
    observation = next(o for o in document["observations"] if o["photos"])
    good, bad = "photos/good.jpg", "photos/bad.jpg"
    observation["photos"] = [
        {"id": 1, "file": good, "width": 64, "height": 48, "created_at": "2026-01-01T08:00:00Z"},
        {"id": 2, "file": bad, "width": 64, "height": 48, "created_at": "2026-01-02T08:00:00Z"},
    ]
    content = zip_bytes(
        {
            "export.json": as_bytes(document),
            good: jpeg(),
            bad: b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
        }
    )
    text = refused(client_newcomer, content, "export.zip")
    assert "photos[1] (photos/bad.jpg): That file isn't an image we can read" in text
    # The good photo was written before the bad one was found, and removed again.
    assert stored_files(f"photos/{newcomer.pk}") == []


def test_photos_in_a_zip_are_cleaned_like_uploads(document, client_newcomer, newcomer):
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.5)}
    exif[0x0112] = 6
    observation = next(o for o in document["observations"] if o["photos"])
    observation["photos"] = [
        {
            "id": 1,
            "file": "photos/a.jpg",
            "width": 0,
            "height": 0,
            "created_at": "2026-01-01T08:00:00Z",
        }
    ]
    for other in document["observations"]:
        if other is not observation:
            other["photos"] = []
    content = zip_bytes(
        {"export.json": as_bytes(document), "photos/a.jpg": jpeg((60, 30), exif=exif)}
    )
    assert post_import(client_newcomer, content, "e.zip").status_code == 302
    photo = ObservationPhoto.objects.get(owner=newcomer)
    assert (photo.width, photo.height) == (30, 60)  # turned upright
    assert photo.observation.day.isoformat() == observation["day"]
    with Image.open(io.BytesIO(stored_bytes(photo.image))) as stored:
        assert not stored.getexif()
    assert photo.created_at.isoformat() == "2026-01-01T08:00:00+00:00"


def test_the_import_page_shows_the_form(client_owner):
    response = client_owner.get(reverse("portability:import"))
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_an_import_without_a_file_asks_for_one(client_owner):
    response = client_owner.post(reverse("portability:import"), {})
    assert response.status_code == 400
    assert "Choose the file to import" in response.content.decode()


def test_only_the_importing_persons_account_changes(document, client_newcomer, owner):
    before = {
        "products": Product.objects.filter(owner=owner).count(),
        "observations": MiliaObservation.objects.filter(owner=owner).count(),
    }
    post_import(client_newcomer, as_bytes(document))
    assert Product.objects.filter(owner=owner).count() == before["products"]
    assert MiliaObservation.objects.filter(owner=owner).count() == before["observations"]


def test_two_applications_of_one_step_on_the_same_day_and_period_are_refused(
    document, client_newcomer
):
    broken = copy.deepcopy(document)
    index, twice = next((i, a) for i, a in enumerate(broken["applications"]) if a["step"])
    broken["applications"].append({**twice, "id": len(broken["applications"]) + 1})
    text = refused(client_newcomer, as_bytes(broken))
    last = len(broken["applications"]) - 1
    assert (
        f"applications[{last}]: step {twice['step']} is applied on {twice['day']} "
        f"{twice['period']} in applications[{index}] already"
    ) in text


# --- version 3: product lifetimes and patch tests -------------------------------------------


def test_lifetimes_and_patch_tests_survive_the_round_trip(client_owner, owner, client_newcomer):
    cream = factories.make_product(
        owner,
        name="Night cream",
        category=Category.MOISTURIZER,
        opened_on=dt.date(2026, 6, 1),
        period_after_opening=12,
    )
    PatchTest.objects.create(
        product=cream, tested_on=dt.date(2026, 5, 28), area="Behind the ear", result="mild"
    )
    document = export_json(client_owner)
    [record] = document["patch_tests"]
    assert (record["product"], record["tested_on"], record["result"]) == (1, "2026-05-28", "mild")
    post_import(client_newcomer, as_bytes(document))
    newcomer = client_newcomer.get("/").wsgi_request.user
    imported = Product.objects.get(owner=newcomer)
    assert (imported.opened_on, imported.period_after_opening) == (dt.date(2026, 6, 1), 12)
    assert imported.replace_by == dt.date(2027, 6, 1)
    [patch_test] = PatchTest.objects.filter(product__owner=newcomer)
    assert (patch_test.area, patch_test.result) == ("Behind the ear", "mild")
    post_import(client_newcomer, as_bytes(document))  # a second time: nothing new
    assert PatchTest.objects.filter(product__owner=newcomer).count() == 1


def test_a_version_2_file_without_lifetimes_still_imports(document, client_newcomer, newcomer):
    older = copy.deepcopy(document)
    older["version"] = 2
    older.pop("patch_tests", None)
    for product in older["products"]:
        for key in ("opened_on", "period_after_opening", "comedogenic_from_catalog"):
            product.pop(key, None)
    response = post_import(client_newcomer, as_bytes(older))
    assert response.status_code == 302
    products = Product.objects.filter(owner=newcomer)
    assert products.count() == len(older["products"])
    assert not products.exclude(opened_on=None).exists()


def test_a_patch_test_naming_no_product_of_the_file_is_refused(document, client_newcomer):
    bad = {
        **document,
        "patch_tests": [
            {"id": 1, "product": 999, "tested_on": "2026-11-01", "area": "Wrist", "result": "none"}
        ],
    }
    text = refused(client_newcomer, as_bytes(bad))
    assert "patch_tests[0]: product 999 is not a product in this file" in text


def test_a_version_2_files_yes_or_no_symptoms_import_as_moderate_and_none(client_newcomer):
    observation = {
        "id": 1,
        "day": "2026-11-03",
        "area": "cheeks",
        "count": 2,
        "pain": True,
        "itching": False,
        "redness": True,
        "photos": [],
    }
    document = {"format": "skintrack-export", "version": 2, "observations": [observation]}
    response = post_import(client_newcomer, as_bytes(document))
    assert response.status_code == 302, page_text(response)
    (saved,) = MiliaObservation.objects.all()
    assert saved.severities == [("pain", "moderate"), ("redness", "moderate")]
    assert (saved.itching, saved.pus) == ("none", "none")


def test_severities_survive_the_round_trip(client_owner, owner, client_newcomer):
    factories.make_observation(owner, day=dt.date(2026, 11, 3), pain="mild", swelling="severe")
    document = export_json(client_owner)
    assert document["version"] == 3
    assert (document["observations"][0]["pain"], document["observations"][0]["pus"]) == (
        "mild",
        "none",
    )
    post_import(client_newcomer, as_bytes(document))
    (saved,) = MiliaObservation.objects.exclude(owner=owner)
    assert saved.severities == [("pain", "mild"), ("swelling", "severe")]


def test_a_version_3_file_with_a_yes_or_no_symptom_is_refused(client_newcomer):
    observation = {"id": 1, "day": "2026-11-03", "area": "cheeks", "count": 2, "pain": True}
    document = {"format": "skintrack-export", "version": 3, "observations": [observation]}
    text = refused(client_newcomer, as_bytes(document))
    assert "pain true should be text" in text


def test_the_reports_age_band_and_skin_notes_travel_with_the_export(
    client_owner, owner, client_newcomer
):
    owner.age_band, owner.skin_notes = "45_59", "Oily T-zone"
    owner.save()
    document = export_json(client_owner)
    assert (document["profile"]["age_band"], document["profile"]["skin_notes"]) == (
        "45_59",
        "Oily T-zone",
    )
    post_import(client_newcomer, as_bytes(document))
    newcomer = client_newcomer.get("/").wsgi_request.user
    newcomer.refresh_from_db()
    assert (newcomer.age_band, newcomer.skin_notes) == ("45_59", "Oily T-zone")
