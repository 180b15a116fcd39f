from django import forms
from django.contrib.auth import authenticate

from skintrack.portability.importer import MAX_UPLOAD
from skintrack.portability.uploads import MB


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Export file",
        help_text=f"A .json or .zip file exported from skintrack, up to {MAX_UPLOAD // MB} MB.",
        error_messages={"required": "Choose the file to import."},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".json,.zip,application/json,application/zip"}
        ),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Type your password to confirm."},
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = request.user

    def clean_password(self):
        """Checked like a log-in, so wrong passwords here count towards the same lock
        (django-axes): a stolen session can't be used to guess the password."""
        password = self.cleaned_data["password"]
        person = authenticate(self.request, username=self.user.get_username(), password=password)
        if person is None or person.pk != self.user.pk:
            raise forms.ValidationError("That isn't your password. Nothing was deleted.")
        return password
