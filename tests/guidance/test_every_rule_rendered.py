"""The demo history, seen through the pages: every rule of the spec shows up."""

import datetime as dt

import pytest
from django.urls import reverse

from skintrack.guidance import rules
from skintrack.journal.management.commands.seed_demo import build_history
from skintrack.shelf.models import CatalogProduct

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_history(owner):
    from skintrack.journal.management.commands.seed_demo import CATALOG

    CatalogProduct.objects.bulk_create(CatalogProduct(**facts) for facts in CATALOG)
    build_history(owner, owner.local_today())
    return owner


def test_every_rule_id_appears_in_a_weekly_review_of_the_demo_history(client_owner, demo_history):
    last_week = demo_history.local_today() - dt.timedelta(days=7)
    response = client_owner.get(reverse("review:week", kwargs={"week": last_week}))
    html = response.content.decode()
    # Each rule's line carries its id in the markup (never as text: see test_no_codes.py).
    missing = [rule_id for rule_id in rules.RULE_IDS if f'data-rule="{rule_id}"' not in html]
    assert missing == []


def test_the_demo_history_gives_a_realistic_mix_of_findings(client_owner, demo_history):
    today = demo_history.local_today()
    seen = set()
    for weeks_back in range(1, 9):
        day = today - dt.timedelta(days=7 * weeks_back)
        page = client_owner.get(reverse("review:week", kwargs={"week": day}))
        seen |= {(f.rule_id, f.severity) for f in page.context["page"].findings}
    severities = {severity for _, severity in seen}
    assert {"warning", "info"} <= severities
    warnings = {rule_id for rule_id, severity in seen if severity == "warning"}
    assert len(warnings) >= 4, warnings
    dashboard = client_owner.get(reverse("journal:today"))
    assert b"Needs attention" in dashboard.content  # the under-eye redness: DRM-1
