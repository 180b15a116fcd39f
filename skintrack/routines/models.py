import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from skintrack.routines import schedule


class Period(models.TextChoices):
    MORNING = "am", "Morning"
    EVENING = "pm", "Evening"


class StepArea(models.TextChoices):
    FACE = "face", "Whole face"
    EYE = "eye", "Eye area"
    OTHER = "other", "Other"


class ScheduleKind(models.TextChoices):
    DAILY = schedule.DAILY, "Every day"
    WEEKDAYS = schedule.WEEKDAYS, "On chosen weekdays"
    EVERY_N_DAYS = schedule.EVERY_N_DAYS, "Every N days"
    TIMES_PER_WEEK = schedule.TIMES_PER_WEEK, "N times a week"


class RoutineQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)

    def current(self):
        return self.filter(is_active=True, archived=False)


class Routine(models.Model):
    """A named morning or evening routine. One per period is active at a time."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="routines"
    )
    name = models.CharField(max_length=80)
    period = models.CharField(max_length=2, choices=Period.choices)
    is_active = models.BooleanField("active", default=False)
    archived = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoutineQuerySet.as_manager()

    class Meta:
        ordering = ["period", "-is_active", "archived", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "period"],
                condition=models.Q(is_active=True),
                name="one_active_routine_per_period",
            ),
            models.CheckConstraint(
                condition=~models.Q(is_active=True, archived=True),
                name="archived_routine_is_not_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_period_display().lower()})"


def validate_weekdays(value) -> None:
    if not isinstance(value, list) or not all(isinstance(d, int) and 0 <= d <= 6 for d in value):
        raise ValidationError("Weekdays are numbers from 0 (Monday) to 6 (Sunday).")


class RoutineStepQuerySet(models.QuerySet):
    def in_use_between(self, owner, first: dt.date, last: dt.date):
        """Every version of `owner`'s steps whose span shares a day with `first`..`last`,
        current or ended, whatever has become of its routine since; and the current steps
        that start after `last` (owed nothing in the window, but a day before their start
        can be ticked to move the start back)."""
        return (
            self.filter(routine__owner=owner, starts_on__isnull=False)
            .filter(
                models.Q(starts_on__lte=last)
                & (models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=first))
                # Current steps that start later: a day before them can still be filled in.
                | models.Q(starts_on__gt=last, ends_on__isnull=True, archived=False)
            )
            .select_related("routine", "product")
            .order_by("routine__period", "position", "id")
        )


class RoutineStep(models.Model):
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="steps")
    product = models.ForeignKey("shelf.Product", on_delete=models.PROTECT, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    area = models.CharField(max_length=8, choices=StepArea.choices, default=StepArea.FACE)
    schedule_kind = models.CharField(
        "how often", max_length=16, choices=ScheduleKind.choices, default=ScheduleKind.DAILY
    )
    weekdays = models.JSONField(default=list, blank=True, validators=[validate_weekdays])
    interval_days = models.PositiveSmallIntegerField(
        "every N days",
        null=True,
        blank=True,
        validators=[MinValueValidator(2), MaxValueValidator(60)],
    )
    start_date = models.DateField(null=True, blank=True)
    times_per_week = models.PositiveSmallIntegerField(
        "times a week",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    # The span in which this version of the step was part of the routine, both ends
    # included, in the owner's local days. No start: not in use yet (its routine has never
    # been active since it was added). No end: still in use. Changing the product, area or
    # schedule ends this version and starts a new one that `replaces` it, so the days
    # before keep what was due on them.
    starts_on = models.DateField("in the routine from", null=True, blank=True)
    ends_on = models.DateField("in the routine until", null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        help_text="The earlier version of this step, ended when this one started.",
    )
    # Not in the routine's current list: removed, or replaced by a newer version.
    archived = models.BooleanField(default=False)

    objects = RoutineStepQuerySet.as_manager()

    # The fields that say when a step is due; with product and area, what a version is.
    SCHEDULE_FIELDS = ("schedule_kind", "weekdays", "interval_days", "start_date", "times_per_week")

    class Meta:
        ordering = ["routine", "archived", "position", "id"]
        indexes = [models.Index(fields=["routine", "starts_on", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.product} · {self.get_area_display().lower()}"

    def save(self, *args, **kwargs):
        # A step added to the routine in use starts today, unless told otherwise.
        if self._state.adding and self.starts_on is None and self.routine.is_active:
            self.starts_on = self.routine.owner.local_today()
        super().save(*args, **kwargs)

    @property
    def span_label(self) -> str:
        """ "since 3 Nov", "3 Nov – 20 Nov", or "not in use yet"."""
        if self.starts_on is None or (self.ends_on and self.ends_on < self.starts_on):
            return "never in use" if self.ends_on or self.archived else "not in use yet"
        start = f"{self.starts_on:%-d %b %Y}"
        if self.ends_on is None:
            return f"since {start}"
        return f"{start} – {self.ends_on:%-d %b %Y}"

    @property
    def schedule(self) -> schedule.Schedule:
        return schedule.Schedule(
            kind=self.schedule_kind,
            weekdays=tuple(self.weekdays or ()),
            interval_days=self.interval_days,
            start_date=self.start_date,
            times_per_week=self.times_per_week,
            first_day=self.starts_on or dt.date.max,  # not in use yet: owed nothing
            last_day=self.ends_on,
        )

    def is_due(self, day, done_this_week: int = 0, done_today: bool = False) -> bool:
        return self.schedule.is_due(day, done_this_week, done_today)
