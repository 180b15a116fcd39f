import datetime as dt
import secrets
import zoneinfo
from functools import cache

from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


@cache
def time_zone_names() -> list[str]:
    """Every zone name Python knows, legacy aliases ("W-SU", "US/Eastern") included: a
    profile saved with one still works. People pick from `zones.canonical_names()`."""
    return sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


def validate_time_zone(value: str) -> None:
    if value not in set(time_zone_names()):
        raise ValidationError(f"“{value}” is not a time zone we know. Pick one from the list.")


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class ColorScheme(models.TextChoices):
    SYSTEM = "system", "Same as this device"
    LIGHT = "light", "Light"
    DARK = "dark", "Dark"


class AgeBand(models.TextChoices):
    UNSAID = "", "Not given"
    UNDER_18 = "under_18", "Under 18"
    FROM_18 = "18_29", "18–29"
    FROM_30 = "30_44", "30–44"
    FROM_45 = "45_59", "45–59"
    FROM_60 = "60_74", "60–74"
    FROM_75 = "75_plus", "75 or over"


class User(AbstractUser):
    """A person using skintrack. Their profile lives here: it is one row either way."""

    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="Decides which calendar day a morning or evening belongs to.",
    )
    calendar_token = models.CharField(
        max_length=64,
        unique=True,
        default=new_calendar_token,
        editable=False,
        help_text="The secret in the person's calendar feed URL; rotating it revokes the URL.",
    )
    digest_enabled = models.BooleanField(
        "email me each morning",
        default=False,
        help_text="A short email with today's routine and anything urgent.",
    )
    digest_time = models.TimeField(
        "at", default=dt.time(7, 30), help_text="Local time, in your time zone."
    )
    # Optional, for the first line of the visit report: the person decides what a
    # dermatologist reading it should know.
    age_band = models.CharField("age", max_length=8, choices=AgeBand.choices, blank=True)
    skin_notes = models.CharField(
        "about your skin",
        max_length=200,
        blank=True,
        help_text="For the report, e.g. “dry, sensitive; eczema on the hands”.",
    )
    digest_last_sent_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The person's local date of the last digest: claimed before sending.",
    )

    color_scheme = models.CharField(
        "appearance",
        max_length=8,
        choices=ColorScheme.choices,
        default=ColorScheme.SYSTEM,
        help_text="Light or dark colours; by default the same as your phone or computer.",
    )
    morning_reminder_time = models.TimeField(
        "sunscreen reminder at",
        default=dt.time(7, 45),
        help_text="Local time of the morning reminder after a retinoid night.",
    )
    evening_reminder_time = models.TimeField(
        "evening reminder at",
        default=dt.time(21, 30),
        help_text="Local time of the evening routine reminder (and exfoliation nights).",
    )
    push_morning = models.BooleanField(
        "notify me to put on sunscreen after a retinoid night", default=False
    )
    push_evening = models.BooleanField("notify me of my evening routine", default=False)
    push_morning_last_sent_on = models.DateField(
        null=True, blank=True, editable=False, help_text="Local date of the last morning push."
    )
    push_evening_last_sent_on = models.DateField(
        null=True, blank=True, editable=False, help_text="Local date of the last evening push."
    )

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def local_now(self) -> dt.datetime:
        return timezone.now().astimezone(self.zone)

    def local_today(self) -> dt.date:
        """Today's date where the person is, not in UTC."""
        return self.local_now().date()

    def skip_todays_digest_if_past(self) -> bool:
        """Turning the morning email on (or moving its time) never sends one at once: when
        today's chosen time has already passed, today counts as done and the first email
        goes at the chosen time of the next morning. True when it changed the record."""
        local = self.local_now()
        if not self.digest_enabled or local.time() < self.digest_time:
            return False
        if self.digest_last_sent_on is not None and self.digest_last_sent_on >= local.date():
            return False
        self.digest_last_sent_on = local.date()
        return True

    def latest_loggable_day(self) -> dt.date:
        """Tomorrow in the person's zone: one may plan ahead a day, never further."""
        return self.local_today() + dt.timedelta(days=1)


class PersonSession(AbstractBaseSession):
    """A log-in session that knows whose it is: deleting a person deletes their sessions on
    every device (the sessions cascade), not just the one they deleted the account from."""

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )

    class Meta:
        verbose_name = "session"

    @classmethod
    def get_session_store_class(cls):
        from skintrack.accounts.sessions import SessionStore

        return SessionStore


class TimeZoneChange(models.Model):
    """A change of a person's time zone, kept so the record says when and from where it
    moved. Logged days are dates and stay as they are: only days from now on follow it."""

    class Source(models.TextChoices):
        SETTINGS = "settings", "Settings"
        PROMPT = "prompt", "Today page prompt"

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="zone_changes")
    changed_at = models.DateTimeField(default=timezone.now)
    from_zone = models.CharField(max_length=64)
    to_zone = models.CharField(max_length=64)
    source = models.CharField(max_length=10, choices=Source.choices)

    class Meta:
        ordering = ("-changed_at", "-pk")
        indexes = [models.Index(fields=("owner", "-changed_at"))]

    def __str__(self) -> str:
        return f"{self.from_zone} → {self.to_zone}"
