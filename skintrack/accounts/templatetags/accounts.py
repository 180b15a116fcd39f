from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def session_days() -> int:
    """How many days a session lasts without a visit (SESSION_IDLE_DAYS)."""
    return settings.SESSION_COOKIE_AGE // (24 * 3600)
