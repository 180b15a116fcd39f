from django.db import migrations


def load(apps, schema_editor):
    from skintrack.shelf.catalog_load import load_catalog

    load_catalog(apps.get_model("shelf", "Ingredient"))


class Migration(migrations.Migration):
    dependencies = [("shelf", "0004_ingredient_cas_functions_description")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
