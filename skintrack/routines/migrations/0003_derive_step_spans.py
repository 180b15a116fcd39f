"""Give every existing step the span it was in use, from what is known.

A step starts on the earlier of its routine's creation day (in the owner's zone) and its
first application; a removed step, or a step of a routine not in use, ends on the day of its
last application (with none, it never owed a day). The rules are in
``skintrack.portability.spans`` so that importing a version-1 export derives them the same way.
"""

from django.db import migrations


def derive(apps, schema_editor):
    from skintrack.portability.spans import derive_span

    RoutineStep = apps.get_model("routines", "RoutineStep")
    Application = apps.get_model("journal", "Application")
    steps = RoutineStep.objects.select_related("routine", "routine__owner")
    for step in steps.iterator():
        routine = step.routine
        applied = Application.objects.filter(owner_id=routine.owner_id, period=routine.period)
        days = sorted(
            set(applied.filter(step_id=step.pk).values_list("day", flat=True))
            | set(
                applied.filter(step__isnull=True, product_id=step.product_id).values_list(
                    "day", flat=True
                )
            )
        )
        step.starts_on, step.ends_on = derive_span(
            created=routine.created_at,
            time_zone=routine.owner.time_zone,
            applied_days=days,
            in_use=routine.is_active and not routine.archived and not step.archived,
        )
        step.save(update_fields=["starts_on", "ends_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("routines", "0002_step_spans"),
        ("journal", "0002_observationphoto"),
    ]

    operations = [migrations.RunPython(derive, migrations.RunPython.noop)]
