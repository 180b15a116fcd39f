from django.core.management.base import BaseCommand, CommandError

from skintrack.shelf.catalog_file import CATALOG_PATH, read_catalog
from skintrack.shelf.catalog_load import load_catalog
from skintrack.shelf.models import Ingredient


class Command(BaseCommand):
    help = (
        "Load the ingredient catalog file into the database, updating rows in place by INCI "
        "name. Ingredients added in the admin that the file does not name are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(CATALOG_PATH), help="A catalog CSV file.")

    def handle(self, *args, **options):
        try:
            rows = read_catalog(options["file"])
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Could not read the catalog: {error}") from error
        created, updated = load_catalog(Ingredient, rows)
        self.stdout.write(
            f"{len(rows)} ingredients in the file: {created} added, {updated} updated."
        )
