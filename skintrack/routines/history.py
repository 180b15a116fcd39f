"""Changes to routines that keep the past as it was.

A routine step is a chain of versions, each with the span of days it was in use
(``RoutineStep.starts_on`` .. ``ends_on``). Removing a step, changing it, or switching
routines ends a span and, where something goes on, starts a new one; no change rewrites
what was due on a day already lived.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Max

from skintrack.journal.models import Application
from skintrack.routines.models import Routine, RoutineStep

ONE_DAY = dt.timedelta(days=1)
# What makes a version: a change to any of these from a day on starts a new one.
VERSIONED_FIELDS = ("product_id", "area", *RoutineStep.SCHEDULE_FIELDS)
# What a new version copies from the one it replaces, besides the changed fields.
STEP_FIELDS = ("routine_id", "position", *VERSIONED_FIELDS)


def has_been_used(step: RoutineStep) -> bool:
    """Whether some day was owed by this version (its span is not empty)."""
    return step.starts_on is not None and (step.ends_on is None or step.ends_on >= step.starts_on)


def _park_after_current(step: RoutineStep) -> None:
    """Give an ended version a position after every other step of its routine, so the
    routine's current steps keep positions 0, 1, 2... and none ever share one."""
    last = RoutineStep.objects.filter(routine_id=step.routine_id).aggregate(m=Max("position"))
    step.position = (last["m"] or 0) + 1


def _new_version(old: RoutineStep, starts_on: dt.date | None, **changes) -> RoutineStep:
    new = RoutineStep(**({f: getattr(old, f) for f in STEP_FIELDS} | changes))
    new.starts_on = starts_on
    new.replaces = old
    old.archived = True
    _park_after_current(old)
    old.save(update_fields=["archived", "position", "ends_on"])
    new.save()
    return new


def end_step(step: RoutineStep, last_day: dt.date) -> None:
    """Remove a step from its routine: it was owed up to `last_day` and never after.
    What was logged stays in the journal."""
    with transaction.atomic():
        step = RoutineStep.objects.select_for_update().get(pk=step.pk)
        if step.archived:
            return
        if step.starts_on is not None and step.ends_on is None:
            step.ends_on = max(last_day, step.starts_on - ONE_DAY)
        step.archived = True
        _park_after_current(step)
        step.save(update_fields=["archived", "ends_on", "position"])


def change_step(step: RoutineStep, changes: dict, from_day: dt.date) -> RoutineStep:
    """Apply a change of product, area or schedule from `from_day` on.

    A step already in use before `from_day` keeps its old version for those days: the old
    version ends the day before and a new one starts on `from_day`. A step not yet in use
    (or changed from its first day) is simply edited. Returns the version now current.
    """
    with transaction.atomic():
        step = RoutineStep.objects.select_for_update().get(pk=step.pk)
        changed = {k: v for k, v in changes.items() if getattr(step, k) != v}
        if not changed:
            return step
        if not has_been_used(step) or from_day <= step.starts_on:
            for name, value in changed.items():
                setattr(step, name, value)
            step.save()
            return step
        was_open = step.ends_on is None
        step.ends_on = from_day - ONE_DAY if was_open else min(step.ends_on, from_day - ONE_DAY)
        new = _new_version(step, from_day if was_open else None, **changed)
        later = Application.objects.filter(step=step, day__gte=from_day)
        if new.product_id == step.product_id:
            later.update(step=new)  # the same product, ticked: it was the new version's
        else:
            later.update(step=None)  # a different product was applied: keep it, ad hoc
        return new


def start_routine(routine: Routine, first_day: dt.date) -> None:
    """The routine is in use from `first_day`: its steps are owed from then on."""
    for step in routine.steps.filter(archived=False).select_for_update():
        if not has_been_used(step):
            step.starts_on, step.ends_on = first_day, None
            step.save(update_fields=["starts_on", "ends_on"])
        elif step.ends_on is not None and step.ends_on >= first_day - ONE_DAY:
            step.ends_on = None  # back in use without a gap: one span goes on
            step.save(update_fields=["ends_on"])
        elif step.ends_on is not None:
            _new_version(step, first_day)


def stop_routine(routine: Routine, last_day: dt.date) -> None:
    """The routine is not in use after `last_day`: its open steps end then."""
    for step in routine.steps.filter(archived=False, ends_on__isnull=True).select_for_update():
        if step.starts_on is None:
            continue
        if last_day < step.starts_on:
            step.starts_on = None  # it never got a day: not in use yet, as before
        else:
            step.ends_on = last_day
        step.save(update_fields=["starts_on", "ends_on"])


def backfill_start(step: RoutineStep, day: dt.date) -> bool:
    """Ticking a step on a day before it started (filling in the days before the person
    began using skintrack) moves its start back to that day. Only a first version moves:
    before a later version's start lies the version it replaced. True when it moved."""
    if step.archived or step.replaces_id is not None or step.starts_on is None:
        return False
    if day >= step.starts_on or step.ends_on is not None:
        return False
    return bool(RoutineStep.objects.filter(pk=step.pk, starts_on__gt=day).update(starts_on=day))
