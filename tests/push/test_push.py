"""Push reminders end to end, on this machine only: a local HTTP endpoint plays the push
service, and decrypts each message with the "browser's" keys (RFC 8291, http_ece)."""

import base64
import datetime as dt
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import http_ece
import pytest
import time_machine
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.urls import reverse
from py_vapid import Vapid

from skintrack.accounts.models import User
from skintrack.push import payloads, sending
from skintrack.push.models import PushSubscription, VapidKey
from skintrack.push.vapid import site_key
from tests import factories
from tests.reports.conftest import make_routines


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PushService:
    """A push service on 127.0.0.1: it keeps each request and answers `status`."""

    def __init__(self):
        self.received: list[dict] = []
        self.status = 201
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                service.received.append(
                    {
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body,
                    }
                )
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Browser:
    """What a browser keeps for a subscription: its ECDH key pair and the auth secret."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.p256dh = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )

    def subscribe(self, owner, endpoint: str) -> PushSubscription:
        return PushSubscription.objects.create(
            owner=owner, endpoint=endpoint, p256dh=b64url(self.p256dh), auth=b64url(self.auth)
        )

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(
            body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


@pytest.fixture
def push_service():
    service = PushService()
    yield service
    service.close()


def utc(hour, minute=0, day=dt.date(2026, 12, 2)):  # a Wednesday
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


@pytest.fixture
def person(db):
    """London; a retinoid on Monday, Wednesday and Friday evenings (see make_routines)."""
    person = factories.make_user("pia", time_zone="Europe/London", email="pia@example.com")
    person.kit = make_routines(person)
    return person


def test_the_vapid_key_is_made_once_and_kept(db):
    first = site_key()
    again = site_key()
    assert VapidKey.objects.count() == 1
    assert (again.private_key, again.public_key) == (first.private_key, first.public_key)
    # A usable P-256 pair: the public key is the uncompressed point browsers take.
    assert len(unb64url(first.public_key)) == 65 and unb64url(first.public_key)[0] == 4
    assert Vapid.from_string(first.private_key).public_key is not None


def test_the_morning_push_after_a_retinoid_night_arrives_encrypted_and_says_sunscreen(
    person, push_service
):
    browser = Browser()
    browser.subscribe(person, f"{push_service.url}/push/abc")
    # Tuesday evening: no retinoid (Mon/Wed/Fri). Monday evening: the retinoid was used.
    factories.make_application(person, step=person.kit.pm_retinoid, day=dt.date(2026, 11, 30))
    person.push_morning, person.morning_reminder_time = True, dt.time(8, 0)
    person.save()

    with time_machine.travel(utc(7, 59, dt.date(2026, 12, 1)), tick=False):
        assert sending.enqueue_due_pushes() == 0  # 07:59 in London: not yet
    with time_machine.travel(utc(8, 0, dt.date(2026, 12, 1)), tick=False):
        assert sending.enqueue_due_pushes() == 1  # the task runs at once in the tests
        assert sending.enqueue_due_pushes() == 0  # claimed: never twice a day

    [request] = push_service.received
    assert request["path"] == "/push/abc"
    assert request["headers"]["content-encoding"] == "aes128gcm"
    assert int(request["headers"]["ttl"]) == sending.TTL_SECONDS
    # Signed with the stored VAPID key, for this push service.
    auth = request["headers"]["authorization"]
    assert auth.startswith("vapid t=") and f"k={site_key().public_key}" in auth
    message = browser.decrypt(request["body"])
    assert message["title"] == "Sunscreen this morning"
    assert "retinoid last night" in message["body"]
    assert message["url"].endswith("/today/#morning")
    assert message["tag"] == "sunscreen-2026-12-01"
    assert "Adapalene" not in json.dumps(message)  # no product names on a lock screen


def test_no_morning_push_without_a_retinoid_last_night(person, push_service):
    Browser().subscribe(person, f"{push_service.url}/push/abc")
    person.push_morning = True
    person.save()
    with time_machine.travel(utc(9, 0, dt.date(2026, 12, 1)), tick=False):
        assert sending.enqueue_due_pushes() == 1  # due and claimed...
    assert push_service.received == []  # ...but nothing to say: no retinoid on Monday night


def test_the_evening_push_counts_the_steps_left_and_stays_quiet_when_all_are_done(
    person, push_service
):
    browser = Browser()
    browser.subscribe(person, f"{push_service.url}/push/abc")
    person.push_evening, person.evening_reminder_time = True, dt.time(21, 0)
    person.save()
    wednesday = dt.date(2026, 12, 2)
    factories.make_application(person, step=person.kit.pm_cleanse, day=wednesday)
    with time_machine.travel(utc(21, 0, wednesday), tick=False):
        assert sending.enqueue_due_pushes() == 1
    [request] = push_service.received
    message = browser.decrypt(request["body"])
    assert message["title"] == "Evening routine"
    assert message["body"].startswith("1 step to tick off tonight.")  # the retinoid is left
    assert message["url"].endswith("/today/#evening")

    thursday = wednesday + dt.timedelta(days=1)
    factories.make_application(person, step=person.kit.pm_cleanse, day=thursday)
    with time_machine.travel(utc(21, 30, thursday), tick=False):
        assert sending.enqueue_due_pushes() == 1
    assert len(push_service.received) == 1  # Thursday's only step is done: no ping


def test_a_subscription_the_push_service_says_is_gone_is_deleted(person, push_service):
    Browser().subscribe(person, f"{push_service.url}/push/gone")
    factories.make_application(person, step=person.kit.pm_retinoid, day=dt.date(2026, 11, 30))
    person.push_morning = True
    person.save()
    push_service.status = 410
    with time_machine.travel(utc(9, 0, dt.date(2026, 12, 1)), tick=False):
        sending.enqueue_due_pushes()
    assert len(push_service.received) == 1
    assert not PushSubscription.objects.filter(owner=person).exists()


def test_turning_a_reminder_on_after_its_time_waits_for_tomorrow(person, client):
    client.force_login(person)
    with time_machine.travel(utc(22, 0), tick=False):  # 22:00 in London
        response = client.post(
            reverse("push:reminders"),
            {
                "push_evening": "on",
                "evening_reminder_time": "21:30",
                "morning_reminder_time": "07:45",
            },
        )
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.push_evening and person.evening_reminder_time == dt.time(21, 30)
        assert person.push_evening_last_sent_on == dt.date(2026, 12, 2)
        assert not sending.claim(person, payloads.EVENING, person.local_today())


def test_a_bad_reminder_time_is_refused_with_a_message(person, client):
    client.force_login(person)
    response = client.post(
        reverse("push:reminders"),
        {"push_evening": "on", "evening_reminder_time": "25:99", "morning_reminder_time": ""},
    )
    assert response.status_code == 400
    assert "Give the time as hours and minutes" in response.text
    assert "Pick a time" in response.text
    person.refresh_from_db()
    assert not person.push_evening


def test_a_browser_subscribes_and_unsubscribes(person, client):
    client.force_login(person)
    browser = Browser()
    data = {
        "endpoint": "https://fcm.googleapis.com/fcm/send/xyz",
        "p256dh": b64url(browser.p256dh),
        "auth": b64url(browser.auth),
    }
    assert client.post(reverse("push:subscribe"), data).json() == {"devices": 1}
    assert client.post(reverse("push:subscribe"), data).json() == {"devices": 1}  # same one
    assert client.get(reverse("push:key")).json() == {"key": site_key().public_key}
    response = client.post(reverse("push:unsubscribe"), {"endpoint": data["endpoint"]})
    assert response.json() == {"devices": 0}


@pytest.mark.parametrize(
    "change",
    [
        {"endpoint": "http://fcm.googleapis.com/fcm/send/xyz"},  # not https
        {"endpoint": "https://intranet.example.com/admin"},  # not a push service
        {"endpoint": "https://fcm.googleapis.com:8443/fcm/send/xyz"},
        {"endpoint": "https://googleapis.com.example.com/x"},
        {"p256dh": "short"},
        {"auth": "!" * 22},
    ],
)
def test_a_broken_subscription_is_refused(person, client, change):
    client.force_login(person)
    browser = Browser()
    data = {
        "endpoint": "https://fcm.googleapis.com/fcm/send/xyz",
        "p256dh": b64url(browser.p256dh),
        "auth": b64url(browser.auth),
    } | change
    response = client.post(reverse("push:subscribe"), data)
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_someone_elses_subscription_cannot_be_removed(person, client):
    other = factories.make_user("oscar")
    Browser().subscribe(other, "https://push.example.net/send/oscar")
    client.force_login(person)
    client.post(reverse("push:unsubscribe"), {"endpoint": "https://push.example.net/send/oscar"})
    assert PushSubscription.objects.filter(owner=other).count() == 1


def test_payloads_say_what_is_due_and_fit_a_push_message():
    today = dt.date(2026, 12, 2)
    morning = payloads.sunscreen_morning(today, "https://skin.example/today/")
    assert morning == {
        "title": "Sunscreen this morning",
        "body": (
            "You used a retinoid last night, so your skin burns more easily today. "
            "Put on a broad-spectrum sunscreen before you go out."
        ),
        "tag": "sunscreen-2026-12-02",
        "url": "https://skin.example/today/#morning",
    }
    evening = payloads.evening_routine(today, 3, True, "https://skin.example/today/")
    assert evening["body"] == "3 steps to tick off tonight. Tonight suits a gentle exfoliation."
    assert payloads.evening_routine(today, 1, False, "/")["body"] == "1 step to tick off tonight."
    for payload in (morning, evening):
        assert len(payloads.encode(payload).encode()) < 3000  # well under the 4 KB limit
        assert json.loads(payloads.encode(payload)) == payload


@pytest.mark.django_db(transaction=True)  # tidy() closes connections, as a worker does
def test_the_worker_housekeeping_sends_push_reminders(person, push_service, monkeypatch):
    from skintrack.ops.management.commands import db_worker

    Browser().subscribe(person, f"{push_service.url}/push/abc")
    factories.make_application(person, step=person.kit.pm_retinoid, day=dt.date(2026, 11, 30))
    User.objects.filter(pk=person.pk).update(push_morning=True)
    with time_machine.travel(utc(9, 0, dt.date(2026, 12, 1)), tick=False):
        db_worker.tidy()
    assert len(push_service.received) == 1
