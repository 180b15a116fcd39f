from django.utils import timezone
from django.utils.cache import patch_cache_control


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
