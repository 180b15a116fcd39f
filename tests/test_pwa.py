"""The installable app as the server sends it: the manifest and its icons, the service
worker at the site root (named after the static files' version), the offline page."""

import json
import re
from types import SimpleNamespace

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from PIL import Image

from skintrack import pwa

pytestmark = pytest.mark.django_db


def static_path(url: str) -> str:
    return finders.find(url.removeprefix("/static/"))


def test_the_manifest_makes_the_app_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"].startswith("skintrack")
    assert manifest["short_name"] == "skintrack"
    assert manifest["start_url"] == "/today/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] and manifest["background_color"]
    sizes = {}
    for icon in manifest["icons"]:
        with Image.open(static_path(icon["src"])) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"], icon["src"]
            assert image.format == "PNG"
        sizes[icon.get("purpose", "any")] = sizes.get(icon.get("purpose", "any"), []) + [
            icon["sizes"]
        ]
    assert sizes == {"any": ["192x192", "512x512"], "maskable": ["512x512"]}


def test_every_page_links_the_manifest_and_the_home_screen_icon(client_owner):
    html = client_owner.get(reverse("journal:today")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    touch = re.search(r'<link rel="apple-touch-icon" href="([^"]+)">', html).group(1)
    with Image.open(static_path(touch)) as image:
        assert image.size == (180, 180)
    assert '<meta name="theme-color" content="#0f766e">' in html


def test_the_service_worker_is_served_from_the_root_and_never_cached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    assert 'importScripts("/static/js/sw-push.js")' in script
    precached = json.loads(re.search(r"var PRECACHE = (\[.*\]);", script).group(1))
    assert "/offline/" in precached
    for url in precached:
        assert Client().get(url).status_code == 200, url
    # The strict policy applies to the worker too (what it imports must be our own).
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_workers_cache_is_named_after_the_static_manifest(client, monkeypatch):
    # In production whitenoise's manifest storage has the hash of staticfiles.json.
    for release in ("release42", "release43"):
        monkeypatch.setattr(pwa, "staticfiles_storage", SimpleNamespace(manifest_hash=release))
        assert f'var CACHE = "skintrack-{release}";' in client.get("/sw.js").content.decode()


def test_in_development_the_version_follows_the_files_contents(client, monkeypatch):
    before = pwa.static_version()
    real_find = finders.find
    changed = {"css/app.css": static_path("/static/js/sw-push.js")}
    monkeypatch.setattr(pwa.finders, "find", lambda name: changed.get(name) or real_find(name))
    assert pwa.static_version() != before


def test_the_offline_page_names_no_one(client_owner, owner):
    response = client_owner.get("/offline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No connection" in html
    assert owner.username not in html
    assert "csrfmiddlewaretoken" not in html
