"""Deleting an account: offered after an export, confirmed by password, and complete."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from skintrack.journal.models import ObservationPhoto
from skintrack.routines.models import RoutineStep
from tests import factories
from tests.portability.helpers import make_history, table_counts
from tests.storage import exists, storage, stored_files

pytestmark = pytest.mark.django_db


def rows_of(user_pk: int) -> dict[str, int]:
    """Rows in any table that point at the person through a foreign key to the user."""
    user_model = get_user_model()
    counts = {}
    for model in apps.get_models():
        for field in model._meta.fields:
            if field.is_relation and field.related_model is user_model:
                counts[f"{model._meta.label}.{field.name}"] = model._base_manager.filter(
                    **{field.name: user_pk}
                ).count()
    counts["routines.RoutineStep (via routine)"] = RoutineStep.objects.filter(
        routine__owner=user_pk
    ).count()
    counts["accounts.User"] = user_model.objects.filter(pk=user_pk).count()
    return counts


def test_the_page_offers_the_export_first(client_owner):
    page = client_owner.get(reverse("portability:delete")).content.decode()
    assert page.index(reverse("portability:export_zip")) < page.index('type="password"')


def test_a_wrong_password_deletes_nothing(client_owner, owner, owner_objects, media_root):
    before = table_counts()
    response = client_owner.post(reverse("portability:delete"), {"password": "nope"})
    assert response.status_code == 400
    assert "That isn't your password" in response.content.decode().replace("&#x27;", "'")
    assert table_counts() == before
    assert exists(owner_objects.photo.image)
    assert client_owner.get(reverse("journal:today")).status_code == 200  # still logged in


def test_no_password_deletes_nothing(client_owner, owner_objects):
    before = table_counts()
    assert client_owner.post(reverse("portability:delete"), {}).status_code == 400
    assert table_counts() == before


def test_the_right_password_removes_every_row_and_file_and_logs_out(
    client_owner, owner, outsider, media_root, django_capture_on_commit_callbacks
):
    make_history(owner, photo_count=3)
    theirs = factories.make_owner_objects(outsider)
    owner_pk = owner.pk
    folder = f"photos/{owner_pk}"
    assert ObservationPhoto.objects.filter(owner=owner).count() == 3
    assert stored_files(folder)
    storage().save(f"{folder}/orphan.jpg", ContentFile(b"left behind by an older version"))
    outsider_rows = rows_of(outsider.pk)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_owner.post(
            reverse("portability:delete"), {"password": factories.PASSWORD}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("journal:home")
    assert not any(rows_of(owner_pk).values()), rows_of(owner_pk)
    assert stored_files(folder) == []
    # someone else's things are untouched
    assert rows_of(outsider.pk) == outsider_rows
    assert exists(theirs.photo.image)
    # logged out, with a goodbye on the home page
    home = client_owner.get(reverse("journal:home"))
    assert "Your account and everything in it are deleted" in home.content.decode()
    today = client_owner.get(reverse("journal:today"))
    assert today.status_code == 302 and "/accounts/login/" in today["Location"]
