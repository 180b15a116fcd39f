"""Malformed requests to every URL of the project: a 4xx or a redirect, never a 500, and
nothing the owner saved is lost or changed (except by the buttons whose whole job is to
change something without any input, such as archive or delete)."""

import pytest

from tests.test_access import build_url, discover_routes, owner_snapshot

ONE_MEGABYTE = "x" * (1024 * 1024)

MALFORMED_FORMS = {
    "wrong types": {
        "count": "-5",
        "day": "2999-01-01",
        "product": "999999999",
        "period": "noon",
        "area": "elbow",
        "done": "maybe",
        "direction": "sideways",
        "key": "DRM-1:nonsense",
        "format": "exe",
        "time_zone": "Mars/Base",
        "digest_time": "25:99",
        "start": "2026-13-45",
        "end": "yesterday",
        "password": "",
    },
    "a megabyte in every text field": {
        "notes": ONE_MEGABYTE,
        "name": ONE_MEGABYTE,
        "area_other": ONE_MEGABYTE,
        "q": ONE_MEGABYTE,
    },
    "repeated and empty keys": [("product", "1"), ("product", "2"), ("", ""), ("done", "")],
}

# These buttons take no input: any POST, even a malformed one, does their one job. The day
# note is a form of checkboxes, all optional: a POST without them means "none of these".
CHANGE_WITHOUT_INPUT = {
    "shelf:catalog_add",
    "journal:save_note",
    "shelf:archive",
    "routines:archive",
    "routines:activate",
    "routines:step_archive",
    "journal:delete_application",
    "journal:observation_delete",
    "journal:visit_delete",
    "photos:delete",
    "shelf:patch_test_delete",
    "reports:rotate_calendar",
    "reports:unsubscribe",
    "accounts:logout",
}

ROUTES = [route for route in discover_routes() if not route.unknown_params]


@pytest.mark.parametrize("route", ROUTES, ids=[str(r) for r in ROUTES])
@pytest.mark.parametrize("payload", list(MALFORMED_FORMS), ids=list(MALFORMED_FORMS))
def test_a_malformed_form_never_breaks_a_page(client_owner, owner_objects, route, payload):
    url = build_url(route, owner_objects)
    before = owner_snapshot(owner_objects.product.owner)
    data = MALFORMED_FORMS[payload]
    if isinstance(data, list):
        body = "&".join(f"{k}={v}" for k, v in data)
        response = client_owner.post(url, body, content_type="application/x-www-form-urlencoded")
    else:
        response = client_owner.post(url, data)
    assert response.status_code < 500
    if route.name not in CHANGE_WITHOUT_INPUT:
        assert owner_snapshot(owner_objects.product.owner) == before


@pytest.mark.parametrize("route", ROUTES, ids=[str(r) for r in ROUTES])
def test_a_body_that_is_not_a_form_never_breaks_a_page(client_owner, owner_objects, route):
    url = build_url(route, owner_objects)
    response = client_owner.post(url, b"\xff\xfe{not json", content_type="application/json")
    assert response.status_code < 500
