import datetime as dt
import gzip
import json
import re

import pytest
import time_machine
from django.urls import reverse

from skintrack.accounts import zones
from skintrack.accounts.models import TimeZoneChange
from skintrack.journal.models import Application
from tests import factories


def test_only_canonical_zones_are_offered():
    names = zones.canonical_names()
    assert {"Europe/Berlin", "Europe/Amsterdam", "Asia/Kolkata", "America/New_York", "UTC"} <= names
    for legacy in ("W-SU", "US/Eastern", "Asia/Calcutta", "GB", "EST5EDT", "Etc/GMT+5", "Factory"):
        assert legacy not in names
    offered = [name for _, group in zones.grouped() for name in group]
    assert sorted(offered) == sorted(names) and len(offered) == len(set(offered))


def test_zones_are_grouped_by_region_utc_first():
    groups = dict(zones.grouped())
    assert list(groups)[:3] == ["Universal", "Africa", "America"]
    assert groups["Universal"] == ("UTC",)
    assert all(name.startswith("Europe/") for name in groups["Europe"])
    assert "America/Argentina/Buenos_Aires" in groups["America"]
    assert zones.label("America/Argentina/Buenos_Aires") == "Argentina / Buenos Aires"


@pytest.mark.parametrize(
    ("old", "canonical"),
    [
        ("W-SU", "Europe/Moscow"),
        ("US/Eastern", "America/New_York"),
        ("Asia/Calcutta", "Asia/Kolkata"),  # what Chrome still reports in India
        ("Europe/Kiev", "Europe/Kyiv"),
        ("GMT", "UTC"),
        ("Etc/UTC", "UTC"),
        ("Europe/Berlin", "Europe/Berlin"),
        ("Etc/GMT+5", None),
        ("Mars/Olympus", None),
    ],
)
def test_an_old_name_means_its_canonical_zone(old, canonical):
    assert zones.canonical(old) == canonical


def test_legacy_names_in_settings_are_saved_as_the_canonical_zone(client_owner, owner):
    response = client_owner.post(
        reverse("accounts:settings"), {"email": owner.email, "time_zone": "W-SU"}
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.time_zone == "Europe/Moscow"


def test_a_rule_only_zone_is_refused(client_owner, owner):
    response = client_owner.post(
        reverse("accounts:settings"), {"email": owner.email, "time_zone": "Etc/GMT+5"}
    )
    assert response.status_code == 400
    assert "is not a time zone we know" in response.text


def test_a_profile_with_an_old_rule_zone_can_still_save_its_settings(client_owner, owner):
    owner.time_zone = "EST5EDT"
    owner.save()
    page = client_owner.get(reverse("accounts:settings")).text
    assert '<option value="EST5EDT" selected>' in page  # shown, so saving keeps it
    response = client_owner.post(
        reverse("accounts:settings"), {"email": "new@example.com", "time_zone": "EST5EDT"}
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert (owner.time_zone, owner.email) == ("EST5EDT", "new@example.com")


def test_the_picker_is_a_grouped_select_with_the_current_zone_chosen(client_owner, owner):
    owner.time_zone = "Asia/Kathmandu"  # not a common one
    owner.save()
    html = client_owner.get(reverse("accounts:settings")).text
    assert re.search(r'<select [^>]*id="id_time_zone"[^>]*name="time_zone"', html)
    assert 'data-zones-url="' in html
    assert '<optgroup label="Asia">' in html
    assert '<option value="Asia/Kathmandu" selected>Kathmandu</option>' in html


def test_without_javascript_every_zone_is_one_link_away(client_owner):
    short = client_owner.get(reverse("accounts:settings")).text
    assert 'href="?zones=all#id_time_zone"' in short
    full = client_owner.get(reverse("accounts:settings") + "?zones=all").text
    assert full.count("<option value=") > len(zones.canonical_names())  # and other selects
    assert 'value="Pacific/Chatham"' in full and 'value="W-SU"' not in full


def test_the_settings_page_stays_light(client_owner):
    """Measured: the full list in the page was 43 KB before compression. The page sends
    the common zones; the browser fetches the rest once, from a cached static file."""
    response = client_owner.get(reverse("accounts:settings"), headers={"accept-encoding": "gzip"})
    html = gzip.decompress(response.content)
    assert len(response.content) < 9_000, len(response.content)  # compressed, as sent
    assert html.count(b"<option") < 60


def test_the_zone_file_is_grouped_canonical_and_maps_old_names():
    from django.contrib.staticfiles import finders

    with open(finders.find("js/time-zones.json")) as data:
        loaded = json.load(data)
    assert loaded["groups"][0] == ["Universal", ["UTC"]]
    assert loaded["aliases"]["Asia/Calcutta"] == "Asia/Kolkata"
    assert all(name in zones.canonical_names() for name in loaded["aliases"].values())


def test_the_today_page_carries_the_profile_zone_and_its_old_names(client_owner, owner):
    owner.time_zone = "Asia/Kolkata"
    owner.save()
    html = client_owner.get(reverse("journal:today")).text
    assert 'id="zone-prompt"' in html
    assert 'data-profile-zones="Asia/Kolkata Asia/Calcutta"' in html
    assert "Kolkata</strong> (Asia/Kolkata)" in html


def test_an_earlier_day_has_no_zone_prompt(client_owner, owner):
    day = owner.local_today() - dt.timedelta(days=3)
    html = client_owner.get(reverse("journal:day", kwargs={"day": day})).text
    assert 'id="zone-prompt"' not in html


def test_one_tap_switches_the_zone_records_it_and_past_days_keep_their_dates(client_owner, owner):
    owner.time_zone = "Europe/Berlin"
    owner.save()
    routine = factories.make_routine(owner, period="pm")
    step = factories.make_step(routine, factories.make_product(owner))
    # 23:30 on Sunday 29 Nov in Berlin is already Monday 07:30 in Tokyo.
    moment = dt.datetime(2026, 11, 29, 22, 30, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        factories.make_application(owner, step=step, day=dt.date(2026, 11, 29))
        response = client_owner.post(
            reverse("accounts:switch_time_zone"), {"time_zone": "Asia/Tokyo"}
        )
        assert response.status_code == 302 and response["Location"] == reverse("journal:today")
        owner.refresh_from_db()
        assert owner.time_zone == "Asia/Tokyo"
        assert owner.local_today() == dt.date(2026, 11, 30)
        page = client_owner.get(response["Location"]).text
    assert "Your time zone is now Tokyo (Asia/Tokyo)" in page
    [change] = TimeZoneChange.objects.filter(owner=owner)
    assert (change.from_zone, change.to_zone, change.source) == (
        "Europe/Berlin",
        "Asia/Tokyo",
        "prompt",
    )
    assert change.changed_at == moment
    # What was logged on Sunday stays on Sunday.
    assert list(Application.objects.filter(owner=owner).values_list("day", flat=True)) == [
        dt.date(2026, 11, 29)
    ]


def test_the_switch_maps_a_browsers_old_name(client_owner, owner):
    client_owner.post(reverse("accounts:switch_time_zone"), {"time_zone": "Asia/Calcutta"})
    owner.refresh_from_db()
    assert owner.time_zone == "Asia/Kolkata"


@pytest.mark.parametrize("zone", ["", "Mars/Olympus", "Etc/GMT+5", "x" * 5000])
def test_the_switch_refuses_what_is_not_a_zone(client_owner, owner, zone):
    response = client_owner.post(reverse("accounts:switch_time_zone"), {"time_zone": zone})
    assert response.status_code == 400
    owner.refresh_from_db()
    assert owner.time_zone == "Europe/London"
    assert not TimeZoneChange.objects.exists()


def test_switching_to_the_same_zone_records_nothing(client_owner, owner):
    client_owner.post(reverse("accounts:switch_time_zone"), {"time_zone": "Europe/London"})
    assert not TimeZoneChange.objects.exists()


def test_a_change_in_settings_is_recorded_too(client_owner, owner):
    client_owner.post(reverse("accounts:settings"), {"email": owner.email, "time_zone": "UTC"})
    client_owner.post(reverse("accounts:settings"), {"email": "x@example.com", "time_zone": "UTC"})
    changes = list(TimeZoneChange.objects.values_list("from_zone", "to_zone", "source"))
    assert changes == [("Europe/London", "UTC", "settings")]  # once: the second kept UTC


@pytest.mark.parametrize(
    ("scheme", "attribute", "meta"),
    [
        ("dark", 'data-theme="dark"', 'content="dark"'),
        ("light", 'data-theme="light"', 'content="light"'),
        ("system", None, 'content="light dark"'),
    ],
)
def test_the_appearance_setting_sets_the_pages_colour_scheme(
    client_owner, owner, scheme, attribute, meta
):
    response = client_owner.post(
        reverse("accounts:settings"),
        {"email": owner.email, "time_zone": owner.time_zone, "color_scheme": scheme},
    )
    assert response.status_code == 302
    html = client_owner.get(reverse("journal:today")).text
    head = html[: html.index("</head>")]
    assert f'<meta name="color-scheme" {meta}>' in head
    if attribute:
        assert f'<html lang="en" {attribute}>' in head
    else:
        assert "data-theme" not in head


def test_an_unknown_appearance_is_refused(client_owner, owner):
    response = client_owner.post(
        reverse("accounts:settings"),
        {"email": owner.email, "time_zone": owner.time_zone, "color_scheme": "sepia"},
    )
    assert response.status_code == 400
    owner.refresh_from_db()
    assert owner.color_scheme == "system"
