"""Page one's summary from plain data (no database): the concern, each area, what was tried."""

import datetime as dt

from skintrack.guidance import rules
from skintrack.reports import selectors, summary

END = dt.date(2026, 11, 24)
START = END - dt.timedelta(days=89)


def obs(days_ago: int, area: str, count: int, **kw) -> rules.Observation:
    return rules.Observation(day=END - dt.timedelta(days=days_ago), area=area, count=count, **kw)


def build(observations, photos=(), applications=(), products=None) -> summary.Summary:
    log = rules.Log(
        products=products or {}, applications=list(applications), observations=observations
    )
    return summary.build(
        log,
        START,
        END,
        product_rows=[],
        visits=[],
        photos=list(photos),
        extraction_days=0,
        place_key=selectors.place_key,
        place_name=selectors.place_name,
    )


def test_the_concern_names_the_areas_with_milia_now_eye_areas_first_since_when_and_how_many():
    found = build(
        [
            obs(50, "cheeks", 2),
            obs(50, "eyelids", 3),
            obs(30, "eyelids", 0),  # cleared once: the current run starts after it
            obs(20, "eyelids", 4),
            obs(0, "eyelids", 7),
            obs(0, "cheeks", 1),
            obs(10, "nose", 2),
            obs(0, "nose", 0),
        ]
    )
    since = END - dt.timedelta(days=20)
    assert found.question == (
        f"Milia on the eyelids since {since.day} {since:%b %Y} (4 → 7); cheeks since "
        f"{(END - dt.timedelta(days=50)).day} {END - dt.timedelta(days=50):%b %Y} (2 → 1)."
    )
    eyelids, cheeks, nose = found.areas
    assert (eyelids.name, eyelids.trend, eyelids.weeks, eyelids.since_count) == (
        "Eyelids",
        "rising",
        2,
        4,
    )
    assert (cheeks.trend, nose.trend, nose.since) == ("falling", "cleared", None)


def test_symptoms_show_the_latest_with_severity_and_how_often_they_were_noted():
    noted = {"symptoms": frozenset({"redness"}), "severities": (("redness", "mild"),)}
    worse = {
        "symptoms": frozenset({"redness", "swelling"}),
        "severities": (("redness", "moderate"), ("swelling", "severe")),
    }
    found = build([obs(14, "under_eyes", 2, **noted), obs(0, "under_eyes", 3, **worse)])
    (area,) = found.areas
    assert area.symptoms == (
        f"redness (moderate), swelling (severe) on {END.day} {END:%b %Y} "
        "(noted on 2 days in the period)"
    )


def test_secondary_milia_say_after_what():
    found = build(
        [
            obs(
                3,
                "other",
                3,
                area_other="back of the hand",
                milia_type="secondary",
                secondary_context="burn",
            )
        ]
    )
    (area,) = found.areas
    assert (area.name, area.milia_type) == ("Back of the hand", "secondary, after a burn")


def test_each_area_pairs_its_first_photo_with_its_latest_and_a_lone_photo_stands_alone():
    photos = [
        summary.PhotoFact(
            id=1, place="eyelids", day=END - dt.timedelta(days=40), width=4, height=3
        ),
        summary.PhotoFact(id=2, place="eyelids", day=END - dt.timedelta(days=5), width=4, height=3),
        summary.PhotoFact(id=3, place="eyelids", day=END, width=4, height=3),
        summary.PhotoFact(id=4, place="cheeks", day=END, width=4, height=3),
        summary.PhotoFact(id=5, place="cheeks", day=END + dt.timedelta(days=1), width=4, height=3),
    ]
    found = build([obs(40, "eyelids", 3), obs(0, "cheeks", 1)], photos=photos)
    eyelids, cheeks = found.photo_areas
    assert (eyelids.first_photo.id, eyelids.latest_photo.id) == (1, 3)
    assert (cheeks.first_photo, cheeks.latest_photo.id) == (None, 4)  # day 5 is after the end


def test_what_was_tried_counts_per_week_of_record_not_per_week_of_the_range():
    retinoid = rules.Product(id=1, name="Adapalene", category="retinoid")
    first = END - dt.timedelta(days=13)  # two weeks of record in a 90-day range
    nights = [first + dt.timedelta(days=n) for n in (0, 2, 4, 7, 9, 11)]
    found = build(
        [obs(13, "eyelids", 2)],
        applications=[rules.Application(day=d, period="pm", product_id=1) for d in nights],
        products={1: retinoid},
    )
    assert found.data_start == first
    assert (found.tried.weeks, found.tried.retinoid_per_week) == (2.0, 3.0)
    assert found.tried.sunscreen_percent == 0
