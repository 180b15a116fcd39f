from django import forms
from django.contrib.auth.forms import UserCreationForm

from skintrack.accounts.models import User, time_zone_names


def time_zone_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Your time zone",
        choices=[(name, name.replace("_", " ")) for name in time_zone_names()],
        initial="UTC",
        help_text="Your days start and end at midnight here.",
        widget=forms.Select(attrs={"data-browser-time-zone": ""}),
    )


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
