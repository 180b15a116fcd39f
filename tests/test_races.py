"""Two devices saving the same thing at the same moment: both get an answer, never a 500.

Each test sends two requests from two threads, released together by a barrier, to a live
server (threads of this process, each with its own database connection). The model's save
is slowed down by 0.3 s so that both requests have read "nothing there yet" before either
writes: without that the race would be real but rare, and a test that rarely races cannot
fail. Every create-or-update path behind a unique constraint has a test here:

| constraint                              | path                          |
| --------------------------------------- | ----------------------------- |
| DayNote one_note_per_day                | save the day's note           |
| MiliaObservation one_observation_per_.. | log (or move) an area's count |
| Application one_application_per_step..  | tick a routine step           |
| DismissedFinding dismiss_once_a_week    | dismiss a reminder            |
| Routine one_active_routine_per_period   | make a routine active; new    |
| User username                           | sign up                       |
| (no constraint: one row)                | reminder settings             |
"""

import datetime as dt
import http.client
import threading
import time
import urllib.parse

import pytest
import time_machine
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import reverse

from skintrack.accounts.models import User
from skintrack.guidance.models import DismissedFinding
from skintrack.journal.models import Application, DayNote, MiliaObservation
from skintrack.routines.models import Routine
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

WINDOW = 0.3  # seconds between a request's read and its write


class Device:
    """A browser of one person (or of nobody) talking HTTP to the live server."""

    def __init__(self, server, person=None):
        url = urllib.parse.urlsplit(server.url)
        self.host, self.port, self.origin = url.hostname, url.port, server.url
        self.csrf = _get_new_csrf_string()
        self.cookies = {"csrftoken": self.csrf}
        if person is not None:
            client = Client()
            client.force_login(person)
            self.cookies["sessionid"] = client.cookies["sessionid"].value

    def post(self, path: str, data: dict) -> tuple[int, str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(
                "POST",
                path,
                urllib.parse.urlencode(data, doseq=True),
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                    "X-CSRFToken": self.csrf,
                    "Referer": self.origin + "/",
                },
            )
            response = connection.getresponse()
            return response.status, response.read().decode()
        finally:
            connection.close()


def race(*calls) -> list[tuple[int, str]]:
    """Run the calls in threads released at the same instant; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def slow_save(monkeypatch):
    """Widen the window between a request's check and its write (see the module doc)."""

    def slow(model):
        original = model.save

        def save(self, *args, **kwargs):
            time.sleep(WINDOW)
            return original(self, *args, **kwargs)

        monkeypatch.setattr(model, "save", save)

    return slow


def statuses(results) -> list[int]:
    return sorted(status for status, _ in results)


def test_two_devices_saving_a_days_note_both_succeed_and_one_note_remains(
    live_server, owner, slow_save
):
    slow_save(DayNote)
    phone, laptop = Device(live_server, owner), Device(live_server, owner)
    url = reverse("journal:save_note", kwargs={"day": owner.local_today()})
    results = race(
        lambda: phone.post(url, {"notes": "from the phone", "steamed": "on"}),
        lambda: laptop.post(url, {"notes": "from the laptop"}),
    )
    assert statuses(results) == [302, 302]
    note = DayNote.objects.get(owner=owner)
    assert note.notes in {"from the phone", "from the laptop"}
    assert note.steamed == (note.notes == "from the phone")  # one save, whole


def test_two_devices_logging_the_same_area_get_a_save_and_a_clear_refusal(
    live_server, owner, slow_save
):
    slow_save(MiliaObservation)
    phone, laptop = Device(live_server, owner), Device(live_server, owner)
    url = reverse("journal:observation_new", kwargs={"day": owner.local_today()})
    results = race(
        lambda: phone.post(url, {"cheeks-count": "3", "nose-count": "1"}),
        lambda: laptop.post(url, {"cheeks-count": "4", "nose-count": "2"}),
    )
    assert statuses(results) == [302, 400]
    refused = next(body for status, body in results if status == 400)
    assert "logged on this day meanwhile" in refused.replace("&#x27;", "'")
    # The refused form kept nothing, not even its other area.
    assert MiliaObservation.objects.filter(owner=owner, area="nose").count() == 1
    assert MiliaObservation.objects.filter(owner=owner, area="cheeks").count() == 1


def test_two_devices_moving_counts_onto_the_same_area_get_a_save_and_a_clear_refusal(
    live_server, owner, slow_save
):
    first = factories.make_observation(owner, area="nose", count=1)
    second = factories.make_observation(owner, area="chin_jaw", count=2)
    slow_save(MiliaObservation)
    phone, laptop = Device(live_server, owner), Device(live_server, owner)
    data = {"area": "cheeks", "count": "5", "milia_type": "unknown"}
    results = race(
        lambda: phone.post(reverse("journal:observation_edit", args=[first.pk]), data),
        lambda: laptop.post(reverse("journal:observation_edit", args=[second.pk]), data),
    )
    assert statuses(results) == [302, 400]
    assert MiliaObservation.objects.filter(owner=owner).count() == 2
    assert MiliaObservation.objects.filter(owner=owner, area="cheeks").count() == 1


def test_two_taps_ticking_the_same_step_log_it_once(live_server, owner, slow_save):
    routine = factories.make_routine(owner, period="pm")
    step = factories.make_step(
        routine, factories.make_product(owner, name="Gel", category="cleanser")
    )
    slow_save(Application)
    phone, laptop = Device(live_server, owner), Device(live_server, owner)
    url = reverse("journal:tick", kwargs={"day": owner.local_today(), "step_id": step.pk})
    results = race(lambda: phone.post(url, {"done": "1"}), lambda: laptop.post(url, {"done": "1"}))
    assert statuses(results) == [302, 302]
    assert Application.objects.filter(owner=owner, step=step).count() == 1


def test_two_devices_dismissing_the_same_reminder_save_one_dismissal(live_server, owner, slow_save):
    monday = dt.date(2026, 11, 23)  # 2026-W48
    sunscreen = factories.make_product(owner, name="Fluid SPF 50")
    for n in (0, 2, 4):
        factories.make_application(
            owner, product=sunscreen, day=monday + dt.timedelta(days=n), period="am"
        )
    slow_save(DismissedFinding)
    phone, laptop = Device(live_server, owner), Device(live_server, owner)
    url = reverse("review:dismiss", kwargs={"week": "2026-W48"})
    with time_machine.travel(dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)):
        results = race(
            lambda: phone.post(url, {"key": "SUN-1:2026-W48"}),
            lambda: laptop.post(url, {"key": "SUN-1:2026-W48"}),
        )
    assert statuses(results) == [302, 302]
    assert DismissedFinding.objects.filter(owner=owner, week="2026-W48").count() == 1


def test_two_devices_making_different_routines_active_leave_one_active(
    live_server, owner, slow_save
):
    gentle = factories.make_routine(owner, name="Gentle", period="am", is_active=False)
    full = factories.make_routine(owner, name="Full", period="am", is_active=False)
    slow_save(Routine)
    phone, laptop = Device(live_server, owner), Device(live_server, owner)
    results = race(
        lambda: phone.post(reverse("routines:activate", args=[gentle.pk]), {}),
        lambda: laptop.post(reverse("routines:activate", args=[full.pk]), {}),
    )
    assert statuses(results) == [302, 302]
    assert Routine.objects.filter(owner=owner, period="am", is_active=True).count() == 1


def test_two_devices_creating_the_first_routine_of_a_period_leave_one_active(
    live_server, owner, slow_save
):
    slow_save(Routine)
    phone, laptop = Device(live_server, owner), Device(live_server, owner)
    url = reverse("routines:new")
    results = race(
        lambda: phone.post(url, {"name": "Morning", "period": "am"}),
        lambda: laptop.post(url, {"name": "Morning too", "period": "am"}),
    )
    assert statuses(results) == [302, 302]
    assert Routine.objects.filter(owner=owner, period="am").count() == 2
    assert Routine.objects.filter(owner=owner, period="am", is_active=True).count() == 1


def test_two_devices_changing_the_morning_email_both_land(live_server, owner, slow_save):
    slow_save(User)
    phone, laptop = Device(live_server, owner), Device(live_server, owner)
    url = reverse("reports:reminders")
    results = race(
        lambda: phone.post(url, {"digest_enabled": "on", "digest_time": "07:00"}),
        lambda: laptop.post(url, {"digest_enabled": "on", "digest_time": "08:15"}),
    )
    assert statuses(results) == [302, 302]
    owner.refresh_from_db()
    assert owner.digest_enabled
    assert owner.digest_time in {dt.time(7, 0), dt.time(8, 15)}


def test_two_people_signing_up_with_one_name_get_an_account_and_a_clear_refusal(
    live_server, slow_save
):
    slow_save(User)
    one, two = Device(live_server), Device(live_server)
    url = reverse("accounts:signup")

    def sign_up(device, zone):
        passphrase = "a-long-and-careful-passphrase"
        return device.post(
            url,
            {
                "username": "newcomer",
                "email": "",
                "time_zone": zone,
                "password1": passphrase,
                "password2": passphrase,
            },
        )

    results = race(lambda: sign_up(one, "Europe/Paris"), lambda: sign_up(two, "Asia/Tokyo"))
    assert statuses(results) == [302, 400]
    refused = next(body for status, body in results if status == 400)
    assert "Someone just took that username" in refused or "already exists" in refused
    assert User.objects.filter(username="newcomer").count() == 1
