"""Deploy checks of our own (`manage.py check --deploy`)."""

import os

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.mail, deploy=True)
def email_host_set(app_configs, **kwargs):
    """Without EMAIL_HOST, emails are printed to the log: the site runs, but nobody gets a
    password reset link or a morning email. A warning, not an error: it may be on purpose
    (a private instance) and is no reason to refuse to start."""
    if settings.DEBUG or os.environ.get("EMAIL_HOST"):
        return []
    return [
        Warning(
            "EMAIL_HOST is not set: emails (password reset links, morning emails) are "
            "printed to the log instead of being sent.",
            hint="Set EMAIL_HOST (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD) to an SMTP relay.",
            id="skintrack.W001",
        )
    ]
