"""The product page reads the ingredient list as the rules do: explicit flag wins."""

import re

import pytest
from django.urls import reverse

from tests import factories
from tests.html import squash

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
    assert "Not recognised: not in the skintrack catalog" in html  # Mystery Extract stays
    assert "1 ingredient is not recognised" in html  # Aqua is water, the mystery is not known


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
    assert "Likely to clog pores, because of <strong>Cocos Nucifera Oil</strong>" in html
    assert "(this is what skintrack uses)" in html


def test_an_acid_in_the_list_makes_a_serum_read_as_an_exfoliant(client_owner, owner):
    product = factories.make_product(
        owner, name="Glow serum", category="serum", ingredients="Aqua, Glycolic Acid 7%, Glycerin"
    )
    assert "a chemical exfoliant" in detail(client_owner, product).content.decode()


def ingredient_lines(html: str) -> list[str]:
    """The visible text of each ingredient row on the product page, in order."""
    rows = re.findall(r'<li class="inci-line.*?</li>', html, re.S)
    return [squash(re.sub(r"<[^>]+>", " ", row)) for row in rows]


def test_every_ingredient_is_listed_with_its_rating_marks_and_source(client_owner, owner):
    product = factories.make_product(
        owner,
        name="Night balm",
        category="moisturizer",
        ingredients=(
            "Aqua, Isopropyl Myristate, Glycerin, Phenoxyethanol, Parfum, Mystery Extract 2000, "
            "C.I. 77891 [+/- CI 77491]"
        ),
    )
    lines = ingredient_lines(detail(client_owner, product).content.decode())

    assert len(lines) == 8  # nothing dropped, nothing invented
    water, ipm, glycerin, phenoxy, parfum, mystery, white, red = lines
    assert "Aqua" in water and "(Water)" in water and "no published rating" in water
    assert "Isopropyl Myristate" in ipm and "5 of 5" in ipm and "Source: Fulton 1989" in ipm
    assert "Emollient" in ipm
    assert "Humectant" in glycerin and "0 of 5" in glycerin
    assert "Preservative" in phenoxy and "no published rating" in phenoxy
    assert "Fragrance" in parfum
    assert "not recognised" in mystery and "Not recognised: not in the skintrack catalog" in mystery
    assert "C.I. 77891 (Titanium Dioxide)" in white and "Colourant" in white
    assert "may contain" not in white
    assert "CI 77491" in red and "may contain" in red


def test_a_may_contain_colour_is_shown_as_such(client_owner, owner):
    product = factories.make_product(
        owner, name="Blush", category="makeup", ingredients="Talc, Mica [+/- CI 77491, CI 77499]"
    )
    lines = ingredient_lines(detail(client_owner, product).content.decode())
    assert [("may contain" in line) for line in lines] == [False, False, True, True]


def test_the_derived_flag_names_the_deciding_ingredient_beside_the_persons_flag(
    client_owner, owner
):
    product = factories.make_product(
        owner,
        name="Rich cream",
        category="moisturizer",
        ingredients="Aqua, Cetearyl Alcohol, Cocos Nucifera Oil, Isopropyl Myristate",
        comedogenic="no",
    )
    html = detail(client_owner, product).content.decode()
    # the highest rated of the two decides; the other is counted
    assert "because of <strong>Isopropyl Myristate</strong>, rated 5 of 5, and 1 more" in html
    assert "Your own flag</dt><dd>No (this is what skintrack uses)" in html


def test_a_list_with_no_rated_ingredient_says_so(client_owner, owner):
    product = factories.make_product(
        owner, name="Toner", category="other", ingredients="Aqua, Phenoxyethanol, Parfum"
    )
    html = detail(client_owner, product).content.decode()
    assert "none of its ingredients has a published rating" in html
    assert "0 with a published comedogenicity rating" in html


@pytest.mark.parametrize("extra", [0, 60])
def test_the_product_page_keeps_its_query_count_however_long_the_list(
    client_owner, owner, django_assert_num_queries, extra, catalog_in_memory
):
    names = "".join(f", Plant Extract {n}" for n in range(extra))
    product = factories.make_product(
        owner, name="Long list", category="moisturizer", ingredients=f"Aqua, Glycerin{names}"
    )
    # session, user, product, routine steps, the catalog's version, thresholds, patch tests
    with django_assert_num_queries(7):
        response = detail(client_owner, product)
    assert response.content.decode().count('class="inci-line') == 2 + extra


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
