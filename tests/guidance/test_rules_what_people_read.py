"""What a person reads on a finding: titles, sentences and evidence that read as plain
English, evidence that points at its day, and keys that keep one finding's dismissal from
hiding another. Checked over weeks that raise every rule, as logged, quieted by a visit, and
calmed by a booking."""

import re
from datetime import date, timedelta

import pytest

from skintrack.guidance.rules import (
    MONTHS,
    DayNote,
    Finding,
    Log,
    Severity,
    Visit,
    dashboard,
    fmt,
    plan_next_week,
    review_week,
)
from tests.guidance.test_rules import (
    AHA,
    CLEANSER,
    EYE_BALM,
    MON,
    NEXT_MON,
    PRODUCTS,
    RETINOID,
    SCRUB,
    STEROID,
    SUNSCREEN,
    TINTED,
    Product,
    am,
    day,
    ingredient,
    obs,
    pm,
    step,
)

COMEDOGENIC_CLEANSER = Product(12, "Creamy cleanser", "cleanser", comedogenic="yes")
MARKED_NOT_COMEDOGENIC = Product(
    13,
    "Butter cream",
    "moisturizer",
    comedogenic="no",
    ingredients=(ingredient("Cocoa butter", 4),),
)
ALL = PRODUCTS + (COMEDOGENIC_CLEANSER, MARKED_NOT_COMEDOGENIC)
DATED = re.compile(rf"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{{1,2}} ({'|'.join(MONTHS)})\b")


def busy_week(visits=(), bookings=()) -> Log:
    """A week in which every rule has something to say."""
    apps = [pm(day(0), AHA), pm(day(1), AHA), pm(day(2), AHA), pm(day(1), RETINOID)]
    apps += [pm(day(3), SCRUB), am(day(4), RETINOID), pm(day(5), RETINOID), pm(day(6), RETINOID)]
    apps += [am(day(0), SUNSCREEN), am(day(1), TINTED)]
    apps += [pm(MON - timedelta(days=n), STEROID) for n in range(1, 15)]
    notes = [DayNote(day(2), makeup_worn=True), DayNote(day(3), tried_extraction=True)]
    observations = [
        obs(MON - timedelta(days=120), "cheeks", 2),
        obs(MON - timedelta(days=20), "nose", 1),
        obs(day(1), "nose", 15),
        obs(day(2), "under_eyes", 2, symptoms=frozenset({"itching"})),
        obs(day(2), "other", 1, area_other="Neck"),
        obs(day(3), "forehead", 1, milia_type="secondary", secondary_context="burn"),
        obs(day(4), "cheeks", 2),
    ]
    steps = [step(COMEDOGENIC_CLEANSER, "am"), step(EYE_BALM, "pm", area="eye")]
    steps += [step(MARKED_NOT_COMEDOGENIC, "pm")]
    log = Log({p.id: p for p in ALL}, apps, notes, observations, visits, steps)
    return Log(**{**log.__dict__, "bookings": tuple(bookings)})


def calm_week() -> Log:
    """A week in which every rule holds."""
    apps = [am(day(n), SUNSCREEN) for n in range(8)] + [pm(day(2), AHA), pm(day(4), RETINOID)]
    steps = [step(CLEANSER, "am"), step(SUNSCREEN, "am")]
    return Log({p.id: p for p in ALL}, apps, active_steps=steps)


SCENARIOS = {
    "as logged": busy_week(),
    "a calm week": calm_week(),
    "seen by a dermatologist": busy_week(visits=[Visit(day(6))]),
    "visit booked": busy_week(bookings=[day(6) + timedelta(days=5)]),
    "no exfoliation, a free evening": Log({p.id: p for p in ALL}, active_steps=[step(CLEANSER)]),
    "no exfoliation, a retinoid every evening": Log(
        {p.id: p for p in ALL}, active_steps=[step(RETINOID)]
    ),
}


def findings(log: Log) -> list[Finding]:
    found = review_week(log, MON, today=day(6), morning_over=True)
    for today in (day(6), NEXT_MON):
        for morning_over in (False, True):
            found += dashboard(log, today, morning_over=morning_over)
    return found


def reads_well(text: object, sentence: bool = True) -> list[str]:
    """What is wrong with a piece of text shown to a person; [] when it reads well."""
    if not isinstance(text, str) or not text.strip():
        return ["empty"]
    problems = []
    if not (text[0].isupper() or text[0].isdigit()):
        problems.append("does not start with a capital")
    if sentence and not text.endswith("."):
        problems.append("does not end with a full stop")
    for later in re.findall(r"[.!?] +(\S)", text):
        if not (later.isupper() or later.isdigit()):
            problems.append("a sentence starts in lower case")
    for word in re.findall(r"[A-Za-z']+", text):
        if len(word) > 3 and word.isupper():
            problems.append(f"shouts {word!r}")
        elif any(c.isupper() for c in word[1:]) and any(c.islower() for c in word):
            problems.append(f"garbled {word!r}")
    return problems


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_title_explanation_and_evidence_reads_as_plain_english(scenario):
    problems = []
    for f in findings(SCENARIOS[scenario]):
        where = f"{f.rule_id} {f.title!r}"
        problems += [f"{where} title: {p}" for p in reads_well(f.title, sentence=False)]
        if f.severity != Severity.OK or f.explanation != "":
            problems += [f"{where} text: {p}" for p in reads_well(f.explanation)]
        for e in f.evidence:
            problems += [f"{where} evidence: {p}" for p in reads_well(e.label, sentence=False)]
    assert not problems


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_evidence_that_names_a_day_points_at_that_day(scenario):
    for f in findings(SCENARIOS[scenario]):
        for e in f.evidence:
            if DATED.search(e.label):
                assert e.day is not None and fmt(e.day) in e.label, (f.rule_id, e)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_each_finding_of_a_week_has_a_key_of_its_own_for_that_week(scenario):
    """A dismissed hint stays dismissed for its own week and hides nothing else."""
    review = review_week(SCENARIOS[scenario], MON, today=day(6), morning_over=True)
    keys = [f.key for f in review]
    assert all(k.startswith(f"{f.rule_id}:") for f, k in zip(review, keys, strict=True))
    assert len(set(keys)) == len(keys)
    assert all("2026-W48" in k or ":product:" in k or ":disagree:" in k for k in keys)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_each_finding_on_the_dashboard_has_a_key_of_its_own(scenario):
    for today in (day(6), NEXT_MON):
        for morning_over in (False, True):
            shown = dashboard(SCENARIOS[scenario], today, morning_over=morning_over)
            keys = [f.key for f in shown]
            assert all(k.startswith(f"{f.rule_id}:") for f, k in zip(shown, keys, strict=True))
            assert all(len(k) > len(f.rule_id) + 1 for f, k in zip(shown, keys, strict=True))
            assert len(set(keys)) == len(keys)


def test_the_exfoliation_tick_says_day_or_days_as_counted():
    one = review_week(Log({AHA.id: AHA}, [pm(day(2), AHA)]), MON, today=day(6))
    two = review_week(Log({AHA.id: AHA}, [pm(day(0), AHA), pm(day(3), AHA)]), MON, today=day(6))
    titles = [f.title for f in one + two if f.rule_id == "EXF-1"]
    assert titles == ["Exfoliated on 1 day this week", "Exfoliated on 2 days this week"]


def test_a_calm_note_after_a_visit_or_a_booking_never_shares_the_urgent_findings_key():
    """Dismissing the calm note must not hide the urgent finding if it comes back, and the
    other way round."""
    urgent = {f.key for f in review_week(busy_week(), MON, today=day(6))}
    for scenario in ("seen by a dermatologist", "visit booked"):
        calm = [f for f in review_week(SCENARIOS[scenario], MON, today=day(6)) if f.calm]
        assert calm and not {f.key for f in calm} & urgent
        assert len({f.key for f in calm}) == len(calm)


def test_the_plan_for_next_week_says_in_words_which_evening_and_why_a_dermatologist():
    for scenario, log in SCENARIOS.items():
        plan = plan_next_week(log, MON, today=day(6), morning_over=True)
        assert not reads_well(plan.exfoliation_note), scenario
        if plan.see_dermatologist:
            assert plan.dermatologist_reason
            for reason in plan.dermatologist_reason.split("; "):
                assert not reads_well(reason, sentence=False), scenario


def test_an_extraction_attempt_is_explained_and_dated_on_the_day_it_happened():
    log = busy_week()
    (found,) = [f for f in review_week(log, MON, today=day(6)) if f.rule_id == "EXT-1"]
    assert found.title == "Please don't squeeze milia"
    assert "dermatologist" in found.explanation and "scars" in found.explanation
    assert [(e.label, e.day) for e in found.evidence] == [
        (f"Tried to extract on {fmt(day(3))}", day(3))
    ]
    assert isinstance(found.evidence[0].day, date)
