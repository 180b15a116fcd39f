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


def mark_session_renewed(sender, request, user, **kwargs):
    """On log-in (user_logged_in): the session is new, no renewal due today."""
    request.session[SESSION_RENEWED_ON] = timezone.now().date().isoformat()


class SlidingSessionMiddleware:
    """Sessions slide: the first request of a day saves the session again, which moves its
    expiry (SESSION_COOKIE_AGE, the SESSION_IDLE_DAYS setting) to a full period from now. A
    person who opens skintrack at least that often stays logged in. Once a day, not on every
    request, so pages keep their query counts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            today = timezone.now().date().isoformat()
            if request.session.get(SESSION_RENEWED_ON) != today:
                request.session[SESSION_RENEWED_ON] = today
        return self.get_response(request)
