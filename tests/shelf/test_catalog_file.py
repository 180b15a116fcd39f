"""The catalog data file, its loading by the migration and by ``manage.py load_ingredients``."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from skintrack.shelf.catalog_file import CATALOG_PATH, COLUMNS, read_catalog
from skintrack.shelf.models import Ingredient, Mark

ROWS = read_catalog()
PUBLISHED = ("Fulton 1989", "Kligman 1996", "Fulton et al. 1984")


def test_the_file_has_at_least_400_distinct_ingredients():
    names = [row["inci_name"] for row in ROWS]
    assert len(names) >= 400
    assert len({name.lower() for name in names}) == len(names)


def test_every_row_is_well_formed():
    for row in ROWS:
        assert set(row["marks"]) <= set(Mark.values), row["inci_name"]
        assert row["functions"], row["inci_name"]  # what it does, from CosIng
        assert row["source_note"], row["inci_name"]
        assert len(row["source_note"]) <= 300 and len(row["description"]) <= 300
        assert not row["cas_number"] or row["cas_number"].count("-") == 2


def test_a_rating_always_names_the_publication_it_comes_from():
    rated = [row for row in ROWS if row["comedogenicity"] is not None]
    assert len(rated) >= 100
    for row in rated:
        assert any(paper in row["source_note"] for paper in PUBLISHED), row["inci_name"]
    for row in ROWS:
        if row["comedogenicity"] is None:
            assert "no published comedogenicity rating" in row["source_note"], row["inci_name"]


def test_known_published_grades_are_kept():
    by_name = {row["inci_name"]: row for row in ROWS}
    # Fulton 1989, Table III: fatty acids in sunflower oil (comedogenicity, irritancy)
    assert (by_name["Lauric Acid"]["comedogenicity"], by_name["Lauric Acid"]["irritancy"]) == (4, 1)
    assert by_name["Myristic Acid"]["comedogenicity"] == 3
    assert by_name["Palmitic Acid"]["comedogenicity"] == 2
    # Table II: D&C Red 36 in mineral oil
    assert by_name["CI 12085"]["comedogenicity"] == 3
    assert by_name["Isopropyl Myristate"]["comedogenicity"] == 5
    assert by_name["Water"]["comedogenicity"] is None


def test_a_broken_file_is_refused_with_the_line(tmp_path):
    path = tmp_path / "ingredients.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerow(["Oddity", "", "", "7", "", "", "", "", ""])
    with pytest.raises(ValueError, match="line 2"):
        read_catalog(path)
    with pytest.raises(CommandError, match="line 2"):
        call_command("load_ingredients", file=str(path))


@pytest.mark.django_db
def test_the_migration_loaded_the_whole_file():
    assert Ingredient.objects.count() == len(ROWS)
    water = Ingredient.objects.get(inci_name="Water")
    assert "Aqua" in water.aliases and water.cas_number == "7732-18-5"
    assert water.functions == ["solvent"]


@pytest.mark.django_db
def test_load_ingredients_updates_in_place_and_keeps_staff_additions():
    edited = Ingredient.objects.get(inci_name="Isopropyl Myristate")
    edited.comedogenicity, edited.aliases = 1, []
    edited.save()
    Ingredient.objects.get(inci_name="Parfum").delete()
    Ingredient.objects.create(inci_name="House Blend Extract", comedogenicity=2)
    ids = dict(Ingredient.objects.values_list("inci_name", "id"))

    out = io.StringIO()
    call_command("load_ingredients", stdout=out)

    assert f"{len(ROWS)} ingredients in the file: 1 added, 1 updated." in out.getvalue()
    restored = Ingredient.objects.get(inci_name="Isopropyl Myristate")
    assert restored.id == ids["Isopropyl Myristate"]  # the same row, updated
    assert (restored.comedogenicity, restored.aliases) == (5, ["IPM"])
    assert Ingredient.objects.filter(inci_name="Parfum").exists()
    assert Ingredient.objects.get(inci_name="House Blend Extract").comedogenicity == 2

    call_command("load_ingredients", stdout=out)  # a second run changes nothing
    assert out.getvalue().endswith("0 added, 0 updated.\n")


@pytest.mark.django_db
def test_a_reload_that_only_changes_ratings_reaches_servers_that_kept_the_catalog():
    from skintrack.guidance.selectors import ingredient_catalog

    myristate = Ingredient.objects.get(inci_name="Isopropyl Myristate")
    Ingredient.objects.filter(pk=myristate.pk).update(comedogenicity=1)  # a stale row
    assert ingredient_catalog().index["isopropyl myristate"].comedogenicity == 1

    call_command("load_ingredients", stdout=io.StringIO())  # updates in place, adds nothing

    assert ingredient_catalog().index["isopropyl myristate"].comedogenicity == 5


def test_the_file_is_where_the_command_reads_it():
    assert CATALOG_PATH.name == "ingredients.csv" and CATALOG_PATH.exists()


@pytest.mark.django_db
def test_staff_edit_an_ingredient_in_the_admin(admin_client):
    from django.urls import reverse  # noqa: PLC0415

    listing = admin_client.get(reverse("admin:shelf_ingredient_changelist"), {"q": "7732-18-5"})
    assert "Water" in listing.content.decode()
    water = Ingredient.objects.get(inci_name="Water")
    url = reverse("admin:shelf_ingredient_change", args=[water.pk])
    page = admin_client.get(url).content.decode()
    assert "CAS number" in page and "EU CosIng" in page
    response = admin_client.post(
        url,
        {
            "inci_name": "Water",
            "aliases": '["Aqua", "Eau"]',
            "cas_number": "7732-18-5",
            "comedogenicity": "",
            "irritancy": "",
            "marks": "[]",
            "functions": '["solvent"]',
            "source_note": "No published rating.",
            "description": "The base of most formulas.",
        },
    )
    assert response.status_code == 302
    water.refresh_from_db()
    assert water.aliases == ["Aqua", "Eau"] and water.description == "The base of most formulas."
