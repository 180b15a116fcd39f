"""Further reading from clinicians' and health services' own pages, listed on the Learn
pages they cover, and a "last reviewed" date on the seeded pages nobody has edited.

The six magazine and blog links the first seed listed are removed, but only where they are
still exactly as seeded (same address and title, on no page): anything staff added or
changed is kept.
"""

from django.db import migrations

FIRST_SEED_REFERENCES = {
    "https://www.medicalnewstoday.com/articles/320953": "Medical News Today: milia",
    "https://www.elle.com/uk/beauty/skin/a40296/how-to-get-rid-of-milia/": (
        "ELLE UK: how to get rid of milia"
    ),
    "https://www.goodhousekeeping.com/health/a42233755/how-to-get-rid-of-milia/": (
        "Good Housekeeping: how to get rid of milia"
    ),
    "https://www.healthline.com/health/skin-disorders/how-to-get-rid-of-milia": (
        "Healthline: how to get rid of milia"
    ),
    "https://www.goodhousekeeping.com/health/a43411493/milia-under-eyes/": (
        "Good Housekeeping: milia under the eyes"
    ),
    "https://jan.mydigitalpublication.co.uk/articles/"
    "non-surgical-removal-of-milia-treatment-and-aftercare": (
        "Journal of Aesthetic Nursing: non-surgical removal of milia, treatment and aftercare"
    ),
}


def forwards(apps, schema_editor):
    from skintrack.learn import content_data

    LearnPage = apps.get_model("learn", "LearnPage")
    Reference = apps.get_model("learn", "Reference")

    for url, title in FIRST_SEED_REFERENCES.items():
        Reference.objects.filter(url=url, title=title, pages__isnull=True).delete()

    pages = {page.slug: page for page in LearnPage.objects.all()}
    for position, row in enumerate(content_data.REFERENCES, start=1):
        reference, created = Reference.objects.get_or_create(
            url=row["url"],
            defaults={"title": row["title"], "publisher": row["publisher"], "order": position},
        )
        if not created and not reference.publisher:
            # Made by an earlier seed (title and address only): complete it.
            reference.publisher = row["publisher"]
            reference.order = position
            reference.save(update_fields=["publisher", "order"])
        if not reference.pages.exists():
            reference.pages.add(*(pages[slug] for slug in row["pages"] if slug in pages))

    seeded_bodies = {row["slug"]: row["body"] for row in content_data.LEARN_PAGES}
    for slug, page in pages.items():
        if page.last_reviewed is None and seeded_bodies.get(slug) == page.body:
            page.last_reviewed = content_data.REVIEWED_ON
            page.save(update_fields=["last_reviewed"])


class Migration(migrations.Migration):
    dependencies = [("learn", "0002_review_date_and_sources_per_page")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
