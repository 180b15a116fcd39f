"""Privacy that matches the promise: pages not cached, sessions gone with the account, the
journal out of the admin."""

import pytest
from django.test import Client
from django.urls import reverse

from skintrack.accounts.models import PersonSession
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["journal:today", "accounts:settings", "journal:observations", "shelf:list"]
)
def test_signed_in_pages_are_neither_stored_nor_shared(client_owner, name):
    response = client_owner.get(reverse(name))
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_public_pages_are_left_cacheable(client):
    response = client.get(reverse("learn:index"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_calendar_feed_keeps_its_own_cache_rule(client_owner, owner):
    response = client_owner.get(reverse("reports:feed", args=[owner.calendar_token]))
    assert response["Cache-Control"] == "private, max-age=900"


def test_deleting_the_account_signs_out_every_device(owner):
    phone, laptop = Client(), Client()
    for device in (phone, laptop):
        assert (
            device.post(
                reverse("accounts:login"), {"username": "olivia", "password": factories.PASSWORD}
            ).status_code
            == 302
        )
    assert PersonSession.objects.filter(user=owner).count() == 2
    response = laptop.post(reverse("portability:delete"), {"password": factories.PASSWORD})
    assert response.status_code == 302
    assert not PersonSession.objects.filter(user_id=owner.pk).exists()
    assert phone.get(reverse("journal:today")).status_code == 302  # to the log-in page
