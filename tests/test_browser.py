"""A real browser walks the core loop: sign up, shelf, routine, tick, reload."""

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

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
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
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
    # htmx swaps in the new checklist: the button is ticked without a page load.
    page.wait_for_selector('#checklist-am button.tick[aria-pressed="true"]')
    assert "All done" in page.locator("#checklist-am").inner_text()

    page.reload()
    assert page.locator("#checklist-am button.tick").get_attribute("aria-pressed") == "true"
