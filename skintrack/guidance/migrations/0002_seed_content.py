from django.db import migrations


def seed(apps, schema_editor):
    """The Learn content of content_data.py; rows that already exist are left as staff
    edited them (matched by slug, name, question and url)."""
    from skintrack.learn import content_data

    LearnPage = apps.get_model("guidance", "LearnPage")
    Treatment = apps.get_model("guidance", "Treatment")
    FaqEntry = apps.get_model("guidance", "FaqEntry")
    Reference = apps.get_model("guidance", "Reference")
    RuleThresholds = apps.get_model("guidance", "RuleThresholds")

    for row in content_data.LEARN_PAGES:
        fields = {k: row[k] for k in ("title", "summary", "body", "order")}
        LearnPage.objects.get_or_create(slug=row["slug"], defaults=fields)
    for row in content_data.TREATMENTS:
        fields = {k: row[k] for k in ("what_it_is", "performed_by", "risks", "order")}
        Treatment.objects.get_or_create(name=row["name"], defaults=fields)
    for row in content_data.FAQ:
        if not FaqEntry.objects.filter(question=row["question"]).exists():
            FaqEntry.objects.create(
                question=row["question"], answer=row["answer"], order=row["order"]
            )
    for position, row in enumerate(content_data.REFERENCES, start=1):
        fields = {"title": row["title"], "order": row.get("order", position)}
        Reference.objects.get_or_create(url=row["url"], defaults=fields)
    if not RuleThresholds.objects.exists():
        RuleThresholds.objects.create()


class Migration(migrations.Migration):
    dependencies = [("guidance", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
