"""Import: all or nothing, never twice, and only ever into the importing person's account."""

import copy
import html
import io
import json

import pytest
from django.urls import reverse
from PIL import Image

from skintrack.journal.models import Application, MiliaObservation, ObservationPhoto
from skintrack.routines.models import Routine
from skintrack.shelf.models import Product
from tests import factories
from tests.portability.helpers import (
    comparable,
    export_json,
    export_zip,
    jpeg,
    make_history,
    post_import,
    table_counts,
    zip_bytes,
)

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
    assert response["Location"] == reverse("accounts:settings") + "#your-data"
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
        with Image.open(photo.image.path) as stored:
            assert stored.format == "JPEG" and not stored.getexif()
    assert comparable(export_json(client_newcomer)) == comparable(export_json(client_owner))


def test_importing_the_same_file_twice_creates_nothing_twice(document, client_newcomer):
    post_import(client_newcomer, as_bytes(document))
    after_first = table_counts()
    response = post_import(client_newcomer, as_bytes(document))
    assert response.status_code == 302
    assert table_counts() == after_first
    message = page_text(client_newcomer.get(reverse("accounts:settings")))
    assert "Imported nothing new" in message
    assert "Already in your account" in message


def test_importing_your_own_export_changes_nothing(document, client_owner):
    before = table_counts()
    assert post_import(client_owner, as_bytes(document)).status_code == 302
    assert table_counts() == before


def test_a_zip_imported_twice_adds_its_photos_once(client_owner, owner, client_newcomer):
    make_history(owner)
    content = b"".join(
        client_owner.get(reverse("portability:export"), {"format": "zip"}).streaming_content
    )
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
    message = page_text(client_newcomer.get(reverse("accounts:settings")))
    assert "“Evening” was imported inactive" in message


def test_a_json_import_says_photos_come_only_with_the_zip(document, client_newcomer):
    post_import(client_newcomer, as_bytes(document))
    message = page_text(client_newcomer.get(reverse("accounts:settings")))
    assert "2 photos not imported: only the full ZIP export holds the photos." in message


# --- refusals: a message, and nothing changed ---------------------------------------------------


def refused(client, content: bytes, name: str = "export.json") -> str:
    before = table_counts()
    response = post_import(client, content, name)
    assert response.status_code == 400
    assert table_counts() == before, "a refused import changed the database"
    text = page_text(response)
    assert "Nothing in your account changed" in text or "Nothing was saved" in text
    return text


def test_a_truncated_file_is_refused(document, client_newcomer):
    content = as_bytes(document)
    text = refused(client_newcomer, content[: len(content) // 2])
    assert "isn't complete JSON" in text


def test_a_wrong_version_is_refused(document, client_newcomer):
    text = refused(client_newcomer, as_bytes({**document, "version": 2}))
    assert "This export is version 2; this skintrack reads version 1." in text


def test_something_else_entirely_is_refused(client_newcomer):
    assert "isn't a skintrack export" in refused(client_newcomer, b'{"hello": "world"}')
    assert "isn't a skintrack export" in refused(client_newcomer, b"[1, 2, 3]")
    assert "isn't complete JSON" in refused(client_newcomer, b"<html></html>")


def test_a_file_over_50_mb_is_refused_before_it_is_read(client_newcomer):
    text = refused(client_newcomer, b" " * (50 * 1024 * 1024 + 1))
    assert "larger than 50 MB" in text


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
    folder = media_root / "photos" / str(newcomer.pk)
    assert folder.is_dir(), "the good photo was written before the bad one was found"
    assert not [p for p in folder.rglob("*") if p.is_file()], "...and removed again"


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
    with Image.open(photo.image.path) as stored:
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
