"""Read an export back into an account: all of it or nothing, and never anything twice.

1. `open_upload` reads a .json file, or a .zip holding export.json (and photos). A ZIP whose
   entries include `..`, an absolute path, a symbolic link, an encrypted or oversized entry is
   refused before anything in it is read.
2. `validate` checks the whole document without touching the database: types, the model
   fields' own validators (`full_clean`), the rules the forms apply (no day after tomorrow,
   "somewhere else" needs a place, one active routine per period...) and every reference,
   which must name a record of the same file (export-local ids, see SCHEMA.md). Problems
   come back together, each with its path: "observations[12]: count 900: Ensure...".
3. `write` runs in one `transaction.atomic()`. Each table is matched on its natural key
   (schema.py); rows the account already has are left as they are, the others are created
   with `bulk_create`. Products, routines, steps and ad-hoc applications are distinct besides:
   each record of the file gets a row of its own, and one the account has only when every
   fact matches, for one record at most. Photos go through
   the upload pipeline (journal.photos); their files are removed again if anything fails.
"""

import contextlib
import dataclasses
import datetime as dt
import io
import json
import re
import stat
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import PurePosixPath

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.dateparse import parse_datetime

from skintrack.accounts.models import validate_time_zone
from skintrack.guidance.models import DismissedFinding
from skintrack.journal import photos as photo_pipeline
from skintrack.journal.models import (
    SYMPTOMS,
    Application,
    BookedVisit,
    DayNote,
    DermatologistVisit,
    MiliaArea,
    MiliaObservation,
    MiliaType,
    ObservationPhoto,
)
from skintrack.portability import schema
from skintrack.portability.spans import derive_span
from skintrack.portability.uploads import MB
from skintrack.routines.forms import EMPTY_SCHEDULE, SCHEDULE_FIELDS
from skintrack.routines.models import Routine, RoutineStep
from skintrack.shelf.models import PatchTest, Product

MAX_UPLOAD = 50 * MB
MAX_JSON = 50 * MB
MAX_PHOTO = 10 * MB  # as for an upload
MAX_ZIP_ENTRIES = 10_000
# Hard limits, checked while reading and before the work grows with the file: a file within
# MAX_UPLOAD can still describe far more than one account holds (10^6 tiny records fit in
# a 5 MB ZIP), and each record costs memory and time long before it is written.
MAX_RECORDS = 200_000  # JSON objects in export.json (a 3-year account has ~15,000)
MAX_DEPTH = 12  # nesting of objects and lists (an export nests 6 deep)
MAX_PHOTOS = 2_000  # photo files in a ZIP
MAX_UNZIPPED = 500 * MB  # all entries of a ZIP, decompressed (as the ZIP declares them)
MAX_ERRORS = 20
BATCH_SIZE = 500
WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


class ImportRefused(Exception):
    """The file can't be imported; `errors` say why, for the person. Nothing was changed."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


# --- 1. reading the upload --------------------------------------------------------------------


class TooManyRecords(Exception):
    pass


def too_deep(document, limit: int = MAX_DEPTH) -> bool:
    """True when lists and objects nest more than `limit` deep (walked without recursion)."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def too_deep_message() -> str:
    return f"The file nests lists and objects more than {MAX_DEPTH} deep; an export never does."


def parse_json(data: bytes) -> dict:
    """The export document, refused as soon as the parser has built MAX_RECORDS + 1 objects
    (a file of 10^6 records is refused after its first 200,001) or when it nests deeper than
    MAX_DEPTH."""
    records = 0

    def count_record(record: dict) -> dict:
        nonlocal records
        records += 1
        if records > MAX_RECORDS:
            raise TooManyRecords
        return record

    def no_constants(name):
        raise ValueError(f"{name} is not a number JSON allows")

    try:
        document = json.loads(data, parse_constant=no_constants, object_hook=count_record)
    except TooManyRecords:
        raise ImportRefused(
            [
                f"The file holds more than {MAX_RECORDS:,} records; one import takes "
                f"{MAX_RECORDS:,} at most. Nothing was imported."
            ]
        ) from None
    except RecursionError:
        raise ImportRefused([too_deep_message()]) from None
    except json.JSONDecodeError as error:
        raise ImportRefused(
            [
                f"The file isn't complete JSON ({error.msg} at line {error.lineno}, "
                f"column {error.colno}). Was the download cut short?"
            ]
        ) from None
    except UnicodeDecodeError:
        raise ImportRefused(
            ["The file isn't UTF-8 text: is it really a skintrack export?"]
        ) from None
    except ValueError as error:
        raise ImportRefused([f"The file isn't JSON we can read: {error}"]) from None
    if not isinstance(document, dict):
        raise ImportRefused(["The file isn't a skintrack export: it should hold one JSON object."])
    if too_deep(document):
        raise ImportRefused([too_deep_message()])
    return document


def unsafe_entry(info: zipfile.ZipInfo) -> str | None:
    """Why a ZIP entry must not be extracted anywhere, or None when it is harmless."""
    name = info.filename
    parts = re.split(r"[\\/]", name)
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "is an absolute path"
    if ".." in parts:
        return "points outside the archive (..)"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "is a symbolic link"
    if info.flag_bits & 0x1:
        return "is encrypted"
    return None


class ZipPhotos:
    """The photos of a ZIP export, read one at a time and never more than 10 MB each."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.entries = {i.filename: i for i in archive.infolist() if not i.is_dir()}

    def __contains__(self, name: str) -> bool:
        return name in self.entries

    def too_large(self, name: str) -> bool:
        return self.entries[name].file_size > MAX_PHOTO

    def read(self, name: str) -> io.BytesIO:
        with self.archive.open(self.entries[name]) as entry:
            return io.BytesIO(entry.read(MAX_PHOTO + 1))


@contextlib.contextmanager
def open_upload(upload) -> Iterator[tuple[dict, ZipPhotos | None]]:
    """The export document in an uploaded .json or .zip, and the ZIP's photos if any."""
    if upload.size > MAX_UPLOAD:
        raise ImportRefused([f"The file is larger than {MAX_UPLOAD // MB} MB."])
    upload.seek(0)
    magic = upload.read(4)
    upload.seek(0)
    if not magic.startswith(b"PK"):
        yield parse_json(upload.read()), None
        return
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise ImportRefused(["This ZIP file is damaged or incomplete."]) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise ImportRefused([f"The ZIP holds more than {MAX_ZIP_ENTRIES} files."])
        photos = sum(1 for i in infos if i.filename.startswith("photos/") and not i.is_dir())
        if photos > MAX_PHOTOS:
            raise ImportRefused(
                [f"The ZIP holds {photos:,} photos; one import takes {MAX_PHOTOS:,} at most."]
            )
        # Each entry is read no further than the size it declares (zipfile stops there and
        # checks the CRC), so the declared sizes bound what unpacking can produce.
        unzipped = sum(i.file_size for i in infos)
        if unzipped > MAX_UNZIPPED:
            raise ImportRefused(
                [
                    f"The ZIP unpacks to {unzipped / MB:,.0f} MB; one import takes "
                    f"{MAX_UNZIPPED // MB} MB at most."
                ]
            )
        problems = [
            f"The ZIP entry {info.filename!r} {reason}; the file was refused."
            for info in infos
            if (reason := unsafe_entry(info))
        ]
        names = Counter(info.filename for info in infos)
        problems += [
            f"The ZIP has {n} entries named {name!r}." for name, n in names.items() if n > 1
        ]
        if problems:
            raise ImportRefused(problems[:MAX_ERRORS])
        info = next((i for i in infos if i.filename == "export.json"), None)
        if info is None:
            raise ImportRefused(
                [
                    "This ZIP has no export.json. Import the JSON file or the full ZIP "
                    "(with photos); the CSV files are for spreadsheets only."
                ]
            )
        if info.file_size > MAX_JSON:
            raise ImportRefused([f"export.json is larger than {MAX_JSON // MB} MB."])
        try:
            with archive.open(info) as entry:
                data = entry.read(MAX_JSON + 1)
        except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError, EOFError):
            raise ImportRefused(["export.json in this ZIP is damaged."]) from None
        yield parse_json(data), ZipPhotos(archive)


# --- 2. validation ----------------------------------------------------------------------------


class Problem(ValueError):
    pass


def is_iso_week(value: str) -> bool:
    match = WEEK.match(value)
    if match is None:
        return False
    try:
        dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        return False
    return True


def shown(value) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


def convert(field: models.Field, value):
    """A JSON value as the model field holds it, or Problem."""
    if value is None:
        if field.null:
            return None
        raise Problem("can't be empty")
    if isinstance(field, models.BooleanField):
        if not isinstance(value, bool):
            raise Problem("should be true or false")
        return value
    if isinstance(field, models.CharField | models.TextField):
        if not isinstance(value, str):
            raise Problem("should be text")
        if "\x00" in value:
            raise Problem("contains a NUL character")
        return value
    if isinstance(field, models.IntegerField):
        if not isinstance(value, int) or isinstance(value, bool):
            raise Problem("should be a whole number")
        return value
    if isinstance(field, models.DateTimeField):
        parsed = parse_datetime(value) if isinstance(value, str) else None
        if parsed is None or parsed.tzinfo is None:
            raise Problem("should be a date and time with its offset, like 2026-05-01T08:00:00Z")
        return parsed
    if isinstance(field, models.DateField):
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise Problem("should be a date, YYYY-MM-DD") from None
    if isinstance(field, models.TimeField):
        try:
            return dt.time.fromisoformat(value)
        except (TypeError, ValueError):
            raise Problem("should be a time, HH:MM") from None
    if isinstance(field, models.JSONField):
        if not isinstance(value, list):
            raise Problem("should be a list")
        return value
    raise Problem("is not a field we import")  # pragma: no cover - schema.py lists the fields


def missing(field: models.Field):
    if field.has_default():
        return field.get_default()
    if field.blank and field.empty_strings_allowed:
        return ""
    if field.null:
        return None
    raise Problem("is missing")


@dataclasses.dataclass
class Item:
    """A validated record: an unsaved instance, plus its references as export-local ids."""

    path: str
    instance: models.Model
    refs: dict[str, int | None] = dataclasses.field(default_factory=dict)
    children: list["Item"] = dataclasses.field(default_factory=list)
    extra: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class Plan:
    products: list[Item] = dataclasses.field(default_factory=list)
    routines: list[Item] = dataclasses.field(default_factory=list)
    applications: list[Item] = dataclasses.field(default_factory=list)
    day_notes: list[Item] = dataclasses.field(default_factory=list)
    observations: list[Item] = dataclasses.field(default_factory=list)
    visits: list[Item] = dataclasses.field(default_factory=list)
    dismissed_findings: list[Item] = dataclasses.field(default_factory=list)
    booked_visits: list[Item] = dataclasses.field(default_factory=list)
    patch_tests: list[Item] = dataclasses.field(default_factory=list)  # since version 3
    profile: dict = dataclasses.field(default_factory=dict)


class Progress:
    """What an import tells whoever watches it (the import page, through ImportJob); this
    one tells no one."""

    EVERY = 500  # records between two reports while reading

    def reading(self, total: int) -> None:
        pass

    def read(self, count: int, errors: int) -> None:
        pass

    def writing(self) -> None:
        pass


RECORD_LISTS = (
    "products",
    "routines",
    "applications",
    "day_notes",
    "observations",
    "visits",
    "dismissed_findings",
    "patch_tests",
)


def count_records(document: dict) -> int:
    """The records the file holds, steps included, photos aside (for the progress bar)."""
    total = 0
    for key in RECORD_LISTS:
        value = document.get(key)
        if isinstance(value, list):
            total += len(value)
    for routine in document.get("routines") or []:
        if isinstance(routine, dict) and isinstance(routine.get("steps"), list):
            total += len(routine["steps"])
    return total


class Validator:
    def __init__(self, user, photos: ZipPhotos | None, progress: Progress | None = None):
        self.user = user
        self.photos = photos
        self.progress = progress or Progress()
        self.read = 0
        self.errors: list[str] = []
        self.latest_day = user.latest_loggable_day()
        self.ids: dict[str, set[int]] = {"products": set(), "steps": set()}
        self.replaced: dict[int, str] = {}  # step id -> the record that replaces it
        self.version = schema.VERSION

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")
        if len(self.errors) > MAX_ERRORS:
            raise ImportRefused(self.errors[:MAX_ERRORS] + ["...and more: fix these first."])

    def records(self, container: dict, key: str, path: str) -> list[tuple[str, dict]]:
        value = container.get(key, [])
        if not isinstance(value, list):
            self.error(path, "should be a list")
            return []
        result = []
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            if isinstance(item, dict):
                result.append((item_path, item))
            else:
                self.error(item_path, "should be an object")
        return result

    def build(self, table: schema.Table, data: dict, path: str, **fixed) -> models.Model | None:
        """An unsaved instance from `data`'s plain fields, checked with full_clean."""
        self.read += 1
        if self.read % self.progress.EVERY == 0:
            self.progress.read(self.read, len(self.errors))
        model = table.model
        values, ok = {}, True
        for name in table.fields:
            if name == "file":
                continue
            field = model._meta.get_field(name)
            try:
                values[name] = convert(field, data[name]) if name in data else missing(field)
            except Problem as problem:
                value = f" {shown(data[name])}" if name in data else ""
                self.error(path, f"{name}{value} {problem}")
                ok = False
        if not ok:
            return None
        instance = model(**values, **fixed)
        exclude = [
            f.name
            for f in model._meta.fields
            if f.is_relation or (f.name not in values and f.name not in fixed)
        ]
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    if name == "__all__":
                        self.error(path, message)
                    else:
                        self.error(path, f"{name} {shown(data.get(name))}: {message}")
            return None
        return instance

    def local_id(self, table: str, data: dict, path: str) -> int | None:
        value = data.get("id")
        if not isinstance(value, int) or isinstance(value, bool):
            self.error(path, f"id {shown(value)} should be a whole number")
            return None
        if value in self.ids[table]:
            self.error(path, f"id {value} is used twice in {table}")
            return None
        self.ids[table].add(value)
        return value

    def reference(self, data: dict, key: str, table: str, path: str, *, null: bool):
        value = data.get(key)
        if value is None and null:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value not in self.ids[table]:
            what = table[:-1]
            self.error(path, f"{key} {shown(value)} is not a {what} in this file")
        return value

    def check_day(self, instance, path: str) -> None:
        day = getattr(instance, "day", None)
        if day is not None and day > self.latest_day:
            self.error(path, f"day {day} is after tomorrow")

    # --- tables ---

    def validate(self, document: dict) -> Plan:
        self.check_header(document)
        plan = Plan(profile=self.profile(document.get("profile")))
        user = {"owner": self.user}
        for path, data in self.records(document, "products", "products"):
            local = self.local_id("products", data, path)
            instance = self.build(schema.PRODUCTS, data, path, **user)
            if instance and instance.opened_on and instance.opened_on > self.latest_day:
                self.error(path, f"opened_on {instance.opened_on} is after tomorrow")
            if instance and local is not None:
                plan.products.append(Item(path, instance, {"id": local}))
        # Steps before references to them: collect all step ids first.
        routines = self.records(document, "routines", "routines")
        steps_of = {path: self.records(data, "steps", f"{path}.steps") for path, data in routines}
        for steps in steps_of.values():
            for path, data in steps:
                self.local_id("steps", data, path)
        active = {}
        for path, data in routines:
            instance = self.build(schema.ROUTINES, data, path, **user)
            if instance is None:
                continue
            if instance.is_active and instance.archived:
                self.error(path, "a routine can't be both active and archived")
            if instance.is_active:
                if instance.period in active:
                    self.error(
                        path,
                        f"only one {instance.get_period_display().lower()} routine can be "
                        f"active; {active[instance.period]} is too",
                    )
                active[instance.period] = path
            item = Item(path, instance)
            for step_path, step_data in steps_of[path]:
                step = self.step(step_data, step_path)
                if step is not None:
                    item.children.append(step)
            plan.routines.append(item)
        step_applied = {}
        for path, data in self.records(document, "applications", "applications"):
            product = self.reference(data, "product", "products", path, null=False)
            step = self.reference(data, "step", "steps", path, null=True)
            instance = self.build(schema.APPLICATIONS, data, path, **user)
            if instance:
                self.check_day(instance, path)
                if step is not None:
                    # As the database: a step once per day and period.
                    done = (step, instance.day, instance.period)
                    if done in step_applied:
                        self.error(
                            path,
                            f"step {step} is applied on {instance.day} {instance.period} "
                            f"in {step_applied[done]} already",
                        )
                    step_applied.setdefault(done, path)
                plan.applications.append(Item(path, instance, {"product": product, "step": step}))
        for path, data in self.records(document, "day_notes", "day_notes"):
            instance = self.build(schema.DAY_NOTES, data, path, **user)
            if instance:
                self.check_day(instance, path)
                plan.day_notes.append(Item(path, instance))
        for path, data in self.records(document, "observations", "observations"):
            item = self.observation(data, path)
            if item:
                plan.observations.append(item)
        for path, data in self.records(document, "visits", "visits"):
            instance = self.build(schema.VISITS, data, path, **user)
            if instance:
                self.check_day(instance, path)
                plan.visits.append(Item(path, instance))
        for path, data in self.records(document, "dismissed_findings", "dismissed_findings"):
            instance = self.build(schema.DISMISSED_FINDINGS, data, path, **user)
            if instance:
                if not is_iso_week(instance.week):
                    self.error(path, f"week {shown(instance.week)} should be an ISO week, YYYY-Www")
                plan.dismissed_findings.append(Item(path, instance))
        for path, data in self.records(document, "booked_visits", "booked_visits"):
            instance = self.build(schema.BOOKED_VISITS, data, path, **user)
            if instance:
                plan.booked_visits.append(Item(path, instance))
        for path, data in self.records(document, "patch_tests", "patch_tests"):
            product = self.reference(data, "product", "products", path, null=False)
            instance = self.build(schema.PATCH_TESTS, data, path)
            if instance:
                if instance.tested_on > self.latest_day:
                    self.error(path, f"tested_on {instance.tested_on} is after tomorrow")
                plan.patch_tests.append(Item(path, instance, {"product": product}))
        if self.errors:
            raise ImportRefused(self.errors)
        if self.version == 1:
            self.derive_spans(plan, routines)
        return plan

    def check_header(self, document: dict) -> None:
        if document.get("format") != schema.FORMAT:
            raise ImportRefused(
                [f"This isn't a skintrack export: its format should be {schema.FORMAT!r}."]
            )
        version = document.get("version")
        if isinstance(version, bool) or version not in schema.READABLE_VERSIONS:
            *earlier, last = (str(v) for v in schema.READABLE_VERSIONS)
            readable = f"{', '.join(earlier)} and {last}" if earlier else last
            raise ImportRefused(
                [
                    f"This export is version {shown(version)}; this skintrack reads versions "
                    f"{readable}."
                ]
            )
        self.version = version

    def profile(self, data) -> dict:
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.error("profile", "should be an object")
            return {}
        values = {}
        user_model = get_user_model()
        for name in schema.IMPORTED_PROFILE_FIELDS:
            if name not in data:
                continue
            field = user_model._meta.get_field(name)
            try:
                values[name] = convert(field, data[name])
                if name == "time_zone":
                    validate_time_zone(values[name])
                if field.choices and values[name] not in dict(field.choices):
                    raise Problem("is not one of " + ", ".join(dict(field.choices)))
            except (Problem, ValidationError) as problem:
                message = problem.messages[0] if isinstance(problem, ValidationError) else problem
                self.error("profile", f"{name} {shown(data[name])} {message}")
        return values

    def step(self, data: dict, path: str) -> Item | None:
        product = self.reference(data, "product", "products", path, null=False)
        replaces = self.reference(data, "replaces", "steps", path, null=True)
        if replaces is not None and replaces == data.get("id"):
            self.error(path, "a step can't replace itself")
        elif replaces is not None and replaces in self.replaced:
            self.error(path, f"step {replaces} is replaced by {self.replaced[replaces]} already")
        elif replaces is not None:
            self.replaced[replaces] = path
        instance = self.build(schema.STEPS, data, path)
        if instance is None:
            return None
        used = SCHEDULE_FIELDS.get(instance.schedule_kind, ())
        for name, empty in EMPTY_SCHEDULE.items():
            if name not in used:
                setattr(instance, name, empty)
            elif getattr(instance, name) in (None, []):
                self.error(path, f"{name} is needed when schedule_kind is {instance.schedule_kind}")
        if instance.weekdays:
            instance.weekdays = sorted(set(instance.weekdays))
        # An empty span (ended the day before it started) is a step that never owed a day.
        if (
            instance.starts_on
            and instance.ends_on
            and instance.ends_on < instance.starts_on - dt.timedelta(days=1)
        ):
            self.error(path, "ends_on is before starts_on")
        if instance.ends_on and not instance.starts_on:
            self.error(path, "ends_on needs a starts_on")
        refs = {"id": data.get("id"), "product": product, "replaces": replaces}
        return Item(path, instance, refs)

    def derive_spans(self, plan: "Plan", routines: list[tuple[str, dict]]) -> None:
        """Version 1 had no step spans: derive them as the migration that added spans did."""
        created_of = {path: data.get("created_at") for path, data in routines}
        zone = plan.profile.get("time_zone") or self.user.time_zone
        for item in plan.routines:
            routine = item.instance
            created = created_of.get(item.path)
            created = parse_datetime(created) if isinstance(created, str) else None
            for step in item.children:
                days = [
                    a.instance.day
                    for a in plan.applications
                    if a.instance.period == routine.period
                    and (
                        a.refs["step"] == step.refs["id"]
                        or (a.refs["step"] is None and a.refs["product"] == step.refs["product"])
                    )
                ]
                step.instance.starts_on, step.instance.ends_on = derive_span(
                    created=created,
                    time_zone=zone,
                    applied_days=days,
                    in_use=routine.is_active
                    and not routine.archived
                    and not step.instance.archived,
                )

    def observation(self, data: dict, path: str) -> Item | None:
        if self.version < 3:
            data = {
                **data,
                **{
                    name: schema.SEVERITY_OF_YES_OR_NO[data[name]]
                    for name in SYMPTOMS
                    if isinstance(data.get(name), bool)
                },
            }
        instance = self.build(schema.OBSERVATIONS, data, path, owner=self.user)
        photo_records = self.records(data, "photos", f"{path}.photos")
        if instance is None:
            return None
        self.check_day(instance, path)
        # The observation form's rules, so imported rows look like typed ones.
        if instance.area == MiliaArea.OTHER:
            instance.area_other = instance.area_other.strip()
            if not instance.area_other:
                self.error(path, "area_other must say where, when area is other")
        else:
            instance.area_other = ""
        if instance.milia_type != MiliaType.SECONDARY:
            instance.secondary_context = ""
        item = Item(path, instance)
        created_at = ObservationPhoto._meta.get_field("created_at")
        for photo_path, photo in photo_records:
            name = photo.get("file")
            if not isinstance(name, str) or not name.startswith("photos/"):
                self.error(photo_path, f"file {shown(name)} should be a name under photos/")
                continue
            if ".." in PurePosixPath(name).parts:
                self.error(photo_path, f"file {shown(name)} points outside the archive")
                continue
            try:
                taken = convert(created_at, photo.get("created_at"))
            except Problem as problem:
                self.error(photo_path, f"created_at {shown(photo.get('created_at'))} {problem}")
                continue
            if self.photos is not None and name in self.photos and self.photos.too_large(name):
                self.error(photo_path, f"{name} is larger than {MAX_PHOTO // MB} MB")
                continue
            item.children.append(Item(photo_path, None, extra={"file": name, "created_at": taken}))
        return item


def validate(user, document: dict, photos: ZipPhotos | None = None) -> Plan:
    return Validator(user, photos).validate(document)


# --- 3. writing ---------------------------------------------------------------------------------


@dataclasses.dataclass
class Summary:
    created: Counter = dataclasses.field(default_factory=Counter)
    existing: Counter = dataclasses.field(default_factory=Counter)
    notes: list[str] = dataclasses.field(default_factory=list)

    LABELS = {
        "products": ("product", "products"),
        "routines": ("routine", "routines"),
        "steps": ("step", "steps"),
        "applications": ("application", "applications"),
        "day_notes": ("day note", "day notes"),
        "observations": ("observation", "observations"),
        "photos": ("photo", "photos"),
        "visits": ("visit", "visits"),
        "dismissed_findings": ("dismissed finding", "dismissed findings"),
        "booked_visits": ("booked visit", "booked visits"),
        "patch_tests": ("patch test", "patch tests"),
    }

    def describe(self, counts: Counter) -> str:
        parts = []
        for key, (one, many) in self.LABELS.items():
            if counts[key]:
                parts.append(f"{counts[key]} {one if counts[key] == 1 else many}")
        return ", ".join(parts)

    def message(self) -> str:
        text = f"Imported {self.describe(self.created) or 'nothing new'}."
        if self.existing.total():
            text += f" Already in your account, left as they were: {self.describe(self.existing)}."
        return " ".join([text, *self.notes])


def key_part(value):
    """A value as part of a natural key: a list as the set of its items (order aside)."""
    if isinstance(value, list):
        return frozenset(json.dumps(item, sort_keys=True) for item in value)
    return value


def key_columns(table: schema.Table) -> tuple[str, ...]:
    """The natural key's columns: `product_id` for the reference `product`."""
    return tuple(table.model._meta.get_field(name).attname for name in table.natural_key)


STEP_KEY = key_columns(schema.STEPS)


def step_key(values: dict) -> tuple:
    """A step's natural key, from its STEP_KEY columns. The schedule fields its kind doesn't
    use count as empty, as the forms and the import leave them (the admin may not have)."""
    used = SCHEDULE_FIELDS.get(values["schedule_kind"], ())
    return tuple(
        key_part(
            EMPTY_SCHEDULE[name] if name in EMPTY_SCHEDULE and name not in used else values[name]
        )
        for name in STEP_KEY
    )


class Writer:
    def __init__(self, user, plan: Plan, photos: ZipPhotos | None):
        self.user = user
        self.plan = plan
        self.photos = photos
        self.summary = Summary()
        self.product_pks: dict[int, int] = {}
        self.step_pks: dict[int, int] = {}
        self.written_files: list[str] = []

    def upsert(self, name: str, model, items: list[tuple[tuple, models.Model]], existing: dict):
        """The pk of each item's row: the one with its natural key, else a new one."""
        new: dict[tuple, models.Model] = {}
        for key, instance in items:
            if key not in existing and key not in new:
                new[key] = instance
        model.objects.bulk_create(new.values(), batch_size=BATCH_SIZE)
        for key, instance in new.items():
            existing[key] = instance.pk
        self.summary.created[name] += len(new)
        self.summary.existing[name] += len(items) - len(new)
        return [existing[key] for key, _ in items]

    def claim(self, name: str, model, items: list[tuple[tuple, models.Model]], existing: dict):
        """The pk of each item's row, for products, routines, steps and applications: a row of
        the account with its natural key that no earlier item claimed (the oldest first), else
        a new one. Two items never share a row, and a file imported twice finds its own rows
        again.

        `existing` maps each natural key to the pks of the account's rows, newest first."""
        pks: list[int | None] = []
        new = []
        for key, instance in items:
            free = existing.get(key)
            if free:
                pks.append(free.pop())
            else:
                pks.append(None)
                new.append(instance)
        model.objects.bulk_create(new, batch_size=BATCH_SIZE)
        self.summary.created[name] += len(new)
        self.summary.existing[name] += len(items) - len(new)
        created = iter(new)
        return [pk if pk is not None else next(created).pk for pk in pks]

    def write(self) -> Summary:
        try:
            with transaction.atomic():
                self.products()
                self.routines()
                self.applications()
                self.simple("day_notes", DayNote, self.plan.day_notes, ("day",))
                self.observations()
                self.simple(
                    "visits", DermatologistVisit, self.plan.visits, ("day", "treatment", "notes")
                )
                self.simple(
                    "dismissed_findings",
                    DismissedFinding,
                    self.plan.dismissed_findings,
                    ("week", "key"),
                )
                self.simple("booked_visits", BookedVisit, self.plan.booked_visits, ("day",))
                self.patch_tests()
                self.profile()
        except BaseException:
            photo_pipeline.delete_files(*self.written_files)
            raise
        return self.summary

    def products(self):
        columns = key_columns(schema.PRODUCTS)
        existing: dict[tuple, list[int]] = {}
        rows = Product.objects.filter(owner=self.user).order_by("-pk")
        for *values, pk in rows.values_list(*columns, "pk"):
            existing.setdefault(tuple(map(key_part, values)), []).append(pk)
        items = [
            (tuple(key_part(getattr(i.instance, c)) for c in columns), i.instance)
            for i in self.plan.products
        ]
        pks = self.claim("products", Product, items, existing)
        for item, pk in zip(self.plan.products, pks, strict=True):
            self.product_pks[item.refs["id"]] = pk

    def routines(self):
        columns = key_columns(schema.ROUTINES)
        existing: dict[tuple, list[int]] = {}
        active_periods = set()
        rows = Routine.objects.filter(owner=self.user).order_by("-pk")
        for *values, pk in rows.values_list(*columns, "pk"):
            existing.setdefault(tuple(values), []).append(pk)
            if values[columns.index("is_active")]:
                active_periods.add(values[columns.index("period")])
        demoted = set()
        for item in self.plan.routines:
            routine = item.instance
            key = tuple(getattr(routine, c) for c in columns)
            # The file has one active routine per period at most (validated), so only this
            # item can claim the account's active routine of the same name.
            if routine.is_active and routine.period in active_periods and not existing.get(key):
                routine.is_active = False  # found again as such by a second import
                demoted.add(id(item))
        items = [
            (tuple(getattr(i.instance, c) for c in columns), i.instance) for i in self.plan.routines
        ]
        known = {pk for pks in existing.values() for pk in pks}
        pks = routine_pks = self.claim("routines", Routine, items, existing)
        for item, pk in zip(self.plan.routines, pks, strict=True):
            if id(item) in demoted and pk not in known:
                routine = item.instance
                self.summary.notes.append(
                    f"“{routine.name}” was imported inactive: you already have an active "
                    f"{routine.get_period_display().lower()} routine."
                )
        step_items, locals_ = [], []
        for item, pk in zip(self.plan.routines, pks, strict=True):
            for step in item.children:
                step.instance.routine_id = pk
                step.instance.product_id = self.product_pks[step.refs["product"]]
                key = step_key({c: getattr(step.instance, c) for c in STEP_KEY})
                step_items.append((key, step.instance))
                locals_.append(step.refs["id"])
        existing_steps: dict[tuple, list[int]] = {}
        rows = RoutineStep.objects.filter(routine__owner=self.user).order_by("-pk")
        for values in rows.values(*STEP_KEY, "pk"):
            pk = values.pop("pk")
            existing_steps.setdefault(step_key(values), []).append(pk)
        pks = self.claim("steps", RoutineStep, step_items, existing_steps)
        self.step_pks.update(zip(locals_, pks, strict=True))
        # A routine imported inactive (the account has its own active one) owes nothing from
        # now on: its steps still open end yesterday, or never started if they began later.
        inactive = [
            pk
            for item, pk in zip(self.plan.routines, routine_pks, strict=True)
            if not item.instance.is_active
        ]
        yesterday = self.user.local_today() - dt.timedelta(days=1)
        still_open = RoutineStep.objects.filter(
            routine_id__in=inactive, starts_on__isnull=False, ends_on__isnull=True
        )
        still_open.filter(starts_on__gt=yesterday).update(starts_on=None)
        still_open.filter(starts_on__lte=yesterday).update(ends_on=yesterday)
        # Each version names the one it replaced, once every step has its row.
        links = []
        for item in self.plan.routines:
            for step in item.children:
                if step.refs["replaces"] is not None:
                    links.append(
                        (self.step_pks[step.refs["id"]], self.step_pks[step.refs["replaces"]])
                    )
        taken = set(
            RoutineStep.objects.filter(replaces_id__in=[old for _, old in links])
            .exclude(pk__in=[new for new, _ in links])
            .values_list("replaces_id", flat=True)
        )
        for new, old in links:
            if old not in taken:
                RoutineStep.objects.filter(pk=new).update(replaces_id=old)

    def applications(self):
        def key(day, period, area, product, step):
            # With a step, the database allows one row per (step, day, period), and the file
            # was checked to hold one at most. Ad hoc, it allows two alike: each record is kept.
            return (step, day, period) if step else (day, period, area, product, None)

        existing: dict[tuple, list[int]] = {}
        rows = Application.objects.filter(owner=self.user).order_by("-pk")
        for *values, pk in rows.values_list(*key_columns(schema.APPLICATIONS), "pk"):
            existing.setdefault(key(*values), []).append(pk)
        items = []
        for item in self.plan.applications:
            application = item.instance
            application.product_id = self.product_pks[item.refs["product"]]
            step = item.refs["step"]
            application.step_id = self.step_pks[step] if step is not None else None
            items.append(
                (
                    key(
                        application.day,
                        application.period,
                        application.area,
                        application.product_id,
                        application.step_id,
                    ),
                    application,
                )
            )
        self.claim("applications", Application, items, existing)

    def simple(self, name: str, model, plan_items: list[Item], fields: tuple[str, ...]):
        existing = {
            row[:-1]: row[-1]
            for row in model.objects.filter(owner=self.user).values_list(*fields, "pk")
        }
        items = [(tuple(getattr(i.instance, f) for f in fields), i.instance) for i in plan_items]
        return self.upsert(name, model, items, existing)

    def patch_tests(self):
        columns = key_columns(schema.PATCH_TESTS)
        existing = {
            row[:-1]: row[-1]
            for row in PatchTest.objects.filter(product__owner=self.user).values_list(
                *columns, "pk"
            )
        }
        items = []
        for item in self.plan.patch_tests:
            patch_test = item.instance
            patch_test.product_id = self.product_pks[item.refs["product"]]
            items.append((tuple(getattr(patch_test, c) for c in columns), patch_test))
        self.upsert("patch_tests", PatchTest, items, existing)

    def observations(self):
        pks = self.simple(
            "observations", MiliaObservation, self.plan.observations, ("day", "area", "area_other")
        )
        existing = set(
            ObservationPhoto.objects.filter(owner=self.user).values_list(
                "observation_id", "created_at"
            )
        )
        skipped = 0
        for item, pk in zip(self.plan.observations, pks, strict=True):
            for photo in item.children:
                name, taken = photo.extra["file"], photo.extra["created_at"]
                if (pk, taken) in existing:
                    self.summary.existing["photos"] += 1
                    continue
                if self.photos is None or name not in self.photos:
                    skipped += 1
                    continue
                try:
                    processed = photo_pipeline.process_image(self.photos.read(name))
                except photo_pipeline.UnreadableImage as error:
                    raise ImportRefused([f"{photo.path} ({name}): {error}"]) from None
                observation = MiliaObservation(pk=pk, owner=self.user)
                saved = photo_pipeline.save_photo(observation, processed)
                self.written_files += [saved.image.name, saved.thumbnail.name]
                # created_at is set on insert; put back the original: the photo's natural key.
                ObservationPhoto.objects.filter(pk=saved.pk).update(created_at=taken)
                existing.add((pk, taken))
                self.summary.created["photos"] += 1
        if skipped:
            self.summary.notes.append(
                f"{skipped} photo{'s' if skipped != 1 else ''} not imported: "
                + (
                    "only the full ZIP export holds the photos."
                    if self.photos is None
                    else "missing from the ZIP."
                )
            )

    def profile(self):
        changed = [
            name for name, value in self.plan.profile.items() if getattr(self.user, name) != value
        ]
        for name in changed:
            setattr(self.user, name, self.plan.profile[name])
        if changed:
            self.user.save(update_fields=changed)


def import_upload(user, upload, progress: Progress | None = None) -> Summary:
    """Validate then write an uploaded export; ImportRefused (nothing changed) if it can't."""
    progress = progress or Progress()
    with open_upload(upload) as (document, photos):
        progress.reading(count_records(document))
        validator = Validator(user, photos, progress)
        plan = validator.validate(document)
        progress.read(validator.read, 0)
        progress.writing()
        try:
            return Writer(user, plan, photos).write()
        except IntegrityError:
            # Another device saved a row the import was about to create (a day's note, an
            # area's count): everything was rolled back, and importing again will match it.
            raise ImportRefused(
                [
                    "Something was saved in your account while the file was being imported. "
                    "Nothing was imported: please import the file again."
                ]
            ) from None
