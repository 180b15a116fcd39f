import datetime as dt
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django_htmx.http import HttpResponseClientRedirect


class PersonTimezoneMiddleware:
    """Shows times in the signed-in person's own zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Pages shown to a signed-in person are theirs alone: no shared cache (a proxy) and no
    browser cache (the back button on a shared computer after logging out) may keep them.
    A response that set its own Cache-Control (the calendar feed) keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


class HtmxLoginRedirectMiddleware:
    """An htmx request that meets an expired session (login_required answers with a redirect
    to log in) must not swap the log-in page into a card: the whole page goes to log in, and
    after it back to the page the person was on (not to the URL of the tap itself)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        htmx = getattr(request, "htmx", None)
        if not htmx or response.status_code != 302:
            return response
        login_path = resolve_url(settings.LOGIN_URL)
        if urlsplit(response["Location"]).path != login_path:
            return response
        back_to = htmx.current_url_abs_path or resolve_url(settings.LOGIN_REDIRECT_URL)
        answer = HttpResponseClientRedirect(f"{login_path}?{urlencode({'next': back_to})}")
        answer.status_code = 401  # htmx follows HX-Redirect whatever the status
        return answer


SESSION_RENEWED_ON = "renewed_on"
# A session is saved again (its expiry moved) at most this often: a write, not on every visit.
RENEW_AFTER = dt.timedelta(days=7)


def mark_session_renewed(sender, request, user, **kwargs):
    """On log-in (user_logged_in): the session is new, no renewal due."""
    request.session[SESSION_RENEWED_ON] = timezone.now().date().isoformat()


def renewal_due(renewed_on: str | None, today: dt.date) -> bool:
    try:
        return today - dt.date.fromisoformat(renewed_on or "") >= RENEW_AFTER
    except ValueError:
        return True  # a session from before this was recorded


class SlidingSessionMiddleware:
    """Sessions slide: a visit a week or more after the session was last saved saves it again,
    which moves its expiry (SESSION_COOKIE_AGE, the SESSION_IDLE_DAYS setting) to a full
    period from now. Someone who opens skintrack at least every SESSION_IDLE_DAYS - 7 days
    (a month, by default) stays logged in. A week apart, not on every request, so pages keep
    their query counts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            today = timezone.now().date()
            if renewal_due(request.session.get(SESSION_RENEWED_ON), today):
                request.session[SESSION_RENEWED_ON] = today.isoformat()
        return self.get_response(request)
