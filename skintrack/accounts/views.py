from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from skintrack.accounts.forms import SettingsForm, SignUpForm
from skintrack.accounts.models import PersonSession
from skintrack.accounts.security import count_reset_request
from skintrack.http import render_form


def create_person(form: SignUpForm):
    """The new person, or None (with the form's error) when someone took the username
    between the form's check and the save: two sign-ups racing for a name get a clear
    answer, not a 500."""
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        form.add_error("username", "Someone just took that username. Please pick another.")
        return None


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("journal:today")
    form = SignUpForm(request.POST or None)
    if form.is_valid() and (user := create_person(form)):
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to skintrack. Start by adding a product or two.")
        return redirect("shelf:list")
    return render_form(request, "accounts/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    form = SettingsForm(request.POST or None, instance=request.user)
    if form.is_valid():
        person = form.save(commit=False)
        if "time_zone" in form.changed_data:
            # A move to a zone where this morning's email time has passed doesn't send it
            # at once: the first in the new zone goes the next morning.
            person.skip_todays_digest_if_past()
        person.save()
        messages.success(request, "Settings saved.")
        return redirect("accounts:settings")
    return render_form(request, "accounts/settings.html", {"form": form})


@login_required
@require_POST
def logout_everywhere(request):
    """End every session of this person: other phones, a forgotten computer, and this one."""
    PersonSession.objects.filter(user=request.user).delete()
    logout(request)
    messages.success(request, "You are logged out on every device, this one included.")
    return redirect("accounts:login")


class LimitedPasswordResetView(PasswordResetView):
    """Django's password reset, limited per client address and per email typed
    (PASSWORD_RESET_LIMIT an hour). Over the limit nothing is sent, whether or not the
    email belongs to anyone, and the page says to wait."""

    def form_valid(self, form):
        if not count_reset_request(self.request, form.cleaned_data["email"]):
            return render(self.request, "registration/password_reset_limited.html", status=429)
        return super().form_valid(form)
