"""When a routine step is due. Pure functions: plain values in, an answer out."""

import datetime as dt
from dataclasses import dataclass

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

    def is_due(self, day: dt.date, done_this_week: int = 0, done_today: bool = False) -> bool:
        """Whether the step belongs on `day`'s checklist.

        For "N times a week" the step stays on the list until it has been done N times in
        that ISO week; a step already ticked today stays visible so it can be unticked.
        """
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
