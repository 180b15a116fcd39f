"""Symptoms were yes or no; now each has a severity: none, mild, moderate or severe.

A "yes" becomes "moderate": the person said the symptom was there, not how bad it was, and
moderate neither plays it down nor overstates it. Done through new columns, copied and then
renamed, because PostgreSQL has no cast from boolean to text that says "moderate".
"""

from django.db import migrations, models

SYMPTOMS = ("pain", "itching", "redness", "swelling", "pus")
CHOICES = [("none", "None"), ("mild", "Mild"), ("moderate", "Moderate"), ("severe", "Severe")]


def yes_becomes_moderate(apps, schema_editor):
    Observation = apps.get_model("journal", "MiliaObservation")
    for name in SYMPTOMS:
        Observation.objects.filter(**{name: True}).update(**{f"{name}_severity": "moderate"})


def any_severity_becomes_yes(apps, schema_editor):
    Observation = apps.get_model("journal", "MiliaObservation")
    for name in SYMPTOMS:
        Observation.objects.exclude(**{f"{name}_severity": "none"}).update(**{name: True})


class Migration(migrations.Migration):
    dependencies = [("journal", "0003_booked_visit")]

    operations = [
        *(
            migrations.AddField(
                "miliaobservation",
                f"{name}_severity",
                models.CharField(name, max_length=8, choices=CHOICES, default="none"),
            )
            for name in SYMPTOMS
        ),
        migrations.RunPython(yes_becomes_moderate, any_severity_becomes_yes),
        *(migrations.RemoveField("miliaobservation", name) for name in SYMPTOMS),
        *(migrations.RenameField("miliaobservation", f"{name}_severity", name) for name in SYMPTOMS),
    ]
