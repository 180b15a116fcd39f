"""What the progress page and the visit report show, computed in Python from one load.

Each page calls ``guidance.selectors.load`` once (a fixed number of queries whatever the
length of the history) and everything below works on that plain data.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from skintrack.guidance import rules
from skintrack.guidance import selectors as guidance_selectors
from skintrack.journal.models import (
    DermatologistVisit,
    MiliaArea,
    ObservationPhoto,
    SecondaryContext,
)
from skintrack.journal.selectors import days_done, due_steps
from skintrack.reports import charts, summary
from skintrack.routines.models import Period, StepArea
from skintrack.shelf.models import Active, Category

ONE_DAY = dt.timedelta(days=1)
HISTORY_DAYS = 182  # "the last six months": 26 weeks
ADHERENCE_WEEKS = 12
# The rules look back up to 30 days (DRM-3) and 28 days (RSK-1) behind the day they judge.
LOOKBACK_DAYS = 35
MAX_REPORT_DAYS = 731  # two years, a leap day included
WEEKLY_BUCKETS_UP_TO = 16 * 7  # longer ranges are summarised month by month

AREA_LABELS = dict(MiliaArea.choices)
AREA_ORDER = [value for value, _ in MiliaArea.choices]
CATEGORY_LABELS = dict(Category.choices)
ACTIVE_LABELS = {value: label.split(" (")[0] for value, label in Active.choices}
TAG_LABELS = ACTIVE_LABELS | {"abrasive": "Abrasive"}
SECONDARY_LABELS = dict(SecondaryContext.choices)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def percent(done: int, due: int) -> int | None:
    return round(100 * done / due) if due else None


# --- charts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """One chart drawn twice: for wide screens and paper, and for phones (the page's CSS
    shows one of them), so its text stays readable at either size."""

    wide: SafeString
    narrow: SafeString


NARROW = {
    charts.line_chart: {"width": 340, "height": 290},
    charts.bar_chart: {"width": 340, "height": 240},
    charts.heatmap: {"cell": 8, "gap": 2},
}


def chart(draw, *args, chart_id: str, **kwargs) -> Chart:
    # Safe: the chart module escapes every text it writes.
    return Chart(
        wide=mark_safe(draw(*args, chart_id=chart_id, **kwargs)),
        narrow=mark_safe(draw(*args, chart_id=f"{chart_id}-narrow", **kwargs, **NARROW[draw])),
    )


# --- routine completion ------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """Routine steps done over steps due, for a day or a span of days."""

    label: str
    start: dt.date
    end: dt.date
    done: int = 0
    due: int = 0

    @property
    def percent(self) -> int | None:
        return percent(self.done, self.due)


def completion_by_day(
    guidance: guidance_selectors.GuidanceInput, start: dt.date, end: dt.date
) -> dict[dt.date, tuple[int, int]]:
    """Day -> (steps done, steps due) for the days with steps due, from `start` to `end`.

    Days are judged as the day page showed them (``build_checklists``, with the step
    versions in use on each day). Days before the person's record starts are left out:
    nothing was owed then.
    """
    by_week: dict[dt.date, list] = defaultdict(list)
    for application in guidance.applications:
        by_week[monday_of(application.day)].append(application)
    tracked_from = guidance.tracking_since or start
    if not guidance.steps:
        return {}
    found = {}
    done_by_week: dict[dt.date, dict[int, set[dt.date]]] = {}
    for day in days_between(max(start, tracked_from), end):
        monday = monday_of(day)
        if monday not in done_by_week:  # each step's days done, once per week
            week = by_week[monday]
            done_by_week[monday] = {s.id: days_done(s, week) for s in guidance.steps}
        due = done = 0
        for _, was_done, _ in due_steps(day, guidance.steps, done_by_week[monday]):
            due += 1
            done += was_done
        if due:
            found[day] = (done, due)
    return found


def tally(
    completion: dict[dt.date, tuple[int, int]], label: str, start: dt.date, end: dt.date
) -> Tally:
    pairs = [completion[d] for d in days_between(start, end) if d in completion]
    return Tally(label, start, end, sum(p[0] for p in pairs), sum(p[1] for p in pairs))


def buckets(start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """(label, first, last): ISO weeks for short ranges, calendar months for long ones;
    the first and last are cut to the range."""
    found = []
    if (end - start).days < WEEKLY_BUCKETS_UP_TO:
        monday = monday_of(start)
        while monday <= end:
            first, last = max(monday, start), min(monday + dt.timedelta(days=6), end)
            found.append((charts.fmt_day(monday), first, last))
            monday += dt.timedelta(days=7)
        return found
    month = dt.date(start.year, start.month, 1)
    while month <= end:
        following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        first, last = max(month, start), min(following - ONE_DAY, end)
        found.append((f"{charts.MONTHS[month.month - 1]} {month.year}", first, last))
        month = following
    return found


def weekly_tallies(
    completion: dict[dt.date, tuple[int, int]], today: dt.date, weeks: int = ADHERENCE_WEEKS
) -> list[Tally]:
    """The last `weeks` ISO weeks, oldest first; the current week counts up to today."""
    this_monday = monday_of(today)
    found = []
    for back in range(weeks - 1, -1, -1):
        monday = this_monday - dt.timedelta(days=7 * back)
        last = min(monday + dt.timedelta(days=6), today)
        found.append(tally(completion, charts.fmt_day(monday), monday, last))
    return found


@dataclass(frozen=True)
class HeatWeek:
    monday: dt.date
    cells: tuple[tuple[dt.date, int | None, bool], ...]  # (day, percent, in range)


def heat_weeks(
    completion: dict[dt.date, tuple[int, int]], start: dt.date, end: dt.date
) -> list[HeatWeek]:
    """The heatmap's numbers as table rows: one per ISO week, newest first."""
    rows = []
    monday = monday_of(start)
    while monday <= end:
        cells = []
        for day in days_between(monday, monday + dt.timedelta(days=6)):
            pair = completion.get(day)
            cells.append((day, percent(*pair) if pair else None, start <= day <= end))
        rows.append(HeatWeek(monday, tuple(cells)))
        monday += dt.timedelta(days=7)
    return rows[::-1]


# --- milia -------------------------------------------------------------------------------


def place_key(obs: rules.Observation) -> str:
    """The same key the rules use for a place ("cheeks", "other:left arm")."""
    return f"other:{obs.area_other.strip().lower()}" if obs.area == "other" else obs.area


def place_name(obs: rules.Observation) -> str:
    if obs.area == "other":
        where = obs.area_other.strip()
        return where[:1].upper() + where[1:] if where else "Somewhere else"
    return AREA_LABELS.get(obs.area, obs.area)


def _place_order(key: str, name: str) -> tuple[int, str]:
    area = key.split(":")[0]
    return (AREA_ORDER.index(area) if area in AREA_ORDER else len(AREA_ORDER), name.lower())


def milia_series(
    observations, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, list[tuple[dt.date, int]]]:
    """Place name -> [(day, count)], oldest first, for observations from `start` to `end`."""
    grouped: dict[str, list[rules.Observation]] = defaultdict(list)
    names: dict[str, str] = {}
    for obs in observations:
        if (start and obs.day < start) or (end and obs.day > end):
            continue
        key = place_key(obs)
        grouped[key].append(obs)
        names.setdefault(key, place_name(obs))
    ordered = sorted(grouped, key=lambda k: _place_order(k, names[k]))
    return {
        names[k]: [(o.day, o.count) for o in sorted(grouped[k], key=lambda o: o.day)]
        for k in ordered
    }


MAX_CHART_POINTS = 120  # per area; a chart is about 600 px wide


def thin_series(
    series: dict[str, list[tuple[dt.date, int]]], max_points: int = MAX_CHART_POINTS
) -> dict[str, list[tuple[dt.date, int]]]:
    """Series with more points than a chart can show keep each month's last count, so a
    chart's size stays bounded however long the history grows."""
    thinned = {}
    for name, points in series.items():
        if len(points) <= max_points:
            thinned[name] = points
            continue
        by_month: dict[tuple[int, int], tuple[dt.date, int]] = {}
        for day, count in points:
            by_month[(day.year, day.month)] = (day, count)
        thinned[name] = list(by_month.values())
    return thinned


@dataclass(frozen=True)
class MiliaTable:
    """The line chart's numbers: a column per place, a row per day with any count."""

    names: list[str]
    rows: list[tuple[dt.date, list[int | None]]]


def milia_table(series: dict[str, list[tuple[dt.date, int]]]) -> MiliaTable:
    names = list(series)
    by_day: dict[dt.date, list[int | None]] = defaultdict(lambda: [None] * len(names))
    for column, name in enumerate(names):
        for day, count in series[name]:
            by_day[day][column] = count
    return MiliaTable(names, sorted(by_day.items()))


@dataclass(frozen=True)
class AreaHistory:
    name: str
    first_seen: dt.date | None  # first count above zero, ever
    present_since: dt.date | None  # start of the current run above zero (see GUIDANCE)
    cleared_on: dt.date | None  # the newest count is zero: since when
    at_start: int | None  # latest count on or before the range's start
    latest: int | None  # latest count on or before the range's end
    latest_day: dt.date | None
    counts_in_range: int
    seen_before: bool = False  # a count above zero before the range's start

    @property
    def change(self) -> int | None:
        if self.at_start is None or self.latest is None:
            return None
        return self.latest - self.at_start

    @property
    def change_label(self) -> str:
        """ "new" only for an area with no count above zero before the range; "cleared"
        when it had milia at the start and the latest count is zero; else the signed change
        ("+2", "-1", "0"), or "–" with nothing to compare."""
        if self.latest == 0 and (self.at_start or 0) > 0:
            return "cleared"
        if (self.latest or 0) > 0 and not self.seen_before:
            return "new"
        if self.change is None:
            return "–"
        return f"+{self.change}" if self.change > 0 else str(self.change)


def area_histories(log: rules.Log, start: dt.date, end: dt.date) -> list[AreaHistory]:
    persisting = rules.persisting_since(log, end)
    grouped: dict[str, list[rules.Observation]] = defaultdict(list)
    for obs in sorted(log.observations, key=lambda o: o.day):
        if obs.day <= end:
            grouped[place_key(obs)].append(obs)
    found: list[tuple[str, AreaHistory]] = []
    for key, seq in grouped.items():
        before = [o for o in seq if o.day <= start]
        latest = seq[-1]
        found.append(
            (
                key,
                AreaHistory(
                    name=place_name(latest),
                    first_seen=next((o.day for o in seq if o.count > 0), None),
                    present_since=persisting[key][1] if key in persisting else None,
                    cleared_on=latest.day if latest.count == 0 else None,
                    at_start=before[-1].count if before else None,
                    latest=latest.count,
                    latest_day=latest.day,
                    counts_in_range=sum(1 for o in seq if o.day >= start),
                    seen_before=any(o.count > 0 for o in seq if o.day < start),
                ),
            )
        )
    found.sort(key=lambda pair: _place_order(pair[0], pair[1].name))
    return [area for _, area in found]


# --- the progress page -------------------------------------------------------------------


@dataclass
class Progress:
    today: dt.date
    start: dt.date
    milia_table: MiliaTable
    milia_chart: Chart
    weeks: list[Tally]
    adherence_chart: Chart
    heat_rows: list[HeatWeek]
    heatmap: Chart
    days_judged: int


def day_url(day: dt.date) -> str:
    return reverse("journal:day", kwargs={"day": day})


def progress(user, today: dt.date) -> Progress:
    start = today - dt.timedelta(days=HISTORY_DAYS - 1)
    guidance = guidance_selectors.load(user, start, today, all_counts=True)
    completion = completion_by_day(guidance, start, today)
    series = thin_series(milia_series(guidance.log.observations))
    weeks = weekly_tallies(completion, today)
    return Progress(
        today=today,
        start=start,
        milia_table=milia_table(series),
        milia_chart=chart(charts.line_chart, series, end=today, chart_id="milia-chart"),
        weeks=weeks,
        adherence_chart=chart(
            charts.bar_chart, [(w.label, w.percent) for w in weeks], chart_id="adherence-chart"
        ),
        heat_rows=heat_weeks(completion, start, today),
        heatmap=chart(
            charts.heatmap,
            {d: done / due for d, (done, due) in completion.items()},
            start,
            today,
            chart_id="completion-chart",
            link=day_url,
        ),
        days_judged=len(completion),
    )


# --- the visit report --------------------------------------------------------------------


@dataclass(frozen=True)
class ProductRow:
    name: str
    category: str
    uses: tuple[str, ...]  # "Morning", "Evening (eye area)"
    flags: tuple[tuple[str, str], ...]  # (kind, text): kind is "warn" or "plain"
    actives: tuple[str, ...]


@dataclass(frozen=True)
class SymptomRow:
    day: dt.date
    place: str
    symptoms: str  # "redness (moderate), swelling (mild)"
    note: str = ""


@dataclass(frozen=True)
class HabitRow:
    """Exfoliation, retinoid and sunscreen in one week or month of the range."""

    label: str
    days: int
    exfoliations: int
    scrubs: int
    retinoid_nights: int
    covered_mornings: int  # retinoid nights followed by a broad-spectrum sunscreen morning
    sunscreen_mornings: int
    steroid_days: int


@dataclass
class VisitReport:
    user_name: str
    start: dt.date
    end: dt.date
    today: dt.date
    areas: list[AreaHistory]
    milia_table: MiliaTable
    milia_chart: Chart
    symptoms: list[SymptomRow]
    products: list[ProductRow]
    adherence: list[Tally]
    adherence_total: Tally
    adherence_chart: Chart
    bucket_kind: str  # "Week of" or "Month"
    habits: list[HabitRow]
    exfoliation_days: list[dt.date]
    scrub_days: list[dt.date]
    retinoid_nights_uncovered: list[dt.date]
    extraction_days: list[dt.date]
    visits: list[DermatologistVisit]
    findings: list[rules.Finding]
    summary: summary.Summary
    details_start: dt.date
    age_band: str = ""  # "30–44", as the person chose to give it
    skin_notes: str = ""  # the weekly tables start at the first week with data
    days: int = field(default=0)


def product_rows(
    guidance: guidance_selectors.GuidanceInput, as_of: dt.date | None = None
) -> list[ProductRow]:
    """Products on the shelf or in an active routine, with what the rules think of them;
    with `as_of`, their uses are those of the step versions in use on that day."""
    th = guidance.thresholds
    uses: dict[int, list[str]] = defaultdict(list)
    for step in guidance.steps:
        if as_of and not step.schedule.in_span(as_of):
            continue  # a version that ended before (a changed schedule, a removed step)
        use = "Morning" if step.routine.period == Period.MORNING else "Evening"
        if step.area != StepArea.FACE:
            use += f" ({step.get_area_display().lower()})"
        if step.schedule_kind != "daily":
            use += f", {step.schedule.describe()}"
        if use not in uses[step.product_id]:
            uses[step.product_id].append(use)
    rows = []
    for pid, model in guidance.products.items():
        if model.archived and pid not in uses:
            continue
        facts = guidance.log.products[pid]
        flags: list[tuple[str, str]] = []
        clogs, why = facts.comedogenic_verdict(th.comedogenic_rating)
        rated = any((i.comedogenicity or 0) >= th.comedogenic_rating for i in facts.ingredients)
        if clogs:
            flags.append(("warn", f"May clog pores: {why}."))
        elif rated:  # the person's "no" overrides the catalog: show both
            flags.append(("plain", f"Not comedogenic: {why}."))
        if facts.is_heavy:
            flags.append(("warn", f"Heavy: {facts.heavy_reason}."))
        if facts.is_scrub:
            flags.append(("warn", "Abrasive scrub."))
        if facts.is_sunscreen:
            spf = f"SPF {facts.spf}" if facts.spf else "Sunscreen"
            spectrum = "broad-spectrum" if facts.broad_spectrum else "not marked broad-spectrum"
            flags.append(("plain" if facts.broad_spectrum else "warn", f"{spf}, {spectrum}."))
        category = CATEGORY_LABELS.get(model.category, model.category)
        actives = tuple(
            label
            for tag, label in TAG_LABELS.items()
            if tag in facts.tags and tag != "abrasive" and label.lower() not in category.lower()
        )
        rows.append(
            ProductRow(
                name=facts.name,
                category=category,
                uses=tuple(uses.get(pid, ())),
                flags=tuple(flags),
                actives=actives,
            )
        )
    return sorted(rows, key=lambda r: (not r.uses, r.category, r.name.lower()))


def visit_report(user, start: dt.date, end: dt.date, today: dt.date) -> VisitReport:
    guidance = guidance_selectors.load(user, start - dt.timedelta(days=LOOKBACK_DAYS), end)
    log = guidance.log
    in_range = set(days_between(start, end))

    completion = completion_by_day(guidance, start, end)
    # The weekly tables start at the first week with anything logged, not at empty weeks.
    first_day = summary.data_start(log, start, end)
    details_start = max(start, monday_of(first_day)) if first_day else start
    periods = buckets(details_start, end)
    adherence = [tally(completion, label, first, last) for label, first, last in periods]

    exfoliations = rules.days_applied(log, lambda p: p.is_exfoliant, facial=True)
    scrubs = rules.days_applied(log, lambda p: p.is_scrub)
    retinoids = rules.days_applied(log, lambda p: p.is_retinoid, period="pm")
    sunscreen = rules.days_applied(log, lambda p: p.is_broad_spectrum_sunscreen, period="am")
    steroids = rules.days_applied(log, lambda p: p.is_corticosteroid)
    # A retinoid night is judged by the next morning, so the range's last night waits.
    judged_nights = sorted(d for d in retinoids if d in in_range and d + ONE_DAY <= end)
    habits = []
    for label, first, last in periods:
        span = set(days_between(first, last))
        nights = [d for d in judged_nights if d in span]
        habits.append(
            HabitRow(
                label=label,
                days=len(span),
                exfoliations=len(exfoliations & span),
                scrubs=len(scrubs & span),
                retinoid_nights=len(retinoids & span),
                covered_mornings=sum(1 for d in nights if d + ONE_DAY in sunscreen),
                sunscreen_mornings=len(sunscreen & span),
                steroid_days=len(steroids & span),
            )
        )

    symptoms = [
        SymptomRow(
            o.day,
            place_name(o),
            o.symptoms_described(),
            f"after {SECONDARY_LABELS.get(o.secondary_context, 'skin damage').lower()}"
            if o.milia_type == "secondary"
            else "",
        )
        for o in sorted(log.observations, key=lambda o: o.day)
        if o.day in in_range and (o.symptoms or o.milia_type == "secondary")
    ]
    series = milia_series(log.observations, start, end)
    findings = [
        f
        for f in rules.dashboard(log, end, guidance.thresholds)
        if f.severity in (rules.Severity.URGENT, rules.Severity.WARNING)
    ]
    visits = sorted(guidance.visits, key=lambda v: v.day, reverse=True)
    products = product_rows(guidance, as_of=end)
    extraction_days = sorted(n.day for n in log.notes if n.day in in_range and n.tried_extraction)
    total = tally(completion, "All", start, end)
    kind = "Week of" if (end - start).days < WEEKLY_BUCKETS_UP_TO else "Month"
    unit = "week" if kind == "Week of" else "month"
    return VisitReport(
        user_name=user.get_full_name() or user.get_username(),
        start=start,
        end=end,
        today=today,
        areas=area_histories(log, start, end),
        milia_table=milia_table(series),
        milia_chart=chart(charts.line_chart, series, start=start, end=end, chart_id="report-milia"),
        symptoms=symptoms,
        products=products,
        adherence=adherence,
        adherence_total=total,
        adherence_chart=chart(
            charts.bar_chart,
            [(t.label, t.percent) for t in adherence],
            title=f"Routine steps done, {unit} by {unit}",
            chart_id="report-adherence",
        ),
        bucket_kind=kind,
        habits=habits,
        exfoliation_days=sorted(exfoliations & in_range),
        scrub_days=sorted(scrubs & in_range),
        retinoid_nights_uncovered=[d for d in judged_nights if d + ONE_DAY not in sunscreen],
        extraction_days=extraction_days,
        visits=visits,
        findings=findings,
        summary=summary.build(
            log,
            start,
            end,
            product_rows=products,
            visits=visits,
            photos=photo_facts(user, end),
            extraction_days=len(extraction_days),
            place_key=place_key,
            place_name=place_name,
        ),
        details_start=details_start,
        age_band=user.get_age_band_display() if user.age_band else "",
        skin_notes=user.skin_notes,
        days=len(in_range),
    )


def photo_facts(user, end: dt.date) -> list[summary.PhotoFact]:
    """Every photo of the person's observations up to `end`, as plain facts: one query."""
    rows = (
        ObservationPhoto.objects.owned_by(user)
        .filter(observation__day__lte=end)
        .values_list(
            "id",
            "observation__area",
            "observation__area_other",
            "observation__day",
            "width",
            "height",
        )
    )
    return [
        summary.PhotoFact(
            id=pk,
            place=f"other:{other.strip().lower()}" if area == "other" else area,
            day=day,
            width=width,
            height=height,
        )
        for pk, area, other, day, width, height in rows
    ]
