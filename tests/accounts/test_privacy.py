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


JOURNAL_MODELS = [
    "journal/application",
    "journal/daynote",
    "journal/miliaobservation",
    "journal/dermatologistvisit",
    "journal/observationphoto",
    "guidance/dismissedfinding",
]


@pytest.fixture
def client_superuser():
    client = Client()
    client.force_login(factories.make_user("root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", JOURNAL_MODELS)
def test_not_even_a_superuser_can_browse_a_persons_journal(client_superuser, owner_objects, model):
    assert client_superuser.get(f"/admin/{model}/").status_code == 404
    assert client_superuser.get(f"/admin/{model}/1/change/").status_code == 404


def test_the_admin_index_lists_no_journal(client_superuser):
    page = client_superuser.get("/admin/").content.decode()
    for name in ("Day notes", "Milia observations", "Applications", "Dermatologist visits"):
        assert name not in page


def test_staff_see_how_many_entries_a_person_has_and_not_what_they_say(
    client_superuser, owner, owner_objects
):
    owner.day_notes.update(notes="a very private sentence")
    page = client_superuser.get(f"/admin/accounts/user/{owner.pk}/change/").content.decode()
    assert f"{owner.day_notes.count()} day notes" in page
    assert f"{owner.observations.count()} milia observations" in page
    assert "a very private sentence" not in page


def test_the_privacy_note_says_what_staff_can_and_cannot_see(client, client_owner):
    for page in (client.get(reverse("accounts:signup")), client_owner.get("/accounts/settings/")):
        text = page.content.decode()
        assert "Nobody but you can read your journal" in text
        assert "how many journal entries of each kind you have" in text
        assert "products and routines you set up" in text


def test_a_command_makes_a_content_editor(owner):
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("add_content_editor", "olivia")
    owner.refresh_from_db()
    assert owner.is_staff and not owner.is_superuser
    assert owner.groups.filter(name="Content editors").exists()
    client = Client()
    client.force_login(owner)
    assert client.get("/admin/learn/learnpage/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 403
    assert Group.objects.get(name="Content editors").user_set.count() == 1


def test_the_content_editor_command_names_a_missing_person(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="No one is called “nobody”"):
        call_command("add_content_editor", "nobody")
