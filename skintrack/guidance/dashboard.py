"""The today page's guidance: open findings, what is due now, the last seven days."""

import datetime as dt
from dataclasses import dataclass

from skintrack.guidance import rules, selectors
from skintrack.journal.selectors import build_checklists

GLANCE_DAYS = 7
# Context the rules need behind today: RSK-1 looks back 28 days, DRM-3 30 days.
LOOKBACK_DAYS = 35


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
    this_week: list[rules.Finding]
    last_days: list[DaySummary]


def last_days(guidance: selectors.GuidanceInput, today: dt.date) -> list[DaySummary]:
    """Routine completion and key products for each of the last seven days, oldest first."""
    products = guidance.log.products
    summaries = []
    for offset in range(GLANCE_DAYS - 1, -1, -1):
        day = today - dt.timedelta(days=offset)
        monday = day - dt.timedelta(days=day.weekday())
        week = [a for a in guidance.applications if monday <= a.day <= day]
        lists = build_checklists(day, guidance.steps, week)
        applied = [(a.period, products[a.product_id]) for a in week if a.day == day]
        summaries.append(
            DaySummary(
                day=day,
                morning_done=lists["am"].done_count,
                morning_due=len(lists["am"].items),
                evening_done=lists["pm"].done_count,
                evening_due=len(lists["pm"].items),
                sunscreen=any(
                    period == "am" and p.is_broad_spectrum_sunscreen for period, p in applied
                ),
                retinoid=any(period == "pm" and p.is_retinoid for period, p in applied),
                exfoliation=any(p.is_exfoliant for _, p in applied),
            )
        )
    return summaries


def build(user, today: dt.date) -> Dashboard:
    guidance = selectors.load(user, today - dt.timedelta(days=LOOKBACK_DAYS), today)
    findings = rules.dashboard(guidance.log, today, guidance.thresholds)
    return Dashboard(
        urgent=[f for f in findings if f.severity == rules.Severity.URGENT or f.styled_urgent],
        due_now=[f for f in findings if f.severity == rules.Severity.INFO],
        this_week=[
            f for f in findings if f.severity == rules.Severity.WARNING and not f.styled_urgent
        ],
        last_days=last_days(guidance, today),
    )
