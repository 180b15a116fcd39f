"""Imports that cannot sink the site: hard limits, checked while the file is read, refuse a
file that describes far more than an account holds, quickly and with a clear message."""

import io
import json
import zipfile

import pytest

from skintrack.portability import importer
from tests import factories
from tests.portability.helpers import import_result, jpeg, post_import, table_counts, zip_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_newcomer(client):
    client.force_login(factories.make_user("nina"))
    return client


def refused(client, content: bytes, name: str) -> str:
    """The upload is taken, the worker refuses it (at once in tests), and the progress page
    says why; nothing changed."""
    before = table_counts()
    response = post_import(client, content, name)
    assert response.status_code == 302
    assert table_counts() == before
    return import_result(client)


def deflated(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_million_records_are_refused_with_nothing_changed(client_newcomer, settings):
    # No timing here (the machine may be busy): the refusal and its message are the point.
    # The 4 MB upload stays on the disk, not in the S3 leg's local Python server.
    local = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    settings.STORAGES = {**settings.STORAGES, "default": local}
    records = 1_000_000
    note = b'{"day":"2026-01-01","notes":"x"}'
    document = b'{"format":"skintrack-export","day_notes":[' + b",".join([note] * records) + b"]}"
    content = deflated({"export.json": document})
    text = refused(client_newcomer, content, "export.zip")
    assert "The file holds more than 200,000 records" in text
    assert "Nothing in your account changed" in text


def test_a_file_within_the_record_limit_is_read(monkeypatch):
    monkeypatch.setattr(importer, "MAX_RECORDS", 3)
    assert importer.parse_json(b'{"a": [{}, {}]}') == {"a": [{}, {}]}  # 3 objects
    with pytest.raises(importer.ImportRefused, match="more than 3 records"):
        importer.parse_json(b'{"a": [{}, {}, {}]}')


def test_a_deeply_nested_file_is_refused(client_newcomer):
    depth = importer.MAX_DEPTH + 1
    document = b'{"products": ' + b"[" * (depth - 1) + b"]" * (depth - 1) + b"}"
    text = refused(client_newcomer, document, "export.json")
    assert f"nests lists and objects more than {importer.MAX_DEPTH} deep" in text


def test_nesting_too_deep_for_the_parser_itself_is_refused_the_same_way(client_newcomer):
    document = b"[" * 100_000 + b"]" * 100_000
    assert "nests lists and objects more than" in refused(client_newcomer, document, "a.json")


def test_an_export_nests_within_the_limit(client_owner, owner_objects):
    from tests.portability.helpers import export_json

    assert not importer.too_deep(export_json(client_owner))


def test_a_zip_with_too_many_photos_is_refused(client_newcomer, monkeypatch):
    monkeypatch.setattr(importer, "MAX_PHOTOS", 3)
    entries = {"export.json": json.dumps({"format": "skintrack-export"}).encode()}
    entries |= {f"photos/{n}.jpg": jpeg() for n in range(4)}
    text = refused(client_newcomer, zip_bytes(entries), "export.zip")
    assert "The ZIP holds 4 photos; one import takes 3 at most" in text


def test_a_zip_that_unpacks_too_large_is_refused_before_it_is_unpacked(
    client_newcomer, monkeypatch
):
    monkeypatch.setattr(importer, "MAX_UNZIPPED", 1024 * 1024)
    entries = {"export.json": b"{}", "photos/big.jpg": b"\0" * (2 * 1024 * 1024)}
    text = refused(client_newcomer, deflated(entries), "export.zip")
    assert "The ZIP unpacks to 2 MB; one import takes 1 MB at most" in text
