"""Locks on the doors: who the client is, the lockout page, and the password-reset limit.

Log-in and the account-deletion password go through django-axes (settings.AXES_*): a
username+address pair that fails LOGIN_FAILURE_LIMIT times is locked for the cool-off. The
password reset sends no password to check, so it is limited here instead, by counting
requests per client address and per email address in the shared (database) cache.
"""

import datetime as dt
import hashlib

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone

RESET_WINDOW = dt.timedelta(hours=1)


def client_ip(request) -> str:
    """The client's address: the last X-Forwarded-For entry (the one our proxy saw and
    appended) when BEHIND_PROXY is on; otherwise the connection's address. Without a proxy
    the header is the client's own word and is ignored."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1][:45]
    return request.META.get("REMOTE_ADDR", "")


def lock_ends(request, credentials) -> dt.datetime | None:
    """When the lock on this username+address ends: the cool-off after the last failure."""
    username = get_client_username(request, credentials)
    last = (
        AccessAttempt.objects.filter(username=username, ip_address=client_ip(request))
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    cool_off = get_cool_off(request)
    if last is None or cool_off is None:
        return None
    return last + cool_off


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of a log-in (or the deletion form) while the lock holds."""
    ends = lock_ends(request, credentials)
    minutes = int(get_cool_off(request).total_seconds() // 60)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": minutes,
        "ends": timezone.localtime(ends) if ends else None,
    }
    response = render(request, "accounts/locked_out.html", context, status=429)
    if ends:
        wait = max(0, int((ends - timezone.now()).total_seconds()))
        response["Retry-After"] = str(wait)
    return response


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    window = int(timezone.now().timestamp() // RESET_WINDOW.total_seconds())
    return f"reset:{kind}:{digest}:{window}"


def count_reset_request(request, email: str) -> bool:
    """Count one password-reset request; False once this address or this email has asked
    PASSWORD_RESET_LIMIT times in the current hour. The same whether or not anyone has the
    email: the count is of what was typed, never of accounts."""
    limit = settings.PASSWORD_RESET_LIMIT
    keys = [_key("ip", client_ip(request)), _key("email", email.strip().lower())]
    allowed = True
    for key in keys:
        cache.add(key, 0, timeout=int(RESET_WINDOW.total_seconds()))
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: start again
            cache.set(key, 1, timeout=int(RESET_WINDOW.total_seconds()))
            count = 1
        allowed = allowed and count <= limit
    return allowed
