"""What was due on a day: schedules inside the span of a step version, and the planner for
"N times a week" steps. Pure: no database."""

import datetime as dt

from skintrack.guidance import figures, rules
from skintrack.portability.spans import derive_span
from skintrack.routines.schedule import (
    DAILY,
    TIMES_PER_WEEK,
    WEEKDAYS,
    Schedule,
    plan_flexible_nights,
)

MON = dt.date(2026, 11, 23)  # Monday of 2026-W48
TUE, WED, THU, FRI, SAT, SUN = (MON + dt.timedelta(days=n) for n in range(1, 7))
WEEK = [MON, TUE, WED, THU, FRI, SAT, SUN]


def due_days(schedule: Schedule, days=WEEK) -> list[dt.date]:
    return [d for d in days if schedule.is_due(d)]


# --- spans ---------------------------------------------------------------------------------


def test_a_step_added_on_wednesday_owes_nothing_on_monday_or_tuesday():
    assert due_days(Schedule(DAILY, first_day=WED)) == [WED, THU, FRI, SAT, SUN]


def test_a_step_removed_on_thursday_is_owed_monday_to_wednesday_only():
    assert due_days(Schedule(DAILY, last_day=WED)) == [MON, TUE, WED]


def test_a_step_not_yet_in_use_owes_nothing():
    assert due_days(Schedule(DAILY, first_day=dt.date.max)) == []


def test_an_empty_span_owes_nothing():
    assert due_days(Schedule(DAILY, first_day=THU, last_day=WED)) == []


def test_every_n_days_counts_from_its_own_start_but_only_inside_the_span():
    every_2 = Schedule("every_n_days", interval_days=2, start_date=MON, first_day=WED)
    assert due_days(every_2) == [WED, FRI, SUN]


def test_fixed_plans_respect_the_span_and_flexible_steps_have_no_fixed_night():
    weekly = Schedule(WEEKDAYS, weekdays=(0, 3), last_day=TUE)
    assert [d for d in WEEK if weekly.planned_on(d)] == [MON]
    assert not any(Schedule(TIMES_PER_WEEK, times_per_week=3).planned_on(d) for d in WEEK)


def test_a_schedule_changed_mid_week_is_judged_by_each_version_on_its_own_days():
    """Mon, Wed, Fri until Tuesday; every day from Wednesday: the week owes Mon (old), and
    Wed to Sun (new). Nothing is owed twice, and Tuesday owes nothing."""
    old = figures.StepSchedule(1, "Serum", "pm", Schedule(WEEKDAYS, (0, 2, 4), last_day=TUE), 9)
    new = figures.StepSchedule(2, "Serum", "pm", Schedule(DAILY, first_day=WED), 9)
    applied = [rules.Application(d, "pm", 9) for d in (MON, WED, THU)]
    log = rules.Log({9: rules.Product(9, "Serum", "serum")}, applied)
    week = figures.week_figures(log, [old, new], MON, SUN)
    assert [(s.done, s.due) for s in week.steps] == [(1, 1), (2, 5)]


def test_the_figures_judge_nothing_before_the_record_starts():
    step = figures.StepSchedule(1, "Cleanser", "am", Schedule(DAILY, first_day=SAT), 9)
    log = rules.Log({9: rules.Product(9, "Cleanser", "cleanser")})
    week = figures.week_figures(log, [step], MON, SUN + dt.timedelta(days=1), since=SAT)
    assert week.judged_days == (SAT, SUN)
    assert (week.steps[0].due, week.mornings_judged) == (2, 2)


def test_rules_skip_days_before_the_record_starts():
    """SUN-1 for a person whose record starts on Saturday: two mornings, not seven."""
    sunscreen = rules.Product(1, "SPF 50", "sunscreen", spf=50, broad_spectrum=True)
    log = rules.Log({1: sunscreen}, [rules.Application(SAT, "am", 1)], tracking_since=SAT)
    findings = rules.review_week(log, MON, today=SUN + dt.timedelta(days=1))
    sun = [f for f in findings if f.rule_id == "SUN-1"]
    assert [f.severity for f in sun] == [rules.Severity.INFO]
    assert sun[0].title == "Sunscreen on 1 of 2 mornings"
    assert [e.day for e in sun[0].evidence] == [SUN]


def test_routine_product_rules_look_only_at_steps_in_use_that_week():
    balm = rules.Product(1, "Night balm", "moisturizer", texture="occlusive")
    removed = rules.RoutineStep(1, "Evening", "pm", 1, last_day=MON - dt.timedelta(days=1))
    log = rules.Log({1: balm}, active_steps=[removed])
    prd = [f for f in rules.review_week(log, MON, today=SUN) if f.rule_id == "PRD-1"]
    assert [f.severity for f in prd] == [rules.Severity.OK]
    earlier = [
        f for f in rules.review_week(log, MON - dt.timedelta(days=7)) if f.rule_id == "PRD-1"
    ]
    assert [f.severity for f in earlier] == [rules.Severity.WARNING]


def test_week_53_and_a_dst_week_are_plain_weeks_of_seven_days():
    monday_53 = dt.date(2026, 12, 28)  # 2026-W53 runs into 2027
    assert rules.iso_week_label(monday_53) == "2026-W53"
    days = [monday_53 + dt.timedelta(days=n) for n in range(7)]
    assert due_days(Schedule(DAILY, first_day=dt.date(2026, 12, 31)), days) == days[3:]
    # Europe's clocks went back on Sunday 25 October 2026: the week still has seven days.
    dst_monday = dt.date(2026, 10, 19)
    dst_week = [dst_monday + dt.timedelta(days=n) for n in range(7)]
    nights = plan_flexible_nights(
        Schedule(TIMES_PER_WEEK, times_per_week=3), dst_monday, dst_monday, set()
    )
    assert sorted(nights) == [dst_week[0], dst_week[2], dst_week[4]]


# --- the planner for "N times a week" -------------------------------------------------------


def three_a_week(**span) -> Schedule:
    return Schedule(TIMES_PER_WEEK, times_per_week=3, **span)


def test_three_a_week_goes_on_nights_apart():
    assert sorted(plan_flexible_nights(three_a_week(), MON, MON, set())) == [MON, WED, FRI]


def test_the_planner_keeps_off_the_exfoliation_night():
    nights = plan_flexible_nights(three_a_week(), MON, MON, set(), avoid={WED})
    assert WED not in nights
    assert len(nights) == 3
    assert not any(
        b - a == dt.timedelta(days=1)
        for a, b in zip(sorted(nights), sorted(nights)[1:], strict=False)
    )


def test_with_every_night_taken_the_exfoliation_night_is_used_last():
    six = Schedule(TIMES_PER_WEEK, times_per_week=6)
    nights = plan_flexible_nights(six, MON, MON, set(), avoid={WED})
    assert len(nights) == 6 and WED not in nights
    seven_needed = plan_flexible_nights(six, MON, WED, set(), avoid={WED})
    # From Wednesday on five nights remain for six times: all five, Wednesday included.
    assert sorted(seven_needed) == [WED, THU, FRI, SAT, SUN]


def test_done_nights_count_and_the_rest_is_planned_from_today():
    nights = plan_flexible_nights(three_a_week(), MON, THU, {MON})
    assert MON in nights and len(nights) == 3
    assert min(n for n in nights if n != MON) >= THU
    assert plan_flexible_nights(three_a_week(), MON, THU, {MON, TUE, WED}) == {MON, TUE, WED}


def test_the_planner_avoids_nights_next_to_one_already_done():
    nights = plan_flexible_nights(Schedule(TIMES_PER_WEEK, times_per_week=2), MON, TUE, {MON})
    assert sorted(nights) == [MON, WED]


def test_a_flexible_step_that_starts_mid_week_is_planned_inside_its_span():
    nights = plan_flexible_nights(three_a_week(first_day=FRI), MON, MON, set())
    assert sorted(nights) == [FRI, SAT, SUN]


def test_the_plan_for_next_week_places_flexible_retinoid_nights_off_the_exfoliation_night():
    retinoid = rules.Product(1, "Retinal", "retinoid")
    step = rules.RoutineStep(1, "Evening", "pm", 1, times_per_week=3)
    log = rules.Log({1: retinoid}, active_steps=[step])
    plan = rules.plan_next_week(log, MON - dt.timedelta(days=7), today=MON - dt.timedelta(days=1))
    assert plan.exfoliation_day == WED
    assert WED not in plan.retinoid_nights and len(plan.retinoid_nights) == 3


# --- spans for steps made before spans existed ----------------------------------------------


def test_a_step_in_use_starts_on_its_creation_day_or_first_application_if_earlier():
    created = dt.datetime(2026, 11, 10, 23, 30, tzinfo=dt.UTC)  # 11 Nov in Berlin
    assert derive_span(created, "Europe/Berlin", [], True) == (dt.date(2026, 11, 11), None)
    assert derive_span(created, "Europe/Berlin", [dt.date(2026, 11, 2)], True) == (
        dt.date(2026, 11, 2),
        None,
    )


def test_a_removed_step_spans_its_applications_and_without_any_it_never_owed_a_day():
    created = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)
    days = [dt.date(2026, 11, 5), dt.date(2026, 11, 9)]
    assert derive_span(created, "UTC", days, False) == (dt.date(2026, 11, 1), dt.date(2026, 11, 9))
    assert derive_span(created, "UTC", [], False) == (None, None)


def test_times_done_by_an_earlier_version_of_the_step_are_not_counted_again():
    """The new version started on Wednesday: Monday's time belonged to the old one, and last
    week's times count for nothing this week."""
    nights = plan_flexible_nights(
        Schedule(TIMES_PER_WEEK, times_per_week=2, first_day=WED),
        MON,
        MON,
        {MON, MON - dt.timedelta(days=2)},
    )
    assert len(nights) == 2 and min(nights) >= WED


def test_a_week_already_done_more_often_than_asked_plans_nothing_more():
    done = {MON, TUE, WED}
    assert plan_flexible_nights(Schedule(TIMES_PER_WEEK, times_per_week=2), MON, MON, done) == done


def test_a_flexible_step_without_a_count_is_given_no_nights():
    assert plan_flexible_nights(Schedule(TIMES_PER_WEEK), MON, MON, set()) == frozenset()


def test_a_step_in_use_with_no_creation_time_nor_application_has_no_start():
    assert derive_span(None, "UTC", [], True) == (None, None)


def test_an_unknown_time_zone_dates_the_start_in_utc_not_in_the_servers_zone(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Pacific/Auckland")
    time.tzset()
    try:
        created = dt.datetime(2026, 11, 10, 20, tzinfo=dt.UTC)  # already 11 Nov in Auckland
        assert derive_span(created, "Not/A_Zone", [], True) == (dt.date(2026, 11, 10), None)
    finally:
        monkeypatch.undo()
        time.tzset()
