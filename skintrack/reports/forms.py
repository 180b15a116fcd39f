import datetime as dt

from django import forms

from skintrack.accounts.models import User
from skintrack.journal.models import EARLIEST_DAY


class ReminderForm(forms.ModelForm):
    digest_time = forms.TimeField(
        label="At",
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": "Pick a time for the email, like 07:30.",
            "invalid": "Give the time as hours and minutes, like 07:30.",
        },
    )

    class Meta:
        model = User
        fields = ("digest_enabled", "digest_time")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self.instance.time_zone.replace("_", " ")
        self.fields["digest_time"].help_text = f"Your own time ({zone})."
        self.fields["digest_enabled"].help_text = ""  # the card says what the email holds

    def clean(self):
        data = super().clean()
        if data.get("digest_enabled") and not self.instance.email:
            raise forms.ValidationError(
                "Add your email address to your profile first, then turn the email on."
            )
        return data

    def clean_digest_time(self) -> dt.time:
        # Whole minutes: the worker checks once a minute.
        return self.cleaned_data["digest_time"].replace(second=0, microsecond=0)


class ReportRangeForm(forms.Form):
    """The visit report's dates from the query string: the last 90 days by default, at
    most two years, never after today."""

    DEFAULT_DAYS = 90
    MAX_DAYS = 731  # two years, a leap day included

    start = forms.DateField(
        label="From",
        help_text="The last 90 days when left empty.",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Give the start as a date like 2026-03-01."},
    )
    end = forms.DateField(
        label="To",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Give the end as a date like 2026-05-31."},
    )

    def __init__(self, data, *, today: dt.date):
        self.today = today
        super().__init__(data)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        end = data.get("end") or self.today
        start = data.get("start") or end - dt.timedelta(days=self.DEFAULT_DAYS - 1)
        if start < EARLIEST_DAY:
            raise forms.ValidationError("The report can start on 1 January 2000 at the earliest.")
        if end > self.today:
            raise forms.ValidationError(
                f"The report can end today ({self.today:%-d %B %Y}) at the latest."
            )
        if start > end:
            raise forms.ValidationError("The start date is after the end date: swap them.")
        if (end - start).days >= self.MAX_DAYS:
            raise forms.ValidationError("A report covers two years at most. Pick a shorter range.")
        data["start"], data["end"] = start, end
        return data


class ReportProfileForm(forms.ModelForm):
    """What the person chooses to tell a dermatologist at the top of the report."""

    class Meta:
        model = User
        fields = ("age_band", "skin_notes")
        labels = {"age_band": "Age", "skin_notes": "About your skin"}
