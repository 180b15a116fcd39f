"""Make a person a content editor: staff who may edit the Learn pages, treatments, FAQ,
references, rule thresholds and the ingredient and product catalogs, and nothing else."""

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from skintrack.accounts.models import User

GROUP = "Content editors"  # made by guidance migration 0003


class Command(BaseCommand):
    help = "Add a person to the “Content editors” group (and let them log in to the admin)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        try:
            person = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(
                f"No one is called “{username}”. Create the account first."
            ) from None
        try:
            group = Group.objects.get(name=GROUP)
        except Group.DoesNotExist:
            raise CommandError(f"The “{GROUP}” group is missing: run `migrate` first.") from None
        person.groups.add(group)
        if not person.is_staff:
            person.is_staff = True
            person.save(update_fields=["is_staff"])
        self.stdout.write(f"{person.username} is a content editor: they can log in at /admin/.")
