"""No codes for people: rule ids (EXF-1, DRM-1, …) live in the markup (data-rule) and the
admin, never in what a person reads or hears on their pages, the Learn pages, the visit
report, the morning email or the calendar feed."""

import datetime as dt
import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from skintrack.accounts.models import User
from skintrack.guidance import rules
from skintrack.journal.management.commands.seed_demo import DEMO_USERNAME
from skintrack.learn.models import LearnPage
from skintrack.reports import digest
from tests.html import visible_text

pytestmark = pytest.mark.django_db

RULE_ID = re.compile(r"\b(?:" + "|".join(re.escape(r) for r in rules.RULE_IDS) + r")\b")
# Links not to follow: leaving, downloads and files, forms' targets, the admin.
SKIP = ("/accounts/logout", "/admin", "/static/", "/media/", "/export", "/photos/")
DATED = re.compile(r"/(?:day|review)/(\d{4}-\d{2}-\d{2}|\d{4}-W\d{2})/")
MAX_PAGES = 400


@pytest.fixture
def demo(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    person = User.objects.get(username=DEMO_USERNAME)
    client.force_login(person)
    return person


def codes_in(text: str) -> list[str]:
    return sorted(set(RULE_ID.findall(text)))


def near(path: str, today: dt.date) -> bool:
    """Dated pages within the demo's eight weeks (the day pages link on back to 2000)."""
    match = DATED.search(path)
    if not match:
        return True
    value = match.group(1)
    day = (
        dt.date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
        if "W" in value
        else dt.date.fromisoformat(value)
    )
    return dt.timedelta(days=-2) <= today - day <= dt.timedelta(weeks=9)


def walk(client, start: list[str], today: dt.date) -> dict[str, list[str]]:
    """Every page reachable by following links from `start`: path -> codes seen on it."""
    queue, seen, found = deque(start), set(start), {}
    while queue and len(found) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code in (301, 302):
            hrefs = [response["Location"]]
        elif response.status_code == 200 and "text/html" in response["Content-Type"]:
            html = response.content.decode()
            found[path] = codes_in(visible_text(html))
            hrefs = re.findall(r'href="([^"#]+)', html)
        else:
            continue
        for href in hrefs:
            parts = urlsplit(href)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if (
                parts.netloc
                or not target.startswith("/")
                or target.startswith(SKIP)
                or target in seen
                or not near(target, today)
            ):
                continue
            seen.add(target)
            queue.append(target)
    return found


def test_the_visible_text_keeps_ids_out_but_the_markup_keeps_them():
    html = '<article data-rule="DRM-1"><h3 title="x">See a dermatologist</h3></article>'
    assert codes_in(visible_text(html)) == []
    assert codes_in(visible_text(html + "<p>DRM-1</p>")) == ["DRM-1"]
    assert codes_in(visible_text('<a aria-label="Why DRM-1">Why</a>')) == ["DRM-1"]


def test_no_page_of_the_demo_account_shows_a_rule_id(client, demo):
    today = demo.local_today()
    found = walk(client, [reverse("journal:today"), reverse("review:latest")], today)
    paths = set(found)
    # The walk reached every kind of page a person has.
    for expected in (
        reverse("journal:today"),
        reverse("reports:progress"),
        reverse("reports:visit_report"),
        reverse("routines:list"),
        reverse("shelf:list"),
        reverse("learn:index"),
        reverse("accounts:settings"),
    ):
        assert expected in paths
    assert sum("/review/" in p for p in paths) >= 8
    assert sum("/day/" in p for p in paths) >= 14
    assert {path: codes for path, codes in found.items() if codes} == {}
    # The ids are still in the markup, for styling, tests and support.
    today_html = client.get(reverse("journal:today")).content.decode()
    assert "data-rule=" in today_html


def test_no_learn_page_shows_a_rule_id_to_a_visitor(client, db):
    found = walk(client, [reverse("learn:index")], dt.date.today())
    assert len([p for p in found if p.startswith("/learn/")]) >= 10
    assert {path: codes for path, codes in found.items() if codes} == {}


def test_the_morning_email_shows_no_rule_id(demo):
    message = digest.digest_email(demo, demo.local_today())
    html = message.alternatives[0].content
    assert "NEEDS ATTENTION" in message.body  # the demo has findings to show
    assert codes_in(message.subject) == []
    assert codes_in(message.body) == []
    assert codes_in(visible_text(html)) == []


def test_the_calendar_feed_shows_no_rule_id(client, demo):
    feed = client.get(reverse("reports:feed", kwargs={"token": demo.calendar_token}))
    assert feed.status_code == 200
    text = feed.content.decode()
    assert "BEGIN:VEVENT" in text
    assert codes_in(text) == []


def test_the_learn_index_lists_the_faq_once(client, db):
    html = client.get(reverse("learn:index")).content.decode()
    assert html.count(f'href="{reverse("learn:faq")}"') == 1
    # Listed among the topics (it is a published page), not again under Quick reference.
    assert "Questions and answers" not in visible_text(html)


def test_without_a_published_faq_page_the_index_still_links_the_questions_once(client, db):
    LearnPage.objects.filter(slug="faq").update(published=False)
    html = client.get(reverse("learn:index")).content.decode()
    assert html.count(f'href="{reverse("learn:faq")}"') == 1
    assert "Questions and answers" in visible_text(html)
