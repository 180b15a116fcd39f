"""The content admin: what a content editor may open, and the rule thresholds row."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from skintrack.guidance.models import RuleThresholds
from skintrack.learn.models import LearnPage
from tests import factories

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [
    "learn/learnpage",
    "learn/treatment",
    "learn/faqentry",
    "learn/reference",
    "guidance/rulethresholds",
    "shelf/ingredient",
    "shelf/catalogproduct",
]
PEOPLES_DATA_MODELS = [
    "journal/miliaobservation",
    "journal/daynote",
    "journal/application",
    "journal/dermatologistvisit",
    "journal/observationphoto",
    "shelf/product",
    "routines/routine",
    "accounts/user",
    "guidance/dismissedfinding",
]
THRESHOLD_FIELDS = [
    "persistence_days",
    "sudden_increase",
    "sudden_increase_window_days",
    "corticosteroid_days",
    "corticosteroid_window_days",
    "max_exfoliations_per_week",
    "visit_snooze_days",
    "comedogenic_rating",
    "eye_area_recent_days",
]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_editor():
    editor = factories.make_user("edith", is_staff=True)
    editor.groups.add(Group.objects.get(name="Content editors"))
    return logged_in(editor)


@pytest.fixture
def client_superuser():
    return logged_in(factories.make_user("root", is_staff=True, is_superuser=True))


def thresholds_form(**changes) -> dict:
    row = RuleThresholds.objects.get()
    return {**{name: getattr(row, name) for name in THRESHOLD_FIELDS}, **changes, "_save": "Save"}


def thresholds_url(action: str = "change") -> str:
    return f"/admin/guidance/rulethresholds/{RuleThresholds.objects.get().pk}/{action}/"


@pytest.mark.parametrize("model", CONTENT_MODELS)
def test_a_content_editor_can_open_the_content_lists(client_editor, model):
    assert client_editor.get(f"/admin/{model}/").status_code == 200


@pytest.mark.parametrize("model", PEOPLES_DATA_MODELS)
def test_a_content_editor_is_refused_the_lists_of_peoples_data(client_editor, model):
    # 403 where the admin has a page (for superusers), 404 where it has none at all.
    assert client_editor.get(f"/admin/{model}/").status_code in (403, 404)


def test_the_content_editors_group_holds_only_content_permissions():
    group = Group.objects.get(name="Content editors")
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    every = {"add", "change", "delete", "view"}
    expected = {
        f"{app}.{action}_{model}"
        for app, model in (m.split("/") for m in CONTENT_MODELS)
        for action in (("change", "view") if model == "rulethresholds" else every)
    }
    assert held == expected


def test_a_content_editor_can_edit_a_learn_page_and_open_its_preview(client_editor):
    page = LearnPage.objects.get(slug="daily-habits")
    response = client_editor.get(f"/admin/learn/learnpage/{page.pk}/change/")
    assert response.status_code == 200
    assert "/learn/daily-habits/?preview=1" in response.content.decode()


def test_a_learn_page_cannot_take_the_address_of_another_learn_route(client_editor):
    data = {"title": "x", "slug": "ingredients", "summary": "x", "body": "x", "order": 1}
    response = client_editor.post("/admin/learn/learnpage/add/", data)
    assert response.status_code == 200
    assert "is the address of another Learn page" in response.content.decode()
    assert not LearnPage.objects.filter(slug="ingredients").exists()


def test_the_seed_made_exactly_one_thresholds_row_with_the_defaults():
    assert RuleThresholds.objects.count() == 1
    assert RuleThresholds.current().persistence_days == 90


def test_the_thresholds_row_cannot_be_added_to_or_deleted(client_superuser):
    assert client_superuser.get("/admin/guidance/rulethresholds/add/").status_code == 403
    assert client_superuser.get(thresholds_url("delete")).status_code == 403
    assert RuleThresholds.objects.count() == 1


def test_the_thresholds_admin_refuses_more_steroid_days_than_the_window(client_editor):
    response = client_editor.post(
        thresholds_url(), thresholds_form(corticosteroid_days=30, corticosteroid_window_days=28)
    )
    assert response.status_code == 200
    assert "Can’t be more than the days in the window." in response.content.decode()
    assert RuleThresholds.current().corticosteroid_days == 14


def test_a_superuser_can_change_a_threshold_and_the_rules_see_it(client_superuser):
    response = client_superuser.post(thresholds_url(), thresholds_form(persistence_days=120))
    assert response.status_code == 302
    assert RuleThresholds.current().persistence_days == 120


def test_the_thresholds_form_groups_the_numbers_by_rule(client_superuser):
    content = client_superuser.get(thresholds_url()).content.decode()
    for heading in ("EXF-1", "DRM-2", "DRM-3", "RSK-1", "PRD-1 and CLN-1"):
        assert heading in content
    assert "DRM-2: days milia must persist in an area." in content
