"""Server-rendered SVG charts. Pure: plain data in, an SVG string out.

Every piece of text that reaches the SVG goes through ``esc``, so a caller may mark the
result safe. Each chart carries ``role="img"`` with a ``<title>`` and a ``<desc>``; the
numbers themselves belong in a data table beside the chart (the pages add one).

No ``<style>`` element and no ``style=`` attribute (the CSP forbids both): only
presentation attributes (``fill``, ``stroke``, ``font-size``...) and classes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

# Each colour is at least 4.5:1 against white, so lines, dots and their labels stay
# readable; dash patterns tell the series apart without relying on colour.
PALETTE = ("#0f766e", "#b42318", "#1d4f91", "#8a4b00", "#6d28d9", "#374151", "#a3195b")
DASHES = ("", "7 4", "2 4", "10 4 2 4", "4 4", "1 3", "12 3")
INK, MUTED, GRID, AXIS = "#1f2328", "#57606a", "#e6e2db", "#8c959f"
BAR = "#0f766e"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
NO_DATA = "No data yet"

# Heatmap shades, lightest to darkest: (lowest fraction, fill, label). Neighbouring
# shades differ by at least 1.8:1 in contrast, so no two steps look alike. Every square
# also gets a 1px outline of at least 3:1 against the white background (WCAG 1.4.11), so
# even the palest square stands out. A day with nothing due, or before tracking began,
# is white with a dashed outline: told apart from "none done" by the pattern, not colour.
HEAT_SCALE = (
    (0.0, "#efebe5", "none done"),
    (0.01, "#72bfb2", "some"),
    (0.5, "#2b7f74", "half or more"),
    (1.0, "#083f3b", "all done"),
)
HEAT_EMPTY = "#ffffff"
HEAT_STROKE = "#6e7781"  # 4.5:1 against white
HEAT_EMPTY_STROKE = AXIS  # 3.0:1 against white
HEAT_EMPTY_DASH = "2 2"


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def fmt_day(day: date, year: bool = False) -> str:
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def _num(value: float) -> str:
    """Coordinates with at most one decimal, no trailing zeros."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _open(
    chart_id: str, kind: str, width: int, height: int, title: str, desc: str, role: str = "img"
) -> list[str]:
    """The opening tags. A chart with links in it is a "group", not an "img": an image's
    content is presentational, so links inside one would be hidden from assistive tech."""
    cid = esc(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="{role}" '
        f'aria-labelledby="{cid}-title {cid}-desc" font-family="{FONT}" font-size="13" '
        f'fill="{INK}">',
        f'<title id="{cid}-title">{esc(title)}</title>',
        f'<desc id="{cid}-desc">{esc(desc)}</desc>',
        f'<rect class="chart-bg" x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def _empty(chart_id: str, kind: str, title: str, desc: str, width: int, height: int) -> str:
    parts = _open(chart_id, kind, width, height, title, desc)
    parts.append(
        f'<text class="chart-empty" x="{width / 2:g}" y="{height / 2:g}" text-anchor="middle" '
        f'font-size="16" fill="{MUTED}">{NO_DATA}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def nice_ceiling(value: float) -> tuple[int, int]:
    """(top, step): a round top at or above `value`, with at most five steps up to it."""
    value = max(math.ceil(value), 1)
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if math.ceil(value / step) <= 5:
                return step * math.ceil(value / step), step
        magnitude *= 10


@dataclass(frozen=True)
class _Frame:
    """The plotting area inside the margins."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top


def _y_axis(frame: _Frame, top_value: int, step: int, label: str, suffix: str = "") -> list[str]:
    parts = []
    for value in range(0, top_value + 1, step):
        y = frame.bottom - frame.height * value / top_value
        parts.append(
            f'<line x1="{_num(frame.left)}" y1="{_num(y)}" x2="{_num(frame.right)}" '
            f'y2="{_num(y)}" stroke="{GRID if value else AXIS}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{_num(frame.left - 6)}" y="{_num(y + 4)}" text-anchor="end" '
            f'fill="{MUTED}" font-size="12">{value}{suffix}</text>'
        )
    middle = frame.top + frame.height / 2
    parts.append(
        f'<text class="axis-label" x="14" y="{_num(middle)}" text-anchor="middle" '
        f'transform="rotate(-90 14 {_num(middle)})" fill="{MUTED}" font-size="12">'
        f"{esc(label)}</text>"
    )
    return parts


def _date_ticks(first: date, last: date, most: int = 6) -> list[tuple[date, str]]:
    """Tick days and labels: month starts for long spans, evenly spaced days otherwise."""
    span = (last - first).days
    years = first.year != last.year
    if span > 120:
        months = []
        cursor = date(first.year, first.month, 1)
        while cursor <= last:
            if cursor >= first:
                months.append(cursor)
            cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
        every = max(1, math.ceil(len(months) / most))
        return [
            (m, f"{MONTHS[m.month - 1]}{f' {m.year % 100:02d}' if years else ''}")
            for m in months[::every]
        ]
    count = min(most - 1, max(span, 1))
    days = sorted({first + timedelta(days=round(span * n / count)) for n in range(count + 1)})
    return [(d, fmt_day(d)) for d in days]


def line_chart(
    series: Mapping[str, Sequence[tuple[date, int | None]]],
    *,
    title: str = "Milia counted per area",
    desc: str = "",
    chart_id: str = "milia-chart",
    y_label: str = "Milia counted",
    gap_days: int = 45,
    start: date | None = None,
    end: date | None = None,
    width: int = 600,
    height: int = 300,
) -> str:
    """One line per series (an area), a dot per observation.

    A line breaks (a gap) where a value is None or where two observations lie more than
    `gap_days` apart, so the chart never draws a trend across a stretch with no counts.
    `start` and `end` widen the time axis; with no points at all the chart says so.
    """
    cleaned = {
        name: sorted(((d, v) for d, v in points), key=lambda p: p[0])
        for name, points in series.items()
    }
    known = [(d, v) for points in cleaned.values() for d, v in points if v is not None]
    desc = desc or _line_desc(cleaned)
    if not known:
        return _empty(chart_id, "line", title, desc, width, height)

    days = [d for d, _ in known]
    first, last = min(days + ([start] if start else [])), max(days + ([end] if end else []))
    if first == last:  # one day: centre it in a week either side
        first, last = first - timedelta(days=7), last + timedelta(days=7)
    top_value, step = nice_ceiling(max(v for _, v in known))

    names = [n for n, points in cleaned.items() if any(v is not None for _, v in points)]
    per_row = 3 if width >= 480 else 2
    legend_rows = math.ceil(len(names) / per_row)
    frame = _Frame(left=54, top=14, right=width - 12, bottom=height - 38 - 22 * legend_rows)
    span = (last - first).days

    def x(day: date) -> float:
        return frame.left + frame.width * (day - first).days / span

    def y(value: int) -> float:
        return frame.bottom - frame.height * value / top_value

    parts = _open(chart_id, "line", width, height, title, desc)
    parts += _y_axis(frame, top_value, step, y_label)
    for day, label in _date_ticks(first, last, most=max(3, width // 100)):
        # Labels at the ends lean inwards so they stay inside the chart.
        anchor = "middle"
        if x(day) - frame.left < 24:
            anchor = "start" if x(day) - frame.left < 8 else "middle"
        if frame.right - x(day) < 24:
            anchor = "end"
        parts.append(
            f'<line x1="{_num(x(day))}" y1="{_num(frame.bottom)}" x2="{_num(x(day))}" '
            f'y2="{_num(frame.bottom + 5)}" stroke="{AXIS}"/>'
            f'<text x="{_num(x(day))}" y="{_num(frame.bottom + 19)}" text-anchor="{anchor}" '
            f'fill="{MUTED}" font-size="12">{esc(label)}</text>'
        )
    for index, name in enumerate(names):
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<g class="series" data-series="{esc(name)}">')
        for segment in _segments(cleaned[name], gap_days):
            if len(segment) > 1:
                points = " ".join(f"{_num(x(d))},{_num(y(v))}" for d, v in segment)
                parts.append(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5" stroke-linejoin="round"{dash_attr}/>'
                )
        for day, value in cleaned[name]:
            if value is None:
                continue
            parts.append(
                f'<circle cx="{_num(x(day))}" cy="{_num(y(value))}" r="4" fill="{colour}" '
                f'stroke="#ffffff" stroke-width="1.5"><title>{esc(name)}, '
                f"{fmt_day(day, year=True)}: {value}</title></circle>"
            )
        parts.append("</g>")
    legend_top = frame.bottom + 34
    column = (width - frame.left) / per_row
    for index, name in enumerate(names):
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        lx = frame.left + column * (index % per_row)
        ly = legend_top + 22 * (index // per_row)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<g class="legend-item"><line x1="{_num(lx)}" y1="{_num(ly)}" '
            f'x2="{_num(lx + 26)}" y2="{_num(ly)}" stroke="{colour}" stroke-width="2.5"'
            f'{dash_attr}/><circle cx="{_num(lx + 13)}" cy="{_num(ly)}" r="3.5" '
            f'fill="{colour}"/><text x="{_num(lx + 32)}" y="{_num(ly + 4)}" font-size="13">'
            f"{esc(_shorten(name, 22))}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _segments(
    points: Sequence[tuple[date, int | None]], gap_days: int
) -> list[list[tuple[date, int]]]:
    segments: list[list[tuple[date, int]]] = [[]]
    for day, value in points:
        if value is None:
            segments.append([])
            continue
        current = segments[-1]
        if current and (day - current[-1][0]).days > gap_days:
            segments.append(current := [])
        current.append((day, value))
    return [s for s in segments if s]


def _line_desc(series: Mapping[str, Sequence[tuple[date, int | None]]]) -> str:
    parts = []
    for name, points in series.items():
        known = [(d, v) for d, v in points if v is not None]
        if not known:
            continue
        (d0, v0), (d1, v1) = known[0], known[-1]
        if len(known) == 1:
            parts.append(f"{name}: {v0} on {fmt_day(d0, True)}")
        else:
            parts.append(
                f"{name}: {v0} on {fmt_day(d0, True)}, {v1} on {fmt_day(d1, True)} "
                f"({len(known)} counts)"
            )
    return "; ".join(parts) + "." if parts else "Nothing counted yet."


def _shorten(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def bar_chart(
    bars: Sequence[tuple[str, int | None]],
    *,
    title: str = "Routine steps done, week by week",
    desc: str = "",
    chart_id: str = "adherence-chart",
    y_label: str = "Steps done",
    width: int = 600,
    height: int = 260,
) -> str:
    """A bar per label with its percent (0-100) printed on top. None means nothing was
    due: no bar, a dash instead, so "not due" never looks like 0%."""
    desc = desc or _bar_desc(bars)
    if not any(value is not None for _, value in bars):
        return _empty(chart_id, "bar", title, desc, width, height)
    frame = _Frame(left=54, top=22, right=width - 8, bottom=height - 34)
    slot = frame.width / len(bars)
    bar_width = min(40, slot * 0.66)
    label_every = max(1, math.ceil(len(bars) / max(1, frame.width // 46)))
    suffix = "%" if slot >= 30 else ""  # narrow bars: the axis says it is a percent
    parts = _open(chart_id, "bar", width, height, title, desc)
    parts += _y_axis(frame, 100, 25, y_label, suffix="%")
    for index, (label, value) in enumerate(bars):
        centre = frame.left + slot * (index + 0.5)
        if value is None:
            parts.append(
                f'<text class="bar-none" x="{_num(centre)}" y="{_num(frame.bottom - 6)}" '
                f'text-anchor="middle" fill="{MUTED}" font-size="12">–<title>{esc(label)}: '
                "nothing due</title></text>"
            )
        else:
            value = max(0, min(100, value))
            bar_height = frame.height * value / 100
            parts.append(
                f'<rect class="bar" x="{_num(centre - bar_width / 2)}" '
                f'y="{_num(frame.bottom - bar_height)}" width="{_num(bar_width)}" '
                f'height="{_num(bar_height)}" fill="{BAR}" rx="2"><title>{esc(label)}: '
                f"{value}%</title></rect>"
                f'<text x="{_num(centre)}" y="{_num(frame.bottom - bar_height - 5)}" '
                f'text-anchor="middle" font-size="11" fill="{INK}">{value}{suffix}</text>'
            )
        if index % label_every == 0:
            parts.append(
                f'<text x="{_num(centre)}" y="{_num(frame.bottom + 18)}" text-anchor="middle" '
                f'fill="{MUTED}" font-size="11">{esc(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _bar_desc(bars: Sequence[tuple[str, int | None]]) -> str:
    known = [(label, v) for label, v in bars if v is not None]
    if not known:
        return "Nothing was due yet."
    average = round(sum(v for _, v in known) / len(known))
    low = min(known, key=lambda b: b[1])
    high = max(known, key=lambda b: b[1])
    return (
        f"{len(known)} periods with steps due; on average {average}% done, lowest "
        f"{low[1]}% ({low[0]}), highest {high[1]}% ({high[0]})."
    )


def heat_stroke(value: float | None) -> str:
    """The outline attributes of a heatmap square (a day or a legend swatch)."""
    if value is None:
        return f'stroke="{HEAT_EMPTY_STROKE}" stroke-width="1" stroke-dasharray="{HEAT_EMPTY_DASH}"'
    return f'stroke="{HEAT_STROKE}" stroke-width="1"'


def _heat_square(x: float, y: float, cell: int, value: float | None) -> str:
    """A square's geometry, fill and outline. The square is inset by half the 1px outline
    so the outline stays crisp and inside the cell."""
    return (
        f'x="{_num(x + 0.5)}" y="{_num(y + 0.5)}" width="{_num(cell - 1)}" '
        f'height="{_num(cell - 1)}" rx="2" fill="{heat_fill(value)}" {heat_stroke(value)}'
    )


def heat_fill(value: float | None) -> str:
    if value is None:
        return HEAT_EMPTY
    fill = HEAT_SCALE[0][1]
    for lowest, colour, _ in HEAT_SCALE:
        if value >= lowest:
            fill = colour
    return fill


def heatmap(
    days: Mapping[date, float | None],
    start: date,
    end: date,
    *,
    title: str = "Routine completion, day by day",
    desc: str = "",
    chart_id: str = "completion-chart",
    cell: int = 15,
    gap: int = 3,
    link: Callable[[date], str] | None = None,
) -> str:
    """A calendar: a column per ISO week, a row per weekday, a square per day from
    `start` to `end` shaded by the share of the day's steps done (0.0 to 1.0). A day
    missing from `days`, or None, had nothing due (or came before tracking began) and is
    drawn empty. `cell` and `gap` size the squares (smaller for phones). With `link`
    (day -> URL) each square opens its day; the links are for pointers only (out of the
    tab order): keyboards use the table of days beside the chart, whose cells link too."""
    pitch = cell + gap
    first_monday = start - timedelta(days=start.weekday())
    weeks = (end - first_monday).days // 7 + 1
    left, top = 34, 22
    width = max(left + weeks * pitch + 6, 300)
    legend = _heat_legend(left, width, cell)
    height = top + 7 * pitch + 12 + legend[-1][1] + cell + 6
    desc = desc or _heat_desc(days, start, end)
    if end < start or not any(v is not None for d, v in days.items() if start <= d <= end):
        return _empty(chart_id, "heatmap", title, desc, width, height)
    role = "img" if link is None else "group"
    parts = _open(chart_id, "heatmap", width, height, title, desc, role)
    for row, name in enumerate(WEEKDAYS):
        if row % 2 == 0:
            parts.append(
                f'<text x="{left - 6}" y="{top + row * pitch + 12}" text-anchor="end" '
                f'fill="{MUTED}" font-size="11">{name}</text>'
            )
    month_seen, last_label = None, -99
    for column in range(weeks):
        monday = first_monday + timedelta(days=7 * column)
        # Label the column where a month begins, unless too close to the previous label.
        shown = max(monday, start)
        if shown.month != month_seen and shown <= end:
            month_seen = shown.month
            if column - last_label >= 3 and (column < weeks - 1 or weeks == 1):
                last_label = column
                parts.append(
                    f'<text x="{left + column * pitch}" y="{top - 7}" fill="{MUTED}" '
                    f'font-size="11">{MONTHS[shown.month - 1]}</text>'
                )
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        column = (day - first_monday).days // 7
        value = days.get(day)
        shown = "nothing due" if value is None else f"{round(value * 100)}% done"
        square = _heat_square(left + column * pitch, top + day.weekday() * pitch, cell, value)
        rect = (
            f'<rect class="day" {square}>'
            f"<title>{WEEKDAYS[day.weekday()]} {fmt_day(day, True)}: {shown}</title></rect>"
        )
        if link is not None:
            rect = f'<a href="{esc(link(day))}" tabindex="-1">{rect}</a>'
        parts.append(rect)
    legend_top = top + 7 * pitch + 12
    for (value, label), (x, dy) in zip(HEAT_LEGEND, legend, strict=True):
        y = legend_top + dy
        parts.append(
            f'<g class="legend-item"><rect {_heat_square(x, y, cell, value)}/>'
            f'<text x="{_num(x + cell + 4)}" y="{y + cell - 3}" font-size="11" '
            f'fill="{MUTED}">{label}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


# (a value that falls in the step, label) for each legend swatch, "nothing due" first.
HEAT_LEGEND: tuple[tuple[float | None, str], ...] = ((None, "nothing due"),) + tuple(
    (lowest, label) for lowest, _, label in HEAT_SCALE
)


def _heat_legend(left: int, width: int, cell: int) -> list[tuple[float, int]]:
    """(x, y offset) of each legend item, wrapping onto a new row when one is full."""
    places, x, dy = [], float(left), 0
    for _, label in HEAT_LEGEND:
        item = cell + 4 + 6.2 * len(label)
        if x + item > width - 4 and x > left:
            x, dy = float(left), dy + cell + 6
        places.append((x, dy))
        x += item + 12
    return places


def _heat_desc(days: Mapping[date, float | None], start: date, end: date) -> str:
    judged = [v for d, v in days.items() if start <= d <= end and v is not None]
    if not judged:
        return f"No routine steps were due from {fmt_day(start, True)} to {fmt_day(end, True)}."
    complete = sum(1 for v in judged if v >= 1)
    return (
        f"From {fmt_day(start, True)} to {fmt_day(end, True)}: {len(judged)} days with steps "
        f"due, every step done on {complete} of them, on average "
        f"{round(100 * sum(judged) / len(judged))}% done."
    )
