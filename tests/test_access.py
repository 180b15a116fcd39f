"""The privacy walk: every URL of the project, as a stranger, an outsider and the owner.

The routes are discovered from the URLconf at collection time, so a new view is covered as
soon as it is routed. Its URL parameters are filled from PARAMETERS below, keyed by name; a
name missing from that table fails the tests until someone adds it there.
"""

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles.views import serve as staticfiles_serve
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django.views.static import serve as static_serve

from skintrack.accounts.models import User
from skintrack.journal.models import Application, DayNote, DermatologistVisit, MiliaObservation
from skintrack.reports.digest import unsubscribe_token
from skintrack.routines.models import Routine, RoutineStep
from skintrack.shelf.models import CatalogProduct, PatchTest, Product
from tests.factories import OWNER_MARKER


@dataclasses.dataclass(frozen=True)
class Parameter:
    value: Callable[[Any], Any]  # from the owner_objects namespace to the URL value
    owned: bool  # True: the value names a row that belongs to the owner


# Every URL parameter name used anywhere in the project, and what to put in it.
PARAMETERS: dict[str, Parameter] = {
    "product_id": Parameter(lambda o: o.product.pk, owned=True),
    "routine_id": Parameter(lambda o: o.routine.pk, owned=True),
    "step_id": Parameter(lambda o: o.step.pk, owned=True),
    "application_id": Parameter(lambda o: o.application.pk, owned=True),
    "observation_id": Parameter(lambda o: o.observation.pk, owned=True),
    "photo_id": Parameter(lambda o: o.photo.pk, owned=True),
    "visit_id": Parameter(lambda o: o.visit.pk, owned=True),
    "link_id": Parameter(lambda o: o.share_link.pk, owned=True),
    "note_id": Parameter(lambda o: o.day_note.pk, owned=True),
    "patch_test_id": Parameter(lambda o: o.patch_test.pk, owned=True),
    "catalog_id": Parameter(lambda o: o.catalog_product.pk, owned=False),
    "day": Parameter(lambda o: o.today, owned=False),
    "slug": Parameter(lambda o: "daily-habits", owned=False),  # a public Learn page
    # isoweek: last week, which has begun for everyone whatever their zone
    "week": Parameter(lambda o: o.today - dt.timedelta(days=7), owned=False),
    "period": Parameter(lambda o: "pm", owned=False),
    # isomonth: this month, which has day pages for everyone
    "month": Parameter(lambda o: o.today.replace(day=1), owned=False),
    "uidb64": Parameter(lambda o: "Zm9v", owned=False),
    # The owner's calendar feed token (reports:feed is public by design: the token is the
    # key); password_reset_confirm shows its "invalid link" page for it, as for any token.
    "token": Parameter(lambda o: o.product.owner.calendar_token, owned=False),
    # reports:shared and its photos, public by design: the share link's token is the key
    # (tests/reports/test_share_links.py proves expiry, revocation and the code).
    "share_token": Parameter(lambda o: o.share_link.token, owned=False),
    "shared_photo_id": Parameter(lambda o: o.photo.pk, owned=False),
    # reports:unsubscribe, public by design: the signature is the key.
    "signed_token": Parameter(lambda o: unsubscribe_token(o.product.owner), owned=False),
}

# Pages anyone may see without logging in. Everything else must send a stranger to log in.
PUBLIC_NAMES = {
    "journal:home",
    "accounts:login",
    "accounts:signup",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "reports:feed",
    "reports:unsubscribe",
    "reports:shared",
    "reports:shared_photo",
    "healthz",  # for load balancers: counts of queued tasks, nothing about anyone
    # The installable app: the same for everyone, and the offline page names no one.
    "service_worker",
    "manifest",
    "offline",
}
PUBLIC_NAMESPACES = {"learn"}
# Public pages that show the owner's report because the owner shared it with a link.
SHARED_BY_THEIR_OWNER = {"reports:shared"}

# Namespaces with their own access rules, not walked here.
SKIPPED_NAMESPACES = {"admin"}


@dataclasses.dataclass(frozen=True)
class Route:
    name: str | None  # namespaced, like "shelf:detail"; None for an unnamed pattern
    route: str  # the full route, like "shelf/<int:product_id>/"
    params: tuple[str, ...]
    converters: tuple[tuple[str, Any], ...]  # (parameter, converter) for path() routes
    plain_path: bool  # every level is a path() route, so the URL can be built by hand

    def __str__(self) -> str:
        return self.name or self.route

    @property
    def namespaces(self) -> list[str]:
        return self.name.split(":")[:-1] if self.name else []

    @property
    def public(self) -> bool:
        return self.name in PUBLIC_NAMES or bool(PUBLIC_NAMESPACES & set(self.namespaces))

    @property
    def unknown_params(self) -> list[str]:
        return [p for p in self.params if p not in PARAMETERS]

    @property
    def names_owned_object(self) -> bool:
        # An unknown parameter counts as owned, so the outsider test runs (and fails) too.
        return any(p not in PARAMETERS or PARAMETERS[p].owned for p in self.params)


def _is_static(pattern: URLPattern, route: str) -> bool:
    if getattr(pattern, "callback", None) in (static_serve, staticfiles_serve):
        return True
    # MEDIA_URL defaults to "/" (nothing served): only a real prefix counts.
    prefixes = [settings.STATIC_URL, settings.MEDIA_URL]
    return any(prefix.strip("/") and route.startswith(prefix) for prefix in prefixes)


def _walk(
    patterns, prefix: str, namespace: str | None, params: tuple, converters: tuple, plain: bool
) -> Iterator[Route]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        own_params = tuple(p for p in entry.pattern.regex.groupindex if p not in params)
        own_converters = tuple(getattr(entry.pattern, "converters", {}).items())
        is_plain = plain and isinstance(entry.pattern, RoutePattern)
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = ":".join(n for n in (namespace, entry.namespace) if n) or None
            yield from _walk(
                entry.url_patterns,
                route,
                inner,
                params + own_params,
                converters + own_converters,
                is_plain,
            )
        elif isinstance(entry, URLPattern):
            if _is_static(entry, route):
                continue
            name = ":".join(n for n in (namespace, entry.name) if n) if entry.name else None
            yield Route(
                name=name,
                route=route,
                params=params + own_params,
                converters=converters + own_converters,
                plain_path=is_plain,
            )


@cache
def discover_routes() -> tuple[Route, ...]:
    resolver = get_resolver()
    return tuple(_walk(resolver.url_patterns, "/", None, (), (), True))


ROUTE_SELECTIONS: dict[str, Callable[[Route], bool]] = {
    "route": lambda r: True,
    "protected_route": lambda r: not r.public,
    "public_route": lambda r: r.public,
    "owned_route": lambda r: r.names_owned_object,
    "unowned_private_route": lambda r: not r.public and not r.names_owned_object,
}


def pytest_generate_tests(metafunc):
    for fixture, selected in ROUTE_SELECTIONS.items():
        if fixture in metafunc.fixturenames:
            routes = [r for r in discover_routes() if selected(r)]
            metafunc.parametrize(fixture, routes, ids=[str(r) for r in routes])


def build_kwargs(route: Route, objects) -> dict[str, Any]:
    if route.unknown_params:
        pytest.fail(
            f"The URL {route.route!r} ({route}) takes {route.unknown_params}, which "
            "tests/test_access.py does not know: add each to its PARAMETERS table, saying "
            "what value to use and whether it names a row that belongs to someone."
        )
    return {p: PARAMETERS[p].value(objects) for p in route.params}


_PLACEHOLDER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")


def build_url(route: Route, objects) -> str:
    kwargs = build_kwargs(route, objects)
    if route.name:
        return reverse(route.name, kwargs=kwargs)
    if not route.plain_path:
        pytest.fail(f"Give the URL pattern {route.route!r} a name so the tests can reverse it.")
    converters = dict(route.converters)

    def fill(match: re.Match) -> str:
        parameter = match["parameter"]
        converter = converters.get(parameter)
        value = kwargs[parameter]
        return converter.to_url(value) if converter else str(value)

    return _PLACEHOLDER.sub(fill, route.route)


def owner_snapshot(owner: User) -> dict[str, list[dict]]:
    """Every row of the owner's, and the shared catalog, as plain values."""
    querysets = {
        "user": User.objects.filter(pk=owner.pk),
        "products": Product.objects.filter(owner=owner),
        "patch_tests": PatchTest.objects.filter(product__owner=owner),
        "routines": Routine.objects.filter(owner=owner),
        "steps": RoutineStep.objects.filter(routine__owner=owner),
        "applications": Application.objects.filter(owner=owner),
        "day_notes": DayNote.objects.filter(owner=owner),
        "observations": MiliaObservation.objects.filter(owner=owner),
        "visits": DermatologistVisit.objects.filter(owner=owner),
        "catalog": CatalogProduct.objects.all(),
    }
    return {key: list(qs.order_by("pk").values()) for key, qs in querysets.items()}


def request(client, method: str, url: str):
    return getattr(client, method)(url)


def body(response) -> str:
    """The response's text, whether rendered or streamed (a file download)."""
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


# --- the walker itself ---------------------------------------------------------------------


def test_walker_finds_the_project_routes():
    names = {r.name for r in discover_routes()}
    assert {"accounts:login", "accounts:settings", "accounts:password_reset_confirm"} <= names
    assert not any(n and n.startswith("admin:") for n in names), "the admin is skipped"
    confirm = next(r for r in discover_routes() if r.name == "accounts:password_reset_confirm")
    assert confirm.params == ("uidb64", "token")
    assert confirm.route == "/accounts/password/reset/<uidb64>/<token>/"


def test_every_url_parameter_is_in_the_table():
    unknown = {str(r): r.unknown_params for r in discover_routes() if r.unknown_params}
    assert not unknown, (
        f"These URLs take parameters tests/test_access.py does not know: {unknown}. "
        "Add each name to PARAMETERS there."
    )


def test_every_public_name_still_exists():
    names = {r.name for r in discover_routes()}
    # journal:home is on the list before its view exists; everything else must be real.
    stale = PUBLIC_NAMES - names - {"journal:home"}
    assert not stale, f"PUBLIC_NAMES lists routes that no longer exist: {stale}"


# --- a stranger ------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_stranger_is_sent_to_log_in(client, owner_objects, protected_route, method):
    url = build_url(protected_route, owner_objects)
    before = owner_snapshot(owner_objects.product.owner)
    response = request(client, method, url)
    assert response.status_code == 302, (
        f"{method.upper()} {url} as a stranger answered {response.status_code}, "
        "not a redirect to log in (is login_required the outermost decorator?)"
    )
    target = urlsplit(response["Location"])
    assert target.path == resolve_url(settings.LOGIN_URL), response["Location"]
    assert parse_qs(target.query).get("next") == [url], response["Location"]
    assert owner_snapshot(owner_objects.product.owner) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_stranger_may_see_public_pages(client, owner_objects, public_route, method):
    url = build_url(public_route, owner_objects)
    response = request(client, method, url)
    # A POST of an empty form may answer 400 (skintrack.http.render_form); never 500.
    allowed = {200, 302, 405} | ({400} if method == "post" else set())
    assert response.status_code in allowed, f"{method.upper()} {url}: {response.status_code}"
    if public_route.name not in SHARED_BY_THEIR_OWNER:
        assert OWNER_MARKER not in body(response)


# --- someone else, logged in -----------------------------------------------------------------


def test_outsider_gets_404_for_the_owners_things(client_outsider, owner_objects, owned_route):
    url = build_url(owned_route, owner_objects)
    owner = owner_objects.product.owner
    before = owner_snapshot(owner)
    statuses = {}
    for method in ("get", "post"):
        response = request(client_outsider, method, url)
        statuses[method.upper()] = response.status_code
        assert OWNER_MARKER not in body(response), (
            f"{method.upper()} {url} by another person shows the owner's data"
        )
        assert owner_snapshot(owner) == before, (
            f"{method.upper()} {url} by another person changed the owner's rows"
        )
    # A method the URL does not take may answer 405, as it does for everyone: the method is
    # refused before any row is looked up, so it tells nothing. The other must be a 404.
    assert set(statuses.values()) <= {404, 405} and 404 in statuses.values(), (
        f"{url} by another person answered {statuses}, not 404"
    )


def test_outsider_never_sees_the_owners_things(
    client_outsider, owner_objects, unowned_private_route
):
    url = build_url(unowned_private_route, owner_objects)
    response = client_outsider.get(url)
    assert response.status_code in {200, 302, 405}, f"GET {url}: {response.status_code}"
    assert OWNER_MARKER not in body(response), f"GET {url} by another person shows the owner's data"


# --- the owner -------------------------------------------------------------------------------


def test_owner_can_open_every_page(client_owner, owner_objects, route):
    url = build_url(route, owner_objects)
    response = client_owner.get(url)
    assert response.status_code in {200, 302, 405}, f"GET {url}: {response.status_code}"
    if response.status_code == 302:
        target = urlsplit(response["Location"]).path
        assert target != resolve_url(settings.LOGIN_URL), f"GET {url} sent the owner to log in"
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        # The tab and bookmark name: plain words, one page's worth (not a stray block).
        title = re.search(r"<title>(.*?)</title>", body(response), re.S)
        assert title and "<" not in title[1] and len(title[1]) < 200, f"GET {url}: {title}"


def test_the_owner_sees_the_marker_somewhere(client_owner, owner_objects):
    """The outsider checks look for OWNER_MARKER; make sure pages really show it."""
    routes = [r for r in discover_routes() if not r.public and not r.names_owned_object]
    if not routes:
        pytest.skip("no private pages routed yet")
    shown = [
        str(r)
        for r in routes
        if OWNER_MARKER in body(client_owner.get(build_url(r, owner_objects)))
    ]
    assert shown, "no private page shows the owner's products, notes or routines to the owner"
