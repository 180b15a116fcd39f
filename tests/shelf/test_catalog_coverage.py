"""How much of real ingredient lists the catalog recognises: 40 lists from real products.

The lists in ``fixtures/real_ingredient_lists.json`` were copied from manufacturers' drug labels
(DailyMed), retailer and ingredient-database pages; each row names where it came from.
"""

import json
from pathlib import Path

import pytest

from skintrack.shelf.catalog_file import read_catalog
from skintrack.shelf.inci import CatalogEntry, analyse, indexed

LISTS = json.loads(
    (Path(__file__).parent / "fixtures" / "real_ingredient_lists.json").read_text("utf-8")
)
COVERAGE_FLOOR = 0.95


@pytest.fixture(scope="module")
def catalog():
    return indexed(CatalogEntry.from_dict(row) for row in read_catalog())


def test_the_fixtures_are_forty_real_lists_of_every_kind():
    assert len(LISTS) == 40
    assert len({item["product"] for item in LISTS}) == 40
    for item in LISTS:
        assert item["source"].startswith("http"), item["product"]
        assert item["ingredients"].strip()
    kinds = {item["category"] for item in LISTS}
    assert {
        "cleanser",
        "moisturizer",
        "eye_cream",
        "sunscreen",
        "retinoid",
        "chemical_exfoliant",
        "makeup",
        "medication",
    } <= kinds


def test_at_least_95_percent_of_real_ingredient_tokens_are_recognised(catalog, capsys):
    total, unrecognised = 0, []
    for item in LISTS:
        for parsed in analyse(item["ingredients"], catalog):
            total += 1
            if parsed.entry is None:
                unrecognised.append(f"{item['product']}: {parsed.label}")
    coverage = 1 - len(unrecognised) / total
    with capsys.disabled():
        print(f"\ningredient coverage: {total - len(unrecognised)} of {total} ({coverage:.1%})")
        for line in unrecognised:
            print(f"  not recognised - {line}")
    assert coverage >= COVERAGE_FLOOR


@pytest.mark.parametrize(
    ("label", "inci_name", "mark"),
    [
        ("Aqua", "Water", None),
        ("Water/Aqua/Eau", "Water", None),
        ("Purified Water", "Water", None),
        ("Parfum (Fragrance)", "Parfum", "fragrance"),
        ("Fragrance", "Parfum", "fragrance"),
        ("CI 77891", "Titanium Dioxide", "colourant"),
        ("C.I. 77891", "Titanium Dioxide", "colourant"),
        ("Ci 77491", "CI 77491", "colourant"),
        ("Red 40 Lake (Ci 16035)", "CI 16035", "colourant"),
        ("Iron Oxides (CI 77499)", "Iron Oxides", "colourant"),
        ("Limonene", "Limonene", "fragrance"),
        ("Mentha Piperita (Peppermint) Oil", "Mentha Piperita Oil", "essential_oil"),
        ("Avobenzone", "Butyl Methoxydibenzoylmethane", "uv_filter"),
        ("Phenoxyethanol", "Phenoxyethanol", "preservative"),
        ("Cocamidopropyl Betaine", "Cocamidopropyl Betaine", "surfactant"),
    ],
)
def test_water_fragrance_and_colours_are_recognised_as_such(catalog, label, inci_name, mark):
    (parsed,) = analyse(label, catalog)
    assert parsed.entry.inci_name == inci_name
    if mark:
        assert mark in parsed.entry.marks


def test_a_may_contain_list_is_recognised_and_marked(catalog):
    text = (
        "Talc, Mica, Silica. All Shades May Contain: C.I. 77891, C.I. 77491, CI 77007, C.I. 75470"
    )
    parsed = analyse(text, catalog)
    assert [p.entry.inci_name for p in parsed] == [
        "Talc",
        "CI 77019",
        "Silica",
        "Titanium Dioxide",
        "CI 77491",
        "CI 77007",
        "CI 75470",
    ]
    assert [p.may_contain for p in parsed] == [False] * 3 + [True] * 4
