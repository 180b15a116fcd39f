"""Brute-force limits: log-in and the deletion password lock a username+address pair, the
password reset is limited per address and per email, whoever owns it."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from skintrack.accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


def log_in(client, password, username="olivia", address="203.0.113.7", **extra):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def page(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("’", "'")


def test_five_wrong_passwords_lock_the_account_from_that_address_even_for_the_right_one(
    client, owner
):
    with time_machine.travel(START, tick=False):
        for _ in range(4):
            assert log_in(client, "guess").status_code == 200  # the form again, with its error
        fifth = log_in(client, "guess")
        assert fifth.status_code == 429
        right = log_in(client, factories.PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    text = page(right)
    assert "Too many wrong passwords" in text
    assert "Try again after 09:15 (UTC)" in text
    assert reverse("accounts:password_reset") in text
    assert right["Retry-After"] == str(15 * 60)


def test_the_lock_ends_after_the_cool_off(client, owner):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            log_in(client, "guess")
    with time_machine.travel(START + dt.timedelta(minutes=14), tick=False):
        assert log_in(client, factories.PASSWORD).status_code == 429
    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        response = log_in(client, factories.PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("journal:today")


def test_four_wrong_passwords_then_the_right_one_log_in_and_start_the_count_again(client, owner):
    for _ in range(4):
        log_in(client, "guess")
    assert log_in(client, factories.PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert log_in(client, "guess").status_code == 200


def test_the_lock_is_on_the_pair_not_the_account_or_the_address(client, owner, outsider):
    for _ in range(5):
        log_in(client, "guess")
    assert log_in(client, factories.PASSWORD, address="198.51.100.2").status_code == 302
    client.logout()
    assert log_in(client, factories.PASSWORD, username="oscar").status_code == 302


def test_a_forwarded_address_is_ignored_unless_behind_a_proxy(client, owner, settings):
    # Without a proxy the header is the client's own word: changing it buys no new tries.
    for n in range(5):
        log_in(client, "guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert log_in(client, factories.PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_behind_a_proxy_the_address_it_saw_counts(client, owner, settings):
    settings.BEHIND_PROXY = True
    proxy = "10.0.0.1"
    for _ in range(5):
        log_in(client, "guess", address=proxy, HTTP_X_FORWARDED_FOR="spoofed, 192.0.2.1")
    locked = log_in(client, factories.PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert locked.status_code == 429
    # Another client behind the same proxy is not locked out.
    other = log_in(client, factories.PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.2")
    assert other.status_code == 302


def test_wrong_deletion_passwords_lock_like_log_ins_and_delete_nothing(client_owner, owner):
    url = reverse("portability:delete")
    address = {"REMOTE_ADDR": "203.0.113.7"}
    for _ in range(4):
        assert client_owner.post(url, {"password": "guess"}, **address).status_code == 400
    assert client_owner.post(url, {"password": "guess"}, **address).status_code == 429
    refused = client_owner.post(url, {"password": factories.PASSWORD}, **address)
    assert refused.status_code == 429
    assert "Too many wrong passwords" in page(refused)
    assert "Try again after" in page(refused)
    assert User.objects.filter(pk=owner.pk).exists()
    # The same lock holds at the log-in page.
    from django.test import Client

    assert log_in(Client(), factories.PASSWORD).status_code == 429


def reset(client, email, address="203.0.113.7"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address)


@pytest.mark.parametrize("email", ["olivia@example.com", "nobody@example.com"])
def test_reset_is_limited_to_three_an_hour_for_known_and_unknown_emails_alike(client, owner, email):
    with time_machine.travel(START, tick=False):
        answers = [reset(client, email).status_code for _ in range(4)]
    assert answers == [302, 302, 302, 429]
    expected = 3 if email == owner.email else 0
    assert len(mail.outbox) == expected
    with time_machine.travel(START + dt.timedelta(minutes=61), tick=False):
        assert reset(client, email).status_code == 302


def test_reset_is_limited_per_email_from_many_addresses(client, owner):
    with time_machine.travel(START, tick=False):
        answers = [reset(client, owner.email, f"192.0.2.{n}").status_code for n in range(5)]
    assert answers == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3


def test_reset_is_limited_per_address_across_emails(client, owner):
    with time_machine.travel(START, tick=False):
        answers = [reset(client, f"someone{n}@example.com").status_code for n in range(3)]
        limited = reset(client, owner.email)
    assert answers == [302, 302, 302]
    assert limited.status_code == 429
    assert "Too many reset requests" in page(limited)
    assert mail.outbox == []
