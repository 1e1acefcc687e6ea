"""The pictures' geometry (issue 16): marks inside the canvas and drawn whole, arrows into the
start of the work they lead to, notes beside the mark they name, legends that fit and name every
kind of line, and trend lines that never look alike or hide one another.

Measured on the shipped plan as of 1 April 2013 (the README's charts) and on a plan with a
programme deadline, parsed as XML; text widths are estimated at the renderers' own rates.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from nhs_transition.load import load_plan
from nhs_transition.model import Plan
from nhs_transition.render.gantt_svg import EDGE, PLOT_W, PLOT_X, WIDTH, gantt_svg
from nhs_transition.render.trend import LEGEND_CHAR_PX, trend_svg
from nhs_transition.render.trend import WIDTH as TREND_WIDTH
from nhs_transition.slippage import evaluate
from nhs_transition.trend import trend_series
from tests.factories import make_plan, milestone

SVG = "{http://www.w3.org/2000/svg}"
DATA = Path(__file__).resolve().parents[1] / "data"
AS_OF = date(2013, 4, 1)


def shipped() -> Plan:
    plan = load_plan(DATA).plan
    assert plan is not None
    return plan


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def points(polygon: ET.Element) -> list[tuple[float, float]]:
    pairs = (p.split(",") for p in (polygon.get("points") or "").split())
    return [(float(a), float(b)) for a, b in pairs]


def text_of(element: ET.Element) -> str:
    return "".join(t for t in [element.text or ""] + [c.tail or "" for c in element])


@pytest.fixture(scope="module")
def gantt() -> ET.Element:
    return ET.fromstring(gantt_svg(evaluate(shipped(), AS_OF), title="Demo"))


def test_every_mark_is_inside_the_canvas_and_drawn_whole(gantt: ET.Element) -> None:
    (clip,) = gantt.iter(f"{SVG}clipPath")
    (rect,) = clip
    left, right = (
        float(rect.get("x") or 0),
        float(rect.get("x") or 0) + float(rect.get("width") or 0),
    )
    assert (left, right) == (PLOT_X - EDGE, PLOT_X + PLOT_W + EDGE)
    diamonds = by_class(gantt, "milestone") + by_class(gantt, "deadline")
    assert diamonds
    for d in diamonds:
        for px, _ in points(d):
            assert left <= px <= right and 0 <= px <= WIDTH
    # The efficiency savings, expected 31 March 2015 at the window's right edge: whole.
    rightmost = max(max(px for px, _ in points(d)) for d in by_class(gantt, "milestone"))
    assert PLOT_X + PLOT_W < rightmost <= right


def _rows(root: ET.Element) -> dict[float, list[ET.Element]]:
    """The marks of each row, by the row's centre line."""
    rows: dict[float, list[ET.Element]] = {}
    for e in by_class(root, "milestone"):
        rows.setdefault(points(e)[1][1], []).append(e)
    for e in by_class(root, "bar"):
        rows.setdefault(float(e.get("y") or 0) + 6, []).append(e)
    return rows


def test_dependency_arrows_end_at_the_start_of_the_work(gantt: ET.Element) -> None:
    rows = _rows(gantt)
    links = by_class(gantt, "dependency")
    assert links
    for link in links:
        moves = re.findall(r"[MHV]-?[\d.]+(?:,-?[\d.]+)?", link.get("d") or "")
        end_x = float(moves[-1][1:])
        end_y = next(float(m[1:].split(",")[-1]) for m in reversed(moves) if m[0] in "MV")
        starts = []
        for mark in rows[end_y]:
            if "bar" in (mark.get("class") or ""):
                starts.append(float(mark.get("x") or 0) - 1)
            else:
                starts.append(points(mark)[3][0] - 1.5)  # the diamond's left point, less 1.5
        assert any(abs(end_x - s) < 0.2 for s in starts), (link.get("d"), starts)


def test_notes_sit_beside_the_mark_they_name(gantt: ET.Element) -> None:
    deadlines = {
        (round(points(d)[1][1], 1), round(points(d)[0][0], 1)) for d in by_class(gantt, "deadline")
    }
    notes = by_class(gantt, "note")
    assert notes
    for note in notes:
        y = round(float(note.get("y") or 0) - 4, 1)
        x = float(note.get("x") or 0)
        text = text_of(note)
        if note.get("text-anchor") == "start" and (y, round(x - 11, 1)) in deadlines:
            # right of a hollow (deadline) diamond: only for a late row, whose note is the slip,
            # or, for an early one, when it says which date it gives
            assert "late" in text or text.startswith(("expected ", "achieved ")), text


def test_slip_and_time_to_spare_are_drawn_differently(gantt: ET.Element) -> None:
    slips, spares = by_class(gantt, "slip"), by_class(gantt, "spare")
    assert slips and spares
    assert {e.get("stroke-dasharray") for e in slips} == {"4 3"}
    assert {e.get("stroke-dasharray") for e in spares} == {"1 3"}
    for spare in spares:  # from the expected date to the later deadline
        assert float(spare.get("x1") or 0) < float(spare.get("x2") or 0)


def test_the_legend_fits_and_names_the_programme_deadline() -> None:
    plan = make_plan(
        [
            milestone("a", title="A", due="2011-03-01", duration="30d"),
            milestone("b", title="B", due="2011-06-01", depends_on=["a"]),
        ],
        programme={"start": "2011-01-03", "deadline": "2011-05-01", "status_date": "2011-02-01"},
    )
    root = ET.fromstring(gantt_svg(evaluate(plan, date(2011, 2, 1))))
    assert by_class(root, "programme-deadline")
    (legend,) = by_class(root, "legend")
    words = [text_of(t) for t in legend.iter(f"{SVG}text")]
    assert "programme deadline" in words and "time to spare" in words and "slip" in words
    for t in legend.iter(f"{SVG}text"):
        assert float(t.get("x") or 0) + 6.2 * len(text_of(t)) <= WIDTH


@pytest.fixture(scope="module")
def trend() -> ET.Element:
    plan = shipped()
    series = trend_series(plan, as_of=AS_OF)
    assert len(series) > 10  # more lines than colours
    return ET.fromstring(trend_svg(series, as_of=AS_OF))


def test_no_two_trend_lines_look_alike(trend: ET.Element) -> None:
    lines = by_class(trend, "trend-line")
    styles = [(e.get("stroke"), e.get("stroke-dasharray") or "") for e in lines]
    assert len(set(styles)) == len(styles)
    swatches = [e for row in by_class(trend, "legend-row") for e in row.iter(f"{SVG}line")]
    assert [(e.get("stroke"), e.get("stroke-dasharray") or "") for e in swatches] == styles


def test_lines_with_the_same_history_do_not_hide_each_other(trend: ET.Element) -> None:
    paths = [e.get("d") for e in by_class(trend, "trend-line")]
    assert len(set(paths)) == len(paths)


def test_the_trend_legend_fits_the_canvas(trend: ET.Element) -> None:
    assert trend.get("width") == str(TREND_WIDTH)
    rows = by_class(trend, "legend-row")
    assert rows
    for row in rows:
        for span in row.iter(f"{SVG}tspan"):
            right = float(span.get("x") or 0) + LEGEND_CHAR_PX * len(span.text or "")
            assert right <= TREND_WIDTH, span.text
    height = float(trend.get("height") or 0)
    last = rows[-1].find(f"{SVG}text")
    assert last is not None and float(last.get("y") or 0) < height
