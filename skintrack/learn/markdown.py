"""Markdown written by staff, turned into HTML that is safe to show to anyone.

Markdown passes raw HTML through, so its output is cleaned with nh3 against a short
allowlist: no script, no event handler, no ``style``, no ``javascript:`` link survives.
"""

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = frozenset(
    {
        "p",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "a",
        "blockquote",
        "code",
        "pre",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "hr",
        "br",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# The page title is the only <h1>: a "# heading" in a body becomes <h2>, h5/h6 become <h4>.
HEADING_LEVELS = {"h1": "h2", "h5": "h4", "h6": "h4"}


class _FitHeadings(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            element.tag = HEADING_LEVELS.get(element.tag, element.tag)


class _FitHeadingsExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Markdown's API
        md.treeprocessors.register(_FitHeadings(md), "fit_headings", 5)


def render_markdown(text: str) -> SafeString:
    """Markdown (with tables and sane lists) as cleaned HTML, ready for a template."""
    html = md.markdown(text or "", extensions=["tables", "sane_lists", _FitHeadingsExtension()])
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
    )
    # Safe to mark: nh3 has just removed every tag, attribute and URL not on the lists.
    return mark_safe(cleaned)
