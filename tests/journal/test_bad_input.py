"""Every journal form refuses bad input with a clear message and a 4xx, changing nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from skintrack.journal.models import Application, DayNote, DermatologistVisit, MiliaObservation
from tests import factories

pytestmark = pytest.mark.django_db

ONE_MEGABYTE = "x" * (1024 * 1024)


def observation_url(owner, day=None):
    return reverse("journal:observation_new", kwargs={"day": day or owner.local_today()})


def valid_observation(**changes):
    data = {"area": "eyelids", "count": "4", "milia_type": "primary", "notes": ""}
    data.update(changes)
    return data


def log_milia(**fields):
    """The "Log milia" form's data: row fields as area__field ("eyelids__count")."""
    data = {"all-milia_type": "primary", "all-notes": ""}
    for key, value in fields.items():
        area, _, field = key.partition("__")
        data[f"{area}-{field}" if field else f"all-{area}"] = value
    return data


def test_logging_milia_saves_the_count_and_symptoms(client_owner, owner):
    response = client_owner.post(
        observation_url(owner), log_milia(eyelids__count="4", eyelids__redness="mild")
    )
    assert response.status_code == 302
    saved = MiliaObservation.objects.get(owner=owner)
    assert (saved.count, saved.redness, saved.pain) == (4, "mild", "none")
    page = client_owner.get(reverse("journal:today"))
    assert b'Eyelids: <span class="count">4</span>' in page.content
    assert b"redness, mild" in page.content


def test_several_areas_are_logged_in_one_form(client_owner, owner):
    response = client_owner.post(
        observation_url(owner),
        log_milia(
            eyelids__count="4",
            under_eyes__count="2",
            under_eyes__swelling="severe",
            other__count="1",
            other__area_other="Neck",
            notes="after a long week",
        ),
    )
    assert response.status_code == 302
    saved = MiliaObservation.objects.filter(owner=owner).order_by("area")
    assert [(o.area, o.area_other, o.count, o.swelling) for o in saved] == [
        ("eyelids", "", 4, "none"),
        ("other", "Neck", 1, "none"),
        ("under_eyes", "", 2, "severe"),
    ]
    assert {o.notes for o in saved} == {"after a long week"}


def test_a_symptom_given_as_yes_instead_of_a_severity_is_refused(client_owner, owner):
    response = client_owner.post(
        observation_url(owner), log_milia(eyelids__count="4", eyelids__redness="on")
    )
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content
    assert not MiliaObservation.objects.filter(owner=owner).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"eyelids__count": "-1"}, "greater than or equal to 0"),
        ({"eyelids__count": "501"}, "less than or equal to 500"),
        ({"eyelids__count": "lots"}, "Give a whole number"),
        ({"forehead__pain": "mild"}, "Give the count for this area too"),
        ({"other__count": "2", "other__area_other": ""}, "Say where"),
        ({"notes": ONE_MEGABYTE}, "at most 2000 characters"),
        ({"eyelids__count": "", "nose__count": ""}, "Give a count for at least one area."),
    ],
)
def test_a_bad_observation_is_refused_with_a_message(client_owner, owner, changes, message):
    existing = factories.make_observation(owner, area="cheeks", count=2)
    data = log_milia(**{"eyelids__count": "4", "nose__count": "1", **changes})
    response = client_owner.post(observation_url(owner), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(MiliaObservation.objects.all()) == [existing]  # no row of the form saved
    existing.refresh_from_db()
    assert existing.count == 2


def test_an_area_already_logged_that_day_shows_its_count_and_edit_link(client_owner, owner):
    logged = factories.make_observation(owner, area="eyelids", count=2)
    page = client_owner.get(observation_url(owner)).content.decode()
    assert "Already logged: <strong>2</strong>" in page
    assert reverse("journal:observation_edit", kwargs={"observation_id": logged.pk}) in page
    assert 'name="eyelids-count"' not in page and 'name="cheeks-count"' in page
    # A stale form from another tab that still has the row is refused, nothing changed.
    response = client_owner.post(observation_url(owner), log_milia(eyelids__count="5"))
    assert response.status_code == 400
    assert b"Already logged on this day" in response.content
    assert MiliaObservation.objects.get().count == 2


def test_secondary_context_is_kept_only_for_secondary_milia(client_owner, owner):
    client_owner.post(
        observation_url(owner),
        log_milia(eyelids__count="3", milia_type="primary", secondary_context="burn"),
    )
    assert MiliaObservation.objects.get().secondary_context == ""
    client_owner.post(
        observation_url(owner),
        log_milia(nose__count="1", milia_type="secondary", secondary_context="burn"),
    )
    assert MiliaObservation.objects.get(area="nose").secondary_context == "burn"


def test_editing_an_observation_keeps_its_day(client_owner, owner):
    day = owner.local_today() - dt.timedelta(days=3)
    observation = factories.make_observation(owner, day=day, count=2)
    url = reverse("journal:observation_edit", kwargs={"observation_id": observation.id})
    response = client_owner.post(url, valid_observation(count="6"))
    assert response.status_code == 302
    observation.refresh_from_db()
    assert (observation.day, observation.count) == (day, 6)


def test_a_far_future_day_note_is_not_found_and_nothing_is_saved(client_owner):
    url = reverse("journal:save_note", kwargs={"day": dt.date(2999, 1, 1)})
    assert client_owner.post(url, {"notes": "hi"}).status_code == 404
    assert not DayNote.objects.exists()


def test_a_huge_day_note_is_refused_and_the_old_one_kept(client_owner, owner):
    factories.make_day_note(owner, notes="kept", makeup_worn=True)
    url = reverse("journal:save_note", kwargs={"day": owner.local_today()})
    response = client_owner.post(url, {"notes": ONE_MEGABYTE})
    assert response.status_code == 400
    assert b"at most 2000 characters" in response.content
    note = DayNote.objects.get()
    assert (note.notes, note.makeup_worn) == ("kept", True)


def test_a_five_megabyte_request_is_refused_before_any_view_runs(client_owner, owner):
    url = reverse("journal:save_note", kwargs={"day": owner.local_today()})
    response = client_owner.post(url, {"notes": "x" * (5 * 1024 * 1024)})
    assert response.status_code == 400
    assert not DayNote.objects.exists()


def test_another_persons_product_cannot_be_logged(client_owner, owner, outsider):
    theirs = factories.make_product(outsider, name="Their cream")
    url = reverse("journal:add_application", kwargs={"day": owner.local_today()})
    response = client_owner.post(url, {"product": theirs.id, "period": "am", "area": "face"})
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content
    assert not Application.objects.exists()


def test_a_malformed_application_is_refused(client_owner, owner):
    url = reverse("journal:add_application", kwargs={"day": owner.local_today()})
    response = client_owner.post(url, {"product": "'; drop table", "period": "noon"})
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_a_visit_is_logged_and_listed(client_owner, owner):
    day = owner.local_today() - dt.timedelta(days=2)
    response = client_owner.post(
        reverse("journal:visit_new"),
        {"day": day.isoformat(), "treatment": "cryotherapy", "notes": "Froze two."},
    )
    assert response.status_code == 302
    listing = client_owner.get(reverse("journal:visits"))
    assert b"Cryotherapy" in listing.content and b"Froze two." in listing.content


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2999-01-01", "in the future"),
        ("1999-12-31", "on or after"),
        ("31/02/2026", "Enter a valid date"),
        ("", "This field is required"),
    ],
)
def test_a_visit_with_a_bad_date_is_refused(client_owner, owner, day, message):
    visit = factories.make_visit(owner, notes="first")
    url = reverse("journal:visit_edit", kwargs={"visit_id": visit.id})
    response = client_owner.post(url, {"day": day, "treatment": "", "notes": "changed"})
    assert response.status_code == 400
    assert message in response.content.decode()
    visit.refresh_from_db()
    assert visit.notes == "first"
    assert DermatologistVisit.objects.count() == 1


def test_a_post_without_csrf_token_is_forbidden(owner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    url = reverse("journal:save_note", kwargs={"day": owner.local_today()})
    assert client.post(url, {"notes": "x"}).status_code == 403
    assert not DayNote.objects.exists()
