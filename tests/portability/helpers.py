"""A realistic history to export, and ways to look at the whole database."""

import datetime as dt
import html
import io
import json
import zipfile

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from skintrack.guidance.models import DismissedFinding
from skintrack.journal import photos
from skintrack.journal.management.commands.seed_demo import CATALOG, build_history
from skintrack.journal.models import MiliaObservation
from skintrack.routines.models import Routine, RoutineStep
from skintrack.shelf.models import CatalogProduct, Product

TIMESTAMPS = {"created_at", "logged_at", "updated_at", "dismissed_at", "exported_at"}


def jpeg(size=(64, 48), color="teal", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", **save)
    return buffer.getvalue()


def make_history(person, photo_count: int = 2) -> None:
    """The demo's eight weeks, plus what the demo lacks: photos, dismissals, an every-N-days
    step, text a spreadsheet would take for a formula."""
    if not CatalogProduct.objects.exists():
        CatalogProduct.objects.bulk_create(CatalogProduct(**facts) for facts in CATALOG)
    today = person.local_today()
    build_history(person, today)
    serum = Product.objects.create(
        owner=person,
        name="Vitamin C “bright” serum",
        category="serum",
        notes='=HYPERLINK("http://example.com")',
    )
    routine = Routine.objects.get(owner=person, name="Evening")
    RoutineStep.objects.create(
        routine=routine,
        product=serum,
        position=7,  # after the demo's six steps and its replaced retinoid version
        schedule_kind="every_n_days",
        interval_days=3,
        start_date=today - dt.timedelta(days=10),
    )
    DismissedFinding.objects.create(owner=person, week="2026-W40", key="EXF-1")
    DismissedFinding.objects.create(owner=person, week="2026-W41", key="SUN-1:tinted")
    eyelids = MiliaObservation.objects.filter(owner=person, area="eyelids").order_by("day")
    for observation in list(eyelids)[:photo_count]:
        processed = photos.process_image(io.BytesIO(jpeg(color="tan")))
        photos.save_photo(observation, processed)


def table_counts() -> dict[str, int]:
    """Rows in every table of the project, bookkeeping aside: logging in writes a session,
    and a wrong password is a failed attempt that counts towards the lock (axes)."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        # Sessions (logging in writes them), axes' records and the import's own job row aside.
        if model._meta.label
        not in ("sessions.Session", "accounts.PersonSession", "portability.ImportJob")
        and model._meta.app_label != "axes"
    }


def export_json(client: Client) -> dict:
    response = client.get(reverse("portability:export"), {"format": "json"})
    assert response.status_code == 200, response
    return json.loads(b"".join(response.streaming_content))


def export_zip(client: Client, kind: str = "zip") -> zipfile.ZipFile:
    """The CSV ZIP straight from the export page; the full ZIP as a person gets it: asked
    for, prepared by a task (at once in tests), then downloaded from its link."""
    if kind == "zip":
        assert client.post(reverse("portability:export_zip")).status_code == 302
        response = client.get(reverse("portability:export_download"))
    else:
        response = client.get(reverse("portability:export"), {"format": kind})
    assert response.status_code == 200, response
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def post_import(client: Client, content: bytes, name: str = "export.json"):
    """Upload a file to import. The view stores it and answers at once (a redirect to the
    progress page); the task runs at once in tests, so the import is over on return."""
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("portability:import"), {"file": upload})


def import_result(client: Client) -> str:
    """The progress page of the person's latest import, as text."""
    response = client.get(reverse("portability:import_progress"))
    assert response.status_code == 200, response
    return html.unescape(response.content.decode())


def without_timestamps(value):
    """The document with timestamps (and the exported instant) left out."""
    if isinstance(value, dict):
        return {k: without_timestamps(v) for k, v in value.items() if k not in TIMESTAMPS}
    if isinstance(value, list):
        return [without_timestamps(item) for item in value]
    return value


def comparable(document: dict) -> dict:
    """What must survive export → import → export: all but timestamps and the account's own
    identity (username, email, names, when it joined)."""
    document = without_timestamps(document)
    document["profile"] = {
        k: v
        for k, v in document["profile"].items()
        if k not in {"username", "email", "first_name", "last_name", "date_joined"}
    }
    return document


def zip_bytes(entries: dict[str, bytes], symlinks: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            info = zipfile.ZipInfo(name)
            if name in symlinks:
                info.external_attr = 0o120777 << 16  # a symbolic link, as `zip -y` stores it
            archive.writestr(info, content)
    return buffer.getvalue()
