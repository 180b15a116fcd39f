import datetime as dt
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from skintrack.routines.models import Period, StepArea

EARLIEST_DAY = dt.date(2000, 1, 1)
MAX_MILIA_COUNT = 500
NOTE_MAX_LENGTH = 2000


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)


def owner_field(related_name: str):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name=related_name
    )


def day_field(verbose_name: str = "day"):
    return models.DateField(verbose_name, validators=[MinValueValidator(EARLIEST_DAY)])


def day_in_range(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=models.Q(day__gte=EARLIEST_DAY), name=name)


class Application(models.Model):
    """A product applied on a day, morning or evening: from a routine step or ad hoc."""

    owner = owner_field("applications")
    day = day_field()
    period = models.CharField(max_length=2, choices=Period.choices)
    product = models.ForeignKey("shelf.Product", on_delete=models.CASCADE, related_name="+")
    step = models.ForeignKey(
        "routines.RoutineStep",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    area = models.CharField(max_length=8, choices=StepArea.choices, default=StepArea.FACE)
    logged_at = models.DateTimeField(auto_now_add=True)
    tapped_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the tick was tapped, by the device's clock (a tap sent late, after "
        "the network came back, keeps its own time): an older untick never undoes it.",
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["day", "period", "logged_at"]
        indexes = [models.Index(fields=["owner", "day"])]
        constraints = [
            models.UniqueConstraint(
                fields=["step", "day", "period"],
                condition=models.Q(step__isnull=False),
                name="one_application_per_step_day_period",
            ),
            day_in_range("application_day_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_period_display().lower()}: {self.product}"


class DayNote(models.Model):
    owner = owner_field("day_notes")
    day = day_field()
    makeup_worn = models.BooleanField("wore makeup", default=False)
    makeup_removed = models.BooleanField("took makeup off before bed", default=False)
    sun_exposure = models.BooleanField("spent long in the sun", default=False)
    steamed = models.BooleanField("gentle steam", default=False)
    tried_extraction = models.BooleanField("tried to pop or squeeze milia", default=False)
    notes = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    updated_at = models.DateTimeField(auto_now=True)
    written_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When this version was written, by the device's clock: an older version "
        "sent late (after the network came back) does not overwrite it.",
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "day"], name="one_note_per_day"),
            day_in_range("note_day_in_range"),
        ]

    def __str__(self) -> str:
        return f"Note for {self.day}"


class MiliaArea(models.TextChoices):
    EYELIDS = "eyelids", "Eyelids"
    UNDER_EYES = "under_eyes", "Under the eyes"
    CHEEKS = "cheeks", "Cheeks"
    NOSE = "nose", "Nose"
    FOREHEAD = "forehead", "Forehead"
    CHIN_JAW = "chin_jaw", "Chin and jaw"
    OTHER = "other", "Somewhere else"


class MiliaType(models.TextChoices):
    PRIMARY = "primary", "Primary (appeared on their own)"
    SECONDARY = "secondary", "Secondary (after skin damage)"
    UNKNOWN = "unknown", "Not sure"


class SecondaryContext(models.TextChoices):
    BURN = "burn", "A burn"
    BLISTER = "blister", "A blister"
    PROCEDURE = "procedure", "A skin procedure"
    OTHER = "other", "Something else"


SYMPTOMS = ("pain", "itching", "redness", "swelling", "pus")


class Severity(models.TextChoices):
    """How bad a symptom was. Before severities were asked, a symptom was yes or no: the
    migration that added them made every "yes" moderate."""

    NONE = "none", "None"
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


def severity_field(verbose_name: str):
    return models.CharField(
        verbose_name, max_length=8, choices=Severity.choices, default=Severity.NONE
    )


class MiliaObservation(models.Model):
    """How many milia a person saw in one area on one day."""

    owner = owner_field("observations")
    day = day_field()
    area = models.CharField(max_length=16, choices=MiliaArea.choices)
    area_other = models.CharField("where", max_length=80, blank=True)
    count = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(MAX_MILIA_COUNT)]
    )
    milia_type = models.CharField(
        "type", max_length=16, choices=MiliaType.choices, default=MiliaType.UNKNOWN
    )
    pain = severity_field("pain")
    itching = severity_field("itching")
    redness = severity_field("redness")
    swelling = severity_field("swelling")
    pus = severity_field("pus")
    secondary_context = models.CharField(
        "after", max_length=16, choices=SecondaryContext.choices, blank=True
    )
    notes = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["day", "area"]
        indexes = [models.Index(fields=["owner", "day"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(count__gte=0, count__lte=MAX_MILIA_COUNT),
                name="milia_count_in_range",
            ),
            models.UniqueConstraint(
                fields=["owner", "day", "area", "area_other"], name="one_observation_per_area_day"
            ),
            day_in_range("observation_day_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.count} on {self.place}"

    @property
    def place(self) -> str:
        if self.area == MiliaArea.OTHER and self.area_other:
            return self.area_other
        return self.get_area_display().lower()

    @property
    def symptoms(self) -> list[str]:
        return [name for name in SYMPTOMS if getattr(self, name) != Severity.NONE]

    @property
    def severities(self) -> list[tuple[str, str]]:
        """(symptom, severity) for the symptoms noted, e.g. [("redness", "mild")]."""
        return [(name, getattr(self, name)) for name in self.symptoms]


class Treatment(models.TextChoices):
    NONE = "", "None / advice only"
    EXTRACTION = "manual_extraction", "Manual extraction"
    ELECTRODESICCATION = "electrodesiccation", "Electrodesiccation"
    CRYOTHERAPY = "cryotherapy", "Cryotherapy"
    MEDICATION = "medication", "Prescription medication"
    LASER = "laser_ablation", "Laser ablation"
    OTHER = "other", "Other"


class DermatologistVisit(models.Model):
    owner = owner_field("visits")
    day = day_field("date")
    treatment = models.CharField(
        "treatment received", max_length=32, choices=Treatment.choices, blank=True
    )
    notes = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-day"]
        constraints = [day_in_range("visit_day_in_range")]

    def __str__(self) -> str:
        return f"Dermatologist visit on {self.day}"


class BookedVisit(models.Model):
    """A dermatologist appointment the person has booked. Until a few days after it, urgent
    findings turn into a calm reminder naming it (GUIDANCE: Acting on urgent findings)."""

    owner = owner_field("booked_visits")
    day = day_field("appointment date")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-day"]
        constraints = [
            day_in_range("booked_visit_day_in_range"),
            models.UniqueConstraint(fields=["owner", "day"], name="one_booking_per_day"),
        ]

    def __str__(self) -> str:
        return f"Dermatologist visit booked for {self.day}"


def photo_path(photo: "ObservationPhoto", filename: str) -> str:
    # Server-chosen names: nothing of the uploaded file name reaches the disk.
    return f"photos/{photo.owner_id}/{uuid.uuid4().hex}.jpg"


def thumbnail_path(photo: "ObservationPhoto", filename: str) -> str:
    return f"photos/{photo.owner_id}/thumbs/{uuid.uuid4().hex}.jpg"


class ObservationPhoto(models.Model):
    """A progress photo of one observation. Stored under MEDIA_ROOT, never at a public URL:
    served only through a view that checks the owner."""

    owner = owner_field("photos")
    observation = models.ForeignKey(
        MiliaObservation, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(upload_to=photo_path, max_length=200)
    thumbnail = models.FileField(upload_to=thumbnail_path, max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Photo of {self.observation}"
