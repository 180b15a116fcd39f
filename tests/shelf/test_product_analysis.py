"""The product page reads the ingredient list as the rules do: explicit flag wins."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

RICH_CREAM = "Aqua, Cocos Nucifera (Coconut) Oil, Glycerin, Mystery Extract 2000"


def detail(client, product):
    return client.get(reverse("shelf:detail", kwargs={"product_id": product.id}))


def test_coconut_oil_makes_a_product_likely_comedogenic_with_the_reason(client_owner, owner):
    product = factories.make_product(
        owner, name="Rich cream", category="moisturizer", ingredients=RICH_CREAM
    )
    html = detail(client_owner, product).content.decode()
    assert "Likely to clog pores" in html
    assert "Cocos Nucifera Oil, rated 4 of 5" in html
    assert "not in catalog" in html  # Mystery Extract stays, shown as unknown
    assert "2 ingredients not in our catalog" in html  # Aqua and the mystery


def test_an_explicit_not_comedogenic_flag_wins_and_both_are_shown(client_owner, owner):
    product = factories.make_product(
        owner,
        name="Rich cream",
        category="moisturizer",
        ingredients=RICH_CREAM,
        comedogenic="no",
    )
    html = detail(client_owner, product).content.decode()
    assert "Not flagged as pore-clogging" in html
    assert "likely comedogenic" in html  # the derived flag, beside the person's own
    assert "(this is what skintrack uses)" in html


def test_an_acid_in_the_list_makes_a_serum_read_as_an_exfoliant(client_owner, owner):
    product = factories.make_product(
        owner, name="Glow serum", category="serum", ingredients="Aqua, Glycolic Acid 7%, Glycerin"
    )
    assert "a chemical exfoliant" in detail(client_owner, product).content.decode()


def test_a_staff_change_to_the_catalog_shows_on_the_next_page_load(
    client_owner, owner, admin_client
):
    """Servers keep an indexed copy of the catalog; an edit must not wait for a restart."""
    from skintrack.shelf.models import Ingredient

    product = factories.make_product(
        owner, name="Rich cream", category="moisturizer", ingredients=RICH_CREAM
    )
    assert "Likely to clog pores" in detail(client_owner, product).content.decode()

    coconut = Ingredient.objects.get(inci_name="Cocos Nucifera Oil")
    coconut.comedogenicity = 1
    coconut.save()

    html = detail(client_owner, product).content.decode()
    assert "Likely to clog pores" not in html
    assert "Cocos Nucifera Oil, rated 4 of 5" not in html


def test_a_server_reads_the_catalog_once_then_only_asks_whether_it_changed(
    django_assert_num_queries,
):
    from skintrack.guidance.selectors import ingredient_catalog
    from skintrack.shelf.models import Ingredient

    with django_assert_num_queries(2):  # the catalog's version, then the catalog
        first = ingredient_catalog()
    with django_assert_num_queries(1):
        assert ingredient_catalog() is first
    Ingredient.objects.create(inci_name="Skintrack Test Butter", comedogenicity=5)
    with django_assert_num_queries(2):
        assert "skintrack test butter" in ingredient_catalog().index
