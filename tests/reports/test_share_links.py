"""A read-only link to the visit report: lifetime, revocation, code, headers, photos."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from skintrack.reports.models import ShareLink
from tests import factories

pytestmark = pytest.mark.django_db

SHARES = reverse("reports:shares")


def make_link(client, **fields) -> tuple[ShareLink, str]:
    """POST the form as the person does; the new link and its code ("" without one)."""
    data = {"days": "7", **fields}
    response = client.post(SHARES, data)
    assert response.status_code == 200, response.content.decode()[:500]
    link = ShareLink.objects.latest("created_at")
    return link, response.context["code"]


def shared_url(link: ShareLink) -> str:
    return reverse("reports:shared", kwargs={"share_token": link.token})


def photo_url(link: ShareLink, photo) -> str:
    return reverse(
        "reports:shared_photo", kwargs={"share_token": link.token, "shared_photo_id": photo.pk}
    )


@pytest.fixture
def photographed(owner):
    observation = factories.make_observation(
        owner, day=owner.local_today() - dt.timedelta(days=3), count=4
    )
    return factories.make_photo(observation)


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()  # the wrong-code counts live in the shared cache


def test_a_new_link_has_a_long_random_token_and_expires_in_7_days(client_owner, owner):
    before = timezone.now()
    link, code = make_link(client_owner)
    assert len(link.token) >= 43  # 32 random bytes, base64: 256 bits
    assert code == "" and not link.needs_code
    lifetime = link.expires_at - before
    assert abs(lifetime - dt.timedelta(days=7)) < dt.timedelta(minutes=1)
    other, _ = make_link(client_owner)
    assert other.token != link.token


def test_the_lifetime_can_be_chosen_up_to_30_days_and_no_more(client_owner):
    link, _ = make_link(client_owner, days="30")
    assert link.expires_at - timezone.now() > dt.timedelta(days=29)
    response = client_owner.post(SHARES, {"days": "31"})
    assert response.status_code == 400
    assert "Pick how long the link works, up to 30 days." in response.content.decode()
    assert ShareLink.objects.count() == 1


def test_the_shared_report_opens_without_a_login_and_is_neither_indexed_nor_referred(
    client_owner, client, owner, photographed
):
    link, _ = make_link(client_owner)
    response = client.get(shared_url(link))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Milia: summary for a dermatologist" in html
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in response["Cache-Control"]
    # No way back into the app from a shared page: no range form, no share link.
    assert "Show these dates" not in html and reverse("reports:shares") not in html
    # Its photos come through the token.
    assert photo_url(link, photographed) in html
    assert reverse("photos:thumb", kwargs={"photo_id": photographed.pk}) not in html


def test_openings_are_listed_in_settings_with_the_expiry(client_owner, client, owner):
    link, _ = make_link(client_owner)
    settings_page = client_owner.get(reverse("accounts:settings")).content.decode()
    assert "Not opened yet." in settings_page
    assert f"Works until {timezone.localtime(link.expires_at):%-d %b %Y, %H:%M}" in settings_page
    client.get(shared_url(link))
    client.get(shared_url(link))
    settings_page = client_owner.get(reverse("accounts:settings")).content.decode()
    assert "Opened 2 times" in settings_page


def test_an_expired_link_is_a_404_and_so_is_a_photo_url_it_showed_before(
    client_owner, client, owner, photographed
):
    link, _ = make_link(client_owner, days="1")
    assert client.get(photo_url(link, photographed)).status_code == 200
    with time_machine.travel(link.expires_at + dt.timedelta(seconds=1)):
        assert client.get(shared_url(link)).status_code == 404
        assert client.get(photo_url(link, photographed)).status_code == 404
    settings_page = client_owner.get(reverse("accounts:settings")).content.decode()
    assert "Works until" in settings_page  # still valid now, outside the time travel


def test_a_revoked_link_is_a_404_at_once_page_and_photos(client_owner, client, photographed):
    link, _ = make_link(client_owner)
    assert client.get(shared_url(link)).status_code == 200
    revoke = reverse("reports:revoke_share", kwargs={"link_id": link.pk})
    response = client_owner.post(revoke, {"next": "settings"})
    assert response["Location"].endswith("#share-links")
    assert client.get(shared_url(link)).status_code == 404
    assert client.get(photo_url(link, photographed)).status_code == 404
    assert "Revoked" in client_owner.get(reverse("accounts:settings")).content.decode()


def test_another_person_cannot_revoke_a_link(client_owner, client_outsider):
    link, _ = make_link(client_owner)
    revoke = reverse("reports:revoke_share", kwargs={"link_id": link.pk})
    assert client_outsider.post(revoke).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_a_token_serves_only_its_owners_photos(client_owner, client, outsider, photographed):
    link, _ = make_link(client_owner)
    theirs = factories.make_photo(factories.make_observation(outsider))
    assert client.get(photo_url(link, theirs)).status_code == 404
    assert client.get(photo_url(link, photographed)).status_code == 200


def test_a_photo_after_the_reports_end_is_not_part_of_it(client_owner, client, owner):
    today = owner.local_today()
    link, _ = make_link(
        client_owner,
        start=f"{today - dt.timedelta(days=30)}",
        end=f"{today - dt.timedelta(days=5)}",
    )
    later = factories.make_photo(factories.make_observation(owner, day=today))
    assert client.get(photo_url(link, later)).status_code == 404


def test_an_unknown_token_is_a_404(client):
    assert (
        client.get(reverse("reports:shared", kwargs={"share_token": "x" * 43})).status_code == 404
    )


def test_a_link_with_a_code_opens_only_with_the_right_code(client_owner, client, photographed):
    link, code = make_link(client_owner, with_code="on")
    assert re.fullmatch(r"\d{6}", code)
    assert code not in link.code_hash  # stored hashed
    page = client.get(shared_url(link))
    assert page.status_code == 200 and "six-digit code" in page.content.decode()
    assert "summary for a dermatologist" not in page.content.decode()
    assert client.get(photo_url(link, photographed)).status_code == 404  # not before the code
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(shared_url(link), {"code": wrong})
    assert response.status_code == 400 and "That code is not right." in response.content.decode()
    response = client.post(shared_url(link), {"code": code})
    assert response.status_code == 302
    opened = client.get(shared_url(link))
    assert "summary for a dermatologist" in opened.content.decode()
    assert client.get(photo_url(link, photographed)).status_code == 200


def test_wrong_codes_lock_the_link_even_for_the_right_code_and_from_any_address(
    client_owner, settings, photographed
):
    from django.test import Client

    settings.SHARE_CODE_LIMIT = 3
    link, code = make_link(client_owner, with_code="on")
    wrong = "000000" if code != "000000" else "111111"
    for n in range(3):
        guesser = Client(REMOTE_ADDR=f"203.0.113.{n}")  # a new address each time
        guesser.post(shared_url(link), {"code": wrong})
    locked = Client(REMOTE_ADDR="198.51.100.7").post(shared_url(link), {"code": code})
    assert locked.status_code == 429
    assert "Too many wrong codes" in locked.content.decode()
    # After the cool-off the right code works again.
    later = timezone.now() + dt.timedelta(minutes=settings.SHARE_CODE_COOLOFF_MINUTES + 1)
    with time_machine.travel(later):
        assert Client().post(shared_url(link), {"code": code}).status_code == 302


def test_the_shares_page_needs_a_login(client):
    assert client.get(SHARES).status_code == 302


def test_the_code_form_works_as_browsers_send_it_without_a_referrer(client_owner):
    """No Referer and "Origin: null", as a no-referrer page's form is sent."""
    from django.test import Client

    link, code = make_link(client_owner, with_code="on")
    browser = Client(enforce_csrf_checks=True)
    assert browser.get(shared_url(link)).status_code == 200
    response = browser.post(shared_url(link), {"code": code}, headers={"origin": "null"})
    assert response.status_code == 302
    assert "summary for a dermatologist" in browser.get(shared_url(link)).content.decode()


def test_age_band_and_skin_notes_open_the_report_when_given(client_owner, client, owner):
    link, _ = make_link(client_owner)
    assert "Skin notes" not in client.get(shared_url(link)).content.decode()
    response = client_owner.post(
        reverse("reports:report_profile"),
        {"age_band": "30_44", "skin_notes": "Dry, sensitive; eczema on the hands"},
    )
    assert response.status_code == 302
    html = client.get(shared_url(link)).content.decode()
    assert "30–44" in html and "Dry, sensitive; eczema on the hands" in html
    refused = client_owner.post(
        reverse("reports:report_profile"), {"age_band": "ancient", "skin_notes": "x" * 201}
    )
    assert refused.status_code == 400
    owner.refresh_from_db()
    assert owner.age_band == "30_44"


def test_the_report_offers_a_link_for_its_own_dates(client_owner, owner):
    today = owner.local_today()
    start = today - dt.timedelta(days=20)
    report = client_owner.get(reverse("reports:visit_report"), {"start": start}).content.decode()
    offer = f"{SHARES}?start={start}&amp;end={today}"
    assert offer in report
    form = client_owner.get(f"{SHARES}?start={start}&end={today}").context["form"]
    assert (form.initial["start"], form.initial["end"]) == (start, today)


def test_the_shared_reports_queries_do_not_grow_with_history(
    client_owner, client, owner, outsider, catalog_in_memory
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.reports.conftest import make_routines, seed_history

    def queries(person, days) -> int:
        seed_history(person, make_routines(person), person.local_today(), days=days)
        link = factories.make_share_link(person)
        for n in range(3):  # photos too: one query for all of them
            factories.make_photo(
                factories.make_observation(person, area="nose", day=link.end - dt.timedelta(days=n))
            )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(shared_url(link)).status_code == 200
        return len(captured)

    assert queries(outsider, 5) == queries(owner, 300) <= 13
