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
