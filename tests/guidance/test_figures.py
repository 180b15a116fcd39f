"""The weekly review's figures, on plain dataclasses (no database, no Django)."""

from datetime import date, timedelta

from skintrack.guidance.figures import StepSchedule, week_figures
from skintrack.guidance.rules import Application, DayNote, Log, Observation, Product
from skintrack.routines.schedule import Schedule

MON = date(2026, 11, 23)  # Monday of ISO week 2026-W48
SUN = date(2026, 11, 29)
NEXT_MON = date(2026, 11, 30)
AFTER_THE_WEEK = date(2026, 12, 2)


def day(n: int) -> date:
    """The n-th day after MON (0 is Monday, 6 is Sunday, -1 the Sunday before)."""
    return MON + timedelta(days=n)


CLEANSER = Product(1, "Gel cleanser", "cleanser")
SUNSCREEN = Product(2, "Fluid SPF 50", "sunscreen", spf=50, broad_spectrum=True)
RETINOID = Product(3, "Adapalene gel", "retinoid", frozenset({"retinoid"}))
AHA = Product(4, "Glycolic toner", "chemical_exfoliant", frozenset({"aha"}))
MASK = Product(5, "Clay mask", "other")
TINTED = Product(6, "Tinted SPF 15", "sunscreen", spf=15)
PRODUCTS = {p.id: p for p in (CLEANSER, SUNSCREEN, RETINOID, AHA, MASK, TINTED)}


def am(d: date, product: Product, area: str = "face") -> Application:
    return Application(d, "am", product.id, area)


def pm(d: date, product: Product, area: str = "face") -> Application:
    return Application(d, "pm", product.id, area)


def log(apps=(), notes=(), observations=()) -> Log:
    return Log(PRODUCTS, apps, notes, observations)


RETINOID_MWF = StepSchedule(
    1, "Adapalene gel", "pm", Schedule(kind="weekdays", weekdays=(0, 2, 4)), RETINOID.id
)
MASK_3_A_WEEK = StepSchedule(
    2, "Clay mask", "pm", Schedule(kind="times_per_week", times_per_week=3), MASK.id
)
DAILY_CLEANSER = StepSchedule(3, "Gel cleanser", "am", Schedule(), CLEANSER.id)


def test_a_weekdays_step_is_due_on_its_weekdays_only():
    # Monday and Friday done, Wednesday missed; Tuesday's extra night is not counted.
    figures = week_figures(
        log([pm(day(0), RETINOID), pm(day(1), RETINOID), pm(day(4), RETINOID)]),
        [RETINOID_MWF],
        MON,
        AFTER_THE_WEEK,
    )
    (step,) = figures.steps
    assert (step.done, step.due, step.missed, step.percent) == (2, 3, 1, 67)


def test_a_times_per_week_step_is_owed_its_count_however_often_it_is_done():
    three_done = log([pm(day(n), MASK) for n in (0, 2, 4)])
    four_done = log([pm(day(n), MASK) for n in (0, 2, 3, 5)])
    one_done = log([pm(day(6), MASK)])
    for history, expected in ((three_done, (3, 3)), (four_done, (3, 3)), (one_done, (1, 3))):
        (step,) = week_figures(history, [MASK_3_A_WEEK], MON, AFTER_THE_WEEK).steps
        assert (step.done, step.due) == expected


def test_adherence_counts_the_days_up_to_today_and_sums_over_steps():
    history = log(
        [pm(day(0), RETINOID), pm(day(0), MASK)]
        + [am(day(n), CLEANSER) for n in (0, 1)]
        + [pm(day(4), RETINOID), am(day(5), CLEANSER)]  # after "today": not judged
    )
    steps = [RETINOID_MWF, MASK_3_A_WEEK, DAILY_CLEANSER]
    figures = week_figures(history, steps, MON, today=day(2))  # Wednesday
    assert [(s.done, s.due) for s in figures.steps] == [(1, 2), (1, 3), (2, 3)]
    assert (figures.steps_done, figures.steps_due, figures.adherence) == (4, 8, 50)
    assert [s.step.label for s in figures.most_missed()] == ["Clay mask", "Adapalene gel"]


def test_a_step_counts_as_done_only_in_its_own_period_and_area():
    history = log([am(day(0), RETINOID), pm(day(2), RETINOID, area="eye")])
    (step,) = week_figures(history, [RETINOID_MWF], MON, AFTER_THE_WEEK).steps
    assert (step.done, step.due) == (0, 3)


def test_a_sunday_retinoid_night_is_judged_by_the_next_mondays_sunscreen():
    history = log([pm(SUN, RETINOID), am(NEXT_MON, SUNSCREEN)])
    figures = week_figures(history, [], MON, AFTER_THE_WEEK)
    assert figures.retinoid_nights_covered == (SUN,)
    assert figures.retinoid_nights_uncovered == ()
    # The Monday morning belongs to the next week's sunscreen count, not its retinoid nights.
    following = week_figures(history, [], NEXT_MON, AFTER_THE_WEEK)
    assert following.retinoid_nights == 0
    assert following.sunscreen_mornings == (NEXT_MON,)


def test_a_retinoid_night_without_sunscreen_next_morning_is_counted_apart():
    history = log([pm(day(1), RETINOID), am(day(2), SUNSCREEN), pm(day(3), RETINOID)])
    history = log([*history.applications, pm(SUN, RETINOID)])
    figures = week_figures(history, [], MON, AFTER_THE_WEEK)
    assert figures.retinoid_nights_covered == (day(1),)
    assert figures.retinoid_nights_uncovered == (day(3), SUN)
    assert (figures.retinoid_nights, figures.retinoid_nights_judged) == (3, 3)


def test_a_retinoid_night_whose_morning_has_not_come_is_pending():
    figures = week_figures(log([pm(SUN, RETINOID)]), [], MON, today=SUN)
    assert figures.retinoid_nights_pending == (SUN,)
    assert figures.retinoid_nights_judged == 0


def test_a_retinoid_night_whose_morning_is_today_is_pending_until_sunscreen_is_logged():
    waiting = week_figures(log([pm(SUN, RETINOID)]), [], MON, today=NEXT_MON)
    assert waiting.retinoid_nights_pending == (SUN,)
    assert waiting.retinoid_nights_uncovered == ()
    done = week_figures(log([pm(SUN, RETINOID), am(NEXT_MON, SUNSCREEN)]), [], MON, NEXT_MON)
    assert done.retinoid_nights_covered == (SUN,)
    assert done.retinoid_nights_pending == ()


def test_this_mornings_sunscreen_is_pending_not_missed():
    history = log([am(day(n), SUNSCREEN) for n in (0, 1)])
    figures = week_figures(history, [], MON, today=day(2))
    assert figures.mornings_pending == (day(2),)
    assert (len(figures.sunscreen_mornings), figures.mornings_judged) == (2, 2)
    history = log([*history.applications, am(day(2), SUNSCREEN)])
    figures = week_figures(history, [], MON, today=day(2))
    assert figures.mornings_pending == ()
    assert (len(figures.sunscreen_mornings), figures.mornings_judged) == (3, 3)
    over = week_figures(log(), [], MON, AFTER_THE_WEEK)
    assert (over.mornings_pending, over.mornings_judged) == ((), 7)


def test_sunscreen_counts_broad_spectrum_mornings_of_the_days_judged():
    history = log(
        [am(day(n), SUNSCREEN) for n in (0, 1, 3, 5, 6)]
        + [pm(day(2), SUNSCREEN)]  # evening: not a sunscreen morning
        + [am(day(4), TINTED)]  # not broad-spectrum
        + [am(day(-1), SUNSCREEN)]  # the Sunday before
    )
    figures = week_figures(history, [], MON, AFTER_THE_WEEK)
    assert figures.sunscreen_mornings == (day(0), day(1), day(3), day(5), day(6))
    assert figures.days_judged == 7
    midweek = week_figures(history, [], MON, today=day(2))
    assert (len(midweek.sunscreen_mornings), midweek.days_judged) == (2, 3)


def test_exfoliation_days_count_facial_exfoliants_once_a_day():
    history = log(
        [pm(day(1), AHA), am(day(1), AHA), pm(day(4), AHA), pm(day(5), AHA, area="other")]
    )
    figures = week_figures(history, [], MON, AFTER_THE_WEEK)
    assert figures.exfoliation_days == (day(1), day(4))


def test_makeup_nights_and_removals():
    notes = [
        DayNote(day(0), makeup_worn=True, makeup_removed=True),
        DayNote(day(2), makeup_worn=True),
        DayNote(day(3), makeup_removed=True),  # no makeup worn: not a makeup night
        DayNote(day(7), makeup_worn=True),  # next week
    ]
    figures = week_figures(log(notes=notes), [], MON, AFTER_THE_WEEK)
    assert figures.makeup_nights == (day(0), day(2))
    assert figures.makeup_removed == (day(0),)


def test_milia_per_area_at_the_start_and_end_of_the_week():
    # The start is the latest count before the week (strictly before its Monday): a count
    # made on Monday belongs to the week, so each week's change adds up to the total change.
    observations = [
        Observation(day(-4), "eyelids", 4),
        Observation(day(2), "eyelids", 6),
        Observation(day(-2), "cheeks", 2),  # the start
        Observation(day(0), "cheeks", 3),  # Monday's own count is not the start
        Observation(day(5), "cheeks", 1),
        Observation(day(4), "nose", 2),  # first counted this week
        Observation(day(-10), "forehead", 0),
        Observation(day(3), "forehead", 0),  # nothing either side: left out
        Observation(day(1), "other", 1, area_other=" Chest "),
        Observation(NEXT_MON, "eyelids", 9),  # after the week
    ]
    names = {"eyelids": "Eyelids", "cheeks": "Cheeks", "nose": "Nose"}
    figures = week_figures(log(observations=observations), [], MON, AFTER_THE_WEEK, names)
    rows = [(a.name, a.start, a.end, a.change) for a in figures.milia]
    assert rows == [
        ("Eyelids", 4, 6, 2),
        ("Cheeks", 2, 1, -1),
        ("Nose", None, 2, None),
        ("Chest", None, 1, None),
    ]
    assert (figures.milia_start, figures.milia_end, figures.milia_change) == (6, 10, 4)


def test_milia_counted_on_mondays_change_week_by_week_and_add_up_to_the_total_change():
    observations = [
        Observation(day(-14), "cheeks", 3),
        Observation(day(-7), "cheeks", 5),
        Observation(day(0), "cheeks", 8),
        Observation(NEXT_MON, "cheeks", 12),
    ]
    history = log(observations=observations)
    weeks = [week_figures(history, [], monday, AFTER_THE_WEEK) for monday in (day(-7), MON)]
    weeks.append(week_figures(history, [], NEXT_MON, AFTER_THE_WEEK))
    assert [(w.milia_start, w.milia_end, w.milia_change) for w in weeks] == [
        (3, 5, 2),
        (5, 8, 3),
        (8, 12, 4),
    ]


def test_milia_at_the_end_of_a_week_in_progress_stop_at_today():
    observations = [Observation(day(-1), "cheeks", 2), Observation(day(1), "cheeks", 3)]
    observations += [Observation(day(5), "cheeks", 8)]
    figures = week_figures(log(observations=observations), [], MON, today=day(3))
    assert [(a.start, a.end) for a in figures.milia] == [(2, 3)]


def test_an_empty_week_has_zeros_and_no_percentages():
    figures = week_figures(log(), [DAILY_CLEANSER], MON, AFTER_THE_WEEK)
    assert figures.days_judged == 7
    assert [(s.done, s.due) for s in figures.steps] == [(0, 7)]
    assert figures.adherence == 0
    nothing = week_figures(log(), [], MON, AFTER_THE_WEEK)
    assert nothing.adherence is None
    assert nothing.exfoliation_days == nothing.sunscreen_mornings == nothing.makeup_nights == ()
    assert nothing.retinoid_nights == 0
    assert nothing.milia == ()
    assert nothing.milia_start is nothing.milia_end is nothing.milia_change is None
    assert nothing.most_missed() == []


def test_a_week_that_has_not_started_judges_nothing():
    figures = week_figures(log([am(NEXT_MON, SUNSCREEN)]), [DAILY_CLEANSER], NEXT_MON, SUN)
    assert figures.days_judged == 0
    assert [(s.done, s.due) for s in figures.steps] == [(0, 0)]
    assert figures.sunscreen_mornings == ()


def test_a_week_that_has_not_started_still_names_its_monday():
    assert week_figures(log(), [DAILY_CLEANSER], NEXT_MON, SUN).week_start == NEXT_MON


def test_a_step_done_every_day_it_was_due_is_at_100_percent():
    history = log([am(day(n), CLEANSER) for n in range(7)])
    (step,) = week_figures(history, [DAILY_CLEANSER], MON, AFTER_THE_WEEK).steps
    assert (step.done, step.due, step.percent) == (7, 7, 100)


def test_a_times_a_week_step_without_a_count_owes_nothing_even_on_a_day_it_was_done():
    uncounted = StepSchedule(4, "Clay mask", "pm", Schedule(kind="times_per_week"), MASK.id)
    (step,) = week_figures(log([pm(day(2), MASK)]), [uncounted], MON, AFTER_THE_WEEK).steps
    assert (step.done, step.due) == (0, 0)


def test_a_count_made_today_is_the_end_of_a_week_in_progress():
    observations = [Observation(day(-1), "cheeks", 2), Observation(day(3), "cheeks", 5)]
    figures = week_figures(log(observations=observations), [], MON, today=day(3))
    assert [(a.start, a.end) for a in figures.milia] == [(2, 5)]


def test_a_place_that_cleared_during_the_week_is_still_listed_with_its_start():
    observations = [Observation(day(-3), "cheeks", 3), Observation(day(2), "cheeks", 0)]
    figures = week_figures(log(observations=observations), [], MON, AFTER_THE_WEEK)
    assert [(a.place, a.start, a.end, a.change) for a in figures.milia] == [("cheeks", 3, 0, -3)]


def test_unusual_places_are_listed_each_on_its_own_and_one_place_in_any_case_once():
    observations = [
        Observation(day(1), "other", 2, area_other="Neck"),
        Observation(day(2), "other", 1, area_other="back"),
        Observation(day(3), "other", 4, area_other=" neck"),
    ]
    figures = week_figures(log(observations=observations), [], MON, AFTER_THE_WEEK)
    assert [(a.name, a.end) for a in figures.milia] == [("Back", 1), ("Neck", 4)]


def test_an_unusual_place_left_unnamed_is_listed_under_the_pages_name_for_elsewhere():
    observations = [Observation(day(1), "other", 2)]
    history = log(observations=observations)
    (unnamed,) = week_figures(history, [], MON, AFTER_THE_WEEK).milia
    assert unnamed.name == "Elsewhere"
    named = {"other": "Somewhere else"}
    (unnamed,) = week_figures(history, [], MON, AFTER_THE_WEEK, named).milia
    assert unnamed.name == "Somewhere else"


def test_a_retinoid_put_on_in_the_morning_is_not_a_retinoid_night():
    figures = week_figures(log([am(day(1), RETINOID)]), [], MON, AFTER_THE_WEEK)
    assert figures.retinoid_nights == 0
    assert figures.retinoid_nights_uncovered == ()


def test_once_this_morning_is_over_last_nights_retinoid_without_sunscreen_is_missed():
    history = log([pm(day(2), RETINOID)])
    before_noon = week_figures(history, [], MON, today=day(3), morning_over=False)
    assert before_noon.retinoid_nights_pending == (day(2),)
    after_noon = week_figures(history, [], MON, today=day(3), morning_over=True)
    assert after_noon.retinoid_nights_uncovered == (day(2),)
    assert after_noon.retinoid_nights_pending == ()


def test_a_week_names_its_monday_and_each_step_even_before_it_starts():
    assert week_figures(log(), [DAILY_CLEANSER], MON, AFTER_THE_WEEK).week_start == MON
    (step,) = week_figures(log(), [DAILY_CLEANSER], NEXT_MON, SUN).steps
    assert step.step == DAILY_CLEANSER


def test_only_steps_actually_missed_are_among_the_most_missed():
    history = log([am(day(n), CLEANSER) for n in range(7)])
    figures = week_figures(history, [DAILY_CLEANSER, RETINOID_MWF], MON, AFTER_THE_WEEK)
    assert [s.step for s in figures.most_missed()] == [RETINOID_MWF]
    everything_done = week_figures(history, [DAILY_CLEANSER], MON, AFTER_THE_WEEK)
    assert everything_done.most_missed() == []
