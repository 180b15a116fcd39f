"""The span of a routine step whose history was not recorded (steps made before spans
existed, and version-1 exports). Pure: plain values in, a span out."""

import datetime as dt
from zoneinfo import ZoneInfo


def derive_span(
    created: dt.datetime | None,
    time_zone: str,
    applied_days: list[dt.date],
    in_use: bool,
) -> tuple[dt.date | None, dt.date | None]:
    """(starts_on, ends_on) for a step.

    In use now: from the earlier of the creation day (in the owner's zone) and the first
    application, still open. Not in use (removed, or its routine inactive): from the first
    to the last application; never applied, it never owed a day (no span).
    """
    first_applied = min(applied_days, default=None)
    if not in_use:
        if first_applied is None:
            return None, None
        return min(first_applied, _local_day(created, time_zone) or first_applied), max(
            applied_days
        )
    created_day = _local_day(created, time_zone)
    candidates = [d for d in (created_day, first_applied) if d is not None]
    return (min(candidates) if candidates else None), None


def _local_day(moment: dt.datetime | None, time_zone: str) -> dt.date | None:
    if moment is None:
        return None
    try:
        zone = ZoneInfo(time_zone)
    except (KeyError, ValueError):
        zone = dt.UTC
    return moment.astimezone(zone).date()
