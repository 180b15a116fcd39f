"""One page, one story: on a review, an `ok` for a rule never sits beside evidence against
it in that week's figures (GUIDANCE: Consistency). Checked on every week of the demo, as the
review page renders it, and on random diaries."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skintrack.accounts.models import User
from skintrack.guidance import figures, rules

MON = dt.date(2026, 11, 16)
ONE_DAY = dt.timedelta(days=1)


def contradictions(findings: list[rules.Finding], week: figures.WeekFigures) -> list[str]:
    """Rules marked ok while the week's figures show evidence against them, and rules not
    ok that show no evidence of their own."""
    ok = {f.rule_id for f in findings if f.severity == rules.Severity.OK}
    found = []
    judged = set(week.judged_days) - set(week.mornings_pending)
    if "SUN-1" in ok and not judged <= set(week.sunscreen_mornings):
        found.append("SUN-1 ok with mornings missing sunscreen")
    if "RET-2" in ok and week.retinoid_nights_uncovered:
        found.append("RET-2 ok with an uncovered retinoid night")
    if "MKP-1" in ok and not set(week.makeup_nights) <= set(week.makeup_removed):
        found.append("MKP-1 ok with makeup left on")
    days = sorted(week.exfoliation_days)
    if "EXF-2" in ok and any(b - a == ONE_DAY for a, b in zip(days, days[1:], strict=False)):
        found.append("EXF-2 ok with back-to-back exfoliations")
    if "EXF-1" in ok and len(days) >= rules.Thresholds().max_exfoliations_per_week:
        found.append("EXF-1 ok with too many exfoliations")
    if "DRM-4" in ok and any(area.place.startswith("other:") for area in week.milia):
        found.append("DRM-4 ok with milia in an unusual place listed")
    serious = (rules.Severity.WARNING, rules.Severity.URGENT)
    for finding in findings:
        if finding.severity in serious and not finding.evidence:
            found.append(f"{finding.rule_id} {finding.severity} without evidence")
    return found


@pytest.mark.django_db
def test_no_demo_week_contradicts_itself(client):
    with time_machine.travel(dt.datetime(2026, 11, 30, 15, tzinfo=dt.UTC), tick=False):
        call_command("seed_demo", verbosity=0)
        client.force_login(User.objects.get(username="demo"))
        monday = dt.date(2026, 10, 5)
        checked = 0
        while monday <= dt.date(2026, 11, 30):
            page = client.get(reverse("review:week", kwargs={"week": monday})).context["page"]
            findings = page.findings + page.oks + page.dismissed
            assert contradictions(findings, page.figures) == [], monday
            monday += dt.timedelta(days=7)
            checked += 1
    assert checked == 9


SUNSCREEN = rules.Product(1, "Fluid SPF 50", "sunscreen", spf=50, broad_spectrum=True)
RETINOID = rules.Product(2, "Retinal", "retinoid")
ACID = rules.Product(3, "Lactic toner", "chemical_exfoliant", frozenset({"aha"}))
WEAK = rules.Product(4, "Tinted cream", "moisturizer", spf=15)
PRODUCTS = {p.id: p for p in (SUNSCREEN, RETINOID, ACID, WEAK)}
DAYS = [MON - dt.timedelta(days=3) + dt.timedelta(days=n) for n in range(14)]

applications = st.lists(
    st.builds(
        rules.Application,
        day=st.sampled_from(DAYS),
        period=st.sampled_from(["am", "pm"]),
        product_id=st.sampled_from(list(PRODUCTS)),
    ),
    max_size=25,
)
notes = st.lists(
    st.builds(
        rules.DayNote,
        day=st.sampled_from(DAYS),
        makeup_worn=st.booleans(),
        makeup_removed=st.booleans(),
    ),
    max_size=8,
    unique_by=lambda n: n.day,
)
observations = st.lists(
    st.builds(
        rules.Observation,
        day=st.sampled_from(DAYS),
        area=st.sampled_from(["cheeks", "eyelids", "other"]),
        count=st.integers(0, 6),
        area_other=st.sampled_from(["back of the hand", "neck"]),
    ),
    max_size=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    applications=applications,
    notes=notes,
    observations=observations,
    today_offset=st.integers(0, 10),
    morning_over=st.booleans(),
)
def test_a_random_diary_never_contradicts_itself(
    applications, notes, observations, today_offset, morning_over
):
    log = rules.Log(PRODUCTS, applications, notes, observations)
    today = MON + dt.timedelta(days=today_offset)
    findings = rules.review_week(log, MON, today=today, morning_over=morning_over)
    week = figures.week_figures(log, [], MON, today, morning_over=morning_over)
    assert contradictions(findings, week) == []
