"""A real browser walks the core loop: sign up, shelf, routine, tick, reload."""

import datetime as dt
import os
import shutil

import pytest
import time_machine

from tests import factories
from tests.chromium import CHROMIUM, launch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which(CHROMIUM) and not os.environ.get("CI"),
        reason="Debian's chromium is not installed (CI installs it)",
    ),
]


@pytest.fixture
def browser_page(live_server, monkeypatch):
    # Playwright's sync API keeps an event loop in this thread; the ORM is not used here
    # while it runs, but Django's guard can't know that.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, timezone_id="Pacific/Auckland"
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda message: errors.append(message.text) if message.type == "error" else None,
        )
        yield page
        browser.close()
        assert errors == [], f"the browser reported errors: {errors}"


def test_sign_up_build_a_routine_tick_a_step_and_find_it_ticked_after_reload(
    live_server, browser_page
):
    page = browser_page
    page.goto(f"{live_server.url}/accounts/signup/")
    assert page.locator("#id_time_zone").input_value() == "Pacific/Auckland"  # from the browser
    page.fill("#id_username", "newcomer")
    page.fill("#id_password1", "a-long-and-careful-passphrase")
    page.fill("#id_password2", "a-long-and-careful-passphrase")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/shelf/")

    page.get_by_role("link", name="Add a product", exact=True).first.click()
    page.fill("#id_name", "Gentle gel cleanser")
    page.select_option("#id_category", "cleanser")
    page.get_by_role("button", name="Add to my shelf").click()
    page.wait_for_url("**/shelf/*/")
    assert page.get_by_role("heading", name="Gentle gel cleanser").is_visible()

    page.goto(f"{live_server.url}/routines/new/?period=am")
    page.fill("#id_name", "Morning")
    page.check("input[name=period][value=am]")
    page.get_by_role("button", name="Create routine").click()
    page.wait_for_url("**/routines/*/")
    page.get_by_role("link", name="Add a step").click()
    page.wait_for_url("**/steps/new/")
    page.select_option("#id_product", label="Gentle gel cleanser (cleanser)")
    page.get_by_role("button", name="Add step").click()
    page.get_by_text("Added Gentle gel cleanser to Morning").wait_for()

    page.get_by_role("link", name="Today").first.click()
    step = page.locator("#checklist-am button.tick")
    assert step.get_attribute("aria-pressed") == "false"
    step.click()
    # The tap shows at once; the server's answer swaps in the new checklist, without a
    # page load.
    page.wait_for_selector('#checklist-am button.tick[aria-pressed="true"]')
    page.locator("#checklist-am").get_by_text("All done").wait_for()

    page.reload()
    assert page.locator("#checklist-am button.tick").get_attribute("aria-pressed") == "true"


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/today/")


# 08:00 on Wednesday 25 November in Auckland: this morning's sunscreen is still due.
AUCKLAND_MORNING = dt.datetime(2026, 11, 24, 19, tzinfo=dt.UTC)


@time_machine.travel(AUCKLAND_MORNING, tick=True)
def test_a_tick_updates_the_glance_and_due_now_without_a_reload(
    live_server, browser_page, transactional_db
):
    person = factories.make_user("ticker", time_zone="Pacific/Auckland")
    morning = factories.make_routine(person, name="Morning", period="am")
    evening = factories.make_routine(person, name="Evening", period="pm")
    factories.make_step(
        morning, factories.make_product(person, name="Gel cleanser", category="cleanser")
    )
    sunscreen = factories.make_step(
        morning, factories.make_product(person, name="Fluid SPF 50"), position=1
    )
    retinoid = factories.make_step(
        evening,
        factories.make_product(
            person, name="Adapalene gel", category="retinoid", actives=["retinoid"]
        ),
    )
    today = person.local_today()
    factories.make_application(person, step=retinoid, day=today - dt.timedelta(days=1))
    page = browser_page
    log_in(page, live_server, "ticker")
    glance_today = page.locator("#glance-today .glance-count")
    assert glance_today.inner_text() == "0/3"
    assert "Sunscreen this morning" in page.locator("#due-now").inner_text()
    page.evaluate("window.stillTheSamePage = true")

    page.locator(f"#tick-{sunscreen.id}").click()
    page.wait_for_selector(f'#tick-{sunscreen.id}[aria-pressed="true"]')
    # (a locator, not wait_for_function: the page's CSP forbids the eval that polls it)
    page.locator("#glance-today .glance-count", has_text="1/3").wait_for()
    assert "☀" in page.locator("#glance-today .glance-marks").inner_text()
    assert "Sunscreen this morning" not in page.locator("#due-now").inner_text()
    assert page.evaluate("window.stillTheSamePage") is True  # no reload happened
    # Focus stays on the button that was tapped, so the next tap is one key away.
    assert page.evaluate("document.activeElement.id") == f"tick-{sunscreen.id}"
    assert page.locator("#tick-status").inner_text() == "Morning: 1 of 2 done"


def test_the_weeks_warnings_appear_after_a_note_and_stay_open_through_a_tick(
    live_server, browser_page, transactional_db
):
    person = factories.make_user("noter", time_zone="Pacific/Auckland")
    evening = factories.make_routine(person, name="Evening", period="pm")
    retinoid = factories.make_step(
        evening,
        factories.make_product(
            person, name="Adapalene gel", category="retinoid", actives=["retinoid"]
        ),
    )
    acid = factories.make_step(
        evening,
        factories.make_product(person, name="Lactic toner", category="chemical_exfoliant"),
        position=1,
    )
    page = browser_page
    log_in(page, live_server, "noter")
    warnings = page.locator("#this-week")
    assert not warnings.is_visible()  # nothing to change yet

    page.check("#id_makeup_worn")
    page.locator("#note-save").click()
    page.get_by_text("Saved").wait_for()
    page.get_by_text("1 thing to change this week").click()  # opens the list
    assert page.get_by_role("heading", name="Makeup left on overnight").is_visible()

    page.locator(f"#tick-{retinoid.id}").click()
    page.wait_for_selector(f'#tick-{retinoid.id}[aria-pressed="true"]')
    page.locator(f"#tick-{acid.id}").click()
    page.get_by_text("2 things to change this week").wait_for()
    # The list was swapped in place: still open, with the new warning in it.
    assert warnings.get_attribute("open") is not None
    assert page.get_by_role("heading", name="Retinoid and exfoliant on one evening").is_visible()


def test_someone_new_sees_the_three_steps_and_no_glance_of_empty_days(
    live_server, browser_page, transactional_db
):
    factories.make_user("newcomer", time_zone="Pacific/Auckland")
    page = browser_page
    log_in(page, live_server, "newcomer")
    assert page.get_by_role("heading", name="Getting started").is_visible()
    assert page.get_by_role("link", name="product catalog").is_visible()
    assert page.get_by_role("link", name="Build your morning routine").is_visible()
    assert not page.locator("#glance").is_visible()
    assert not page.locator("#this-week").is_visible()
