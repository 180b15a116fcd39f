"""The public Learn section: seeded pages, treatments, FAQ, ingredient catalog, preview."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import escape

from skintrack.guidance import rules
from skintrack.guidance.models import RuleThresholds
from skintrack.learn import content_data
from skintrack.learn.markdown import render_markdown
from skintrack.learn.models import FaqEntry, LearnPage, Treatment
from skintrack.learn.views import RULE_SUMMARIES
from tests import factories

pytestmark = pytest.mark.django_db

SEEDED = sorted(content_data.LEARN_PAGES, key=lambda page: page["order"])
SLUGS = [page["slug"] for page in SEEDED]
NOTE = escape(content_data.NOT_MEDICAL_ADVICE)
DANGEROUS_MARKDOWN = (
    "Before.\n\n"
    "<script>alert(1)</script>\n\n"
    "<img src=x onerror=alert(1)>\n\n"
    "[click me](javascript:alert(1))\n\n"
    '<p style="position:fixed" onclick="alert(1)">styled text</p>\n\n'
    "After."
)


def page_url(slug: str, **query) -> str:
    url = reverse("learn:page", kwargs={"slug": slug})
    return url + "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else url


@pytest.fixture
def draft():
    return LearnPage.objects.create(
        title="Steam rooms, a draft",
        slug="steam-rooms",
        summary="Not ready yet.",
        body="A **draft** body.",
        order=50,
        published=False,
    )


@pytest.fixture
def client_editor(client):
    editor = factories.make_user("edith", is_staff=True)
    editor.groups.add(Group.objects.get(name="Content editors"))
    client.force_login(editor)
    return client


# --- seeded pages ------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_every_seeded_page_renders_for_an_anonymous_visitor(client, slug):
    response = client.get(page_url(slug))
    assert response.status_code == 200
    content = response.content.decode()
    assert f"<h1>{escape(LearnPage.objects.get(slug=slug).title)}</h1>" in content
    assert content.count(NOTE) == 1


def test_the_index_lists_the_published_pages_in_order_with_summaries(client):
    content = client.get(reverse("learn:index")).content.decode()
    positions = [content.index(escape(page["title"])) for page in SEEDED]
    assert positions == sorted(positions)
    for page in SEEDED:
        assert escape(page["summary"]) in content
        assert f'href="{page_url(page["slug"])}"' in content
    assert content.count(NOTE) == 1


def test_the_index_links_to_the_treatments_the_faq_and_the_ingredients(client):
    content = client.get(reverse("learn:index")).content.decode()
    for name in ("learn:treatments", "learn:faq", "learn:ingredients"):
        assert f'href="{reverse(name)}"' in content


def test_the_index_leaves_out_an_unpublished_page(client, draft):
    assert draft.title not in client.get(reverse("learn:index")).content.decode()


def test_every_rule_points_at_a_seeded_published_page():
    published = set(LearnPage.objects.published().values_list("slug", flat=True))
    assert set(rules.LEARN.values()) <= set(SLUGS)
    assert set(rules.LEARN.values()) <= published


def test_every_rule_has_a_plain_summary():
    assert set(RULE_SUMMARIES) == set(rules.RULE_IDS)


def test_a_page_lists_the_rules_that_point_at_it(client):
    content = client.get(page_url("daily-habits")).content.decode()
    assert "What skintrack watches for here" in content
    pointing = [rule_id for rule_id, slug in rules.LEARN.items() if slug == "daily-habits"]
    assert len(pointing) > 1
    for rule_id in pointing:
        assert f'<li data-rule="{rule_id}">' in content
    assert "DRM-1" not in content


def test_a_page_no_rule_points_at_has_no_rule_list(client):
    assert "What skintrack watches for" not in (
        client.get(page_url("what-are-milia")).content.decode()
    )


def test_the_rule_summaries_quote_the_current_thresholds(client):
    RuleThresholds.objects.update(persistence_days=120)
    content = client.get(page_url(rules.LEARN["DRM-2"])).content.decode()
    assert "120 days or more" in content


def test_previous_and_next_links_follow_the_reading_order(client):
    at = SLUGS.index("daily-habits")
    content = client.get(page_url("daily-habits")).content.decode()
    assert f'class="learn-prev" href="{page_url(SLUGS[at - 1])}"' in content
    assert f'class="learn-next" href="{page_url(SLUGS[at + 1])}"' in content


def test_the_first_page_has_no_previous_link_and_the_last_no_next(client):
    assert "learn-prev" not in client.get(page_url(SLUGS[0])).content.decode()
    assert "learn-next" not in client.get(page_url(SLUGS[-1])).content.decode()


def test_an_unknown_page_is_not_found(client):
    assert client.get(page_url("no-such-page")).status_code == 404


def test_learn_pages_refuse_a_post(client):
    assert client.post(reverse("learn:index")).status_code == 405
    assert client.post(page_url("daily-habits")).status_code == 405


# --- treatments, FAQ, ingredients ------------------------------------------------------------


def test_the_treatments_table_has_the_five_treatments(client):
    response = client.get(reverse("learn:treatments"))
    content = response.content.decode()
    assert Treatment.objects.count() == 5
    assert content.count('<th scope="row">') == 5
    for treatment in content_data.TREATMENTS:
        assert escape(treatment["name"]) in content
        assert escape(treatment["performed_by"]) in content
        assert escape(treatment["risks"]) in content
    assert content.count(NOTE) == 1


def test_the_professional_treatments_page_shows_the_table_inside_its_text(client):
    content = client.get(page_url("professional-treatments")).content.decode()
    assert content.count('<th scope="row">') == 5
    # The table follows the page's first section, before the rest of its text.
    assert content.index('<table class="treatments">') < content.rindex("<h2>")


def test_the_faq_renders_every_published_question(client):
    response = client.get(reverse("learn:faq"))
    content = response.content.decode()
    for entry in content_data.FAQ:
        assert escape(entry["question"]) in content
    assert content.count('<details class="faq"') == len(content_data.FAQ)
    assert content.count(NOTE) == 1


def test_the_faq_leaves_out_an_unpublished_question(client):
    hidden = FaqEntry.objects.order_by("order").first()
    hidden.published = False
    hidden.save()
    assert escape(hidden.question) not in client.get(reverse("learn:faq")).content.decode()


def test_the_faq_still_lists_the_questions_without_its_page(client):
    LearnPage.objects.filter(slug="faq").update(published=False)
    content = client.get(reverse("learn:faq")).content.decode()
    assert escape(content_data.FAQ[0]["question"]) in content
    assert content.count(NOTE) == 1


def test_the_ingredient_page_says_the_ratings_are_indicative(client):
    response = client.get(reverse("learn:ingredients"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "These ratings are indicative." in content
    assert "vary by source" in content
    assert "Isopropyl Myristate" in content
    assert content.count(NOTE) == 1


def test_the_ingredient_search_finds_coconut(client):
    content = client.get(reverse("learn:ingredients"), {"q": "coconut"}).content.decode()
    assert "Cocos Nucifera Oil" in content
    assert "Coconut Oil" in content
    assert "Isopropyl Myristate" not in content


def test_an_ingredient_search_with_no_match_says_so(client):
    content = client.get(reverse("learn:ingredients"), {"q": "unobtainium"}).content.decode()
    assert "No ingredient matches" in content


# --- Markdown is rendered harmless ------------------------------------------------------------


def test_markdown_drops_scripts_event_handlers_javascript_links_and_styles():
    html = render_markdown(DANGEROUS_MARKDOWN)
    for dangerous in ("<script", "alert", "onerror", "onclick", "javascript:", "style=", "<img"):
        assert dangerous not in html
    assert "Before." in html
    assert "styled text" in html
    assert "click me" in html


def test_a_page_with_dangerous_markdown_is_served_harmless(client):
    LearnPage.objects.create(
        title="Tampered", slug="tampered", summary="x", body=DANGEROUS_MARKDOWN, order=99
    )
    content = client.get(page_url("tampered")).content.decode()
    assert "styled text" in content
    for dangerous in ("alert(1)", "onerror", "onclick", "javascript:", "position:fixed"):
        assert dangerous not in content


def test_markdown_keeps_headings_lists_tables_and_safe_links():
    html = render_markdown(
        "# Top\n\n## Section\n\n- one\n- two\n\n**bold** and [a link](https://example.com)\n\n"
        "| a | b |\n| --- | --- |\n| 1 | 2 |\n"
    )
    assert "<h2>Top</h2>" in html  # the page title is the only <h1>
    assert "<h2>Section</h2>" in html
    assert "<li>one</li>" in html
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer">a link</a>' in html
    assert "<td>1</td>" in html


# --- unpublished pages and preview --------------------------------------------------------------


def test_an_unpublished_page_is_not_found_for_the_public(client, draft):
    assert client.get(page_url(draft.slug)).status_code == 404
    assert client.get(page_url(draft.slug, preview=1)).status_code == 404


def test_an_unpublished_page_is_not_found_for_a_person_logged_in(client_owner, draft):
    assert client_owner.get(page_url(draft.slug)).status_code == 404
    assert client_owner.get(page_url(draft.slug, preview=1)).status_code == 404


def test_staff_without_the_content_permission_cannot_preview(client, draft):
    client.force_login(factories.make_user("stan", is_staff=True))
    assert client.get(page_url(draft.slug, preview=1)).status_code == 404


def test_a_content_editor_can_preview_an_unpublished_page(client_editor, draft):
    response = client_editor.get(page_url(draft.slug, preview=1))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<p class="learn-preview" role="status"><strong>Preview.</strong>' in content
    assert "This page is not published" in content
    assert "<strong>draft</strong>" in content


def test_a_content_editor_sees_no_unpublished_page_without_asking_for_preview(client_editor, draft):
    assert client_editor.get(page_url(draft.slug)).status_code == 404


def test_visitors_never_see_the_preview_banner(client):
    content = client.get(page_url("daily-habits", preview=1)).content.decode()
    assert "learn-preview" not in content
