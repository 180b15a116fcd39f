"""The weekly review's figures: plain counts for one ISO week.

Pure like ``rules``: it reads the same ``rules.Log`` plus the routine steps as
``StepSchedule`` values, never the database or the clock. ``today`` is an argument, already
in the person's time zone; days after it are not judged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from skintrack.guidance import rules
from skintrack.routines import schedule as schedules

ONE_DAY = timedelta(days=1)
AREA_ORDER = tuple(rules.AREA_NAMES)  # eyelids, under the eyes, cheeks, ... chin and jaw


@dataclass(frozen=True)
class StepSchedule:
    """A routine step as the figures need it. An application of `product_id` in the
    step's period and area counts as the step done that day, ticked or logged ad hoc."""

    step_id: int
    label: str
    period: str  # "am" | "pm"
    schedule: schedules.Schedule
    product_id: int
    area: str = "face"


@dataclass(frozen=True)
class StepAdherence:
    step: StepSchedule
    done: int
    due: int

    @property
    def missed(self) -> int:
        return self.due - self.done

    @property
    def percent(self) -> int | None:
        return percent(self.done, self.due)


@dataclass(frozen=True)
class AreaCount:
    """Milia in one place: the latest count before the week's Monday (`start`: a count
    made on the Monday belongs to the week, so the weeks' changes add up) and on or before
    its last judged day (`end`); None when nothing was counted by then."""

    place: str  # an area ("cheeks") or "other:<where>"
    name: str
    start: int | None
    end: int | None

    @property
    def change(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return self.end - self.start


@dataclass(frozen=True)
class WeekFigures:
    week_start: date  # Monday
    judged_days: tuple[date, ...]  # Monday up to Sunday or today, whichever comes first
    steps: tuple[StepAdherence, ...] = ()
    exfoliation_days: tuple[date, ...] = ()
    retinoid_nights_covered: tuple[date, ...] = ()  # broad-spectrum sunscreen next morning
    retinoid_nights_uncovered: tuple[date, ...] = ()
    retinoid_nights_pending: tuple[date, ...] = ()  # that next morning is still to come
    sunscreen_mornings: tuple[date, ...] = ()
    mornings_pending: tuple[date, ...] = ()  # today's, while no sunscreen is logged for it
    makeup_nights: tuple[date, ...] = ()
    makeup_removed: tuple[date, ...] = ()
    milia: tuple[AreaCount, ...] = ()

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def label(self) -> str:
        return rules.iso_week_label(self.week_start)

    @property
    def days_judged(self) -> int:
        return len(self.judged_days)

    @property
    def mornings_judged(self) -> int:
        """The mornings sunscreen is judged on: today's only once it has sunscreen."""
        return len(self.judged_days) - len(self.mornings_pending)

    @property
    def steps_done(self) -> int:
        return sum(s.done for s in self.steps)

    @property
    def steps_due(self) -> int:
        return sum(s.due for s in self.steps)

    @property
    def adherence(self) -> int | None:
        """Overall: every step's done over every step's due, as a whole percent."""
        return percent(self.steps_done, self.steps_due)

    @property
    def retinoid_nights(self) -> int:
        covered, uncovered = self.retinoid_nights_covered, self.retinoid_nights_uncovered
        return len(covered) + len(uncovered) + len(self.retinoid_nights_pending)

    @property
    def retinoid_nights_judged(self) -> int:
        return len(self.retinoid_nights_covered) + len(self.retinoid_nights_uncovered)

    @property
    def milia_start(self) -> int | None:
        return _total(a.start for a in self.milia)

    @property
    def milia_end(self) -> int | None:
        return _total(a.end for a in self.milia)

    @property
    def milia_change(self) -> int | None:
        if self.milia_start is None or self.milia_end is None:
            return None
        return self.milia_end - self.milia_start

    def most_missed(self, n: int = 2) -> list[StepAdherence]:
        """The `n` steps missed most often (ties keep the routine's order)."""
        missed = [s for s in self.steps if s.missed > 0]
        return sorted(missed, key=lambda s: -s.missed)[:n]


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _total(counts: Iterable[int | None]) -> int | None:
    known = [c for c in counts if c is not None]
    return sum(known) if known else None


def week_figures(
    log: rules.Log,
    steps: Sequence[StepSchedule],
    week_start: date,
    today: date,
    area_names: Mapping[str, str] | None = None,
    since: date | None = None,
    morning_over: bool = False,
) -> WeekFigures:
    """The figures of the ISO week holding `week_start`, judged up to `today`.

    `log` must hold the week's applications and notes, plus the next Monday's
    applications: a Sunday night's retinoid is judged by that morning's sunscreen.
    `area_names` names the milia areas ("cheeks" -> "Cheeks"); the key is shown otherwise.
    `since` is the first day of the person's record: the days before it are not judged.
    Today's morning is pending until it has sunscreen or, with `morning_over`, has ended.
    """
    monday, sunday = rules.week_bounds(week_start)
    last = min(sunday, today)
    first = max(monday, since) if since else monday
    days = tuple(first + timedelta(days=n) for n in range((last - first).days + 1))
    if not days:  # the week starts after today: nothing to judge yet
        return WeekFigures(monday, (), tuple(StepAdherence(step, 0, 0) for step in steps))
    in_week = set(days)

    sunscreen = rules.days_applied(log, lambda p: p.is_broad_spectrum_sunscreen, period="am")
    retinoid_nights = sorted(
        rules.days_applied(log, lambda p: p.is_retinoid, period="pm") & in_week
    )
    covered, uncovered, pending = [], [], []
    for night in retinoid_nights:  # a morning from today on is pending until it has sunscreen
        morning = night + ONE_DAY
        if morning in sunscreen:
            covered.append(night)
        else:
            still_to_come = morning > today or (morning == today and not morning_over)
            (pending if still_to_come else uncovered).append(night)
    makeup = [n for n in log.notes if n.day in in_week and n.makeup_worn]
    return WeekFigures(
        week_start=monday,
        judged_days=days,
        steps=tuple(_adherence(log, step, days) for step in steps),
        exfoliation_days=tuple(
            sorted(rules.days_applied(log, lambda p: p.is_exfoliant, facial=True) & in_week)
        ),
        retinoid_nights_covered=tuple(covered),
        retinoid_nights_uncovered=tuple(uncovered),
        retinoid_nights_pending=tuple(pending),
        sunscreen_mornings=tuple(sorted(sunscreen & in_week)),
        mornings_pending=(today,)
        if today in in_week and today not in sunscreen and not morning_over
        else (),
        makeup_nights=tuple(sorted(n.day for n in makeup)),
        makeup_removed=tuple(sorted(n.day for n in makeup if n.makeup_removed)),
        milia=_milia(log.observations, monday, last, area_names or {}),
    )


def _adherence(log: rules.Log, step: StepSchedule, days: Sequence[date]) -> StepAdherence:
    """Done over due for the judged days. A day is due when the schedule says so, given
    how often the step was done earlier that week; an "N times a week" step stays due
    until done N times, so it is owed at most N times a week."""
    done_days = {
        a.day
        for a in log.applications
        if a.product_id == step.product_id and a.period == step.period and a.area == step.area
    }
    done = due = 0
    for day in days:
        done_today = day in done_days
        if step.schedule.is_due(day, done, done_today):
            due += 1
            done += done_today
    if step.schedule.kind == schedules.TIMES_PER_WEEK:
        due = min(due, step.schedule.times_per_week or 0)
        done = min(done, due)
    return StepAdherence(step=step, done=done, due=due)


def _place(obs: rules.Observation) -> str:
    return f"other:{obs.area_other.strip().lower()}" if obs.area == "other" else obs.area


def _milia(
    observations: Iterable[rules.Observation],
    monday: date,
    last: date,
    area_names: Mapping[str, str],
) -> tuple[AreaCount, ...]:
    """Per place, the latest count before `monday` and on or before `last`; places with
    nothing above zero at either end are left out."""
    start: dict[str, int] = {}
    end: dict[str, int] = {}
    names: dict[str, str] = {}
    for obs in sorted(observations, key=lambda o: o.day):  # stable: a day keeps its order
        if obs.day > last:
            continue
        place = _place(obs)
        if obs.day < monday:
            start[place] = obs.count
        end[place] = obs.count
        if obs.area == "other":
            where = obs.area_other.strip()
            names[place] = where[:1].upper() + where[1:] or area_names.get("other", "Elsewhere")
        else:
            names[place] = area_names.get(obs.area, obs.area)
    counts = [
        AreaCount(place, names[place], start.get(place), end.get(place))
        for place in end
        if start.get(place) or end.get(place)
    ]

    def order(area: AreaCount) -> tuple[int, str]:
        rank = AREA_ORDER.index(area.place) if area.place in AREA_ORDER else len(AREA_ORDER)
        return rank, area.name.lower()

    return tuple(sorted(counts, key=order))
