import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from skintrack.accounts.forms import SettingsForm
from skintrack.accounts.models import User, new_calendar_token
from skintrack.journal.models import EARLIEST_DAY
from skintrack.reports import digest, feed, selectors
from skintrack.reports import month as month_selectors
from skintrack.reports.forms import ReminderForm, ReportRangeForm

WEEKDAYS = [
    ("Monday", "Mon"),
    ("Tuesday", "Tue"),
    ("Wednesday", "Wed"),
    ("Thursday", "Thu"),
    ("Friday", "Fri"),
    ("Saturday", "Sat"),
    ("Sunday", "Sun"),
]


def settings_url(anchor: str) -> str:
    return f"{reverse('accounts:settings')}#{anchor}"


@login_required
def progress(request):
    page = selectors.progress(request.user, request.user.local_today())
    return render(request, "reports/progress.html", {"page": page})


@login_required
@require_GET
def month_calendar(request, month=None):
    """A month of days, each with its state, linking to its day page."""
    today = request.user.local_today()
    latest = request.user.latest_loggable_day()
    first = month or today.replace(day=1)
    if not EARLIEST_DAY.replace(day=1) <= first <= latest.replace(day=1):
        raise Http404("There are no day pages for that month.")
    page = month_selectors.month(request.user, first, today, latest)
    return render(request, "reports/month.html", {"month": page, "weekday_names": WEEKDAYS})


@login_required
@require_GET
def visit_report(request):
    today = request.user.local_today()
    form = ReportRangeForm(request.GET, today=today)
    if not form.is_valid():
        return render(request, "reports/visit_report.html", {"form": form}, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    report = selectors.visit_report(request.user, start, end, today)
    shown = ReportRangeForm({"start": start, "end": end}, today=today)  # the dates used
    return render(request, "reports/visit_report.html", {"form": shown, "report": report})


@require_GET
def calendar_feed(request, token: str):
    """Public by design: the token in the URL is the key. A wrong or old token is a 404."""
    person = get_object_or_404(User, calendar_token=token, is_active=True)
    body = feed.feed_for(person)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["Content-Disposition"] = 'inline; filename="skintrack.ics"'
    # Calendar apps poll: an unchanged feed answers 304 with no body. The stamp of when the
    # feed was made changes every second, so it is left out of what "unchanged" means.
    lines = response.content.splitlines()
    stable = b"\n".join(line for line in lines if not line.startswith(b"DTSTAMP"))
    response["ETag"] = f'"{hashlib.sha256(stable).hexdigest()[:32]}"'
    return get_conditional_response(request, etag=response["ETag"], response=response)


@login_required
@require_POST
def rotate_calendar(request):
    request.user.calendar_token = new_calendar_token()
    request.user.save(update_fields=["calendar_token"])
    messages.success(
        request,
        "Made a new calendar link. The old one has stopped working: subscribe with the new one.",
    )
    return redirect(settings_url("calendar"))


@login_required
@require_POST
def reminders(request):
    form = ReminderForm(request.POST, instance=request.user)
    if not form.is_valid():
        request.user.refresh_from_db(fields=["digest_enabled", "digest_time"])
        context = {"form": SettingsForm(instance=request.user), "reminder_form": form}
        return render(request, "accounts/settings.html", context, status=400)
    person = form.save(commit=False)
    fields = ["digest_enabled", "digest_time"]
    if person.skip_todays_digest_if_past():
        fields.append("digest_last_sent_on")
    person.save(update_fields=fields)
    if person.digest_enabled:
        messages.success(
            request, f"You’ll get the morning email at {person.digest_time:%H:%M} your time."
        )
    else:
        messages.success(request, "The morning email is off.")
    return redirect(settings_url("reminders"))


# Mail apps send one-click unsubscribes (RFC 8058) as a POST without a CSRF token; the
# signed token in the URL is what proves the request came from the email.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, signed_token: str):
    """Public by design: GET asks, POST turns the morning email off."""
    person = digest.person_for_unsubscribe(signed_token)
    if person is None:
        raise Http404("This unsubscribe link is not valid.")
    if request.method == "POST":
        User.objects.filter(pk=person.pk).update(digest_enabled=False)
        return redirect(request.path)
    return render(request, "reports/unsubscribe.html", {"enabled": person.digest_enabled})
