"""Push reminders: who is due, the claim, and the task that sends.

The same shape as the morning email (reports.digest): every worker's housekeeping calls
``enqueue_due_pushes`` once a minute. A person is due for a kind (morning, evening) once
their local time is at or past its time in Settings and its last-sent date is before their
local today; each is claimed with a filtered ``update()`` before one ``send_push`` task is
enqueued, so many workers never notify twice. The task decides whether there is anything
to say (no retinoid last night: no sunscreen reminder; every evening step done: silence),
then posts the encrypted message to each of the person's browsers with pywebpush. A
browser that says the subscription is gone (404, 410) has it deleted.
"""

from __future__ import annotations

import datetime as dt
import logging
from email.utils import parseaddr

from django.conf import settings
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from pywebpush import WebPushException, webpush

from skintrack.accounts.models import User
from skintrack.guidance import rules
from skintrack.guidance import selectors as guidance_selectors
from skintrack.journal.selectors import checklists_from
from skintrack.push import payloads
from skintrack.push.models import PushSubscription
from skintrack.push.vapid import site_key
from skintrack.reports.digest import site_url
from skintrack.routines.models import Period

logger = logging.getLogger(__name__)

LOOKBACK_DAYS = 35  # the rules look back up to 30 days
TTL_SECONDS = 4 * 60 * 60  # a reminder hours late is no use: the push service drops it
FIELDS = {
    payloads.MORNING: ("push_morning", "morning_reminder_time", "push_morning_last_sent_on"),
    payloads.EVENING: ("push_evening", "evening_reminder_time", "push_evening_last_sent_on"),
}


def due_people(kind: str, now: dt.datetime):
    """The cheap cut in the database: opted in, with a browser, not sent for any date that
    `now` can be somewhere (a zone is at most a day ahead of UTC)."""
    enabled, _, last = FIELDS[kind]
    utc_today = now.astimezone(dt.UTC).date()
    return (
        User.objects.filter(**{enabled: True, "is_active": True})
        .filter(push_subscriptions__isnull=False)
        .filter(Q(**{f"{last}__isnull": True}) | Q(**{f"{last}__lte": utc_today}))
        .distinct()
        .order_by("pk")
    )


def claim(user, kind: str, local_today: dt.date) -> bool:
    enabled, _, last = FIELDS[kind]
    return (
        User.objects.filter(pk=user.pk, **{enabled: True})
        .filter(Q(**{f"{last}__isnull": True}) | Q(**{f"{last}__lt": local_today}))
        .update(**{last: local_today})
        == 1
    )


def skip_today_if_past(user, kind: str) -> bool:
    """Turning a reminder on after today's time sends nothing at once: the first comes
    tomorrow. True when it changed the record (the caller saves)."""
    enabled, at, last = FIELDS[kind]
    local = user.local_now()
    if not getattr(user, enabled) or local.time() < getattr(user, at):
        return False
    sent = getattr(user, last)
    if sent is not None and sent >= local.date():
        return False
    setattr(user, last, local.date())
    return True


def enqueue_due_pushes(now: dt.datetime | None = None) -> int:
    """One pass: claim and enqueue every push reminder due at `now`. Returns how many."""
    now = now or timezone.now()
    enqueued = 0
    for kind in payloads.KINDS:
        _, at, last = FIELDS[kind]
        for user in due_people(kind, now):
            local = now.astimezone(user.zone)
            today = local.date()
            sent = getattr(user, last)
            if local.time() < getattr(user, at) or (sent is not None and sent >= today):
                continue
            if claim(user, kind, today):
                send_push.enqueue(user.pk, kind, today.isoformat())
                enqueued += 1
    return enqueued


def payload_for(user, kind: str, today: dt.date) -> dict | None:
    """The notification for `kind` on the person's `today`, or None when there is nothing
    to remind them of."""
    guidance = guidance_selectors.load(
        user, today - dt.timedelta(days=LOOKBACK_DAYS), today, today=today
    )
    today_url = site_url().rstrip("/") + reverse("journal:today")
    findings = rules.dashboard(guidance.log, today, guidance.thresholds, guidance.morning_over)
    keys = {f.key for f in findings}
    if kind == payloads.MORNING:
        if f"RET-2:due:{today.isoformat()}" not in keys:
            return None
        return payloads.sunscreen_morning(today, today_url)
    evening = checklists_from(guidance, today, today)[Period.EVENING]
    left = len(evening.items) - evening.done_count
    if left <= 0:
        return None
    exfoliation = f"EXF-1:due:{today.isoformat()}" in keys
    return payloads.evening_routine(today, left, exfoliation, today_url)


def vapid_claims() -> dict:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "noreply@localhost"
    return {"sub": f"mailto:{address}"}


def deliver(user, payload: dict) -> int:
    """Send `payload` to each of the person's browsers. Returns how many accepted it;
    raises when none did and at least one failed for a reason other than being gone."""
    key = site_key()
    data = payloads.encode(payload)
    sent, failures = 0, []
    for subscription in PushSubscription.objects.filter(owner=user):
        try:
            webpush(
                subscription.info(),
                data=data,
                vapid_private_key=key.private_key,
                vapid_claims=vapid_claims(),
                ttl=TTL_SECONDS,
                timeout=10,
                headers={"Urgency": "normal", "Topic": payload["tag"][:32]},
            )
        except WebPushException as error:
            status = getattr(error.response, "status_code", None)
            if status in (404, 410):
                subscription.delete()  # the browser unsubscribed or the person reset it
                continue
            failures.append(error)
            logger.warning("Push to subscription %s failed: %s", subscription.pk, status)
            continue
        PushSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=timezone.now())
        sent += 1
    if failures and not sent:
        raise failures[0]
    return sent


@task(takes_context=True)
def send_push(context, user_id: int, kind: str, day: str) -> int:
    """Send the reminder claimed for `day`. A second attempt (its first worker was lost)
    sends nothing: a lost worker can cost one reminder, never ring twice."""
    if context.attempt > 1:
        return 0
    enabled, _, last = FIELDS[kind]
    today = dt.date.fromisoformat(day)
    user = User.objects.filter(pk=user_id, is_active=True, **{enabled: True, last: today}).first()
    if user is None:
        return 0  # turned off since the claim
    payload = payload_for(user, kind, today)
    if payload is None:
        return 0
    return deliver(user, payload)
