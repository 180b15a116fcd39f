import datetime as dt
import os
import signal
import threading
from io import StringIO
from types import SimpleNamespace
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.tasks.base import TaskContext
from django.urls import reverse

from skintrack.accounts.models import User
from skintrack.reports import digest
from skintrack.reports.management.commands import send_reminders
from tests import factories
from tests.reports.conftest import make_routines

# 1 July 2026: London is on summer time (UTC+1), so 07:30 there is 06:30 UTC.
SUMMER_MORNING = dt.date(2026, 7, 1)


def utc(hour: int, minute: int, day: dt.date = SUMMER_MORNING) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


@pytest.fixture
def subscriber(db):
    person = factories.make_user(
        "sam", time_zone="Europe/London", digest_enabled=True, digest_time=dt.time(7, 30)
    )
    make_routines(person)
    return person


def sent_on(person) -> dt.date | None:
    return User.objects.get(pk=person.pk).digest_last_sent_on


def test_nothing_is_sent_before_the_persons_local_time(subscriber, mailoutbox):
    assert digest.enqueue_due_digests(utc(6, 29)) == 0  # 07:29 in London
    assert mailoutbox == []
    assert sent_on(subscriber) is None


def test_the_digest_goes_out_at_the_persons_local_time(subscriber, mailoutbox):
    assert digest.enqueue_due_digests(utc(6, 30)) == 1  # 07:30 in London, not UTC
    assert [m.to for m in mailoutbox] == [["sam@example.com"]]
    assert sent_on(subscriber) == SUMMER_MORNING


def test_a_worker_that_was_down_at_the_time_still_sends_later_that_morning(subscriber, mailoutbox):
    assert digest.enqueue_due_digests(utc(6, 41)) == 1  # 07:41
    assert len(mailoutbox) == 1


def test_the_digest_is_sent_once_a_day_however_often_the_pass_runs(subscriber, mailoutbox):
    assert digest.enqueue_due_digests(utc(6, 30)) == 1
    assert digest.enqueue_due_digests(utc(6, 31)) == 0
    assert digest.enqueue_due_digests(utc(22, 0)) == 0  # 23:00 in London, same day
    assert len(mailoutbox) == 1
    next_day = SUMMER_MORNING + dt.timedelta(days=1)
    assert digest.enqueue_due_digests(utc(6, 29, next_day)) == 0
    assert digest.enqueue_due_digests(utc(6, 30, next_day)) == 1
    assert len(mailoutbox) == 2
    assert sent_on(subscriber) == next_day


def test_the_day_is_the_persons_own_not_utcs(db, mailoutbox):
    # 23:30 UTC on 30 June is already 09:30 on 1 July in Sydney.
    person = factories.make_user(
        "kim", time_zone="Australia/Sydney", digest_enabled=True, digest_time=dt.time(9, 0)
    )
    assert digest.enqueue_due_digests(utc(23, 30, dt.date(2026, 6, 30))) == 1
    assert sent_on(person) == dt.date(2026, 7, 1)
    assert "Wednesday 1 July" in mailoutbox[0].subject


def test_people_who_opted_out_get_nothing(subscriber, mailoutbox):
    User.objects.filter(pk=subscriber.pk).update(digest_enabled=False)
    assert digest.enqueue_due_digests(utc(8, 0)) == 0
    assert mailoutbox == []


def test_people_without_an_email_address_get_nothing(subscriber, mailoutbox):
    User.objects.filter(pk=subscriber.pk).update(email="")
    assert digest.enqueue_due_digests(utc(8, 0)) == 0
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_send_one_digest(mailoutbox):
    factories.make_user(
        "rae", time_zone="Europe/London", digest_enabled=True, digest_time=dt.time(7, 30)
    )
    start = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            start.wait(timeout=5)
            results.append(digest.enqueue_due_digests(utc(6, 45)))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert errors == []
    assert sorted(results) == [0, 1]
    assert len(mailoutbox) == 1


def test_a_failed_send_gives_the_claim_back_for_the_next_pass(subscriber, mailoutbox, caplog):
    with mock.patch.object(digest.EmailMultiAlternatives, "send", side_effect=OSError("SMTP down")):
        assert digest.enqueue_due_digests(utc(6, 30)) == 1  # claimed, the task failed
    assert mailoutbox == []
    assert sent_on(subscriber) is None
    assert "Task id=" in caplog.text and "FAILED" in caplog.text
    assert digest.enqueue_due_digests(utc(6, 31)) == 1
    assert len(mailoutbox) == 1


def test_a_digest_whose_worker_was_lost_is_not_sent_again(subscriber, mailoutbox):
    User.objects.filter(pk=subscriber.pk).update(digest_last_sent_on=SUMMER_MORNING)
    retry = TaskContext(task_result=SimpleNamespace(attempts=2))  # worker_ids: lost one, this
    assert digest.send_digest.call(retry, subscriber.pk, SUMMER_MORNING.isoformat()) is False
    assert mailoutbox == []
    first = TaskContext(task_result=SimpleNamespace(attempts=1))
    assert digest.send_digest.call(first, subscriber.pk, SUMMER_MORNING.isoformat()) is True
    assert len(mailoutbox) == 1


def test_the_email_lists_todays_steps_what_is_due_and_anything_urgent(subscriber, mailoutbox):
    factories.make_observation(subscriber, day=dt.date(2026, 3, 1), area="cheeks", count=4)
    factories.make_observation(subscriber, day=dt.date(2026, 6, 30), area="cheeks", count=6)
    with time_machine.travel(utc(6, 30)):
        digest.enqueue_due_digests()
    (email,) = mailoutbox
    html = email.alternatives[0].content
    assert email.subject == "Needs attention · Your skin routine for Wednesday 1 July"
    for text in (email.body, html):
        assert "Acme Milky cleanser" in text and "Acme Fluid SPF 50" in text  # morning
        assert "Acme Adapalene gel" in text  # a Wednesday evening
        assert "Milia persisting for 4 months" in text  # DRM-2, urgent
        assert "Sunscreen this morning" not in text  # no retinoid last night
    assert "/reports/unsubscribe/" in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.extra_headers["List-Unsubscribe"].startswith("<http")


def test_the_unsubscribe_link_asks_then_turns_the_digest_off(client, subscriber):
    url = reverse(
        "reports:unsubscribe", kwargs={"signed_token": digest.unsubscribe_token(subscriber)}
    )
    page = client.get(url)
    assert page.status_code == 200
    assert b"Stop the morning email" in page.content
    assert User.objects.get(pk=subscriber.pk).digest_enabled  # a GET changes nothing

    response = client.post(url)
    assert response.status_code == 302
    assert not User.objects.get(pk=subscriber.pk).digest_enabled
    assert b"The morning email is off" in client.get(url).content


def test_mail_apps_can_unsubscribe_in_one_click_without_a_csrf_token(subscriber):
    from django.test import Client

    url = reverse(
        "reports:unsubscribe", kwargs={"signed_token": digest.unsubscribe_token(subscriber)}
    )
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 302
    assert not User.objects.get(pk=subscriber.pk).digest_enabled


@pytest.mark.parametrize("token", ["nonsense", "eyJkaWdlc3QiOjF9:1vK:tampered"])
def test_a_bad_unsubscribe_link_is_not_found(client, subscriber, token):
    url = reverse("reports:unsubscribe", kwargs={"signed_token": token})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert User.objects.get(pk=subscriber.pk).digest_enabled


def test_the_reminder_form_turns_the_digest_on_at_a_chosen_time(client_owner, owner):
    response = client_owner.post(
        reverse("reports:reminders"), {"digest_enabled": "on", "digest_time": "06:45"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:settings") + "#reminders"
    owner.refresh_from_db()
    assert owner.digest_enabled and owner.digest_time == dt.time(6, 45)


def test_turning_the_email_on_late_in_the_evening_sends_nothing_until_next_morning(
    client_owner, owner, mailoutbox
):
    evening = dt.datetime(2026, 7, 1, 21, 35, tzinfo=dt.UTC)  # 22:35 in London
    with time_machine.travel(evening):
        response = client_owner.post(
            reverse("reports:reminders"), {"digest_enabled": "on", "digest_time": "07:30"}
        )
        assert response.status_code == 302
        assert digest.enqueue_due_digests(evening + dt.timedelta(minutes=1)) == 0
    assert mailoutbox == []
    assert digest.enqueue_due_digests(dt.datetime(2026, 7, 2, 6, 29, tzinfo=dt.UTC)) == 0
    assert digest.enqueue_due_digests(dt.datetime(2026, 7, 2, 6, 30, tzinfo=dt.UTC)) == 1
    assert len(mailoutbox) == 1 and "Good morning" in mailoutbox[0].body


def test_turning_the_email_on_before_its_time_sends_it_this_morning(
    client_owner, owner, mailoutbox
):
    early = dt.datetime(2026, 7, 1, 5, 0, tzinfo=dt.UTC)  # 06:00 in London
    with time_machine.travel(early):
        client_owner.post(
            reverse("reports:reminders"), {"digest_enabled": "on", "digest_time": "07:30"}
        )
    assert digest.enqueue_due_digests(dt.datetime(2026, 7, 1, 6, 30, tzinfo=dt.UTC)) == 1
    assert len(mailoutbox) == 1


def test_the_reminder_form_turns_the_digest_off(client_owner, owner):
    User.objects.filter(pk=owner.pk).update(digest_enabled=True)
    client_owner.post(reverse("reports:reminders"), {"digest_time": "07:30"})
    assert not User.objects.get(pk=owner.pk).digest_enabled


@pytest.mark.parametrize(
    "data, message",
    [
        ({"digest_enabled": "on", "digest_time": "25:00"}, "like 07:30"),
        ({"digest_enabled": "on", "digest_time": ""}, "Pick a time"),
    ],
)
def test_a_bad_reminder_time_is_refused_with_a_message(client_owner, owner, data, message):
    response = client_owner.post(reverse("reports:reminders"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    owner.refresh_from_db()
    assert not owner.digest_enabled and owner.digest_time == dt.time(7, 30)


def test_the_digest_needs_an_email_address(client_owner, owner):
    User.objects.filter(pk=owner.pk).update(email="")
    response = client_owner.post(
        reverse("reports:reminders"), {"digest_enabled": "on", "digest_time": "07:00"}
    )
    assert response.status_code == 400
    assert "Add your email address" in response.content.decode()
    assert not User.objects.get(pk=owner.pk).digest_enabled


def test_the_command_runs_one_pass(subscriber, mailoutbox):
    out = StringIO()
    with time_machine.travel(utc(6, 30)):
        call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == "Enqueued 1 digest."
    assert len(mailoutbox) == 1


def test_the_worker_stops_cleanly_on_sigterm(db):
    passes = []

    def one_pass():
        passes.append(1)
        os.kill(os.getpid(), signal.SIGTERM)  # as systemd stopping the service would
        return 0

    out = StringIO()
    before = signal.getsignal(signal.SIGTERM)
    with mock.patch.object(send_reminders.digest, "enqueue_due_digests", one_pass):
        call_command("send_reminders", "--loop", stdout=out)
    assert passes == [1]
    assert out.getvalue().strip().endswith("Stopped.")
    assert signal.getsignal(signal.SIGTERM) == before


def test_the_worker_stops_cleanly_on_ctrl_c(db):
    out = StringIO()
    with mock.patch.object(
        send_reminders.digest, "enqueue_due_digests", side_effect=KeyboardInterrupt
    ):
        call_command("send_reminders", "--loop", stdout=out)
    assert out.getvalue().strip().endswith("Stopped.")


def test_the_worker_keeps_going_after_a_failed_pass(db):
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database restarting")
        raise KeyboardInterrupt

    with (
        mock.patch.object(send_reminders.digest, "enqueue_due_digests", flaky),
        mock.patch.object(send_reminders, "seconds_to_next_minute", return_value=0),
    ):
        call_command("send_reminders", "--loop", stdout=StringIO())
    assert len(calls) == 2


@pytest.mark.parametrize(
    "now, wait", [(1_800_000_000.0, 60), (1_800_000_015.5, 44.5), (1_800_000_059.9, 0.1)]
)
def test_the_worker_sleeps_until_the_next_minute(now, wait):
    assert send_reminders.seconds_to_next_minute(now) == pytest.approx(wait)


def test_a_worker_holding_a_stale_row_cannot_claim_it_again(subscriber):
    stale = User.objects.get(pk=subscriber.pk)  # read before the other worker claimed
    assert digest.claim(subscriber, SUMMER_MORNING)
    assert not digest.claim(stale, SUMMER_MORNING)
