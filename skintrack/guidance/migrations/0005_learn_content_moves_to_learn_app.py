"""The Learn content (pages, treatments, FAQ, references) moves to the learn app.

Its rows stay: each table is renamed to the learn app's name (guidance_learnpage becomes
learn_learnpage, ...) and the models leave guidance's state; learn.0001_initial takes them
into its own state without touching the database.
"""

from django.db import migrations

MOVED = ("learnpage", "treatment", "faqentry", "reference")


class Migration(migrations.Migration):
    dependencies = [("guidance", "0004_sunscreen_spf_and_morning_end")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=model, table=f"learn_{model}") for model in MOVED
            ],
            state_operations=[migrations.DeleteModel(name=model) for model in MOVED],
        )
    ]
