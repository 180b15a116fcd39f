"""The site's VAPID key pair: made once, stored, then only read."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.db import IntegrityError, transaction

from skintrack.push.models import VapidKey


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_key_pair() -> tuple[str, str]:
    """(private, public), base64url: the raw 32-byte scalar and the uncompressed point."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(private), b64url(public)


def site_key() -> VapidKey:
    """The stored pair, made now if there is none. Two processes making it at once agree:
    the unique singleton column lets one insert win and the other reads it."""
    key = VapidKey.objects.first()
    if key is not None:
        return key
    private, public = new_key_pair()
    try:
        with transaction.atomic():
            return VapidKey.objects.create(private_key=private, public_key=public)
    except IntegrityError:
        return VapidKey.objects.get()
