from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "skintrack.journal"
    label = "journal"
    verbose_name = "Journal"
