"""The guidance rules, rule by rule, on plain dataclasses (no database, no Django)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from skintrack.guidance.rules import (
    RULE_IDS,
    Application,
    DayNote,
    Finding,
    IngredientFact,
    Log,
    Observation,
    Product,
    RoutineStep,
    Severity,
    Thresholds,
    Visit,
    dashboard,
    exfoliation_night,
    flexible_retinoid_nights,
    fmt,
    iso_week_label,
    local_date,
    plan_next_week,
    planned_clashes,
    review_week,
    week_bounds,
)

MON = date(2026, 11, 23)  # Monday of ISO week 2026-W48
SUN = date(2026, 11, 29)
NEXT_MON = date(2026, 11, 30)


def day(n: int) -> date:
    """The n-th day after MON (0 is Monday, 6 is Sunday, -1 the Sunday before)."""
    return MON + timedelta(days=n)


def ingredient(name: str, rating: int | None = None, *marks: str) -> IngredientFact:
    return IngredientFact(name, rating, frozenset(marks))


CLEANSER = Product(1, "Gentle gel cleanser", "cleanser", comedogenic="no")
SUNSCREEN = Product(2, "Fluid SPF 50", "sunscreen", spf=50, broad_spectrum=True, comedogenic="no")
RETINOID = Product(3, "Retinol 0.3%", "retinoid", frozenset({"retinoid"}), comedogenic="no")
AHA = Product(4, "Glycolic toner", "chemical_exfoliant", frozenset({"aha"}), comedogenic="no")
BHA = Product(5, "Salicylic serum", "serum", frozenset({"bha"}), comedogenic="no")
SCRUB = Product(6, "Apricot scrub", "physical_scrub")
LOTION = Product(7, "Light lotion", "moisturizer", comedogenic="no")
STEROID = Product(8, "Hydrocortisone 1%", "medication", frozenset({"corticosteroid"}))
TINTED = Product(9, "Tinted SPF 15", "sunscreen", spf=15)
EYE_BALM = Product(10, "Rich eye balm", "eye_cream", texture="occlusive")
EYE_GEL = Product(11, "Cooling eye gel", "eye_cream", comedogenic="no")
PRODUCTS = (CLEANSER, SUNSCREEN, RETINOID, AHA, BHA, SCRUB, LOTION, STEROID, TINTED, EYE_BALM)
PRODUCTS += (EYE_GEL,)


def am(d: date, product: Product, area: str = "face") -> Application:
    return Application(d, "am", product.id, area)


def pm(d: date, product: Product, area: str = "face") -> Application:
    return Application(d, "pm", product.id, area)


def step(product: Product, period: str = "pm", area: str = "face", weekdays=range(7), **when):
    """A routine step; `when` takes the other schedule facts (interval_days, start_date,
    times_per_week)."""
    return RoutineStep(product.id, "Routine", period, product.id, area, frozenset(weekdays), **when)


def obs(d: date, area: str = "cheeks", count: int = 3, **kw) -> Observation:
    return Observation(d, area, count, **kw)


def make_log(apps=(), notes=(), observations=(), visits=(), steps=(), products=PRODUCTS) -> Log:
    return Log({p.id: p for p in products}, apps, notes, observations, visits, steps)


DEFAULTS = Thresholds()


def review(log: Log, rule_id: str, week_start=MON, today=None, th=DEFAULTS) -> list[Finding]:
    return [f for f in review_week(log, week_start, th, today) if f.rule_id == rule_id]


def severities(log: Log, rule_id: str, **kw) -> list[Severity]:
    return [f.severity for f in review(log, rule_id, **kw)]


def daily(product: Product, days=range(7), at=am) -> list[Application]:
    return [at(day(n), product) for n in days]


# --- dates ---------------------------------------------------------------------


def test_week_bounds_run_monday_to_sunday():
    assert week_bounds(day(3)) == (MON, SUN)
    assert week_bounds(SUN) == (MON, SUN)


def test_iso_week_label_uses_the_iso_year_and_week():
    assert iso_week_label(MON) == "2026-W48"
    assert iso_week_label(date(2027, 1, 1)) == "2026-W53"


@pytest.mark.parametrize(
    ("moment", "zone", "expected"),
    [
        (datetime(2026, 11, 29, 10, 30, tzinfo=UTC), "Pacific/Auckland", date(2026, 11, 29)),
        (datetime(2026, 11, 29, 11, 30, tzinfo=UTC), "Pacific/Auckland", date(2026, 11, 30)),
        (datetime(2026, 11, 29, 23, 30, tzinfo=UTC), "Pacific/Auckland", date(2026, 11, 30)),
        (datetime(2026, 11, 30, 0, 30, tzinfo=UTC), "Pacific/Honolulu", date(2026, 11, 29)),
        (datetime(2026, 11, 30, 9, 30, tzinfo=UTC), "Pacific/Honolulu", date(2026, 11, 29)),
        (datetime(2026, 11, 30, 10, 30, tzinfo=UTC), "Pacific/Honolulu", date(2026, 11, 30)),
    ],
)
def test_local_date_puts_late_evenings_on_the_persons_own_day(moment, zone, expected):
    assert local_date(moment, ZoneInfo(zone)) == expected


def test_local_date_refuses_a_naive_datetime():
    with pytest.raises(ValueError):
        local_date(datetime(2026, 11, 29, 23, 30), ZoneInfo("Pacific/Auckland"))


# --- EXF-1 / EXF-2 / EXF-3 ---------------------------------------------------------


def test_no_exfoliation_in_a_week_is_an_info_suggesting_a_night_without_retinoid():
    steps = [step(RETINOID, weekdays={0, 2, 4})]
    [finding] = review(make_log(steps=steps), "EXF-1")
    assert finding.severity == Severity.INFO
    assert "Tuesday" in finding.explanation  # Wednesday and Monday are retinoid nights


def test_one_exfoliation_in_a_week_is_ok():
    assert severities(make_log([pm(day(2), AHA)]), "EXF-1") == [Severity.OK]


def test_two_exfoliations_in_a_week_are_ok():
    assert severities(make_log([pm(day(1), AHA), pm(day(4), AHA)]), "EXF-1") == [Severity.OK]


def test_three_exfoliations_in_a_week_is_a_warning():
    log = make_log([pm(day(0), AHA), pm(day(2), AHA), pm(day(4), BHA)])
    [finding] = review(log, "EXF-1")
    assert finding.severity == Severity.WARNING
    assert [e.day for e in finding.evidence] == [day(0), day(2), day(4)]


def test_staff_can_lower_the_exfoliation_limit():
    log = make_log([pm(day(1), AHA), pm(day(4), AHA)])
    th = Thresholds(max_exfoliations_per_week=2)
    assert severities(log, "EXF-1", th=th) == [Severity.WARNING]


def test_two_exfoliants_on_one_evening_count_as_one_exfoliation_day():
    log = make_log([pm(day(0), AHA), pm(day(0), BHA), pm(day(3), AHA)])
    assert severities(log, "EXF-1") == [Severity.OK]


def test_an_ingredient_marked_aha_makes_a_product_an_exfoliant():
    toner = Product(20, "Toner", "other", ingredients=(ingredient("lactic acid", 0, "aha"),))
    assert toner.is_exfoliant
    assert not LOTION.is_exfoliant


def test_exfoliating_two_days_in_a_row_is_a_warning():
    [finding] = review(make_log([pm(day(1), AHA), pm(day(2), AHA)]), "EXF-2")
    assert finding.severity == Severity.WARNING
    assert finding.evidence[0].day == day(2)


def test_exfoliating_two_days_apart_is_ok():
    assert severities(make_log([pm(day(1), AHA), pm(day(3), AHA)]), "EXF-2") == [Severity.OK]


def test_exfoliating_on_sunday_and_monday_is_reported_in_the_week_of_the_monday():
    log = make_log([pm(SUN, AHA), pm(NEXT_MON, AHA)])
    assert severities(log, "EXF-2") == [Severity.OK]
    assert severities(log, "EXF-2", week_start=NEXT_MON) == [Severity.WARNING]


def test_a_physical_scrub_is_a_warning():
    [finding] = review(make_log([am(day(2), SCRUB)]), "EXF-3")
    assert finding.severity == Severity.WARNING
    assert "Apricot scrub" in finding.evidence[0].label


def test_a_cleanser_with_an_abrasive_ingredient_counts_as_a_scrub():
    beads = Product(
        21, "Bead wash", "cleanser", ingredients=(ingredient("jojoba beads", 0, "abrasive"),)
    )
    log = make_log([am(day(1), beads)], products=PRODUCTS + (beads,))
    assert severities(log, "EXF-3") == [Severity.WARNING]


def test_a_scrub_used_on_the_body_is_a_warning_too():
    [finding] = review(make_log([pm(day(2), SCRUB, area="other")]), "EXF-3")
    assert finding.severity == Severity.WARNING
    assert finding.evidence[0].label == "Apricot scrub on Wed 25 Nov"


# --- RET-1 / RET-2 / CNF-1 -----------------------------------------------------------


def test_a_retinoid_in_the_morning_is_a_warning():
    assert severities(make_log([am(day(1), RETINOID)]), "RET-1") == [Severity.WARNING]


def test_a_retinoid_in_the_evening_is_ok_for_ret_1():
    assert severities(make_log([pm(day(1), RETINOID)]), "RET-1") == [Severity.OK]


def test_a_retinoid_on_sunday_evening_without_sunscreen_on_monday_is_a_warning_in_its_week():
    [finding] = review(make_log([pm(SUN, RETINOID)]), "RET-2")
    assert finding.severity == Severity.WARNING
    assert finding.evidence[0].label == "Retinol 0.3% on Sun 29 Nov, no sunscreen Mon 30 Nov"
    assert finding.key == "RET-2:2026-W48"


def test_a_retinoid_on_sunday_evening_with_sunscreen_on_monday_is_ok():
    log = make_log([pm(SUN, RETINOID), am(NEXT_MON, SUNSCREEN)])
    assert severities(log, "RET-2") == [Severity.OK]


def test_a_sunday_retinoid_is_not_judged_again_in_the_following_week():
    log = make_log([pm(SUN, RETINOID)])
    assert severities(log, "RET-2", week_start=NEXT_MON) == [Severity.OK]


def test_a_sunday_retinoid_is_not_judged_while_monday_is_still_in_the_future():
    log = make_log([pm(SUN, RETINOID)])
    assert severities(log, "RET-2", today=SUN) == [Severity.OK]
    # On Monday the sunscreen is still due that morning; from Tuesday it was missed.
    assert severities(log, "RET-2", today=NEXT_MON) == [Severity.OK]
    assert severities(log, "RET-2", today=NEXT_MON + timedelta(days=1)) == [Severity.WARNING]


def test_on_monday_morning_last_weeks_sunday_retinoid_waits_for_this_mornings_sunscreen():
    log = make_log([pm(SUN, RETINOID)] + daily(SUNSCREEN))
    due = [f.key for f in dashboard(log, NEXT_MON)]
    assert "RET-2:due:2026-11-30" in due  # the today page: sunscreen is due this morning
    [finding] = review(log, "RET-2", today=NEXT_MON)
    assert (finding.severity, finding.title) == (
        Severity.OK,
        "Sunscreen after each retinoid night so far",
    )
    covered = make_log([pm(SUN, RETINOID), am(NEXT_MON, SUNSCREEN)])
    [finding] = review(covered, "RET-2", today=NEXT_MON)
    assert (finding.severity, finding.title) == (
        Severity.OK,
        "Sunscreen after each retinoid night",
    )


def test_a_sunscreen_without_broad_spectrum_does_not_cover_the_morning_after_a_retinoid():
    log = make_log([pm(day(1), RETINOID), am(day(2), TINTED)])
    assert severities(log, "RET-2") == [Severity.WARNING]


def test_a_retinoid_and_an_aha_on_the_same_evening_is_a_warning():
    [finding] = review(make_log([pm(day(3), RETINOID), pm(day(3), AHA)]), "CNF-1")
    assert finding.severity == Severity.WARNING
    assert finding.evidence[0].day == day(3)


def test_a_retinoid_and_an_aha_on_different_evenings_is_ok():
    log = make_log([pm(day(3), RETINOID), pm(day(4), AHA)])
    assert severities(log, "CNF-1") == [Severity.OK]


def test_a_retinoid_and_a_scrub_on_the_same_evening_is_a_warning():
    log = make_log([pm(day(3), RETINOID), pm(day(3), SCRUB)])
    assert severities(log, "CNF-1") == [Severity.WARNING]


# --- SUN-1 -----------------------------------------------------------------------


def test_sunscreen_on_seven_of_seven_mornings_is_ok():
    assert severities(make_log(daily(SUNSCREEN)), "SUN-1") == [Severity.OK]


def test_sunscreen_on_six_of_seven_mornings_is_an_info_naming_the_missed_day():
    [finding] = review(make_log(daily(SUNSCREEN, days=range(6))), "SUN-1")
    assert finding.severity == Severity.INFO
    assert "6 of 7" in finding.title
    assert [e.day for e in finding.evidence] == [SUN]


def test_a_broad_spectrum_day_cream_with_spf_30_counts_as_sun_protection():
    spf_cream = Product(40, "Day cream SPF 30", "moisturizer", spf=30, broad_spectrum=True)
    log = make_log(daily(spf_cream), products=PRODUCTS + (spf_cream,))
    [finding] = review(log, "SUN-1")
    assert (finding.severity, finding.title) == (Severity.OK, "Sunscreen every morning (7 of 7)")


@pytest.mark.parametrize(
    ("spf", "broad", "why"),
    [
        (29, True, "its SPF 29 is below 30"),
        (50, False, "it isn't marked broad-spectrum"),
        (15, False, "its SPF 15 is below 30 and it isn't marked broad-spectrum"),
    ],
)
def test_weak_sun_protection_misses_the_morning_and_says_why(spf, broad, why):
    cream = Product(40, "Day cream", "moisturizer", spf=spf, broad_spectrum=broad)
    log = make_log(daily(cream), products=PRODUCTS + (cream,))
    missed, hint = review(log, "SUN-1")
    assert missed.title == "Sunscreen on 0 of 7 mornings"
    assert hint.title == "Choose a broad-spectrum sunscreen"
    assert f"Day cream: {why}" in hint.explanation


def test_staff_can_raise_the_spf_that_protects():
    strict = Product(2, "Fluid SPF 50", "sunscreen", spf=50, broad_spectrum=True, protective_spf=60)
    log = make_log(daily(strict), products=(strict,))
    assert [f.title for f in review(log, "SUN-1")][0] == "Sunscreen on 0 of 7 mornings"


def test_corticosteroids_count_by_category_actives_or_ingredient_marks_once_a_day():
    by_category = Product(50, "Prescribed cream", "medication")
    by_mark = Product(
        51,
        "Itch cream",
        "moisturizer",
        ingredients=(ingredient("hydrocortisone", None, "corticosteroid"),),
    )
    both = (by_category, by_mark, STEROID)
    apps = [Application(day(n), "pm", p.id) for n in range(14) for p in both]
    # Fourteen days of 28, three products a day: fourteen days, not forty-two.
    log = make_log(apps, products=PRODUCTS + both[:2])
    [finding] = review(log, "RSK-1", week_start=day(7), today=day(13))
    assert finding.severity == Severity.INFO
    assert finding.evidence[0].label.startswith("14 days")
    fewer = make_log(apps[: 13 * 3], products=PRODUCTS + both[:2])
    assert severities(fewer, "RSK-1", week_start=day(7), today=day(13)) == [Severity.OK]


def test_sunscreen_is_only_judged_up_to_today():
    log = make_log(daily(SUNSCREEN, days=range(3)))
    assert severities(log, "SUN-1", today=day(2)) == [Severity.OK]


def test_this_mornings_sunscreen_is_still_due_not_missed_in_the_current_week():
    two_mornings = make_log(daily(SUNSCREEN, days=range(2)))
    [finding] = review(two_mornings, "SUN-1", today=day(2))
    assert (finding.severity, finding.title) == (Severity.OK, "Sunscreen every morning (2 of 2)")
    three_mornings = make_log(daily(SUNSCREEN, days=range(3)))
    [finding] = review(three_mornings, "SUN-1", today=day(2))
    assert finding.title == "Sunscreen every morning (3 of 3)"
    monday_only = make_log(daily(SUNSCREEN, days=[0]))
    [finding] = review(monday_only, "SUN-1", today=day(2))
    assert (finding.severity, finding.title) == (Severity.INFO, "Sunscreen on 1 of 2 mornings")
    assert [e.day for e in finding.evidence] == [day(1)]
    [finding] = review(make_log(), "SUN-1", today=MON)
    assert (finding.severity, finding.title) == (Severity.OK, "Nothing to judge yet")


def test_a_sunscreen_without_broad_spectrum_earns_a_choose_broad_spectrum_hint():
    findings = review(make_log(daily(SUNSCREEN) + [am(day(2), TINTED)]), "SUN-1")
    assert [(f.severity, f.title) for f in findings] == [
        (Severity.INFO, "Choose a broad-spectrum sunscreen")
    ]


# --- products: comedogenic, heavy; CLN-1 / PRD-1 -------------------------------------


def test_a_product_is_comedogenic_when_you_marked_it_so():
    assert Product(30, "Cream", "moisturizer", comedogenic="yes").comedogenic_verdict() == (
        True,
        "you marked it as comedogenic",
    )


def test_an_ingredient_rated_three_makes_a_product_comedogenic():
    cream = Product(30, "Cream", "moisturizer", ingredients=(ingredient("coconut oil", 3),))
    clogs, why = cream.comedogenic_verdict()
    assert clogs
    assert "coconut oil" in why and "3 of 5" in why


def test_an_ingredient_rated_two_does_not_make_a_product_comedogenic():
    cream = Product(30, "Cream", "moisturizer", ingredients=(ingredient("squalane", 2),))
    assert cream.comedogenic_verdict() == (False, "")


def test_your_not_comedogenic_mark_wins_over_a_rated_ingredient_and_both_are_shown():
    cream = Product(
        30, "Cream", "moisturizer", comedogenic="no", ingredients=(ingredient("coconut oil", 4),)
    )
    clogs, why = cream.comedogenic_verdict()
    assert not clogs
    assert "not comedogenic" in why and "coconut oil" in why
    log = make_log(steps=[step(cream, "am")], products=PRODUCTS + (cream,))
    # The flag decides (no warning); a rating of 4 against it is shown as a calm note.
    assert severities(log, "PRD-1") == [Severity.INFO]


def test_a_rich_texture_makes_a_product_heavy():
    assert Product(30, "Night cream", "moisturizer", texture="rich").is_heavy
    assert not LOTION.is_heavy


def test_a_comedogenic_routine_product_is_a_warning_naming_the_ingredient():
    cream = Product(30, "Cream", "moisturizer", ingredients=(ingredient("coconut oil", 4),))
    log = make_log(steps=[step(cream, "am")], products=PRODUCTS + (cream,))
    [finding] = review(log, "PRD-1")
    assert finding.severity == Severity.WARNING
    assert "coconut oil" in finding.explanation
    assert finding.key == "PRD-1:product:30"


def test_a_heavy_routine_product_is_a_warning_naming_the_texture():
    cream = Product(30, "Night cream", "moisturizer", texture="rich", comedogenic="no")
    log = make_log(steps=[step(cream)], products=PRODUCTS + (cream,))
    [finding] = review(log, "PRD-1")
    assert finding.severity == Severity.WARNING
    assert "rich" in finding.explanation


def test_light_non_comedogenic_routine_products_are_ok():
    log = make_log(steps=[step(LOTION, "am"), step(SUNSCREEN, "am"), step(EYE_GEL, area="eye")])
    assert severities(log, "PRD-1") == [Severity.OK]


def test_an_eye_product_is_raised_when_milia_were_seen_around_the_eyes_in_the_last_30_days():
    log = make_log(
        apps=[am(day(1), SCRUB)],
        observations=[obs(day(-20), "under_eyes", 4)],
        steps=[step(EYE_BALM, area="eye")],
    )
    warnings = [f for f in review_week(log, MON) if f.severity == Severity.WARNING]
    assert warnings[0].rule_id == "PRD-1"  # ahead of EXF-3 despite the rule-id order
    assert warnings[0].raised
    assert "eye area" in warnings[0].title.lower()


def test_an_eye_product_is_not_raised_when_eye_milia_are_older_than_30_days():
    log = make_log(observations=[obs(day(-30), "eyelids", 4)], steps=[step(EYE_BALM, area="eye")])
    [finding] = review(log, "PRD-1")
    assert finding.severity == Severity.WARNING
    assert not finding.raised


def test_a_comedogenic_cleanser_is_a_warning():
    cleanser = Product(31, "Cream cleanser", "cleanser", comedogenic="yes")
    log = make_log(steps=[step(cleanser, "am")], products=PRODUCTS + (cleanser,))
    [finding] = review(log, "CLN-1")
    assert finding.severity == Severity.WARNING
    assert "you marked it as comedogenic" in finding.explanation
    assert severities(log, "PRD-1") == [Severity.OK]  # reported once, by CLN-1


def test_a_mild_cleanser_is_ok():
    assert severities(make_log(steps=[step(CLEANSER, "am")]), "CLN-1") == [Severity.OK]


# --- MKP-1 / EXT-1 ---------------------------------------------------------------


def test_makeup_worn_and_not_removed_is_a_warning():
    notes = [DayNote(day(4), makeup_worn=True), DayNote(day(5), True, True)]
    [finding] = review(make_log(notes=notes), "MKP-1")
    assert finding.severity == Severity.WARNING
    assert [e.day for e in finding.evidence] == [day(4)]


def test_makeup_removed_before_bed_is_ok():
    notes = [DayNote(day(4), makeup_worn=True, makeup_removed=True)]
    assert severities(make_log(notes=notes), "MKP-1") == [Severity.OK]


def test_an_extraction_attempt_is_a_warning_styled_urgent_and_sorted_first_among_warnings():
    log = make_log([am(day(1), SCRUB)], notes=[DayNote(day(2), tried_extraction=True)])
    warnings = [f for f in review_week(log, MON) if f.severity == Severity.WARNING]
    assert warnings[0].rule_id == "EXT-1"
    assert warnings[0].styled_urgent
    assert warnings[0].learn_slug == "never-pop-milia"


def test_an_extraction_attempt_stays_on_the_dashboard_for_seven_days():
    log = make_log(notes=[DayNote(SUN, tried_extraction=True)])
    assert "EXT-1" in [f.rule_id for f in dashboard(log, SUN + timedelta(days=6))]
    assert "EXT-1" not in [f.rule_id for f in dashboard(log, SUN + timedelta(days=7))]


# --- DRM-1 .. DRM-4 ---------------------------------------------------------------


@pytest.mark.parametrize("symptom", ["pain", "itching", "redness", "swelling", "pus"])
def test_each_symptom_is_urgent(symptom):
    log = make_log(observations=[obs(day(2), symptoms=frozenset({symptom}))])
    [finding] = review(log, "DRM-1")
    assert finding.severity == Severity.URGENT
    assert symptom in finding.evidence[0].label


def test_drm_1_evidence_names_each_symptoms_severity():
    noted = obs(
        day(2),
        symptoms=frozenset({"swelling", "pain"}),
        severities=(("pain", "mild"), ("swelling", "severe")),
    )
    [finding] = review(make_log(observations=[noted]), "DRM-1")
    assert finding.evidence[0].label.startswith("Your cheeks: pain (mild), swelling (severe) on")


def test_an_observation_without_symptoms_is_ok_for_drm_1():
    assert severities(make_log(observations=[obs(day(2))]), "DRM-1") == [Severity.OK]


def test_symptoms_from_the_last_30_days_stay_on_the_dashboard():
    log = make_log(observations=[obs(day(0), symptoms=frozenset({"pain"})), obs(day(1), "nose")])
    assert "DRM-1" in [f.rule_id for f in dashboard(log, day(29))]
    log = make_log(
        observations=[obs(day(0), symptoms=frozenset({"pain"})), obs(day(1), "cheeks", 2)]
    )
    assert "DRM-1" not in [f.rule_id for f in dashboard(log, day(31))]


def test_symptoms_on_the_newest_observation_of_an_area_stay_on_the_dashboard():
    log = make_log(observations=[obs(day(0), "nose", symptoms=frozenset({"itching"}))])
    assert "DRM-1" in [f.rule_id for f in dashboard(log, day(60))]


def persisting(days: int, **kw) -> list[Finding]:
    """Cheeks milia first seen `days` before SUN and still there on SUN."""
    log = make_log(observations=[obs(SUN - timedelta(days=days), count=4), obs(SUN, count=3)], **kw)
    return review(log, "DRM-2")


def test_milia_persisting_89_days_are_not_yet_urgent():
    assert [f.severity for f in persisting(89)] == [Severity.OK]


def test_milia_persisting_90_days_are_urgent_for_3_months():
    [finding] = persisting(90)
    assert finding.severity == Severity.URGENT
    assert "3 months" in finding.title
    assert finding.learn_slug == "professional-treatments"


def test_an_observation_of_zero_resets_persistence():
    observations = [obs(SUN - timedelta(days=120)), obs(SUN - timedelta(days=60), count=0)]
    observations += [obs(SUN - timedelta(days=59)), obs(SUN)]
    assert severities(make_log(observations=observations), "DRM-2") == [Severity.OK]


def test_milia_counted_at_zero_last_are_not_persisting():
    observations = [obs(SUN - timedelta(days=120)), obs(SUN, count=0)]
    assert severities(make_log(observations=observations), "DRM-2") == [Severity.OK]


def test_a_recent_dermatologist_visit_snoozes_persistence_and_says_until_when():
    visit = SUN - timedelta(days=89)
    [finding] = persisting(120, visits=[Visit(visit)])
    assert (finding.severity, finding.calm) == (Severity.INFO, True)
    assert finding.title == f"Seen by a dermatologist on {fmt(visit)}"
    assert f"rests until {fmt(visit + timedelta(days=90))}" in finding.explanation


def test_the_visit_snooze_expires_after_90_days():
    findings = persisting(200, visits=[Visit(SUN - timedelta(days=90))])
    assert [f.severity for f in findings] == [Severity.URGENT]


def test_persistence_is_judged_as_of_today_when_the_week_is_not_over():
    log = make_log(observations=[obs(day(2) - timedelta(days=90)), obs(day(1))])
    assert severities(log, "DRM-2", today=day(1)) == [Severity.OK]
    assert severities(log, "DRM-2", today=day(2)) == [Severity.URGENT]


def sudden(increase: int, days_before: int = 20) -> list[Severity]:
    start = day(3) - timedelta(days=days_before)
    observations = [obs(start, "cheeks", 2), obs(start, "nose", 1), obs(day(-5), "nose", 2)]
    observations += [obs(day(3), "cheeks", 1 + increase)]  # lowest total 3, newest 3 + increase
    return severities(make_log(observations=observations), "DRM-3")


def test_an_increase_of_9_within_30_days_is_not_sudden():
    assert sudden(9) == [Severity.OK]


def test_an_increase_of_10_within_30_days_is_urgent():
    assert sudden(10) == [Severity.URGENT]
    assert sudden(10, days_before=30) == [Severity.URGENT]


def test_an_increase_of_10_from_a_low_that_had_risen_before_the_30_days_is_not_sudden():
    observations = [obs(day(3) - timedelta(days=45), "cheeks", 3)]
    observations += [obs(day(3) - timedelta(days=31), "cheeks", 6), obs(day(3), "cheeks", 13)]
    assert severities(make_log(observations=observations), "DRM-3") == [Severity.OK]


def test_a_rise_of_10_over_the_total_carried_into_the_30_days_is_urgent():
    # Counted a month apart: the older total still holds at the start of the 30 days.
    assert sudden(10, days_before=31) == [Severity.URGENT]
    observations = [obs(day(3) - timedelta(days=31), "cheeks", 2), obs(day(3), "cheeks", 14)]
    [finding] = review(make_log(observations=observations), "DRM-3")
    assert finding.severity == Severity.URGENT
    assert [(e.label, e.day) for e in finding.evidence] == [
        ("2 in all on Tue 27 Oct (last counted Mon 26 Oct)", date(2026, 10, 27)),
        ("14 in all on Thu 26 Nov", day(3)),
    ]


def test_a_first_count_of_10_or_more_is_not_a_sudden_rise():
    assert severities(make_log(observations=[obs(day(3), "cheeks", 12)]), "DRM-3") == [Severity.OK]


def test_an_unusual_location_is_an_info_naming_the_place():
    log = make_log(observations=[obs(day(2), "other", 2, area_other="scalp")])
    [finding] = review(log, "DRM-4")
    assert finding.severity == Severity.INFO
    assert "scalp" in finding.explanation


def test_counts_of_different_places_on_one_day_add_up_to_that_days_total():
    """Cheeks and nose both clear three weeks ago, then 5 and 6 on one day: 11 new milia."""
    before = [
        obs(day(3) - timedelta(days=21), "cheeks", 0),
        obs(day(3) - timedelta(days=21), "nose", 0),
    ]
    log = make_log(observations=[*before, obs(day(3), "cheeks", 5), obs(day(3), "nose", 6)])
    [finding] = review(log, "DRM-3")
    assert finding.severity == Severity.URGENT
    assert "from 0 to 11" in finding.explanation


def test_two_unusual_places_are_judged_each_on_its_own_counts():
    """Milia on the neck are still there although the back has cleared since."""
    observations = [
        obs(day(1), "other", 3, area_other="Neck"),
        obs(day(2), "other", 0, area_other="back"),
    ]
    [finding] = review(make_log(observations=observations), "DRM-4")
    assert finding.severity == Severity.INFO
    assert "your Neck" in finding.explanation and "back" not in finding.explanation


def test_one_unusual_place_typed_in_different_cases_is_one_place():
    observations = [
        obs(day(1), "other", 3, area_other="Neck"),
        obs(day(2), "other", 0, area_other=" neck "),
    ]
    assert severities(make_log(observations=observations), "DRM-4") == [Severity.OK]


def test_milia_counted_on_the_neck_persist_there_whatever_the_face_does():
    start = day(3) - timedelta(days=95)
    observations = [obs(start, "other", 2, area_other="Neck"), obs(start, "cheeks", 2)]
    observations += [obs(day(3), "cheeks", 0), obs(day(3), "other", 1, area_other="neck")]
    [finding] = review(make_log(observations=observations), "DRM-2")
    assert finding.severity == Severity.URGENT
    assert "your neck" in finding.explanation


# --- RSK-1 / RSK-2 ---------------------------------------------------------------


def steroid_days(count: int) -> list[Severity]:
    """`count` days in the 28 days ending SUN, plus one just before that window."""
    apps = [pm(SUN - timedelta(days=2 * n), STEROID) for n in range(count)]
    apps.append(pm(SUN - timedelta(days=28), STEROID))
    return severities(make_log(apps), "RSK-1")


def test_a_corticosteroid_on_13_of_28_days_is_ok():
    assert steroid_days(13) == [Severity.OK]


def test_a_corticosteroid_on_14_of_28_days_is_an_info():
    assert steroid_days(14) == [Severity.INFO]


def test_secondary_milia_are_an_info_mentioning_the_cause():
    observation = obs(day(1), milia_type="secondary", secondary_context="burn")
    [finding] = review(make_log(observations=[observation]), "RSK-2")
    assert finding.severity == Severity.INFO
    assert "burn" in finding.explanation


# --- the weekly review as a whole ---------------------------------------------------


def test_every_rule_of_the_spec_appears_in_the_review_of_a_plain_week():
    findings = review_week(make_log(daily(SUNSCREEN)), MON)
    assert {f.rule_id for f in findings} == set(RULE_IDS)
    assert len(RULE_IDS) == 17


def test_findings_are_sorted_urgent_warning_info_ok():
    log = make_log(
        [am(day(1), RETINOID)],
        observations=[obs(day(2), symptoms=frozenset({"pus"}))],
    )
    ranks = [f.severity.rank for f in review_week(log, MON)]
    assert ranks == sorted(ranks)
    assert review_week(log, MON)[0].rule_id == "DRM-1"


def compliant_diary(first_monday: date, weeks: int) -> Log:
    """Sunscreen daily, retinoid Mon/Wed/Fri, AHA on Saturdays, makeup removed, light
    non-comedogenic products, no symptoms, counts falling to zero."""
    apps, notes, observations = [], [], []
    for n in range(weeks * 7):
        d = first_monday + timedelta(days=n)
        apps += [am(d, CLEANSER), am(d, SUNSCREEN), am(d, LOTION), am(d, EYE_GEL, "eye")]
        apps += [pm(d, CLEANSER)]
        if d.weekday() in (0, 2, 4):
            apps.append(pm(d, RETINOID))
        if d.weekday() == 5:
            apps.append(pm(d, AHA))
        notes.append(DayNote(d, makeup_worn=d.weekday() >= 4, makeup_removed=True))
        if d.weekday() == 0:
            observations += [
                obs(d, "cheeks", 11 - n // 7),
                obs(d, "under_eyes", max(5 - n // 7, 0)),
            ]
    steps = [step(CLEANSER, "am"), step(SUNSCREEN, "am"), step(LOTION, "am"), step(CLEANSER)]
    steps += [
        step(EYE_GEL, "am", "eye"),
        step(RETINOID, weekdays={0, 2, 4}),
        step(AHA, weekdays={5}),
    ]
    return make_log(apps, notes, observations, steps=steps)


def test_a_twelve_week_compliant_diary_has_no_warning_and_no_urgent_finding():
    first = MON - timedelta(weeks=11)
    log = compliant_diary(first, 12)
    for w in range(12):
        week_start = first + timedelta(weeks=w)
        findings = review_week(log, week_start)
        bad = [(f.rule_id, f.title) for f in findings if f.severity in ("urgent", "warning")]
        assert bad == [], week_start
        assert {f.severity for f in findings} == {Severity.OK}, week_start


# --- dashboard and plan ----------------------------------------------------------------


def test_dashboard_shows_sunscreen_due_the_morning_after_a_retinoid_night():
    log = make_log([pm(day(1), RETINOID)])
    due = [f for f in dashboard(log, day(2)) if f.rule_id == "RET-2"]
    assert [(f.severity, f.title) for f in due] == [(Severity.INFO, "Sunscreen this morning")]
    log = make_log([pm(day(1), RETINOID), am(day(2), SUNSCREEN)])
    assert "RET-2" not in [f.rule_id for f in dashboard(log, day(2))]


def test_dashboard_suggests_exfoliating_tonight_only_when_no_retinoid_is_planned():
    steps = [step(RETINOID, weekdays={0, 2, 4})]
    tuesday = [f.title for f in dashboard(make_log(steps=steps), day(1))]
    wednesday = [f.title for f in dashboard(make_log(steps=steps), day(2))]
    assert "Tonight suits a gentle exfoliation" in tuesday
    assert "Tonight suits a gentle exfoliation" not in wednesday


def test_a_twice_weekly_retinoid_leaves_other_nights_free_for_exfoliation():
    log = make_log(steps=[step(RETINOID, times_per_week=2)])
    assert plan_next_week(log, MON).exfoliation_day == day(7 + 2)  # Wednesday
    [finding] = review(log, "EXF-1")
    assert "Wednesday evening suits it" in finding.explanation
    assert "Tonight suits a gentle exfoliation" in [f.title for f in dashboard(log, day(1))]


def test_an_every_other_day_retinoid_leaves_the_nights_between_free_for_exfoliation():
    # From Tuesday 24 Nov: Tue, Thu, Sat, then Mon 30 Nov, Wed 2 Dec, Fri 4 Dec, Sun 6 Dec.
    log = make_log(steps=[step(RETINOID, interval_days=2, start_date=day(1))])
    plan = plan_next_week(log, MON)
    assert plan.exfoliation_day == day(7 + 1)  # Tuesday: Wednesday and Monday have one
    [finding] = review(log, "EXF-1")
    assert "Tuesday evening suits it" in finding.explanation
    wednesday = [f.title for f in dashboard(log, day(2))]
    thursday = [f.title for f in dashboard(log, day(3))]
    assert "Tonight suits a gentle exfoliation" in wednesday
    assert "Tonight suits a gentle exfoliation" not in thursday


def test_an_every_n_days_retinoid_is_not_planned_before_its_start_date():
    # From Friday 4 Dec: two days before it falls on Wednesday, which is still free.
    log = make_log(steps=[step(RETINOID, interval_days=2, start_date=day(11))])
    assert plan_next_week(log, MON).exfoliation_day == day(7 + 2)


def test_dashboard_does_not_suggest_exfoliating_once_this_week_is_done():
    log = make_log([pm(day(0), AHA)])
    assert "EXF-1" not in [f.rule_id for f in dashboard(log, day(3))]


def test_dashboard_shows_open_urgent_findings_and_this_weeks_warnings_but_no_ticks():
    observations = [obs(day(2) - timedelta(days=90)), obs(day(1))]
    apps = [am(day(-1), RETINOID), am(day(1), RETINOID)]
    log = make_log(apps, observations=observations, steps=[step(LOTION, "am")])
    found = dashboard(log, day(2))
    assert [(f.rule_id, f.severity) for f in found] == [
        ("DRM-2", Severity.URGENT),
        ("RET-1", Severity.WARNING),
        ("EXF-1", Severity.INFO),  # due tonight: no exfoliation yet this week
    ]
    ret_1 = found[1]
    assert [e.day for e in ret_1.evidence] == [day(1)]  # last week's slip is not repeated


def test_plan_next_week_avoids_retinoid_nights():
    steps = [step(RETINOID, weekdays={0, 1, 2})]
    plan = plan_next_week(make_log(steps=steps), MON)
    assert plan.exfoliation_day == day(7 + 3)  # Thursday, the first free day after Wednesday
    assert not plan.see_dermatologist


def test_plan_next_week_prefers_the_weekday_exfoliated_most_recently():
    plan = plan_next_week(make_log([pm(day(5), AHA)]), MON)
    assert plan.exfoliation_day == day(7 + 5)


def test_plan_next_week_keeps_away_from_a_sunday_exfoliation():
    steps = [step(RETINOID, weekdays={2, 6})]  # Sunday (preferred) and Wednesday are taken
    plan = plan_next_week(make_log([pm(SUN, AHA)], steps=steps), MON)
    assert plan.exfoliation_day == NEXT_MON + timedelta(days=1)  # not Monday, next to Sunday


def test_plan_next_week_has_no_day_when_every_evening_has_a_retinoid():
    plan = plan_next_week(make_log(steps=[step(RETINOID)]), MON)
    assert plan.exfoliation_day is None
    assert "retinoid" in plan.exfoliation_note


def test_plan_next_week_judges_the_current_week_as_of_today():
    # Milia counted 88 days before Wednesday: not yet 90 days today, 92 by Sunday.
    observations = [obs(day(2) - timedelta(days=88)), obs(day(2))]
    log = make_log(observations=observations)
    assert severities(log, "DRM-2", today=day(2)) == [Severity.OK]
    assert not plan_next_week(log, MON, today=day(2)).see_dermatologist
    assert plan_next_week(log, MON).see_dermatologist  # the week as a whole, once over


def test_plan_next_week_says_when_to_see_a_dermatologist():
    log = make_log(observations=[obs(day(3), symptoms=frozenset({"pain"}))])
    plan = plan_next_week(log, MON)
    assert plan.see_dermatologist
    assert "symptoms" in plan.dermatologist_reason


# --- the morning ends (GUIDANCE: Morning ends) -----------------------------------------------


def retinoid_night_then(monday_morning_sunscreen: bool = False) -> Log:
    """A retinoid on Sunday night (day 6), and Monday of the next week (day 7)."""
    apps = [pm(day(6), RETINOID)]
    if monday_morning_sunscreen:
        apps.append(am(day(7), SUNSCREEN))
    return make_log(apps)


def test_before_the_morning_ends_this_mornings_sunscreen_is_due():
    [due] = [f for f in dashboard(retinoid_night_then(), day(7)) if f.rule_id == "RET-2"]
    assert (due.severity, due.title) == (Severity.INFO, "Sunscreen this morning")


def test_after_the_morning_ends_a_sunday_retinoid_without_monday_sunscreen_is_a_warning():
    found = dashboard(retinoid_night_then(), day(7), morning_over=True)
    [missed] = [f for f in found if f.rule_id == "RET-2"]
    assert missed.severity == Severity.WARNING
    assert "no sunscreen Mon" in missed.evidence[0].label
    assert not [f for f in found if f.title == "Sunscreen this morning"]


def test_sunscreen_logged_quiets_both_before_and_after_the_morning_ends():
    log = retinoid_night_then(monday_morning_sunscreen=True)
    for over in (False, True):
        assert not [f for f in dashboard(log, day(7), morning_over=over) if f.rule_id == "RET-2"]


def test_the_review_judges_a_sunday_retinoid_once_in_its_own_week():
    log = retinoid_night_then()
    week_of_night = review(log, "RET-2", today=day(7))  # Monday morning: still to come
    assert [f.severity for f in week_of_night] == [Severity.OK]
    after_noon = [
        f
        for f in review_week(log, MON, DEFAULTS, day(7), morning_over=True)
        if f.rule_id == "RET-2"
    ]
    assert [f.severity for f in after_noon] == [Severity.WARNING]
    next_week = review_week(log, day(7), DEFAULTS, day(7), morning_over=True)
    assert [f.severity for f in next_week if f.rule_id == "RET-2"] == [Severity.OK]


def test_after_the_morning_ends_sun_1_counts_this_morning_as_missed():
    log = make_log(daily(SUNSCREEN, days=range(2)))
    before = [f for f in review_week(log, MON, DEFAULTS, day(2)) if f.rule_id == "SUN-1"]
    assert before[0].title == "Sunscreen every morning (2 of 2)"
    after = [
        f
        for f in review_week(log, MON, DEFAULTS, day(2), morning_over=True)
        if f.rule_id == "SUN-1"
    ]
    assert after[0].title == "Sunscreen on 2 of 3 mornings"


# --- acting on urgent findings (GUIDANCE: Acting on urgent findings) -------------------------


def sore(d: date) -> Observation:
    return obs(d, "eyelids", 2, symptoms=frozenset({"redness"}))


def urgent_or_calm(log: Log, today: date) -> list[tuple[str, Severity, bool]]:
    return [
        (f.rule_id, f.severity, f.calm)
        for f in dashboard(log, today)
        if f.rule_id in ("DRM-1", "DRM-2", "DRM-3")
    ]


def test_a_visit_on_the_day_of_the_symptoms_quiets_drm_1_and_the_day_before_does_not():
    on_the_day = make_log(observations=[sore(day(2))], visits=[Visit(day(2))])
    assert urgent_or_calm(on_the_day, day(3)) == [("DRM-1", Severity.INFO, True)]
    day_before = make_log(observations=[sore(day(2))], visits=[Visit(day(1))])
    assert urgent_or_calm(day_before, day(3)) == [("DRM-1", Severity.URGENT, False)]


def test_new_symptoms_after_the_visit_are_urgent_again():
    log = make_log(observations=[sore(day(1)), sore(day(4))], visits=[Visit(day(2))])
    assert urgent_or_calm(log, day(5)) == [("DRM-1", Severity.URGENT, False)]


def test_a_booked_visit_keeps_the_card_calm_until_three_days_after_it():
    booked = day(9)
    log = Log({}, observations=[sore(day(2))], bookings=[booked])
    [calm] = [f for f in dashboard(log, day(3)) if f.rule_id == "DRM-1"]
    assert (calm.severity, calm.title) == (Severity.INFO, f"Visit booked for {fmt(booked)}")
    assert "log the visit once you have been" in calm.explanation
    assert urgent_or_calm(log, booked + timedelta(days=3)) == [("DRM-1", Severity.INFO, True)]
    # The booking lapsed with no visit logged: urgent again.
    lapsed = booked + timedelta(days=4)
    assert urgent_or_calm(log, lapsed) == [("DRM-1", Severity.URGENT, False)]


def test_a_sudden_rise_is_quieted_by_a_visit_after_the_newest_count():
    counts = [obs(day(0), "cheeks", 2), obs(day(5), "cheeks", 14)]
    assert urgent_or_calm(make_log(observations=counts), day(6)) == [
        ("DRM-3", Severity.URGENT, False)
    ]
    seen = make_log(observations=counts, visits=[Visit(day(6))])
    assert urgent_or_calm(seen, day(6)) == [("DRM-3", Severity.INFO, True)]
    in_review = [f for f in review_week(seen, MON, DEFAULTS, day(6)) if f.rule_id == "DRM-3"]
    assert in_review[0].title.startswith("Seen by a dermatologist on")


def test_a_person_without_a_routine_hears_nothing_about_planning_an_exfoliation():
    nothing = make_log(observations=[sore(day(1))])
    found = dashboard(nothing, day(2))
    assert [f.rule_id for f in found] == ["DRM-1"]  # what they logged still shows
    [exf] = review(nothing, "EXF-1")
    assert (exf.severity, exf.title) == (Severity.OK, "No exfoliation logged")
    with_routine = make_log(observations=[sore(day(1))], steps=[step(LOTION, "am")])
    assert "EXF-1" in [f.rule_id for f in dashboard(with_routine, day(2))]


# --- a person's flag against the catalog ----------------------------------------------------


def test_not_comedogenic_against_an_ingredient_rated_4_is_said_calmly_and_the_flag_decides():
    cream = Product(
        60,
        "Rich cream",
        "moisturizer",
        comedogenic="no",
        ingredients=(ingredient("isopropyl myristate", 5),),
    )
    log = make_log(products=PRODUCTS + (cream,), steps=[step(cream, "pm")])
    [finding] = review(log, "PRD-1")
    assert finding.severity == Severity.INFO
    assert "You marked Rich cream as not comedogenic" in finding.explanation
    assert "isopropyl myristate 5 of 5" in finding.explanation


def test_a_rating_of_3_against_not_comedogenic_is_no_disagreement_worth_a_note():
    cream = Product(
        60, "Cream", "moisturizer", comedogenic="no", ingredients=(ingredient("coconut oil", 3),)
    )
    log = make_log(products=PRODUCTS + (cream,), steps=[step(cream, "pm")])
    assert severities(log, "PRD-1") == [Severity.OK]


def test_comedogenic_against_ingredients_all_rated_1_or_less_keeps_the_warning_and_says_both():
    cream = Product(
        60,
        "Light gel",
        "moisturizer",
        comedogenic="yes",
        ingredients=(ingredient("glycerin", 0), ingredient("squalane", 1)),
    )
    log = make_log(products=PRODUCTS + (cream,), steps=[step(cream, "pm")])
    [finding] = review(log, "PRD-1")
    assert finding.severity == Severity.WARNING
    assert "rates none of its ingredients above 1 of 5" in finding.explanation


def test_with_the_rating_threshold_at_1_an_unrated_ingredient_still_clogs_nothing():
    product = Product(20, "Plain lotion", "moisturizer", ingredients=(ingredient("Aqua"),))
    assert product.comedogenic_verdict(threshold=1) == (False, "")
    rated = Product(21, "Oily lotion", "moisturizer", ingredients=(ingredient("Shea", 1),))
    assert rated.comedogenic_verdict(threshold=1)[0]


def test_planned_clashes_are_the_evenings_of_the_next_four_weeks_with_both_planned():
    """A retinoid on Monday, Wednesday and Friday evenings, the acid toner on Wednesdays:
    every Wednesday clashes; the morning retinoid and the scrub-free evenings do not."""
    steps = [step(RETINOID, "pm", weekdays=(0, 2, 4)), step(AHA, "pm", weekdays=(2,))]
    steps += [step(BHA, "am"), step(RETINOID, "am", weekdays=(1,))]
    log = make_log(steps=steps)
    wednesdays = [day(2) + timedelta(days=7 * n) for n in range(4)]
    assert planned_clashes(log, MON) == wednesdays
    assert planned_clashes(log, day(3), days=27) == wednesdays[1:]  # the 4th week ends Tue
    assert planned_clashes(log, day(3)) == [*wednesdays[1:], day(30)]
    scrub_nights = make_log(steps=[step(RETINOID, weekdays=(0,)), step(SCRUB, weekdays=(0,))])
    assert planned_clashes(scrub_nights, MON, days=7) == [MON]
    assert planned_clashes(make_log(steps=[step(RETINOID)]), MON) == []


# --- the unusual places of DRM-4, as the week's milia table lists them -------------------


def neck(d: date, count: int) -> Observation:
    return obs(d, "other", count, area_other="neck")


def test_a_single_milium_on_the_neck_is_worth_showing():
    assert severities(make_log(observations=[neck(day(2), 1)]), "DRM-4") == [Severity.INFO]


def test_milia_on_the_neck_at_the_weeks_start_count_though_gone_by_its_end():
    observations = [neck(day(-3), 1), neck(day(2), 0)]
    assert severities(make_log(observations=observations), "DRM-4") == [Severity.INFO]


def test_a_neck_counted_clear_before_and_during_the_week_is_not_unusual():
    observations = [neck(day(-3), 0), neck(day(2), 0)]
    assert severities(make_log(observations=observations), "DRM-4") == [Severity.OK]


def test_a_count_made_on_monday_belongs_to_the_week_not_to_its_start():
    observations = [neck(day(0), 2), neck(day(2), 0)]
    assert severities(make_log(observations=observations), "DRM-4") == [Severity.OK]


def test_a_count_made_today_is_judged_today():
    observations = [neck(day(3), 2)]
    assert severities(make_log(observations=observations), "DRM-4", today=day(3)) == [Severity.INFO]


# --- CLN-1 ------------------------------------------------------------------------------


def test_a_gritty_comedogenic_cleanser_is_flagged_for_both_reasons_after_other_steps():
    gritty = Product(
        30, "Gritty cream wash", "cleanser", comedogenic="yes", actives=frozenset({"abrasive"})
    )
    log = make_log(steps=[step(LOTION, "am"), step(gritty, "am")], products=PRODUCTS + (gritty,))
    [finding] = review(log, "CLN-1")
    assert finding.severity == Severity.WARNING
    assert "you marked it as comedogenic and it is abrasive." in finding.explanation


def test_staff_can_lower_the_rating_that_makes_a_cleanser_comedogenic():
    wash = Product(31, "Oil wash", "cleanser", ingredients=(ingredient("Coconut oil", 2),))
    log = make_log(steps=[step(wash, "am")], products=PRODUCTS + (wash,))
    assert severities(log, "CLN-1") == [Severity.OK]
    lower = Thresholds(comedogenic_rating=2)
    assert severities(log, "CLN-1", th=lower) == [Severity.WARNING]


# --- the exfoliation night of this week ---------------------------------------------------


def test_no_exfoliation_night_once_this_week_had_one_even_on_its_monday():
    routine = [step(CLEANSER, "am")]
    assert exfoliation_night(make_log([pm(day(0), AHA)], steps=routine), day(2)) is None
    assert exfoliation_night(make_log([pm(day(2), AHA)], steps=routine), day(2)) is None
    assert exfoliation_night(make_log(steps=routine), day(2)) == day(2)


def test_on_the_first_day_of_the_record_tonight_can_be_the_exfoliation_night():
    log = make_log(steps=[step(CLEANSER, "am")])
    starting_today = Log(**{**log.__dict__, "tracking_since": day(2)})
    assert exfoliation_night(starting_today, day(2)) == day(2)
    assert exfoliation_night(starting_today, day(1)) is None


def test_with_a_retinoid_tonight_the_exfoliation_night_is_the_next_free_evening_ahead():
    log = make_log([pm(day(0), RETINOID)], steps=[step(RETINOID, weekdays=(0, 4))])
    assert exfoliation_night(log, day(0)) == day(2)
    late = make_log([pm(day(4), RETINOID)], steps=[step(RETINOID, weekdays=(0, 4))])
    assert exfoliation_night(late, day(4)) is None  # Wednesday has passed


def test_a_routine_that_ended_last_week_plans_no_exfoliation_tonight():
    ended = make_log(steps=[step(CLEANSER, "am", last_day=day(-3))])
    assert exfoliation_night(ended, day(2)) is None


# --- PRD-1 at its edges ----------------------------------------------------------------


def test_eye_milia_count_for_30_days_counting_the_last_judged_day_as_the_first():
    def raised(seen: date) -> bool:
        log = make_log(observations=[obs(seen, "eyelids", 4)], steps=[step(EYE_BALM, area="eye")])
        [finding] = review(log, "PRD-1")
        return finding.raised

    assert raised(SUN - timedelta(days=29))
    assert not raised(SUN - timedelta(days=30))


def test_a_prescribed_ointment_is_left_alone_and_products_after_a_cleanser_are_judged():
    ointment = Product(32, "Prescribed ointment", "medication", texture="occlusive")
    routine = [step(CLEANSER, "am"), step(ointment), step(EYE_BALM, area="eye")]
    log = make_log(steps=routine, products=PRODUCTS + (ointment,))
    assert [f.title for f in review(log, "PRD-1")] == [
        "Rich eye balm may not suit milia-prone skin"
    ]


# --- the planner's nights for flexible retinoids ------------------------------------------


def test_next_weeks_flexible_retinoid_nights_come_from_evening_retinoid_steps_in_use_only():
    nxt = NEXT_MON
    unknown = RoutineStep(99, "Routine", "pm", 99, times_per_week=3)  # product since deleted
    steps = [
        step(RETINOID, "am", times_per_week=3),  # a morning step is not the planner's
        step(LOTION, "pm", times_per_week=3),  # not a retinoid
        unknown,
        step(RETINOID, "pm", times_per_week=3, last_day=nxt - timedelta(days=1)),  # ended
        step(RETINOID, "pm", times_per_week=1, first_day=nxt + timedelta(days=6)),  # Sunday on
        step(RETINOID, "pm", times_per_week=2),
    ]
    log = make_log(steps=steps)
    nights = flexible_retinoid_nights(log, nxt, nxt + timedelta(days=2))
    assert nights == (nxt, nxt + timedelta(days=3), nxt + timedelta(days=6))
