"""The today page's seven-day glance counts what was really owed each day."""

import datetime as dt

import pytest
import time_machine

from skintrack.guidance import dashboard
from tests import factories

pytestmark = pytest.mark.django_db


def glance(owner):
    return {s.day: (s.done, s.due) for s in dashboard.build(owner, owner.local_today()).last_days}


def test_a_once_a_week_step_is_not_missed_on_the_days_before_it_is_done(owner):
    routine = factories.make_routine(owner, period="pm")
    cleanser = factories.make_step(routine, factories.make_product(owner, name="Cleanser"))
    acid = factories.make_product(owner, name="Acid", category="chemical_exfoliant")
    weekly = factories.make_step(routine, acid, schedule_kind="times_per_week", times_per_week=1)
    monday = dt.date(2026, 11, 23)
    with time_machine.travel(dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)):  # Sunday
        for offset in range(7):
            factories.make_application(owner, step=cleanser, day=monday + dt.timedelta(offset))
        factories.make_application(owner, step=weekly, day=dt.date(2026, 11, 27))  # Friday
        days = glance(owner)
    assert days[monday] == (1, 1)  # the cleanser; the weekly acid still had the week
    assert days[dt.date(2026, 11, 27)] == (2, 2)
    assert days[dt.date(2026, 11, 29)] == (1, 1)


def test_a_once_a_week_step_never_done_is_missed_on_the_last_day_it_could_be(owner):
    routine = factories.make_routine(owner, period="pm")
    acid = factories.make_product(owner, name="Acid", category="chemical_exfoliant")
    factories.make_step(routine, acid, schedule_kind="times_per_week", times_per_week=1)
    with time_machine.travel(dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)):  # Sunday
        days = glance(owner)
    assert days[dt.date(2026, 11, 28)] == (0, 0)  # Saturday: Sunday was still free
    assert days[dt.date(2026, 11, 29)] == (0, 1)
