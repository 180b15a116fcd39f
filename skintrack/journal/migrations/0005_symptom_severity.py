"""Symptoms were yes or no; now each has a severity: none, mild, moderate or severe.

A "yes" becomes "moderate": the person said the symptom was there, not how bad it was, and
moderate neither plays it down nor overstates it. Done through new columns, copied and then
renamed (0005 and 0006), because PostgreSQL has no cast from boolean to text that says "moderate".
"""

from django.db import migrations, models

SYMPTOMS = ("pain", "itching", "redness", "swelling", "pus")
CHOICES = [("none", "None"), ("mild", "Mild"), ("moderate", "Moderate"), ("severe", "Severe")]


class Migration(migrations.Migration):
    dependencies = [("journal", "0004_device_times_for_late_replays")]

    operations = [
        *(
            migrations.AddField(
                "miliaobservation",
                f"{name}_severity",
                models.CharField(name, max_length=8, choices=CHOICES, default="none"),
            )
            for name in SYMPTOMS
        ),
    ]
    # The data moves in 0005 and the old columns go in 0006, each migration in a transaction
    # of its own: PostgreSQL can't alter a table in the transaction that updated its rows
    # ("pending trigger events"), either way round.
