"""The guidance rules at their edges: the first and last day of a window, a threshold and the
count just below it, Monday and Sunday of a week, the morning and the evening of one day,
the face and the rest of the body, and the exact words a person reads on a finding."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from skintrack.guidance.rules import (
    Application,
    DayNote,
    Finding,
    Log,
    Product,
    Thresholds,
    Visit,
    dashboard,
    days_applied,
    exfoliation_night,
    fmt,
    local_date,
    make_week,
    plan_next_week,
    planned_clashes,
    review_week,
)
from tests.guidance.test_rules import (
    AHA,
    CLEANSER,
    EYE_BALM,
    LOTION,
    MON,
    NEXT_MON,
    PRODUCTS,
    RETINOID,
    STEROID,
    SUN,
    SUNSCREEN,
    TINTED,
    am,
    daily,
    day,
    ingredient,
    make_log,
    obs,
    persisting,
    pm,
    review,
    severities,
    step,
)

URGENT, WARNING, INFO, OK = "urgent", "warning", "info", "ok"
BODY_AHA = Product(20, "Lactic body lotion", "body_lotion", frozenset({"aha"}), comedogenic="no")
NIGHT_BALM = Product(21, "Night balm", "moisturizer", texture="occlusive", comedogenic="no")
SHEA_BALM = Product(
    22,
    "Shea night balm",
    "moisturizer",
    texture="rich",
    ingredients=(
        ingredient("Shea butter", 2),
        ingredient("Coconut oil", 4),
        ingredient("Isopropyl myristate", 5),
    ),
)
RICH_CREAM = Product(
    23,
    "Rich day cream",
    "moisturizer",
    texture="rich",
    comedogenic="no",
    ingredients=(ingredient("Coconut oil", 4),),
)
LIGHT_GEL = Product(
    24, "Light gel", "moisturizer", comedogenic="no", ingredients=(ingredient("Coconut oil", 4),)
)
BALM_CLEANSER = Product(25, "Cleansing balm", "cleanser", comedogenic="yes")
DAY_CREAM_20 = Product(26, "Day cream SPF 20", "moisturizer", spf=20, broad_spectrum=True)
EXTRA = (BODY_AHA, NIGHT_BALM, SHEA_BALM, RICH_CREAM, LIGHT_GEL, BALM_CLEANSER, DAY_CREAM_20)
ALL = PRODUCTS + EXTRA


def log_of(apps=(), **kw) -> Log:
    return make_log(apps, products=ALL, **kw)


def on_body(d: date, product: Product) -> Application:
    return Application(d, "pm", product.id, "other")


def labels(finding: Finding) -> list[str]:
    return [e.label for e in finding.evidence]


def only(findings: list[Finding], rule_id: str) -> Finding:
    [found] = [f for f in findings if f.rule_id == rule_id]
    return found


# --- dates and weeks -------------------------------------------------------------------------


def test_a_naive_datetime_is_refused_with_a_message_saying_why():
    with pytest.raises(ValueError, match="^local_date needs an aware datetime$"):
        local_date(datetime(2026, 11, 29, 23, 30), ZoneInfo("Europe/Paris"))


def test_while_this_morning_lasts_the_week_judges_mornings_up_to_yesterday():
    assert make_week(MON, today=day(2)).mornings_until == day(1)
    assert make_week(MON, today=day(2), morning_over=True).mornings_until == day(2)


def test_a_past_week_is_judged_only_from_the_day_the_record_started():
    log = Log({p.id: p for p in ALL}, daily(SUNSCREEN, days=range(2, 7)), tracking_since=day(2))
    assert only(review_week(log, MON), "SUN-1").title == "Sunscreen every morning (5 of 5)"


def test_a_week_wholly_before_the_record_started_has_no_missed_morning():
    log = Log({p.id: p for p in ALL}, tracking_since=day(10))
    assert only(review_week(log, MON), "SUN-1").title == "Nothing to judge yet"


def test_what_is_logged_today_is_judged_today():
    log = log_of(notes=[DayNote(day(2), makeup_worn=True)])
    assert severities(log, "MKP-1", today=day(2)) == [WARNING]


def test_every_finding_of_a_quiet_week_is_keyed_to_that_week():
    """A dismissed tick of one week never hides the same rule's tick in another week, even for
    a person without a routine on the Monday morning before anything is judged."""
    findings = review_week(log_of(), MON, today=MON)
    assert {f.key for f in findings} == {f"{f.rule_id}:2026-W48" for f in findings}
    assert only(findings, "SUN-1").title == "Nothing to judge yet"


# --- exfoliation: the face only, rest days, the night to pick ---------------------------------


def test_an_acid_lotion_on_the_body_is_not_an_exfoliation_of_the_face():
    apps = [on_body(day(n), BODY_AHA) for n in (0, 1, 2)] + [pm(day(4), AHA)]
    log = log_of(apps)
    exf = only(review_week(log, MON), "EXF-1")
    assert (exf.severity, exf.title) == (OK, "Exfoliated on 1 day this week")
    assert exf.explanation == "A gentle, steady rhythm."
    assert severities(log, "EXF-2") == [OK]


def test_reports_count_the_body_too_unless_they_ask_for_the_face():
    log = log_of([on_body(day(1), BODY_AHA), pm(day(3), AHA)])
    assert days_applied(log, lambda p: p.is_exfoliant) == {day(1), day(3)}
    assert days_applied(log, lambda p: p.is_exfoliant, facial=True) == {day(3)}


def test_back_to_back_exfoliations_name_both_days_in_order():
    [finding] = review(log_of([pm(day(1), AHA), pm(day(2), AHA)]), "EXF-2")
    assert labels(finding) == ["Tue 24 Nov and Wed 25 Nov"]


def test_a_routine_that_starts_after_the_week_plans_no_exfoliation_into_it():
    log = log_of(steps=[step(LOTION, first_day=day(10))])
    [exf] = review(log, "EXF-1")
    assert (exf.severity, exf.title) == (OK, "No exfoliation logged")


def test_a_routine_that_starts_tomorrow_plans_no_exfoliation_tonight():
    assert exfoliation_night(log_of(steps=[step(LOTION, first_day=day(3))]), day(2)) is None


def test_after_a_sunday_exfoliation_monday_night_is_not_the_exfoliation_night():
    log = log_of([pm(day(6), AHA)], steps=[step(LOTION)])
    assert exfoliation_night(log, day(7)) == day(13)  # the Sunday rhythm, a week on


def test_a_retinoid_logged_tonight_takes_tonight_from_the_exfoliation():
    log = log_of([pm(day(2), RETINOID)], steps=[step(LOTION)])
    assert exfoliation_night(log, day(2)) != day(2)
    titles = [f.title for f in dashboard(log, day(2))]
    assert "Tonight suits a gentle exfoliation" not in titles


@pytest.mark.parametrize("free", range(7))
def test_the_only_evening_without_a_retinoid_is_the_one_planned(free):
    retinoid = step(RETINOID, weekdays=[w for w in range(7) if w != free])
    plan = plan_next_week(log_of(steps=[retinoid]), MON)
    assert plan.week_start == NEXT_MON
    assert plan.exfoliation_day == NEXT_MON + timedelta(days=free)
    weekday = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[free]
    assert plan.exfoliation_note == (
        f"{weekday} evening: no retinoid planned and no exfoliation next to it."
    )


def test_the_planned_night_is_never_next_to_or_on_an_exfoliation_already_logged():
    # A late review: next week's Thursday, then its Monday, already had an exfoliation.
    for logged in (day(10), day(7)):
        plan = plan_next_week(log_of([pm(logged, AHA)]), MON)
        assert abs((plan.exfoliation_day - logged).days) > 1


def test_planned_clashes_look_exactly_four_weeks_ahead():
    log = log_of(steps=[step(RETINOID), step(AHA)])
    assert planned_clashes(log, MON) == [MON + timedelta(days=n) for n in range(28)]


def test_the_plan_asks_for_a_dermatologist_at_the_thresholds_staff_set():
    log = log_of(observations=[obs(SUN - timedelta(days=45)), obs(SUN)])
    assert not plan_next_week(log, MON).see_dermatologist
    plan = plan_next_week(log, MON, Thresholds(persistence_days=30))
    assert (plan.see_dermatologist, plan.dermatologist_reason) == (
        True,
        "Milia persisting for 45 days",
    )


# --- retinoids and sunscreen: Monday night, the morning after, the evening ---------------------


def test_a_monday_retinoid_without_tuesday_sunscreen_is_missed():
    [finding] = review(log_of([pm(day(0), RETINOID)]), "RET-2")
    assert finding.severity == WARNING
    assert labels(finding) == ["Retinol 0.3% on Mon 23 Nov, no sunscreen Tue 24 Nov"]


def test_after_the_morning_ends_a_midweek_retinoid_night_without_sunscreen_is_one_warning():
    for night in (day(0), day(3)):  # Monday night (its morning is in the same week) and Thursday
        today = night + timedelta(days=1)
        found = dashboard(log_of([pm(night, RETINOID)]), today, morning_over=True)
        ret_2 = [f for f in found if f.rule_id == "RET-2"]
        assert [f.severity for f in ret_2] == [WARNING]
        assert labels(ret_2[0]) == [f"Retinol 0.3% on {fmt(night)}, no sunscreen {fmt(today)}"]


def test_sunscreen_put_on_in_the_evening_does_not_cover_that_morning():
    log = log_of(daily(SUNSCREEN, days=range(6)) + [pm(day(6), SUNSCREEN)])
    [sun] = review(log, "SUN-1")
    assert sun.title == "Sunscreen on 6 of 7 mornings"
    assert labels(sun) == ["No sunscreen on Sun 29 Nov"]


def test_weak_sun_protection_names_each_product_and_why_in_one_sentence():
    log = log_of([am(day(1), TINTED), am(day(2), DAY_CREAM_20)])
    [hint] = [f for f in review(log, "SUN-1") if f.title == "Choose a broad-spectrum sunscreen"]
    assert hint.explanation == (
        "Day cream SPF 20: its SPF 20 is below 30; Tinted SPF 15: its SPF 15 is below 30 and "
        "it isn't marked broad-spectrum, so it doesn't count as sun protection here. Pick a "
        "broad-spectrum sunscreen with a high enough SPF."
    )
    assert labels(hint) == ["Tinted SPF 15 on Tue 24 Nov", "Day cream SPF 20 on Wed 25 Nov"]
    assert hint.key == "SUN-1:broad:2026-W48"


def test_a_retinoid_on_the_face_and_an_acid_on_the_body_the_same_evening_do_not_clash():
    log = log_of([on_body(day(2), BODY_AHA), pm(day(2), RETINOID)])
    assert severities(log, "CNF-1") == [OK]


def test_a_retinoid_in_the_morning_and_an_acid_that_evening_do_not_clash():
    log = log_of([am(day(2), RETINOID), pm(day(2), AHA)])
    assert severities(log, "CNF-1") == [OK]
    assert severities(log, "RET-1") == [WARNING]


# --- products in routines ---------------------------------------------------------------------


def test_a_comedogenic_cleanser_names_itself_as_evidence():
    [finding] = review(log_of(steps=[step(BALM_CLEANSER, "am")]), "CLN-1")
    assert labels(finding) == ["Cleansing balm"]


def test_a_heavy_product_is_judged_whatever_the_steps_before_it():
    ended = step(AHA, first_day=day(-30), last_day=day(-10))
    steps = [ended, step(CLEANSER, "am"), step(STEROID), step(LOTION), step(NIGHT_BALM)]
    [finding] = review(log_of(steps=steps), "PRD-1")
    assert (finding.severity, finding.title) == (
        WARNING,
        "Night balm may not suit milia-prone skin",
    )
    assert labels(finding) == ["Night balm"]


def test_a_comedogenic_and_heavy_product_names_its_worst_ingredient_and_its_texture():
    [finding] = review(log_of(steps=[step(SHEA_BALM)]), "PRD-1")
    assert finding.explanation == (
        "Shea night balm: it contains Isopropyl myristate, rated 5 of 5 for clogging pores (a "
        "rough guide) and its texture is rich. Lighter, non-comedogenic products are less likely "
        "to trap keratin under the skin."
    )


def test_a_heavy_product_you_marked_not_comedogenic_says_both_after_the_warning():
    [finding] = review(log_of(steps=[step(RICH_CREAM)]), "PRD-1")
    assert finding.explanation == (
        "Rich day cream: its texture is rich. Lighter, non-comedogenic products are less likely "
        "to trap keratin under the skin. You marked Rich day cream as not comedogenic, while "
        "the catalog rates Coconut oil 4 of 5 for clogging pores. Your choice stands; the "
        "rating is only a rough guide."
    )


def test_a_disagreement_alone_is_a_note_naming_the_product_and_the_next_product_is_judged():
    [warning, note] = review(log_of(steps=[step(LIGHT_GEL), step(NIGHT_BALM)]), "PRD-1")
    assert (warning.severity, labels(warning)) == (WARNING, ["Night balm"])
    assert (note.severity, labels(note)) == (INFO, ["Light gel"])


def test_not_comedogenic_by_your_mark_with_nothing_rated_says_just_that():
    product = Product(30, "Plain cream", "moisturizer", comedogenic="no")
    assert product.comedogenic_verdict() == (False, "you marked it as not comedogenic")


def eye_balm_raised(observation, today=None) -> bool:
    log = log_of(observations=[observation], steps=[step(EYE_BALM, area="eye")])
    [finding] = review(log, "PRD-1", today=today)
    return finding.raised


def test_one_milium_around_the_eyes_raises_an_eye_product_and_a_count_of_zero_does_not():
    assert eye_balm_raised(obs(day(2), "eyelids", 1))
    assert not eye_balm_raised(obs(day(2), "eyelids", 0))


def test_eye_milia_counted_today_raise_an_eye_product_today():
    assert eye_balm_raised(obs(day(2), "under_eyes", 2), today=day(2))


# --- the dashboard: today, the last 30 days, the last 7 --------------------------------------


def test_symptoms_noted_today_are_urgent_on_todays_dashboard():
    log = log_of(observations=[obs(day(3), symptoms=frozenset({"pus"}))])
    assert only(dashboard(log, day(3)), "DRM-1").severity == URGENT


@pytest.mark.parametrize(("days_ago", "shown"), [(29, True), (30, False)])
def test_older_symptoms_stay_on_the_dashboard_for_30_days(days_ago, shown):
    today = day(3)
    sore = obs(today - timedelta(days=days_ago), symptoms=frozenset({"itching"}))
    log = log_of(observations=[sore, obs(today - timedelta(days=1))])
    assert ("DRM-1" in [f.rule_id for f in dashboard(log, today)]) is shown


def test_an_extraction_attempt_logged_today_shows_at_once():
    log = log_of(notes=[DayNote(day(3), tried_extraction=True)])
    assert labels(only(dashboard(log, day(3)), "EXT-1")) == ["Tried to extract on Thu 26 Nov"]


# --- milia: symptoms, persistence, sudden rises, places ---------------------------------------


def test_symptoms_name_the_place_capitalised_as_a_label():
    [finding] = review(log_of(observations=[obs(day(2), symptoms=frozenset({"redness"}))]), "DRM-1")
    assert labels(finding) == ["Your cheeks: redness on Wed 25 Nov"]


def test_a_visit_after_the_symptoms_says_when_you_were_seen():
    log = log_of(
        observations=[obs(day(1), symptoms=frozenset({"redness"}))], visits=[Visit(day(2))]
    )
    [finding] = review(log, "DRM-1")
    assert finding.explanation.startswith("You saw a dermatologist on Wed 25 Nov, after this")


def test_persisting_milia_show_when_first_counted_and_the_latest_count():
    [finding] = persisting(90)
    first = SUN - timedelta(days=90)
    assert labels(finding) == [f"First counted on {fmt(first)}", "Still 3 on Sun 29 Nov"]


def test_a_visit_today_snoozes_persisting_milia_for_90_days():
    [finding] = persisting(120, visits=[Visit(SUN)])
    assert finding.title == "Seen by a dermatologist on Sun 29 Nov"
    assert f"rests until {fmt(SUN + timedelta(days=90))}" in finding.explanation
    assert labels(finding) == ["Visit on Sun 29 Nov"]


@pytest.mark.parametrize(("days", "span"), [(45, "45 days"), (59, "59 days"), (60, "2 months")])
def test_with_a_lower_persistence_threshold_short_spans_are_told_in_days(days, span):
    log = log_of(observations=[obs(SUN - timedelta(days=days)), obs(SUN)])
    [finding] = review(log, "DRM-2", th=Thresholds(persistence_days=30))
    assert finding.title == f"Milia persisting for {span}"


def test_a_sudden_rise_is_measured_from_the_lowest_count_of_the_30_days():
    newest = day(3)
    counts = [obs(newest - timedelta(days=20), count=15), obs(newest - timedelta(days=10), count=5)]
    [finding] = review(log_of(observations=[*counts, obs(newest, count=15)]), "DRM-3")
    assert finding.severity == URGENT
    assert labels(finding) == ["5 in all on Mon 16 Nov", "15 in all on Thu 26 Nov"]


def test_a_sudden_rise_counted_today_is_urgent_today():
    log = log_of(observations=[obs(day(0), count=2), obs(day(3), count=12)])
    assert severities(log, "DRM-3", today=day(3)) == [URGENT]
    assert only(dashboard(log, day(3)), "DRM-3").severity == URGENT


def test_milia_somewhere_unnamed_are_on_another_area():
    [finding] = review(log_of(observations=[obs(day(2), "other", 2, area_other="  ")]), "DRM-4")
    assert finding.explanation.startswith("You noted milia on another area. ")
    assert labels(finding) == ["Another area: 2 on Wed 25 Nov"]


def test_two_unusual_places_are_listed_with_a_comma():
    neck = obs(day(1), "other", 1, area_other="neck")
    back = obs(day(2), "other", 2, area_other="back")
    [finding] = review(log_of(observations=[neck, back]), "DRM-4")
    assert finding.explanation.startswith("You noted milia on your neck, your back. ")


def test_frequent_steroid_cream_shows_the_first_and_last_day():
    apps = [pm(SUN - timedelta(days=n), STEROID) for n in range(14)]
    [finding] = review(log_of(apps), "RSK-1")
    assert labels(finding) == ["14 days, Mon 16 Nov to Sun 29 Nov"]


def test_secondary_milia_name_each_cause_or_skin_damage():
    unknown = obs(day(1), milia_type="secondary")
    [finding] = review(log_of(observations=[unknown]), "RSK-2")
    assert finding.explanation.startswith("These milia followed skin damage. ")
    burn = obs(day(1), milia_type="secondary", secondary_context="burn")
    blister = obs(day(2), "nose", milia_type="secondary", secondary_context="blister")
    [finding] = review(log_of(observations=[burn, blister]), "RSK-2")
    assert finding.explanation.startswith("These milia followed a burn and a blister. ")


def test_a_flag_copied_from_the_product_catalog_is_said_to_be_the_catalogs():
    copied = Product(31, "Catalog balm", "moisturizer", comedogenic="yes", flag_from_catalog=True)
    [finding] = review(make_log(steps=[step(copied)], products=(copied,)), "PRD-1")
    assert finding.explanation.startswith(
        "Catalog balm: the product catalog marks it as comedogenic. "
    )
