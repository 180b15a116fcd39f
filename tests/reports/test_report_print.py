"""Page one of the visit report fits one page, on A4 and on Letter, printed by Chromium.

The report is printed to PDF twice per paper size: whole, and with the details removed. The
summary alone must be one page, and the details must start after it (page two on).
"""

import datetime as dt
import io
import re

from django.core.management import call_command

from skintrack.accounts.models import User
from skintrack.journal.management.commands.seed_demo import DEMO_PASSWORD
from tests.test_browser import (
    browser_page,  # noqa: F401 - the one Chromium launcher
    pytestmark,  # noqa: F401 - marked and skipped alike
)

PAPERS = ("A4", "Letter")


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF as Chromium writes it: one "/Type /Page" object per page."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def summary_and_total_pages(page, url: str) -> dict[str, tuple[int, int]]:
    page.goto(url)
    found = {}
    for paper in PAPERS:
        page.reload()
        total = pdf_pages(page.pdf(format=paper))
        page.evaluate("document.querySelector('.report-details').remove()")
        found[paper] = (pdf_pages(page.pdf(format=paper)), total)
    return found


def account(page, live_server, username: str, days: int) -> User:
    """The demo account (or a denser one, as `make bench` builds it), logged in."""
    call_command("seed_demo", username=username, days=days, stdout=io.StringIO())
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/today/")
    return User.objects.get(username=username)


def test_the_demo_summary_is_one_page_on_a4_and_letter(
    live_server,
    browser_page,  # noqa: F811 - the fixture imported above
    transactional_db,
):
    account(browser_page, live_server, "demo", 56)
    pages = summary_and_total_pages(browser_page, f"{live_server.url}/reports/visit-report/")
    for paper, (summary, total) in pages.items():
        assert summary == 1, f"{paper}: the summary takes {summary} pages"
        assert total > summary, f"{paper}: the details should follow on page two"
    assert browser_page.locator(".summary-photo img").count() == 4  # first and latest, 2 areas


def test_a_dense_three_year_accounts_summary_is_one_page_for_90_days_and_two_years(
    live_server,
    browser_page,  # noqa: F811 - the fixture imported above
    transactional_db,
):
    person = account(browser_page, live_server, "dense", 3 * 365)
    today = person.local_today()
    two_years = f"?start={today - dt.timedelta(days=730)}"  # the longest range
    for query in ("", two_years):
        pages = summary_and_total_pages(
            browser_page, f"{live_server.url}/reports/visit-report/{query}"
        )
        for paper, (summary, total) in pages.items():
            assert summary == 1, f"{paper} {query or '90 days'}: the summary takes {summary} pages"
            assert total > summary
