"""Sessions: an htmx tap that meets an expired session goes to log in as a whole page and
comes back to the same day; sessions slide while a person keeps using skintrack; "Log out
everywhere" ends every device's session."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from skintrack.accounts.models import PersonSession
from skintrack.journal.models import Application
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def step(owner):
    morning = factories.make_routine(owner, name="Morning", period="am")
    return factories.make_step(morning, factories.make_product(owner, name="Gel cleanser"))


def tick_url(owner, step):
    return reverse("journal:tick", kwargs={"day": owner.local_today(), "step_id": step.id})


def test_an_htmx_tap_on_an_expired_session_sends_the_whole_page_to_log_in_and_back(
    client, owner, step
):
    day_page = reverse("journal:day", kwargs={"day": owner.local_today()})
    response = client.post(
        tick_url(owner, step),
        {"done": "1"},
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{day_page}"},
    )
    assert response.status_code == 401
    assert b"<form" not in response.content  # no log-in page to swap into a card
    target = urlsplit(response["HX-Redirect"])
    assert target.path == reverse("accounts:login")
    assert parse_qs(target.query)["next"] == [day_page]  # the day, not the tap's URL
    assert not Application.objects.exists()


def test_a_current_url_of_another_site_is_not_where_log_in_returns(client, owner, step):
    response = client.post(
        tick_url(owner, step),
        {"done": "1"},
        headers={"HX-Request": "true", "HX-Current-URL": "https://evil.example/today/"},
    )
    next_url = parse_qs(urlsplit(response["HX-Redirect"]).query)["next"]
    assert next_url == [reverse("journal:today")]


def test_without_htmx_an_expired_session_is_the_usual_redirect(client, owner, step):
    response = client.post(tick_url(owner, step), {"done": "1"})
    assert response.status_code == 302
    assert "HX-Redirect" not in response


def session_expiry(client) -> dt.datetime:
    return PersonSession.objects.get(session_key=client.session.session_key).expire_date


def test_a_session_slides_while_the_person_keeps_coming_back():
    person = factories.make_user("monthly")
    start = dt.datetime(2026, 1, 1, 8, tzinfo=dt.UTC)
    idle = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    client = Client()
    with time_machine.travel(start, tick=False):
        client.post(
            reverse("accounts:login"), {"username": "monthly", "password": factories.PASSWORD}
        )
        assert session_expiry(client) == start + idle
    # Opened once a month for a year: still logged in, the expiry a full period ahead.
    for month in range(1, 13):
        visit = start + dt.timedelta(days=31 * month)
        with time_machine.travel(visit, tick=False):
            assert client.get(reverse("journal:today")).status_code == 200, month
            assert session_expiry(client) == visit + idle
    assert person.sessions.count() == 1


def test_visits_within_a_week_leave_the_session_unwritten(django_assert_num_queries):
    factories.make_user("often")
    client = Client()
    start = dt.datetime(2026, 1, 1, 8, tzinfo=dt.UTC)
    idle = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(start, tick=False):
        client.post(
            reverse("accounts:login"), {"username": "often", "password": factories.PASSWORD}
        )
    for days in (1, 3, 6):
        with time_machine.travel(start + dt.timedelta(days=days), tick=False):
            with django_assert_num_queries(3):  # session, person, their share links; no write
                client.get(reverse("accounts:settings"))
            assert session_expiry(client) == start + idle
    # A week on, the next visit moves the expiry.
    week_later = start + dt.timedelta(days=7)
    with time_machine.travel(week_later, tick=False):
        client.get(reverse("accounts:settings"))
        assert session_expiry(client) == week_later + idle


def test_a_session_unused_for_longer_than_the_idle_days_has_ended():
    factories.make_user("rare")
    client = Client()
    start = dt.datetime(2026, 1, 1, 8, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.post(reverse("accounts:login"), {"username": "rare", "password": factories.PASSWORD})
    later = start + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE, days=1)
    with time_machine.travel(later, tick=False):
        response = client.get(reverse("journal:today"))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts:login")


def test_the_idle_days_are_a_setting_from_the_environment(monkeypatch):
    import importlib

    from skintrack import settings as project_settings

    assert project_settings.SESSION_COOKIE_AGE == 40 * 24 * 3600  # the default
    monkeypatch.setenv("SESSION_IDLE_DAYS", "90")
    try:
        assert importlib.reload(project_settings).SESSION_COOKIE_AGE == 90 * 24 * 3600
    finally:
        monkeypatch.delenv("SESSION_IDLE_DAYS")
        importlib.reload(project_settings)


def test_log_out_everywhere_ends_every_session_of_the_person_only(owner, outsider):
    phone, laptop, someone_else = Client(), Client(), Client()
    phone.force_login(owner)
    laptop.force_login(owner)
    someone_else.force_login(outsider)
    settings_page = phone.get(reverse("accounts:settings")).content.decode()
    assert "Log out everywhere" in settings_page
    response = phone.post(reverse("accounts:logout_everywhere"), follow=True)
    assert "logged out on every device" in response.content.decode()
    for client in (phone, laptop):
        assert client.get(reverse("journal:today")).status_code == 302
    assert someone_else.get(reverse("journal:today")).status_code == 200
    assert not owner.sessions.exists()


def test_log_out_everywhere_needs_a_post(client_owner):
    assert client_owner.get(reverse("accounts:logout_everywhere")).status_code == 405
    assert client_owner.get(reverse("journal:today")).status_code == 200


def test_settings_say_how_often_to_come_back_to_stay_logged_in(client_owner, settings):
    settings.SESSION_COOKIE_AGE = 40 * 24 * 3600
    html = client_owner.get(reverse("accounts:settings")).content.decode()
    assert "at least once every 33 days" in html  # a visit renews a week-old session
