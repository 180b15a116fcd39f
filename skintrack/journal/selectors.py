"""What the day page needs, loaded in a fixed number of queries however long the history.

The page asks ``guidance.selectors.load`` once for the person's window of data and builds
everything from it: the checklists (what was due that day, as ``build_checklists`` decides),
the note, the observations and, for today, the dashboard.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from skintrack.guidance import rules
from skintrack.guidance import selectors as guidance_selectors
from skintrack.journal.models import Application, DayNote, MiliaObservation
from skintrack.routines import schedule
from skintrack.routines.models import Period, RoutineStep

# The dashboard's rules look back up to 30 days (DRM-3) and 28 (RSK-1) behind today.
LOOKBACK_DAYS = 35


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


@dataclass
class ChecklistItem:
    step: RoutineStep
    done: bool
    progress: str = ""  # "1 of 3 this week" for N-times-a-week steps


@dataclass
class Checklist:
    period: str
    label: str
    routine_name: str = ""
    items: list[ChecklistItem] = field(default_factory=list)
    extras: list[Application] = field(default_factory=list)  # applied, but not a due step
    # Current steps that start after this day: ticking one moves its start back to it.
    not_started: list[RoutineStep] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def complete(self) -> bool:
        return bool(self.items) and self.done_count == len(self.items)

    @property
    def anchor(self) -> str:
        return "morning" if self.period == Period.MORNING else "evening"


def fulfils(application: Application, step: RoutineStep) -> bool:
    """Whether an application does a step: ticked on the checklist, or the same product
    logged ad hoc in the same period (it is the same thing done either way)."""
    if application.step_id is not None:
        return application.step_id == step.id
    return application.product_id == step.product_id and application.period == step.routine.period


def days_done(step: RoutineStep, applications: list[Application]) -> set[dt.date]:
    return {a.day for a in applications if fulfils(a, step)}


def can_start_earlier(step: RoutineStep) -> bool:
    """A current first version: nothing before its start to collide with."""
    return not step.archived and step.replaces_id is None and step.ends_on is None


def due_steps(
    day: dt.date,
    steps,
    done_by_step: Mapping[int, set[dt.date]],
    avoid: Mapping[int, frozenset[dt.date]] | None = None,
):
    """(step, done that day, days done that week) for each step version due on `day`: inside
    its span, on its schedule; an "N times a week" step on the days the planner gives it
    (never on a day in `avoid[step.id]` when there is room elsewhere) or any day it was done.
    `done_by_step` holds each step's days done in `day`'s week."""
    avoid = avoid or {}
    for step in steps:
        when = step.schedule
        if not when.in_span(day):
            continue
        done_on = done_by_step[step.id]
        done = day in done_on
        if step.schedule_kind == schedule.TIMES_PER_WEEK:
            monday, _ = week_of(day)
            planned = schedule.plan_flexible_nights(
                when, monday, day, done_on, avoid.get(step.id, frozenset())
            )
            if not (done or day in planned):
                continue
        elif not when.is_due(day, len(done_on), done):
            continue
        yield step, done, done_on


def build_checklists(
    day: dt.date,
    steps,
    week_applications: list[Application],
    avoid: Mapping[int, frozenset[dt.date]] | None = None,
) -> dict[str, Checklist]:
    """Sort the week's applications into the day's morning and evening checklists: the
    steps ``due_steps`` gives, what else was applied, and the current steps that start
    later (a day before them can still be filled in)."""
    checklists = {p: Checklist(period=p, label=label) for p, label in Period.choices}
    done_by_step = {step.id: days_done(step, week_applications) for step in steps}
    used: set[int] = set()  # applications shown as a done step
    for step, done, done_on in due_steps(day, steps, done_by_step, avoid):
        checklist = checklists[step.routine.period]
        progress = ""
        if step.schedule_kind == schedule.TIMES_PER_WEEK:
            progress = f"{len(done_on)} of {step.times_per_week} this week"
        checklist.routine_name = step.routine.name
        checklist.items.append(ChecklistItem(step=step, done=done, progress=progress))
        used |= {id(a) for a in week_applications if a.day == day and fulfils(a, step)}
    for step in steps:
        if step.starts_on and day < step.starts_on and can_start_earlier(step):
            checklists[step.routine.period].not_started.append(step)
    for application in week_applications:
        if application.day == day and id(application) not in used:
            checklists[application.period].extras.append(application)
    for checklist in checklists.values():
        if checklist.items:  # another routine in use that day is what was due then
            in_use = {item.step.routine_id for item in checklist.items}
            checklist.not_started = [s for s in checklist.not_started if s.routine_id in in_use]
        elif checklist.not_started and not checklist.routine_name:
            checklist.routine_name = checklist.not_started[0].routine.name
    return checklists


@dataclass
class DayPage:
    day: dt.date
    today: dt.date
    checklists: dict[str, Checklist]
    note: DayNote | None
    observations: list[MiliaObservation]
    guidance: guidance_selectors.GuidanceInput | None = None

    @property
    def heading(self) -> str:
        offset = (self.day - self.today).days
        return {-1: "Yesterday", 0: "Today", 1: "Tomorrow"}.get(offset, f"{self.day:%A}")

    @property
    def morning(self) -> Checklist:
        return self.checklists[Period.MORNING]

    @property
    def evening(self) -> Checklist:
        return self.checklists[Period.EVENING]


def avoid_nights(guidance: guidance_selectors.GuidanceInput, night: dt.date | None):
    """Flexible retinoid steps make way for the exfoliation night (CNF-1)."""
    if night is None:
        return {}
    products = guidance.log.products
    return {
        step.id: frozenset({night})
        for step in guidance.steps
        if step.schedule_kind == schedule.TIMES_PER_WEEK and products[step.product_id].is_retinoid
    }


def checklists_from(
    guidance: guidance_selectors.GuidanceInput, day: dt.date, today: dt.date
) -> dict[str, Checklist]:
    monday, sunday = week_of(day)
    week = [a for a in guidance.applications if monday <= a.day <= sunday]
    night = rules.exfoliation_night(guidance.log, today) if monday <= today <= sunday else None
    return build_checklists(day, guidance.steps, week, avoid_nights(guidance, night))


def day_page(user, day: dt.date) -> DayPage:
    """The day page from one load: today's also carries the window the dashboard needs."""
    today = user.local_today()
    monday, sunday = week_of(day)
    this_week = monday <= today <= sunday  # the exfoliation night is planned from history
    since = min(monday, today - dt.timedelta(days=LOOKBACK_DAYS)) if this_week else monday
    guidance = guidance_selectors.load(user, since, max(sunday, day), today=today)
    return DayPage(
        day=day,
        today=today,
        checklists=checklists_from(guidance, day, today),
        note=guidance.note_on(day),
        observations=guidance.observations_on(day),
        guidance=guidance,
    )
