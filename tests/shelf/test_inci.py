"""Ingredient-list parsing and the derived comedogenic flag: pure Python, no database."""

import pytest

from skintrack.shelf.inci import (
    CatalogEntry,
    ParsedIngredient,
    analyse,
    comedogenic_verdict,
    derived_marks,
    normalise,
    split_inci,
)
from skintrack.shelf.ingredient_data import INGREDIENTS

ALLOWED_MARKS = {"abrasive", "occlusive", "aha", "bha", "pha", "retinoid", "corticosteroid"}


@pytest.fixture(scope="module")
def catalog() -> list[CatalogEntry]:
    return [CatalogEntry.from_dict(row) for row in INGREDIENTS]


# Each case: a label as printed, the catalog names matched (in order), the unknown labels
# (in order), the derived verdict, text the reason must contain, and the derived marks.
LABELS = {
    "rich night cream": dict(
        text=(
            "Ingredients: Aqua (Water), Cocos Nucifera (Coconut) Oil, Isopropyl Myristate, "
            "Glycerin, Butyrospermum Parkii (Shea) Butter, Cetearyl Alcohol, "
            "Theobroma Cacao (Cocoa) Seed Butter, Dimethicone, Tocopherol (Vitamin E), "
            "Phenoxyethanol, Parfum (Fragrance)."
        ),
        known=[
            "Cocos Nucifera Oil",
            "Isopropyl Myristate",
            "Glycerin",
            "Butyrospermum Parkii Butter",
            "Cetearyl Alcohol",
            "Theobroma Cacao Seed Butter",
            "Dimethicone",
        ],
        unknown=["Aqua (Water)", "Tocopherol (Vitamin E)", "Phenoxyethanol", "Parfum (Fragrance)"],
        comedogenic=True,
        reason=[
            "Cocos Nucifera Oil (rated 4)",
            "Isopropyl Myristate (rated 5)",
            "Theobroma Cacao Seed Butter (rated 4)",
        ],
        marks={"occlusive"},
    ),
    "gel cleanser with SLS": dict(
        text=(
            "Aqua, Sodium Lauryl Sulfate, Cocamidopropyl Betaine, Glycerin, Sodium Chloride, "
            "Citric Acid, Sodium Benzoate, Limonene."
        ),
        known=["Sodium Lauryl Sulfate", "Glycerin"],
        unknown=[
            "Aqua",
            "Cocamidopropyl Betaine",
            "Sodium Chloride",
            "Citric Acid",
            "Sodium Benzoate",
            "Limonene",
        ],
        comedogenic=True,
        reason=["Sodium Lauryl Sulfate (rated 5)"],
        marks=set(),
    ),
    "7% glycolic toner": dict(
        text=(
            "Aqua (Water), Glycolic Acid 7%, Rosa Damascena Flower Water, "
            "Hamamelis Virginiana (Witch Hazel) Water, Glycerin, Aloe Barbadensis Leaf Water, "
            "Sodium Hydroxide, Panthenol, Tasmannia Lanceolata Fruit/Leaf Extract, "
            "Hexylene Glycol, Fragrance (Parfum)."
        ),
        known=["Glycolic Acid", "Glycerin"],
        unknown=[
            "Aqua (Water)",
            "Rosa Damascena Flower Water",
            "Hamamelis Virginiana (Witch Hazel) Water",
            "Aloe Barbadensis Leaf Water",
            "Sodium Hydroxide",
            "Panthenol",
            "Tasmannia Lanceolata Fruit/Leaf Extract",
            "Hexylene Glycol",
            "Fragrance (Parfum)",
        ],
        comedogenic=False,
        reason=["the highest is Glycerin (rated 0)", "Not recognised: 9 of 11"],
        marks={"aha", "exfoliant"},
    ),
    "2% BHA liquid": dict(
        text=(
            "Water (Aqua), Methylpropanediol, Butylene Glycol, Salicylic Acid (2%), "
            "Polysorbate 20, Camellia Oleifera Leaf Extract, Sodium Hydroxide, Tetrasodium EDTA"
        ),
        known=["Salicylic Acid"],
        unknown=[
            "Water (Aqua)",
            "Methylpropanediol",
            "Butylene Glycol",
            "Polysorbate 20",
            "Camellia Oleifera Leaf Extract",
            "Sodium Hydroxide",
            "Tetrasodium EDTA",
        ],
        comedogenic=False,
        reason=["None of the recognised ingredients has a comedogenicity rating"],
        marks={"bha", "exfoliant"},
    ),
    "adapalene 0.1% gel, drug facts style": dict(
        text=(
            "Active ingredient: Adapalene 0.1%. Inactive ingredients: Carbomer 940, "
            "Edetate Disodium, Methylparaben, Poloxamer 182, Propylene Glycol, Purified Water, "
            "Sodium Hydroxide."
        ),
        known=["Adapalene"],
        unknown=[
            "Carbomer 940",
            "Edetate Disodium",
            "Methylparaben",
            "Poloxamer 182",
            "Propylene Glycol",
            "Purified Water",
            "Sodium Hydroxide",
        ],
        comedogenic=False,
        reason=["None of the recognised ingredients has a comedogenicity rating"],
        marks={"retinoid"},
    ),
    "mineral sunscreen, may contain iron oxides": dict(
        text=(
            "Aqua, Zinc Oxide (20%), Caprylic/Capric Triglyceride, Dimethicone, Glycerin, "
            "Silica, Polyhydroxystearic Acid, Tocopherol. "
            "May contain: CI 77491, CI 77492, CI 77499 (Iron Oxides)."
        ),
        known=["Zinc Oxide", "Caprylic/Capric Triglyceride", "Dimethicone", "Glycerin", "Silica"],
        unknown=[
            "Aqua",
            "Polyhydroxystearic Acid",
            "Tocopherol",
            "CI 77491",
            "CI 77492",
            "CI 77499 (Iron Oxides)",
        ],
        may_contain=["CI 77491", "CI 77492", "CI 77499 (Iron Oxides)"],
        comedogenic=False,
        reason=["the highest is Zinc Oxide (rated 1)"],
        marks=set(),
    ),
    "walnut scrub": dict(
        text=(
            "Aqua, Juglans Regia (Walnut) Shell Powder, Glycerin, Cetyl Alcohol, Stearic Acid, "
            "Prunus Armeniaca (Apricot) Seed Powder, Polyethylene, Sodium Laureth Sulfate, "
            "Parfum."
        ),
        known=[
            "Juglans Regia Shell Powder",
            "Glycerin",
            "Cetyl Alcohol",
            "Stearic Acid",
            "Prunus Armeniaca Seed Powder",
            "Polyethylene",
        ],
        unknown=["Aqua", "Sodium Laureth Sulfate", "Parfum"],
        comedogenic=False,
        reason=["the highest is Cetyl Alcohol (rated 2)"],
        marks={"abrasive", "scrub"},
    ),
    "hydrocortisone 1% cream, UK leaflet style": dict(
        text=(
            "Active ingredient: Hydrocortisone Acetate 1% w/w. Other ingredients: "
            "Cetostearyl Alcohol, Liquid Paraffin, White Soft Paraffin, "
            "Sodium Lauryl Sulphate, Chlorocresol, Purified Water."
        ),
        known=[
            "Hydrocortisone Acetate",
            "Cetearyl Alcohol",
            "Paraffinum Liquidum",
            "Petrolatum",
            "Sodium Lauryl Sulfate",
        ],
        unknown=["Chlorocresol", "Purified Water"],
        comedogenic=True,
        reason=["Sodium Lauryl Sulfate (rated 5)"],
        marks={"corticosteroid", "occlusive"},
    ),
    "PHA toner": dict(
        text=(
            "Water, Gluconolactone, Glycerin, Lactobionic Acid, Sodium Hyaluronate, "
            "Niacinamide, Panthenol, Allantoin, Sodium Citrate, 1,2-Hexanediol"
        ),
        known=[
            "Gluconolactone",
            "Glycerin",
            "Lactobionic Acid",
            "Sodium Hyaluronate",
            "Niacinamide",
        ],
        unknown=["Water", "Panthenol", "Allantoin", "Sodium Citrate", "1,2-Hexanediol"],
        comedogenic=False,
        reason=["the highest is Glycerin (rated 0)"],
        marks={"pha", "exfoliant"},
    ),
    "lip balm": dict(
        text=(
            "Ricinus Communis (Castor) Seed Oil, Theobroma Cacao (Cocoa) Seed Butter, "
            "Cera Alba (Beeswax), Lanolin, Cocos Nucifera (Coconut) Oil, Petrolatum, "
            "Tocopheryl Acetate, Aroma (Flavor)."
        ),
        known=["Theobroma Cacao Seed Butter", "Lanolin", "Cocos Nucifera Oil", "Petrolatum"],
        unknown=[
            "Ricinus Communis (Castor) Seed Oil",
            "Cera Alba (Beeswax)",
            "Tocopheryl Acetate",
            "Aroma (Flavor)",
        ],
        comedogenic=True,
        reason=["Theobroma Cacao Seed Butter (rated 4)", "Cocos Nucifera Oil (rated 4)"],
        not_in_reason=["Lanolin"],
        marks={"occlusive"},
    ),
    "French/English bilingual label": dict(
        text=(
            "INGREDIENTS/INGRÉDIENTS : Aqua/Water/Eau, Glycerin/Glycérine, Niacinamide, "
            "Butyrospermum Parkii (Shea) Butter/Beurre de karité, "
            "Helianthus Annuus (Sunflower) Seed Oil/Huile de graines de tournesol, "
            "Parfum/Fragrance. Peut contenir/May contain: "
            "CI 77891 (Titanium Dioxide/Dioxyde de titane)."
        ),
        known=[
            "Glycerin",
            "Niacinamide",
            "Butyrospermum Parkii Butter",
            "Helianthus Annuus Seed Oil",
            "Titanium Dioxide",
        ],
        unknown=["Aqua/Water/Eau", "Parfum/Fragrance"],
        may_contain=["CI 77891 (Titanium Dioxide/Dioxyde de titane)"],
        comedogenic=False,
        reason=["the highest is Glycerin (rated 0)"],
        marks={"occlusive"},
    ),
    "all-caps label wrapped over lines": dict(
        text=(
            "INGREDIENTS: AQUA, PARAFFINUM LIQUIDUM, CETEARYL\n"
            "ALCOHOL, PETROLATUM, GLYCERIN, ISOPROPYL\n"
            "PALMITATE, LANOLIN ALCOHOL, TRITICUM VULGARE\n"
            "(WHEAT) GERM OIL, PHENOXYETHANOL."
        ),
        known=[
            "Paraffinum Liquidum",
            "Cetearyl Alcohol",
            "Petrolatum",
            "Glycerin",
            "Isopropyl Palmitate",
            "Triticum Vulgare Germ Oil",
        ],
        unknown=["AQUA", "LANOLIN ALCOHOL", "PHENOXYETHANOL"],
        comedogenic=True,
        reason=["Isopropyl Palmitate (rated 4)", "Triticum Vulgare Germ Oil (rated 5)"],
        marks={"occlusive"},
    ),
    "bullet points, one per line": dict(
        text=(
            "Key ingredients:\n"
            "• Aqua\n"
            "• Niacinamide (10%)\n"
            "• Zinc PCA (1%)\n"
            "• Tamarindus Indica Seed Gum\n"
            "• Pentylene Glycol\n"
            "- Squalane\n"
            "* Phenoxyethanol\n"
        ),
        known=["Niacinamide", "Squalane"],
        unknown=[
            "Aqua",
            "Zinc PCA",
            "Tamarindus Indica Seed Gum",
            "Pentylene Glycol",
            "Phenoxyethanol",
        ],
        comedogenic=False,
        reason=["the highest is Squalane (rated 1)"],
        marks=set(),
    ),
    "'and', '&' and slashes": dict(
        text=(
            "Water/Aqua, Caprylic/Capric Triglyceride, Cetearyl Alcohol and Cetearyl Glucoside, "
            "Glycerin & Sodium Hyaluronate, Simmondsia Chinensis (Jojoba) Seed Oil, "
            "Xanthan Gum, Benzyl Alcohol/Dehydroacetic Acid."
        ),
        known=[
            "Caprylic/Capric Triglyceride",
            "Cetearyl Alcohol",
            "Glycerin",
            "Sodium Hyaluronate",
            "Simmondsia Chinensis Seed Oil",
        ],
        unknown=[
            "Water/Aqua",
            "Cetearyl Glucoside",
            "Xanthan Gum",
            "Benzyl Alcohol/Dehydroacetic Acid",
        ],
        comedogenic=False,
        reason=["the highest is Cetearyl Alcohol (rated 2)"],
        marks=set(),
    ),
    "retinol serum": dict(
        text=(
            "Aqua, Squalane, Retinol (Vitamin A) 0.3%, Caprylic/Capric Triglyceride, Glycerin, "
            "Bisabolol, Tocopherol (Vitamin E), Polysorbate 20, Carbomer, Ethylhexylglycerin, "
            "Phenoxyethanol"
        ),
        known=["Squalane", "Retinol", "Caprylic/Capric Triglyceride", "Glycerin"],
        unknown=[
            "Aqua",
            "Bisabolol",
            "Tocopherol (Vitamin E)",
            "Polysorbate 20",
            "Carbomer",
            "Ethylhexylglycerin",
            "Phenoxyethanol",
        ],
        comedogenic=False,
        reason=["the highest is Squalane (rated 1)"],
        marks={"retinoid"},
    ),
    "typos, odd case and repeated separators": dict(
        text=(
            "aqua,  Glycerine , Isopropyl Myristrate, Nicacinamide,, cocos   nucifera oil., "
            "ALGAE EXTRACT ; ; Sodum Hyaluronate, Glycerin, AQUA"
        ),
        known=["Glycerin", "Cocos Nucifera Oil", "Algae Extract"],
        unknown=["aqua", "Isopropyl Myristrate", "Nicacinamide", "Sodum Hyaluronate"],
        comedogenic=True,
        reason=["Cocos Nucifera Oil (rated 4)", "Algae Extract (rated 5)"],
        not_in_reason=["Isopropyl Myristate"],
        marks={"occlusive"},
    ),
    "organic body oil with asterisks and a footnote": dict(
        text=(
            "Organic Helianthus Annuus (Sunflower) Seed Oil*, Organic Coconut Oil*, "
            "Simmondsia Chinensis Seed Oil*, Tocopherol. *Certified organic ingredients."
        ),
        known=["Helianthus Annuus Seed Oil", "Cocos Nucifera Oil", "Simmondsia Chinensis Seed Oil"],
        unknown=["Tocopherol"],
        comedogenic=True,
        reason=["Cocos Nucifera Oil (rated 4)"],
        marks={"occlusive"},
    ),
    "BB cream with a bracketed +/- section": dict(
        text=(
            "Aqua, Cyclopentasiloxane, Titanium Dioxide, Ethylhexyl Stearate, Glycerin, "
            "Mica [+/- CI 77491, CI 77492, CI 77499], Phenoxyethanol."
        ),
        known=["Titanium Dioxide", "Ethylhexyl Stearate", "Glycerin"],
        unknown=[
            "Aqua",
            "Cyclopentasiloxane",
            "Mica",
            "CI 77491",
            "CI 77492",
            "CI 77499",
            "Phenoxyethanol",
        ],
        may_contain=["CI 77491", "CI 77492", "CI 77499"],
        comedogenic=True,
        reason=["Ethylhexyl Stearate (rated 5)"],
        marks=set(),
    ),
    "semicolons and a mandelic/lactic peel": dict(
        text="Aqua; Lactic Acid (5%); Mandelic Acid 5 %; Propanediol; Sodium Lactate",
        known=["Lactic Acid", "Mandelic Acid"],
        unknown=["Aqua", "Propanediol", "Sodium Lactate"],
        comedogenic=False,
        reason=["None of the recognised ingredients has a comedogenicity rating"],
        marks={"aha", "exfoliant"},
    ),
}


@pytest.mark.parametrize("case", LABELS.values(), ids=LABELS.keys())
def test_real_labels(case, catalog):
    parsed = analyse(case["text"], catalog)

    assert [p.entry.inci_name for p in parsed if p.entry] == case["known"]
    assert [p.label for p in parsed if p.entry is None] == case["unknown"]
    assert [p.label for p in parsed if p.may_contain] == case.get("may_contain", [])

    verdict = comedogenic_verdict(parsed)
    assert verdict.comedogenic is case["comedogenic"]
    assert bool(verdict.flagged) is case["comedogenic"]
    for text in case["reason"]:
        assert text in verdict.reason
    for text in case.get("not_in_reason", []):
        assert text not in verdict.reason

    assert derived_marks(parsed) == case["marks"]


def test_flagged_ingredients_keep_label_order(catalog):
    parsed = analyse("Isopropyl Myristate, Aqua, Coconut Oil", catalog)
    verdict = comedogenic_verdict(parsed)
    assert [p.entry.inci_name for p in verdict.flagged] == [
        "Isopropyl Myristate",
        "Cocos Nucifera Oil",
    ]
    assert verdict.reason.startswith(
        "Contains Isopropyl Myristate (rated 5), Cocos Nucifera Oil (rated 4)."
    )
    assert "indicative" in verdict.reason


def test_rating_of_exactly_three_flags_and_two_does_not(catalog):
    soy = comedogenic_verdict(analyse("Aqua, Glycine Soja (Soybean) Oil", catalog))
    assert soy.comedogenic
    assert "Glycine Soja Oil (rated 3)" in soy.reason

    jojoba = comedogenic_verdict(analyse("Aqua, Jojoba Oil", catalog))
    assert not jojoba.comedogenic
    assert jojoba.flagged == ()


def test_threshold_is_a_parameter():
    three = CatalogEntry("Three", comedogenicity=3)
    two = CatalogEntry("Two", comedogenicity=2)
    parsed = [ParsedIngredient("Three", three), ParsedIngredient("Two", two)]
    assert [p.label for p in comedogenic_verdict(parsed).flagged] == ["Three"]
    assert [p.label for p in comedogenic_verdict(parsed, threshold=2).flagged] == ["Three", "Two"]
    assert not comedogenic_verdict(parsed, threshold=4).comedogenic


def test_empty_text_gives_nothing(catalog):
    for text in ["", "   ", "\n , ; \n", "Ingredients:", None]:
        assert split_inci(text) == []
        assert analyse(text, catalog) == []
    verdict = comedogenic_verdict([])
    assert not verdict.comedogenic
    assert verdict.flagged == ()
    assert verdict.reason


def test_split_cleans_labels():
    text = "INGREDIENTS: Glycolic Acid 7%, 2% Salicylic Acid, Niacinamide (10%), Adapalene 0,1%."
    assert split_inci(text) == [
        ("Glycolic Acid", False),
        ("Salicylic Acid", False),
        ("Niacinamide", False),
        ("Adapalene", False),
    ]


def test_may_contain_in_parentheses_runs_to_the_end():
    assert split_inci("Aqua, Mica (+/-) CI 77891, CI 77491") == [
        ("Aqua", False),
        ("Mica", False),
        ("CI 77891", True),
        ("CI 77491", True),
    ]


def test_bracketed_may_contain_with_its_own_label():
    assert split_inci("Talc, Mica [+/- (May Contain): CI 77891, CI 77491], Silica") == [
        ("Talc", False),
        ("Mica", False),
        ("CI 77891", True),
        ("CI 77491", True),
        ("Silica", False),
    ]


def test_an_ingredient_listed_outright_is_not_may_contain(catalog):
    parsed = analyse("Titanium Dioxide, Mica [+/- CI 77891, CI 77491]", catalog)
    assert [(p.label, p.may_contain) for p in parsed] == [
        ("Titanium Dioxide", False),
        ("Mica", False),
        ("CI 77491", True),
    ]


def test_may_contain_ingredients_still_count_and_say_so(catalog):
    parsed = analyse("Aqua, Glycerin. May contain: Isopropyl Myristate", catalog)
    verdict = comedogenic_verdict(parsed)
    assert verdict.comedogenic
    assert "Isopropyl Myristate (rated 5, listed as may contain)" in verdict.reason


def test_matching_ignores_case_spacing_accents_and_punctuation(catalog):
    parsed = analyse(
        "  gLyCoLiC   acid , CAPRYLIC / CAPRIC TRIGLYCERIDE, Laureth 4, glycérine", catalog
    )
    assert [p.entry.inci_name for p in parsed] == [
        "Glycolic Acid",
        "Caprylic/Capric Triglyceride",
        "Laureth-4",
        "Glycerin",
    ]
    assert parsed[0].label == "gLyCoLiC acid"


def test_aliases_and_trade_names(catalog):
    text = "Mineral Oil, Shea Butter, Cocoa Butter, Vitamin A, SLS, Retinaldehyde, Octyl Stearate"
    assert [p.entry.inci_name for p in analyse(text, catalog)] == [
        "Paraffinum Liquidum",
        "Butyrospermum Parkii Butter",
        "Theobroma Cacao Seed Butter",
        "Retinol",
        "Sodium Lauryl Sulfate",
        "Retinal",
        "Ethylhexyl Stearate",
    ]


def test_unknown_names_are_kept_once_in_label_order(catalog):
    parsed = analyse("Aqua, Parfum, AQUA, aqua., Glycerin, Parfum*", catalog)
    assert [(p.label, p.entry is None) for p in parsed] == [
        ("Aqua", True),
        ("Parfum", True),
        ("Glycerin", False),
    ]


def test_generic_acid_families_are_not_ingredients(catalog):
    parsed = analyse("AHA, BHA, Aqua", catalog)
    assert all(p.entry is None for p in parsed)
    assert derived_marks(parsed) == frozenset()


def test_large_paste_still_works(catalog):
    label = LABELS["rich night cream"]["text"] + "\n" + LABELS["walnut scrub"]["text"] + "\n"
    filler = ", ".join(f"Plant Extract {n}" for n in range(200))
    text = (label + filler + "\n") * 40
    assert len(text) > 100_000

    parsed = analyse(text, catalog)

    assert "Isopropyl Myristate" in [p.entry.inci_name for p in parsed if p.entry]
    assert len([p for p in parsed if p.label == "Plant Extract 199"]) == 1
    assert comedogenic_verdict(parsed).comedogenic


# The seed data itself ----------------------------------------------------------------------


def test_catalog_rows_are_well_formed():
    assert len(INGREDIENTS) >= 45
    for row in INGREDIENTS:
        assert set(row) == {
            "inci_name",
            "aliases",
            "comedogenicity",
            "irritancy",
            "marks",
            "source_note",
        }
        assert row["comedogenicity"] is None or 0 <= row["comedogenicity"] <= 5
        assert row["irritancy"] is None or 0 <= row["irritancy"] <= 5
        assert set(row["marks"]) <= ALLOWED_MARKS
        assert row["source_note"].strip()


def test_catalog_names_do_not_collide(catalog):
    owners: dict[str, str] = {}
    for entry in catalog:
        for name in {normalise(n) for n in (entry.inci_name, *entry.aliases)}:
            assert owners.setdefault(name, entry.inci_name) == entry.inci_name, name
    assert "aqua" not in owners
    assert "aha" not in owners


def test_catalog_covers_the_brief():
    names = {row["inci_name"] for row in INGREDIENTS}
    for name in [
        "Isopropyl Myristate",
        "Cocos Nucifera Oil",
        "Sodium Lauryl Sulfate",
        "Petrolatum",
        "Adapalene",
        "Trifarotene",
        "Clobetasol Propionate",
        "Juglans Regia Shell Powder",
        "Hydrogenated Jojoba Oil",
        "Silica",
        "Polyethylene",
    ]:
        assert name in names
    by_name = {row["inci_name"]: row for row in INGREDIENTS}
    assert by_name["Silica"]["marks"] == []
    assert by_name["Hydrogenated Jojoba Oil"]["marks"] == ["abrasive"]
    assert by_name["Retinol"]["aliases"] == ["Vitamin A"]
