"""/healthz: what a load balancer asks before sending people to this server."""

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from skintrack.ops import views
from tests import factories
from tests.ops import tasks

pytestmark = pytest.mark.django_db
URL = "/healthz"


def test_the_address_is_stable():
    assert reverse("healthz") == URL


def test_a_healthy_server_answers_200_with_the_queue_and_nothing_personal(
    client, owner, database_backend
):
    start = timezone.now()
    with time_machine.travel(start - dt.timedelta(seconds=90), tick=False):
        tasks.always_fails.enqueue()
    tasks.always_fails.enqueue()
    with time_machine.travel(start, tick=False):
        response = client.get(URL)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "applied",
        "tasks": {"backlog": 2, "oldest_queued_seconds": 90, "running": 0},
    }
    assert owner.username not in response.content.decode()


def test_no_login_is_needed_and_no_session_is_made(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_a_database_that_is_down_answers_503(client):
    with mock.patch.object(views.connection, "cursor", side_effect=OperationalError("down")):
        response = client.get(URL)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_pending_migrations_answer_503(client, monkeypatch):
    monkeypatch.setattr(views, "_migrated", False)
    with mock.patch.object(views.MigrationExecutor, "migration_plan", return_value=[("x", False)]):
        response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["migrations"] == "pending"
    monkeypatch.setattr(views, "_migrated", False)


def test_only_get_and_head(client):
    assert client.post(URL).status_code == 405


def test_staff_see_a_reset_task_but_not_the_email_address_typed(client, database_backend):
    from django_tasks_db.models import DBTaskResult

    from skintrack.accounts.emails import send_password_reset

    result = send_password_reset.enqueue("someone.private@example.com", "example.com", True)
    staff = factories.make_user("sid", is_staff=True, is_superuser=True)
    client.force_login(staff)
    url = reverse("admin:django_tasks_database_dbtaskresult_change", args=[result.id])
    page = client.get(url)
    assert page.status_code == 200 and "send_password_reset" in page.content.decode()
    assert "someone.private@example.com" not in page.content.decode()
    listing = client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    assert "someone.private@example.com" not in listing.content.decode()
    assert DBTaskResult.objects.filter(id=result.id).exists()
