"""The public Learn section: short pages about milia, the professional treatments, the FAQ
and the ingredient catalog. Anyone may read it; content editors may preview a draft."""

from dataclasses import asdict

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from skintrack.guidance import rules
from skintrack.guidance.models import RuleThresholds
from skintrack.learn import content_data
from skintrack.learn.markdown import render_markdown
from skintrack.learn.models import FaqEntry, LearnPage, Reference, Treatment
from skintrack.shelf.models import Ingredient, Mark

TREATMENTS_SLUG = "professional-treatments"
FAQ_SLUG = "faq"
# Routes of their own inside /learn/: a Learn page can't use these slugs.
RESERVED_SLUGS = frozenset({"treatments", "ingredients"})
SEARCH_MAX_LENGTH = 100
# Where a page's own table or questions go: before its nth "##" heading, so after the
# intro of the FAQ page and after "The options" of the treatments page.
INSERT_BEFORE_HEADING = {TREATMENTS_SLUG: 2, FAQ_SLUG: 1}
CONTAINERS = ("blockquote", "ul", "ol", "table")

# What each rule watches, in a line. "{name}" is filled from the current RuleThresholds.
RULE_SUMMARIES = {
    "EXF-1": "Counts chemical exfoliations each week: none is a nudge, "
    "{max_exfoliations_per_week} or more is too many.",
    "EXF-2": "Notices exfoliating on two days in a row.",
    "EXF-3": "Notices any gritty or abrasive scrub.",
    "RET-1": "Notices a retinoid used in the morning; it belongs in the evening.",
    "RET-2": "After a retinoid evening, looks for a broad-spectrum sunscreen the next morning.",
    "CNF-1": "Notices a retinoid and an exfoliant used on the same evening.",
    "SUN-1": "Counts the mornings of the week with a broad-spectrum sunscreen.",
    "CLN-1": "Checks that the cleansers in your routines are mild and don’t clog pores.",
    "PRD-1": "Checks routine products for pore-clogging ingredients or a heavy texture.",
    "MKP-1": "Notices nights when makeup stayed on.",
    "EXT-1": "Notices any attempt to squeeze or extract milia at home.",
    "DRM-1": "Pain, itching, redness, swelling or pus: time to see a dermatologist.",
    "DRM-2": "Milia that stay in one place for {persistence_days} days or more.",
    "DRM-3": "A sudden rise: {sudden_increase} or more extra milia within "
    "{sudden_increase_window_days} days.",
    "DRM-4": "Milia somewhere other than the usual areas of the face.",
    "RSK-1": "A corticosteroid cream used on {corticosteroid_days} or more of the last "
    "{corticosteroid_window_days} days.",
    "RSK-2": "Milia that follow a burn, a blister or a skin procedure.",
}


def can_preview(user) -> bool:
    """Staff who may edit Learn pages may also read them before they are published."""
    return user.is_active and user.is_staff and user.has_perm("learn.change_learnpage")


def rules_pointing_at(slug: str) -> list[tuple[str, str]]:
    """(rule id, one-line summary) for each rule whose Learn link is `slug`."""
    ids = [rule_id for rule_id in rules.RULE_IDS if rules.LEARN[rule_id] == slug]
    if not ids:
        return []
    numbers = asdict(RuleThresholds.current())
    return [(rule_id, RULE_SUMMARIES[rule_id].format(**numbers)) for rule_id in ids]


def neighbours(page: LearnPage) -> tuple[LearnPage | None, LearnPage | None]:
    """The published pages before and after `page` in reading order."""
    pages = list(LearnPage.objects.published().only("slug", "title", "order"))
    if page not in pages:  # an unpublished page seen in preview
        pages = sorted([*pages, page], key=lambda p: (p.order, p.title))
    at = pages.index(page)
    return (pages[at - 1] if at > 0 else None), (pages[at + 1] if at + 1 < len(pages) else None)


def split_before_heading(html: SafeString, n: int) -> tuple[SafeString, SafeString]:
    """Cleaned HTML cut just before its nth top-level <h2>; all of it first when there are
    fewer, or when that heading sits inside a list, quote or table."""
    parts = html.split("<h2>")
    head = "<h2>".join(parts[:n])
    nested = any(head.count(f"<{tag}>") != head.count(f"</{tag}>") for tag in CONTAINERS)
    if n < 1 or len(parts) <= n or nested:
        return html, mark_safe("")
    # Both halves are cut between two top-level elements of already-cleaned HTML.
    return mark_safe(head), mark_safe("<h2>" + "<h2>".join(parts[n:]))


def learn_render(request, template: str, context: dict):
    """render() with the not-medical-advice note every Learn page shows once."""
    context = {"not_medical_advice": content_data.NOT_MEDICAL_ADVICE, **context}
    return render(request, template, context)


@require_safe
def index(request):
    pages = list(LearnPage.objects.published().only("slug", "title", "summary", "order"))
    return learn_render(
        request,
        "learn/index.html",
        {
            "pages": pages,
            # The FAQ is listed once: as a topic when it is a published page, else below.
            "faq_in_topics": any(p.slug == FAQ_SLUG for p in pages),
            "references": Reference.objects.all(),
        },
    )


@require_safe
def page(request, slug: str):
    preview = request.GET.get("preview") == "1" and can_preview(request.user)
    pages = LearnPage.objects.all() if preview else LearnPage.objects.published()
    current = get_object_or_404(pages, slug=slug)
    previous_page, next_page = neighbours(current)
    body, body_rest = split_before_heading(
        render_markdown(current.body), INSERT_BEFORE_HEADING.get(current.slug, 0)
    )
    return learn_render(
        request,
        "learn/page.html",
        {
            "page": current,
            "body": body,
            "body_rest": body_rest,
            "preview": preview,
            "rules": rules_pointing_at(current.slug),
            "previous_page": previous_page,
            "next_page": next_page,
            "treatments": Treatment.objects.all() if slug == TREATMENTS_SLUG else None,
            "faq_entries": FaqEntry.objects.published() if slug == FAQ_SLUG else None,
            "references": current.references.all(),
        },
    )


@require_safe
def treatments(request):
    has_page = LearnPage.objects.published().filter(slug=TREATMENTS_SLUG).exists()
    return learn_render(
        request,
        "learn/treatments.html",
        {"treatments": Treatment.objects.all(), "treatments_page": has_page},
    )


@require_safe
def faq(request):
    """/learn/faq/: the FAQ page when there is one (with its intro), else the entries."""
    try:
        return page(request, FAQ_SLUG)
    except Http404:
        pass
    return learn_render(request, "learn/faq.html", {"faq_entries": FaqEntry.objects.published()})


@require_safe
def ingredients(request):
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    catalog = Ingredient.objects.order_by("inci_name")
    if query:
        catalog = catalog.filter(Q(inci_name__icontains=query) | Q(aliases__icontains=query))
    labels = dict(Mark.choices)
    rows = [
        (ingredient, [labels.get(mark, mark) for mark in ingredient.marks])
        for ingredient in catalog
    ]
    return learn_render(request, "learn/ingredients.html", {"rows": rows, "query": query})
