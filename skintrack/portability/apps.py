from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    name = "skintrack.portability"
    label = "portability"
    verbose_name = "Your data: photos, export, import, account deletion"

    def ready(self):
        from django.db.models.signals import post_delete

        from skintrack.journal.models import ObservationPhoto
        from skintrack.journal.photos import delete_files_after_row

        # However a photo row goes (its own delete button, its observation deleted, the
        # account deleted), its two files go with it once the transaction commits.
        post_delete.connect(
            delete_files_after_row, sender=ObservationPhoto, dispatch_uid="photo_files"
        )
