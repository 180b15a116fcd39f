"""The month calendar: each day of a month with its state, from one load.

States, as on the Progress heatmap: ``all`` (every step due was done), ``some``, ``none``
(steps were due, none done), ``nothing-due`` (no step due, or before the person's record
began), ``upcoming`` (after today). Days are judged as their day page showed them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from skintrack.guidance import selectors as guidance_selectors
from skintrack.journal.models import EARLIEST_DAY
from skintrack.reports.selectors import completion_by_day, monday_of

STATE_TEXT = {
    "all": "every step done",
    "some": "some steps done",
    "none": "no step done",
    "nothing-due": "nothing due",
    "upcoming": "still to come",
}


@dataclass(frozen=True)
class MonthDay:
    day: dt.date
    state: str
    done: int = 0
    due: int = 0
    linked: bool = True  # a day page exists for it (not after tomorrow, not before 2000)
    is_today: bool = False

    @property
    def said_after(self) -> str:
        """What a screen reader hears after the day's number (the visible text): the link
        reads "Monday 2 November: 7 of 9 steps done"."""
        if self.state in ("all", "some", "none"):
            return f" {self.day:%B}: {self.done} of {self.due} steps done"
        return f" {self.day:%B}: {STATE_TEXT[self.state]}"


@dataclass(frozen=True)
class Month:
    first: dt.date
    today: dt.date
    weeks: list[list[MonthDay | None]]  # Monday..Sunday; None outside the month
    previous: dt.date | None  # first day of the previous month, if it has day pages
    next: dt.date | None

    @property
    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(STATE_TEXT, 0)
        for week in self.weeks:
            for cell in week:
                if cell is not None:
                    found[cell.state] += 1
        return found


def add_months(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def state_of(pair: tuple[int, int] | None) -> str:
    if pair is None:
        return "nothing-due"
    done, due = pair
    return "all" if done >= due else "some" if done else "none"


def month(user, first: dt.date, today: dt.date, latest: dt.date) -> Month:
    """`first` is the month's first day; `latest` the last day that has a page (tomorrow)."""
    last = dt.date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    judged_until = min(last, today)
    completion: dict[dt.date, tuple[int, int]] = {}
    if judged_until >= first:
        # From the Monday: "N times a week" steps count the week's days done before the 1st.
        since = monday_of(first)
        guidance = guidance_selectors.load(user, since, judged_until, today=today)
        completion = completion_by_day(guidance, first, judged_until)
    weeks: list[list[MonthDay | None]] = []
    for row in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        cells: list[MonthDay | None] = []
        for day in row:
            if day.month != first.month:
                cells.append(None)
                continue
            pair = completion.get(day)
            cells.append(
                MonthDay(
                    day=day,
                    state="upcoming" if day > today else state_of(pair),
                    done=pair[0] if pair else 0,
                    due=pair[1] if pair else 0,
                    linked=EARLIEST_DAY <= day <= latest,
                    is_today=day == today,
                )
            )
        weeks.append(cells)
    previous = add_months(first, -1)
    following = add_months(first, 1)
    return Month(
        first=first,
        today=today,
        weeks=weeks,
        previous=previous if add_months(previous, 1) > EARLIEST_DAY else None,
        next=following if following <= latest else None,
    )
