"""The fast plain layout of rich tables (`render/plain_table.py`) against rich's own rendering."""

from __future__ import annotations

import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from nhs_transition.render.plain_table import plain_lines

WORDS = [
    "a",
    "bb",
    "critical",
    "path",
    "déjà",
    "日本語",
    "🚀",
    "x" * 40,
    "",
    "one two",
    "end.",
    "cafe\u0301",
    "  ",
    "wide-日本語-word-that-folds",
]


def plain_console(width: int) -> Console:
    return Console(
        file=io.StringIO(), width=width, color_system=None, highlight=False, markup=False,
        emoji=False,
    )  # fmt: skip


def rich_lines(table: Table, width: int) -> list[str]:
    console = plain_console(width)
    console.print(table)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return str(text).split("\n")[:-1]


texts = st.builds(
    lambda words, seps, style: Text(
        "".join(w + s for w, s in zip(words, seps[: len(words)], strict=True)), style=style
    ),
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=8),
    st.lists(st.sampled_from([" ", " ", "\n", ""]), min_size=8, max_size=8),
    st.sampled_from(["", "bold", "red"]),
)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    table = Table(
        box=draw(st.sampled_from([box.SIMPLE_HEAD, box.SIMPLE, box.MINIMAL])),
        show_edge=False,
        pad_edge=draw(st.booleans()),
        collapse_padding=draw(st.booleans()),
        expand=draw(st.booleans()),
        leading=draw(st.sampled_from([0, 0, 1])),
        show_lines=draw(st.booleans()),
        header_style="bold",
        padding=draw(st.sampled_from([(0, 1), (0, 0), (0, 2)])),
    )
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["fixed", "ratio", "free"]))
        options: dict[str, Any] = {
            "justify": draw(st.sampled_from(["left", "right", "center"])),
            "overflow": draw(st.sampled_from(["fold", "ellipsis", "crop"])),
            "no_wrap": draw(st.booleans()),
        }
        if kind == "fixed":
            options["width"] = draw(st.integers(1, 30))
        elif kind == "ratio":
            options["ratio"] = draw(st.integers(1, 4))
            if draw(st.booleans()):
                options["min_width"] = draw(st.integers(1, 20))
        table.add_column(draw(st.sampled_from(["Milestone", "Due", "Slip", "A long header", ""])),
                         **options)  # fmt: skip
    for _ in range(draw(st.integers(1, 6))):
        cells = [draw(st.one_of(texts, st.sampled_from(["", "plain str"]))) for _ in table.columns]
        table.add_row(*cells, end_section=draw(st.booleans()))
    return table


@settings(max_examples=400, deadline=None)
@given(tables(), st.integers(10, 140))
def test_plain_lines_are_what_rich_prints(table: Table, width: int) -> None:
    lines = plain_lines(table, plain_console(width))
    assert lines is not None
    assert lines == rich_lines(table, width)


def test_tables_outside_the_subset_go_to_rich() -> None:
    table = Table(title="A title")
    table.add_column("x")
    table.add_row("1")
    assert plain_lines(table, plain_console(80)) is None
    coloured = Console(file=io.StringIO(), width=80, color_system="standard", force_terminal=True)
    plain = Table(box=box.SIMPLE_HEAD, show_edge=False)
    plain.add_column("x")
    plain.add_row("1")
    assert plain_lines(plain, coloured) is None
    assert plain_lines(plain, plain_console(80)) is not None


def test_the_report_tables_lay_out_the_same_both_ways() -> None:
    """The tables `status`, `slippage` and `critical-path` build for the shipped plan, at the
    widths the tests look at and beyond: the fast layout writes what rich writes."""
    from pathlib import Path

    from rich.console import Group

    from nhs_transition.load import load_plan
    from nhs_transition.render.critical_path import critical_path_table, driving_chain_table
    from nhs_transition.render.slippage import slippage_table
    from nhs_transition.render.status import StatusReport
    from nhs_transition.render.status_table import status_table
    from nhs_transition.slippage import evaluate, worst_first

    plan = load_plan(Path(__file__).resolve().parents[1] / "data").plan
    assert plan is not None and plan.programme.status_date is not None
    evaluation = evaluate(plan, plan.programme.status_date.day)
    report = StatusReport(
        plan.programme.id, plan.programme.name, evaluation.as_of,
        tuple(evaluation.milestones), evaluation.summary, len(evaluation.milestones),
    )  # fmt: skip
    by_id = {s.id: s for s in evaluation.milestones}
    for width in (40, 80, 100, 120, 160):
        groups = [
            status_table(report, width),
            slippage_table(evaluation.as_of, worst_first(evaluation.milestones), by_id, width),
            critical_path_table(plan, evaluation.schedule, width),
            driving_chain_table(plan, evaluation.schedule, "healthwatch-established", width),
        ]
        for group in groups:
            assert isinstance(group, Group)
            found = [t for t in group.renderables if isinstance(t, Table)]
            assert found
            for table in found:
                assert plain_lines(table, plain_console(width)) == rich_lines(table, width)


# --- Styled: the same layout with the ANSI codes a terminal gets ---------------------------


def styled_console(width: int, *, no_color: bool = False) -> Console:
    return Console(
        file=io.StringIO(), width=width, color_system="standard", force_terminal=True,
        no_color=no_color, highlight=False, markup=False, emoji=False,
    )  # fmt: skip


def rich_styled_lines(table: Table, width: int, *, no_color: bool = False) -> list[str]:
    console = styled_console(width, no_color=no_color)
    console.print(table)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return str(text).split("\n")[:-1]


@st.composite
def spanned_texts(draw: st.DrawFn) -> Text:
    """A Text built as the report cells are: pieces appended with and without styles."""
    text = Text(style=draw(st.sampled_from(["", "bold", "bold underline"])))
    for _ in range(draw(st.integers(0, 5))):
        piece = draw(st.sampled_from(WORDS)) + draw(st.sampled_from([" ", "\n", ""]))
        style = draw(st.sampled_from(["", "", "bold", "red", "dim", "italic", "yellow"]))
        if draw(st.booleans()):
            text.append(piece, style)
        else:
            text.append_text(Text(piece, style=style))
    return text


@st.composite
def styled_tables(draw: st.DrawFn) -> Table:
    table = draw(tables())
    for column in table.columns:
        column.style = draw(st.sampled_from(["", "", "green"]))
        column.header_style = draw(st.sampled_from(["", "", "italic"]))
        column._cells = [draw(st.one_of(spanned_texts(), st.just(c))) for c in column._cells]
    return table


@settings(max_examples=400, deadline=None)
@given(styled_tables(), st.integers(10, 140), st.booleans())
def test_styled_lines_are_what_rich_prints(table: Table, width: int, no_color: bool) -> None:
    from nhs_transition.render.plain_table import styled_lines

    lines = styled_lines(table, styled_console(width, no_color=no_color))
    if lines is not None:  # a column too narrow for any text goes to rich
        assert lines == rich_styled_lines(table, width, no_color=no_color)


def test_the_report_tables_are_styled_the_same_both_ways() -> None:
    """The shipped plan's status table on a terminal: the fast layout writes rich's bytes."""
    from pathlib import Path

    from rich.console import Group

    from nhs_transition.load import load_plan
    from nhs_transition.render.critical_path import critical_path_table
    from nhs_transition.render.plain_table import styled_lines
    from nhs_transition.render.status import StatusReport
    from nhs_transition.render.status_table import status_table
    from nhs_transition.slippage import evaluate

    plan = load_plan(Path(__file__).resolve().parents[1] / "data").plan
    assert plan is not None and plan.programme.status_date is not None
    evaluation = evaluate(plan, plan.programme.status_date.day)
    report = StatusReport(
        plan.programme.id, plan.programme.name, evaluation.as_of,
        tuple(evaluation.milestones), evaluation.summary, len(evaluation.milestones),
    )  # fmt: skip
    for width in (40, 80, 100, 160):
        for group in (
            status_table(report, width),
            critical_path_table(plan, evaluation.schedule, width),
        ):
            assert isinstance(group, Group)
            found = [t for t in group.renderables if isinstance(t, Table)]
            for table in found:
                lines = styled_lines(table, styled_console(width))
                assert lines is not None
                assert "\x1b[" in "".join(lines)
                assert lines == rich_styled_lines(table, width)
