"""A person with nothing yet sees three calm steps on the today page, each marked as done."""

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories
from tests.html import text_of, visible_text

pytestmark = pytest.mark.django_db


def today_page(client) -> str:
    return client.get(reverse("journal:today")).content.decode()


def test_a_brand_new_person_sees_three_steps_that_link_to_where_they_are_done(client_owner):
    html = today_page(client_owner)
    start = text_of(html, "calm-start")
    assert "Getting started" in start
    assert "Add your products" in start
    assert "Build a morning and an evening routine" in start
    assert "Tick your first step" in start
    assert "Done" not in start
    for url in (
        reverse("shelf:catalog"),
        reverse("shelf:new"),
        reverse("routines:new") + "?period=am",
        reverse("routines:new") + "?period=pm",
        reverse("learn:index"),
    ):
        assert f'href="{url}"' in html
    # Nothing to look back on yet: no seven-day glance of empty days.
    assert "Last seven days" not in visible_text(html)


def test_products_mark_the_first_step_done(client_owner, owner):
    factories.make_product(owner, name="Gel cleanser", category="cleanser")
    start = text_of(today_page(client_owner), "calm-start")
    assert "Add your products Done" in start
    assert "Build a morning and an evening routine Done" not in start


def test_a_morning_routine_alone_leaves_the_evening_to_build(client_owner, owner):
    routine = factories.make_routine(owner, name="AM", period="am")
    factories.make_step(routine, factories.make_product(owner, name="Gel cleanser"))
    html = today_page(client_owner)
    start = text_of(html, "calm-start")
    assert "Morning routine ready." in start
    assert "Build your evening routine" in start
    assert "Build a morning and an evening routine Done" not in start
    assert 'href="#morning">tap it in your checklist' in html


def test_the_start_leaves_once_a_routine_is_in_use_and_a_step_is_ticked(client_owner, owner):
    routine = factories.make_routine(owner, name="AM", period="am")
    step = factories.make_step(routine, factories.make_product(owner, name="Gel cleanser"))
    assert "Getting started" in text_of(today_page(client_owner), "calm-start")
    tick = reverse("journal:tick", kwargs={"day": owner.local_today(), "step_id": step.id})
    answer = client_owner.post(tick, {"done": "1"}, headers={"HX-Request": "true"})
    # The tap that finishes it takes it off the page at once.
    assert 'id="calm-start" hx-swap-oob="true"' in answer.content.decode()
    assert text_of(answer.content.decode(), "calm-start") == ""
    html = today_page(client_owner)
    assert text_of(html, "calm-start") == ""
    assert "Learn about milia" in visible_text(html)  # Learn links stay
    assert "Last seven days" in visible_text(html)


def test_the_start_shows_only_on_today(client_owner, owner):
    yesterday = owner.local_today() - dt.timedelta(days=1)
    html = client_owner.get(reverse("journal:day", kwargs={"day": yesterday})).content.decode()
    assert "Getting started" not in visible_text(html)
