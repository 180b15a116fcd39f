"""The weekly review: every rule's outcome for one ISO week, the week's figures beside the
week before, and a plan for the next one.

A page costs one ``selectors.load`` (a fixed eight queries) plus one query for the week's
dismissals, however long the history.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from skintrack.guidance import figures, rules, selectors
from skintrack.guidance.models import DismissedFinding
from skintrack.journal.models import EARLIEST_DAY, MiliaArea

WEEK = dt.timedelta(days=7)
# Days of history before the previous week, so windowed rules (RSK-1 looks back 28 days,
# DRM-3 30) judge the previous week with their full context.
CONTEXT_DAYS = 35


@dataclass
class ReviewPage:
    week: rules.Week
    today: dt.date
    findings: list[rules.Finding]  # open: urgent, warning and info not dismissed
    oks: list[rules.Finding]
    dismissed: list[rules.Finding]
    figures: figures.WeekFigures
    previous_figures: figures.WeekFigures
    plan: rules.NextWeekPlan
    previous_week: dt.date | None
    next_week: dt.date | None
    severities: dict[str, rules.Severity] = field(default_factory=dict)  # key -> severity

    @property
    def is_current(self) -> bool:
        return self.week.start <= self.today <= self.week.end

    @property
    def most_missed(self) -> list[figures.StepAdherence]:
        return self.figures.most_missed(2)

    @property
    def step_rows(self) -> list[tuple[figures.StepAdherence, figures.StepAdherence]]:
        """Each step's adherence this week beside the week before."""
        return list(zip(self.figures.steps, self.previous_figures.steps, strict=True))


def reviewable_week(request, monday: dt.date) -> dt.date:
    """The week from the URL, if it has started for the person (and is not before 2000)."""
    if monday + dt.timedelta(days=6) < EARLIEST_DAY or monday > request.user.local_today():
        raise Http404("That week hasn’t started yet.")
    return monday


def version_note(step, first: dt.date, last: dt.date) -> str:
    """ " (from 16 Nov)" or " (until 15 Nov)" when the version started or ended between
    `first` and `last`, so two versions of one step read apart."""
    notes = []
    if step.starts_on and first < step.starts_on <= last:
        notes.append(f"from {step.starts_on:%-d %b}")
    if step.ends_on and first <= step.ends_on < last:
        notes.append(f"until {step.ends_on:%-d %b}")
    return f" ({', '.join(notes)})" if notes else ""


def step_schedules(steps, first: dt.date, last: dt.date) -> list[figures.StepSchedule]:
    """The step versions in use on some day from `first` to `last`, as the figures need."""
    return [
        figures.StepSchedule(
            step_id=step.id,
            label=str(step.product)
            + ("" if step.area == "face" else f" · {step.get_area_display().lower()}")
            + version_note(step, first, last),
            period=step.routine.period,
            schedule=step.schedule,
            product_id=step.product_id,
            area=step.area,
        )
        # In the order they came into use: a later change to the routine (a step moved or
        # removed) never reorders a week already reviewed.
        for step in sorted(steps, key=lambda s: (s.routine.period, s.starts_on, s.pk))
        if step.schedule.overlaps(first, last)
    ]


def review_page(user, monday: dt.date) -> ReviewPage:
    today = user.local_today()
    previous = monday - WEEK
    data = selectors.load(
        user, previous - dt.timedelta(days=CONTEXT_DAYS), monday + WEEK, today=today
    )
    since = data.tracking_since
    week = rules.make_week(monday, today, since, data.morning_over)
    findings = rules.review_week(
        data.log, monday, data.thresholds, today=today, morning_over=data.morning_over
    )
    dismissed_keys = set(
        DismissedFinding.objects.filter(owner=user, week=week.label).values_list("key", flat=True)
    )
    steps = step_schedules(data.steps, previous, monday + dt.timedelta(days=6))
    areas = dict(MiliaArea.choices)

    def is_dismissed(finding: rules.Finding) -> bool:
        return finding.severity == rules.Severity.INFO and finding.key in dismissed_keys

    return ReviewPage(
        week=week,
        today=today,
        findings=[f for f in findings if f.severity != rules.Severity.OK and not is_dismissed(f)],
        oks=[f for f in findings if f.severity == rules.Severity.OK],
        dismissed=[f for f in findings if is_dismissed(f)],
        figures=figures.week_figures(
            data.log, steps, monday, today, areas, since, data.morning_over
        ),
        previous_figures=figures.week_figures(
            data.log, steps, previous, today, areas, since, data.morning_over
        ),
        plan=rules.plan_next_week(
            data.log,
            monday,
            data.thresholds,
            today=today,
            morning_over=data.morning_over,
            review=findings,
        ),
        # No way back past the week the record starts in: nothing before it to review.
        previous_week=previous
        if previous + dt.timedelta(days=6) >= max(EARLIEST_DAY, since or EARLIEST_DAY)
        else None,
        next_week=monday + WEEK if monday + WEEK <= today else None,
        severities={f.key: f.severity for f in reversed(findings)},  # the gravest wins
    )


def week_url(monday: dt.date, anchor: str = "") -> str:
    url = reverse("review:week", kwargs={"week": monday})
    return f"{url}#{anchor}" if anchor else url


@login_required
def latest(request):
    """The current week where the person is; when nothing is logged in it yet, the latest
    week with anything logged (and the current week when there is none at all)."""
    today = request.user.local_today()
    monday, _ = rules.week_bounds(today)
    latest_day = selectors.latest_entry(request.user, today)
    if latest_day is not None and latest_day < monday:
        monday, _ = rules.week_bounds(latest_day)
    return redirect(week_url(monday))


@login_required
def week(request, week: dt.date):
    monday = reviewable_week(request, week)
    return render(request, "guidance/review.html", {"page": review_page(request.user, monday)})


@login_required
@require_POST
def dismiss(request, week: dt.date):
    """Hide an info finding for this week. Urgent findings and warnings stay (400)."""
    monday = reviewable_week(request, week)
    page = review_page(request.user, monday)
    key = request.POST.get("key", "")
    severity = page.severities.get(key)
    if severity != rules.Severity.INFO:
        error = (
            "Only reminders and hints can be dismissed. Urgent findings and warnings stay "
            "on the list while the week’s log shows them."
            if severity in (rules.Severity.URGENT, rules.Severity.WARNING)
            else "There is no open reminder like that in this week’s review."
        )
        context = {"page": page, "error": error}
        return render(request, "guidance/review.html", context, status=400)
    try:
        with transaction.atomic():
            DismissedFinding.objects.get_or_create(
                owner=request.user, week=page.week.label, key=key
            )
    except IntegrityError:
        pass  # a second tap raced the first: it is dismissed either way
    messages.success(request, "Dismissed for this week. It is under “Dismissed this week”.")
    return redirect(week_url(monday, "findings"))
