import re
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skintrack.accounts import emails
from skintrack.accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db

PASSPHRASE = "a-long-and-careful-passphrase"


def signup(client, **changes):
    data = {
        "username": "newcomer",
        "email": "",
        "time_zone": "Pacific/Auckland",
        "password1": PASSPHRASE,
        "password2": PASSPHRASE,
    }
    data.update(changes)
    return client.post(reverse("accounts:signup"), data)


def test_signing_up_creates_the_person_in_their_zone_and_signs_them_in(client):
    response = signup(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("shelf:list")
    person = User.objects.get(username="newcomer")
    assert person.time_zone == "Pacific/Auckland"
    assert client.get(reverse("journal:today")).status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "is not a time zone we know"),
        ({"password2": "something-else-entirely"}, "didn’t match"),
        ({"username": ""}, "This field is required"),
    ],
)
def test_a_bad_sign_up_is_refused_with_a_message(client, changes, message):
    response = signup(client, **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_logging_in_lands_on_today(client, owner):
    response = client.post(
        reverse("accounts:login"), {"username": "olivia", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("journal:today")


def test_a_wrong_password_does_not_log_in(client, owner):
    response = client.post(reverse("accounts:login"), {"username": "olivia", "password": "x"})
    assert response.status_code == 200
    assert b"enter a correct username and password" in response.content
    assert client.get(reverse("journal:today")).status_code == 302


def test_logging_out_needs_a_post_and_ends_the_session(client_owner):
    assert client_owner.get(reverse("accounts:logout")).status_code == 405
    client_owner.post(reverse("accounts:logout"))
    assert client_owner.get(reverse("journal:today")).status_code == 302


def test_a_password_reset_email_carries_a_link_that_sets_a_new_password(client, owner):
    client.post(reverse("accounts:password_reset"), {"email": owner.email})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert b"Choose a new password" in form_page.content
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": PASSPHRASE, "new_password2": PASSPHRASE},
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(PASSPHRASE)


def reset_request_work(client, email: str, address: str) -> tuple[list, list[str], int]:
    """What the reset view does for `email`, asked from `address`: the tasks it enqueued,
    the shape of its SQL (values and savepoint names left out), its response."""
    with (
        mock.patch.object(emails, "send_password_reset") as reset_task,
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.post(
            reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address
        )
    shapes = [
        re.sub(r'"s\d+_x\d+"', '"savepoint"', re.sub(r"'[^']*'", "?", q["sql"]))
        for q in queries.captured_queries
    ]
    return reset_task.enqueue.call_args_list, shapes, response


def test_the_reset_view_does_the_same_work_for_known_and_unknown_addresses(client, owner):
    # From two addresses, so each request starts its own rate-limit count (issue 11).
    known_calls, known_sql, known = reset_request_work(client, owner.email, "192.0.2.1")
    unknown_calls, unknown_sql, unknown = reset_request_work(
        client, "nobody@example.com", "192.0.2.2"
    )
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # One task enqueued with the typed address, no lookup in the request, for both.
    assert [c.args[0] for c in known_calls] == [owner.email]
    assert [c.args[0] for c in unknown_calls] == ["nobody@example.com"]
    assert known_sql == unknown_sql
    assert not any("accounts_user" in sql for sql in known_sql)
    assert mail.outbox == []


def test_the_reset_task_sends_nothing_for_an_unknown_address(client, owner):
    client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert mail.outbox == []


def test_a_failed_reset_email_fails_its_task_with_its_id_in_the_log(client, owner, caplog):
    with mock.patch.object(emails.EmailMultiAlternatives, "send", side_effect=OSError("down")):
        response = client.post(reverse("accounts:password_reset"), {"email": owner.email})
    assert response.status_code == 302  # the person is told the same as always
    assert re.search(
        r"Task id=\S+ path=skintrack.accounts.emails.send_password_reset "
        r"state=FAILED",
        caplog.text,
    )


def test_changing_the_password_keeps_the_person_signed_in(client_owner, owner):
    response = client_owner.post(
        reverse("accounts:password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password1": PASSPHRASE,
            "new_password2": PASSPHRASE,
        },
    )
    assert response.status_code == 302
    assert client_owner.get(reverse("journal:today")).status_code == 200


def test_the_settings_page_changes_the_time_zone(client_owner, owner):
    response = client_owner.post(
        reverse("accounts:settings"), {"email": owner.email, "time_zone": "Asia/Tokyo"}
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.time_zone == "Asia/Tokyo"


def test_an_unknown_time_zone_in_settings_is_refused_and_the_old_one_kept(client_owner, owner):
    response = client_owner.post(
        reverse("accounts:settings"), {"email": owner.email, "time_zone": "Nowhere/Land"}
    )
    assert response.status_code == 400
    owner.refresh_from_db()
    assert owner.time_zone == "Europe/London"


def test_the_settings_page_sends_a_short_zone_list_and_the_full_one_is_a_static_file(
    client_owner,
):
    import json

    from django.contrib.staticfiles import finders

    from skintrack.accounts import zones

    html = client_owner.get(reverse("accounts:settings")).text
    assert html.count("<option") < 60  # not ~420 options on every visit
    assert '<optgroup label="Europe">' in html and "time-zones.json" in html
    with open(finders.find("js/time-zones.json")) as data:
        assert json.load(data) == zones.browser_data()  # in step with the server's list


@pytest.mark.parametrize(
    ("typed", "saved"),
    [("Asia/Tokyo", "Asia/Tokyo"), ("new york", "America/New_York"), ("tokyo", "Asia/Tokyo")],
)
def test_a_typed_time_zone_is_understood(client_owner, owner, typed, saved):
    client_owner.post(reverse("accounts:settings"), {"email": owner.email, "time_zone": typed})
    owner.refresh_from_db()
    assert owner.time_zone == saved


def test_moving_to_a_zone_past_the_email_time_sends_no_morning_email_at_once(client_owner, owner):
    import datetime as dt

    import time_machine

    from skintrack.reports import digest

    owner.digest_enabled, owner.digest_time = True, dt.time(7, 30)
    owner.time_zone = "Europe/London"
    owner.save()
    # 06:00 in London (not yet due there), already 15:00 in Tokyo.
    with time_machine.travel(dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.UTC), tick=False):
        client_owner.post(
            reverse("accounts:settings"), {"email": owner.email, "time_zone": "Asia/Tokyo"}
        )
        owner.refresh_from_db()
        assert owner.time_zone == "Asia/Tokyo"
        assert owner.digest_last_sent_on == dt.date(2026, 12, 1)  # today there counts as done
        assert not digest.claim(owner, owner.local_today())  # nothing goes out now
