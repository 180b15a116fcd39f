"""Acting on an urgent card: "I've booked a visit" turns it calm until a few days after."""

import datetime as dt

import time_machine
from django.urls import reverse

from skintrack.journal.models import BookedVisit
from tests import factories

MONDAY = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)


def sore_eyelids(owner):
    factories.make_observation(
        owner, day=dt.date(2026, 11, 29), area="eyelids", count=2, redness=True
    )


def test_booking_a_visit_turns_the_urgent_card_into_a_calm_reminder(client_owner, owner):
    sore_eyelids(owner)
    with time_machine.travel(MONDAY, tick=False):
        before = client_owner.get(reverse("journal:today"))
        assert [f.rule_id for f in before.context["dashboard"].urgent] == ["DRM-1"]
        assert "I’ve booked a visit" in before.content.decode()
        response = client_owner.post(reverse("journal:book_visit"), {"day": "2026-12-10"})
        assert response.status_code == 302
        after = client_owner.get(reverse("journal:today"))
    board = after.context["dashboard"]
    assert board.urgent == []
    assert [f.title for f in board.calm] == ["Visit booked for Thu 10 Dec"]
    assert "Remove the booking" in after.content.decode()


def test_the_card_is_urgent_again_when_the_booking_lapses_without_a_visit(client_owner, owner):
    sore_eyelids(owner)
    BookedVisit.objects.create(owner=owner, day=dt.date(2026, 12, 2))
    with time_machine.travel(dt.datetime(2026, 12, 5, 9, tzinfo=dt.UTC), tick=False):
        assert client_owner.get(reverse("journal:today")).context["dashboard"].calm
    with time_machine.travel(dt.datetime(2026, 12, 6, 9, tzinfo=dt.UTC), tick=False):
        board = client_owner.get(reverse("journal:today")).context["dashboard"]
    assert [f.rule_id for f in board.urgent] == ["DRM-1"]


def test_logging_the_visit_quiets_the_card(client_owner, owner):
    sore_eyelids(owner)
    factories.make_visit(owner, day=dt.date(2026, 11, 30))
    with time_machine.travel(MONDAY, tick=False):
        board = client_owner.get(reverse("journal:today")).context["dashboard"]
    assert board.urgent == []
    assert [f.title for f in board.calm] == ["Seen by a dermatologist on Mon 30 Nov"]


def test_a_booking_in_the_past_or_far_ahead_is_refused_and_changes_nothing(client_owner, owner):
    sore_eyelids(owner)
    with time_machine.travel(MONDAY, tick=False):
        for day, message in (("2026-11-01", "That day has passed"), ("2028-01-01", "next year")):
            response = client_owner.post(reverse("journal:book_visit"), {"day": day})
            assert response.status_code == 400
            assert message in response.content.decode()
    assert not BookedVisit.objects.exists()


def test_booking_twice_keeps_one_booking_and_it_can_be_removed(client_owner, owner):
    with time_machine.travel(MONDAY, tick=False):
        client_owner.post(reverse("journal:book_visit"), {"day": "2026-12-10"})
        client_owner.post(reverse("journal:book_visit"), {"day": "2026-12-12"})
        assert list(BookedVisit.objects.values_list("day", flat=True)) == [dt.date(2026, 12, 12)]
        client_owner.post(reverse("journal:cancel_booking"))
    assert not BookedVisit.objects.exists()


def test_bookings_are_private(client_outsider, owner):
    BookedVisit.objects.create(owner=owner, day=dt.date(2026, 12, 10))
    with time_machine.travel(MONDAY, tick=False):
        client_outsider.post(reverse("journal:cancel_booking"))
    assert BookedVisit.objects.filter(owner=owner).exists()
