"""Load what the rules need from the database, in a fixed number of queries, as plain data.

The rules module never sees a model: everything is converted here into its dataclasses.
"""

import datetime as dt
from dataclasses import dataclass, replace

from skintrack.guidance import rules
from skintrack.guidance.models import RuleThresholds
from skintrack.journal.models import Application, DayNote, DermatologistVisit, MiliaObservation
from skintrack.journal.selectors import active_steps
from skintrack.routines import schedule
from skintrack.routines.models import RoutineStep
from skintrack.shelf import inci
from skintrack.shelf.models import Ingredient, Product

ALL_WEEKDAYS = frozenset(range(7))


def ingredient_catalog() -> list[inci.CatalogEntry]:
    return [
        inci.CatalogEntry(
            inci_name=row.inci_name,
            aliases=tuple(row.aliases),
            comedogenicity=row.comedogenicity,
            marks=frozenset(row.marks),
        )
        for row in Ingredient.objects.all()
    ]


def product_facts(product: Product, catalog: list[inci.CatalogEntry]) -> rules.Product:
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
    )
    if step.schedule_kind == schedule.EVERY_N_DAYS:
        if not step.interval_days:  # never due, as the checklist has it
            return replace(facts, weekdays=frozenset())
        return replace(facts, interval_days=step.interval_days, start_date=step.start_date)
    if step.schedule_kind == schedule.TIMES_PER_WEEK:
        return replace(facts, times_per_week=step.times_per_week or 0)
    return facts


@dataclass
class GuidanceInput:
    log: rules.Log
    thresholds: rules.Thresholds
    steps: list[RoutineStep]  # the active routine steps, as models (for schedules and names)
    products: dict[int, Product]
    applications: list[Application]  # in the window, as models, product loaded


def load(user, since: dt.date, until: dt.date) -> GuidanceInput:
    """Everything the rules need for days `since`..`until`, plus the whole milia history.

    Eight queries whatever the length of the history: products, ingredient catalog,
    applications, notes, observations, visits, steps, thresholds.
    """
    catalog = ingredient_catalog()
    products = {p.id: p for p in Product.objects.owned_by(user)}
    applications = list(
        Application.objects.owned_by(user).filter(day__range=(since, until)).order_by("day")
    )
    for application in applications:
        application.product = products[application.product_id]
    notes = DayNote.objects.owned_by(user).filter(day__range=(since, until))
    observations = MiliaObservation.objects.owned_by(user).filter(day__lte=until)
    visits = DermatologistVisit.objects.owned_by(user).filter(day__lte=until)
    steps = list(active_steps(user))
    log = rules.Log(
        products={pid: product_facts(p, catalog) for pid, p in products.items()},
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
                day=o.day,
                area=o.area,
                count=o.count,
                area_other=o.area_other,
                milia_type=o.milia_type,
                symptoms=frozenset(o.symptoms),
                secondary_context=o.secondary_context,
            )
            for o in observations.order_by("day", "created_at")
        ],
        visits=[rules.Visit(day=v.day, treatment=v.treatment) for v in visits],
        active_steps=[routine_step_facts(s) for s in steps],
    )
    return GuidanceInput(
        log=log,
        thresholds=RuleThresholds.current(),
        steps=steps,
        products=products,
        applications=applications,
    )
