import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from skintrack.guidance import rules


def bounded(default: int, low: int, high: int, help_text: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        default=default,
        validators=[MinValueValidator(low), MaxValueValidator(high)],
        help_text=help_text,
    )


class RuleThresholds(models.Model):
    """The numbers the guidance rules use. One row; staff edit it in the admin."""

    persistence_days = bounded(90, 14, 730, "DRM-2: days milia must persist in an area.")
    sudden_increase = bounded(10, 2, 200, "DRM-3: rise in the total count that is sudden.")
    sudden_increase_window_days = bounded(30, 7, 120, "DRM-3: days the rise is measured over.")
    corticosteroid_days = bounded(14, 1, 120, "RSK-1: days with a corticosteroid that count.")
    corticosteroid_window_days = bounded(28, 7, 120, "RSK-1: the window those days fall in.")
    max_exfoliations_per_week = bounded(3, 2, 7, "EXF-1: exfoliations a week that are too many.")
    visit_snooze_days = bounded(90, 0, 365, "DRM-2: days a dermatologist visit quiets it.")
    comedogenic_rating = bounded(3, 1, 5, "PRD-1/CLN-1: ingredient rating that clogs.")
    eye_area_recent_days = bounded(30, 1, 365, "PRD-1: days milia near the eyes count as recent.")
    sunscreen_spf = bounded(
        30, 2, 100, "SUN-1/RET-2: the SPF at or above which a broad-spectrum product protects."
    )
    morning_ends_at = models.TimeField(
        default=dt.time(12, 0),
        help_text="RET-2/SUN-1: local time after which a morning without sunscreen is missed.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "rule thresholds"
        verbose_name_plural = "rule thresholds"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(corticosteroid_days__lte=models.F("corticosteroid_window_days")),
                name="corticosteroid_days_fit_window",
            ),
        ]

    def __str__(self) -> str:
        return "Rule thresholds"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.corticosteroid_days > self.corticosteroid_window_days:
            raise ValidationError(
                {"corticosteroid_days": "Can’t be more than the days in the window."}
            )

    @classmethod
    def current(cls) -> rules.Thresholds:
        row = cls.objects.order_by("pk").first()
        if row is None:
            return rules.Thresholds()
        return rules.Thresholds(
            **{
                f.name: getattr(row, f.name)
                for f in cls._meta.fields
                if f.name not in ("id", "updated_at")
            }
        )


class DismissedFinding(models.Model):
    """An info finding a person dismissed for one ISO week."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dismissed_findings"
    )
    week = models.CharField(max_length=8)  # "2026-W48"
    key = models.CharField(max_length=120)
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "week", "key"], name="dismiss_once_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.key} dismissed for {self.week}"
