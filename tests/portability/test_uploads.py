"""The upload handler refuses a file over its view's limit before reading it all."""

import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadhandler import StopUpload
from django.urls import reverse

from skintrack.portability.uploads import MB, SizeLimitUploadHandler, limit_for
from skintrack.portability.views import import_data


def handler_for(limit_view=None, content_length=0) -> SizeLimitUploadHandler:
    match = SimpleNamespace(func=limit_view) if limit_view else None
    request = SimpleNamespace(resolver_match=match)
    handler = SizeLimitUploadHandler(request)
    handler.handle_raw_input(io.BytesIO(), {}, content_length, b"boundary")
    return handler


def test_a_declared_length_over_the_limit_is_refused_at_the_first_byte():
    handler = handler_for(content_length=11 * MB)
    with pytest.raises(StopUpload) as stop:
        handler.new_file("image", "big.jpg", "image/jpeg", None)
    assert not stop.value.connection_reset  # drained, so the person sees the message
    assert "larger than 10 MB" in handler.request.upload_refused


def test_without_a_length_the_running_count_refuses_it():
    handler = handler_for(content_length=1000)  # a client can lie about the length
    handler.new_file("image", "big.jpg", "image/jpeg", None)
    chunk = b"x" * (64 * 1024)
    start = 0
    passed = 0
    with pytest.raises(StopUpload):
        while True:
            assert handler.receive_data_chunk(chunk, start) is chunk
            passed += len(chunk)
            start += len(chunk)
    assert passed == 10 * MB  # every byte up to the limit, none beyond
    assert handler.request.upload_refused


def test_a_small_file_passes_through():
    handler = handler_for(content_length=2000)
    handler.new_file("image", "small.jpg", "image/jpeg", 1500)
    assert handler.receive_data_chunk(b"abc", 0) == b"abc"
    assert handler.file_complete(3) is None  # the next handler keeps the file
    assert not hasattr(handler.request, "upload_refused")


def test_the_import_view_takes_50_mb():
    assert limit_for(SimpleNamespace(resolver_match=SimpleNamespace(func=import_data))) == 50 * MB
    assert limit_for(SimpleNamespace(resolver_match=None)) == 10 * MB
    handler = handler_for(import_data, content_length=40 * MB)
    handler.new_file("file", "export.zip", "application/zip", None)  # not refused


@pytest.mark.django_db
def test_a_refused_upload_still_passes_the_csrf_check(client, owner):
    """The token comes before the file, so the person gets the message, not a CSRF error."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    page = browser.get(reverse("portability:import"))
    token = page.cookies["csrftoken"].value
    big = io.BytesIO(b"x" * (50 * MB + 1))
    big.name = "export.json"
    response = browser.post(
        reverse("portability:import"), {"csrfmiddlewaretoken": token, "file": big}
    )
    assert response.status_code == 400
    assert "larger than 50 MB" in response.content.decode()
