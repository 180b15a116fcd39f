"""Load the catalog file into the ``Ingredient`` table, updating rows in place.

Shared by the data migration and ``manage.py load_ingredients``; takes the model class so the
migration can pass its historical model.
"""

from django.utils import timezone

from skintrack.shelf.catalog_file import read_catalog

FIELDS = (
    "aliases",
    "cas_number",
    "comedogenicity",
    "irritancy",
    "marks",
    "functions",
    "source_note",
    "description",
)


def load_catalog(ingredient_model, rows=None) -> tuple[int, int]:
    """Create missing ingredients and update existing ones by INCI name; returns (created,
    updated). Rows staff added in the admin that the file does not name are left alone."""
    rows = read_catalog() if rows is None else rows
    existing = {i.inci_name: i for i in ingredient_model.objects.all()}
    new, changed = [], []
    for row in rows:
        values = {field: row[field] for field in FIELDS}
        values["source_note"] = values["source_note"][:300]
        values["description"] = values["description"][:300]
        current = existing.get(row["inci_name"])
        if current is None:
            new.append(ingredient_model(inci_name=row["inci_name"], **values))
        elif any(getattr(current, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(current, field, value)
            changed.append(current)
    fields = list(FIELDS)
    # bulk_update skips auto_now: stamp the change so every server re-reads the catalog.
    # (The migration that first loads the file runs before the field exists.)
    if any(field.name == "updated_at" for field in ingredient_model._meta.fields):
        for ingredient in changed:
            ingredient.updated_at = timezone.now()
        fields.append("updated_at")
    ingredient_model.objects.bulk_create(new, batch_size=200)
    ingredient_model.objects.bulk_update(changed, fields, batch_size=200)
    return len(new), len(changed)
