import datetime as dt
from types import SimpleNamespace

import pytest

from skintrack.journal.models import DayNote
from skintrack.routines.models import Period, RoutineStep
from skintrack.shelf.models import Category
from tests import factories


def make_routines(person) -> SimpleNamespace:
    """A morning routine (cleanser, sunscreen) and an evening one (cleanser, and a
    retinoid on Monday, Wednesday and Friday)."""
    cleanser = factories.make_product(person, name="Milky cleanser", category=Category.CLEANSER)
    sunscreen = factories.make_product(person, name="Fluid SPF 50")
    retinoid = factories.make_product(
        person, name="Adapalene gel", category=Category.RETINOID, actives=["retinoid"]
    )
    morning = factories.make_routine(person, name="My morning", period=Period.MORNING)
    evening = factories.make_routine(person, name="My evening", period=Period.EVENING)
    return SimpleNamespace(
        cleanser=cleanser,
        sunscreen=sunscreen,
        retinoid=retinoid,
        morning=morning,
        evening=evening,
        am_cleanse=factories.make_step(morning, cleanser, position=0),
        am_sunscreen=factories.make_step(morning, sunscreen, position=1),
        pm_cleanse=factories.make_step(evening, cleanser, position=0),
        pm_retinoid=factories.make_step(
            evening, retinoid, position=1, schedule_kind="weekdays", weekdays=[0, 2, 4]
        ),
    )


def seed_history(person, routines: SimpleNamespace, today: dt.date, days: int) -> None:
    """`days` days of ticked steps before `today`, a milia count every week, a symptom, a
    home extraction attempt and a dermatologist visit."""
    start = today - dt.timedelta(days=days)
    # The routines began with the history: nothing was owed before it.
    RoutineStep.objects.filter(routine__owner=person).update(starts_on=start)
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        steps = [routines.am_cleanse, routines.pm_cleanse]
        if offset % 3:
            steps.append(routines.am_sunscreen)
        if day.weekday() in (0, 2, 4):
            steps.append(routines.pm_retinoid)
        for step in steps:
            factories.make_application(person, step=step, day=day)
        if offset % 7 == 0:
            factories.make_observation(
                person, day=day, area="eyelids", count=2 + offset // 14, redness=days - offset <= 14
            )
    DayNote.objects.create(owner=person, day=today - dt.timedelta(days=3), tried_extraction=True)
    factories.make_visit(person, day=today - dt.timedelta(days=20), treatment="cryotherapy")


@pytest.fixture
def routines(owner):
    return make_routines(owner)
