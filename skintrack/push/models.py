from django.db import models
from django.utils import timezone

from skintrack.accounts.models import User


class VapidKey(models.Model):
    """The site's one VAPID key pair (RFC 8292), made the first time it is needed and kept:
    browsers tie each subscription to the public key, so a new pair would silence them all.
    Stored in the database so that every app server and worker signs with the same key."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    private_key = models.CharField(max_length=64, help_text="Raw P-256 key, base64url.")
    public_key = models.CharField(
        max_length=100, help_text="Uncompressed P-256 point, base64url: the browsers' key."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "VAPID key"

    def __str__(self) -> str:
        return f"VAPID key of {self.created_at:%Y-%m-%d}"


class PushSubscription(models.Model):
    """One browser (phone, computer) that agreed to show this person's notifications."""

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    user_agent = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return f"push subscription {self.pk}"

    def info(self) -> dict:
        """The subscription as pywebpush takes it (the browser's PushSubscription JSON)."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
