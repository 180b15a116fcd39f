import datetime

from django.db import migrations, models

import skintrack.accounts.models


def give_everyone_a_token(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(calendar_token__isnull=True).only("pk"):
        user.calendar_token = skintrack.accounts.models.new_calendar_token()
        user.save(update_fields=["calendar_token"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="calendar_token",
            field=models.CharField(max_length=64, null=True, editable=False),
        ),
        migrations.RunPython(give_everyone_a_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="calendar_token",
            field=models.CharField(
                default=skintrack.accounts.models.new_calendar_token,
                editable=False,
                help_text="The secret in the person's calendar feed URL; rotating it revokes the URL.",
                max_length=64,
                unique=True,
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="digest_enabled",
            field=models.BooleanField(
                default=False,
                help_text="A short email with today's routine and anything urgent.",
                verbose_name="email me each morning",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="digest_time",
            field=models.TimeField(
                default=datetime.time(7, 30),
                help_text="Local time, in your time zone.",
                verbose_name="at",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="digest_last_sent_on",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="The person's local date of the last digest: claimed before sending.",
                null=True,
            ),
        ),
    ]
