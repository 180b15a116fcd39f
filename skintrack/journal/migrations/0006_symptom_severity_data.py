"""Every "yes" becomes "moderate" (see 0004)."""

from django.db import migrations

SYMPTOMS = ("pain", "itching", "redness", "swelling", "pus")


def yes_becomes_moderate(apps, schema_editor):
    Observation = apps.get_model("journal", "MiliaObservation")
    for name in SYMPTOMS:
        Observation.objects.filter(**{name: True}).update(**{f"{name}_severity": "moderate"})


def any_severity_becomes_yes(apps, schema_editor):
    Observation = apps.get_model("journal", "MiliaObservation")
    for name in SYMPTOMS:
        Observation.objects.exclude(**{f"{name}_severity": "none"}).update(**{name: True})


class Migration(migrations.Migration):
    dependencies = [("journal", "0005_symptom_severity")]

    operations = [migrations.RunPython(yes_becomes_moderate, any_severity_becomes_yes)]
