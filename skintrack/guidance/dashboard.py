"""The today page's guidance: open findings, what is due now, the last seven days."""

import datetime as dt
from dataclasses import dataclass

from skintrack.guidance import rules, selectors
from skintrack.journal.selectors import (
    LOOKBACK_DAYS,
    ChecklistItem,
    avoid_nights,
    build_checklists,
    days_done,
)
from skintrack.routines import schedule

GLANCE_DAYS = 7
ONE_WEEK = dt.timedelta(days=6)


@dataclass(frozen=True)
class DaySummary:
    day: dt.date
    morning_done: int
    morning_due: int
    evening_done: int
    evening_due: int
    sunscreen: bool
    retinoid: bool
    exfoliation: bool

    @property
    def complete(self) -> bool:
        due = self.morning_due + self.evening_due
        return due > 0 and self.morning_done + self.evening_done == due

    @property
    def done(self) -> int:
        return self.morning_done + self.evening_done

    @property
    def due(self) -> int:
        return self.morning_due + self.evening_due


@dataclass(frozen=True)
class Dashboard:
    urgent: list[rules.Finding]
    due_now: list[rules.Finding]
    # Urgent findings acted on: a visit booked or logged. Shown calmly, with the booking.
    calm: list[rules.Finding]
    this_week: list[rules.Finding]
    last_days: list[DaySummary]

    @property
    def needs_visit(self) -> bool:
        """An urgent "see a dermatologist" finding: the page offers to record a booking."""
        return any(f.rule_id in rules.SEE_A_DERMATOLOGIST for f in self.urgent)


def owed(item: ChecklistItem, day: dt.date, week: list) -> bool:
    """Whether a step on a past day's list was really owed that day.

    Every step on the list is, except an undone "N times a week" step while the rest of
    the week still has room for the times not yet done: skipping Monday is not missing it.
    """
    step = item.step
    if item.done or step.schedule_kind != schedule.TIMES_PER_WEEK:
        return True
    done_before = len({d for d in days_done(step, week) if d < day})
    days_after = 6 - day.weekday()
    return (step.times_per_week or 0) - done_before > days_after


def last_days(guidance: selectors.GuidanceInput, today: dt.date) -> list[DaySummary]:
    """Routine completion and key products for each of the last seven days, oldest first."""
    products = guidance.log.products
    avoid = avoid_nights(guidance, rules.exfoliation_night(guidance.log, today))
    this_monday = today - dt.timedelta(days=today.weekday())
    summaries = []
    for offset in range(GLANCE_DAYS - 1, -1, -1):
        day = today - dt.timedelta(days=offset)
        monday = day - dt.timedelta(days=day.weekday())
        week = [a for a in guidance.applications if monday <= a.day <= monday + ONE_WEEK]
        done_by_then = [a for a in week if a.day <= day]
        lists = build_checklists(
            day, guidance.steps, done_by_then, avoid if monday == this_monday else None
        )
        items = {p: [i for i in lists[p].items if owed(i, day, week)] for p in ("am", "pm")}
        applied = [(a.period, products[a.product_id]) for a in week if a.day == day]
        summaries.append(
            DaySummary(
                day=day,
                morning_done=sum(i.done for i in items["am"]),
                morning_due=len(items["am"]),
                evening_done=sum(i.done for i in items["pm"]),
                evening_due=len(items["pm"]),
                sunscreen=any(
                    period == "am" and p.is_broad_spectrum_sunscreen for period, p in applied
                ),
                retinoid=any(period == "pm" and p.is_retinoid for period, p in applied),
                exfoliation=any(p.is_exfoliant for _, p in applied),
            )
        )
    return summaries


def build(user, today: dt.date) -> Dashboard:
    guidance = selectors.load(user, today - dt.timedelta(days=LOOKBACK_DAYS), today, today=today)
    return from_guidance(guidance, today)


def from_guidance(guidance: selectors.GuidanceInput, today: dt.date) -> Dashboard:
    """The dashboard from data already loaded for a window ending on or after `today` and
    starting at least ``LOOKBACK_DAYS`` before it."""
    findings = rules.dashboard(guidance.log, today, guidance.thresholds, guidance.morning_over)
    return Dashboard(
        urgent=[f for f in findings if f.severity == rules.Severity.URGENT or f.styled_urgent],
        due_now=[f for f in findings if f.severity == rules.Severity.INFO and not f.calm],
        calm=[f for f in findings if f.calm],
        this_week=[
            f for f in findings if f.severity == rules.Severity.WARNING and not f.styled_urgent
        ],
        last_days=last_days(guidance, today),
    )
