from django.urls import include, path

from skintrack.journal.photos import photo_urlpatterns
from skintrack.portability import views

data_patterns = [
    path("export/", views.export_data, name="export"),
    path("export/zip/", views.export_zip, name="export_zip"),
    path("export/zip/download/", views.export_download, name="export_download"),
    path("import/", views.import_data, name="import"),
    path("import/progress/", views.import_progress, name="import_progress"),
    path("delete/", views.delete_account, name="delete"),
]

urlpatterns = [
    path("data/", include((data_patterns, "portability"))),
    path("photos/", include((photo_urlpatterns, "photos"))),
]
