from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join

from skintrack.accounts.models import User, time_zone_names

# Offered first; any other zone of the list can be typed (and the browser's own is added by
# static/js/app.js, which also loads the full list from static/js/time-zones.json on focus).
COMMON_TIME_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Amsterdam",
    "Europe/Stockholm",
    "Europe/Warsaw",
    "Europe/Athens",
    "Europe/Istanbul",
    "Africa/Lagos",
    "Africa/Cairo",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Bangkok",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Perth",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Pacific/Honolulu",
    "America/Anchorage",
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Halifax",
    "America/Mexico_City",
    "America/Bogota",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
)


class TimeZoneInput(forms.TextInput):
    """A text input with a short list of suggestions; app.js loads the full list."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {}), "data-zones-url": static("js/time-zones.json")}
        options = format_html_join(
            "", '<option value="{}"></option>', ((zone,) for zone in COMMON_TIME_ZONES)
        )
        datalist = format_html('<datalist id="time-zones">{}</datalist>', options)
        return super().render(name, value, attrs, renderer) + datalist


class TimeZoneField(forms.CharField):
    """A time zone typed or picked from a short list, checked against every zone we know.
    Sending all ~600 zones as options made each settings page 43 KB."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Your time zone")
        kwargs.setdefault("initial", "UTC")
        kwargs.setdefault(
            "help_text",
            "Your days start and end at midnight here. Type a city, e.g. Europe/Berlin.",
        )
        kwargs.setdefault(
            "widget",
            TimeZoneInput(
                attrs={
                    "list": "time-zones",
                    "autocomplete": "off",
                    "spellcheck": "false",
                    "data-browser-time-zone": "",
                }
            ),
        )
        super().__init__(max_length=64, **kwargs)

    def clean(self, value):
        value = super().clean(value).strip()
        known = set(time_zone_names())
        if value not in known:
            # Forgive spaces for underscores and letter case: "new york" finds New_York.
            wanted = value.replace(" ", "_").lower()
            match = [name for name in known if name.lower() == wanted]
            if not match:
                match = [name for name in known if name.lower().endswith("/" + wanted)]
            if len(match) != 1:
                raise forms.ValidationError(
                    f"“{value}” is not a time zone we know. Type a region and city, like "
                    "Europe/London."
                )
            value = match[0]
        return value


def time_zone_field() -> TimeZoneField:
    return TimeZoneField()


class SignUpForm(UserCreationForm):
    time_zone = time_zone_field()

    class Meta:
        model = User
        fields = ("username", "email", "time_zone")
        help_texts = {"email": "Optional; used only to reset your password."}


class SettingsForm(forms.ModelForm):
    time_zone = time_zone_field()

    class Meta:
        model = User
        fields = ("email", "time_zone")
