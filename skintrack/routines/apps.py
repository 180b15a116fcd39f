from django.apps import AppConfig


class RoutinesConfig(AppConfig):
    name = "skintrack.routines"
    label = "routines"
    verbose_name = "Routines"
