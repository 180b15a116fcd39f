"""Time zones people pick from: the canonical IANA names, grouped by region.

Canonical means a zone of tzdata's zone.tab (one or more per country, e.g. Europe/Berlin,
America/New_York) plus UTC: not a legacy alias kept for old systems ("W-SU", "US/Eastern",
"Asia/Calcutta"), nor a rule-only zone ("EST5EDT", "Etc/GMT+5"). An alias is understood
and saved as its canonical zone (W-SU is Europe/Moscow), so a browser that reports an old
name (Chrome still says Asia/Calcutta) gets the right zone.

static/js/time-zones.json is this module's ``browser_data()``, made by
``python -m skintrack.accounts.zones > static/js/time-zones.json``; a test keeps the two in
step when tzdata is upgraded.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

UTC = "UTC"
# The order regions are offered in; anything else tzdata adds comes after them.
REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


def _tzdata_text(name: str) -> str:
    return resources.files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")


@cache
def canonical_names() -> frozenset[str]:
    names = {UTC}
    for line in _tzdata_text("zone.tab").splitlines():
        if line and not line.startswith("#"):
            names.add(line.split("\t")[2])
    return frozenset(names)


@cache
def _links() -> dict[str, str]:
    """alias -> the zone it stands for, from tzdata's compact source (``L target alias``)."""
    links = {}
    for line in _tzdata_text("tzdata.zi").splitlines():
        if line.startswith("L "):
            _, target, alias = line.split()
            links[alias] = target
    return links


@cache
def _zone_of_link_target() -> dict[str, str]:
    """A zone that is itself only the target of links (Europe/Brussels for Amsterdam since
    tzdata 2022) is canonical when zone.tab lists it; otherwise some canonical zone that
    links to it, if any (Etc/UTC -> UTC)."""
    found = {}
    for alias, target in _links().items():
        if alias in canonical_names() and target not in canonical_names():
            found.setdefault(target, alias)
    return found


UTC_NAMES = frozenset({"Etc/UTC", "Etc/GMT"})  # where GMT, Zulu, Universal... lead


def canonical(name: str) -> str | None:
    """The canonical zone for `name` (itself, or the zone an alias stands for), or None."""
    seen = set()
    while name not in canonical_names():
        if name in seen:
            return None
        seen.add(name)
        if name in UTC_NAMES:
            return UTC
        if name in _zone_of_link_target():
            return _zone_of_link_target()[name]
        if name not in _links():
            return None
        name = _links()[name]
    return name


@cache
def aliases() -> dict[str, str]:
    """Every legacy name we can map: alias -> canonical zone."""
    found = {}
    for alias in _links():
        if alias not in canonical_names() and (zone := canonical(alias)):
            found[alias] = zone
    for target in _zone_of_link_target():
        if target not in canonical_names():
            found[target] = _zone_of_link_target()[target]
    return dict(sorted(found.items()))


def names_for(zone: str) -> list[str]:
    """`zone` and every old name that means the same zone (for comparing with a browser's)."""
    wanted = canonical(zone) or zone
    return [wanted] + [alias for alias, target in aliases().items() if target == wanted]


def region_of(name: str) -> str:
    return name.split("/", 1)[0] if "/" in name else "Other"


def label(name: str) -> str:
    """What a person reads: "Argentina / Buenos Aires" under America."""
    place = name.split("/", 1)[1] if "/" in name else name
    return place.replace("_", " ").replace("/", " / ")


@cache
def grouped() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """((region, (zone, ...)), ...): regions in REGIONS order, zones by name."""
    groups: dict[str, list[str]] = {}
    for name in sorted(canonical_names() - {UTC}):
        groups.setdefault(region_of(name), []).append(name)
    order = {region: n for n, region in enumerate(REGIONS)}
    regions = sorted(groups, key=lambda r: (order.get(r, len(order)), r))
    return (("Universal", (UTC,)),) + tuple((r, tuple(groups[r])) for r in regions)


def browser_data() -> dict:
    """What static/js/app.js loads to fill the picker."""
    return {"groups": [[region, list(names)] for region, names in grouped()], "aliases": aliases()}


if __name__ == "__main__":
    print(json.dumps(browser_data(), separators=(",", ":")))
