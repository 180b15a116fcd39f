"""Export: everything a person owns and nothing of anyone else, as JSON, CSV and a full ZIP."""

import csv
import datetime as dt
import io
import json

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse

from skintrack.journal.models import Application, ObservationPhoto
from skintrack.portability import schema
from skintrack.shelf.models import Product
from tests import factories
from tests.portability.helpers import export_json, export_zip, make_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(owner):
    make_history(owner)
    return owner


def test_the_json_export_is_a_streamed_download(client_owner, history):
    response = client_owner.get(reverse("portability:export"), {"format": "json"})
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="skintrack-olivia-')
    assert "no-store" in response["Cache-Control"]


def test_the_json_export_holds_every_table_and_the_profile(client_owner, history):
    document = export_json(client_owner)
    assert (document["format"], document["version"]) == ("skintrack-export", 3)
    assert document["exported_at"].endswith("Z")
    assert list(document) == [
        "format",
        "version",
        "exported_at",
        "profile",
        *(table.name for table in schema.TOP_LEVEL),
    ]
    assert document["profile"]["username"] == "olivia"
    assert document["profile"]["time_zone"] == "Europe/London"
    assert document["profile"]["digest_time"] == "07:30:00"
    assert len(document["products"]) == Product.objects.filter(owner=history).count()
    assert len(document["applications"]) == Application.objects.filter(owner=history).count()
    assert {r["name"] for r in document["routines"]} == {
        "Weekday morning",
        "Evening",
        "Old evening (scrub)",
    }
    evening = next(r for r in document["routines"] if r["name"] == "Evening")
    assert [s["position"] for s in evening["steps"]] == [0, 1, 2, 3, 4, 5, 6, 7]
    retinoid, replaced = evening["steps"][2], evening["steps"][6]
    assert retinoid["weekdays"] == [0, 2, 4]
    # The retinoid's first version (Mon and Thu) is history, named by the one replacing it.
    assert replaced["weekdays"] == [0, 3] and replaced["archived"]
    assert retinoid["replaces"] == replaced["id"]
    assert replaced["ends_on"] < retinoid["starts_on"]
    assert evening["steps"][7]["interval_days"] == 3
    assert len(document["dismissed_findings"]) == 2
    photographed = [o for o in document["observations"] if o["photos"]]
    assert len(photographed) == 2
    assert photographed[0]["photos"][0]["file"].startswith("photos/")


def test_the_export_never_holds_the_password_hash_or_calendar_token(client_owner, history):
    text = json.dumps(export_json(client_owner))
    assert history.password not in text
    assert history.calendar_token not in text
    assert "password" not in text and "calendar_token" not in text


def test_records_point_at_each_other_by_ids_local_to_the_file(client_owner, history):
    document = export_json(client_owner)
    products = {p["id"]: p for p in document["products"]}
    assert sorted(products) == list(range(1, len(products) + 1))
    steps = {s["id"]: s for r in document["routines"] for s in r["steps"]}
    for application in document["applications"]:
        assert application["product"] in products
        if application["step"] is not None:
            step = steps[application["step"]]
            assert step["product"] == application["product"]
    # the ids are not database ids: the first product in the database is number 1
    first = Product.objects.filter(owner=history).order_by("pk").first()
    assert products[1]["name"] == first.name


def test_another_persons_rows_are_not_in_the_export(client_owner, history, outsider):
    factories.make_product(outsider, name="Oscar's secret balm")
    factories.make_observation(outsider, notes="oscar-private")
    text = json.dumps(export_json(client_owner))
    assert "Oscar" not in text and "oscar-private" not in text


def test_the_csv_zip_has_one_file_per_table(client_owner, history):
    archive = export_zip(client_owner, "csv")
    names = archive.namelist()
    assert names == ["profile.csv", *(f"{t.name}.csv" for t in schema.CSV_TABLES)]
    with archive.open("applications.csv") as raw:
        rows = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))
    assert len(rows) == Application.objects.filter(owner=history).count()
    assert set(rows[0]) == set(schema.APPLICATIONS.csv_columns)
    with archive.open("steps.csv") as raw:
        steps = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))
    assert {s["routine"] for s in steps} == {"1", "2"}
    assert any(s["weekdays"] == "0;2;4" for s in steps)


def test_csv_text_a_spreadsheet_would_run_is_defused(client_owner, history):
    archive = export_zip(client_owner, "csv")
    with archive.open("products.csv") as raw:
        products = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))
    serum = next(p for p in products if p["name"].startswith("Vitamin C"))
    assert serum["notes"] == '\'=HYPERLINK("http://example.com")'
    # JSON keeps the text exactly as typed
    document = export_json(client_owner)
    assert any(p["notes"].startswith("=HYPERLINK") for p in document["products"])


def test_the_full_zip_holds_the_json_the_csvs_and_the_photos(client_owner, history):
    client_owner.post(reverse("portability:export_zip"))
    response = client_owner.get(reverse("portability:export_download"))
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    assert int(response["Content-Length"]) > 0
    archive = export_zip(client_owner, "zip")
    names = archive.namelist()
    assert names[0] == "export.json"
    assert "applications.csv" in names
    document = json.loads(archive.read("export.json"))
    files = [p["file"] for o in document["observations"] for p in o["photos"]]
    assert len(files) == 2 and all(name in names for name in files)
    stored = ObservationPhoto.objects.filter(owner=history).order_by("created_at", "pk")
    with stored[0].image.open("rb") as original:
        assert archive.read(files[0]) == original.read()
    assert archive.getinfo(files[0]).compress_type == 0  # JPEGs are stored, not recompressed


def test_the_export_page_offers_the_three_formats(client_owner):
    page = client_owner.get(reverse("portability:export")).content.decode()
    for kind in ("json", "csv"):
        assert f"?format={kind}" in page
    assert f'action="{reverse("portability:export_zip")}"' in page


def test_an_old_full_zip_link_leads_to_the_export_page(client_owner):
    response = client_owner.get(reverse("portability:export"), {"format": "zip"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portability:export") + "#everything"


def test_an_unknown_format_is_a_bad_request(client_owner):
    response = client_owner.get(reverse("portability:export"), {"format": "xml"})
    assert response.status_code == 400


def test_the_json_export_runs_a_fixed_number_of_queries(
    client_owner, owner, django_assert_max_num_queries
):
    factories.make_owner_objects(owner)
    with django_assert_max_num_queries(14) as small:
        export_json(client_owner)
    for n in range(1, 11):
        product = factories.make_product(owner, name=f"Product {n}")
        day = owner.local_today() - dt.timedelta(days=n)
        factories.make_application(owner, product=product, day=day)
        factories.make_day_note(owner, day=day)
        observation = factories.make_observation(owner, day=day)
        factories.make_photo(observation)
        factories.make_visit(owner, day=day)
    with django_assert_max_num_queries(len(small.captured_queries)):
        export_json(client_owner)


def test_the_settings_page_has_the_your_data_card(client_owner):
    page = client_owner.get(reverse("accounts:settings")).content.decode()
    assert 'id="your-data"' in page
    assert f'action="{reverse("portability:export_zip")}"' in page
    assert reverse("portability:import") in page and 'enctype="multipart/form-data"' in page
    assert reverse("portability:delete") in page
