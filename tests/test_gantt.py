"""The Gantt layout and its SVG, HTML, terminal and Mermaid renderers on a small plan."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nhs_transition.model import Plan
from nhs_transition.render.gantt import (
    PLOT_W,
    PLOT_X,
    WIDTH,
    bands,
    choose_unit,
    gantt_html,
    gantt_layout,
    gantt_svg,
    xml_text,
)
from nhs_transition.render.gantt_terminal import gantt_terminal
from nhs_transition.render.mermaid import mermaid_gantt, mermaid_text
from nhs_transition.render.terminal import render_to_string
from nhs_transition.slippage import Evaluation, evaluate
from tests.factories import make_plan, milestone
from tests.goldens import golden

GOLDEN = Path(__file__).parent / "golden" / "gantt"
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & Co; #1: "quoted"'
AS_OF = date(2011, 10, 1)


def small_plan() -> Plan:
    """Seven milestones in two workstreams: done, slipped, a bar, a hostile title."""
    return make_plan(
        [
            milestone(
                "consultation-close",
                title="Consultation closes",
                workstream="legislation",
                due="11 October 2010",
                actual="11 October 2010",
            ),
            milestone(
                "bill-introduced",
                title="Bill introduced into Parliament",
                workstream="legislation",
                due="autumn 2010",
                depends_on=["consultation-close"],
                history=[{"date": "2010-11-10", "forecast": "January 2011", "reason": "drafting"}],
                forecast="January 2011",
                actual="19 January 2011",
            ),
            milestone(
                "bill-passage",
                title="Bill passes both Houses",
                workstream="legislation",
                due="31 July 2011",
                duration="26w",
                depends_on=["bill-introduced"],
                # reported open after its deadline: late on evidence, not silent
                history=[{"date": "2011-08-15", "reason": "Lords committee stage"}],
            ),
            milestone(
                "royal-assent",
                title="Royal Assent",
                workstream="legislation",
                due="summer 2011",
                depends_on=["bill-passage"],
                history=[
                    {"date": "2011-04-06", "forecast": "end of 2011", "reason": "listening pause"},
                    {"date": "2011-09-08", "forecast": "March 2012", "reason": "Lords"},
                ],
                forecast="March 2012",
            ),
            milestone(
                "clusters",
                title="SHA clusters formed",
                workstream="structures",
                due="2011-10-03",
                duration="12w",
                not_before="2011-06-01",
            ),
            milestone(
                "hostile",
                title=HOSTILE,
                workstream="structures",
                due="2011-12-31",
                depends_on=["clusters"],
            ),
            milestone(
                "sha-abolished",
                title="SHAs abolished",
                workstream="structures",
                due="1 April 2012",
                depends_on=["royal-assent", "hostile"],
                history=[
                    {"date": "2011-06-20", "forecast": "31 March 2013", "reason": "Future Forum"}
                ],
                forecast="31 March 2013",
            ),
        ],
        programme={
            "id": "demo",
            "name": "Demo & <programme>",
            "start": "13 July 2010",
            "status_date": "1 October 2011",
        },
    )


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    return evaluate(small_plan(), AS_OF)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def text_of(element: ET.Element) -> str:
    """The element's own text (not that of its <title> tooltip)."""
    return "".join(t for t in [element.text or ""] + [c.tail or "" for c in element])


def signature(root: ET.Element) -> list[tuple[str, str, str]]:
    """What a golden pins down: every element's tag, class and text, not its coordinates."""
    return [
        (e.tag.replace(SVG, ""), e.get("class") or "", (e.text or "").strip()) for e in root.iter()
    ]


def check_golden(name: str, text: str) -> None:
    expected = golden(GOLDEN.parent / name, text)
    if name.endswith(".svg"):
        assert signature(parse(text)) == signature(parse(expected))
    else:
        assert text == expected


# --- The layout and the axis ------------------------------------------------------------------


def test_layout_groups_rows_by_workstream_in_plan_order(evaluation: Evaluation) -> None:
    layout = gantt_layout(evaluation)
    assert [g.name for g in layout.groups] == ["legislation", "structures"]
    assert [r.status.id for r in layout.groups[0].rows] == [
        "consultation-close",
        "bill-introduced",
        "bill-passage",
        "royal-assent",
    ]
    bar = {r.status.id: r for r in layout.rows}["bill-passage"]
    assert not bar.is_milestone and (bar.finish - bar.start).days == 26 * 7
    assert layout.start == date(2010, 7, 1) and layout.end == date(2013, 4, 1)


def test_window_keeps_rows_that_reach_into_it(evaluation: Evaluation) -> None:
    layout = gantt_layout(evaluation, date(2012, 1, 1), date(2014, 1, 1))
    ids = [r.status.id for r in layout.rows]
    assert "royal-assent" in ids and "sha-abolished" in ids
    assert "consultation-close" not in ids and "bill-introduced" not in ids
    assert (layout.start, layout.end) == (date(2012, 1, 1), date(2014, 1, 1))


def test_workstream_filter(evaluation: Evaluation) -> None:
    layout = gantt_layout(evaluation, workstreams=["structures"])
    assert {r.status.workstream for r in layout.rows} == {"structures"}


@pytest.mark.parametrize(
    ("start", "end", "unit"),
    [
        (date(2010, 7, 1), date(2011, 7, 1), "month"),
        (date(2010, 7, 1), date(2013, 4, 1), "quarter"),
        (date(2010, 4, 1), date(2020, 4, 1), "financial-year"),
    ],
)
def test_the_axis_unit_follows_the_span(start: date, end: date, unit: str) -> None:
    assert choose_unit(start, end, 25) == unit


def test_financial_year_bands_start_in_april() -> None:
    found = bands(date(2010, 7, 1), date(2012, 5, 1), "financial-year")
    assert [(b[0], b[2]) for b in found] == [
        (date(2010, 4, 1), "2010/11"),
        (date(2011, 4, 1), "2011/12"),
        (date(2012, 4, 1), "2012/13"),
    ]


# --- SVG ----------------------------------------------------------------------------------------


def test_svg_draws_a_diamond_per_milestone_and_a_bar_per_piece_of_work(
    evaluation: Evaluation,
) -> None:
    root = parse(gantt_svg(evaluation, title="Demo"))
    assert root.tag == f"{SVG}svg"
    assert len(by_class(root, "milestone")) == 5
    assert len(by_class(root, "bar")) == 2
    # A hollow diamond wherever the deadline and the expected date differ.
    rows = gantt_layout(evaluation).rows
    differ = [r for r in rows if r.due and r.due != r.finish]
    assert len(by_class(root, "deadline")) == len(differ)
    # Between them: the slip (red, dashed) when late, the time to spare (dotted) when early.
    late = [r for r in differ if r.finish > r.due]
    assert len(by_class(root, "slip")) == len(late)
    assert len(by_class(root, "spare")) == len(differ) - len(late) > 0
    colours = {e.get("fill") for e in by_class(root, "rating-red")}
    assert colours == {"#cf2e2e"}


def test_silence_is_drawn_hollow_and_grey_never_as_late() -> None:
    plan = make_plan(
        [
            milestone("silent", title="Nothing heard", due="1 March 2011"),
            milestone("open", title="No deadline", depends_on=["silent"]),
            milestone(
                "late",
                title="Reported late",
                due="1 March 2011",
                history=[{"date": "2011-03-10", "reason": "still open"}],
            ),
        ]
    )
    ev = evaluate(plan, date(2011, 4, 1))
    assert [s.rating for s in ev.milestones] == ["unknown", "undated", "red"]
    root = parse(gantt_svg(ev))
    marks = {e.get("class"): e for e in by_class(root, "milestone")}
    silent = marks["milestone rating-unknown"]
    assert (silent.get("fill"), silent.get("stroke")) == ("#ffffff", "#7b8794")
    assert marks["milestone rating-undated"].get("fill") == "#ffffff"
    assert marks["milestone rating-red"].get("fill") == "#cf2e2e"
    notes = [text_of(e) for e in by_class(root, "note")]
    assert "1 Mar 2011  \u00b7  no return since" in notes
    assert not any("late" in n and "Mar 2011  " in n and "no return" in n for n in notes)
    assert "31 days late" in " ".join(notes)  # the reported one, from its deadline to D
    text = render_to_string(gantt_terminal(gantt_layout(ev), 100), width=100)
    assert "1 Mar 11 no re" in text and "1 Apr 11 +31d" in text
    assert "in colour: no date on record" in text


def test_svg_labels_the_rows_the_workstreams_and_the_as_of_line(evaluation: Evaluation) -> None:
    root = parse(gantt_svg(evaluation, title="Demo"))
    labels = [text_of(e) for e in by_class(root, "label")]
    assert "Royal Assent" in labels and HOSTILE in labels
    assert [text_of(e) for e in by_class(root, "workstream")] == ["legislation", "structures"]
    (line,) = by_class(root, "asof")
    x = float(line.get("x1", "0"))
    assert PLOT_X < x < PLOT_X + PLOT_W
    assert [text_of(e) for e in by_class(root, "asof-label")] == ["as of 1 Oct 2011"]
    notes = [text_of(e) for e in by_class(root, "note")]
    assert "31 Mar 2013  \u00b7  364 days late" in notes


def test_svg_emphasises_the_critical_path(evaluation: Evaluation) -> None:
    root = parse(gantt_svg(evaluation))
    bold = {text_of(e) for e in by_class(root, "label") if e.get("font-weight") == "700"}
    assert bold == {s.title for s in evaluation.milestones if s.critical}
    assert "SHAs abolished" in bold
    assert by_class(root, "critical")  # the driving links of the critical path


def test_svg_draws_dependencies_between_shown_rows(evaluation: Evaluation) -> None:
    root = parse(gantt_svg(evaluation))
    # Links into milestones still waiting; the Bill's introduction is done, so no link into it.
    assert len(by_class(root, "dependency")) == 5
    assert not by_class(parse(gantt_svg(evaluation, dependencies=False)), "dependency")
    window = parse(gantt_svg(evaluation, date(2012, 1, 1), date(2014, 1, 1)))
    assert len(by_class(window, "dependency")) == 1  # royal-assent -> sha-abolished


def test_svg_escapes_plan_text(evaluation: Evaluation) -> None:
    svg = gantt_svg(evaluation, title="Demo & <programme>")
    assert "<script" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in svg
    root = parse(svg)
    assert text_of(by_class(root, "title")[0]) == "Demo & <programme>"


def test_svg_is_standalone_and_printable(evaluation: Evaluation) -> None:
    svg = gantt_svg(evaluation)
    root = parse(svg)
    assert "href" not in svg and "@import" not in svg and "url(http" not in svg
    assert "sans-serif" in (root.get("font-family") or "")
    background = root.find(f"{SVG}rect")
    assert background is not None and background.get("fill") == "#ffffff"
    sizes = {float(e.get("font-size", "12")) for e in root.iter() if e.tag == f"{SVG}text"}
    assert min(sizes) >= 11


def test_svg_golden(evaluation: Evaluation) -> None:
    check_golden("gantt/small.svg", gantt_svg(evaluation, title="Demo & <programme>"))


def test_control_characters_cannot_break_the_xml() -> None:
    plan = make_plan([milestone("a", title="bell\x07 esc\x1b[31m rtl\u202e", due="2010-03-01")])
    root = parse(gantt_svg(evaluate(plan, date(2010, 2, 1))))
    assert "bell\\x07 esc\\x1b[31m rtl\\u202e" in [text_of(e) for e in by_class(root, "label")]


@given(st.text())
def test_xml_text_round_trips_through_an_xml_parser(value: str) -> None:
    parsed = ET.fromstring(f'<t a="{xml_text(value)}">{xml_text(value)}</t>')
    assert (parsed.text or "") == parsed.get("a")
    if not re.search(
        r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]", value
    ):
        assert (parsed.text or "") == value


# --- HTML ---------------------------------------------------------------------------------------


def test_html_page_holds_the_svg_a_legend_and_a_table(evaluation: Evaluation) -> None:
    html = gantt_html(evaluation, title="Demo & <programme>")
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>Demo &amp; &lt;programme&gt;</title>" in html
    assert "<script" not in html and "<link" not in html
    svg = html[html.index("<svg") : html.index("</svg>") + len("</svg>")]
    assert len(by_class(parse(svg), "milestone")) == 5
    assert html.count("<tr") == 1 + len(evaluation.milestones)
    assert "at risk" in html and "deadline" in html
    check_golden("gantt/small.html", html)


# --- Terminal -----------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [40, 80, 120, 200])
def test_terminal_chart_fits_the_width(evaluation: Evaluation, width: int) -> None:
    text = render_to_string(
        gantt_terminal(gantt_layout(evaluation, title="Demo"), width), width=width
    )
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    assert lines[0].startswith("Demo · as of 1 Oct 2011")
    assert "◆" in text and "◇" in text and "█" in text and "│" in text
    # Every row carries its id, whole (ids are what users copy into the next command).
    assert any(line.startswith("* sha-abolished ") for line in lines)
    assert any(line.startswith("  bill-introduced ") for line in lines)


def test_terminal_golden(evaluation: Evaluation) -> None:
    layout = gantt_layout(evaluation, title="Demo & <programme>")
    check_golden("gantt/small-100.txt", render_to_string(gantt_terminal(layout, 100), width=100))


def test_terminal_shows_dates_beyond_the_window_at_its_edges(evaluation: Evaluation) -> None:
    layout = gantt_layout(evaluation, date(2011, 1, 1), date(2012, 1, 1))
    text = render_to_string(gantt_terminal(layout, 100), width=100)
    (line,) = [line for line in text.splitlines() if "royal-assent" in line]
    assert "◇╌" in line and "╌▸ 31 Mar 12" in line
    assert "sha-abolished" not in text  # due and expected both after the window


# --- Mermaid ------------------------------------------------------------------------------------

TASK = re.compile(
    r"^    [^:#;\n]+ :((done|crit|active|milestone), )*m_[a-z0-9_]+, "
    r"\d{4}-\d\d-\d\d, (0d|\d{4}-\d\d-\d\d)$"
)


def test_mermaid_block_structure(evaluation: Evaluation) -> None:
    text = mermaid_gantt(evaluation, title="Demo & <programme>")
    lines = text.splitlines()
    assert lines[:5] == [
        "gantt",
        "    title Demo & \u2039programme\u203a - as of 1 Oct 2011",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %b %Y",
        "    todayMarker off",
    ]
    assert [line for line in lines if "section" in line] == [
        "    section legislation",
        "    section structures",
    ]
    tasks = [line for line in lines[5:] if "section" not in line]
    assert len(tasks) == 7 and all(TASK.match(t) for t in tasks), tasks
    assert "    Consultation closes :done, milestone, m_consultation_close, 2010-10-11, 0d" in tasks
    assert any(
        t.startswith(
            "    Bill passes both Houses (due 31 Jul 2011, 62 days late) :crit, m_bill_passage, "
        )
        for t in tasks
    )
    check_golden("gantt/small.mmd", text)


def test_mermaid_window_and_fences(evaluation: Evaluation) -> None:
    text = mermaid_gantt(
        evaluation, date(2012, 1, 1), None, workstreams=["structures"], fenced=True
    )
    assert text.startswith("```mermaid\ngantt\n") and text.endswith("```\n")
    assert "SHAs abolished" in text and "Royal Assent" not in text and "clusters formed" not in text


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("a: b", "a - b"),
        ("#1; two", "No.1, two"),
        ("<b>", "\u2039b\u203a"),
        ("x\x1by", "x\u29f5x1by"),  # made visible, as everywhere else
        ("", "(untitled)"),
        ("&lt; stays text", "&lt, stays text"),  # no entity without ';'
        ("Title of the Bill", "\u200bTitle of the Bill"),
    ],
)
def test_mermaid_text(raw: str, safe: str) -> None:
    assert mermaid_text(raw) == safe


def test_mermaid_gantt_keeps_long_names_whole_up_to_its_limit() -> None:
    plan = make_plan(
        [milestone("long", title="A " + "very " * 30 + "long title", due="2011-12-31")],
        programme={"id": "demo", "name": "Demo", "start": "2011-01-01"},
    )
    (task,) = [
        line for line in mermaid_gantt(evaluate(plan, AS_OF)).splitlines() if "m_long" in line
    ]
    name = task.split(" :", 1)[0].strip()
    assert len(name) == 120 and name.endswith("\u2026") and name.startswith("A very very")


def test_layout_keeps_only_the_ids_asked_for(evaluation: Evaluation) -> None:
    layout = gantt_layout(evaluation, ids={"royal-assent", "clusters", "unknown"})
    assert [r.status.id for r in layout.rows] == ["royal-assent", "clusters"]
    svg = gantt_svg(evaluation, ids={"clusters"})
    assert [text_of(e) for e in by_class(parse(svg), "label")] == ["SHA clusters formed"]


def test_a_note_of_work_running_past_the_window_fits_in_the_margin(
    evaluation: Evaluation,
) -> None:
    # The Bill's passage runs to 1 October 2011, 62 days after its deadline, and the clusters'
    # work to the same day: the window ends first, so both notes go right of it, shortened.
    root = parse(gantt_svg(evaluation, date(2011, 6, 1), date(2011, 9, 1)))
    notes = [e for e in by_class(root, "note") if "Oct 2011" in text_of(e)]
    assert sorted(text_of(e) for e in notes) == ["1 Oct 2011", "1 Oct 2011 +62d"]
    for note in notes:
        assert float(note.get("x") or 0) > PLOT_X + PLOT_W
        assert float(note.get("x") or 0) + len(text_of(note)) * 6.2 <= WIDTH - 8


def test_labels_say_what_the_record_says_of_waiting_cancelled_and_achieved_work() -> None:
    plan = make_plan(
        [
            milestone("silent", title="Nothing heard", due="1 March 2011"),
            milestone(
                "waits",
                title="Waits on it",
                due="1 June 2011",
                duration="10w",
                depends_on=["silent"],
            ),
            milestone(
                "dropped",
                title="Dropped",
                due="1 June 2011",
                history=[{"date": "2011-02-01", "status": "cancelled", "reason": "not needed"}],
            ),
            # achieved at the left edge of the chart: its label goes right of it
            milestone("early", title="Done early", due="1 June 2011", actual="5 January 2010"),
        ]
    )
    ev = evaluate(plan, date(2011, 4, 1))
    assert [s.rating for s in ev.milestones] == ["unknown", "unknown", "cancelled", "done"]
    root = parse(gantt_svg(ev))
    notes = [text_of(e) for e in by_class(root, "note")]
    # The one waiting on silence upstream has no date of its own to name.
    assert "no date: waits on a return upstream" in notes
    assert not any(n.endswith("no return since") and "Jun" in n for n in notes)
    assert "achieved 5 Jan 2010" in notes, notes
    assert not any(n.startswith("expected") for n in notes)
    # Cancelled work is neither late nor early: no line between its deadline and its date.
    assert len(by_class(root, "spare")) == 1  # the achieved one's time to spare only
    [grey] = by_class(root, "slip")  # the one waiting on silence: grey, never as late
    assert grey.get("stroke") == "#52606d"  # MUTED, not red
    text = render_to_string(gantt_terminal(gantt_layout(ev), 120), width=120)
    rows = {line.lstrip("* ").split()[0]: line for line in text.splitlines() if line.strip()}
    dropped = rows["dropped"]
    assert "·" not in dropped and "╌" not in dropped and "1 Feb 11 cance" in dropped
    assert rows["waits"].rstrip().endswith("waits upstream")
