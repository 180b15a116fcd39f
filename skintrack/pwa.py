"""The installable app: the web app manifest, the service worker and the page it shows
offline. The worker is served from the site root (/sw.js) so that it controls every page,
/today/ included; its cache is named after the static files' version, so each release
replaces the files it keeps."""

import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

THEME_COLOR = "#0f766e"
BACKGROUND_COLOR = "#f7f5f2"

# Kept by the worker at install: what a page needs to draw itself, and the offline page.
PRECACHED_STATIC = (
    "css/app.css",
    "js/app.js",
    "js/sync.js",
    "django_htmx/htmx-2.min.js",
    "img/icon.svg",
    "img/icon-192.png",
)


def static_version() -> str:
    """The version of the static files: the hash of whitenoise's manifest in production
    (collectstatic writes it), else a hash of the files the worker keeps (development)."""
    manifest_hash = getattr(staticfiles_storage, "manifest_hash", "")
    if manifest_hash:
        return manifest_hash
    digest = hashlib.sha256()
    for name in PRECACHED_STATIC:
        path = finders.find(name)
        if path:
            with open(path, "rb") as file:
                digest.update(file.read())
    return digest.hexdigest()[:12]


@require_safe
@cache_control(no_cache=True)
def service_worker(request):
    context = {
        "version": static_version(),
        "precache": json.dumps([static(name) for name in PRECACHED_STATIC] + [reverse("offline")]),
        "offline_url": reverse("offline"),
        "static_url": settings.STATIC_URL
        if settings.STATIC_URL.startswith("/")
        else "/" + settings.STATIC_URL,
    }
    return render(request, "pwa/sw.js", context, content_type="text/javascript")


@require_safe
@cache_control(max_age=24 * 3600)
def manifest(request):
    icon = "image/png"
    data = {
        "id": "/today/",
        "name": "skintrack: a routine for milia-prone skin",
        "short_name": "skintrack",
        "description": "Tick your morning and evening routine, note the day, and know when to "
        "see a dermatologist.",
        "start_url": reverse("journal:today"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": icon},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": icon},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": icon,
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@require_safe
def offline(request):
    """Shown by the worker when a page can't be loaded. It names no one: it is kept."""
    return render(request, "pwa/offline.html")
