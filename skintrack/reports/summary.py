"""Page one of the visit report: a summary a clinician can read in a minute.

Built from what ``selectors.visit_report`` already loaded (the rules' plain data, the product
rows, the visits) and one list of photo facts; no query of its own. Every sentence here is
written about the person, never to them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from skintrack.guidance import rules
from skintrack.journal.models import MiliaType, SecondaryContext

EYE_AREAS = ("eyelids", "under_eyes")
MAX_QUESTION_AREAS = 3
MAX_VISITS = 4
MAX_PHOTO_AREAS = 3
TYPE_LABELS = {
    MiliaType.PRIMARY: "primary",
    MiliaType.SECONDARY: "secondary",
    MiliaType.UNKNOWN: "type not stated",
}
CONTEXT_LABELS = {value: label.lower() for value, label in SecondaryContext.choices}


@dataclass(frozen=True)
class PhotoFact:
    """A photo as the summary needs it: which place and day, and its size."""

    id: int
    place: str  # the rules' place key: "cheeks", "other:left arm"
    day: dt.date
    width: int
    height: int


@dataclass(frozen=True)
class AreaSummary:
    name: str
    eye_area: bool
    first_seen: dt.date | None
    since: dt.date | None  # start of the current run above zero; None when cleared
    weeks: int | None  # how long the current run has lasted, by the report's end
    since_count: int | None  # the count on `since`
    latest: int
    latest_day: dt.date
    trend: str  # "rising", "falling", "unchanged", "cleared", "one count"
    symptoms: str  # "redness (moderate), swelling (mild) on 20 Nov 2026", or ""
    milia_type: str  # "primary", "secondary after a burn", "type not stated"
    first_photo: PhotoFact | None = None
    latest_photo: PhotoFact | None = None

    @property
    def has_photos(self) -> bool:
        return self.latest_photo is not None


@dataclass(frozen=True)
class Tried:
    weeks: float  # weeks of record in the report's range
    exfoliation_per_week: float | None
    scrub_days: int
    retinoid_per_week: float | None
    sunscreen_percent: int | None  # mornings with a broad-spectrum sunscreen
    extraction_days: int


@dataclass(frozen=True)
class Summary:
    question: str  # "Milia on the eyelids since 4 Oct 2026 (3 → 7); …"
    areas: list[AreaSummary]
    tried: Tried
    products_in_use: list  # selectors.ProductRow, eye-area products first
    visits: list  # journal.models.DermatologistVisit, newest first, at most MAX_VISITS
    older_visits: int
    photo_areas: list[AreaSummary]  # areas with photos, eye areas first
    data_start: dt.date | None  # the first day in the range with anything logged


def fmt(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _trend(first: int | None, latest: int, count_of_points: int) -> str:
    if count_of_points < 2 or first is None:
        return "one count"
    if latest == 0:
        return "cleared"
    if latest > first:
        return "rising"
    if latest < first:
        return "falling"
    return "unchanged"


def _type_text(obs: rules.Observation) -> str:
    if obs.milia_type == MiliaType.SECONDARY:
        context = CONTEXT_LABELS.get(obs.secondary_context)
        return f"secondary, after {context}" if context else "secondary"
    return TYPE_LABELS.get(obs.milia_type, "type not stated")


def area_summaries(
    log: rules.Log,
    start: dt.date,
    end: dt.date,
    place_key,
    place_name,
    photos: list[PhotoFact],
) -> list[AreaSummary]:
    """One summary per place counted up to `end`: eye areas first, then in area order."""
    persisting = rules.persisting_since(log, end)
    by_place: dict[str, list[rules.Observation]] = defaultdict(list)
    for obs in sorted(log.observations, key=lambda o: o.day):
        if obs.day <= end:
            by_place[place_key(obs)].append(obs)
    photos_by_place: dict[str, list[PhotoFact]] = defaultdict(list)
    for photo in sorted(photos, key=lambda p: (p.day, p.id)):
        if photo.day <= end:
            photos_by_place[photo.place].append(photo)
    found = []
    for key, seq in by_place.items():
        latest = seq[-1]
        since = persisting[key][1] if key in persisting else None
        since_count = next((o.count for o in seq if o.day == since), None)
        in_range = [o for o in seq if o.day >= start]
        first_in_range = in_range[0].count if in_range else None
        noted = [o for o in in_range if o.symptoms]
        symptoms = ""
        if noted:
            newest = noted[-1]
            symptoms = f"{newest.symptoms_described()} on {fmt(newest.day)}"
            if len(noted) > 1:
                symptoms += f" (noted on {len(noted)} days in the period)"
        shots = photos_by_place.get(key, [])
        found.append(
            AreaSummary(
                name=place_name(latest),
                eye_area=latest.area in EYE_AREAS,
                first_seen=next((o.day for o in seq if o.count > 0), None),
                since=since,
                weeks=(end - since).days // 7 if since else None,
                since_count=since_count,
                latest=latest.count,
                latest_day=latest.day,
                trend=_trend(first_in_range, latest.count, len(in_range)),
                symptoms=symptoms,
                milia_type=_type_text(latest),
                first_photo=shots[0] if len(shots) > 1 else None,
                latest_photo=shots[-1] if shots else None,
            )
        )
    return sorted(found, key=lambda a: (not a.eye_area,))  # stable: keeps the area order


def question(areas: list[AreaSummary]) -> str:
    """What the visit is about, in one line: the places with milia now, eye areas first."""
    present = [a for a in areas if a.latest > 0]
    if not present:
        return "No milia present at the latest counts." if areas else "No milia counted."
    parts = []
    for area in present[:MAX_QUESTION_AREAS]:
        since = f" since {fmt(area.since)}" if area.since else ""
        change = (
            f"{area.since_count} → {area.latest}"
            if area.since_count is not None and area.since != area.latest_day
            else str(area.latest)
        )
        parts.append(f"{area.name.lower()}{since} ({change})")
    more = len(present) - MAX_QUESTION_AREAS
    text = "Milia on the " + "; ".join(parts)
    return text + (f"; and {more} more area{'s' if more > 1 else ''}." if more > 0 else ".")


def data_start(log: rules.Log, start: dt.date, end: dt.date) -> dt.date | None:
    """The first day from `start` to `end` with anything logged."""
    days = [a.day for a in log.applications]
    days += [n.day for n in log.notes] + [o.day for o in log.observations]
    return min((d for d in days if start <= d <= end), default=None)


def per_week(count: int, weeks: float) -> float | None:
    return round(count / weeks, 1) if weeks >= 1 else None


def tried(
    log: rules.Log, start: dt.date, end: dt.date, first_day: dt.date | None, extraction_days: int
) -> Tried:
    """Exfoliation, retinoid nights and sunscreen over the days of record in the range."""
    first_day = first_day or end
    days = (end - first_day).days + 1
    span = {first_day + dt.timedelta(days=n) for n in range(days)}
    weeks = days / 7
    exfoliations = rules.days_applied(log, lambda p: p.is_exfoliant, facial=True) & span
    scrubs = rules.days_applied(log, lambda p: p.is_scrub) & span
    retinoids = rules.days_applied(log, lambda p: p.is_retinoid, period="pm") & span
    sunscreen = rules.days_applied(log, lambda p: p.is_broad_spectrum_sunscreen, period="am")
    return Tried(
        weeks=round(weeks, 1),
        exfoliation_per_week=per_week(len(exfoliations), weeks),
        scrub_days=len(scrubs),
        retinoid_per_week=per_week(len(retinoids), weeks),
        sunscreen_percent=round(100 * len(sunscreen & span) / days) if days else None,
        extraction_days=extraction_days,
    )


def products_in_use(rows: list) -> list:
    """Products in a routine, eye-area products first."""
    in_use = [r for r in rows if r.uses]
    return sorted(in_use, key=lambda r: not any("eye area" in use for use in r.uses))


def build(
    log: rules.Log,
    start: dt.date,
    end: dt.date,
    *,
    product_rows: list,
    visits: list,
    photos: list[PhotoFact],
    extraction_days: int,
    place_key,
    place_name,
) -> Summary:
    areas = area_summaries(log, start, end, place_key, place_name, photos)
    first_day = data_start(log, start, end)
    return Summary(
        question=question(areas),
        areas=areas,
        tried=tried(log, start, end, first_day, extraction_days),
        products_in_use=products_in_use(product_rows),
        visits=visits[:MAX_VISITS],
        older_visits=max(0, len(visits) - MAX_VISITS),
        photo_areas=[a for a in areas if a.has_photos][:MAX_PHOTO_AREAS],
        data_start=first_day,
    )
