"""Everything a person owns, as (a) one JSON document, (b) CSV files in a ZIP, (c) a ZIP with
export.json, the CSV files and the photos. The format is in SCHEMA.md.

Records point at each other by export-local ids: each table numbers its records 1, 2, 3... in
the order written, and `"product": 3` means the product whose `id` is 3 in this file. No
database id leaves the server, and an import can only resolve references within the file.

How the bytes leave:
- JSON is a generator of small chunks behind a `StreamingHttpResponse`; the querysets are
  read in chunks, so memory stays flat however long the history is.
- A ZIP needs seeking to write its central directory and each entry's header, so it is
  written into a `SpooledTemporaryFile` (kept in memory up to 8 MB, on disk beyond) and sent
  with `FileResponse`, which streams it in blocks and gives a Content-Length. Photos are
  copied into it file by file; none is held in memory whole.
"""

import csv
import datetime as dt
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from skintrack.guidance.models import DismissedFinding
from skintrack.journal.models import (
    Application,
    BookedVisit,
    DayNote,
    DermatologistVisit,
    MiliaObservation,
    ObservationPhoto,
)
from skintrack.portability import schema
from skintrack.routines.models import Routine, RoutineStep
from skintrack.shelf.models import PatchTest, Product

SPOOL_IN_MEMORY = 8 * 1024 * 1024
CHUNK_SIZE = 2000


def plain(value):
    """A value as JSON has it: dates and times in ISO 8601, instants in UTC with a Z."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def record(row: dict, fields: tuple[str, ...]) -> dict:
    return {field: plain(row[field]) for field in fields}


class Export:
    """One pass over a person's rows, in a fixed order. Reading a table fills the id maps
    the later tables need, so the sections must be consumed in order (they are generators)."""

    def __init__(self, user, now: dt.datetime | None = None):
        self.user = user
        self.exported_at = now or timezone.now()
        self.product_ids: dict[int, int] = {}
        self.step_ids: dict[int, int] = {}
        self.photo_files: list[tuple[str, str]] = []  # (storage name, name in the ZIP)

    def header(self) -> dict:
        return {
            "format": schema.FORMAT,
            "version": schema.VERSION,
            "exported_at": plain(self.exported_at),
        }

    def profile(self) -> dict:
        return {field: plain(getattr(self.user, field)) for field in schema.PROFILE_FIELDS}

    def products(self) -> Iterator[dict]:
        table = schema.PRODUCTS
        rows = Product.objects.filter(owner=self.user).order_by("pk")
        for number, row in enumerate(rows.values("pk", *table.fields, table.timestamp), 1):
            self.product_ids[row["pk"]] = number
            yield {
                "id": number,
                **record(row, table.fields),
                table.timestamp: plain(row[table.timestamp]),
            }

    def routines(self) -> Iterator[dict]:
        steps_by_routine: dict[int, list[dict]] = {}
        step_rows = (
            RoutineStep.objects.filter(routine__owner=self.user)
            .order_by("routine_id", "position", "pk")
            .values("pk", "routine_id", "product_id", "replaces_id", *schema.STEPS.fields)
        )
        # Numbered in the order they are written (routines by pk, then each routine's steps),
        # before any is written: a step may name the later-numbered version it replaced.
        for number, row in enumerate(step_rows, 1):
            steps_by_routine.setdefault(row["routine_id"], []).append(row)
            self.step_ids[row["pk"]] = number
        rows = Routine.objects.filter(owner=self.user).order_by("pk")
        table = schema.ROUTINES
        for number, row in enumerate(rows.values("pk", *table.fields, table.timestamp), 1):
            steps = []
            for step in steps_by_routine.get(row["pk"], ()):
                replaces = step["replaces_id"]
                steps.append(
                    {
                        "id": self.step_ids[step["pk"]],
                        **record(step, schema.STEPS.fields),
                        "product": self.product_ids[step["product_id"]],
                        "replaces": self.step_ids.get(replaces) if replaces else None,
                    }
                )
            yield {
                "id": number,
                **record(row, table.fields),
                table.timestamp: plain(row[table.timestamp]),
                "steps": steps,
            }

    def applications(self) -> Iterator[dict]:
        table = schema.APPLICATIONS
        rows = (
            Application.objects.filter(owner=self.user)
            .order_by("day", "period", "pk")
            .values("product_id", "step_id", *table.fields, table.timestamp)
        )
        for number, row in enumerate(rows.iterator(chunk_size=CHUNK_SIZE), 1):
            yield {
                "id": number,
                **record(row, table.fields),
                "product": self.product_ids[row["product_id"]],
                "step": self.step_ids.get(row["step_id"]),
                table.timestamp: plain(row[table.timestamp]),
            }

    def _simple(self, table: schema.Table, queryset) -> Iterator[dict]:
        rows = queryset.values(*table.fields, table.timestamp)
        for number, row in enumerate(rows.iterator(chunk_size=CHUNK_SIZE), 1):
            yield {
                "id": number,
                **record(row, table.fields),
                table.timestamp: plain(row[table.timestamp]),
            }

    def day_notes(self) -> Iterator[dict]:
        return self._simple(
            schema.DAY_NOTES, DayNote.objects.filter(owner=self.user).order_by("day", "pk")
        )

    def observations(self) -> Iterator[dict]:
        photos_by_observation: dict[int, list[dict]] = {}
        photo_rows = (
            ObservationPhoto.objects.filter(owner=self.user)
            .order_by("created_at", "pk")
            .values("observation_id", "image", "width", "height", "created_at")
        )
        for row in photo_rows:
            photos_by_observation.setdefault(row["observation_id"], []).append(row)
        table = schema.OBSERVATIONS
        rows = (
            MiliaObservation.objects.filter(owner=self.user)
            .order_by("day", "area", "area_other", "pk")
            .values("pk", *table.fields, table.timestamp)
        )
        photo_number = 0
        for number, row in enumerate(rows, 1):
            photos = []
            for photo in photos_by_observation.get(row["pk"], ()):
                photo_number += 1
                name = f"photos/{row['day']}-{row['area']}-{photo_number}.jpg"
                self.photo_files.append((photo["image"], name))
                photos.append(
                    {
                        "id": photo_number,
                        "file": name,
                        "width": photo["width"],
                        "height": photo["height"],
                        "created_at": plain(photo["created_at"]),
                    }
                )
            yield {
                "id": number,
                **record(row, table.fields),
                table.timestamp: plain(row[table.timestamp]),
                "photos": photos,
            }

    def visits(self) -> Iterator[dict]:
        return self._simple(
            schema.VISITS, DermatologistVisit.objects.filter(owner=self.user).order_by("day", "pk")
        )

    def dismissed_findings(self) -> Iterator[dict]:
        return self._simple(
            schema.DISMISSED_FINDINGS,
            DismissedFinding.objects.filter(owner=self.user).order_by("week", "key", "pk"),
        )

    def booked_visits(self) -> Iterator[dict]:
        return self._simple(
            schema.BOOKED_VISITS, BookedVisit.objects.filter(owner=self.user).order_by("day")
        )

    def patch_tests(self) -> Iterator[dict]:
        table = schema.PATCH_TESTS
        rows = (
            PatchTest.objects.filter(product__owner=self.user)
            .order_by("product_id", "tested_on", "pk")
            .values("product_id", *table.fields, table.timestamp)
        )
        for number, row in enumerate(rows.iterator(chunk_size=CHUNK_SIZE), 1):
            yield {
                "id": number,
                **record(row, table.fields),
                "product": self.product_ids[row["product_id"]],
                table.timestamp: plain(row[table.timestamp]),
            }

    def sections(self) -> Iterator[tuple[str, Iterator[dict]]]:
        for table in schema.TOP_LEVEL:
            yield table.name, getattr(self, table.name)()


# --- (a) JSON ---------------------------------------------------------------------------------


def json_chunks(export: Export) -> Iterator[str]:
    """The document, a record per line, as it is read from the database."""

    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    header = export.header()
    yield "{\n" + "".join(f"{dumps(k)}: {dumps(v)},\n" for k, v in header.items())
    yield f'"profile": {dumps(export.profile())}'
    for name, records in export.sections():
        yield f",\n{dumps(name)}: ["
        separator = "\n  "
        for item in records:
            yield separator + dumps(item)
            separator = ",\n  "
        yield "\n]"
    yield "\n}\n"


def file_name(export: Export, extension: str) -> str:
    local_day = export.exported_at.astimezone(export.user.zone).date()
    return f"skintrack-{export.user.username}-{local_day}.{extension}"


def json_response(user) -> StreamingHttpResponse:
    export = Export(user)
    response = StreamingHttpResponse(
        (chunk.encode() for chunk in json_chunks(export)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{file_name(export, "json")}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- (b) CSV and (c) the full ZIP ------------------------------------------------------------


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """A value for a spreadsheet. Text that a spreadsheet would run as a formula gets a
    leading apostrophe (OWASP's advice on CSV injection); JSON keeps the text as it is."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return str(value)


def write_csv(archive: zipfile.ZipFile, name: str, columns, rows) -> None:
    with (
        archive.open(f"{name}.csv", "w") as raw,
        io.TextIOWrapper(raw, encoding="utf-8", newline="") as text,
    ):
        writer = csv.writer(text)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([cell(row.get(column)) for column in columns])


def write_csvs(archive: zipfile.ZipFile, export: Export) -> None:
    write_csv(archive, "profile", schema.PROFILE_FIELDS, [export.profile()])
    steps, photos = [], []
    for name, records in export.sections():
        table = next(t for t in schema.TOP_LEVEL if t.name == name)

        def flatten(records=records):
            for item in records:
                for step in item.pop("steps", ()):
                    steps.append({**step, "routine": item["id"]})
                for photo in item.pop("photos", ()):
                    photos.append({**photo, "observation": item["id"]})
                yield item

        write_csv(archive, name, table.csv_columns, flatten())
        if name == "routines":
            write_csv(archive, "steps", schema.STEPS.csv_columns, steps)
        if name == "observations":
            write_csv(archive, "photos", schema.PHOTOS.csv_columns, photos)


def write_photos(archive: zipfile.ZipFile, files: list[tuple[str, str]]) -> None:
    storage = ObservationPhoto._meta.get_field("image").storage
    for stored_name, zip_name in files:
        try:
            source = storage.open(stored_name, "rb")
        except FileNotFoundError:
            continue  # the row lost its file; the import skips photos missing from the ZIP
        entry = zipfile.ZipInfo(zip_name, _zip_time())  # ZIP_STORED by default
        with source, archive.open(entry, "w") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)


def _zip_time() -> tuple[int, int, int, int, int, int]:
    return timezone.now().timetuple()[:6]


def write_zip(spool, user, *, with_json_and_photos: bool) -> None:
    # Text is deflated; photos are JPEGs already and go in stored (see write_photos).
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if with_json_and_photos:
            export = Export(user)
            with (
                archive.open("export.json", "w") as raw,
                io.TextIOWrapper(raw, encoding="utf-8") as text,
            ):
                for chunk in json_chunks(export):
                    text.write(chunk)
            write_csvs(archive, Export(user, now=export.exported_at))
            write_photos(archive, export.photo_files)
        else:
            write_csvs(archive, Export(user))


def build_zip(user, *, with_json_and_photos: bool) -> tempfile.SpooledTemporaryFile:
    """The ZIP in a spooled temporary file, rewound; the caller (FileResponse) closes it."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
    try:
        write_zip(spool, user, with_json_and_photos=with_json_and_photos)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def zip_response(user, *, with_json_and_photos: bool) -> FileResponse:
    spool = build_zip(user, with_json_and_photos=with_json_and_photos)
    name = file_name(Export(user), "zip" if with_json_and_photos else "csv.zip")
    response = FileResponse(
        spool, as_attachment=True, filename=name, content_type="application/zip"
    )
    response["Cache-Control"] = "private, no-store"
    return response
