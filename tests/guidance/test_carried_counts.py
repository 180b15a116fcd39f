"""A page reads every milia count from a little before its window, and before that only the
few counts that carry each place's story in: its latest count, its first and latest count
above zero, and where milia that still persist began. The rules, the week's figures and the
visit report must answer exactly as they would from every count ever made."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skintrack.guidance import figures, rules, selectors
from skintrack.journal.models import MiliaObservation
from skintrack.reports.selectors import area_histories, milia_series
from tests import factories

TODAY = dt.date(2026, 11, 30)
# Places as people type them: "elsewhere" in two spellings of one place, and another place.
PLACES = [
    ("eyelids", ""),
    ("cheeks", ""),
    ("nose", ""),
    ("other", "Neck"),
    ("other", "neck "),
    ("other", "chest"),
]

counts = st.lists(
    st.tuples(
        st.integers(0, 3 * 365),  # days before today
        st.sampled_from(PLACES),
        st.one_of(st.just(0), st.integers(1, 25)),
        st.booleans(),  # pain
    ),
    max_size=45,
)


def answers(guidance: selectors.GuidanceInput, since: dt.date) -> dict:
    log, th = guidance.log, guidance.thresholds
    mondays = [since + dt.timedelta(days=7 * n - since.weekday()) for n in range(1, 6)]
    return {
        "dashboard": rules.dashboard(log, TODAY, th),
        "weeks": [rules.review_week(log, m, th, today=TODAY) for m in mondays if m <= TODAY],
        "persisting": [rules.persisting_since(log, since + dt.timedelta(days=d)) for d in (0, 20)],
        "figures": [figures._milia(log.observations, m, TODAY, {}) for m in mondays],
        "areas": area_histories(log, since + dt.timedelta(days=40), TODAY),
        "series": milia_series(log.observations, since + dt.timedelta(days=40), TODAY),
    }


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=counts, window_days=st.sampled_from([35, 90, 400]))
def test_the_carried_counts_give_the_answers_of_the_whole_history(owner, history, window_days):
    MiliaObservation.objects.filter(owner=owner).delete()
    seen = set()
    for days_ago, (area, where), count, pain in history:
        day = TODAY - dt.timedelta(days=days_ago)
        if (day, area, where) not in seen:
            seen.add((day, area, where))
            factories.make_observation(
                owner, day=day, area=area, area_other=where, count=count, pain=pain
            )
    since = TODAY - dt.timedelta(days=window_days)

    whole = selectors.load(owner, since, TODAY, today=TODAY, all_counts=True)
    carried = selectors.load(owner, since, TODAY, today=TODAY)

    assert len(whole.log.observations) == len(seen)
    assert answers(carried, since) == answers(whole, since)
    assert carried.observations == whole.observations  # the window's own, as models


def test_years_of_counts_are_read_as_a_few(owner, django_assert_num_queries):
    for week in range(3 * 52):
        day = TODAY - dt.timedelta(weeks=week)
        for area in ("eyelids", "cheeks"):
            factories.make_observation(owner, day=day, area=area, count=2 + week % 3)
    since = TODAY - dt.timedelta(days=35)

    guidance = selectors.load(owner, since, TODAY, today=TODAY)

    read = guidance.log.observations
    assert len(read) < 30  # ~10 weeks of two places, and a few carried counts
    first = min(o.day for o in read)
    assert first == TODAY - dt.timedelta(weeks=3 * 52 - 1)  # first seen, carried in
    persisting = rules.persisting_since(guidance.log, TODAY)
    assert persisting["eyelids"][1] == first  # never cleared: persisting from the first count
