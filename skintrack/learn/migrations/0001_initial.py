"""The Learn content's models, taken over from the guidance app with their rows.

guidance.0005 renamed the tables (guidance_learnpage to learn_learnpage, ...) and dropped
the models from its state; here they enter the learn app's state only, so nothing in the
database is created or copied. The content types follow, so the content editors'
permissions and the admin's history of these rows carry over.
"""

from django.db import migrations, models

MOVED = ("learnpage", "treatment", "faqentry", "reference")


def relabel(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.db_manager(schema_editor.connection.alias)
    for model in MOVED:
        if content_types.filter(app_label=new, model=model).exists():
            continue  # already there (made by hand): leave both as they are
        content_types.filter(app_label=old, model=model).update(app_label=new)
    content_types.clear_cache()


def forwards(apps, schema_editor):
    relabel(apps, schema_editor, "guidance", "learn")


def backwards(apps, schema_editor):
    relabel(apps, schema_editor, "learn", "guidance")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("guidance", "0005_learn_content_moves_to_learn_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FaqEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("question", models.CharField(max_length=200)),
                        ("answer", models.TextField(help_text="Markdown.")),
                        ("order", models.PositiveSmallIntegerField(default=0)),
                        ("published", models.BooleanField(default=True)),
                    ],
                    options={
                        "verbose_name": "FAQ entry",
                        "verbose_name_plural": "FAQ entries",
                        "ordering": ["order", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="LearnPage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(max_length=120)),
                        ("slug", models.SlugField(max_length=80, unique=True)),
                        ("summary", models.CharField(max_length=240)),
                        (
                            "body",
                            models.TextField(
                                help_text="Markdown. Scripts and unsafe HTML are removed on display."
                            ),
                        ),
                        ("order", models.PositiveSmallIntegerField(default=0)),
                        ("published", models.BooleanField(default=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "ordering": ["order", "title"],
                    },
                ),
                migrations.CreateModel(
                    name="Reference",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(max_length=200)),
                        ("url", models.URLField(unique=True)),
                        ("order", models.PositiveSmallIntegerField(default=0)),
                    ],
                    options={
                        "ordering": ["order", "title"],
                    },
                ),
                migrations.CreateModel(
                    name="Treatment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=80, unique=True)),
                        ("what_it_is", models.TextField()),
                        ("performed_by", models.CharField(max_length=120)),
                        ("risks", models.TextField(verbose_name="risks and side effects")),
                        ("order", models.PositiveSmallIntegerField(default=0)),
                    ],
                    options={
                        "ordering": ["order", "name"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
