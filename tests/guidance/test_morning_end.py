"""The morning ends at a threshold local time (default 12:00), in the person's own zone."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from skintrack.guidance.models import RuleThresholds
from skintrack.shelf.models import Category
from tests import factories

MONDAY = dt.date(2026, 11, 30)


def today_titles(client: Client) -> tuple[list[str], list[str]]:
    dashboard = client.get(reverse("journal:today")).context["dashboard"]
    return [f.title for f in dashboard.due_now], [f.title for f in dashboard.this_week]


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "Pacific/Honolulu"])
def test_this_mornings_sunscreen_is_due_until_noon_then_missed(db, zone):
    person = factories.make_user("kai", time_zone=zone)
    retinoid = factories.make_product(
        person, name="Adapalene", category=Category.RETINOID, actives=["retinoid"]
    )
    factories.make_application(person, product=retinoid, day=MONDAY - dt.timedelta(days=1))
    client = Client()
    client.force_login(person)
    local = ZoneInfo(zone)
    with time_machine.travel(dt.datetime.combine(MONDAY, dt.time(11, 59), local), tick=False):
        due, warnings = today_titles(client)
    assert "Sunscreen this morning" in due
    assert "No sunscreen after a retinoid night" not in warnings
    with time_machine.travel(dt.datetime.combine(MONDAY, dt.time(12, 0), local), tick=False):
        due, warnings = today_titles(client)
    assert "Sunscreen this morning" not in due
    assert "No sunscreen after a retinoid night" in warnings


def test_staff_can_move_the_end_of_the_morning(db):
    if not RuleThresholds.objects.update(morning_ends_at=dt.time(10, 0)):
        RuleThresholds.objects.create(morning_ends_at=dt.time(10, 0))
    person = factories.make_user("kai", time_zone="UTC")
    retinoid = factories.make_product(
        person, name="Adapalene", category=Category.RETINOID, actives=["retinoid"]
    )
    factories.make_application(person, product=retinoid, day=MONDAY - dt.timedelta(days=1))
    client = Client()
    client.force_login(person)
    with time_machine.travel(dt.datetime.combine(MONDAY, dt.time(10, 30), dt.UTC), tick=False):
        due, warnings = today_titles(client)
    assert "No sunscreen after a retinoid night" in warnings
