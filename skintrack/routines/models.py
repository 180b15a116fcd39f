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
    archived = models.BooleanField(default=False)

    class Meta:
        ordering = ["routine", "archived", "position", "id"]

    def __str__(self) -> str:
        return f"{self.product} · {self.get_area_display().lower()}"

    @property
    def schedule(self) -> schedule.Schedule:
        return schedule.Schedule(
            kind=self.schedule_kind,
            weekdays=tuple(self.weekdays or ()),
            interval_days=self.interval_days,
            start_date=self.start_date,
            times_per_week=self.times_per_week,
        )

    def is_due(self, day, done_this_week: int = 0, done_today: bool = False) -> bool:
        return self.schedule.is_due(day, done_this_week, done_today)
