"""Ingredient-list parsing and the derived comedogenic flag: pure Python, no database."""

import pytest

from skintrack.shelf.inci import (
    CatalogEntry,
    IndexedCatalog,
    ParsedIngredient,
    analyse,
    comedogenic_verdict,
    derived_marks,
    indexed,
    normalise,
    split_inci,
)
from skintrack.shelf.ingredient_data import INGREDIENTS

ALLOWED_MARKS = {
    "abrasive", "occlusive", "aha", "bha", "pha", "retinoid", "corticosteroid", "oil",
    "fragrance", "essential_oil", "uv_filter", "emollient", "humectant", "surfactant",
    "preservative", "colourant",
}  # fmt: skip
# The parsing cases below were written against a small catalog with only the marks the rules
# use; they keep that catalog so that a growing data file does not rewrite what they check.
SMALL_CATALOG_MARKS = {"abrasive", "occlusive", "aha", "bha", "pha", "retinoid", "corticosteroid"}
SMALL_CATALOG = {
    "Isopropyl Myristate", "Isopropyl Palmitate", "Myristyl Myristate", "Isostearyl Isostearate",
    "Ethylhexyl Stearate", "Laureth-4", "Sodium Lauryl Sulfate", "Cetyl Alcohol",
    "Cetearyl Alcohol", "Stearic Acid", "Caprylic/Capric Triglyceride",
    "Acetylated Lanolin Alcohol", "Lanolin", "Cocos Nucifera Oil", "Theobroma Cacao Seed Butter",
    "Triticum Vulgare Germ Oil", "Linum Usitatissimum Seed Oil", "Glycine Soja Oil",
    "Butyrospermum Parkii Butter", "Simmondsia Chinensis Seed Oil", "Argania Spinosa Kernel Oil",
    "Helianthus Annuus Seed Oil", "Algae Extract", "Paraffinum Liquidum", "Petrolatum",
    "Dimethicone", "Squalane", "Glycerin", "Sodium Hyaluronate", "Niacinamide", "Zinc Oxide",
    "Titanium Dioxide", "Glycolic Acid", "Lactic Acid", "Mandelic Acid", "Salicylic Acid",
    "Betaine Salicylate", "Gluconolactone", "Lactobionic Acid", "Retinol", "Retinal",
    "Retinyl Palmitate", "Adapalene", "Tretinoin", "Tazarotene", "Trifarotene", "Hydrocortisone",
    "Hydrocortisone Acetate", "Betamethasone Valerate", "Clobetasol Propionate",
    "Juglans Regia Shell Powder", "Prunus Armeniaca Seed Powder", "Pumice", "Polyethylene",
    "Hydrogenated Jojoba Oil", "Jojoba Esters", "Silica",
}  # fmt: skip
SMALL_CATALOG_ALIASES = {  # aliases the file has added since
    "Caprylic Capric Triglyceride", "Lanolin Anhydrous", "Anhydrous Lanolin", "Wool Wax",
    "Wool Fat", "Adeps Lanae", "Coconut Oil", "Cocos Nucifera (Coconut) Oil", "Virgin Coconut Oil",
    "Cocoa Butter", "Cacao Butter", "Theobroma Cacao (Cocoa) Seed Butter", "Wheat Germ Oil",
    "Triticum Vulgare (Wheat) Germ Oil", "Linseed Oil", "Flaxseed Oil",
    "Linum Usitatissimum (Linseed) Seed Oil", "Soybean Oil", "Soya Oil",
    "Glycine Soja (Soybean) Oil", "Shea Butter", "Butyrospermum Parkii (Shea) Butter",
    "Butyrospermum Parkii (Shea Butter)", "Vitellaria Paradoxa Butter", "Jojoba Oil",
    "Simmondsia Chinensis (Jojoba) Seed Oil", "Argan Oil", "Argania Spinosa (Argan) Kernel Oil",
    "Sunflower Seed Oil", "Sunflower Oil", "Helianthus Annuus (Sunflower) Seed Oil",
    "Seaweed Extract", "Mineral Oil", "Liquid Paraffin", "Paraffin Oil", "Petroleum Jelly",
    "White Petrolatum", "White Soft Paraffin", "Vaseline", "Glycerine", "Glycerol",
    "Hyaluronic Acid", "Nicotinamide", "Vitamin B3", "CI 77947", "CI 77891", "Vitamin A",
    "Retinaldehyde", "Vitamin A Palmitate", "Retinoic Acid", "All-Trans Retinoic Acid",
    "Betamethasone 17-Valerate", "Walnut Shell Powder", "Juglans Regia (Walnut) Shell Powder",
    "Apricot Seed Powder", "Apricot Kernel Powder", "Prunus Armeniaca (Apricot) Seed Powder",
    "Pumice Powder", "Polyethylene Beads", "Microbeads", "Jojoba Beads", "IPM", "IPP",
    "Octyl Stearate", "2-Ethylhexyl Stearate", "SLS", "Sodium Lauryl Sulphate",
    "Sodium Dodecyl Sulfate", "Cetostearyl Alcohol",
}  # fmt: skip


@pytest.fixture(scope="module")
def catalog() -> list[CatalogEntry]:
    return [
        CatalogEntry(
            inci_name=row["inci_name"],
            aliases=tuple(a for a in row["aliases"] if a in SMALL_CATALOG_ALIASES),
            comedogenicity=row["comedogenicity"],
            marks=frozenset(row["marks"]) & SMALL_CATALOG_MARKS,
        )
        for row in INGREDIENTS
        if row["inci_name"] in SMALL_CATALOG
    ]


@pytest.fixture(scope="module")
def full_catalog() -> list[CatalogEntry]:
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


def test_catalog_names_do_not_collide(full_catalog):
    owners: dict[str, str] = {}
    for entry in full_catalog:
        for name in {normalise(n) for n in (entry.inci_name, *entry.aliases)}:
            assert owners.setdefault(name, entry.inci_name) == entry.inci_name, name
    assert owners["aqua"] == "Water"
    assert owners["parfum"] == owners["fragrance"] == "Parfum"
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


# Parsing details found on real labels -------------------------------------------------------


def test_colour_index_numbers_match_however_they_are_punctuated(full_catalog):
    spellings = ["CI 77491", "C.I. 77491", "Ci 77491", "CI77491", "C. I. 77491"]
    for spelling in spellings:
        (parsed,) = analyse(spelling, full_catalog)
        assert parsed.entry is not None and parsed.entry.inci_name == "CI 77491", spelling


def test_a_percentage_between_two_names_separates_them(full_catalog):
    parsed = analyse("Active Ingredients: Camphor 0.6% Menthol 0.6%", full_catalog)
    assert [p.label for p in parsed] == ["Camphor", "Menthol"]
    parsed = analyse("2% Salicylic Acid, Niacinamide 5% w/w", full_catalog)
    assert [p.label for p in parsed] == ["Salicylic Acid", "Niacinamide"]


def test_and_before_the_last_item_of_a_prose_list_is_dropped(full_catalog):
    parsed = analyse("purified water, squalane, and trolamine", full_catalog)
    assert [p.entry.inci_name for p in parsed] == ["Water", "Squalane", "Triethanolamine"]


def test_all_shades_may_contain_opens_a_may_contain_list():
    assert split_inci("Talc, Silica. All Shades May Contain: CI 77891, CI 77491") == [
        ("Talc", False),
        ("Silica", False),
        ("CI 77891", True),
        ("CI 77491", True),
    ]


def test_a_pharmacopoeia_grade_does_not_hide_the_name(full_catalog):
    (parsed,) = analyse("Hydrocortisone USP 1%", full_catalog)
    assert parsed.entry.inci_name == "Hydrocortisone"


# What a person pasting a label would notice --------------------------------------------------


def _read(text, catalog):
    return [
        (p.label, p.entry.inci_name if p.entry else None, p.may_contain)
        for p in analyse(text, catalog)
    ]


def test_one_ingredient_per_line_gives_one_ingredient_a_line(catalog):
    assert _read("Aqua\nGlycerin\r\nCetearyl Alcohol\rDimethicone\n", catalog) == [
        ("Aqua", None, False),
        ("Glycerin", "Glycerin", False),
        ("Cetearyl Alcohol", "Cetearyl Alcohol", False),
        ("Dimethicone", "Dimethicone", False),
    ]


def test_a_long_name_wrapped_over_two_lines_of_a_comma_list_stays_one(catalog):
    assert _read("Aqua, Butyrospermum Parkii\nButter, Glycerin,\nSqualane", catalog) == [
        ("Aqua", None, False),
        ("Butyrospermum Parkii Butter", "Butyrospermum Parkii Butter", False),
        ("Glycerin", "Glycerin", False),
        ("Squalane", "Squalane", False),
    ]


def test_a_comma_inside_brackets_does_not_split_the_name(catalog):
    assert _read("Aqua (Water, Eau), Glycerin [Glycerine, Glycerol], Silica", catalog) == [
        ("Aqua (Water, Eau)", None, False),
        ("Glycerin [Glycerine, Glycerol]", "Glycerin", False),
        ("Silica", "Silica", False),
    ]


def test_an_unclosed_bracket_does_not_swallow_the_rest_of_the_list(catalog):
    for opening in "([":
        text = f"Aqua {opening}Water, Glycerin, Dimethicone"
        assert _read(text, catalog) == [
            (f"Aqua {opening}Water", None, False),
            ("Glycerin", "Glycerin", False),
            ("Dimethicone", "Dimethicone", False),
        ], text


def test_a_closed_bracket_after_an_unclosed_one_still_splits_the_list(catalog):
    assert split_inci("Aqua (Water), Mica (CI 77019, Glycerin") == [
        ("Aqua (Water)", False),
        ("Mica (CI 77019", False),
        ("Glycerin", False),
    ]


def test_colour_index_with_dots_matches_the_catalog_spelling(catalog):
    assert _read("Mica, C.I. 77891, Talc, CI77947", catalog) == [
        ("Mica", None, False),
        ("C.I. 77891", "Titanium Dioxide", False),
        ("Talc", None, False),
        ("CI77947", "Zinc Oxide", False),
    ]
    assert normalise("C. I. 77891") == normalise("ci77891") == "ci 77891"


def test_may_contain_section_after_the_list(catalog):
    text = "Aqua, Glycerin. May contain (+/-): Mica, CI 77891"
    assert _read(text, catalog) == [
        ("Aqua", None, False),
        ("Glycerin", "Glycerin", False),
        ("Mica", None, True),
        ("CI 77891", "Titanium Dioxide", True),
    ]


@pytest.mark.parametrize("marker", ["Peut contenir:", "Kann enthalten:", "Puede contener:", "±"])
def test_may_contain_in_other_languages(marker):
    assert split_inci(f"Aqua, Mica. {marker} CI 77891, CI 77491") == [
        ("Aqua", False),
        ("Mica", False),
        ("CI 77891", True),
        ("CI 77491", True),
    ]


def test_a_bracketed_may_contain_ends_at_its_closing_bracket():
    assert split_inci("Talc, Mica (+/- CI 77891 [Titanium], CI 77491), Silica, Kaolin") == [
        ("Talc", False),
        ("Mica", False),
        ("CI 77891 [Titanium]", True),
        ("CI 77491", True),
        ("Silica", False),
        ("Kaolin", False),
    ]


def test_two_bracketed_may_contain_sections_in_one_list():
    assert split_inci("Talc [+/- CI 77891], Silica, Mica (May contain: CI 77491), Kaolin") == [
        ("Talc", False),
        ("CI 77891", True),
        ("Silica", False),
        ("Mica", False),
        ("CI 77491", True),
        ("Kaolin", False),
    ]


def test_an_ingredient_listed_twice_is_may_contain_only_if_both_mentions_are(catalog):
    text = "Silica, Mica. May contain: Titanium Dioxide, Silica, CI 77891"
    assert _read(text, catalog) == [
        ("Silica", "Silica", False),
        ("Mica", None, False),
        ("Titanium Dioxide", "Titanium Dioxide", True),
    ]


def test_names_joined_by_and_are_two_ingredients(catalog):
    assert _read("Glycerin and Dimethicone, Aqua, Squalane & Petrolatum", catalog) == [
        ("Glycerin", "Glycerin", False),
        ("Dimethicone", "Dimethicone", False),
        ("Aqua", None, False),
        ("Squalane", "Squalane", False),
        ("Petrolatum", "Petrolatum", False),
    ]


def test_a_catalog_name_containing_and_stays_one_ingredient(full_catalog):
    (parsed,) = analyse("Mineral Oil and Lanolin Alcohol", full_catalog)
    assert parsed.entry.inci_name == "Mineral Oil and Lanolin Alcohol"
    assert parsed.label == "Mineral Oil and Lanolin Alcohol"


def test_and_inside_brackets_does_not_split(catalog):
    assert _read("Glycerin (Glycerine and Glycerol), Aqua", catalog) == [
        ("Glycerin (Glycerine and Glycerol)", "Glycerin", False),
        ("Aqua", None, False),
    ]


def test_slash_alternatives_are_one_ingredient(catalog):
    assert _read("Water/Aqua/Eau, Aqua / Glycerine, Squalane/Isopropyl Myristate", catalog) == [
        ("Water/Aqua/Eau", None, False),
        ("Aqua / Glycerine", "Glycerin", False),
        ("Squalane/Isopropyl Myristate", "Squalane", False),
    ]


def test_water_aqua_eau_is_water_in_the_full_catalog(full_catalog):
    (parsed,) = analyse("Water/Aqua/Eau", full_catalog)
    assert parsed.label == "Water/Aqua/Eau"
    assert parsed.entry.inci_name == "Water"


def test_percentages_in_every_spelling_are_dropped_from_the_name(catalog):
    text = "Aqua 70%, Glycerin 5.5 %, < 1% Squalane, Niacinamide ≤2%, Adapalene (0.1% w/v)"
    assert _read(text, catalog) == [
        ("Aqua", None, False),
        ("Glycerin", "Glycerin", False),
        ("Squalane", "Squalane", False),
        ("Niacinamide", "Niacinamide", False),
        ("Adapalene", "Adapalene", False),
    ]


def test_numbers_with_commas_in_a_name_are_not_separators(catalog):
    assert split_inci("1,2-Hexanediol, Aqua") == [("1,2-Hexanediol", False), ("Aqua", False)]


def test_a_heading_is_not_an_ingredient():
    text = "INGREDIENTS/INGRÉDIENTS : Aqua, Glycerin. Inactive ingredients: Squalane"
    assert split_inci(text) == [("Aqua", False), ("Glycerin", False), ("Squalane", False)]


def test_a_footnote_after_the_list_is_not_an_ingredient():
    text = "Aqua, Aloe Barbadensis Leaf Juice*, Glycerin. *Certified organic ingredient"
    assert split_inci(text) == [
        ("Aqua", False),
        ("Aloe Barbadensis Leaf Juice", False),
        ("Glycerin", False),
    ]


def test_bullets_and_stray_marks_around_names_are_dropped():
    text = "• Aqua\n• Glycerin†\n– Squalane:\n() Silica\n[ ] Mica\n*"
    assert split_inci(text) == [
        ("Aqua", False),
        ("Glycerin", False),
        ("Squalane", False),
        ("Silica", False),
        ("Mica", False),
    ]


def test_qualifiers_like_organic_do_not_hide_the_name(catalog):
    text = "Organic Cocos Nucifera Oil, Pure Squalane, Glycerin USP, Cold Pressed Jojoba Oil"
    assert [p.entry.inci_name for p in analyse(text, catalog)] == [
        "Cocos Nucifera Oil",
        "Squalane",
        "Glycerin",
        "Simmondsia Chinensis Seed Oil",
    ]


def test_a_name_found_only_in_its_brackets_is_matched(catalog):
    assert _read("Seed Blend (Jojoba Oil)", catalog) == [
        ("Seed Blend (Jojoba Oil)", "Simmondsia Chinensis Seed Oil", False),
    ]


# The comedogenic verdict at its threshold ------------------------------------------------------


def _rated(name, rating):
    return ParsedIngredient(name, CatalogEntry(name, comedogenicity=rating))


def test_verdict_reason_names_the_highest_rating_below_the_threshold():
    parsed = [_rated("Low", 1), _rated("High", 2), _rated("Zero", 0)]
    verdict = comedogenic_verdict(parsed)
    assert verdict == comedogenic_verdict(parsed, threshold=3)
    assert not verdict.comedogenic
    assert verdict.flagged == ()
    assert verdict.reason == "No ingredient is rated 3 or more; the highest is High (rated 2)."


def test_verdict_at_a_threshold_of_one():
    rated_zero = [_rated("Glycerin", 0), _rated("Squalane", 1)]
    verdict = comedogenic_verdict(rated_zero, threshold=1)
    assert verdict.comedogenic
    assert verdict.reason == (
        "Contains Squalane (rated 1). Ingredients rated 1 or more on the 0–5 comedogenicity "
        "scale can clog skin (an indicative guide)."
    )
    assert verdict.flagged == (rated_zero[1],)


def test_no_rating_at_a_threshold_of_one_is_not_comedogenic():
    parsed = [_rated("Silica", None), _rated("Retinol", None)]
    verdict = comedogenic_verdict(parsed, threshold=1)
    assert verdict == comedogenic_verdict(iter(parsed), threshold=1)
    assert not verdict.comedogenic
    assert verdict.reason == "None of the recognised ingredients has a comedogenicity rating."


def test_rated_zero_at_a_threshold_of_one_says_the_highest_is_zero():
    verdict = comedogenic_verdict([_rated("Glycerin", 0), _rated("Silica", None)], threshold=1)
    assert not verdict.comedogenic
    assert verdict.reason == "No ingredient is rated 1 or more; the highest is Glycerin (rated 0)."


def test_verdict_counts_the_unrecognised_ingredients():
    parsed = [_rated("Glycerin", 0), ParsedIngredient("Aqua", None), ParsedIngredient("X", None)]
    assert comedogenic_verdict(parsed).reason == (
        "No ingredient is rated 3 or more; the highest is Glycerin (rated 0). "
        "Not recognised: 2 of 3, so this check is incomplete."
    )
    only_unknown = [ParsedIngredient("Aqua", None)]
    assert comedogenic_verdict(only_unknown).reason == (
        "None of the recognised ingredients has a comedogenicity rating. "
        "Not recognised: 1 of 1, so this check is incomplete."
    )


def test_verdict_from_a_generator_still_flags(catalog):
    verdict = comedogenic_verdict(p for p in analyse("Aqua, Coconut Oil", catalog))
    assert verdict.comedogenic
    assert [p.entry.inci_name for p in verdict.flagged] == ["Cocos Nucifera Oil"]


def test_empty_list_verdict_says_there_is_nothing_to_check():
    verdict = comedogenic_verdict([])
    assert verdict == comedogenic_verdict([], threshold=1)
    assert verdict.comedogenic is False
    assert verdict.reason == "No ingredient list to check."


# Derived marks ----------------------------------------------------------------------------------


def _marked(*marks):
    return ParsedIngredient("X", CatalogEntry("X", marks=frozenset(marks)))


@pytest.mark.parametrize("acid", ["aha", "bha", "pha"])
def test_any_acid_family_makes_an_exfoliant(acid):
    assert derived_marks([_marked(acid)]) == {acid, "exfoliant"}


def test_an_abrasive_makes_a_scrub_and_marks_of_all_ingredients_are_joined():
    parsed = [_marked("abrasive"), ParsedIngredient("Aqua", None), _marked("occlusive")]
    assert derived_marks(parsed) == {"abrasive", "scrub", "occlusive"}
    assert derived_marks(iter(parsed)) == {"abrasive", "scrub", "occlusive"}
    assert derived_marks([_marked("occlusive", "retinoid")]) == {"occlusive", "retinoid"}


def test_pha_and_abrasive_in_the_catalog(catalog):
    marks = derived_marks(analyse("Gluconolactone, Pumice", catalog))
    assert marks == {"pha", "exfoliant", "abrasive", "scrub"}


# The catalog and its memo ---------------------------------------------------------------------


def test_catalog_entry_from_a_row_with_missing_fields():
    entry = CatalogEntry.from_dict({"inci_name": "Aqua", "aliases": None, "marks": None})
    assert entry == CatalogEntry("Aqua")
    full = CatalogEntry.from_dict(
        {
            "inci_name": "Squalane",
            "aliases": ["Perhydrosqualene"],
            "comedogenicity": 1,
            "marks": ["emollient"],
            "irritancy": 0,
            "source_note": "Fulton 1989",
            "description": "A light oil.",
        }
    )
    assert full == CatalogEntry(
        "Squalane", ("Perhydrosqualene",), 1, frozenset({"emollient"}), 0, "Fulton 1989",
        "A light oil.",
    )  # fmt: skip


def test_an_indexed_catalog_gives_the_same_answer_as_a_plain_one(catalog):
    fast = indexed(catalog)
    assert list(fast) == list(catalog)
    for case in LABELS.values():
        assert analyse(case["text"], fast) == analyse(case["text"], catalog)
        assert analyse(case["text"], fast) == analyse(case["text"], catalog)  # from the memo


def test_the_memo_is_not_changed_by_changing_a_result(catalog):
    fast = indexed(catalog)
    first = analyse("Aqua, Glycerin", fast)
    first.append(ParsedIngredient("Extra", None))
    assert [p.label for p in analyse("Aqua, Glycerin", fast)] == ["Aqua", "Glycerin"]
    assert list(fast.analysed) == ["Aqua, Glycerin"]


def test_the_memo_forgets_everything_when_full(catalog, monkeypatch):
    monkeypatch.setattr(IndexedCatalog, "MAX_REMEMBERED", 2)
    fast = indexed(catalog)
    analyse("Aqua", fast)
    analyse("Glycerin", fast)
    assert list(fast.analysed) == ["Aqua", "Glycerin"]
    analyse("Aqua", fast)  # remembered: nothing forgotten
    assert list(fast.analysed) == ["Aqua", "Glycerin"]
    assert [p.entry.inci_name for p in analyse("Squalane", fast)] == ["Squalane"]
    assert list(fast.analysed) == ["Squalane"]


def test_an_alias_with_brackets_matches_with_or_without_them():
    entry = CatalogEntry("Cocos Nucifera Oil", aliases=("Cocos Nucifera (Coconut) Oil",))
    fast = indexed([entry, CatalogEntry("Cocos Nucifera Oil Two", aliases=("Cocos Nucifera Oil",))])
    assert fast.index["cocos nucifera coconut oil"] is entry
    assert fast.index["cocos nucifera oil"] is entry  # the first entry keeps a shared name


# More parsing details: spacing, line endings and brackets as pasted ---------------------------


def test_an_ingredient_first_listed_as_may_contain_then_outright_is_not_may_contain(catalog):
    parsed = analyse("Mica [+/- CI 77891], Titanium Dioxide", catalog)
    assert [(p.label, p.may_contain) for p in parsed] == [("Mica", False), ("CI 77891", False)]
    assert parsed[1].may_contain is False


def test_a_bracketed_may_contain_without_spaces_around_it_loses_no_letter():
    assert split_inci("Talc, Mica[+/- CI 77891]Silica, Kaolin") == [
        ("Talc", False),
        ("Mica", False),
        ("CI 77891", True),
        ("Silica", False),
        ("Kaolin", False),
    ]


def test_spaces_inside_a_bracketed_may_contain_still_end_it_at_the_bracket():
    assert split_inci("Talc, Mica ( +/- CI 77891 ), Silica") == [
        ("Talc", False),
        ("Mica", False),
        ("CI 77891", True),
        ("Silica", False),
    ]


def test_a_bracketed_may_contain_and_a_may_contain_at_the_end_are_both_kept():
    assert split_inci("Talc [+/- CI 77891], Silica. May contain: CI 77491") == [
        ("Talc", False),
        ("CI 77891", True),
        ("Silica", False),
        ("CI 77491", True),
    ]


def test_a_name_ending_in_x_before_may_contain_keeps_its_last_letter():
    assert split_inci("AQUA, CERA ALBA, BORAX\nMAY CONTAIN: CI 77891") == [
        ("AQUA", False),
        ("CERA ALBA", False),
        ("BORAX", False),
        ("CI 77891", True),
    ]


def test_a_list_that_opens_with_may_contain_is_all_may_contain():
    assert split_inci("May contain: CI 77891, CI 77491") == [("CI 77891", True), ("CI 77491", True)]


def test_a_bracket_closing_just_before_may_contain_stays_with_its_name():
    assert split_inci("Talc, Mica (CI 77019)\nMay contain: CI 77891") == [
        ("Talc", False),
        ("Mica (CI 77019)", False),
        ("CI 77891", True),
    ]


def test_a_comma_inside_the_brackets_of_the_last_or_first_name_does_not_split_it():
    assert split_inci("Glycerin, Aqua (Water, Eau)") == [
        ("Glycerin", False),
        ("Aqua (Water, Eau)", False),
    ]
    assert split_inci("(Aqua, Eau) Water, Glycerin") == [
        ("(Aqua, Eau) Water", False),
        ("Glycerin", False),
    ]


def test_one_ingredient_per_line_with_a_comma_on_one_line_is_not_joined():
    assert split_inci("Aqua (Water, Eau)\nGlycerin\nSqualane") == [
        ("Aqua (Water, Eau)", False),
        ("Glycerin", False),
        ("Squalane", False),
    ]


def test_a_long_name_wrapped_with_windows_line_endings_stays_one():
    assert split_inci("Aqua, Butyrospermum Parkii\r\nButter, Glycerin") == [
        ("Aqua", False),
        ("Butyrospermum Parkii Butter", False),
        ("Glycerin", False),
    ]


def test_apostrophes_and_dots_do_not_change_a_name():
    assert normalise("St. John’s Wort") == normalise("St Johns Wort") == "st johns wort"
    assert normalise("Hamamelis Virginiana (Witch Hazel's) Water") == (
        "hamamelis virginiana witch hazels water"
    )


def test_a_catalog_name_that_starts_with_a_qualifier_word_is_found_whole(full_catalog):
    (parsed,) = analyse("Natural Red 4", full_catalog)
    assert parsed.entry.inci_name == "CI 75470"


def test_a_catalog_name_with_a_bracket_matches_a_label_without_it():
    shea = CatalogEntry("Butyrospermum Parkii (Shea) Butter", comedogenicity=0)
    (parsed,) = analyse("Butyrospermum Parkii Butter", [shea])
    assert parsed.entry is shea
