"""The shelf as a new user meets it: the catalog knows what is on the shelf already, adding
keeps you on the catalog, a copy never claims choices you didn't make, and the shelf list
says which products may clog pores."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from skintrack.shelf.models import Category, Ingredient, Product
from tests import factories
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def test_a_second_add_makes_no_duplicate(client_owner, owner, catalog_product):
    url = reverse("shelf:catalog_add", kwargs={"catalog_id": catalog_product.pk})
    client_owner.post(url, {"q": "gentle"})
    response = client_owner.post(url, {"q": "gentle"})  # a double tap, or a stale page
    assert Product.objects.filter(owner=owner).count() == 1
    assert response.url == reverse("shelf:catalog") + f"?q=gentle#catalog-{catalog_product.pk}"
    message = [str(m) for m in get_messages(response.wsgi_request)][-1]
    assert message == "Acme Gentle gel cleanser is already on your shelf."


def test_the_catalog_shows_an_archived_copy_as_such(client_owner, owner, catalog_product):
    copy = Product.copy_from_catalog(catalog_product, owner)
    copy.archived = True
    copy.save()
    page = client_owner.get(reverse("shelf:catalog")).text
    assert "In your archive" in page
    assert "to my shelf</span></button>" not in page


def test_a_copied_product_does_not_speak_of_choices_never_made(client_owner, owner):
    rated = Ingredient.objects.filter(comedogenicity__gte=4).order_by("inci_name").first()
    catalog = factories.make_catalog_product(
        name="Rich cream",
        category=Category.MOISTURIZER,
        comedogenic="no",
        ingredients=f"Aqua, {rated.inci_name}",
    )
    copy = Product.copy_from_catalog(catalog, owner)
    url = reverse("shelf:detail", kwargs={"product_id": copy.pk})
    text = visible_text(client_owner.get(url).text)
    assert "You marked" not in text and "you marked" not in text
    assert "as you pasted" not in text
    assert "The skintrack product catalog marks Acme Rich cream as not comedogenic" in text
    assert "The list as the catalog has it" in text

    # Once the person sets the flag themselves, it is theirs.
    data = {
        "name": copy.name,
        "brand": copy.brand,
        "category": copy.category,
        "texture": copy.texture,
        "comedogenic": "yes",
        "ingredients": copy.ingredients + ", Glycerin",
    }
    edit = reverse("shelf:edit", kwargs={"product_id": copy.pk})
    assert client_owner.post(edit, data).status_code == 302
    text = visible_text(client_owner.get(url).text)
    assert "you marked it as comedogenic" in text.lower()
    assert "The list as you pasted it" in text


def test_the_shelf_list_says_may_clog_pores_from_the_ingredients_or_the_flag(client_owner, owner):
    rated = Ingredient.objects.filter(comedogenicity__gte=4).order_by("inci_name").first()
    factories.make_product(
        owner, name="Derived", category=Category.MOISTURIZER, ingredients=f"Aqua, {rated.inci_name}"
    )
    factories.make_product(owner, name="Flagged", category=Category.SERUM, comedogenic="yes")
    factories.make_product(
        owner,
        name="Overruled",
        category=Category.EYE_CREAM,
        comedogenic="no",
        ingredients=f"Aqua, {rated.inci_name}",
    )
    factories.make_product(owner, name="Plain", category=Category.CLEANSER, ingredients="Aqua")
    page = client_owner.get(reverse("shelf:list")).text
    rows = {
        name: visible_text(row)
        for name, row in (
            (name, page.split(f">{name}</a>")[1].split("</li>")[0])
            for name in ("Derived", "Flagged", "Overruled", "Plain")
        )
    }
    assert "may clog pores" in rows["Derived"]
    assert "may clog pores" in rows["Flagged"]
    assert "may clog pores" not in rows["Overruled"]  # the explicit flag decides
    assert "may clog pores" not in rows["Plain"]
