"""The import and the full ZIP export as background tasks: the request stores and answers
at once, a worker does the work (at once in tests), a page shows how it goes."""

import datetime as dt
import html
import json
from unittest import mock

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from skintrack.journal import photos
from skintrack.journal.models import ObservationPhoto
from skintrack.portability import tasks
from skintrack.portability.models import ExportArchive, ImportJob, JobStatus
from skintrack.shelf.models import Product
from tests import factories
from tests.portability.helpers import export_json, make_history, post_import

pytestmark = pytest.mark.django_db

PROGRESS = reverse("portability:import_progress")


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def document(client_owner, owner):
    make_history(owner)
    return json.dumps(export_json(client_owner)).encode()


@pytest.fixture
def client_newcomer(client, db):
    newcomer = factories.make_user("nina")
    client.force_login(newcomer)
    client.person = newcomer
    return client


def test_an_import_answers_at_once_and_its_page_shows_what_was_read_and_written(
    document, client_newcomer
):
    response = post_import(client_newcomer, document)
    assert response.status_code == 302 and response["Location"] == PROGRESS
    page = text(client_newcomer.get(PROGRESS))
    job = ImportJob.objects.get(owner=client_newcomer.person)
    assert job.status == JobStatus.DONE
    assert job.records_total == job.records_read > 50
    products = Product.objects.filter(owner=client_newcomer.person).count()
    assert job.records_written >= products > 0
    assert f"<dd>{job.records_total}</dd>" in page
    assert f"<dd>{job.records_written}</dd>" in page
    assert "Imported " in page and 'value="100"' in page
    assert "hx-trigger" not in page  # finished: the page stops polling


def test_the_upload_is_deleted_once_read(document, client_newcomer):
    post_import(client_newcomer, document)
    job = ImportJob.objects.get(owner=client_newcomer.person)
    assert job.file.name == ""
    storage = ImportJob._meta.get_field("file").storage
    folders, files = storage.listdir(f"imports/{client_newcomer.person.pk}")
    assert files == []


def test_a_running_import_is_polled_and_a_second_one_waits(client_owner, owner):
    ImportJob.objects.create(
        owner=owner,
        file_name="big.zip",
        status=JobStatus.READING,
        records_total=200,
        records_read=50,
    )
    page = text(client_owner.get(PROGRESS))
    assert f'hx-get="{PROGRESS}"' in page and 'hx-trigger="every 1s"' in page
    assert 'value="20"' in page  # 50 of 200 read: a fifth of the reading part
    assert f'href="{PROGRESS}"' in page  # without JavaScript: a link to look again
    partial = client_owner.get(PROGRESS, headers={"HX-Request": "true"})
    assert text(partial).lstrip().startswith('<div id="import-progress"')
    response = post_import(client_owner, b"{}")
    assert response.status_code == 400
    assert "An import is still running" in text(response)
    assert ImportJob.objects.count() == 1


def test_the_progress_page_without_an_import_offers_the_form(client_owner):
    response = client_owner.get(PROGRESS)
    assert response.status_code == 302 and response["Location"] == reverse("portability:import")


def test_the_progress_page_runs_a_fixed_number_of_queries(
    client_owner, owner, django_assert_num_queries
):
    ImportJob.objects.create(owner=owner, status=JobStatus.READING, records_total=9)
    with django_assert_num_queries(3):  # session, person, their latest import
        client_owner.get(PROGRESS, headers={"HX-Request": "true"})


def test_an_import_that_breaks_says_so_and_its_task_fails_in_the_log(
    document, client_newcomer, caplog
):
    with mock.patch.object(tasks.importer.Writer, "write", side_effect=RuntimeError("bug")):
        post_import(client_newcomer, document)
    page = text(client_newcomer.get(PROGRESS))
    assert "Something went wrong on our side" in page
    assert not Product.objects.filter(owner=client_newcomer.person).exists()
    assert "path=skintrack.portability.tasks.run_import state=FAILED" in caplog.text


def test_someone_elses_import_is_never_shown(client_outsider, owner):
    ImportJob.objects.create(owner=owner, file_name="olivia-private.json", status=JobStatus.DONE)
    response = client_outsider.get(PROGRESS)
    assert response.status_code == 302


# --- the full ZIP export -------------------------------------------------------------------------


def test_the_full_zip_is_prepared_then_offered_with_a_link_that_expires(client_owner, owner):
    make_history(owner)
    response = client_owner.post(reverse("portability:export_zip"))
    assert response["Location"] == reverse("portability:export") + "#everything"
    archive = ExportArchive.objects.get(owner=owner)
    assert archive.status == JobStatus.DONE and archive.size > 0
    page = text(client_owner.get(reverse("portability:export")))
    assert f'href="{reverse("portability:export_download")}"' in page
    assert "The link works until" in page
    assert client_owner.get(reverse("portability:export_download")).status_code == 200

    later = timezone.now() + dt.timedelta(hours=25)
    with time_machine.travel(later):
        expired = client_owner.get(reverse("portability:export_download"))
        assert expired.status_code == 302
        assert "expired" in text(client_owner.get(expired["Location"]))
        storage = ExportArchive._meta.get_field("file").storage
        name = archive.file.name
        assert storage.exists(name)
        assert tasks.delete_expired_exports() == 1
        assert not storage.exists(name)


def test_a_new_zip_replaces_the_last_one(client_owner, owner):
    client_owner.post(reverse("portability:export_zip"))
    first = ExportArchive.objects.get(owner=owner)
    client_owner.post(reverse("portability:export_zip"))
    (second,) = ExportArchive.objects.filter(owner=owner)
    assert second.pk != first.pk
    assert not first.file.storage.exists(first.file.name)


def test_a_zip_being_prepared_is_polled(client_owner, owner):
    ExportArchive.objects.create(owner=owner, status=JobStatus.QUEUED)
    page = text(client_owner.get(reverse("portability:export")))
    assert "Preparing your full ZIP" in page and 'hx-trigger="every 2s"' in page
    client_owner.post(reverse("portability:export_zip"))  # no second one while it runs
    assert ExportArchive.objects.filter(owner=owner).count() == 1


def test_the_download_is_the_owners_only(client_owner, client_outsider, owner):
    client_owner.post(reverse("portability:export_zip"))
    response = client_outsider.get(reverse("portability:export_download"))
    assert response.status_code == 302  # the outsider has no export of their own


def test_photos_in_the_zip_come_through_the_storage(client_owner, owner):
    make_history(owner)
    client_owner.post(reverse("portability:export_zip"))
    response = client_owner.get(reverse("portability:export_download"))
    content = b"".join(response.streaming_content)
    assert content.startswith(b"PK")
    assert ObservationPhoto.objects.filter(owner=owner).count() == 2


def test_an_import_abandoned_long_after_every_retry_is_marked_failed(client_owner, owner, settings):
    settings.TASK_STALLED_AFTER, settings.TASK_MAX_ATTEMPTS = 60, 3
    stuck = ImportJob.objects.create(owner=owner, status=JobStatus.READING)
    recent = ImportJob.objects.create(owner=factories.make_user("rita"), status=JobStatus.QUEUED)
    ImportJob.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=5)
    )
    assert tasks.fail_abandoned_jobs() == 1
    page = text(client_owner.get(PROGRESS))
    assert "did not finish" in page and "hx-trigger" not in page
    assert ImportJob.objects.get(pk=recent.pk).status == JobStatus.QUEUED
    # ...and the person can start again
    assert post_import(client_owner, b"{}").status_code == 302


def test_the_export_page_runs_a_fixed_number_of_queries(
    client_owner, owner, django_assert_num_queries
):
    client_owner.post(reverse("portability:export_zip"))
    with django_assert_num_queries(3):  # session, person, their latest export
        client_owner.get(reverse("portability:export"), headers={"HX-Request": "true"})


def test_a_killed_import_leaves_no_orphan_photo_files(owner, settings):
    """A worker killed mid-write: the photo rows were rolled back, the files were not.
    Housekeeping, once it gives the import up, removes them (so does the import's next
    try); a photo that is in the journal, and a file too fresh to judge, stay."""
    settings.TASK_STALLED_AFTER, settings.TASK_MAX_ATTEMPTS = 60, 3
    storage = ObservationPhoto._meta.get_field("image").storage
    kept = factories.make_photo(factories.make_observation(owner))
    orphans = [
        storage.save(f"photos/{owner.pk}/{name}.jpg", ContentFile(b"jpeg"))
        for name in ("left-by-a-killed-import", "its-thumb")
    ]
    job = ImportJob.objects.create(owner=owner, status=JobStatus.READING)
    assert photos.delete_orphan_files(owner.pk) == []  # too fresh: maybe still writing
    later = timezone.now() + photos.ORPHAN_GRACE + dt.timedelta(minutes=1)
    assert tasks.fail_abandoned_jobs(now=later) == 1
    assert ImportJob.objects.get(pk=job.pk).status == JobStatus.FAILED
    assert not any(storage.exists(name) for name in orphans)
    assert storage.exists(kept.image.name) and storage.exists(kept.thumbnail.name)
