from django.apps import AppConfig


class ShelfConfig(AppConfig):
    name = "skintrack.shelf"
    label = "shelf"
    verbose_name = "Shelf and catalog"
