import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from skintrack.guidance import selectors as guidance_selectors
from skintrack.http import render_form
from skintrack.journal.models import Application
from skintrack.routines import history
from skintrack.routines.forms import (
    LastDayForm,
    RoutineForm,
    RoutineRenameForm,
    StepForm,
    StepMoveForm,
    SwitchForm,
)
from skintrack.routines.models import Period, Routine, RoutineStep
from skintrack.routines.schedule import WEEKDAY_NAMES


def routine_url(routine_id: int, anchor: str = "") -> str:
    url = reverse("routines:detail", kwargs={"routine_id": routine_id})
    return f"{url}#{anchor}" if anchor else url


def back_to(request, routine: Routine):
    """Where a button on the list or on the routine's own page leads back to."""
    if request.POST.get("next") == "detail":
        return redirect("routines:detail", routine_id=routine.pk)
    return redirect("routines:list")


def has_current_routine(owner, period: str) -> bool:
    return Routine.objects.owned_by(owner).current().filter(period=period).exists()


def make_active(routine: Routine, first_day) -> None:
    """Make `routine` the one active routine of its period from `first_day`. The other one
    is deactivated first, in the same transaction, so the one-active-per-period constraint
    always holds; its steps end the day before, and this routine's steps start then."""
    with transaction.atomic():
        same_period = Routine.objects.filter(owner_id=routine.owner_id, period=routine.period)
        # Two taps queue here. The locks are taken in pk order: in the model's ordering
        # (active first) two requests could take them in opposite orders and deadlock.
        list(same_period.select_for_update().order_by("pk").values_list("pk"))
        for other in same_period.filter(is_active=True).exclude(pk=routine.pk):
            history.stop_routine(other, first_day - dt.timedelta(days=1))
            other.is_active = False
            other.save(update_fields=["is_active"])
        routine.is_active = True
        routine.archived = False
        routine.save(update_fields=["is_active", "archived"])
        history.start_routine(routine, first_day)


def clash_nights(steps: list[RoutineStep], today) -> str:
    """The weekdays on which the routine's current evening steps plan a retinoid and an
    exfoliant together, e.g. "Mon, Thu"; empty when there are none."""
    evening = [s for s in steps if s.routine.period == Period.EVENING and not s.archived]
    days = guidance_selectors.planned_clashes(evening, today)
    return ", ".join(WEEKDAY_NAMES[n] for n in sorted({d.weekday() for d in days}))


def logged_today(routine: Routine, today) -> bool:
    return Application.objects.filter(step__routine=routine, day=today).exists()


@login_required
@require_safe
def routines(request):
    rows = Routine.objects.owned_by(request.user).annotate(
        step_count=Count("steps", filter=Q(steps__archived=False))
    )
    sections = {period: [] for period in Period.values}
    archived = []
    for routine in rows:
        (archived if routine.archived else sections[routine.period]).append(routine)
    context = {
        "sections": [(Period(p), sections[p]) for p in Period.values],
        "archived": archived,
        "has_any": bool(archived) or any(sections.values()),
    }
    return render(request, "routines/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def routine_new(request):
    initial = {"period": request.GET.get("period")} if request.GET.get("period") else {}
    form = RoutineForm(request.POST or None, initial=initial)
    if form.is_valid():
        routine = form.save(commit=False)
        routine.owner = request.user
        try:
            with transaction.atomic():
                routine.is_active = not has_current_routine(request.user, routine.period)
                routine.save()
        except IntegrityError:  # another request made one active meanwhile
            routine.is_active = False
            routine.save()
        if routine.is_active:
            messages.success(
                request,
                f"Created {routine.name}, your {routine.get_period_display().lower()} "
                "routine. Now add its steps.",
            )
        else:
            messages.success(
                request, f"Created {routine.name}. Add its steps, then make it active."
            )
        return redirect("routines:detail", routine_id=routine.pk)
    return render_form(request, "routines/form.html", {"form": form})


@login_required
@require_safe
def routine_detail(request, routine_id: int):
    routine = get_object_or_404(Routine, pk=routine_id, owner=request.user)
    every = list(routine.steps.select_related("routine", "product").order_by("position", "id"))
    by_id = {step.pk: step for step in every}
    replaced = {step.replaces_id for step in every if step.replaces_id}
    for step in every:  # each step's earlier versions, newest first, from the one query
        step.earlier = []
        previous = by_id.get(step.replaces_id)
        while previous is not None and len(step.earlier) < len(every):
            step.earlier.append(previous)
            previous = by_id.get(previous.replaces_id)
    context = {
        "routine": routine,
        "steps": [step for step in every if not step.archived],
        "removed": [step for step in every if step.archived and step.pk not in replaced],
        "today": request.user.local_today(),
        "cnf_nights": clash_nights(every, request.user.local_today()) if routine.is_active else "",
    }
    return render(request, "routines/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def routine_edit(request, routine_id: int):
    routine = get_object_or_404(Routine, pk=routine_id, owner=request.user)
    form = RoutineRenameForm(request.POST or None, instance=routine)
    if form.is_valid():
        routine.save(update_fields=["name"])
        messages.success(request, f"Renamed to {routine.name}.")
        return redirect("routines:detail", routine_id=routine.pk)
    return render_form(request, "routines/form.html", {"form": form, "routine": routine})


@login_required
@require_POST
def routine_activate(request, routine_id: int):
    routine = get_object_or_404(Routine, pk=routine_id, owner=request.user)
    period = routine.get_period_display().lower()
    if routine.is_active:
        messages.info(request, f"{routine.name} already is your {period} routine.")
    else:
        form = SwitchForm(request.POST)
        first_day = form.day(request.user.local_today())
        # An archived routine is restored too: that is what was asked.
        make_active(routine, first_day)
        when = "now" if first_day == request.user.local_today() else "from tomorrow"
        messages.success(request, f"{routine.name} is your {period} routine {when}.")
    return back_to(request, routine)


@login_required
@require_POST
def routine_archive(request, routine_id: int):
    routine = get_object_or_404(Routine, pk=routine_id, owner=request.user)
    period = routine.get_period_display().lower()
    if routine.archived:
        if has_current_routine(request.user, routine.period):
            routine.archived = False
            routine.save(update_fields=["archived"])
            messages.success(request, f"Restored {routine.name}.")
        else:
            make_active(routine, request.user.local_today())
            messages.success(request, f"Restored {routine.name}: it is your {period} routine now.")
    else:
        was_active = routine.is_active
        today = request.user.local_today()
        last_day = LastDayForm(request.POST).day(
            today, "today" if logged_today(routine, today) else "yesterday"
        )
        with transaction.atomic():
            history.stop_routine(routine, last_day)
            routine.archived = True
            routine.is_active = False
            routine.save(update_fields=["archived", "is_active"])
        if was_active:
            messages.warning(
                request,
                f"Archived {routine.name}. You have no {period} routine on your Today page "
                "until you make another one active.",
            )
        else:
            messages.success(request, f"Archived {routine.name}.")
    return back_to(request, routine)


@login_required
@require_http_methods(["GET", "POST"])
def step_new(request, routine_id: int):
    routine = get_object_or_404(Routine, pk=routine_id, owner=request.user)
    form = StepForm(request.POST or None, owner=request.user, today=request.user.local_today())
    if form.is_valid():
        step = form.save(commit=False)
        step.routine = routine
        step.starts_on = form.cleaned_data["effective_from"] if routine.is_active else None
        with transaction.atomic():
            last = routine.steps.aggregate(last=Max("position"))["last"]
            step.position = 0 if last is None else last + 1
            step.save()
        messages.success(request, f"Added {step.product} to {routine.name}.")
        return redirect(routine_url(routine.pk, f"step-{step.pk}"))
    context = {
        "form": form,
        "routine": routine,
        "shelf_empty": not form.fields["product"].queryset.exists(),
    }
    return render_form(request, "routines/step_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request, step_id: int):
    step = get_object_or_404(
        RoutineStep.objects.select_related("routine", "product"),
        pk=step_id,
        routine__owner=request.user,
        archived=False,  # an ended version stays as it was
    )
    form = StepForm(
        request.POST or None, instance=step, owner=request.user, today=request.user.local_today()
    )
    if form.is_valid():
        changes = {name: form.cleaned_data[name] for name in ("area", *RoutineStep.SCHEDULE_FIELDS)}
        changes["product_id"] = form.cleaned_data["product"].pk
        current = history.change_step(step, changes, form.cleaned_data["effective_from"])
        if current.pk != step.pk:
            since = f"{current.starts_on:%-d %b}" if current.starts_on else "now"
            messages.success(
                request,
                f"Saved the {current.product} step. From {since} on it follows the new "
                "settings; the days before keep the old ones.",
            )
        else:
            messages.success(request, f"Saved the {current.product} step.")
        return redirect(routine_url(step.routine_id, f"step-{current.pk}"))
    context = {"form": form, "routine": step.routine, "step": step, "shelf_empty": False}
    return render_form(request, "routines/step_form.html", context)


@login_required
@require_POST
def step_move(request, step_id: int):
    step = get_object_or_404(RoutineStep, pk=step_id, routine__owner=request.user, archived=False)
    form = StepMoveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Say which way to move the step: direction=up or down.")
    with transaction.atomic():
        every = list(
            RoutineStep.objects.filter(routine_id=step.routine_id).order_by("position", "id")
        )
        steps = [each for each in every if not each.archived]
        index = next((i for i, each in enumerate(steps) if each.pk == step.pk), None)
        offset = -1 if form.cleaned_data["direction"] == "up" else 1
        if index is not None and 0 <= index + offset < len(steps):
            other = index + offset
            steps[index], steps[other] = steps[other], steps[index]
        # Removed steps keep their order, after the active ones, so that no two steps of a
        # routine ever share a position.
        steps += [each for each in every if each.archived]
        changed = []
        for position, each in enumerate(steps):
            if each.position != position:
                each.position = position
                changed.append(each)
        RoutineStep.objects.bulk_update(changed, ["position"])
    return redirect(routine_url(step.routine_id, f"step-{step.pk}"))


@login_required
@require_POST
def step_archive(request, step_id: int):
    step = get_object_or_404(
        RoutineStep.objects.select_related("routine", "product"),
        pk=step_id,
        routine__owner=request.user,
    )
    if not step.archived:
        today = request.user.local_today()
        done_today = Application.objects.filter(step=step, day=today).exists()
        last_day = LastDayForm(request.POST).day(today, "today" if done_today else "yesterday")
        history.end_step(step, last_day)
        messages.success(
            request,
            f"Removed {step.product} from {step.routine.name}. What you logged stays in your "
            "journal.",
        )
    return redirect(routine_url(step.routine_id, "steps"))
