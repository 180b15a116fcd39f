"""The phone app in a real Chromium: installable (manifest, service worker in control of
/today/), taps kept on the device offline and sent when the network returns, even after a
reload, an expired session that keeps the tap through log-in, and failures said on the step
with a way to retry."""

import json

import pytest

from skintrack.accounts.models import PersonSession
from skintrack.journal.models import Application, DayNote
from tests import factories
from tests.chromium import launch
from tests.test_browser import log_in, pytestmark  # noqa: F401

# Requests this file makes fail on purpose (offline, a 500, an expired session): the browser
# (and htmx) log each one as an error. Anything else logged as an error fails the test.
EXPECTED_FAILURES = ("Failed to load resource", "Response Status Error Code")


def open_browser(live_server, monkeypatch, service_workers: str):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = launch(playwright)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, service_workers=service_workers
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and not message.text.startswith(EXPECTED_FAILURES)
            else None
        ),
    )
    return playwright, browser, context, page, errors


@pytest.fixture
def app(live_server, monkeypatch):
    """A phone with service workers, as an installed app has."""
    playwright, browser, context, page, errors = open_browser(live_server, monkeypatch, "allow")
    yield context, page
    browser.close()
    playwright.stop()
    assert errors == [], f"the browser reported errors: {errors}"


@pytest.fixture
def tab(live_server, monkeypatch):
    """A phone without a service worker, so that Playwright can answer the page's requests
    (it can't see those a worker handles)."""
    playwright, browser, context, page, errors = open_browser(live_server, monkeypatch, "block")
    yield context, page
    browser.close()
    playwright.stop()
    assert errors == [], f"the browser reported errors: {errors}"


@pytest.fixture
def person(transactional_db):
    """Someone in UTC with a two-step evening routine."""
    person = factories.make_user("phone", time_zone="UTC")
    evening = factories.make_routine(person, name="Evening", period="pm")
    cleanser = factories.make_step(
        evening, factories.make_product(person, name="Balm cleanser", category="cleanser")
    )
    cream = factories.make_step(
        evening, factories.make_product(person, name="Night cream"), position=1
    )
    person.steps = (cleanser, cream)
    return person


def is_done(step) -> bool:
    return Application.objects.filter(step=step, day=step.routine.owner.local_today()).exists()


def step_row(page, step):
    return page.locator("li", has=page.locator(f"#tick-{step.id}"))


def controlling_worker(page) -> str | None:
    return page.evaluate(
        "navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL"
    )


def wait_for_worker(page):
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not controlling_worker(page):
        page.reload()  # a worker controls the pages loaded after it became active


def test_the_app_is_installable(live_server, app, person):
    context, page = app
    log_in(page, live_server, "phone")
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    manifest = json.loads(page.request.get(live_server.url + href).text())
    assert manifest["start_url"] == "/today/"
    assert manifest["display"] == "standalone"
    assert manifest["short_name"] == "skintrack"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert page.request.get(live_server.url + icon["src"]).ok, icon["src"]
    wait_for_worker(page)
    assert controlling_worker(page) == f"{live_server.url}/sw.js"
    assert page.evaluate("navigator.serviceWorker.controller.state") == "activated"
    cached = page.evaluate(
        "caches.keys().then(names => Promise.all(names.map(name => caches.open(name)"
        ".then(cache => cache.keys())))).then(lists => lists.flat().map(r => r.url))"
    )
    assert f"{live_server.url}/offline/" in cached
    assert f"{live_server.url}/static/css/app.css" in cached


def test_an_offline_tick_and_note_wait_on_the_phone_and_sync_when_the_network_returns(
    live_server, app, person
):
    context, page = app
    cleanser, cream = person.steps
    log_in(page, live_server, "phone")
    wait_for_worker(page)

    context.set_offline(True)
    page.locator(f"#tick-{cleanser.id}").click()
    row = step_row(page, cleanser)
    row.get_by_text("Waiting to sync").wait_for()
    assert page.locator(f"#tick-{cleanser.id}").get_attribute("aria-pressed") == "true"
    assert row.get_by_role("button", name="Try now").is_visible()
    page.fill("#id_notes", "Wore mascara; took it off with the balm.")
    page.check("#id_makeup_worn")
    page.locator("#note-save").click()
    page.locator("#note-form").get_by_text("Waiting to sync").wait_for()
    assert not is_done(cleanser) and not DayNote.objects.exists()

    # Reopened while still offline: the worker's offline page, which counts what waits.
    page.reload()
    page.get_by_role("heading", name="No connection").wait_for()
    assert page.locator("#offline-pending").inner_text() == (
        "2 changes are waiting to sync on this device."
    )

    context.set_offline(False)  # the offline page reloads itself, and the day sends them
    page.get_by_role("heading", name="Today").wait_for()
    page.wait_for_selector(f'#tick-{cleanser.id}[aria-pressed="true"]')
    page.locator("#note-form").get_by_text("Saved").wait_for()
    assert page.locator(".sync-note").count() == 0
    assert is_done(cleanser) and not is_done(cream)
    note = DayNote.objects.get()
    assert note.notes == "Wore mascara; took it off with the balm." and note.makeup_worn

    page.reload()  # the server has them now
    assert page.locator(f"#tick-{cleanser.id}").get_attribute("aria-pressed") == "true"
    assert page.locator("#id_notes").input_value() == "Wore mascara; took it off with the balm."
    assert page.evaluate("skintrackSync && true")


def test_offline_taps_are_sent_in_the_order_they_were_made(live_server, app, person):
    context, page = app
    cleanser, cream = person.steps
    log_in(page, live_server, "phone")
    context.set_offline(True)
    page.locator(f"#tick-{cleanser.id}").click()
    step_row(page, cleanser).get_by_text("Waiting to sync").wait_for()
    page.locator(f"#tick-{cream.id}").click()
    page.locator(f"#tick-{cleanser.id}").click()  # changed my mind: not done after all
    page.wait_for_selector(f'#tick-{cleanser.id}[aria-pressed="false"]')
    sent = []
    # Taps that reached the server (a retry timer may try one while the network comes back).
    page.on("requestfinished", lambda r: sent.append(r.url) if r.method == "POST" else None)
    context.set_offline(False)
    page.evaluate("skintrackSync.flush()")
    assert page.locator(".sync-note").count() == 0
    assert not is_done(cleanser) and is_done(cream)
    # The cleanser's tick was replaced by its untick, made after the cream's tick: so the
    # cream goes first.
    tick = f"{live_server.url}/day/{person.local_today()}/steps/"
    assert [url.removeprefix(tick) for url in sent if url.startswith(tick)] == [
        f"{cream.id}/tick/",
        f"{cleanser.id}/tick/",
    ]


def test_a_tick_on_an_expired_session_goes_to_log_in_and_comes_back_applied(
    live_server, app, person
):
    context, page = app
    cleanser, _ = person.steps
    log_in(page, live_server, "phone")
    PersonSession.objects.all().delete()  # the session ran out while the phone slept

    page.locator(f"#tick-{cleanser.id}").click()
    page.wait_for_url("**/accounts/login/?next=%2Ftoday%2F")
    assert page.get_by_role("button", name="Log in").is_visible()
    assert not is_done(cleanser)
    page.fill("#id_username", "phone")
    page.fill("#id_password", factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/today/")
    page.locator("#checklist-pm").get_by_text("1 of 2 done").wait_for()  # the server's count
    assert page.locator(f"#tick-{cleanser.id}").get_attribute("aria-pressed") == "true"
    assert is_done(cleanser)


def test_a_server_error_is_shown_on_the_step_with_a_retry(live_server, tab, person):
    context, page = tab
    cleanser, _ = person.steps
    log_in(page, live_server, "phone")
    tick = f"**/steps/{cleanser.id}/tick/"
    page.route(tick, lambda route: route.fulfill(status=500, body="Server Error"))
    page.locator(f"#tick-{cleanser.id}").click()
    row = step_row(page, cleanser)
    row.get_by_text("Not saved yet: something went wrong on our side").wait_for()
    assert not is_done(cleanser)
    page.unroute(tick)
    row.get_by_role("button", name="Try again").click()
    page.locator("#checklist-pm").get_by_text("1 of 2 done").wait_for()
    assert row.locator(".sync-note").count() == 0
    assert is_done(cleanser)


def test_a_network_error_is_shown_on_the_step_with_a_retry(live_server, tab, person):
    context, page = tab
    cleanser, _ = person.steps
    log_in(page, live_server, "phone")
    tick = f"**/steps/{cleanser.id}/tick/"
    page.route(tick, lambda route: route.abort("connectionreset"))
    page.locator(f"#tick-{cleanser.id}").click()
    row = step_row(page, cleanser)
    row.get_by_text("Waiting to sync: no connection").wait_for()
    assert not is_done(cleanser)
    page.unroute(tick)
    row.get_by_role("button", name="Try now").click()
    page.locator("#checklist-pm").get_by_text("1 of 2 done").wait_for()
    assert is_done(cleanser)


def test_a_tap_the_server_refuses_is_undone_on_screen_with_the_reason(live_server, tab, person):
    context, page = tab
    cleanser, _ = person.steps
    log_in(page, live_server, "phone")
    cleanser.routine.owner = factories.make_user("someone")  # no longer theirs: a 404
    cleanser.routine.save()
    page.locator(f"#tick-{cleanser.id}").click()
    step_row(page, cleanser).get_by_text("Not saved:").wait_for()
    assert page.locator(f"#tick-{cleanser.id}").get_attribute("aria-pressed") == "false"
    assert page.evaluate("indexedDB.databases().then(d => d.length)") >= 1
    assert not Application.objects.exists()


# --- the order of replays, in the page's own code ----------------------------------------


def test_the_replay_plan_is_the_persons_changes_oldest_first(live_server, tab, person):
    context, page = tab
    log_in(page, live_server, "phone")
    plan = page.evaluate(
        """skintrackSync.plan([
            {seq: 3, owner: "7", key: "tick a"}, {seq: 1, owner: "7", key: "tick b"},
            {seq: 2, owner: "8", key: "tick a"}, {seq: 5, owner: "7", key: "note d"},
        ], "7").map(e => e.seq)"""
    )
    assert plan == [1, 3, 5]  # someone else's change waits for them to log in


def test_a_new_change_replaces_the_same_persons_waiting_change_to_that_step(
    live_server, tab, person
):
    context, page = tab
    log_in(page, live_server, "phone")
    replaced = page.evaluate(
        """skintrackSync.supersedes([
            {seq: 1, owner: "7", key: "tick /day/2026-11-25/steps/4/tick/"},
            {seq: 2, owner: "7", key: "tick /day/2026-11-25/steps/5/tick/"},
            {seq: 3, owner: "8", key: "tick /day/2026-11-25/steps/4/tick/"},
            {seq: 4, owner: "7", key: "note /day/2026-11-25/note/"},
        ], {owner: "7", key: "tick /day/2026-11-25/steps/4/tick/"}).map(e => e.seq)"""
    )
    assert replaced == [1]


def test_a_change_carries_its_intended_state_and_the_moment_it_was_made(live_server, tab, person):
    context, page = tab
    cleanser, _ = person.steps
    log_in(page, live_server, "phone")
    entry = page.evaluate(
        f"""skintrackSync.entryFromForm(
            document.querySelector('#tick-{cleanser.id}').form, "tick", "7", 1764000000000)"""
    )
    assert entry["fields"] == [["done", "1"]]  # no CSRF token kept on the device
    assert entry["at"] == 1764000000000
    assert entry["key"] == f"tick /day/{person.local_today()}/steps/{cleanser.id}/tick/"


def test_without_indexeddb_htmx_sends_the_tap_and_a_failure_still_has_a_retry(
    live_server, tab, person
):
    context, page = tab
    cleanser, _ = person.steps
    context.add_init_script("Object.defineProperty(window, 'indexedDB', {value: undefined})")
    log_in(page, live_server, "phone")
    tick = f"**/steps/{cleanser.id}/tick/"
    page.route(tick, lambda route: route.fulfill(status=502, body="Bad Gateway"))
    page.locator(f"#tick-{cleanser.id}").click()
    row = step_row(page, cleanser)
    row.get_by_text("Not saved: something went wrong on our side.").wait_for()
    page.unroute(tick)
    row.get_by_role("button", name="Try again").click()
    page.locator("#checklist-pm").get_by_text("1 of 2 done").wait_for()
    assert is_done(cleanser)


def test_a_slow_tap_shows_a_spinner_on_its_step_until_the_answer(live_server, tab, person):
    context, page = tab
    cleanser, _ = person.steps
    log_in(page, live_server, "phone")
    held = []
    tick = f"**/steps/{cleanser.id}/tick/"
    page.route(
        tick, lambda route: held.append(route)
    )  # the answer waits until the test lets it through
    page.locator(f"#tick-{cleanser.id}").click()
    row = step_row(page, cleanser)
    page.wait_for_timeout(400)  # well past the 150 ms before a spinner shows
    spinner = "b => getComputedStyle(b, '::after').opacity"
    assert row.get_attribute("data-sync-state") == "sending"
    assert row.locator(".box").evaluate(spinner) == "1"
    held[0].continue_()
    page.locator("#checklist-pm").get_by_text("1 of 2 done").wait_for()
    assert row.get_attribute("data-sync-state") is None
    assert is_done(cleanser)
