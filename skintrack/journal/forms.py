import datetime as dt

from django import forms

from skintrack.journal.models import (
    EARLIEST_DAY,
    SYMPTOMS,
    Application,
    DayNote,
    DermatologistVisit,
    MiliaArea,
    MiliaObservation,
    MiliaType,
    Severity,
)
from skintrack.shelf.models import Product


def check_day_in_range(day: dt.date, latest: dt.date) -> dt.date:
    if day < EARLIEST_DAY:
        raise forms.ValidationError(f"Pick a date on or after {EARLIEST_DAY:%-d %B %Y}.")
    if day > latest:
        raise forms.ValidationError(
            f"That date is in the future. The latest you can log is {latest:%-d %B %Y}."
        )
    return day


class TickForm(forms.Form):
    """One tap on a checklist step: done or not done (idempotent, so double taps are safe)."""

    done = forms.TypedChoiceField(
        choices=[("1", "done"), ("0", "not done")], coerce=lambda v: v == "1"
    )


class AdHocApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ("product", "period", "area")
        labels = {"product": "Product", "period": "When", "area": "Where"}

    def __init__(self, *args, owner, shelf=None, **kwargs):
        """`shelf`: the person's products, already loaded, to draw the empty form from."""
        super().__init__(*args, **kwargs)
        field = self.fields["product"]
        field.queryset = Product.objects.owned_by(owner).on_shelf()
        field.empty_label = "Choose a product…"
        if shelf is not None and not self.is_bound:
            field.widget.choices = [("", field.empty_label)] + [
                (product.pk, str(product)) for product in shelf if not product.archived
            ]


class DayNoteForm(forms.ModelForm):
    class Meta:
        model = DayNote
        fields = (
            "makeup_worn",
            "makeup_removed",
            "sun_exposure",
            "steamed",
            "tried_extraction",
            "notes",
        )
        widgets = {"notes": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}
        labels = {"notes": "Anything else about today"}


class ObservationForm(forms.ModelForm):
    CLASH = "You already logged this area on this day. Edit that entry instead."

    class Meta:
        model = MiliaObservation
        fields = (
            "area",
            "area_other",
            "count",
            "milia_type",
            "secondary_context",
            "pain",
            "itching",
            "redness",
            "swelling",
            "pus",
            "notes",
        )
        widgets = {
            "count": forms.NumberInput(attrs={"min": 0, "max": 500, "inputmode": "numeric"}),
            "notes": forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
        }
        labels = {
            "count": "How many did you see?",
            "area_other": "Where exactly?",
            "secondary_context": "They appeared after",
            "pus": "Pus",
        }

    def __init__(self, *args, owner, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.day = day
        for name in SYMPTOMS:  # left out: not noted
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        for name in SYMPTOMS:
            data[name] = data.get(name) or Severity.NONE
        area = data.get("area")
        if area == MiliaArea.OTHER and not data.get("area_other", "").strip():
            self.add_error("area_other", "Say where, for example “neck” or “chest”.")
        if area != MiliaArea.OTHER:
            data["area_other"] = ""
        if data.get("milia_type") != MiliaType.SECONDARY:
            data["secondary_context"] = ""
        if area and not self.errors:
            clash = MiliaObservation.objects.owned_by(self.owner).filter(
                day=self.day, area=area, area_other=data.get("area_other", "")
            )
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError(self.CLASH)
        return data


class VisitForm(forms.ModelForm):
    class Meta:
        model = DermatologistVisit
        fields = ("day", "treatment", "notes")
        widgets = {
            "day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        }
        labels = {"notes": "What the dermatologist said"}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.latest_day = owner.local_today()

    def clean_day(self):
        return check_day_in_range(self.cleaned_data["day"], self.latest_day)


class BookedVisitForm(forms.Form):
    """ "I've booked a visit": the appointment's date, from today to a year ahead."""

    day = forms.DateField(
        label="Appointment date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Pick the day of the appointment.",
            "invalid": "Enter a date, like 2026-12-10.",
        },
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day < self.today:
            raise forms.ValidationError(
                "That day has passed. If you have been, log the visit instead."
            )
        if day > self.today + dt.timedelta(days=365):
            raise forms.ValidationError("Pick a day within the next year.")
        return day
