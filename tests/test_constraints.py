"""Rules the database itself enforces, whatever a view or form forgets to check."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from skintrack.routines.models import Period
from tests import factories

pytestmark = pytest.mark.django_db

TOO_EARLY = dt.date(1999, 12, 31)


def refused(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_one_application_per_step_day_and_period(owner_objects):
    o = owner_objects
    owner = o.routine.owner
    refused(lambda: factories.make_application(owner, step=o.step, day=o.today, period="pm"))
    # The same step on another day, or another period, is a different application.
    factories.make_application(owner, step=o.step, day=o.today - dt.timedelta(days=1))
    factories.make_application(owner, step=o.step, day=o.today, period=Period.MORNING)
    # Ad hoc applications (no step) may repeat.
    factories.make_application(owner, product=o.sunscreen, day=o.today, period="pm")
    factories.make_application(owner, product=o.sunscreen, day=o.today, period="pm")


@pytest.mark.parametrize("count", [501, -1])
def test_milia_count_out_of_range_is_refused(owner, count):
    refused(lambda: factories.make_observation(owner, count=count))


@pytest.mark.parametrize("count", [0, 500])
def test_milia_count_at_the_limits_is_kept(owner, count):
    assert factories.make_observation(owner, count=count).count == count


@pytest.mark.parametrize(
    "make",
    [
        factories.make_day_note,
        factories.make_observation,
        factories.make_visit,
        lambda owner, day: factories.make_application(
            owner, product=factories.make_product(owner), day=day
        ),
    ],
    ids=["day_note", "observation", "visit", "application"],
)
def test_days_before_2000_are_refused(owner, make):
    refused(lambda: make(owner, day=TOO_EARLY))
    make(owner, day=dt.date(2000, 1, 1))


def test_one_active_routine_per_period(owner, outsider):
    factories.make_routine(owner, name="Evening A", period=Period.EVENING, is_active=True)
    refused(
        lambda: factories.make_routine(
            owner, name="Evening B", period=Period.EVENING, is_active=True
        )
    )
    # A morning and an evening routine may both be active; so may inactive spares, and
    # another person's routines.
    factories.make_routine(owner, name="Morning", period=Period.MORNING, is_active=True)
    factories.make_routine(owner, name="Evening spare", period=Period.EVENING, is_active=False)
    factories.make_routine(outsider, name="Evening", period=Period.EVENING, is_active=True)


def test_archived_routine_cannot_be_active(owner):
    refused(lambda: factories.make_routine(owner, archived=True, is_active=True))
    routine = factories.make_routine(owner, archived=False, is_active=True)
    routine.archived = True
    with pytest.raises(IntegrityError), transaction.atomic():
        routine.save()
    factories.make_routine(owner, name="Old", archived=True, is_active=False)
