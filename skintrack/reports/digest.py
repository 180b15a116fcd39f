"""The morning email digest: who is due, the claim, and the email itself.

``enqueue_due_digests(now)`` is one pass of the scheduler: every worker runs it once a minute
(ops/management/commands/db_worker.py), ``send_reminders`` runs it once (cron) or every
minute (``--loop``); tests call it directly. A person is due once their local time is at
or past their ``digest_time`` and their ``digest_last_sent_on`` is before their local
today. Each one is claimed with a filtered ``update()``, then one ``send_digest`` task is
enqueued for them, so schedulers racing on many machines never send the same digest twice.
The task builds and sends the email on a worker; if sending fails it gives the claim back,
so the next pass tries again, and the failure is in the task results for staff to see.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from skintrack.accounts.models import User
from skintrack.guidance import rules
from skintrack.guidance import selectors as guidance_selectors
from skintrack.journal.selectors import Checklist, checklists_from
from skintrack.routines.models import Period

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "skintrack.reports.unsubscribe"
LOOKBACK_DAYS = 35  # the rules look back up to 30 days behind today
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    """Where links in emails point: settings.SITE_URL when set (production must set it)."""
    return getattr(settings, "SITE_URL", "") or DEFAULT_SITE_URL


def unsubscribe_token(user) -> str:
    return signing.dumps({"digest": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def person_for_unsubscribe(token: str) -> User | None:
    """The person a signed unsubscribe token names, or None for a bad token."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("digest"), int):
        return None
    return User.objects.filter(pk=data["digest"]).first()


def unsubscribe_url(user) -> str:
    path = reverse("reports:unsubscribe", kwargs={"signed_token": unsubscribe_token(user)})
    return site_url().rstrip("/") + path


@dataclass
class Digest:
    today: dt.date
    morning: Checklist
    evening: Checklist
    due_now: list[rules.Finding]
    urgent: list[rules.Finding]

    @property
    def has_steps(self) -> bool:
        return bool(self.morning.items or self.evening.items)


def build_digest(user, today: dt.date) -> Digest:
    guidance = guidance_selectors.load(
        user, today - dt.timedelta(days=LOOKBACK_DAYS), today, today=today
    )
    lists = checklists_from(guidance, today, today)
    findings = rules.dashboard(guidance.log, today, guidance.thresholds, guidance.morning_over)
    return Digest(
        today=today,
        morning=lists[Period.MORNING],
        evening=lists[Period.EVENING],
        due_now=[f for f in findings if f.severity == rules.Severity.INFO],
        urgent=[f for f in findings if f.severity == rules.Severity.URGENT or f.styled_urgent],
    )


def digest_email(user, today: dt.date) -> EmailMultiAlternatives:
    base = site_url().rstrip("/")
    context = {
        "user": user,
        "digest": build_digest(user, today),
        "today_url": base + reverse("journal:today"),
        "settings_url": base + reverse("accounts:settings") + "#reminders",
        "unsubscribe_url": unsubscribe_url(user),
    }
    subject = " ".join(render_to_string("emails/digest_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/digest_body.txt", context),
        to=[user.email],
        headers={
            # One-click unsubscribe (RFC 8058): mail apps POST to the URL.
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("emails/digest_body.html", context), "text/html")
    return message


def due_people(now: dt.datetime):
    """A cheap first cut in the database: opted in, with an address, and not already sent
    for any local date that `now` can be somewhere (a zone is at most a day ahead of UTC)."""
    utc_today = now.astimezone(dt.UTC).date()
    return (
        User.objects.filter(digest_enabled=True, is_active=True)
        .exclude(email="")
        .filter(Q(digest_last_sent_on__isnull=True) | Q(digest_last_sent_on__lte=utc_today))
        .order_by("pk")
    )


def claim(user, local_today: dt.date) -> bool:
    """Mark today's digest as sent; True for the one caller whose update changed the row."""
    return (
        User.objects.filter(pk=user.pk, digest_enabled=True)
        .filter(Q(digest_last_sent_on__isnull=True) | Q(digest_last_sent_on__lt=local_today))
        .update(digest_last_sent_on=local_today)
        == 1
    )


def enqueue_due_digests(now: dt.datetime | None = None) -> int:
    """One pass: claim and enqueue every digest that is due at `now`. Returns how many."""
    now = now or timezone.now()
    enqueued = 0
    for user in due_people(now):
        local = now.astimezone(user.zone)
        today = local.date()
        if local.time() < user.digest_time:
            continue
        if user.digest_last_sent_on is not None and user.digest_last_sent_on >= today:
            continue
        previous = user.digest_last_sent_on
        if not claim(user, today):
            continue  # another scheduler got there first, or the person just opted out
        send_digest.enqueue(user.pk, today.isoformat(), previous.isoformat() if previous else None)
        enqueued += 1
    return enqueued


@task(takes_context=True)
def send_digest(context, user_id: int, day: str, previous: str | None = None) -> bool:
    """Send the digest claimed for `day`; False when it is no longer wanted. A failed send
    gives the claim back (to `previous`) and fails the task, so the next pass tries again.

    A second attempt means the worker of the first was lost mid-task (ops.housekeeping), so
    the email may have gone out already: it is not sent again. At most one a day: a lost
    worker can cost a person that morning's email, never give them two."""
    if context.attempt > 1:
        logger.warning(
            "Digest for person %s on %s not retried: its first worker was lost mid-send",
            user_id,
            day,
        )
        return False
    today = dt.date.fromisoformat(day)
    user = (
        User.objects.filter(
            pk=user_id, digest_enabled=True, is_active=True, digest_last_sent_on=today
        )
        .exclude(email="")
        .first()
    )
    if user is None:
        return False  # opted out, address removed, or the claim was given back since
    try:
        digest_email(user, today).send()
    except Exception:
        User.objects.filter(pk=user.pk, digest_last_sent_on=today).update(
            digest_last_sent_on=dt.date.fromisoformat(previous) if previous else None
        )
        logger.exception("Could not send the digest to person %s", user.pk)
        raise
    return True
