"""Seed rows for the ingredient catalog, read from ``data/ingredients.csv``.

Kept for the first seeding migration (0003), which only knows the first columns; the full rows
come from ``catalog_file.read_catalog``.
"""

from skintrack.shelf.catalog_file import read_catalog

_LEGACY_KEYS = ("inci_name", "aliases", "comedogenicity", "irritancy", "marks", "source_note")

INGREDIENTS: list[dict] = [{key: row[key] for key in _LEGACY_KEYS} for row in read_catalog()]
