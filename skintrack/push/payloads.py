"""What a notification says. Pure: plain values in, the JSON the service worker shows out
(static/js/sw-push.js reads title, body, tag and url).

Like the calendar feed, a notification can sit on a locked screen: it names what to do
(sunscreen, the evening routine), never a product or anything the person typed.
"""

from __future__ import annotations

import datetime as dt
import json

MORNING, EVENING = "morning", "evening"
KINDS = (MORNING, EVENING)


def sunscreen_morning(today: dt.date, today_url: str) -> dict:
    return {
        "title": "Sunscreen this morning",
        "body": (
            "You used a retinoid last night, so your skin burns more easily today. "
            "Put on a broad-spectrum sunscreen before you go out."
        ),
        "tag": f"sunscreen-{today.isoformat()}",
        "url": f"{today_url}#morning",
    }


def evening_routine(
    today: dt.date, steps_left: int, exfoliation_night: bool, today_url: str
) -> dict:
    steps = f"{steps_left} step{'' if steps_left == 1 else 's'}"
    body = f"{steps} to tick off tonight."
    if exfoliation_night:
        body += " Tonight suits a gentle exfoliation."
    return {
        "title": "Evening routine",
        "body": body,
        "tag": f"evening-{today.isoformat()}",
        "url": f"{today_url}#evening",
    }


def encode(payload: dict) -> str:
    """Compact JSON: a push message carries at most about 4 KB."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
