"""The export format, table by table: what `export` writes and `importer` reads.

SCHEMA.md beside this file documents it for people; this module is its single source for the
code. Each table lists the model fields written under the same names, the references to
other tables (export-local ids, see SCHEMA.md), the timestamp written on export and ignored
on import, and the natural key that makes an import idempotent.
"""

import dataclasses

from django.db import models

from skintrack.guidance.models import DismissedFinding
from skintrack.journal.models import (
    Application,
    BookedVisit,
    DayNote,
    DermatologistVisit,
    MiliaObservation,
    ObservationPhoto,
)
from skintrack.routines.models import Routine, RoutineStep
from skintrack.shelf.models import PatchTest, Product

FORMAT = "skintrack-export"
VERSION = 3
# Older versions this skintrack still reads. Version 1 had no step spans: they are derived on
# import as the migration that introduced them derived them (see ``spans.derive_span``).
# Version 3 added product lifetimes and patch tests, the appearance, reminder and report
# settings of the profile (all optional, so a version 2 file leaves them as they are), and
# symptom severities. Versions 1 and 2 wrote each symptom as true or false: true is read as
# "moderate", as the migration that introduced severities read it.
READABLE_VERSIONS = (1, 2, 3)
SEVERITY_OF_YES_OR_NO = {True: "moderate", False: "none"}


@dataclasses.dataclass(frozen=True)
class Table:
    name: str  # key in the JSON document and name of the CSV file
    model: type[models.Model]
    fields: tuple[str, ...]  # model fields, written under their own names
    refs: tuple[tuple[str, str], ...] = ()  # (key, table whose export-local id it holds)
    timestamp: str = ""  # set by the database; exported for the record, not imported
    # Rows the account already has with the same natural key are reused. Products, routines,
    # steps and ad-hoc applications are distinct besides: records of one file never share a
    # row, however alike (each export-local id gets its own), and an account's row is reused
    # for one record at most.
    natural_key: tuple[str, ...] = ()
    parent: str = ""  # nested tables: the CSV column naming the parent record

    @property
    def csv_columns(self) -> tuple[str, ...]:
        parent = (self.parent,) if self.parent else ()
        timestamp = (self.timestamp,) if self.timestamp else ()
        return ("id", *parent, *self.fields, *(key for key, _ in self.refs), *timestamp)


PROFILE_FIELDS = (
    "username",
    "email",
    "first_name",
    "last_name",
    "time_zone",
    "digest_enabled",
    "digest_time",
    "color_scheme",
    "morning_reminder_time",
    "evening_reminder_time",
    "push_morning",
    "push_evening",
    "age_band",
    "skin_notes",
    "date_joined",
)
# The profile fields an import applies to the account it runs in. Username, email and names
# stay as they are: they belong to the account, not to the history. The browsers subscribed
# to push notifications are not exported: each must subscribe again on the new account.
IMPORTED_PROFILE_FIELDS = (
    "time_zone",
    "digest_enabled",
    "digest_time",
    "color_scheme",
    "morning_reminder_time",
    "evening_reminder_time",
    "push_morning",
    "push_evening",
    "age_band",
    "skin_notes",
)

PRODUCTS = Table(
    "products",
    Product,
    # Since version 3: opened_on, period_after_opening, comedogenic_from_catalog (optional).
    fields=(
        *Product.FACT_FIELDS,
        "notes",
        "archived",
        "opened_on",
        "period_after_opening",
        "comedogenic_from_catalog",
    ),
    timestamp="created_at",
    # Every fact: two products of one name (an old rich night cream, archived, and the light
    # one in use) are two products.
    natural_key=(*Product.FACT_FIELDS, "notes", "archived"),
)
ROUTINES = Table(
    "routines",
    Routine,
    fields=("name", "period", "is_active", "archived"),
    timestamp="created_at",
    # Every field: an archived "Evening" and the active "Evening" are two routines, each
    # with its own steps.
    natural_key=("name", "period", "is_active", "archived"),
)
STEPS = Table(
    "steps",
    RoutineStep,
    fields=(
        "position",
        "area",
        *RoutineStep.SCHEDULE_FIELDS,
        "archived",
        "starts_on",
        "ends_on",
    ),
    refs=(("product", "products"), ("replaces", "steps")),
    # Everything but its id: a removed step and the one that replaced it may share product
    # and (in older data) position.
    natural_key=(
        "routine",
        "position",
        "product",
        "area",
        "archived",
        "schedule_kind",
        "weekdays",
        "interval_days",
        "start_date",
        "times_per_week",
    ),
    parent="routine",
)
APPLICATIONS = Table(
    "applications",
    Application,
    fields=("day", "period", "area"),
    refs=(("product", "products"), ("step", "steps")),
    timestamp="logged_at",
    # For a step, (step, day, period): the database allows one, and a file may hold one. Ad
    # hoc, the area counts too: the same cream on the face and elsewhere the same evening is
    # two applications; and two records alike are two (the same cream twice an evening).
    natural_key=("day", "period", "area", "product", "step"),
)
DAY_NOTES = Table(
    "day_notes",
    DayNote,
    fields=(
        "day",
        "makeup_worn",
        "makeup_removed",
        "sun_exposure",
        "steamed",
        "tried_extraction",
        "notes",
    ),
    timestamp="updated_at",
    natural_key=("day",),
)
OBSERVATIONS = Table(
    "observations",
    MiliaObservation,
    fields=(
        "day",
        "area",
        "area_other",
        "count",
        "milia_type",
        "pain",
        "itching",
        "redness",
        "swelling",
        "pus",
        "secondary_context",
        "notes",
    ),
    timestamp="created_at",
    natural_key=("day", "area", "area_other"),
)
PHOTOS = Table(
    "photos",
    ObservationPhoto,
    # created_at is imported too, unlike other timestamps: it is the photo's natural key.
    fields=("file", "width", "height", "created_at"),
    natural_key=("observation", "created_at"),
    parent="observation",
)
VISITS = Table(
    "visits",
    DermatologistVisit,
    fields=("day", "treatment", "notes"),
    timestamp="created_at",
    natural_key=("day", "treatment", "notes"),
)
DISMISSED_FINDINGS = Table(
    "dismissed_findings",
    DismissedFinding,
    fields=("week", "key"),
    timestamp="dismissed_at",
    natural_key=("week", "key"),
)
PATCH_TESTS = Table(
    "patch_tests",
    PatchTest,
    fields=("tested_on", "area", "result", "notes"),
    refs=(("product", "products"),),
    timestamp="created_at",
    natural_key=("product", "tested_on", "area"),
)
BOOKED_VISITS = Table(
    "booked_visits",
    BookedVisit,
    fields=("day",),
    timestamp="created_at",
    natural_key=("day",),
)

# In the JSON document: steps sit inside their routine, photos inside their observation.
TOP_LEVEL = (
    PRODUCTS,
    ROUTINES,
    APPLICATIONS,
    DAY_NOTES,
    OBSERVATIONS,
    VISITS,
    DISMISSED_FINDINGS,
    BOOKED_VISITS,
    PATCH_TESTS,
)
NESTED = {"routines": STEPS, "observations": PHOTOS}
# One CSV file per table, in this order.
CSV_TABLES = (
    PRODUCTS,
    ROUTINES,
    STEPS,
    APPLICATIONS,
    DAY_NOTES,
    OBSERVATIONS,
    PHOTOS,
    VISITS,
    DISMISSED_FINDINGS,
    BOOKED_VISITS,
    PATCH_TESTS,
)
