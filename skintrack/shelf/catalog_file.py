"""The ingredient catalog as a data file: ``data/ingredients.csv``, one row per ingredient.

Columns: ``inci_name``; ``aliases`` (other names seen on packs, ``|``-separated); ``cas_number``
(blank when there is none or it is not settled); ``comedogenicity`` and ``irritancy`` (0-5, blank
when no published rating exists); ``marks`` (``|``-separated, see ``models.Mark``); ``functions``
(the EU CosIng functions, ``|``-separated); ``source`` (where the rating comes from, or that
there is none); ``description`` (our own words).

Pure Python (no Django), so the migration, the ``load_ingredients`` command and the tests read the
same rows the same way.
"""

from __future__ import annotations

import csv
from pathlib import Path

CATALOG_PATH = Path(__file__).with_name("data") / "ingredients.csv"
COLUMNS = (
    "inci_name",
    "aliases",
    "cas_number",
    "comedogenicity",
    "irritancy",
    "marks",
    "functions",
    "source",
    "description",
)


def _grade(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    grade = int(value)
    if not 0 <= grade <= 5:
        raise ValueError(f"a rating must be 0-5, not {grade}")
    return grade


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def read_catalog(path: Path | str = CATALOG_PATH) -> list[dict]:
    """Every row of the catalog file as a dict shaped like the ``Ingredient`` model."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"expected the columns {', '.join(COLUMNS)}")
        rows = []
        for line, raw in enumerate(reader, start=2):
            try:
                rows.append(
                    {
                        "inci_name": raw["inci_name"].strip(),
                        "aliases": _split(raw["aliases"]),
                        "cas_number": raw["cas_number"].strip(),
                        "comedogenicity": _grade(raw["comedogenicity"]),
                        "irritancy": _grade(raw["irritancy"]),
                        "marks": _split(raw["marks"]),
                        "functions": _split(raw["functions"]),
                        "source_note": raw["source"].strip(),
                        "description": raw["description"].strip(),
                    }
                )
            except ValueError as error:
                raise ValueError(f"{path}, line {line}: {error}") from error
    return rows
