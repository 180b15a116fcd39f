from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView
from django.db import IntegrityError, transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from skintrack.accounts import zones
from skintrack.accounts.forms import SettingsForm, SignUpForm
from skintrack.accounts.models import PersonSession, TimeZoneChange
from skintrack.accounts.security import count_reset_request
from skintrack.http import render_form
from skintrack.push import sending as push_sending


def wants_all_zones(request) -> bool:
    """?zones=all: the full grouped list in the page, for browsers without JavaScript."""
    return request.GET.get("zones") == "all"


def move_to_zone(person, zone: str, source: str) -> list[str]:
    """Set the person's zone and record the move. Logged days are dates and keep them; a
    reminder whose time has already passed in the new zone waits for tomorrow. Returns the
    fields changed, for save(update_fields=...)."""
    TimeZoneChange.objects.create(
        owner=person, from_zone=person.time_zone, to_zone=zone, source=source
    )
    person.time_zone = zone
    fields = ["time_zone"]
    if person.skip_todays_digest_if_past():
        fields.append("digest_last_sent_on")
    for kind, (_, _, last) in push_sending.FIELDS.items():
        if push_sending.skip_today_if_past(person, kind):
            fields.append(last)
    return fields


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
    form = SignUpForm(request.POST or None, all_zones=wants_all_zones(request))
    if form.is_valid() and (user := create_person(form)):
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to skintrack. Start by adding a product or two.")
        return redirect("shelf:list")
    return render_form(request, "accounts/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    before = request.user.time_zone
    form = SettingsForm(
        request.POST or None, instance=request.user, all_zones=wants_all_zones(request)
    )
    if form.is_valid():
        person = form.save(commit=False)
        with transaction.atomic():
            if person.time_zone != before:
                zone = person.time_zone
                person.time_zone = before
                move_to_zone(person, zone, TimeZoneChange.Source.SETTINGS)
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


@login_required
@require_POST
def switch_time_zone(request):
    """The today page's one-tap switch to the browser's zone (an alias is saved as its
    canonical zone). Back to today, which is now the new zone's today."""
    zone = zones.canonical(request.POST.get("time_zone", ""))
    if zone is None:
        return HttpResponseBadRequest("That is not a time zone we know.")
    person = request.user
    if zone != person.time_zone:
        with transaction.atomic():
            person.save(update_fields=move_to_zone(person, zone, TimeZoneChange.Source.PROMPT))
        messages.success(
            request,
            f"Your time zone is now {zones.label(zone)} ({zone}). Days you already logged "
            "keep their dates.",
        )
    return redirect("journal:today")


class LimitedPasswordResetView(PasswordResetView):
    """Django's password reset, limited per client address and per email typed
    (PASSWORD_RESET_LIMIT an hour). Over the limit nothing is sent, whether or not the
    email belongs to anyone, and the page says to wait."""

    def form_valid(self, form):
        if not count_reset_request(self.request, form.cleaned_data["email"]):
            return render(self.request, "registration/password_reset_limited.html", status=429)
        return super().form_valid(form)
