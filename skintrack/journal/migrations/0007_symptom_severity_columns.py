"""The symptom columns become the severities filled in by 0005 (see 0004)."""

from django.db import migrations

SYMPTOMS = ("pain", "itching", "redness", "swelling", "pus")


class Migration(migrations.Migration):
    dependencies = [("journal", "0006_symptom_severity_data")]

    operations = [
        *(migrations.RemoveField("miliaobservation", name) for name in SYMPTOMS),
        *(migrations.RenameField("miliaobservation", f"{name}_severity", name) for name in SYMPTOMS),
    ]
