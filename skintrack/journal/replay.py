"""Taps and notes sent late. A phone that was offline keeps its ticks, unticks and day notes
and sends them when the network returns, each with the moment it was made on the device
(`at`, milliseconds since 1970). The server applies a change only when it is not older than
what the row already holds, so an old untick replayed after a newer tick leaves the tick,
and the same tap sent twice changes nothing the second time."""

import datetime as dt

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def device_time(raw: str | None, now: dt.datetime) -> dt.datetime:
    """The moment a change was made, from the `at` the browser sent. A plain form (no
    JavaScript) sends none: it is being made now. A clock ahead of the server's counts as now,
    so a wrong clock can't make its changes win against every later one; a value that is not a
    number is ignored the same way."""
    try:
        millis = int(raw or "")
    except ValueError:
        return now
    if millis <= 0:
        return now
    try:
        moment = EPOCH + dt.timedelta(milliseconds=millis)
    except OverflowError:
        return now
    return min(moment, now)


def is_outdated(made_at: dt.datetime, saved_at: dt.datetime | None) -> bool:
    """True when a change was made before the one already saved (which then stays). Rows
    saved before device times were kept (None) give way to any change."""
    return saved_at is not None and made_at < saved_at
