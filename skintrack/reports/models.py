"""Links that let a clinician read a person's visit report without an account."""

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.utils import timezone

DEFAULT_DAYS = 7
MAX_DAYS = 30
CODE_DIGITS = 6


def new_share_token() -> str:
    return secrets.token_urlsafe(32)  # 256 random bits


def new_share_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


class ShareLinkQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)

    def valid(self, now: dt.datetime | None = None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ShareLink(models.Model):
    """A read-only link to one visit report (a date range), until it expires or is revoked.

    The token in the URL is the key, as with the calendar feed. An optional six-digit code,
    stored hashed, must be typed as well; wrong codes are rate-limited (see reports.share).
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_links"
    )
    token = models.CharField(max_length=64, unique=True, default=new_share_token)
    start = models.DateField("report from")
    end = models.DateField("report to")
    code_hash = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lte=models.F("end")), name="share_range"
            )
        ]

    def __str__(self) -> str:
        return f"Report link of {self.owner} until {self.expires_at:%Y-%m-%d}"

    @property
    def needs_code(self) -> bool:
        return bool(self.code_hash)

    def set_code(self, code: str) -> None:
        self.code_hash = make_password(code)

    def code_matches(self, code: str) -> bool:
        return bool(self.code_hash) and check_password(code, self.code_hash)

    def is_valid(self, now: dt.datetime | None = None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


class ShareOpening(models.Model):
    """One time a share link's report was opened (after its code, when it has one)."""

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="openings")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"Opened {self.opened_at:%Y-%m-%d %H:%M}"
