from django.db import migrations


def seed(apps, schema_editor):
    from skintrack.shelf.ingredient_data import INGREDIENTS

    Ingredient = apps.get_model("shelf", "Ingredient")
    existing = set(Ingredient.objects.values_list("inci_name", flat=True))
    Ingredient.objects.bulk_create(
        Ingredient(
            inci_name=row["inci_name"],
            aliases=list(row.get("aliases") or []),
            comedogenicity=row.get("comedogenicity"),
            irritancy=row.get("irritancy"),
            marks=list(row.get("marks") or []),
            source_note=row.get("source_note", "")[:300],
        )
        for row in INGREDIENTS
        if row["inci_name"] not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("shelf", "0002_ingredient")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
