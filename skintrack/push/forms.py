import datetime as dt
from urllib.parse import urlsplit

from django import forms

from skintrack.accounts.models import User


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": "Pick a time, like 21:30.",
            "invalid": "Give the time as hours and minutes, like 21:30.",
        },
    )


class ReminderTimesForm(forms.ModelForm):
    """When reminders ring (push notifications and the calendar feed's alarms), and which
    notifications the person wants."""

    morning_reminder_time = _time_field("Sunscreen reminder at")
    evening_reminder_time = _time_field("Evening routine reminder at")

    class Meta:
        model = User
        fields = ("push_morning", "morning_reminder_time", "push_evening", "evening_reminder_time")
        labels = {
            "push_morning": "Remind me to put on sunscreen the morning after a retinoid night",
            "push_evening": "Remind me of my evening routine when steps are left",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self.instance.time_zone.replace("_", " ")
        for name in ("morning_reminder_time", "evening_reminder_time"):
            self.fields[name].help_text = f"Your own time ({zone})."

    def _whole_minute(self, name: str) -> dt.time:
        return self.cleaned_data[name].replace(second=0, microsecond=0)

    def clean_morning_reminder_time(self) -> dt.time:
        return self._whole_minute("morning_reminder_time")

    def clean_evening_reminder_time(self) -> dt.time:
        return self._whole_minute("evening_reminder_time")


# The push services of the browsers people use (Chrome and Edge's FCM, Firefox, Safari,
# Windows). A subscription is where a worker will POST: only these hosts are accepted, so a
# crafted "subscription" can't make the workers call an address of someone's choosing.
PUSH_SERVICE_SUFFIXES = (
    ".googleapis.com",
    ".push.services.mozilla.com",
    ".push.apple.com",
    ".notify.windows.com",
)


class SubscriptionForm(forms.Form):
    """A browser's PushSubscription, as its toJSON() gives it (flattened by the script)."""

    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.RegexField(regex=r"^[A-Za-z0-9_-]{80,100}={0,2}$", max_length=120)
    auth = forms.RegexField(regex=r"^[A-Za-z0-9_-]{16,32}={0,2}$", max_length=40)

    def clean_endpoint(self) -> str:
        endpoint = self.cleaned_data["endpoint"]
        parts = urlsplit(endpoint)
        if parts.scheme != "https" or parts.port not in (None, 443):
            raise forms.ValidationError("A push endpoint must be an https address.")
        if not (parts.hostname or "").endswith(PUSH_SERVICE_SUFFIXES):
            raise forms.ValidationError("That is not a browser push service we know.")
        return endpoint
