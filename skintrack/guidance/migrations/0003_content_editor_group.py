from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Content editors"
ALL = ("add", "change", "delete", "view")
# (app label, model) -> actions. Nothing about people or their logs: no accounts.User,
# shelf.Product, routines, journal or guidance.DismissedFinding.
PERMISSIONS = {
    ("guidance", "learnpage"): ALL,
    ("guidance", "treatment"): ALL,
    ("guidance", "faqentry"): ALL,
    ("guidance", "reference"): ALL,
    ("guidance", "rulethresholds"): ("change", "view"),
    ("shelf", "ingredient"): ALL,
    ("shelf", "catalogproduct"): ALL,
}


def create_group(apps, schema_editor):
    # Permissions are normally made by post_migrate, after every migration: make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    wanted = [
        (app_label, f"{action}_{model}")
        for (app_label, model), actions in PERMISSIONS.items()
        for action in actions
    ]
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(
            content_type__app_label__in={app for app, _ in wanted},
            codename__in={codename for _, codename in wanted},
        )
    }
    missing = [f"{app}.{codename}" for app, codename in wanted if (app, codename) not in found]
    if missing:
        raise RuntimeError(f"Permissions not found for the content editors: {missing}")
    group.permissions.add(*(found[key] for key in wanted))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("shelf", "0003_seed_ingredients"),
        ("guidance", "0002_seed_content"),
    ]
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
