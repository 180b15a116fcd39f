from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from skintrack.accounts.forms import SettingsForm
from skintrack.push import sending
from skintrack.push.forms import ReminderTimesForm, SubscriptionForm
from skintrack.push.models import PushSubscription
from skintrack.push.vapid import site_key

FIELDS = ["push_morning", "morning_reminder_time", "push_evening", "evening_reminder_time"]


@login_required
@require_POST
def reminder_settings(request):
    form = ReminderTimesForm(request.POST, instance=request.user)
    if not form.is_valid():
        request.user.refresh_from_db(fields=FIELDS)
        context = {"form": SettingsForm(instance=request.user), "push_form": form}
        return render(request, "accounts/settings.html", context, status=400)
    person = form.save(commit=False)
    fields = list(FIELDS)
    for kind, (_, _, last) in sending.FIELDS.items():
        if sending.skip_today_if_past(person, kind):
            fields.append(last)
    person.save(update_fields=fields)
    messages.success(request, "Reminder settings saved.")
    return redirect(reverse("accounts:settings") + "#notifications")


@login_required
@require_GET
def public_key(request):
    """The site's VAPID public key, for pushManager.subscribe(applicationServerKey)."""
    return JsonResponse({"key": site_key().public_key})


@login_required
@require_POST
def subscribe(request):
    """Keep this browser's subscription (sent by static/js/app.js). The same browser
    subscribing again, or for someone else who logged in on it, updates its row."""
    form = SubscriptionForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": "That is not a push subscription we can use."}, status=400)
    data = form.cleaned_data
    values = {
        "owner": request.user,
        "p256dh": data["p256dh"],
        "auth": data["auth"],
        "user_agent": request.headers.get("User-Agent", "")[:200],
    }
    try:
        with transaction.atomic():
            PushSubscription.objects.update_or_create(endpoint=data["endpoint"], defaults=values)
    except IntegrityError:  # the same browser sent it twice at once: the other one saved it
        PushSubscription.objects.filter(endpoint=data["endpoint"]).update(**values)
    count = PushSubscription.objects.filter(owner=request.user).count()
    return JsonResponse({"devices": count})


@login_required
@require_POST
def unsubscribe(request):
    endpoint = request.POST.get("endpoint", "")
    PushSubscription.objects.filter(owner=request.user, endpoint=endpoint).delete()
    count = PushSubscription.objects.filter(owner=request.user).count()
    return JsonResponse({"devices": count})
