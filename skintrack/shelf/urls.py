from django.urls import path

from skintrack.shelf import views

app_name = "shelf"

urlpatterns = [
    path("", views.shelf, name="list"),
    path("new/", views.product_new, name="new"),
    path("<int:product_id>/", views.product_detail, name="detail"),
    path("<int:product_id>/edit/", views.product_edit, name="edit"),
    path("<int:product_id>/archive/", views.product_archive, name="archive"),
    path("<int:product_id>/patch-tests/", views.patch_test_new, name="patch_test_new"),
    path(
        "<int:product_id>/patch-tests/<int:patch_test_id>/delete/",
        views.patch_test_delete,
        name="patch_test_delete",
    ),
    path("catalog/", views.catalog, name="catalog"),
    path("catalog/<int:catalog_id>/add/", views.catalog_add, name="catalog_add"),
]
