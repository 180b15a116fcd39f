"""Further reading from clinicians' own pages, and the "last reviewed" date on each page."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from skintrack.learn import content_data
from skintrack.learn.models import LearnPage, Reference
from tests import factories
from tests.html import visible_text

pytestmark = pytest.mark.django_db

TRUSTED_PUBLISHERS = {
    "American Academy of Dermatology",
    "NHS",
    "DermNet",
    "British Association of Dermatologists",
    "Cleveland Clinic",
    "StatPearls (NCBI Bookshelf)",
}
MAGAZINES = ("elle.com", "goodhousekeeping.com", "healthline.com", "medicalnewstoday.com")


def page_text(client, slug: str) -> str:
    response = client.get(reverse("learn:page", kwargs={"slug": slug}))
    assert response.status_code == 200
    return response.content.decode()


def test_every_seeded_page_says_when_it_was_last_reviewed(client):
    for row in content_data.LEARN_PAGES:
        text = visible_text(page_text(client, row["slug"]))
        assert "Last reviewed 30 November 2026" in text, row["slug"]


def test_each_topic_lists_its_further_reading_with_the_publisher(client):
    content = page_text(client, "daily-habits")
    text = visible_text(content)
    assert "Further reading" in text
    assert "NHS: Sunscreen and sun safety" in text
    assert "American Academy of Dermatology: Retinoid or retinol?" in text
    assert 'href="https://www.nhs.uk/live-well/seasonal-health/sunscreen-and-sun-safety/"' in (
        content
    )
    # Only the sources that cover this page: the treatments reference is not here.
    assert "StatPearls" not in text


def test_the_six_trusted_publishers_are_cited_and_no_magazine_is(client):
    cited = set()
    for row in content_data.LEARN_PAGES:
        content = page_text(client, row["slug"])
        assert not any(site in content for site in MAGAZINES), row["slug"]
        cited |= {p for p in TRUSTED_PUBLISHERS if f"{p}:" in visible_text(content)}
    assert cited == TRUSTED_PUBLISHERS
    index = client.get(reverse("learn:index")).content.decode()
    assert not any(site in index for site in MAGAZINES)
    assert Reference.objects.filter(pages__isnull=True).count() == 0


def test_a_page_nobody_has_reviewed_says_so(client):
    LearnPage.objects.filter(slug="prevention").update(last_reviewed=None)
    text = visible_text(page_text(client, "prevention"))
    assert "Not reviewed yet" in text
    assert "Last reviewed" not in text


@pytest.fixture
def editor_client():
    editor = factories.make_user("edith", is_staff=True)
    editor.groups.add(Group.objects.get(name="Content editors"))
    client = Client()
    client.force_login(editor)
    return client


def change_page(editor_client, page: LearnPage, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "body": page.body,
        "order": page.order,
        "published": "on",
        "last_reviewed": "",
        **changes,
    }
    return editor_client.post(f"/admin/learn/learnpage/{page.pk}/change/", data)


def test_an_editor_sets_the_review_date_and_readers_see_it(editor_client, client):
    page = LearnPage.objects.get(slug="safe-home-care")
    today = timezone.localdate()
    future = today + dt.timedelta(days=10)
    response = change_page(editor_client, page, last_reviewed=future.isoformat())
    # A date to come is refused with a message, and nothing changes.
    assert response.status_code == 200
    assert "can’t be in the future" in response.content.decode()
    page.refresh_from_db()
    assert page.last_reviewed == content_data.REVIEWED_ON
    response = change_page(editor_client, page, last_reviewed=today.isoformat())
    assert response.status_code == 302
    text = visible_text(page_text(client, "safe-home-care"))
    assert f"Last reviewed {today.day} {today:%B %Y}" in text


def test_an_editor_links_a_new_source_to_a_page(editor_client, client):
    page = LearnPage.objects.get(slug="prevention")
    response = editor_client.post(
        "/admin/learn/reference/add/",
        {
            "title": "A new clinical page",
            "publisher": "DermNet",
            "url": "https://dermnetnz.org/topics/example",
            "pages": [page.pk],
            "order": 20,
        },
    )
    assert response.status_code == 302
    assert "DermNet: A new clinical page" in visible_text(page_text(client, "prevention"))
