import datetime as dt

from django import template
from django.conf import settings

from skintrack.accounts.middleware import RENEW_AFTER

register = template.Library()


@register.simple_tag
def session_days() -> int:
    """Visits at most this many days apart keep a person logged in: a session lasts
    SESSION_IDLE_DAYS after it was last renewed, and a visit renews it once a week at most."""
    return (dt.timedelta(seconds=settings.SESSION_COOKIE_AGE) - RENEW_AFTER).days
