"""What the day page needs, loaded in a fixed number of queries however long the history."""

import datetime as dt
from dataclasses import dataclass, field

from skintrack.journal.models import Application, DayNote, MiliaObservation
from skintrack.routines.models import Period, RoutineStep


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

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def complete(self) -> bool:
        return bool(self.items) and self.done_count == len(self.items)

    @property
    def anchor(self) -> str:
        return "morning" if self.period == Period.MORNING else "evening"


def active_steps(user):
    return (
        RoutineStep.objects.filter(
            routine__owner=user, routine__is_active=True, routine__archived=False, archived=False
        )
        .select_related("routine", "product")
        .order_by("routine__period", "position", "id")
    )


def fulfils(application: Application, step: RoutineStep) -> bool:
    """Whether an application does a step: ticked on the checklist, or the same product
    logged ad hoc in the same period (it is the same thing done either way)."""
    if application.step_id is not None:
        return application.step_id == step.id
    return application.product_id == step.product_id and application.period == step.routine.period


def days_done(step: RoutineStep, applications: list[Application]) -> set[dt.date]:
    return {a.day for a in applications if fulfils(a, step)}


def build_checklists(
    day: dt.date, steps, week_applications: list[Application]
) -> dict[str, Checklist]:
    """Sort the week's applications into the day's morning and evening checklists."""
    checklists = {p: Checklist(period=p, label=label) for p, label in Period.choices}
    used: set[int] = set()  # applications shown as a done step
    for step in steps:
        checklist = checklists[step.routine.period]
        checklist.routine_name = step.routine.name
        done_on = days_done(step, week_applications)
        done = day in done_on
        if not step.is_due(day, len(done_on), done):
            continue
        progress = ""
        if step.schedule_kind == "times_per_week":
            progress = f"{len(done_on)} of {step.times_per_week} this week"
        checklist.items.append(ChecklistItem(step=step, done=done, progress=progress))
        used |= {id(a) for a in week_applications if a.day == day and fulfils(a, step)}
    for application in week_applications:
        if application.day == day and id(application) not in used:
            checklists[application.period].extras.append(application)
    return checklists


@dataclass
class DayPage:
    day: dt.date
    today: dt.date
    checklists: dict[str, Checklist]
    note: DayNote | None
    observations: list[MiliaObservation]

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


def applications_in_week_of(user, day: dt.date) -> list[Application]:
    monday, sunday = week_of(day)
    return list(
        Application.objects.owned_by(user)
        .filter(day__range=(monday, sunday))
        .select_related("product")
    )


def day_page(user, day: dt.date) -> DayPage:
    return DayPage(
        day=day,
        today=user.local_today(),
        checklists=checklists_for(user, day),
        note=DayNote.objects.owned_by(user).filter(day=day).first(),
        observations=list(MiliaObservation.objects.owned_by(user).filter(day=day)),
    )


def checklists_for(user, day: dt.date) -> dict[str, Checklist]:
    return build_checklists(day, list(active_steps(user)), applications_in_week_of(user, day))
