"""The calendar feed (RFC 5545): the next 60 days of routines and reminders.

``plan`` is pure (the loaded guidance in, plain ``PlannedEvent`` values out); ``calendar``
turns them into an ``icalendar.Calendar``. Times carry the person's zone as a TZID (with
its VTIMEZONE), so 07:30 stays 07:30 on both sides of a daylight-saving change.

The feed URL is a bearer secret that calendar apps store and often sync through a third
party, so the events carry no text the person typed: steps are listed by product type
(cleanser, retinoid...) and area, never by product or routine name.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone
from django.utils.crypto import salted_hmac
from icalendar import Alarm, Calendar, Event

from skintrack.guidance import rules
from skintrack.guidance import selectors as guidance_selectors
from skintrack.journal.selectors import checklists_from
from skintrack.routines import schedule
from skintrack.routines.models import Period, StepArea
from skintrack.shelf.models import Category

FEED_DAYS = 60
MORNING_AT = dt.time(7, 30)
EVENING_AT = dt.time(21, 30)
SUNSCREEN_AT = dt.time(7, 45)
LOOKBACK_DAYS = 35  # the rules look back up to 30 days behind today
EXFOLIATION_AFTER = dt.timedelta(minutes=15)  # after the evening routine's reminder
# Events that ring (VALARM, RFC 5545 §3.6.6) at their start: the times come from Settings.
ALARM_KINDS = ("evening", "sunscreen", "exfoliation")
CATEGORY_LABELS = dict(Category.choices)
PERIOD_NAMES = {Period.MORNING: "Morning", Period.EVENING: "Evening"}
DERMATOLOGIST_RULES = ("DRM-2", "DRM-3")


@dataclass(frozen=True)
class PlannedEvent:
    day: dt.date
    kind: str  # morning | evening | exfoliation | sunscreen | dermatologist
    summary: str
    description: str
    at: dt.time | None = None  # None: an all-day event
    minutes: int = 15


@dataclass(frozen=True)
class ReminderTimes:
    """When the reminders ring, in the person's zone (Settings › Reminders)."""

    sunscreen: dt.time = SUNSCREEN_AT
    evening: dt.time = EVENING_AT

    @classmethod
    def of(cls, user) -> ReminderTimes:
        return cls(sunscreen=user.morning_reminder_time, evening=user.evening_reminder_time)

    @property
    def exfoliation(self) -> dt.time:
        moment = dt.datetime.combine(dt.date(2000, 1, 1), self.evening) + EXFOLIATION_AFTER
        return moment.time() if moment.day == 1 else dt.time(23, 59)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def step_line(step) -> str:
    """A step without the person's own words: "Retinoid (eye area)"."""
    text = CATEGORY_LABELS.get(step.product.category, "Product")
    if step.area != StepArea.FACE:
        text += f" ({step.get_area_display().lower()})"
    return text


def _routine_event(day: dt.date, period: str, steps: list, times: ReminderTimes) -> PlannedEvent:
    name = PERIOD_NAMES[period]
    count = len(steps)
    lines = [f"{n}. {step_line(step)}" for n, step in enumerate(steps, start=1)]
    return PlannedEvent(
        day=day,
        kind="morning" if period == Period.MORNING else "evening",
        summary=f"{name} routine ({count} step{'' if count == 1 else 's'})",
        description="\n".join(lines) + "\n\nTick them off in skintrack.",
        at=MORNING_AT if period == Period.MORNING else times.evening,
    )


def _exfoliation_plan(
    guidance: guidance_selectors.GuidanceInput,
    findings: list[rules.Finding],
    today: dt.date,
    last: dt.date,
) -> dict[dt.date, dt.date]:
    """Week's Monday -> the night the engine plans a gentle exfoliation.

    Nothing is planned when an evening step already schedules an exfoliant on fixed days,
    nor for this week once something was exfoliated. This week follows the today page
    ("tonight suits"); later weeks take ``rules.pick_exfoliation_day``.
    """
    log = guidance.log
    fixed = any(
        step.routine.period == Period.EVENING
        and step.schedule_kind != schedule.TIMES_PER_WEEK
        and log.products[step.product_id].is_exfoliant
        for step in guidance.steps
    )
    if fixed:
        return {}
    plan = {}
    this_monday = _monday(today)
    if (night := rules.exfoliation_night(log, today)) is not None:
        plan[this_monday] = night  # the night the today page plans
    monday = this_monday + dt.timedelta(days=7)
    while monday <= last:
        if (day := rules.pick_exfoliation_day(log, monday)) and day <= last:
            plan[monday] = day
        monday += dt.timedelta(days=7)
    return plan


def flexible_plan(step, day, today, this_week, planned_night, log: rules.Log) -> frozenset:
    """The nights of `day`'s week the planner gives an "N times a week" step: a retinoid
    makes way for the exfoliation night, an exfoliant takes it when one is planned."""
    monday = _monday(day)
    done = {a.day for a in this_week if a.step_id == step.id and a.day < today}
    week = {monday + dt.timedelta(days=n) for n in range(7)}
    product = log.products[step.product_id]
    avoid: set[dt.date] = set()
    if planned_night is not None and product.is_retinoid:
        avoid = {planned_night}
    elif planned_night is not None and product.is_exfoliant:
        avoid = week - {planned_night}
    from_day = max(today, monday)
    return schedule.plan_flexible_nights(step.schedule, monday, from_day, done, avoid)


def plan(
    guidance: guidance_selectors.GuidanceInput,
    today: dt.date,
    days: int = FEED_DAYS,
    times: ReminderTimes | None = None,
) -> list[PlannedEvent]:
    """The events of `days` days from `today`, in date order.

    Today's routines are the today page's checklists. Later days assume the plan is kept:
    a step due "N times a week" is placed on the week's first days (an exfoliant one on
    the planned exfoliation night) until it has its N times.
    """
    times = times or ReminderTimes()
    log = guidance.log
    last = today + dt.timedelta(days=days - 1)
    findings = rules.dashboard(log, today, guidance.thresholds, guidance.morning_over)
    exfoliation = _exfoliation_plan(guidance, findings, today, last)
    this_week = [a for a in guidance.applications if _monday(a.day) == _monday(today)]
    done: Counter[int] = Counter(a.step_id for a in this_week if a.step_id and a.day < today)

    events: list[PlannedEvent] = []
    retinoid_nights: set[dt.date] = set()
    for offset in range(days):
        day = today + dt.timedelta(days=offset)
        if day.weekday() == 0 and day != today:
            done = Counter()
        due: dict[str, list] = {Period.MORNING: [], Period.EVENING: []}
        planned_night = exfoliation.get(_monday(day))
        if day == today:
            for period, checklist in checklists_from(guidance, day, today).items():
                due[period] = [item.step for item in checklist.items]
        else:
            for step in guidance.steps:
                if step.schedule_kind == schedule.TIMES_PER_WEEK:
                    is_due = day in flexible_plan(step, day, today, this_week, planned_night, log)
                else:
                    is_due = step.is_due(day, done[step.id], False)
                if is_due:
                    due[step.routine.period].append(step)
        for period, steps in due.items():
            for step in steps:
                done[step.id] += 1  # the plan is kept: each due step gets done
            if steps:
                events.append(_routine_event(day, period, steps, times))
        if any(log.products[s.product_id].is_retinoid for s in due[Period.EVENING]):
            retinoid_nights.add(day)
        if exfoliation.get(_monday(day)) == day:
            events.append(
                PlannedEvent(
                    day=day,
                    kind="exfoliation",
                    summary="Exfoliation night",
                    description=(
                        "A gentle chemical exfoliant tonight: no retinoid is planned and "
                        "nothing was exfoliated the night before or is planned after. Once "
                        "a week is plenty."
                    ),
                    at=times.exfoliation,
                )
            )

    sunscreen_days = {night + dt.timedelta(days=1) for night in retinoid_nights}
    if any(f.key == f"RET-2:due:{today.isoformat()}" for f in findings):
        sunscreen_days.add(today)  # a retinoid last night and no sunscreen logged yet
    for day in sorted(d for d in sunscreen_days if d <= last):
        events.append(
            PlannedEvent(
                day=day,
                kind="sunscreen",
                summary="Sunscreen this morning",
                description=(
                    "A retinoid the evening before makes skin burn more easily today. "
                    "Put on a broad-spectrum sunscreen."
                ),
                at=times.sunscreen,
                minutes=5,
            )
        )

    reasons = [
        f.title
        for f in findings
        if f.rule_id in DERMATOLOGIST_RULES and f.severity == rules.Severity.URGENT
    ]
    if reasons:
        events.append(
            PlannedEvent(
                day=today,
                kind="dermatologist",
                summary="See a dermatologist",
                description="; ".join(dict.fromkeys(reasons))
                + ". A dermatologist can remove milia safely. Book a visit and log it in "
                "skintrack.",
            )
        )
    order = {"dermatologist": 0, "morning": 1, "sunscreen": 2, "evening": 3, "exfoliation": 4}
    return sorted(events, key=lambda e: (e.day, order[e.kind]))


def person_hash(user) -> str:
    """The person's id, hashed with the secret key: stable, and tells nothing."""
    key = salted_hmac("skintrack.reports.feed.uid", str(user.pk), algorithm="sha256")
    return key.hexdigest()[:16]


def uid(person: str, day: dt.date, kind: str) -> str:
    """Stable for a person, day and kind, so calendar apps update instead of duplicating;
    `person` is ``person_hash(user)``."""
    return f"{day:%Y%m%d}-{kind}-{person}@skintrack"


def alarm(item: PlannedEvent) -> Alarm:
    """A display alarm at the event's start: the calendar app shows the summary then."""
    ring = Alarm()
    ring.add("action", "DISPLAY")
    ring.add("description", item.summary)
    ring.add("trigger", dt.timedelta(0))
    return ring


def calendar(user, events: list[PlannedEvent], now: dt.datetime | None = None) -> Calendar:
    zone, person = user.zone, person_hash(user)
    stamp = (now or timezone.now()).astimezone(dt.UTC).replace(microsecond=0)
    cal = Calendar.new(
        prodid="-//skintrack//routine calendar//EN",
        name="skintrack routine",
        description="Your skincare routine and reminders from skintrack.",
        refresh_interval=dt.timedelta(hours=1),
        method="PUBLISH",
        uid=f"calendar-{person}@skintrack",
    )
    for item in events:
        if item.at is None:
            start: dt.date | dt.datetime = item.day
            end: dt.date | dt.datetime = item.day + dt.timedelta(days=1)
        else:
            start = dt.datetime.combine(item.day, item.at, tzinfo=zone)
            end = start + dt.timedelta(minutes=item.minutes)
        event = Event.new(
            uid=uid(person, item.day, item.kind),
            summary=item.summary,
            description=item.description,
            start=start,
            end=end,
            stamp=stamp,
            transparency="TRANSPARENT",
        )
        if item.kind in ALARM_KINDS and item.at is not None:
            event.add_component(alarm(item))
        cal.add_component(event)
    if events:
        cal.add_missing_timezones(
            first_date=events[0].day - dt.timedelta(days=1),
            last_date=events[-1].day + dt.timedelta(days=2),
        )
    return cal


def feed_for(user, now: dt.datetime | None = None) -> bytes:
    """The person's feed as iCalendar bytes, from their local today."""
    today = (now or timezone.now()).astimezone(user.zone).date()
    guidance = guidance_selectors.load(
        user, today - dt.timedelta(days=LOOKBACK_DAYS), today, today=today
    )
    return calendar(user, plan(guidance, today, times=ReminderTimes.of(user)), now).to_ical()
