import datetime as dt
import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from skintrack.reports import charts

D = dt.date(2026, 3, 2)  # a Monday
SVG = "{http://www.w3.org/2000/svg}"


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


def parse(svg: str) -> ET.Element:
    """The SVG must be well-formed XML; this fails the test otherwise."""
    return ET.fromstring(svg)


def count(svg: str, tag: str, cls: str | None = None) -> int:
    found = parse(svg).iter(f"{SVG}{tag}")
    return sum(1 for e in found if cls is None or e.get("class") == cls)


def dots(svg: str) -> int:
    """The data points of a line chart: circles with a tooltip (legend markers have none)."""
    return sum(1 for c in parse(svg).iter(f"{SVG}circle") if c.find(f"{SVG}title") is not None)


ALL_CHARTS = {
    "line": lambda: charts.line_chart({"Eyelids": [(day(0), 3), (day(7), 4)]}),
    "bar": lambda: charts.bar_chart([("2 Mar", 80), ("9 Mar", None)]),
    "heatmap": lambda: charts.heatmap({day(0): 1.0, day(1): 0.5}, day(0), day(30)),
    "empty line": lambda: charts.line_chart({}),
    "empty bar": lambda: charts.bar_chart([]),
    "empty heatmap": lambda: charts.heatmap({}, day(0), day(30)),
}


@pytest.mark.parametrize("draw", ALL_CHARTS.values(), ids=ALL_CHARTS.keys())
def test_every_chart_is_an_image_with_a_title_and_a_description(draw):
    root = parse(draw())
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text
    assert desc is not None and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


@pytest.mark.parametrize("draw", ALL_CHARTS.values(), ids=ALL_CHARTS.keys())
def test_no_chart_uses_style_elements_or_attributes_the_csp_would_block(draw):
    svg = draw()
    assert "<style" not in svg
    assert " style=" not in svg
    assert "<script" not in svg


def test_a_line_chart_without_points_says_no_data_yet():
    svg = charts.line_chart({"Eyelids": []})
    assert "No data yet" in svg
    assert count(svg, "circle") == 0


def test_a_line_chart_with_one_point_draws_a_dot_and_no_line():
    svg = charts.line_chart({"Cheeks": [(day(0), 5)]})
    assert dots(svg) == 1
    assert count(svg, "circle") == 2  # and the legend's marker
    assert count(svg, "polyline") == 0
    assert "No data yet" not in svg
    assert "Cheeks, 2 Mar 2026: 5" in svg


def test_a_line_chart_draws_a_dot_per_count_and_a_line_per_area():
    series = {
        "Eyelids": [(day(n * 7), n) for n in range(20)],
        "Nose": [(day(n * 7), 10 - n // 2) for n in range(20)],
    }
    svg = charts.line_chart(series)
    assert dots(svg) == 40
    assert count(svg, "polyline") == 2
    assert count(svg, "g", "legend-item") == 2
    assert "Milia counted" in svg  # the y axis label


def test_a_line_chart_breaks_the_line_where_counts_are_missing():
    gap_by_none = {"Eyelids": [(day(0), 2), (day(7), 3), (day(14), None), (day(21), 4)]}
    svg = charts.line_chart(gap_by_none)
    assert count(svg, "polyline") == 1  # 2 → 3, then a lone 4
    assert dots(svg) == 3

    gap_by_time = {"Eyelids": [(day(0), 2), (day(7), 3), (day(120), 4), (day(127), 4)]}
    assert count(charts.line_chart(gap_by_time, gap_days=45), "polyline") == 2


def test_a_line_chart_escapes_the_names_it_is_given():
    svg = charts.line_chart({'<b>"Left" arm & hand</b>': [(day(0), 1)]})
    parse(svg)
    assert "<b>" not in svg
    assert "&lt;b&gt;&quot;Left&quot; arm &amp; hand&lt;/b&gt;" in svg


def test_a_bar_chart_draws_a_bar_for_each_week_with_steps_due():
    weeks = [(f"W{n}", 10 * n) for n in range(1, 11)] + [("W11", None), ("W12", 100)]
    svg = charts.bar_chart(weeks)
    assert count(svg, "rect", "bar") == 11
    assert count(svg, "text", "bar-none") == 1  # nothing due is a dash, not 0%
    assert "100%" in svg and "Steps done" in svg


def test_a_bar_chart_with_one_week_draws_one_bar():
    svg = charts.bar_chart([("2 Mar", 0)])
    assert count(svg, "rect", "bar") == 1
    assert "2 Mar: 0%" in svg


@pytest.mark.parametrize("weeks", [[], [("W1", None), ("W2", None)]])
def test_a_bar_chart_without_anything_due_says_no_data_yet(weeks):
    svg = charts.bar_chart(weeks)
    assert "No data yet" in svg
    assert count(svg, "rect", "bar") == 0


def test_a_heatmap_draws_a_square_for_every_day_of_six_months():
    start, end = day(0), day(181)
    days = {start + dt.timedelta(days=n): (n % 5) / 4 for n in range(182)}
    days[day(3)] = None  # nothing due that day
    svg = charts.heatmap(days, start, end)
    assert count(svg, "rect", "day") == 182
    assert "Thu 5 Mar 2026: nothing due" in svg
    assert "Mon 2 Mar 2026: 0% done" in svg
    assert len(re.findall(r">(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep)<", svg)) >= 5  # months


def test_a_heatmap_with_one_tracked_day_shades_only_that_day():
    svg = charts.heatmap({day(10): 1.0}, day(0), day(20))
    fills = [r.get("fill") for r in parse(svg).iter(f"{SVG}rect") if r.get("class") == "day"]
    assert len(fills) == 21
    assert fills.count(charts.HEAT_SCALE[-1][1]) == 1
    assert fills.count(charts.HEAT_EMPTY) == 20


def test_a_heatmap_without_tracked_days_says_no_data_yet():
    svg = charts.heatmap({day(0): None}, day(0), day(30))
    assert "No data yet" in svg
    assert count(svg, "rect", "day") == 0


def contrast(one: str, two: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def heat_days(svg: str) -> list[ET.Element]:
    return [r for r in parse(svg).iter(f"{SVG}rect") if r.get("class") == "day"]


def test_every_heatmap_square_has_an_outline_that_stands_out_from_the_white_background():
    start = day(0)
    days = {start + dt.timedelta(days=n): (n % 5) / 4 for n in range(28)}
    days[day(3)] = None
    squares = heat_days(charts.heatmap(days, start, day(34)))  # the last week: nothing due
    assert len(squares) == 35
    for square in squares:
        assert square.get("stroke-width") == "1"
        assert contrast(square.get("stroke"), "#ffffff") >= 3
    tracked = [s for s in squares if s.get("fill") != charts.HEAT_EMPTY]
    untracked = [s for s in squares if s.get("fill") == charts.HEAT_EMPTY]
    assert len(tracked) == 27 and len(untracked) == 8
    assert {s.get("stroke") for s in tracked} == {charts.HEAT_STROKE}
    assert all(s.get("stroke-dasharray") is None for s in tracked)
    # "nothing due" differs from "none done" by its dashed outline, not by colour alone.
    assert {s.get("stroke") for s in untracked} == {charts.HEAT_EMPTY_STROKE}
    assert {s.get("stroke-dasharray") for s in untracked} == {charts.HEAT_EMPTY_DASH}


@pytest.mark.parametrize(
    "value, step",
    [(0.0, 0), (0.005, 0), (0.01, 1), (0.25, 1), (0.49, 1), (0.5, 2), (0.99, 2), (1.0, 3)],
)
def test_each_share_done_gets_the_shade_of_its_step(value, step):
    assert charts.heat_fill(value) == charts.HEAT_SCALE[step][1]
    svg = charts.heatmap({day(0): value}, day(0), day(0))
    assert [s.get("fill") for s in heat_days(svg)] == [charts.HEAT_SCALE[step][1]]


def test_neighbouring_heatmap_shades_differ_clearly():
    fills = [charts.HEAT_EMPTY] + [fill for _, fill, _ in charts.HEAT_SCALE]
    assert fills[1:] == ["#efebe5", "#72bfb2", "#2b7f74", "#083f3b"]
    for lighter, darker in itertools.pairwise(fills):
        assert contrast(lighter, darker) > 1.15
    for lighter, darker in itertools.pairwise(fills[1:]):  # the steps of a tracked day
        assert contrast(lighter, darker) >= 1.8
    assert contrast(charts.HEAT_STROKE, "#ffffff") >= 4.5


@pytest.mark.parametrize("cell, gap", [(15, 3), (8, 2)])
def test_the_heatmap_legend_shows_every_step_as_the_squares_draw_it(cell, gap):
    svg = charts.heatmap({day(0): 1.0}, day(0), day(181), cell=cell, gap=gap)
    items = [g for g in parse(svg).iter(f"{SVG}g") if g.get("class") == "legend-item"]
    labels = [g.find(f"{SVG}text").text for g in items]
    assert labels == ["nothing due", "none done", "some", "half or more", "all done"]
    swatches = [g.find(f"{SVG}rect") for g in items]
    assert [s.get("fill") for s in swatches] == [charts.HEAT_EMPTY] + [
        fill for _, fill, _ in charts.HEAT_SCALE
    ]
    assert [s.get("stroke") for s in swatches] == [charts.HEAT_EMPTY_STROKE] + [
        charts.HEAT_STROKE
    ] * 4
    assert swatches[0].get("stroke-dasharray") == charts.HEAT_EMPTY_DASH
    assert all(s.get("stroke-dasharray") is None for s in swatches[1:])
    width = float(parse(svg).get("width"))
    for swatch in swatches:  # nothing falls off the right edge
        assert float(swatch.get("x")) + float(swatch.get("width")) <= width


def test_narrow_charts_keep_their_ids_apart_from_the_wide_ones():
    wide = charts.bar_chart([("W1", 50)], chart_id="a")
    narrow = charts.bar_chart([("W1", 50)], chart_id="a-narrow", width=340)
    assert 'id="a-title"' in wide and 'id="a-narrow-title"' in narrow


@pytest.mark.parametrize(
    "value, expected", [(0, (1, 1)), (3, (3, 1)), (7, (8, 2)), (12, (15, 5)), (480, (500, 100))]
)
def test_the_y_axis_ends_on_a_round_number(value, expected):
    assert charts.nice_ceiling(value) == expected
