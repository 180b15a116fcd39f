"""The compare page's before/after slider works from the keyboard, in a real Chromium."""

import datetime as dt
import io

from PIL import Image

from skintrack.journal import photos
from tests import factories
from tests.test_browser import (
    browser_page,  # noqa: F401 - the one Chromium launcher
    log_in,
    pytestmark,  # noqa: F401 - marked and skipped alike
)


def photo_on(owner, day: dt.date, color: str):
    observation = factories.make_observation(owner, day=day, area="eyelids", count=3)
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), color).save(buffer, "JPEG")
    return photos.save_photo(observation, photos.process_image(buffer))


def test_the_before_after_slider_moves_with_arrow_keys_home_and_end(
    live_server,
    browser_page,  # noqa: F811 - the fixture imported above
    transactional_db,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    person = factories.make_user("slider", time_zone="Europe/London")
    today = person.local_today()
    photo_on(person, today - dt.timedelta(days=40), "tan")
    photo_on(person, today, "brown")
    page = browser_page
    log_in(page, live_server, person.username)
    page.goto(f"{live_server.url}/photos/compare/?area=eyelids")
    slider = page.get_by_role("slider", name="Share of the earlier photo shown")
    after = page.locator(".slider-after")

    def clip() -> str:
        return after.evaluate("el => getComputedStyle(el).clipPath")

    assert "50%" in clip()
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    assert slider.input_value() == "55" and "55%" in clip()
    assert slider.get_attribute("aria-valuetext") == "55% of the earlier photo"
    page.keyboard.press("End")
    assert slider.input_value() == "100" and "100%" in clip()  # all earlier photo
    page.keyboard.press("Home")
    assert slider.input_value() == "0" and clip().endswith(" 0%)")  # all later photo
