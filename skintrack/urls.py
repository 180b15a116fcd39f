from django.contrib import admin
from django.urls import include, path, register_converter

from skintrack.converters import IsoDateConverter

register_converter(IsoDateConverter, "isodate")

admin.site.site_header = "skintrack admin"
admin.site.site_title = "skintrack admin"

urlpatterns = [
    path("", include("skintrack.journal.urls")),
    path("accounts/", include("skintrack.accounts.urls")),
    path("shelf/", include("skintrack.shelf.urls")),
    path("routines/", include("skintrack.routines.urls")),
    path("admin/", admin.site.urls),
]
