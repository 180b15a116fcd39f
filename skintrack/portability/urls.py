from django.urls import include, path

from skintrack.journal.photos import photo_urlpatterns
from skintrack.portability import views

data_patterns = [
    path("export/", views.export_data, name="export"),
    path("import/", views.import_data, name="import"),
    path("delete/", views.delete_account, name="delete"),
]

urlpatterns = [
    path("data/", include((data_patterns, "portability"))),
    path("photos/", include((photo_urlpatterns, "photos"))),
]
