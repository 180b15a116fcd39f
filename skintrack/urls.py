from django.contrib import admin
from django.urls import include, path, register_converter

from skintrack import pwa
from skintrack.converters import IsoDateConverter, IsoMonthConverter, IsoWeekConverter
from skintrack.ops.views import healthz

register_converter(IsoDateConverter, "isodate")
register_converter(IsoWeekConverter, "isoweek")
register_converter(IsoMonthConverter, "isomonth")

admin.site.site_header = "skintrack admin"
admin.site.site_title = "skintrack admin"

urlpatterns = [
    path("", include("skintrack.journal.urls")),
    path("accounts/", include("skintrack.accounts.urls")),
    path("shelf/", include("skintrack.shelf.urls")),
    path("routines/", include("skintrack.routines.urls")),
    path("review/", include("skintrack.guidance.review_urls")),
    path("learn/", include("skintrack.learn.urls")),
    path("reports/", include("skintrack.reports.urls")),
    path("push/", include("skintrack.push.urls")),
    path("", include("skintrack.portability.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # At the root, so that the service worker's scope is the whole site.
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("offline/", pwa.offline, name="offline"),
]
