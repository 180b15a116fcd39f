"""A real browser on the looks of the app: dark mode with axe, the month calendar by
keyboard, the time-zone prompt and picker. Chromium at 390 px, as on a phone."""

import datetime as dt
import os
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from skintrack.accounts.models import TimeZoneChange, User
from tests import factories
from tests.chromium import launch
from tests.test_browser import log_in, pytestmark  # noqa: F401

AXE = Path(__file__).resolve().parent.parent / "static" / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DEMO = ("demo", "milia-demo-2026")


@pytest.fixture
def new_page(live_server, monkeypatch):
    """new_page(color_scheme=..., timezone_id=...): a phone-sized page; errors fail."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    errors = []
    with sync_playwright() as playwright:
        browser = launch(playwright)

        def make(color_scheme="light", timezone_id="Europe/London"):
            context = browser.new_context(
                viewport={"width": 390, "height": 844},
                color_scheme=color_scheme,
                timezone_id=timezone_id,
            )
            page = context.new_page()
            page.set_default_timeout(10_000)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on(
                "console",
                lambda m: errors.append(m.text) if m.type == "error" else None,
            )
            return page

        yield make
        browser.close()
    assert errors == [], f"the browser reported errors: {errors}"


def shots_dir(tmp_path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def axe_violations(page) -> list[str]:
    page.evaluate(AXE.read_text())  # evaluated by the test, so the page's CSP is untouched
    found = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}}).then(r =>
             r.violations.map(v => v.id + ": " + v.nodes.map(n => n.target).join(", ")))""",
        AXE_TAGS,
    )
    return found


def background_luminance(page) -> float:
    """0 (black) to 1 (white): the page's background as painted."""
    rgb = page.evaluate(
        "() => getComputedStyle(document.documentElement)"
        ".backgroundColor.match(/\\d+/g).map(Number)"
    )
    return sum(rgb[:3]) / (3 * 255)


def log_in_demo(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", DEMO[0])
    page.fill("#id_password", DEMO[1])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/today/")


PAGES = ["/today/", "/reports/calendar/", "/accounts/settings/", "/reports/progress/"]


@pytest.mark.parametrize(
    ("device", "setting", "dark"),
    [
        ("dark", "system", True),  # follows the phone
        ("light", "dark", True),  # the setting wins over the phone
        ("dark", "light", False),
        ("light", "system", False),
    ],
)
def test_both_colour_schemes_pass_axe_on_every_main_page(
    live_server, new_page, transactional_db, tmp_path, device, setting, dark
):
    call_command("seed_demo", verbosity=0)  # a full page: findings, glance, charts
    User.objects.filter(username=DEMO[0]).update(color_scheme=setting)
    page = new_page(color_scheme=device)
    log_in_demo(page, live_server)
    for path in PAGES:
        page.goto(live_server.url + path)
        assert (background_luminance(page) < 0.2) is dark, path
        assert axe_violations(page) == [], path
        name = path.strip("/").replace("/", "-")
        page.screenshot(path=shots_dir(tmp_path) / f"{name}-{device}-{setting}.png")


# Wednesday 18 November 2026, 10:00 in London.
WEDNESDAY = dt.datetime(2026, 11, 18, 10, tzinfo=dt.UTC)


@time_machine.travel(WEDNESDAY, tick=True)
def test_the_calendar_works_with_the_keyboard_alone(live_server, new_page, transactional_db):
    person = factories.make_user("keys", time_zone="Europe/London")
    routine = factories.make_routine(person, period="am")
    factories.make_step(routine, factories.make_product(person, name="Gel cleanser"))
    page = new_page()
    log_in(page, live_server, "keys")
    page.goto(f"{live_server.url}/reports/calendar/")

    def focused_day():
        return page.evaluate("() => document.activeElement.dataset.day || null")

    for _ in range(30):  # Tab from the top of the page to the first day
        page.keyboard.press("Tab")
        if focused_day():
            break
    assert focused_day() == "2026-11-01"
    page.keyboard.press("ArrowRight")
    assert focused_day() == "2026-11-02"
    page.keyboard.press("ArrowDown")
    assert focused_day() == "2026-11-09"
    page.keyboard.press("End")
    assert focused_day() == "2026-11-15"
    page.keyboard.press("ArrowUp")
    assert focused_day() == "2026-11-08"
    page.keyboard.press("Tab")  # Tab goes on to the next day, too
    assert focused_day() == "2026-11-09"
    page.keyboard.press("Enter")
    page.wait_for_url("**/day/2026-11-09/")
    assert "Monday 9 November 2026" in page.locator("h1").inner_text()

    page.goto(f"{live_server.url}/reports/calendar/")
    page.locator('a[data-day="2026-11-18"]').focus()
    page.keyboard.press("PageUp")
    page.wait_for_url("**/reports/calendar/2026-10/")
    assert "October 2026" in page.locator("h1").inner_text()


# 23:30 on Sunday 29 November in Berlin: already Monday 07:30 in Tokyo.
BERLIN_SUNDAY_NIGHT = dt.datetime(2026, 11, 29, 22, 30, tzinfo=dt.UTC)


@time_machine.travel(BERLIN_SUNDAY_NIGHT, tick=True)
def test_a_browser_in_another_zone_is_told_and_switches_with_one_tap(
    live_server, new_page, transactional_db, tmp_path
):
    person = factories.make_user("traveller", time_zone="Europe/Berlin")
    routine = factories.make_routine(person, period="pm")
    step = factories.make_step(routine, factories.make_product(person))
    yesterday = person.local_today() - dt.timedelta(days=1)
    factories.make_application(person, step=step, day=yesterday)
    page = new_page(color_scheme="dark", timezone_id="Asia/Tokyo")
    page.clock.install(time=BERLIN_SUNDAY_NIGHT)  # the browser's clock agrees with the server's
    log_in(page, live_server, "traveller")
    prompt = page.locator("#zone-prompt")
    prompt.wait_for(state="visible")
    text = prompt.inner_text()
    assert "Berlin (Europe/Berlin), where it is Sunday 29 November" in text
    assert "This device is set to Tokyo, where it is Monday 30 November" in text
    assert axe_violations(page) == []
    page.screenshot(path=shots_dir(tmp_path) / "zone-prompt.png")

    page.get_by_role("button", name="Switch to Tokyo").click()
    page.get_by_text("Your time zone is now Tokyo (Asia/Tokyo)").wait_for()
    assert not prompt.is_visible()  # the profile now matches this device
    person.refresh_from_db()
    assert person.time_zone == "Asia/Tokyo"
    assert TimeZoneChange.objects.filter(owner=person, source="prompt").count() == 1
    assert list(person.applications.values_list("day", flat=True)) == [yesterday]


def test_keeping_the_profile_zone_hides_the_prompt_on_this_device(
    live_server, new_page, transactional_db
):
    factories.make_user("homebody", time_zone="Europe/Berlin")
    page = new_page(timezone_id="America/New_York")
    log_in(page, live_server, "homebody")
    page.get_by_role("button", name="Keep Berlin").click()
    assert not page.locator("#zone-prompt").is_visible()
    page.reload()
    page.wait_for_load_state("load")
    assert not page.locator("#zone-prompt").is_visible()
    assert User.objects.get(username="homebody").time_zone == "Europe/Berlin"


def test_the_picker_offers_this_devices_zone_first_then_every_zone_by_region(
    live_server, new_page, transactional_db
):
    factories.make_user("picker", time_zone="Europe/London")
    # Chromium calls India's zone by its old name, Asia/Calcutta: it is offered as Kolkata.
    page = new_page(timezone_id="Asia/Calcutta")
    log_in(page, live_server, "picker")
    page.goto(f"{live_server.url}/accounts/settings/")
    select = page.locator("#id_time_zone")
    page.wait_for_function("() => document.querySelectorAll('#id_time_zone option').length > 400")
    groups = select.locator("optgroup").evaluate_all("gs => gs.map(g => g.label)")
    assert groups[:3] == ["This device", "Universal", "Africa"]
    first = select.locator("optgroup").first.locator("option")
    assert first.evaluate_all("os => os.map(o => o.value)") == ["Asia/Kolkata"]
    values = select.locator("option").evaluate_all("os => os.map(o => o.value)")
    assert "W-SU" not in values and "US/Eastern" not in values and "Asia/Calcutta" not in values
    assert select.input_value() == "Europe/London"  # the profile's zone stays chosen
    select.select_option("Asia/Kolkata")
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Settings saved.").wait_for()
    assert User.objects.get(username="picker").time_zone == "Asia/Kolkata"
