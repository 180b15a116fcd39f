from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.forms.utils import flatatt
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from skintrack.accounts import zones
from skintrack.accounts.models import User

# Offered in the page itself; static/js/app.js swaps in every canonical zone, grouped by
# region, from static/js/time-zones.json (a cached static file) with the browser's zone
# first. Without JavaScript, "Show every time zone" (?zones=all) renders the full list.
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


class TimeZoneSelect(forms.Widget):
    """A select of time zones in optgroups by region. `full` renders every canonical zone;
    otherwise the common ones (and the current value), for the script to complete."""

    def __init__(self, attrs=None, full: bool = False):
        super().__init__(attrs)
        self.full = full

    def groups(self, value: str) -> list[tuple[str, list[str]]]:
        if self.full:
            return [(region, list(names)) for region, names in zones.grouped()]
        wanted = set(COMMON_TIME_ZONES) | ({value} if value else set())
        found: list[tuple[str, list[str]]] = []
        for region, names in zones.grouped():
            if picked := [name for name in names if name in wanted]:
                found.append((region, picked))
        if value and value not in zones.canonical_names():
            found.insert(0, ("Current", [value]))  # an old rule-only zone a profile still has
        return found

    def options(self, names: list[str], selected: str):
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((z, mark_safe(" selected") if z == selected else "", zones.label(z)) for z in names),
        )

    def render(self, name, value, attrs=None, renderer=None):
        value = str(value or "")
        shown = zones.canonical(value) or value
        attrs = self.build_attrs(self.attrs, attrs)
        attrs.update(name=name, **{"data-zones-url": static("js/time-zones.json")})
        groups = format_html_join(
            "",
            '<optgroup label="{}">{}</optgroup>',
            ((region, self.options(names, shown)) for region, names in self.groups(shown)),
        )
        return format_html("<select{}>{}</select>", flatatt(attrs), groups)


class TimeZoneField(forms.CharField):
    """A canonical IANA zone picked from the grouped select. An old alias sent by a script
    or typed elsewhere ("US/Eastern", "new york") is saved as its canonical zone; a profile's
    current zone may be kept as it is even when it is an old rule-only one."""

    def __init__(self, full: bool = False, **kwargs):
        kwargs.setdefault("label", "Your time zone")
        kwargs.setdefault("initial", "UTC")
        kwargs.setdefault("help_text", "Your days start and end at midnight here.")
        kwargs.setdefault("widget", TimeZoneSelect(attrs={"data-browser-time-zone": ""}, full=full))
        super().__init__(max_length=64, **kwargs)
        self.keep = ""

    def widget_attrs(self, widget):
        return {}  # no maxlength on a select

    def clean(self, value):
        value = super().clean(value).strip()
        if value and value == self.keep:
            return value
        if zone := zones.canonical(value):
            return zone
        # Forgive spaces for underscores and letter case: "new york" finds New_York.
        wanted = value.replace(" ", "_").lower()
        known = zones.canonical_names()
        match = [name for name in known if name.lower() == wanted]
        if not match:
            match = [name for name in known if name.lower().endswith("/" + wanted)]
        if len(match) != 1:
            raise forms.ValidationError(
                f"“{value}” is not a time zone we know. Pick one from the list, like Europe/London."
            )
        return match[0]


def time_zone_field(full: bool = False) -> TimeZoneField:
    return TimeZoneField(full=full)


class SignUpForm(UserCreationForm):
    time_zone = time_zone_field()

    def __init__(self, *args, all_zones: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].widget.attrs["data-preselect-browser"] = ""
        if all_zones:
            self.fields["time_zone"].widget.full = True

    class Meta:
        model = User
        fields = ("username", "email", "time_zone")
        help_texts = {"email": "Optional; used only to reset your password."}


class SettingsForm(forms.ModelForm):
    time_zone = time_zone_field()

    class Meta:
        model = User
        fields = ("email", "time_zone", "color_scheme")

    def __init__(self, *args, all_zones: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if all_zones:
            self.fields["time_zone"].widget.full = True
        self.fields["time_zone"].keep = self.instance.time_zone
        if self.is_bound and "color_scheme" not in self.data:
            # A form without it (an older page, a script) keeps the person's choice.
            self.data = self.data.copy()
            self.data["color_scheme"] = self.instance.color_scheme
