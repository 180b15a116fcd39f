"""Load what the rules need from the database, in a fixed number of queries, as plain data.

The rules module never sees a model: everything is converted here into its dataclasses.
"""

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from django.db.models import Count, Func, Max, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL

from skintrack.accounts.models import User
from skintrack.guidance import rules
from skintrack.guidance.models import RuleThresholds
from skintrack.journal.models import (
    SYMPTOMS,
    Application,
    BookedVisit,
    DayNote,
    DermatologistVisit,
    MiliaObservation,
    Severity,
)
from skintrack.routines import schedule
from skintrack.routines.models import RoutineStep
from skintrack.shelf import inci
from skintrack.shelf.models import Ingredient, Product

ALL_WEEKDAYS = frozenset(range(7))


_indexed_catalog: tuple[tuple, inci.IndexedCatalog] | None = None


def ingredient_catalog(version: tuple | None = None) -> inci.IndexedCatalog:
    """The ingredient catalog with its name index (and the analyses made with it).

    Indexing the catalog and analysing the shelf cost more than the rest of a page, so each
    process keeps its copy until staff change the catalog: its version (the row count and
    the latest change, from ``catalog_version`` or a query of its own) tells.
    """
    global _indexed_catalog
    if version is None:
        version = tuple(
            Ingredient.objects.aggregate(count=Count("pk"), changed=Max("updated_at")).values()
        )
    if _indexed_catalog is None or _indexed_catalog[0] != version:
        _indexed_catalog = (version, _read_catalog())
    return _indexed_catalog[1]


def _read_catalog() -> inci.IndexedCatalog:
    return inci.indexed(
        inci.CatalogEntry(
            inci_name=row.inci_name,
            aliases=tuple(row.aliases),
            comedogenicity=row.comedogenicity,
            marks=frozenset(row.marks),
            irritancy=row.irritancy,
            source=row.source_note,
            description=row.description,
        )
        for row in Ingredient.objects.all()
    )


def product_facts(
    product: Product, catalog: inci.IndexedCatalog, protective_spf: int = 30
) -> rules.Product:
    parsed = inci.analyse(product.ingredients, catalog) if product.ingredients else []
    return rules.Product(
        id=product.id,
        name=str(product),
        category=product.category,
        actives=frozenset(product.actives),
        texture=product.texture,
        comedogenic=product.comedogenic,
        spf=product.spf,
        broad_spectrum=product.broad_spectrum,
        protective_spf=protective_spf,
        flag_from_catalog=getattr(product, "comedogenic_from_catalog", False),
        ingredients=tuple(
            rules.IngredientFact(
                name=item.entry.inci_name,
                comedogenicity=item.entry.comedogenicity,
                marks=item.entry.marks,
            )
            for item in parsed
            if item.entry is not None
        ),
    )


def scheduled_weekdays(step: RoutineStep) -> frozenset[int]:
    """Weekdays a step may fall on; schedules not tied to weekdays may fall on any."""
    if step.schedule_kind == schedule.WEEKDAYS:
        return frozenset(step.weekdays)
    return ALL_WEEKDAYS


def routine_step_facts(step: RoutineStep) -> rules.RoutineStep:
    """A step with its schedule as plain facts, so the rules can tell which dates it plans:
    weekdays, "every N days" from a start date, or "N times a week" (no fixed night)."""
    facts = rules.RoutineStep(
        step_id=step.id,
        routine_name=step.routine.name,
        period=step.routine.period,
        product_id=step.product_id,
        area=step.area,
        weekdays=scheduled_weekdays(step),
        first_day=step.starts_on or dt.date.max,  # not in use yet: never planned
        last_day=step.ends_on,
    )
    if step.schedule_kind == schedule.EVERY_N_DAYS:
        if not step.interval_days:  # never due, as the checklist has it
            return replace(facts, weekdays=frozenset())
        return replace(facts, interval_days=step.interval_days, start_date=step.start_date)
    if step.schedule_kind == schedule.TIMES_PER_WEEK:
        return replace(facts, times_per_week=step.times_per_week or 0)
    return facts


def planned_clashes(evening_steps: list[RoutineStep], today: dt.date) -> list[dt.date]:
    """The evenings of the next four weeks on which these steps' fixed schedules plan a
    retinoid and an exfoliant together (CNF-1 before it happens). One query, the ingredient
    catalog, and none when there are fewer than two steps."""
    if len(evening_steps) < 2:
        return []
    catalog = ingredient_catalog()
    log = rules.Log(
        products={s.product_id: product_facts(s.product, catalog) for s in evening_steps},
        active_steps=[routine_step_facts(s) for s in evening_steps],
    )
    return rules.planned_clashes(log, today)


@dataclass(frozen=True, slots=True)
class Applied:
    """A product applied on a day, as the pages read it: a row, lighter than the model."""

    id: int
    day: dt.date
    period: str
    product_id: int
    step_id: int | None
    area: str
    product: Product


APPLIED_FIELDS = ("id", "day", "period", "product_id", "step_id", "area")


@dataclass
class GuidanceInput:
    log: rules.Log
    thresholds: rules.Thresholds
    # Every version of the routine steps in use on some day of the window, as models
    # (for schedules, spans and names): ask ``step.schedule.is_due`` what was due on a day.
    steps: list[RoutineStep]
    products: dict[int, Product]
    applications: list[Applied]  # in the window, product loaded
    notes: list[DayNote] = field(default_factory=list)  # in the window
    observations: list[MiliaObservation] = field(default_factory=list)  # in the window
    tracking_since: dt.date | None = None  # the first day of the person's record
    bookings: list[dt.date] = field(default_factory=list)  # booked dermatologist visits
    visits: list[DermatologistVisit] = field(default_factory=list)  # up to the window's end
    # Whether the morning of the last day loaded is over where the person is (GUIDANCE:
    # Morning ends): then a morning without sunscreen is missed, no longer due.
    morning_over: bool = False

    def note_on(self, day: dt.date) -> DayNote | None:
        return next((n for n in self.notes if n.day == day), None)

    def observations_on(self, day: dt.date) -> list[MiliaObservation]:
        return [o for o in self.observations if o.day == day]


OBSERVATION_FIELDS = (
    "id",
    "owner_id",
    "day",
    "area",
    "area_other",
    "count",
    "milia_type",
    "secondary_context",
    "notes",
    "created_at",
    *SYMPTOMS,
)


def _observation(row: dict) -> MiliaObservation:
    """A model instance from a loaded row, as the database would have given it."""
    # from_db takes the values in the model's field order when every field is given.
    names = [f.attname for f in MiliaObservation._meta.concrete_fields]
    return MiliaObservation.from_db("default", names, [row[name] for name in names])


def _first(queryset, field_name: str):
    return Subquery(queryset.order_by(field_name).values(field_name)[:1])


class Opening(NamedTuple):
    record_start: dt.date
    catalog_version: tuple
    last_count_before: dt.date | None  # the latest milia count before the window


def opening(user, today: dt.date, since: dt.date) -> Opening:
    """One query for what the loader needs before it reads the window: the first day of the
    person's record (their first routine step's start or first entry, whichever is earlier;
    today when there is nothing yet: days before it owe nothing and are not judged), the
    ingredient catalog's version (see ``ingredient_catalog``) and the day of the latest
    milia count before `since`."""
    mine = OuterRef("pk")
    catalog = Ingredient.objects.order_by()
    row = (
        User.objects.filter(pk=user.pk)
        .values(
            step=_first(
                RoutineStep.objects.filter(routine__owner=mine, starts_on__isnull=False),
                "starts_on",
            ),
            application=_first(Application.objects.filter(owner=mine), "day"),
            note=_first(DayNote.objects.filter(owner=mine), "day"),
            observation=_first(MiliaObservation.objects.filter(owner=mine), "day"),
            catalog_count=Subquery(catalog.values(n=Func("pk", function="COUNT"))),
            catalog_changed=Subquery(catalog.values(latest=Func("updated_at", function="MAX"))),
            last_count_before=Subquery(
                MiliaObservation.objects.filter(owner=mine, day__lt=since)
                .order_by("-day")
                .values("day")[:1]
            ),
        )
        .first()
    )
    if row is None:
        return Opening(today, (None, None), None)
    version = (row.pop("catalog_count"), row.pop("catalog_changed"))
    last_count_before = row.pop("last_count_before")
    start = min([d for d in row.values() if d is not None] + [today])
    return Opening(start, version, last_count_before)


# Which counts made before a window the rules still need, per place (area, or the words of
# "elsewhere" as the rules compare them): its first count (places are listed in the order
# they were first counted), its latest (the state carried in), its first count above zero
# (first seen), its latest above zero (seen before), and its last zero with the first count
# above zero after it (where milia that still persist began: GUIDANCE, Persisting). Counts
# between those change no rule's answer, and leaving them out keeps a page's cost flat
# however many years of counts there are.
CARRIED_COUNTS = f"""
WITH early AS (
    SELECT id, area, LOWER(TRIM(area_other)) AS place, day, count
    FROM {MiliaObservation._meta.db_table} WHERE owner_id = %s AND day < %s
), facts AS (
    SELECT area, place, MIN(day) AS first, MAX(day) AS newest,
        MIN(CASE WHEN count > 0 THEN day END) AS first_seen,
        MAX(CASE WHEN count > 0 THEN day END) AS newest_seen,
        MAX(CASE WHEN count = 0 THEN day END) AS last_zero
    FROM early GROUP BY area, place
), runs AS (
    SELECT early.area, early.place, MIN(early.day) AS run_start
    FROM early JOIN facts ON early.area = facts.area AND early.place = facts.place
    WHERE early.count > 0 AND (facts.last_zero IS NULL OR early.day > facts.last_zero)
    GROUP BY early.area, early.place
)
SELECT early.id FROM early
JOIN facts ON early.area = facts.area AND early.place = facts.place
LEFT JOIN runs ON early.area = runs.area AND early.place = runs.place
WHERE early.day IN (
    facts.first, facts.newest, facts.first_seen, facts.newest_seen, facts.last_zero, runs.run_start
)
"""


def counts_kept_from(opening: Opening, since: dt.date, thresholds: rules.Thresholds) -> dt.date:
    """The first day from which every milia count is read; before it, ``CARRIED_COUNTS``.

    The rules look back from the days they judge: a sudden rise within
    ``sudden_increase_window_days`` of the newest count (which may be the last one before
    the window), eye-area milia within ``eye_area_recent_days``, symptoms within 30 days."""
    reach = max(thresholds.sudden_increase_window_days, thresholds.eye_area_recent_days, 30)
    first = min(since, opening.last_count_before or since)
    return first - dt.timedelta(days=reach + 1)


def latest_entry(user, today: dt.date) -> dt.date | None:
    """The latest day up to `today` with an application, a note or an observation. One
    query."""
    mine = OuterRef("pk")

    def newest(queryset):
        return Subquery(queryset.filter(day__lte=today).order_by("-day").values("day")[:1])

    days = (
        User.objects.filter(pk=user.pk)
        .values(
            application=newest(Application.objects.filter(owner=mine)),
            note=newest(DayNote.objects.filter(owner=mine)),
            observation=newest(MiliaObservation.objects.filter(owner=mine)),
        )
        .first()
    )
    return max((d for d in (days or {}).values() if d is not None), default=None)


def morning_over(user, today: dt.date, thresholds: rules.Thresholds) -> bool:
    """Whether `today`'s morning is over for the person right now."""
    now = user.local_now()
    return now.date() > today or (now.date() == today and now.time() >= thresholds.morning_ends_at)


def load(
    user, since: dt.date, until: dt.date, today: dt.date | None = None, all_counts: bool = False
) -> GuidanceInput:
    """Everything the pages and the rules need for days `since`..`until`, the milia counts
    that tell their story up to `until` (every count with `all_counts`, for a chart of the
    whole history) and the start of the person's record.

    Nine queries whatever the length of the history: the opening facts (record start, the
    catalog's version: the catalog itself is read only when it changed), thresholds,
    products, applications, notes, observations, visits, bookings, steps.
    """
    today = today or user.local_today()
    facts = opening(user, today, since)
    tracking_since = facts.record_start
    thresholds = RuleThresholds.current()
    catalog = ingredient_catalog(facts.catalog_version)
    products = {p.id: p for p in Product.objects.owned_by(user)}
    applications = [
        Applied(*row, product=products[row[3]])
        for row in Application.objects.owned_by(user)
        .filter(day__range=(since, until))
        .order_by("day", "id")
        .values_list(*APPLIED_FIELDS)
    ]
    notes = list(DayNote.objects.owned_by(user).filter(day__range=(since, until)))
    # The counts the rules need (all of them from a little before the window, the few that
    # carry the state in before that; all ever with `all_counts`), as plain rows: cheaper
    # than models, of which only the window's few are needed (for the day page).
    counts = MiliaObservation.objects.owned_by(user).filter(day__lte=until)
    if not all_counts:
        kept_from = counts_kept_from(facts, since, thresholds)
        carried = RawSQL(CARRIED_COUNTS, (user.pk, kept_from))
        counts = counts.filter(Q(day__gte=kept_from) | Q(id__in=carried))
    observation_rows = list(counts.order_by("day", "created_at").values(*OBSERVATION_FIELDS))
    observations = [_observation(row) for row in observation_rows if since <= row["day"] <= until]
    visits = list(DermatologistVisit.objects.owned_by(user).filter(day__lte=until))
    bookings = list(BookedVisit.objects.owned_by(user).values_list("day", flat=True))
    steps = list(RoutineStep.objects.in_use_between(user, since, until))
    log = rules.Log(
        products={
            pid: product_facts(p, catalog, thresholds.sunscreen_spf) for pid, p in products.items()
        },
        applications=[
            rules.Application(day=a.day, period=a.period, product_id=a.product_id, area=a.area)
            for a in applications
        ],
        notes=[
            rules.DayNote(
                day=n.day,
                makeup_worn=n.makeup_worn,
                makeup_removed=n.makeup_removed,
                sun_exposure=n.sun_exposure,
                steamed=n.steamed,
                tried_extraction=n.tried_extraction,
            )
            for n in notes
        ],
        observations=[
            rules.Observation(
                day=row["day"],
                area=row["area"],
                count=row["count"],
                area_other=row["area_other"],
                milia_type=row["milia_type"],
                symptoms=frozenset(s for s in SYMPTOMS if row[s] != Severity.NONE),
                secondary_context=row["secondary_context"],
                severities=tuple((s, row[s]) for s in SYMPTOMS if row[s] != Severity.NONE),
            )
            for row in observation_rows
        ],
        visits=[rules.Visit(day=v.day, treatment=v.treatment) for v in visits],
        active_steps=[routine_step_facts(s) for s in steps],
        tracking_since=tracking_since,
        bookings=bookings,
    )
    return GuidanceInput(
        log=log,
        thresholds=thresholds,
        steps=steps,
        products=products,
        applications=applications,
        notes=notes,
        observations=observations,
        tracking_since=tracking_since,
        morning_over=morning_over(user, today, thresholds),
        bookings=bookings,
        visits=visits,
    )
