"""`transition report weekly` and `transition snapshot`: goldens, the shipped replay, escaping."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nhs_transition.cli import app, main
from nhs_transition.render.weekly import markdown_text
from tests.goldens import golden

from .factories import make_plan, milestone

GOLDEN = Path(__file__).parent / "golden" / "weekly"
SVG_NS = "http://www.w3.org/2000/svg"
DATA = Path(__file__).resolve().parent.parent / "data"
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TRANSITION_PLAN": ""}
runner = CliRunner()

ORGANISATIONS = """\
organisations:
  - id: dept
    name: Department of Examples
roles:
  - id: lead
    title: Programme Lead
    organisation: dept
    holder: Ada Lovelace
"""
# Two weeks of a small programme. Week ending 5 March 2010: design achieved late, procurement
# re-forecast later (launch follows it), training re-forecast earlier, the report overdue.
# Week ending 12 March 2010: training achieved; nothing else happens.
TIMELINE = """\
programme:
  id: demo
  name: Demo programme
  start: 4 January 2010
  deadline: 30 June 2010
milestones:
  - id: design
    title: Design agreed
    owner: lead
    workstream: build
    due: 1 March 2010
    actual: 3 March 2010
  - id: build
    title: System built
    owner: dept
    workstream: build
    due: end of April 2010
    depends_on: [design]
    duration: 6w
  - id: procure
    title: Supplier contracted
    owner: lead
    workstream: supply
    due: May 2010
    history:
      - date: 1 February 2010
        forecast: 2 April 2010
        reason: Tender issued
      - date: 2 March 2010
        forecast: 28 May 2010
        reason: "Bids late | two *suppliers* withdrew <again>"
  - id: train
    title: Staff trained
    owner: lead
    workstream: people
    due: 19 March 2010
    actual: 12 March 2010
    history:
      - date: 4 January 2010
        forecast: 26 March 2010
      - date: 1 March 2010
        forecast: 12 March 2010
        reason: Trainers booked early
  - id: report
    title: Progress report to the board
    owner: dept
    workstream: governance
    due: 2 March 2010
  - id: launch
    title: Service launched
    owner: lead
    workstream: build
    due: 30 June 2010
    depends_on: [build, procure]
    duration: 2w
"""


def write_plan(directory: Path, timeline: str = TIMELINE) -> Path:
    """A plan directory with the two files."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "organisations.yaml").write_text(ORGANISATIONS, encoding="utf-8")
    (directory / "timeline.yaml").write_text(timeline, encoding="utf-8")
    return directory


@pytest.fixture
def plan_dir(tmp_path: Path) -> Path:
    """The small plan, written to a temporary directory."""
    return write_plan(tmp_path / "plan")


def invoke(*args: str) -> tuple[int, str, str]:
    """Run `transition ARGS`; (exit code, stdout, stderr)."""
    result = runner.invoke(app, list(args), env=ENV)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def run_main(  # the malformed-snapshot test goes through the console script once
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    """Run through the console-script boundary (`main`), which turns errors into messages."""
    monkeypatch.setattr(sys, "argv", ["transition", *args])
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SystemExit) as info:
        main()
    out, err = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 0), out, err


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/weekly/NAME; UPDATE_GOLDEN=1 rewrites it."""
    assert text == golden(GOLDEN / name, text)


# --- Goldens ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("week", "fmt", "golden"),
    [
        ("5 March 2010", "markdown", "week1.md"),
        ("5 March 2010", "html", "week1.html"),
        ("5 March 2010", "text", "week1.txt"),
        ("12 March 2010", "markdown", "week2.md"),
        ("12 March 2010", "html", "week2.html"),
        ("12 March 2010", "text", "week2.txt"),
    ],
)
def test_golden_reports(plan_dir: Path, week: str, fmt: str, golden: str) -> None:
    code, out, err = invoke(
        "report", "weekly", "--plan", str(plan_dir), "--week-ending", week, "--format", fmt
    )
    assert (code, err) == (0, "")
    check_golden(golden, out)


def test_week_one_reads_right(plan_dir: Path) -> None:
    _, out, _ = invoke("report", "weekly", "--plan", str(plan_dir), "--week-ending", "2010-03-05")
    assert "Week ending Friday 5 March 2010 (27 February to 5 March 2010)." in out
    assert (
        "| Supplier contracted (`procure`) | Programme Lead (Ada Lovelace) | 2 April 2010 | 28 May 2010 | +56 days "
        "| 3 days early | re-forecast on 2 March 2010: Bids late \\| two \\*suppliers\\* withdrew "
        "&lt;again&gt; |" in out
    )
    assert (
        "| Staff trained (`train`) | Programme Lead (Ada Lovelace) | 26 March 2010 | 12 March 2010 | \u221214 days"
        in out
    )
    assert (
        "| Design agreed (`design`) | Programme Lead (Ada Lovelace) | 1 March 2010 | 3 March 2010 | 2 days late |"
        in out
    )
    # Its deadline passed on 2 March with nothing recorded since: awaiting a return, not overdue.
    assert "## Became overdue\n\nNothing became overdue this week.\n" in out
    assert (
        "## Awaiting a return\n\n| Milestone | Owner to chase | Due | Silent since |\n"
        "|---|---|---|---|\n"
        "| Progress report to the board (`report`) | Department of Examples | 2 March 2010 "
        "| 2 March 2010 |" in out
    )


def test_week_two_says_nothing_slipped_in_a_line_not_a_table(plan_dir: Path) -> None:
    _, out, _ = invoke("report", "weekly", "--plan", str(plan_dir), "--week-ending", "2010-03-12")
    assert "## Slipped\n\nNothing slipped this week.\n" in out
    assert "## Recovered\n\nNothing recovered this week.\n" in out
    assert (
        "| Staff trained (`train`) | Programme Lead (Ada Lovelace) | 19 March 2010 | 12 March 2010 | 7 days early |"
        in out
    )


def test_output_file_is_written_and_stdout_stays_empty(plan_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "week.html"
    code, out, err = invoke(
        "report", "weekly", "--plan", str(plan_dir), "--week-ending", "2010-03-05",
        "--format", "html", "--output", str(target),
    )  # fmt: skip
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_default_week_ending_is_the_status_date(tmp_path: Path) -> None:
    plan = write_plan(
        tmp_path / "p",
        TIMELINE.replace(
            "  deadline: 30 June 2010\n", "  deadline: 30 June 2010\n  status_date: 12 March 2010\n"
        ),
    )
    _, out, _ = invoke("report", "weekly", "--plan", str(plan))
    assert "Week ending Friday 12 March 2010" in out


def test_default_week_ending_without_a_status_date_is_the_last_friday() -> None:
    from datetime import date

    from nhs_transition.cli.report import resolve_week_ending

    plan = make_plan([])
    assert resolve_week_ending(None, plan, today=date(2010, 3, 5)) == date(2010, 3, 5)
    assert resolve_week_ending(None, plan, today=date(2010, 3, 11)) == date(2010, 3, 5)
    assert resolve_week_ending(None, plan, today=date(2010, 3, 4)) == date(2010, 2, 26)


def test_help_has_an_example() -> None:
    code, out, _ = invoke("report", "weekly", "--help")
    assert code == 0
    assert "transition report weekly --week-ending" in out
    assert "--against" in out


# --- HTML -------------------------------------------------------------------------------------


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "br", "link", "img"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1:]}>"
        self.open.pop()


def test_html_parses_and_is_self_contained(plan_dir: Path) -> None:
    _, out, _ = invoke(
        "report",
        "weekly",
        "--plan",
        str(plan_dir),
        "--week-ending",
        "2010-03-05",
        "--format",
        "html",
    )
    parser = _Collect()
    parser.feed(out)
    parser.close()
    assert parser.open == []
    names = [t for t, _ in parser.tags]
    assert "script" not in names and "link" not in names and "img" not in names
    for _, attrs in parser.tags:
        assert not any(k in ("src", "href") for k in attrs)
    assert "@media print" in out
    assert "http://" not in out and "https://" not in out
    assert re.findall(r"url\((?!#)", out) == []  # only references inside the page (url(#plot))


# --- Hostile text -----------------------------------------------------------------------------

HOSTILE_TITLE = "<script>alert(1)</script> **bold** | pipe: #x; %%y `code` [l](http://e.x) $m$"


def _hostile_plan(tmp_path: Path) -> Path:
    timeline = TIMELINE.replace("title: Supplier contracted", f"title: {json.dumps(HOSTILE_TITLE)}")
    timeline = timeline.replace(
        'reason: "Bids late | two *suppliers* withdrew <again>"',
        'reason: "<img src=x onerror=alert(1)>\\u001b[31m red & \\nnew line"',
    )
    timeline = timeline.replace("workstream: supply", "workstream: section")
    return write_plan(tmp_path / "hostile", timeline)


def test_hostile_text_is_escaped_in_markdown(tmp_path: Path) -> None:
    _, out, _ = invoke(
        "report", "weekly", "--plan", str(_hostile_plan(tmp_path)), "--week-ending", "2010-03-05"
    )
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\*\\*bold\\*\\* \\| pipe" in out
    assert "\x1b" not in out and "\\\\x1b\\[31m red &amp; new line |" in out
    slipped = out.split("## Slipped\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    cells = {len(re.findall(r"(?<!\\)\|", line)) for line in slipped if not line.startswith("|-")}
    assert cells == {8}  # seven columns: a pipe in plan text does not add a cell
    gantt = out.split("```mermaid\n", 1)[1].split("```", 1)[0]
    task = next(line for line in gantt.splitlines() if "alert" in line)
    name, data = task.split(" :", 1)
    assert ":" not in name and "#" not in name and ";" not in name and "%" not in name
    assert "<" not in name and "`" not in name
    assert data.startswith("milestone")
    assert "    section \u200bsection" in gantt  # a workstream named like a keyword stays a name


def test_hostile_text_is_escaped_in_html(tmp_path: Path) -> None:
    _, out, _ = invoke(
        "report", "weekly", "--plan", str(_hostile_plan(tmp_path)), "--week-ending", "2010-03-05",
        "--format", "html",
    )  # fmt: skip
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "\x1b" not in out
    parser = _Collect()
    parser.feed(out)
    assert "script" not in [t for t, _ in parser.tags]


def test_hostile_text_is_literal_in_text(tmp_path: Path) -> None:
    _, out, _ = invoke(
        "report", "weekly", "--plan", str(_hostile_plan(tmp_path)), "--week-ending", "2010-03-05",
        "--format", "text",
    )  # fmt: skip
    flat = " ".join(out.split())
    assert "\x1b" not in out
    assert "\\x1b[31m red & new line" in flat
    assert "<script>alert(1)</script> **bold**" in flat


# --- Snapshots through the CLI ----------------------------------------------------------------


def test_snapshot_then_report_against_it(plan_dir: Path, tmp_path: Path) -> None:
    snap = tmp_path / "week0.json"
    code, out, err = invoke(
        "snapshot", "--plan", str(plan_dir), "--as-of", "26 February 2010", "--output", str(snap)
    )
    assert (code, out, err) == (0, "", "")
    data = json.loads(snap.read_text(encoding="utf-8"))
    assert (data["format"], data["version"], data["as_of"]) == (
        "transition-snapshot",
        2,
        "2010-02-26",
    )
    _, against_snapshot, _ = invoke(
        "report", "weekly", "--plan", str(plan_dir), "--week-ending", "2010-03-05",
        "--against", str(snap),
    )  # fmt: skip
    _, from_history, _ = invoke(
        "report", "weekly", "--plan", str(plan_dir), "--week-ending", "2010-03-05"
    )
    assert markdown_text(f"the snapshot {snap} (as of 2010-02-26)") in against_snapshot
    # The same earlier plan either way: only the line naming it differs.
    differ = [
        (a, b)
        for a, b in zip(against_snapshot.splitlines(), from_history.splitlines(), strict=True)
        if a != b
    ]
    assert len(differ) == 1 and differ[0][0].startswith("Compared with")


def test_snapshot_goes_to_stdout_without_output(plan_dir: Path) -> None:
    code, out, _ = invoke("snapshot", "--plan", str(plan_dir), "--as-of", "2010-03-05")
    assert code == 0
    assert json.loads(out)["milestones"][0]["id"] == "design"


def test_a_malformed_snapshot_is_exit_2_with_a_message(
    plan_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "transition-snapshot", "version": 7}', encoding="utf-8")
    code, out, err = run_main(
        [
            "report",
            "weekly",
            "--plan",
            str(plan_dir),
            "--week-ending",
            "2010-03-05",
            "--against",
            str(bad),
        ],
        capsys,
        monkeypatch,
    )
    assert (code, out) == (2, "")
    assert err == (
        f"transition: error: {bad}: malformed snapshot: format version 7 is not supported: "
        "this transition reads versions 1, 2 (written by a different release?)\n"
    )


def test_a_bad_week_ending_is_exit_2(plan_dir: Path) -> None:
    code, out, err = invoke(
        "report", "weekly", "--plan", str(plan_dir), "--week-ending", "2010-02-30"
    )
    assert (code, out) == (2, "")
    assert err.startswith("transition: error: --week-ending: ")


# --- Git through the CLI ----------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_against_a_git_revision_and_an_unknown_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    repo = tmp_path / "repo"
    plan = write_plan(repo / "data")
    identity = [
        "-c",
        "user.name=Test",
        "-c",
        "user.email=test@example.com",
        "-c",
        "commit.gpgsign=false",
    ]

    def git(*args: str) -> None:
        subprocess.run(["git", *identity, *args], cwd=repo, check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "baseline")
    write_plan(plan, TIMELINE.replace("duration: 6w", "duration: 8w"))
    git("commit", "-q", "-am", "build takes longer")
    code, out, err = invoke(
        "report", "weekly", "--plan", str(plan), "--week-ending", "2010-03-12",
        "--against", "HEAD~1", "--format", "text",
    )  # fmt: skip
    assert (code, err) == (0, "")
    out = " ".join(out.split())
    assert (
        "Compared with the plan as it stood on 5 March 2010: the plan at git revision HEAD~1."
        in out
    )
    assert "- System built [build]" in out
    assert "why: the plan changed (deadline, duration or dependencies)" in out
    code, out, err = invoke(
        "report", "weekly", "--plan", str(plan), "--week-ending", "2010-03-12", "--against", "nope"
    )
    assert (code, out) == (2, "")
    assert "'nope' is not a revision of the repository" in err


# --- The shipped plan: the replay -------------------------------------------------------------

needs_data = pytest.mark.skipif(
    not (DATA / "timeline.yaml").is_file(), reason="data/timeline.yaml is not there yet"
)


def _replay(week: str) -> str:
    code, out, err = invoke(
        "report", "weekly", "--plan", str(DATA), "--week-ending", week, "--format", "text"
    )
    assert (code, err) == (0, ""), err
    return out


@needs_data
def test_replay_week_ending_21_january_2011_the_bill_introduced_late() -> None:
    out = _replay("21 January 2011")
    achieved = out.split("\nACHIEVED", 1)[1].split("\n\n", 1)[0]
    assert "[bill-introduced]" in achieved
    flat = " ".join(achieved.split())
    assert "(30 November 2010); achieved: 19 January 2011;" in flat
    assert "due: autumn 2010" in flat.lower()
    assert "50 days late" in achieved


@needs_data
def test_replay_week_ending_24_june_2011_sha_abolition_reforecast_by_a_year() -> None:
    out = _replay("24 June 2011")
    slipped = " ".join(out.split("\nSLIPPED", 1)[1].split("\nRECOVERED", 1)[0].split())
    entry = slipped.split("[sha-abolished]", 1)[1].split(" - ", 1)[0]
    assert "now expected: 1 April 2013" in entry
    assert "slip now: 365 days late" in entry
    assert "re-forecast on 20 June 2011:" in entry


EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "weekly-example.md"
EXAMPLE_COMMAND = "transition report weekly --plan data --week-ending 2011-06-24"


@needs_data
def test_the_documented_example_is_what_the_command_prints() -> None:
    """docs/weekly-example.md is the output of EXAMPLE_COMMAND plus a line naming it."""
    if not EXAMPLE.is_file():
        pytest.skip("docs/weekly-example.md is not there")
    code, out, err = invoke("report", "weekly", "--plan", str(DATA), "--week-ending", "2011-06-24")
    assert (code, err) == (0, "")
    text = EXAMPLE.read_text(encoding="utf-8")
    report, sep, footer = text.partition("\n---\n\n_Produced by `")
    assert sep, "the example must end with the line naming the command that produced it"
    assert footer.startswith(EXAMPLE_COMMAND)
    assert report == out, (
        f"regenerate docs/weekly-example.md with `{EXAMPLE_COMMAND} --output docs/weekly-example.md`"
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Plain title (with brackets)", "Plain title (with brackets)"),
        ("Phase 2: build; #3 at 50% & <b>", "Phase 2 - build, No.3 at 50 pct & \u2039b\u203a"),
        ('say "hi" {x} `y`', "say \u201dhi\u201d (x) 'y'"),
        ("Title of the Bill", "\u200bTitle of the Bill"),
        ("section 3 complete", "\u200bsection 3 complete"),
        ("Call-off contract let", "\u200bCall-off contract let"),
        ("2011-01-19 introduction", "\u200b2011-01-19 introduction"),
        ("x" * 70, "x" * 59 + "\u2026"),
    ],
)
def test_mermaid_names_cannot_break_the_gantt(title: str, expected: str) -> None:
    from nhs_transition.render.weekly import mermaid_text

    assert mermaid_text(title) == expected


# --- The HTML page's figures ------------------------------------------------------------------


def _html(plan: Path, week: str) -> str:
    code, out, err = invoke(
        "report", "weekly", "--plan", str(plan), "--week-ending", week, "--format", "html"
    )
    assert (code, err) == (0, "")
    return out


def _figures(page: str) -> dict[str, ET.Element]:
    """Each inline SVG of the page by its figure's kind, parsed as XML (with the SVG namespace)."""
    found = {}
    for kind, svg in re.findall(r'<figure class="chart (\w+)">\n(<svg.*?</svg>)', page, re.S):
        found[kind] = ET.fromstring(svg.replace("<svg ", f'<svg xmlns="{SVG_NS}" ', 1))
    return found


def test_html_draws_the_gantt_of_the_weeks_ahead_and_the_trend_of_what_moved(
    plan_dir: Path,
) -> None:
    page = _html(plan_dir, "5 March 2010")
    figures = _figures(page)
    assert set(figures) == {"gantt", "trend"}
    gantt = figures["gantt"]
    assert "27 February 2010 to 28 May 2010" in "".join(gantt.itertext())
    labels = [e[-1].tail for e in gantt.iter() if e.get("class") == "label"]
    # What the Markdown's chart shows (design achieved this week; build, procure and train
    # expected), and launch: work that starts in the window and ends after it. The board report
    # is awaiting a return: the record gives it no date to draw.
    assert labels == [
        "Design agreed",
        "System built",
        "Service launched",
        "Supplier contracted",
        "Staff trained",
    ]
    # The trend: the two milestones re-forecast this week, not design (no forecast history).
    legend = " ".join(
        "".join(e.itertext()) for e in figures["trend"].iter() if e.get("class") == "legend-row"
    )
    assert "Supplier contracted" in legend and "Staff trained" in legend
    assert "Design agreed" not in legend
    assert page.index("<h2>Recovered</h2>") < page.index('class="chart trend"')
    assert page.index("<h2>Next twelve weeks") < page.index('class="chart gantt"')


def test_html_says_in_a_line_when_nothing_moved(plan_dir: Path) -> None:
    page = _html(plan_dir, "19 March 2010")  # a week in which nothing happens
    assert set(_figures(page)) == {"gantt"}
    assert (
        '<h2>Trend of the milestones that moved</h2>\n<p class="empty">No trend to draw: no '
        "forecast changed this week, and nothing with a forecast history was achieved.</p>"
    ) in page


def test_html_figures_print_on_the_page(plan_dir: Path) -> None:
    page = _html(plan_dir, "5 March 2010")
    css = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert re.search(r"figure\.chart \{[^}]*page-break-inside: avoid", css)
    assert re.search(r"figure\.chart svg \{[^}]*max-width: 100%; height: auto", css)
    printed = css.split("@media print {", 1)[1]
    assert "figure.chart svg { width: 100%; height: auto; }" in printed


HOSTILE_SVG_TITLE = '<script>alert(1)</script> & "x"'


def test_plan_text_in_the_figures_is_escaped(tmp_path: Path) -> None:
    timeline = TIMELINE.replace(
        "title: Supplier contracted", f"title: {json.dumps(HOSTILE_SVG_TITLE)}"
    ).replace("name: Demo programme", f"name: {json.dumps(HOSTILE_SVG_TITLE)}")
    page = _html(write_plan(tmp_path / "hostile", timeline), "5 March 2010")
    assert "<script" not in page
    figures = _figures(page)  # each parses as XML
    assert set(figures) == {"gantt", "trend"}
    for root in figures.values():
        assert any(HOSTILE_SVG_TITLE in "".join(e.itertext()) for e in root.iter())
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" in page
    parser = _Collect()
    parser.feed(page)
    parser.close()
    assert parser.open == [] and "script" not in [t for t, _ in parser.tags]


def test_a_quiet_week_with_nothing_ahead_draws_no_figures() -> None:
    from datetime import date

    from nhs_transition.render.weekly import render_html, weekly_figures
    from nhs_transition.slippage import evaluate
    from nhs_transition.weekly import weekly_summary

    plan = make_plan([milestone("done-long-ago", due="2010-01-29", actual="2010-01-29")])
    day = date(2010, 6, 4)
    summary = weekly_summary(plan, day)
    figures = weekly_figures(plan, evaluate(plan, day), summary)
    assert (figures.gantt, figures.trend, figures.moved) == (None, None, ())
    page = render_html(summary, figures)
    assert "<svg" not in page and "<figure" not in page
    assert '<p class="empty">Nothing falls in the next twelve weeks.</p>' in page
    assert '<p class="empty">No trend to draw: ' in page


def test_a_same_day_snapshot_gives_no_backwards_date_range(plan_dir: Path, tmp_path: Path) -> None:
    snap = tmp_path / "same-day.json"
    invoke("snapshot", "--plan", str(plan_dir), "--as-of", "2010-03-05", "--output", str(snap))
    code, out, _ = invoke(
        "report", "weekly", "--plan", str(plan_dir), "--week-ending", "2010-03-05",
        "--against", str(snap), "--format", "text",
    )  # fmt: skip
    assert code == 0
    assert "Week ending Friday 5 March 2010 (no days between the two plans)." in out
    assert "(6 to 5 March" not in out


def test_text_headings_keep_dates_as_written_and_count_after_a_colon(plan_dir: Path) -> None:
    _, out, _ = invoke(
        "report", "weekly", "--plan", str(plan_dir), "--week-ending", "2010-03-05",
        "--format", "text",
    )  # fmt: skip
    assert "SLIPPED: 1" in out.splitlines()
    assert "DUE IN THE NEXT FOUR WEEKS (to 2 April 2010): 1" in out.splitlines()
    assert not any("(TO " in line or ") (" in line for line in out.splitlines())
    assert "Week ending Friday 5 March 2010 (27 February to 5 March 2010)." in out


def test_a_report_recorded_the_day_of_the_snapshot_gives_its_reason(tmp_path: Path) -> None:
    """A snapshot taken in the morning, a re-forecast recorded that afternoon (same date): the
    week's report quotes its reason, as it does against the plan's own history."""
    entry = (
        "      - date: 2 March 2010\n"
        "        forecast: 28 May 2010\n"
        '        reason: "Bids late | two *suppliers* withdrew <again>"\n'
    )
    plan = write_plan(tmp_path / "plan", TIMELINE.replace(entry, ""))
    snap = tmp_path / "morning.json"
    code, _, err = invoke(
        "snapshot", "--plan", str(plan), "--as-of", "2 March 2010", "--output", str(snap)
    )
    assert code == 0, err
    write_plan(plan, TIMELINE)  # the re-forecast recorded, dated the same day
    code, out, err = invoke(
        "report", "weekly", "--plan", str(plan), "--week-ending", "2010-03-05",
        "--against", str(snap), "--format", "text",
    )  # fmt: skip
    assert code == 0, err
    assert "re-forecast on 2 March 2010: Bids late | two *suppliers* withdrew <again>" in out
