"""Pages travel compressed: the demo's today page is at most 8 KB on the wire."""

import gzip

import pytest
from django.core.management import call_command
from django.test import Client

from skintrack.accounts.models import User


@pytest.mark.django_db
def test_the_demo_today_page_is_sent_gzipped_in_at_most_8_kb():
    call_command("seed_demo", verbosity=0)
    client = Client()
    client.force_login(User.objects.get(username="demo"))
    response = client.get("/today/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert len(response.content) <= 8 * 1024
    assert b"Morning" in gzip.decompress(response.content)


@pytest.mark.django_db
def test_a_client_that_cannot_unzip_gets_the_page_plain(client_owner):
    response = client_owner.get("/today/")
    assert "Content-Encoding" not in response
    assert b"Morning" in response.content
