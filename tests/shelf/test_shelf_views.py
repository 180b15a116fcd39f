import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from skintrack.routines.models import Period
from skintrack.shelf.models import Category, Product, Texture
from tests import factories

pytestmark = pytest.mark.django_db


def product_data(**overrides) -> dict:
    data = {
        "name": "Gentle foaming cleanser",
        "brand": "Acme",
        "category": Category.CLEANSER,
        "texture": Texture.LIGHT,
        "comedogenic": "no",
        "spf": "",
        "ingredients": "Aqua, Glycerin",
        "notes": "",
    }
    data.update(overrides)
    return data


# The shelf page


def test_the_shelf_tells_a_newcomer_to_add_products(client_owner):
    response = client_owner.get(reverse("shelf:list"))
    assert response.status_code == 200
    assert "Nothing on your shelf yet" in response.text
    assert reverse("shelf:catalog") in response.text
    assert reverse("shelf:new") in response.text


def test_the_shelf_groups_products_by_category_with_archived_ones_apart(client_owner, owner):
    factories.make_product(owner, name="Zinc fluid")
    factories.make_product(owner, name="Milky cleanser", category=Category.CLEANSER)
    factories.make_product(owner, name="Old balm", category=Category.MOISTURIZER, archived=True)

    response = client_owner.get(reverse("shelf:list"))

    text = response.text
    assert text.index("Cleanser") < text.index("Milky cleanser") < text.index("Sunscreen")
    assert text.index("Sunscreen") < text.index("Zinc fluid") < text.index("Archived")
    assert text.index("Archived") < text.index("Old balm")
    assert "Nothing on your shelf yet" not in text


def test_a_shelf_row_shows_actives_heavy_texture_comedogenic_and_sun_protection(
    client_owner, owner
):
    factories.make_product(
        owner,
        name="Night balm",
        category=Category.MOISTURIZER,
        texture=Texture.OCCLUSIVE,
        comedogenic="yes",
        actives=["aha", "retinoid"],
    )
    factories.make_product(owner, name="Shield", spf=30, broad_spectrum=True)

    text = client_owner.get(reverse("shelf:list")).text

    for pill in ("AHA", "Retinoid", "Occlusive (balm, ointment)", "may clog pores", "SPF 30"):
        assert f">{pill}</span>" in text
    assert ">broad-spectrum</span>" in text


def test_the_shelf_shows_only_the_persons_own_products(client_outsider, owner):
    factories.make_product(owner, name=f"Cream {factories.OWNER_MARKER}")
    response = client_outsider.get(reverse("shelf:list"))
    assert factories.OWNER_MARKER not in response.text


def test_the_shelf_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get(reverse("shelf:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


# Adding and editing


def test_the_new_product_page_renders_a_form(client_owner):
    response = client_owner.get(reverse("shelf:new"))
    assert response.status_code == 200
    assert 'name="actives"' in response.text
    assert 'type="checkbox"' in response.text


def test_it_adds_a_product_to_the_persons_shelf(client_owner, owner):
    data = product_data(
        name="Glycolic toner",
        category=Category.CHEMICAL_EXFOLIANT,
        actives=["bha", "aha"],
        notes="Twice a week",
    )
    response = client_owner.post(reverse("shelf:new"), data)

    product = Product.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("shelf:detail", kwargs={"product_id": product.pk})
    assert product.owner == owner
    assert product.name == "Glycolic toner"
    assert product.actives == ["aha", "bha"]
    assert product.spf is None
    assert product.notes == "Twice a week"


def test_it_adds_a_broad_spectrum_sunscreen(client_owner):
    data = product_data(category=Category.SUNSCREEN, spf="50", broad_spectrum="on")
    client_owner.post(reverse("shelf:new"), data)
    product = Product.objects.get()
    assert (product.spf, product.broad_spectrum) == (50, True)


@pytest.mark.parametrize("spf", ["0", "101", "fifty"])
def test_it_rejects_an_spf_outside_1_to_100_and_saves_nothing(client_owner, spf):
    response = client_owner.post(
        reverse("shelf:new"), product_data(category=Category.SUNSCREEN, spf=spf)
    )
    assert response.status_code == 400
    assert "SPF is a number from 1 to 100." in response.text
    assert not Product.objects.exists()


def test_it_rejects_sun_protection_on_a_cleanser(client_owner):
    data = product_data(category=Category.CLEANSER, spf="30", broad_spectrum="on")
    response = client_owner.post(reverse("shelf:new"), data)
    assert response.status_code == 400
    assert "SPF doesn’t apply to a cleanser" in response.text
    assert "Broad-spectrum doesn’t apply to a cleanser" in response.text
    assert not Product.objects.exists()


def test_it_allows_an_spf_on_a_moisturizer(client_owner):
    data = product_data(category=Category.MOISTURIZER, spf="15")
    assert client_owner.post(reverse("shelf:new"), data).status_code == 302


def test_it_rejects_a_megabyte_of_notes_and_saves_nothing(client_owner):
    response = client_owner.post(reverse("shelf:new"), product_data(notes="x" * 1_000_000))
    assert response.status_code == 400
    assert "Notes can be at most 2000 characters long" in response.text
    assert not Product.objects.exists()


def test_it_rejects_an_over_long_ingredient_list(client_owner):
    response = client_owner.post(reverse("shelf:new"), product_data(ingredients="a" * 10_001))
    assert response.status_code == 400
    assert "The ingredient list can be at most 10000 characters" in response.text
    assert not Product.objects.exists()


def test_it_requires_a_name(client_owner):
    response = client_owner.post(reverse("shelf:new"), product_data(name="  "))
    assert response.status_code == 400
    assert "Give the product a name" in response.text
    assert not Product.objects.exists()


def test_it_rejects_an_unknown_active(client_owner):
    response = client_owner.post(reverse("shelf:new"), product_data(actives=["vitamin-z"]))
    assert response.status_code == 400
    assert not Product.objects.exists()


def test_it_edits_a_product(client_owner, owner):
    product = factories.make_product(owner, name="Fluid", actives=["bha"])
    data = product_data(name="Fluid SPF", category=Category.SUNSCREEN, spf="30")
    response = client_owner.post(reverse("shelf:edit", kwargs={"product_id": product.pk}), data)
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.spf, product.actives) == ("Fluid SPF", 30, [])


def test_the_edit_form_shows_the_products_values(client_owner, owner):
    product = factories.make_product(owner, name="Fluid", actives=["bha"])
    response = client_owner.get(reverse("shelf:edit", kwargs={"product_id": product.pk}))
    assert response.status_code == 200
    assert 'value="Fluid"' in response.text
    assert 'value="bha" id="id_actives_1" checked' in response.text


# The product page


def test_the_product_page_shows_facts_ingredients_and_the_routines_using_it(client_owner, owner):
    product = factories.make_product(
        owner,
        name="Retinal serum",
        category=Category.RETINOID,
        ingredients="Aqua, Retinal",
        actives=["retinoid"],
    )
    routine = factories.make_routine(owner, name="Retinoid nights", period=Period.EVENING)
    factories.make_step(routine, product, schedule_kind="times_per_week", times_per_week=3)

    response = client_owner.get(reverse("shelf:detail", kwargs={"product_id": product.pk}))

    assert response.status_code == 200
    assert "Aqua, Retinal" in response.text
    assert "Retinoid nights" in response.text
    assert "3 times a week" in response.text
    assert reverse("shelf:edit", kwargs={"product_id": product.pk}) in response.text


# Archiving


def test_archiving_a_product_moves_it_to_the_archived_section(client_owner, owner):
    product = factories.make_product(owner, name="Old cream")
    url = reverse("shelf:archive", kwargs={"product_id": product.pk})
    response = client_owner.post(url, follow=True)
    product.refresh_from_db()
    assert product.archived
    assert "Archived Acme Old cream." in response.text
    assert "Put back on the shelf" in response.text


def test_archiving_again_restores_the_product(client_owner, owner):
    product = factories.make_product(owner, archived=True)
    client_owner.post(reverse("shelf:archive", kwargs={"product_id": product.pk}))
    product.refresh_from_db()
    assert not product.archived


def test_archiving_a_product_in_use_names_the_routines_that_still_use_it(client_owner, owner):
    product = factories.make_product(owner, name="Balm")
    used = factories.make_routine(owner, name="Night", period=Period.EVENING)
    factories.make_step(used, product)
    removed = factories.make_routine(owner, name="Old morning", period=Period.MORNING)
    factories.make_step(removed, product, archived=True)

    url = reverse("shelf:archive", kwargs={"product_id": product.pk})
    response = client_owner.post(url)

    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Archived Acme Balm. It is still a step in Night (evening):")
    assert "Old morning" not in message
    product.refresh_from_db()
    assert product.archived


def test_archiving_refuses_a_get(client_owner, owner):
    product = factories.make_product(owner)
    response = client_owner.get(reverse("shelf:archive", kwargs={"product_id": product.pk}))
    assert response.status_code == 405


# The catalog


def test_the_catalog_lists_published_products_only(client_owner):
    factories.make_catalog_product(name="Published gel")
    factories.make_catalog_product(name="Draft cream", published=False)
    response = client_owner.get(reverse("shelf:catalog"))
    assert response.status_code == 200
    assert "Published gel" in response.text
    assert "Draft cream" not in response.text
    assert "Add Acme Published gel to my shelf" in " ".join(
        re.sub(r"<[^>]+>", " ", response.text).split()
    )


def test_the_catalog_searches_names_and_brands(client_owner):
    factories.make_catalog_product(name="Hydrating cleanser", brand="CeraVe")
    factories.make_catalog_product(name="Toleriane cleanser", brand="La Roche-Posay")
    factories.make_catalog_product(name="Sun fluid", brand="CeraVe")

    response = client_owner.get(reverse("shelf:catalog"), {"q": "cerave CLEANSER"})

    assert "Hydrating cleanser" in response.text
    assert "Toleriane" not in response.text
    assert "Sun fluid" not in response.text


def test_the_catalog_says_when_nothing_matches(client_owner):
    response = client_owner.get(reverse("shelf:catalog"), {"q": "nothing like this"})
    assert "Nothing matches “nothing like this”" in response.text


def test_adding_from_the_catalog_copies_the_product_onto_the_shelf(
    client_owner, owner, catalog_product
):
    url = reverse("shelf:catalog_add", kwargs={"catalog_id": catalog_product.pk})
    response = client_owner.post(url)

    product = Product.objects.get()
    assert response.status_code == 302
    # The person stays on the catalog, at the product's row, with a confirmation.
    assert response.url == reverse("shelf:catalog") + f"#catalog-{catalog_product.pk}"
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith(f"Added {product} to your shelf.")
    assert product.owner == owner
    assert product.copied_from == catalog_product
    assert product.name == catalog_product.name
    catalog_page = client_owner.get(reverse("shelf:catalog")).text
    detail = reverse("shelf:detail", kwargs={"product_id": product.pk})
    assert f'href="{detail}"' in catalog_page and "On your shelf" in catalog_page
    assert "to my shelf</span></button>" not in catalog_page


def test_adding_an_unpublished_catalog_product_is_404(client_owner):
    draft = factories.make_catalog_product(published=False)
    url = reverse("shelf:catalog_add", kwargs={"catalog_id": draft.pk})
    assert client_owner.post(url).status_code == 404
    assert not Product.objects.exists()


def test_adding_a_missing_catalog_product_is_404(client_owner):
    url = reverse("shelf:catalog_add", kwargs={"catalog_id": 999_999})
    assert client_owner.post(url).status_code == 404


def test_adding_from_the_catalog_refuses_a_get(client_owner, catalog_product):
    url = reverse("shelf:catalog_add", kwargs={"catalog_id": catalog_product.pk})
    assert client_owner.get(url).status_code == 405


# Ownership


@pytest.mark.parametrize(
    ("name", "method"),
    [("detail", "get"), ("edit", "get"), ("edit", "post"), ("archive", "post")],
)
def test_another_persons_product_is_404(client_outsider, owner, name, method):
    product = factories.make_product(owner, name=f"Cream {factories.OWNER_MARKER}")
    url = reverse(f"shelf:{name}", kwargs={"product_id": product.pk})
    response = getattr(client_outsider, method)(url, product_data())
    assert response.status_code == 404
    product.refresh_from_db()
    assert product.name == f"Cream {factories.OWNER_MARKER}"
    assert not product.archived


# Query counts


@pytest.mark.parametrize("count", [3, 30])
def test_the_shelf_page_takes_a_fixed_number_of_queries(
    client_owner, owner, django_assert_max_num_queries, count, catalog_in_memory
):
    for i in range(count):
        factories.make_product(
            owner,
            name=f"Product {i}",
            category=list(Category)[i % len(Category)],
            archived=i % 5 == 0,
            actives=["aha"],
        )
    # session, user, products; the ingredient catalog and thresholds ("may clog pores")
    with django_assert_max_num_queries(5):
        response = client_owner.get(reverse("shelf:list"))
    assert response.text.count('class="row-title"') == count


@pytest.mark.parametrize("count", [3, 30])
def test_the_catalog_takes_a_fixed_number_of_queries(
    client_owner, owner, django_assert_max_num_queries, count, catalog_in_memory
):
    for i in range(count):
        catalog_product = factories.make_catalog_product(name=f"Catalog {i}")
        if i % 2:
            Product.copy_from_catalog(catalog_product, owner)
    # session, user, count, page, copies on the shelf, ingredient catalog, thresholds
    with django_assert_max_num_queries(7):
        response = client_owner.get(reverse("shelf:catalog"))
    copied = count // 2
    assert response.text.count("to my shelf</span></button>") == count - copied
    assert response.text.count("On your shelf<span") == copied


@pytest.mark.parametrize("count", [3, 30])
def test_the_product_page_takes_a_fixed_number_of_queries(
    client_owner, owner, django_assert_max_num_queries, count, catalog_in_memory
):
    product = factories.make_product(owner)
    for i in range(count):
        routine = factories.make_routine(
            owner, name=f"Routine {i}", is_active=False, period=Period.MORNING
        )
        factories.make_step(routine, product)
    # session, user, product, steps with routines, ingredient catalog, thresholds, patch tests
    with django_assert_max_num_queries(7):
        response = client_owner.get(reverse("shelf:detail", kwargs={"product_id": product.pk}))
    assert response.text.count("Routine ") >= count


def test_archiving_names_every_routine_that_still_uses_it(client_owner, owner):
    product = factories.make_product(owner, name="Balm")
    for name, period in [("Night", Period.EVENING), ("Day", Period.MORNING)]:
        factories.make_step(factories.make_routine(owner, name=name, period=period), product)
    response = client_owner.post(reverse("shelf:archive", kwargs={"product_id": product.pk}))
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "still a step in Day (morning) and Night (evening):" in message


# Admin


@pytest.fixture
def _staff_client(client, db):
    staff = factories.make_user("staff", is_staff=True, is_superuser=True)
    client.force_login(staff)
    return client


def test_the_admin_lists_and_edits_catalog_products_with_actives_as_checkboxes(_staff_client):
    catalog_product = factories.make_catalog_product(name="Acid toner", actives=["aha"])
    assert _staff_client.get(reverse("admin:shelf_catalogproduct_changelist")).status_code == 200
    url = reverse("admin:shelf_catalogproduct_change", args=[catalog_product.pk])
    response = _staff_client.get(url)
    assert response.status_code == 200
    assert 'type="checkbox" name="actives" value="aha"' in response.text


def test_the_admin_lists_and_edits_people_s_products(_staff_client, owner):
    product = factories.make_product(owner, actives=["bha"])
    response = _staff_client.get(reverse("admin:shelf_product_changelist"), {"q": "olivia"})
    assert response.status_code == 200
    assert "Daily sunscreen" in response.text
    url = reverse("admin:shelf_product_change", args=[product.pk])
    assert 'name="actives" value="bha"' in _staff_client.get(url).text


def test_the_product_page_says_when_your_flag_and_the_catalog_disagree(client_owner, owner):
    from skintrack.shelf.models import Ingredient

    Ingredient.objects.update_or_create(
        inci_name="Isopropyl Myristate", defaults={"comedogenicity": 5, "aliases": [], "marks": []}
    )
    product = factories.make_product(
        owner,
        name="Rich cream",
        category="moisturizer",
        comedogenic="no",
        ingredients="Aqua, Isopropyl Myristate",
    )
    html = client_owner.get(reverse("shelf:detail", kwargs={"product_id": product.pk})).text
    assert "You marked Acme Rich cream as not comedogenic, while the catalog rates" in html
    assert "Isopropyl Myristate 5 of 5" in html
    assert "Not flagged as pore-clogging" in html  # the flag still decides
