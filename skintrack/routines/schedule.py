"""When a routine step is due. Pure functions: plain values in, an answer out.

This is the one place that answers "what was due on that day": a step version is owed on a
day only inside its span (from the day it started to the day it ended) and only when its
schedule says so. Every reader (the day page, the glance, the review, the plan, the charts,
the visit report, the calendar feed) asks ``Schedule.is_due`` or ``Schedule.planned_on``.
"""

import datetime as dt
from dataclasses import dataclass
from itertools import combinations

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

DAILY = "daily"
WEEKDAYS = "weekdays"
EVERY_N_DAYS = "every_n_days"
TIMES_PER_WEEK = "times_per_week"


@dataclass(frozen=True)
class Schedule:
    kind: str = DAILY
    weekdays: tuple[int, ...] = ()  # 0 = Monday
    interval_days: int | None = None
    start_date: dt.date | None = None
    times_per_week: int | None = None
    # The span of this version of the step, both ends included; None: no bound that way.
    first_day: dt.date | None = None
    last_day: dt.date | None = None

    def in_span(self, day: dt.date) -> bool:
        """Whether this version of the step existed on `day`."""
        return (self.first_day is None or self.first_day <= day) and (
            self.last_day is None or day <= self.last_day
        )

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        """Whether the span shares at least one day with `first`..`last`."""
        return (self.first_day is None or self.first_day <= last) and (
            self.last_day is None or first <= self.last_day
        )

    def planned_on(self, day: dt.date) -> bool:
        """Whether a fixed schedule puts the step on `day`. "N times a week" has no fixed
        nights (see ``plan_flexible_nights``), so it is never planned here."""
        if not self.in_span(day) or self.kind == TIMES_PER_WEEK:
            return False
        return self.is_due(day)

    def is_due(self, day: dt.date, done_this_week: int = 0, done_today: bool = False) -> bool:
        """Whether the step belongs on `day`'s checklist.

        For "N times a week" the step stays on the list until it has been done N times in
        that ISO week; a step already ticked today stays visible so it can be unticked.
        Outside the step's span nothing is due.
        """
        if not self.in_span(day):
            return False
        if self.kind == DAILY:
            return True
        if self.kind == WEEKDAYS:
            return day.weekday() in self.weekdays
        if self.kind == EVERY_N_DAYS:
            start = self.start_date or day
            if not self.interval_days or day < start:
                return False
            return (day - start).days % self.interval_days == 0
        if self.kind == TIMES_PER_WEEK:
            return done_today or done_this_week < (self.times_per_week or 0)
        return False

    def describe(self) -> str:
        if self.kind == WEEKDAYS:
            if not self.weekdays:
                return "no days chosen"
            return ", ".join(WEEKDAY_NAMES[d] for d in sorted(self.weekdays))
        if self.kind == EVERY_N_DAYS:
            start = f" from {self.start_date:%-d %b}" if self.start_date else ""
            return f"every {self.interval_days} days{start}"
        if self.kind == TIMES_PER_WEEK:
            n = self.times_per_week or 0
            return "once a week" if n == 1 else f"{n} times a week"
        return "every day"


def plan_flexible_nights(
    schedule: Schedule,
    monday: dt.date,
    from_day: dt.date,
    done: frozenset[dt.date] | set[dt.date],
    avoid: frozenset[dt.date] | set[dt.date] = frozenset(),
) -> frozenset[dt.date]:
    """The days of the week starting `monday` on which an "N times a week" step falls.

    The days it was done count first. The times still owed are placed on days from
    `from_day` on, inside the step's span: never on a day in `avoid` (for a retinoid, the
    exfoliation night: CNF-1) unless there is no other room, then away from nights next to
    another time when possible, then as early as possible. Days before `from_day` that were
    not done are not planned: they have passed.
    """
    week = [monday + dt.timedelta(days=n) for n in range(7)]
    done_in_week = frozenset(d for d in done if d in week and schedule.in_span(d))
    owed = (schedule.times_per_week or 0) - len(done_in_week)
    free = [d for d in week if d >= from_day and d not in done_in_week and schedule.in_span(d)]
    if owed <= 0 or not free:
        return done_in_week
    owed = min(owed, len(free))

    def cost(days: tuple[dt.date, ...]) -> tuple[int, int, tuple[dt.date, ...]]:
        every = sorted(done_in_week | set(days))
        next_to = sum((b - a).days == 1 for a, b in zip(every, every[1:], strict=False))
        return sum(d in avoid for d in days), next_to, days

    best = min(combinations(free, owed), key=cost)
    return done_in_week | frozenset(best)
