"""Load what the rules need from the database, in a fixed number of queries, as plain data.

The rules module never sees a model: everything is converted here into its dataclasses.
"""

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db.models import OuterRef, Subquery

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


def ingredient_catalog() -> inci.IndexedCatalog:
    """The ingredient catalog with its name index, built once per request."""
    return inci.indexed(
        inci.CatalogEntry(
            inci_name=row.inci_name,
            aliases=tuple(row.aliases),
            comedogenicity=row.comedogenicity,
            marks=frozenset(row.marks),
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


@dataclass
class GuidanceInput:
    log: rules.Log
    thresholds: rules.Thresholds
    # Every version of the routine steps in use on some day of the window, as models
    # (for schedules, spans and names): ask ``step.schedule.is_due`` what was due on a day.
    steps: list[RoutineStep]
    products: dict[int, Product]
    applications: list[Application]  # in the window, as models, product loaded
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


def record_start(user, today: dt.date) -> dt.date:
    """The first day of the person's record: their first routine step's start or their
    first entry (application, note, observation), whichever is earlier; today when there is
    nothing yet. Days before it owe nothing and are not judged. One query."""
    mine = OuterRef("pk")
    firsts = (
        User.objects.filter(pk=user.pk)
        .values(
            step=_first(
                RoutineStep.objects.filter(routine__owner=mine, starts_on__isnull=False),
                "starts_on",
            ),
            application=_first(Application.objects.filter(owner=mine), "day"),
            note=_first(DayNote.objects.filter(owner=mine), "day"),
            observation=_first(MiliaObservation.objects.filter(owner=mine), "day"),
        )
        .first()
    )
    return min([d for d in (firsts or {}).values() if d is not None] + [today])


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


def load(user, since: dt.date, until: dt.date, today: dt.date | None = None) -> GuidanceInput:
    """Everything the pages and the rules need for days `since`..`until`, plus the whole
    milia history and the start of the person's record.

    Ten queries whatever the length of the history: record start, thresholds, ingredient
    catalog, products, applications, notes, observations, visits, bookings, steps.
    """
    today = today or user.local_today()
    tracking_since = record_start(user, today)
    thresholds = RuleThresholds.current()
    catalog = ingredient_catalog()
    products = {p.id: p for p in Product.objects.owned_by(user)}
    applications = list(
        Application.objects.owned_by(user).filter(day__range=(since, until)).order_by("day")
    )
    for application in applications:
        application.product = products[application.product_id]
    notes = list(DayNote.objects.owned_by(user).filter(day__range=(since, until)))
    # Every count ever made (persistence reaches back months), as plain rows: cheaper than
    # models, of which only the window's few are needed (for the day page).
    observation_rows = list(
        MiliaObservation.objects.owned_by(user)
        .filter(day__lte=until)
        .order_by("day", "created_at")
        .values(*OBSERVATION_FIELDS)
    )
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
