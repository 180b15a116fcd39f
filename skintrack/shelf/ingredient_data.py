"""Seed data for the ingredient catalog.

Each entry is a plain dict that staff can later edit in the admin:

- ``inci_name``: the INCI name as it usually appears on a label.
- ``aliases``: other spellings seen on packs (common names, trade names, older INCI names,
  the Latin name with its parenthetical).
- ``comedogenicity``: 0-5, from the commonly cited comedogenicity tables, or ``None`` when the
  ingredient has no common rating (most actives and medicines).
- ``irritancy``: 0-5 where the same tables give one, otherwise ``None``.
- ``marks``: any of "abrasive", "occlusive", "aha", "bha", "pha", "retinoid", "corticosteroid".
- ``source_note``: where the number comes from, and where sources disagree.

The ratings come from old rabbit-ear tests and from tables that repeat them; they say
something about an ingredient in isolation, not about a finished product. They are a rough
guide, and the app says so.
"""

_TABLES = "Commonly cited comedogenicity tables (rabbit ear model); indicative only."
_TABLES_FMT = "Commonly cited comedogenicity tables (rabbit ear model): {}. Indicative only."
_NO_RATING = "No common comedogenicity rating; listed for its marks."
_DRUG = "Medicine, not rated for comedogenicity; listed for its marks."
_ABRASIVE = "Gritty particle used in scrubs; not rated for comedogenicity."

INGREDIENTS: list[dict] = [
    # Esters and fatty alcohols with high ratings
    {
        "inci_name": "Isopropyl Myristate",
        "aliases": ["IPM"],
        "comedogenicity": 5,
        "irritancy": 3,
        "marks": [],
        "source_note": _TABLES,
    },
    {
        "inci_name": "Isopropyl Palmitate",
        "aliases": ["IPP"],
        "comedogenicity": 4,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES,
    },
    {
        "inci_name": "Myristyl Myristate",
        "aliases": [],
        "comedogenicity": 5,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES,
    },
    {
        "inci_name": "Isostearyl Isostearate",
        "aliases": [],
        "comedogenicity": 4,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES,
    },
    {
        "inci_name": "Ethylhexyl Stearate",
        "aliases": ["Octyl Stearate", "2-Ethylhexyl Stearate"],
        "comedogenicity": 5,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES_FMT.format("rated under its older name, octyl stearate"),
    },
    {
        "inci_name": "Laureth-4",
        "aliases": [],
        "comedogenicity": 5,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES,
    },
    {
        "inci_name": "Sodium Lauryl Sulfate",
        "aliases": ["SLS", "Sodium Lauryl Sulphate", "Sodium Dodecyl Sulfate"],
        "comedogenicity": 5,
        "irritancy": 5,
        "marks": [],
        "source_note": _TABLES_FMT.format(
            "rated 5 when left on the skin; rinse-off cleansers shorten contact, "
            "but it remains a well-known irritant"
        ),
    },
    {
        "inci_name": "Cetyl Alcohol",
        "aliases": [],
        "comedogenicity": 2,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES,
    },
    {
        "inci_name": "Cetearyl Alcohol",
        "aliases": ["Cetostearyl Alcohol"],
        "comedogenicity": 2,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES,
    },
    {
        "inci_name": "Stearic Acid",
        "aliases": [],
        "comedogenicity": 2,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES_FMT.format("sources give 2 or 3; 2 is used here"),
    },
    {
        "inci_name": "Caprylic/Capric Triglyceride",
        "aliases": ["Caprylic Capric Triglyceride"],
        "comedogenicity": 1,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES,
    },
    # Lanolin and its derivatives
    {
        "inci_name": "Acetylated Lanolin Alcohol",
        "aliases": [],
        "comedogenicity": 4,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES,
    },
    {
        "inci_name": "Lanolin",
        "aliases": [
            "Lanolin Anhydrous",
            "Anhydrous Lanolin",
            "Wool Wax",
            "Wool Fat",
            "Adeps Lanae",
        ],
        "comedogenicity": 1,
        "irritancy": None,
        "marks": ["occlusive"],
        "source_note": _TABLES_FMT.format(
            "sources disagree, from 0 for purified anhydrous lanolin to 2; 1 is used here"
        ),
    },
    # Plant oils and butters
    {
        "inci_name": "Cocos Nucifera Oil",
        "aliases": ["Coconut Oil", "Cocos Nucifera (Coconut) Oil", "Virgin Coconut Oil"],
        "comedogenicity": 4,
        "irritancy": None,
        "marks": ["occlusive"],
        "source_note": _TABLES_FMT.format(
            "usually rated 4; a few lists give lower figures, so treat it as a rough guide"
        ),
    },
    {
        "inci_name": "Theobroma Cacao Seed Butter",
        "aliases": ["Cocoa Butter", "Cacao Butter", "Theobroma Cacao (Cocoa) Seed Butter"],
        "comedogenicity": 4,
        "irritancy": None,
        "marks": ["occlusive"],
        "source_note": _TABLES,
    },
    {
        "inci_name": "Triticum Vulgare Germ Oil",
        "aliases": ["Wheat Germ Oil", "Triticum Vulgare (Wheat) Germ Oil"],
        "comedogenicity": 5,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES,
    },
    {
        "inci_name": "Linum Usitatissimum Seed Oil",
        "aliases": ["Linseed Oil", "Flaxseed Oil", "Linum Usitatissimum (Linseed) Seed Oil"],
        "comedogenicity": 4,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES,
    },
    {
        "inci_name": "Glycine Soja Oil",
        "aliases": ["Soybean Oil", "Soya Oil", "Glycine Soja (Soybean) Oil"],
        "comedogenicity": 3,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES,
    },
    {
        "inci_name": "Butyrospermum Parkii Butter",
        "aliases": [
            "Shea Butter",
            "Butyrospermum Parkii (Shea) Butter",
            "Butyrospermum Parkii (Shea Butter)",
            "Vitellaria Paradoxa Butter",
        ],
        "comedogenicity": 0,
        "irritancy": None,
        "marks": ["occlusive"],
        "source_note": _TABLES_FMT.format("most lists give 0, some up to 2"),
    },
    {
        "inci_name": "Simmondsia Chinensis Seed Oil",
        "aliases": ["Jojoba Oil", "Simmondsia Chinensis (Jojoba) Seed Oil"],
        "comedogenicity": 2,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES,
    },
    {
        "inci_name": "Argania Spinosa Kernel Oil",
        "aliases": ["Argan Oil", "Argania Spinosa (Argan) Kernel Oil"],
        "comedogenicity": 0,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES_FMT.format("listed as 0 in popular tables; little test data"),
    },
    {
        "inci_name": "Helianthus Annuus Seed Oil",
        "aliases": [
            "Sunflower Seed Oil",
            "Sunflower Oil",
            "Helianthus Annuus (Sunflower) Seed Oil",
        ],
        "comedogenicity": 0,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES_FMT.format("sources give 0 to 2; 0 is used here"),
    },
    {
        "inci_name": "Algae Extract",
        "aliases": ["Seaweed Extract"],
        "comedogenicity": 5,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES_FMT.format(
            "rated 5, but 'algae extract' covers many species, so the figure is very rough"
        ),
    },
    # Occlusives, silicones and humectants
    {
        "inci_name": "Paraffinum Liquidum",
        "aliases": ["Mineral Oil", "Liquid Paraffin", "Paraffin Oil"],
        "comedogenicity": 0,
        "irritancy": None,
        "marks": ["occlusive"],
        "source_note": _TABLES_FMT.format(
            "cosmetic-grade mineral oil is usually rated 0; older lists give up to 2"
        ),
    },
    {
        "inci_name": "Petrolatum",
        "aliases": ["Petroleum Jelly", "White Petrolatum", "White Soft Paraffin", "Vaseline"],
        "comedogenicity": 0,
        "irritancy": None,
        "marks": ["occlusive"],
        "source_note": _TABLES_FMT.format("sources give 0 or 1; 0 is used here"),
    },
    {
        "inci_name": "Dimethicone",
        "aliases": [],
        "comedogenicity": 1,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES_FMT.format(
            "forms a light, breathable film, so it is not marked occlusive here"
        ),
    },
    {
        "inci_name": "Squalane",
        "aliases": [],
        "comedogenicity": 1,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES_FMT.format(
            "most lists give 1; squalene (with an e) is a different ingredient, rated higher"
        ),
    },
    {
        "inci_name": "Glycerin",
        "aliases": ["Glycerine", "Glycerol"],
        "comedogenicity": 0,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES,
    },
    {
        "inci_name": "Sodium Hyaluronate",
        "aliases": ["Hyaluronic Acid"],
        "comedogenicity": None,
        "irritancy": None,
        "marks": [],
        "source_note": "Not in the classic tables; popular lists give 0. Not rated here.",
    },
    {
        "inci_name": "Niacinamide",
        "aliases": ["Nicotinamide", "Vitamin B3"],
        "comedogenicity": None,
        "irritancy": None,
        "marks": [],
        "source_note": _NO_RATING,
    },
    # Mineral UV filters
    {
        "inci_name": "Zinc Oxide",
        "aliases": ["CI 77947"],
        "comedogenicity": 1,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES,
    },
    {
        "inci_name": "Titanium Dioxide",
        "aliases": ["CI 77891"],
        "comedogenicity": 0,
        "irritancy": None,
        "marks": [],
        "source_note": _TABLES,
    },
    # Chemical exfoliants
    {
        "inci_name": "Glycolic Acid",
        "aliases": [],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["aha"],
        "source_note": _NO_RATING,
    },
    {
        "inci_name": "Lactic Acid",
        "aliases": [],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["aha"],
        "source_note": _NO_RATING,
    },
    {
        "inci_name": "Mandelic Acid",
        "aliases": [],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["aha"],
        "source_note": _NO_RATING,
    },
    {
        "inci_name": "Salicylic Acid",
        "aliases": [],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["bha"],
        "source_note": _NO_RATING,
    },
    {
        "inci_name": "Betaine Salicylate",
        "aliases": [],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["bha"],
        "source_note": _NO_RATING,
    },
    {
        "inci_name": "Gluconolactone",
        "aliases": [],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["pha"],
        "source_note": _NO_RATING,
    },
    {
        "inci_name": "Lactobionic Acid",
        "aliases": [],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["pha"],
        "source_note": _NO_RATING,
    },
    # Retinoids
    {
        "inci_name": "Retinol",
        "aliases": ["Vitamin A"],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["retinoid"],
        "source_note": _NO_RATING,
    },
    {
        "inci_name": "Retinal",
        "aliases": ["Retinaldehyde"],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["retinoid"],
        "source_note": _NO_RATING,
    },
    {
        "inci_name": "Retinyl Palmitate",
        "aliases": ["Vitamin A Palmitate"],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["retinoid"],
        "source_note": _NO_RATING,
    },
    {
        "inci_name": "Adapalene",
        "aliases": [],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["retinoid"],
        "source_note": _DRUG,
    },
    {
        "inci_name": "Tretinoin",
        "aliases": ["Retinoic Acid", "All-Trans Retinoic Acid"],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["retinoid"],
        "source_note": _DRUG,
    },
    {
        "inci_name": "Tazarotene",
        "aliases": [],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["retinoid"],
        "source_note": _DRUG,
    },
    {
        "inci_name": "Trifarotene",
        "aliases": [],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["retinoid"],
        "source_note": _DRUG,
    },
    # Corticosteroids
    {
        "inci_name": "Hydrocortisone",
        "aliases": [],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["corticosteroid"],
        "source_note": _DRUG,
    },
    {
        "inci_name": "Hydrocortisone Acetate",
        "aliases": [],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["corticosteroid"],
        "source_note": _DRUG,
    },
    {
        "inci_name": "Betamethasone Valerate",
        "aliases": ["Betamethasone 17-Valerate"],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["corticosteroid"],
        "source_note": _DRUG,
    },
    {
        "inci_name": "Clobetasol Propionate",
        "aliases": [],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["corticosteroid"],
        "source_note": _DRUG,
    },
    # Scrub particles, and powders that are not scrubs
    {
        "inci_name": "Juglans Regia Shell Powder",
        "aliases": ["Walnut Shell Powder", "Juglans Regia (Walnut) Shell Powder"],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["abrasive"],
        "source_note": _ABRASIVE,
    },
    {
        "inci_name": "Prunus Armeniaca Seed Powder",
        "aliases": [
            "Apricot Seed Powder",
            "Apricot Kernel Powder",
            "Prunus Armeniaca (Apricot) Seed Powder",
        ],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["abrasive"],
        "source_note": _ABRASIVE,
    },
    {
        "inci_name": "Pumice",
        "aliases": ["Pumice Powder"],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["abrasive"],
        "source_note": _ABRASIVE,
    },
    {
        "inci_name": "Polyethylene",
        "aliases": ["Polyethylene Beads", "Microbeads"],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["abrasive"],
        "source_note": _ABRASIVE + " Plastic microbeads are banned in rinse-off products in "
        "many countries but still appear on older packs.",
    },
    {
        "inci_name": "Hydrogenated Jojoba Oil",
        "aliases": ["Jojoba Beads"],
        "comedogenicity": None,
        "irritancy": None,
        "marks": ["abrasive"],
        "source_note": "Usually present as the waxy beads of scrubs, so marked abrasive; "
        "in a balm it is just a wax. Not rated for comedogenicity.",
    },
    {
        "inci_name": "Jojoba Esters",
        "aliases": [],
        "comedogenicity": None,
        "irritancy": None,
        "marks": [],
        "source_note": "Mostly a smooth emollient; scrub beads made from it are usually "
        "listed as hydrogenated jojoba oil. Not rated for comedogenicity.",
    },
    {
        "inci_name": "Silica",
        "aliases": [],
        "comedogenicity": None,
        "irritancy": None,
        "marks": [],
        "source_note": "Fine powder used for texture and oil control, not a scrub particle. "
        "Not rated for comedogenicity.",
    },
]
