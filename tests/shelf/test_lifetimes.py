"""Product lifetimes: opened on, months once opened, "replace by" on the shelf, the product
page and the today page; and patch-test notes per product."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from skintrack.shelf.lifetimes import expired_in_routines
from skintrack.shelf.models import Category, PatchTest, Product, add_months
from tests import factories
from tests.html import text_of, visible_text
from tests.shelf.test_shelf_views import product_data

pytestmark = pytest.mark.django_db


def test_months_are_added_as_on_a_calendar():
    assert add_months(dt.date(2026, 11, 30), 12) == dt.date(2027, 11, 30)
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 12, 15), 6) == dt.date(2028, 6, 15)


def test_a_product_with_both_dates_has_a_replace_by_day(owner):
    product = factories.make_product(owner, opened_on=dt.date(2026, 3, 1), period_after_opening=6)
    assert product.replace_by == dt.date(2026, 9, 1)
    assert product.past_replace_by(dt.date(2026, 9, 2))
    assert not product.past_replace_by(dt.date(2026, 9, 1))
    assert factories.make_product(owner, opened_on=dt.date(2026, 3, 1)).replace_by is None


def test_the_form_saves_when_it_was_opened_and_for_how_long(client_owner, owner):
    today = owner.local_today()
    opened = today - dt.timedelta(days=40)
    data = product_data(opened_on=opened.isoformat(), period_after_opening="12")
    response = client_owner.post(reverse("shelf:new"), data)
    assert response.status_code == 302
    product = Product.objects.get()
    assert (product.opened_on, product.period_after_opening) == (opened, 12)
    page = client_owner.get(response.url).text
    assert f"Replace by {add_months(opened, 12):%-d %b %Y}" in visible_text(page)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("opened_on", "2099-01-01", "You can’t have opened it later than today."),
        ("opened_on", "1900-01-01", "That date is too long ago; check the year."),
        ("opened_on", "soon", "Enter a date, e.g. 2026-11-30."),
        ("period_after_opening", "0", "Months once opened is a number from 1 to 60."),
        ("period_after_opening", "61", "Months once opened is a number from 1 to 60."),
    ],
)
def test_bad_lifetime_input_is_refused_with_a_message(client_owner, field, value, message):
    response = client_owner.post(reverse("shelf:new"), product_data(**{field: value}))
    assert response.status_code == 400
    assert message in response.text
    assert not Product.objects.exists()


def test_the_shelf_shows_replace_by_and_flags_a_product_past_it(client_owner, owner):
    today = owner.local_today()
    factories.make_product(
        owner,
        name="Old sunscreen",
        opened_on=today - dt.timedelta(days=400),
        period_after_opening=12,
    )
    fresh_opened = today - dt.timedelta(days=10)
    factories.make_product(
        owner,
        name="New cleanser",
        category=Category.CLEANSER,
        opened_on=fresh_opened,
        period_after_opening=12,
    )
    text = visible_text(client_owner.get(reverse("shelf:list")).text)
    assert "One product on your shelf is past its replace-by date." in text
    assert "Past its date" in text
    assert f"Replace by {add_months(fresh_opened, 12):%-d %b %Y}" in text


def test_an_archived_product_past_its_date_is_not_flagged(client_owner, owner):
    today = owner.local_today()
    factories.make_product(
        owner, opened_on=today - dt.timedelta(days=400), period_after_opening=12, archived=True
    )
    text = visible_text(client_owner.get(reverse("shelf:list")).text)
    assert "past its replace-by date" not in text and "Past its date" not in text


def test_a_catalog_product_brings_its_months_once_opened(client_owner, owner):
    catalog = factories.make_catalog_product(name="Gel cleanser", period_after_opening=12)
    catalog_page = client_owner.get(reverse("shelf:catalog")).text
    assert "keeps 12 months once opened" in catalog_page
    client_owner.post(reverse("shelf:catalog_add", kwargs={"catalog_id": catalog.pk}))
    product = Product.objects.get(owner=owner)
    assert product.period_after_opening == 12 and product.opened_on is None
    page = client_owner.get(reverse("shelf:detail", kwargs={"product_id": product.pk})).text
    assert "Note the day you opened it, and skintrack shows when to replace it." in page


# The today page


def expired_routine(owner, name="Old sunscreen", days_ago=400, **kw):
    today = owner.local_today()
    product = factories.make_product(
        owner, name=name, opened_on=today - dt.timedelta(days=days_ago), period_after_opening=12
    )
    routine = kw.pop("routine", None) or factories.make_routine(owner, name="AM", period="am")
    factories.make_step(routine, product, **kw)
    return routine


def test_the_today_page_mentions_a_routine_product_past_its_date(client_owner, owner):
    expired_routine(owner)
    factories.make_product(
        owner, name="Unused old balm", opened_on=dt.date(2020, 1, 1), period_after_opening=6
    )  # not in a routine: the shelf says so
    text = text_of(client_owner.get(reverse("journal:today")).text, "expired-products")
    assert "Time to replace" in text
    assert "Acme Old sunscreen" in text
    assert "Unused old balm" not in text


def test_the_today_page_is_quiet_about_products_within_their_date(client_owner, owner):
    expired_routine(owner, days_ago=30)
    text = visible_text(client_owner.get(reverse("journal:today")).text)
    assert "Time to replace" not in text


def test_expired_products_cost_the_today_page_no_query(
    client_owner, owner, django_assert_num_queries, catalog_in_memory
):
    routine = expired_routine(owner, name="Expired 0", days_ago=30)  # not expired yet
    client_owner.get(reverse("journal:today"))  # warm caches
    with django_assert_num_queries(11) as before:
        client_owner.get(reverse("journal:today"))
    Product.objects.filter(owner=owner).update(opened_on=dt.date(2020, 1, 1))
    for i in range(1, 8):
        expired_routine(owner, name=f"Expired {i}", routine=routine, position=i)
    with django_assert_num_queries(len(before.captured_queries)):
        response = client_owner.get(reverse("journal:today"))
    assert visible_text(response.text).count("best replaced by") == 8


def test_expiry_reads_only_steps_in_use_today(owner):
    today = owner.local_today()
    routine = expired_routine(owner)
    steps = list(routine.steps.select_related("routine", "product"))
    assert [str(p) for p in expired_in_routines(steps, today)] == ["Acme Old sunscreen"]
    steps[0].routine.is_active = False
    assert expired_in_routines(steps, today) == []
    steps[0].routine.is_active = True
    steps[0].ends_on = today - dt.timedelta(days=1)
    assert expired_in_routines(steps, today) == []


# Patch tests


def test_a_patch_test_is_noted_and_removed(client_owner, owner):
    product = factories.make_product(owner)
    url = reverse("shelf:patch_test_new", kwargs={"product_id": product.pk})
    day = owner.local_today() - dt.timedelta(days=2)
    response = client_owner.post(
        url, {"tested_on": day.isoformat(), "area": "Inside of the wrist", "result": "mild"}
    )
    assert response.status_code == 302
    page = visible_text(client_owner.get(response.url).text)
    assert f"{day:%-d %b %Y} · Inside of the wrist" in page
    assert "Mild redness or itch" in page
    patch_test = PatchTest.objects.get()
    delete = reverse(
        "shelf:patch_test_delete",
        kwargs={"product_id": product.pk, "patch_test_id": patch_test.pk},
    )
    response = client_owner.post(delete)
    assert response.status_code == 302
    assert not PatchTest.objects.exists()
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == "Patch test removed."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"tested_on": "2099-01-01", "area": "Wrist"}, "A patch test can’t be later than today."),
        ({"tested_on": "", "area": "Wrist"}, "Give the day you tried it."),
        ({"tested_on": "2026-11-01", "area": ""}, "Say where on your skin you tried it."),
        ({"tested_on": "2026-11-01", "area": "Wrist", "notes": "x" * 501}, "at most 500"),
    ],
)
def test_a_bad_patch_test_is_refused_with_a_message(client_owner, owner, data, message):
    product = factories.make_product(owner)
    url = reverse("shelf:patch_test_new", kwargs={"product_id": product.pk})
    response = client_owner.post(url, {"result": "none", **data})
    assert response.status_code == 400
    assert message in response.text
    assert not PatchTest.objects.exists()


def test_nobody_notes_or_removes_a_patch_test_on_another_persons_product(client_outsider, owner):
    product = factories.make_product(owner)
    patch_test = PatchTest.objects.create(
        product=product, tested_on=dt.date(2026, 11, 1), area="Wrist"
    )
    new = reverse("shelf:patch_test_new", kwargs={"product_id": product.pk})
    data = {"tested_on": "2026-11-02", "area": "Neck", "result": "none"}
    assert client_outsider.post(new, data).status_code == 404
    delete = reverse(
        "shelf:patch_test_delete",
        kwargs={"product_id": product.pk, "patch_test_id": patch_test.pk},
    )
    assert client_outsider.post(delete).status_code == 404
    assert list(PatchTest.objects.values_list("area", flat=True)) == ["Wrist"]


def test_the_date_fields_show_their_saved_day(client_owner, owner):
    product = factories.make_product(owner, opened_on=dt.date(2026, 10, 3), period_after_opening=6)
    edit = client_owner.get(reverse("shelf:edit", kwargs={"product_id": product.pk})).text
    assert 'value="2026-10-03"' in edit
    detail = client_owner.get(reverse("shelf:detail", kwargs={"product_id": product.pk})).text
    assert f'value="{owner.local_today().isoformat()}"' in detail  # a patch test: today
