import datetime as dt

import pytest

from skintrack.routines.schedule import (
    DAILY,
    EVERY_N_DAYS,
    TIMES_PER_WEEK,
    WEEKDAYS,
    Schedule,
)

MONDAY = dt.date(2026, 11, 23)  # an ISO week runs Monday 23 to Sunday 29 November 2026
SUNDAY = MONDAY + dt.timedelta(days=6)


def days(start: dt.date, count: int) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range(count)]


def test_a_daily_step_is_due_every_day():
    assert all(Schedule(kind=DAILY).is_due(day) for day in days(MONDAY, 14))


def test_a_weekday_step_is_due_only_on_its_days():
    schedule = Schedule(kind=WEEKDAYS, weekdays=(0, 6))
    due = [day for day in days(MONDAY, 14) if schedule.is_due(day)]
    assert due == [MONDAY, SUNDAY, MONDAY + dt.timedelta(days=7), SUNDAY + dt.timedelta(days=7)]


def test_a_weekday_step_without_days_is_never_due():
    assert not any(Schedule(kind=WEEKDAYS).is_due(day) for day in days(MONDAY, 7))


def test_an_every_3_days_step_is_due_on_its_start_and_every_third_day_after():
    schedule = Schedule(kind=EVERY_N_DAYS, interval_days=3, start_date=MONDAY)
    due = [day for day in days(MONDAY, 10) if schedule.is_due(day)]
    assert due == [
        MONDAY,
        MONDAY + dt.timedelta(days=3),
        MONDAY + dt.timedelta(days=6),
        MONDAY + dt.timedelta(days=9),
    ]


def test_an_every_3_days_step_is_not_due_before_its_start():
    schedule = Schedule(kind=EVERY_N_DAYS, interval_days=3, start_date=MONDAY)
    assert not any(schedule.is_due(MONDAY - dt.timedelta(days=n)) for n in (1, 3, 6, 300))


def test_an_every_n_days_step_without_an_interval_is_never_due():
    schedule = Schedule(kind=EVERY_N_DAYS, start_date=MONDAY)
    assert not schedule.is_due(MONDAY)


def test_an_every_n_days_step_without_a_start_counts_from_the_day_asked():
    assert Schedule(kind=EVERY_N_DAYS, interval_days=3).is_due(MONDAY)


@pytest.mark.parametrize(
    ("done_this_week", "done_today", "due"),
    [
        (0, False, True),
        (1, False, True),
        (2, False, False),  # done twice: off the list for the rest of the week
        (3, False, False),
        (2, True, True),  # the second one was today: stays visible so it can be unticked
    ],
)
def test_a_twice_a_week_step_stays_due_until_done_twice(done_this_week, done_today, due):
    schedule = Schedule(kind=TIMES_PER_WEEK, times_per_week=2)
    assert schedule.is_due(SUNDAY, done_this_week, done_today) is due


def test_a_times_per_week_step_without_a_number_is_not_due():
    assert not Schedule(kind=TIMES_PER_WEEK).is_due(MONDAY)
    assert Schedule(kind=TIMES_PER_WEEK).is_due(MONDAY, done_today=True)


def test_an_unknown_kind_is_never_due():
    assert not Schedule(kind="hourly").is_due(MONDAY)


@pytest.mark.parametrize(
    ("schedule", "text"),
    [
        (Schedule(kind=DAILY), "every day"),
        (Schedule(kind=WEEKDAYS, weekdays=(4, 0, 2)), "Mon, Wed, Fri"),
        (Schedule(kind=WEEKDAYS), "no days chosen"),
        (
            Schedule(kind=EVERY_N_DAYS, interval_days=3, start_date=MONDAY),
            "every 3 days from 23 Nov",
        ),
        (Schedule(kind=EVERY_N_DAYS, interval_days=14), "every 14 days"),
        (Schedule(kind=TIMES_PER_WEEK, times_per_week=1), "once a week"),
        (Schedule(kind=TIMES_PER_WEEK, times_per_week=3), "3 times a week"),
    ],
)
def test_a_schedule_describes_itself_in_words(schedule, text):
    assert schedule.describe() == text


@pytest.mark.django_db
def test_a_step_uses_its_schedule(owner):
    from tests import factories

    routine = factories.make_routine(owner)
    step = factories.make_step(
        routine, factories.make_product(owner), schedule_kind=WEEKDAYS, weekdays=[6]
    )
    assert step.is_due(SUNDAY)
    assert not step.is_due(MONDAY)
    assert step.schedule.describe() == "Sun"


def test_a_times_a_week_step_not_yet_done_this_week_is_due():
    assert Schedule(kind=TIMES_PER_WEEK, times_per_week=1).is_due(MONDAY)


def test_a_times_a_week_step_without_a_count_is_never_due_and_never_says_once_a_week():
    schedule = Schedule(kind=TIMES_PER_WEEK, times_per_week=None)
    assert not any(schedule.is_due(day) for day in days(MONDAY, 7))
    assert schedule.describe() == "0 times a week"


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (SUNDAY, SUNDAY + dt.timedelta(days=3), True),  # the step's last day opens the range
        (MONDAY - dt.timedelta(days=3), MONDAY, True),  # its first day closes the range
        (SUNDAY + dt.timedelta(days=1), SUNDAY + dt.timedelta(days=3), False),
        (MONDAY - dt.timedelta(days=3), MONDAY - dt.timedelta(days=1), False),
    ],
)
def test_a_step_used_during_a_range_that_shares_only_its_first_or_last_day(first, last, expected):
    schedule = Schedule(kind=DAILY, first_day=MONDAY, last_day=SUNDAY)
    assert schedule.overlaps(first, last) is expected
