"""`transition status`: filters, formats, goldens at 80 and 120 columns, hostile plan text."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nhs_transition.cli import app
from nhs_transition.render.status import md
from tests.goldens import golden

GOLDEN = Path(__file__).parent / "golden" / "status"
ENV: dict[str, str | None] = {
    "COLUMNS": "100",
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TRANSITION_PLAN": None,
}
SPEC_MILESTONE_FIELDS = [
    "id",
    "title",
    "owner",
    "workstream",
    "due",
    "original_due",
    "forecast",
    "actual",
    "slip_days",
    "original_slip_days",
    "total_float_days",
    "rating",
    "stale",
    "last_report",
    "declared_status",
]

runner = CliRunner()

ORGANISATIONS = """\
organisations:
  - id: dh
    name: Department of Health
  - id: sha-london
    name: NHS London
    parent: dh
  - id: cqc
    name: Care Quality Commission
roles:
  - id: nhs-ceo
    title: NHS Chief Executive
    organisation: dh
    holder: Sir David Nicholson
  - id: london-ceo
    title: Chief Executive, NHS London
    organisation: sha-london
    holder: Ruth Carnall
  - id: cqc-chair
    title: Chair of the Care Quality Commission
    organisation: cqc
"""

TIMELINE = """\
programme:
  id: ltn
  name: Test transition
  start: 13 July 2010
  status_date: 30 June 2011
  deadline: 31 March 2013
milestones:
  - id: white-paper
    title: White paper published
    owner: nhs-ceo
    workstream: legislation
    due: July 2010
    actual: 12 July 2010
  - id: bill-introduced
    title: Health and Social Care Bill introduced to Parliament
    owner: nhs-ceo
    workstream: legislation
    due: autumn 2010
    actual: 19 January 2011
    depends_on: [white-paper]
  - id: royal-assent
    title: Royal Assent
    owner: nhs-ceo
    workstream: legislation
    due: end of 2011
    forecast: March 2012
    depends_on: [bill-introduced]
    history:
      - date: 1 March 2011
        forecast: December 2011
      - date: 20 June 2011
        forecast: March 2012
        reason: listening exercise
  - id: london-split
    title: Commissioner/provider split complete in London
    owner: london-ceo
    workstream: structures
    due: 31 March 2011
    status: at-risk
  - id: london-clusters
    title: PCT clusters formed in London
    owner: sha-london
    workstream: structures
    due: 10 July 2011
  - id: cqc-registration
    title: CQC registration of independent providers
    owner: cqc-chair
    workstream: regulation
    due: April 2012
    status: blocked
  - id: pathfinder-review
    title: Pathfinder review
    owner: dh
    due: 20 July 2011
"""


def write_plan(
    directory: Path, timeline: str = TIMELINE, organisations: str = ORGANISATIONS
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "organisations.yaml").write_text(organisations, encoding="utf-8")
    (directory / "timeline.yaml").write_text(timeline, encoding="utf-8")
    return directory


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "plan")


def invoke(plan: Path, *args: str, **env: str | None) -> tuple[int, str, str]:
    """Run `transition status --plan PLAN ARGS`; (exit code, stdout, stderr)."""
    result = runner.invoke(app, ["status", "--plan", str(plan), *args], env={**ENV, **env})
    return result.exit_code, result.stdout, result.stderr


def ok(plan: Path, *args: str, **env: str | None) -> str:
    code, out, err = invoke(plan, *args, **env)
    assert (code, err) == (0, ""), err
    return out


def shown_ids(plan: Path, *args: str) -> list[str]:
    data = json.loads(ok(plan, "--format", "json", *args))
    return [m["id"] for m in data["milestones"]]


def assert_golden(name: str, text: str) -> None:
    assert text == golden(GOLDEN / name, text)


# --- Goldens ---------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", ["80", "120"])
def test_table_golden(plan: Path, columns: str) -> None:
    out = ok(plan, COLUMNS=columns)
    assert_golden(f"table-{columns}.txt", out)
    assert max(len(line) for line in out.splitlines()) <= int(columns)
    assert [line for line in out.splitlines() if line != line.rstrip()] == []  # no padding


@pytest.mark.parametrize(("fmt", "suffix"), [("json", "json"), ("csv", "csv"), ("markdown", "md")])
def test_format_golden(plan: Path, fmt: str, suffix: str) -> None:
    assert_golden(f"status.{suffix}", ok(plan, "--format", fmt))


def test_filtered_table_golden(plan: Path) -> None:
    assert_golden(
        "table-filtered-80.txt", ok(plan, "--owner", "dh", "--rating", "red", COLUMNS="80")
    )


# --- The table -------------------------------------------------------------------------------


def test_table_summary_lines(plan: Path) -> None:
    out = ok(plan)
    lines = out.splitlines()
    assert lines[0] == "Test transition: status as of 30 June 2011"
    # london-split passed its deadline with nothing recorded since: awaiting a return, not red.
    assert (
        lines[1] == "7 milestones: 1 red, 1 amber, 2 green, 2 done; 1 awaiting a return (28% done)"
    )
    assert lines[2] == "red: royal-assent"
    assert lines[3] == "amber: london-clusters"
    assert lines[4] == (
        "awaiting a return (nothing recorded since the date shown; silent longest first):"
    )
    assert lines[5] == (
        "  london-split, due 31 Mar 2011: chase Chief Executive, NHS London (Ruth Carnall)"
    )
    assert (
        lines[6] == "programme finish 31 Mar 2012 against deadline 31 Mar 2013: 365 days to spare"
    )
    # The named chain (SPEC 4) and, beside it, how many milestones are critical: london-split
    # (held at the as-of date, float -91) is critical but not on the chain that sets the finish.
    assert lines[7] == (
        "critical path (sets the programme finish, float -91 days): royal-assent; "
        "2 milestones critical"
    )
    assert lines[8] == "due in the next 4 weeks: 2 (london-clusters, pathfinder-review)"


def test_table_shows_owner_due_as_written_and_reason(plan: Path) -> None:
    out = ok(plan, COLUMNS="400")  # nothing wraps
    assert "NHS Chief Executive (Sir David Nicholson)" in out
    # As written, with the day it resolves to in brackets (an arrow means a chain, nothing else).
    assert "end of 2011" in out and "(31 Dec 2011)" in out and "→" not in out
    assert "UNKNOWN due 31 March 2011; nothing recorded since" in out
    assert "RED deadline passed" not in out  # silence is not lateness
    assert "! declared at-risk" not in out  # unknown and at-risk agree
    assert "declared at-risk" in out
    assert "! declared blocked, but computes green" in out


def test_table_groups_by_workstream_in_plan_order_unassigned_last(plan: Path) -> None:
    out = ok(plan, COLUMNS="400")
    headings = [
        line.strip()
        for line in out.splitlines()
        if line.strip() in {"legislation", "structures", "regulation", "(no workstream)"}
    ]
    assert headings == ["legislation", "structures", "regulation", "(no workstream)"]


def test_table_red_rows_first_within_a_workstream(plan: Path) -> None:
    out = ok(plan, COLUMNS="400")
    order = [
        line.split()[0] for line in out.splitlines() if line.startswith(("royal", "white", "bill"))
    ]
    assert order == ["royal-assent", "white-paper", "bill-introduced"]


def test_narrow_table_puts_the_owner_under_the_title_and_drops_float(plan: Path) -> None:
    narrow = ok(plan, COLUMNS="80")
    wide = ok(plan, COLUMNS="120")
    assert "Float" not in narrow and "Float" in wide
    assert "owner: NHS Chief Executive" in narrow
    assert "Milestone / owner" in narrow


def test_no_colour_when_not_a_terminal_or_with_no_color(plan: Path) -> None:
    assert "\x1b[" not in ok(plan)
    assert "\x1b[" not in ok(plan, NO_COLOR=None)
    assert "\x1b[" not in ok(plan, NO_COLOR="1", FORCE_COLOR="1").replace("\x1b[1m", "").replace(
        "\x1b[0m", ""
    ).replace("\x1b[3m", "").replace("\x1b[2m", "").replace("\x1b[4m", "").replace("\x1b[1;4m", "")


def test_colour_on_a_terminal(plan: Path) -> None:
    out = ok(plan, NO_COLOR=None, FORCE_COLOR="1")
    assert "\x1b[1;31mRED" in out


def test_nothing_matches(plan: Path) -> None:
    out = ok(plan, "--workstream", "regulation", "--rating", "red")
    assert "0 of 7 milestones shown" in out
    assert "No milestones match." in out


# --- JSON ------------------------------------------------------------------------------------


def test_json_field_for_field(plan: Path) -> None:
    data = json.loads(ok(plan, "--format", "json"))
    assert list(data)[:4] == ["programme", "as_of", "summary", "milestones"]
    assert data["programme"] == "ltn"
    assert data["as_of"] == "2011-06-30"
    assert data["summary"] == {
        "done": 2,
        "green": 2,
        "amber": 1,
        "red": 1,
        "unknown": 1,
        "undated": 0,
        "cancelled": 0,
        "total": 7,
    }
    by = {m["id"]: m for m in data["milestones"]}
    for m in data["milestones"]:
        assert list(m)[: len(SPEC_MILESTONE_FIELDS)] == SPEC_MILESTONE_FIELDS
    assert {k: by["royal-assent"][k] for k in SPEC_MILESTONE_FIELDS} == {
        "id": "royal-assent",
        "title": "Royal Assent",
        "owner": "nhs-ceo",
        "workstream": "legislation",
        "due": "2011-12-31",
        "original_due": "2011-12-31",
        "forecast": "2012-03-31",
        "actual": None,
        "slip_days": 91,
        "original_slip_days": 91,
        "total_float_days": -91,
        "rating": "red",
        "stale": False,
        "last_report": "2011-06-20",
        "declared_status": None,
    }
    assert {k: by["bill-introduced"][k] for k in SPEC_MILESTONE_FIELDS} == {
        "id": "bill-introduced",
        "title": "Health and Social Care Bill introduced to Parliament",
        "owner": "nhs-ceo",
        "workstream": "legislation",
        "due": "2010-11-30",
        "original_due": "2010-11-30",
        "forecast": None,
        "actual": "2011-01-19",
        "slip_days": 50,
        "original_slip_days": 50,
        "total_float_days": by["bill-introduced"]["total_float_days"],
        "rating": "done",
        "stale": False,
        "last_report": None,
        "declared_status": None,
    }
    assert by["london-split"]["declared_status"] == "at-risk"
    silent = by["london-split"]
    assert (silent["rating"], silent["slip_days"], silent["expected"]) == ("unknown", None, None)
    assert silent["silent_since"] == "2011-03-31"
    assert by["pathfinder-review"]["workstream"] is None
    assert by["royal-assent"]["due_text"] == "end of 2011"
    assert by["royal-assent"]["reason"] == (
        "forecast 91 days late; re-forecast 20 June 2011: listening exercise"
    )
    assert by["cqc-registration"]["disagreement"] == "declared blocked, but computes green"
    # Plan order, not table order.
    assert [m["id"] for m in data["milestones"]] == [
        "white-paper",
        "bill-introduced",
        "royal-assent",
        "london-split",
        "london-clusters",
        "cqc-registration",
        "pathfinder-review",
    ]


def test_json_history_after_the_as_of_date_is_ignored(plan: Path) -> None:
    data = json.loads(ok(plan, "--format", "json", "--as-of", "2011-04-01"))
    ra = next(m for m in data["milestones"] if m["id"] == "royal-assent")
    assert (ra["forecast"], ra["slip_days"], ra["rating"]) == ("2011-12-31", 0, "amber")


def test_json_with_filters_counts_what_is_shown(plan: Path) -> None:
    data = json.loads(ok(plan, "--format", "json", "--workstream", "legislation"))
    assert data["summary"] == {
        "done": 2,
        "green": 0,
        "amber": 0,
        "red": 1,
        "unknown": 0,
        "undated": 0,
        "cancelled": 0,
        "total": 3,
    }
    assert data["filters"] == ["workstream legislation"]
    assert data["plan_total"] == 7


# --- Filters ---------------------------------------------------------------------------------


def test_owner_post(plan: Path) -> None:
    assert shown_ids(plan, "--owner", "london-ceo") == ["london-split"]


def test_owner_organisation_includes_children_and_their_posts(plan: Path) -> None:
    assert shown_ids(plan, "--owner", "sha-london") == ["london-split", "london-clusters"]
    assert shown_ids(plan, "--owner", "dh") == [
        "white-paper",
        "bill-introduced",
        "royal-assent",
        "london-split",
        "london-clusters",
        "pathfinder-review",
    ]


def test_owner_by_holder_name(plan: Path) -> None:
    assert shown_ids(plan, "--owner", "ruth carnall") == ["london-split"]


def test_unknown_owner_exits_2_with_did_you_mean(plan: Path) -> None:
    code, out, err = invoke(plan, "--owner", "nhs-ceoo")
    assert (code, out) == (2, "")
    assert (
        err
        == "transition: error: --owner: no post or organisation 'nhs-ceoo' in the plan (did you mean 'nhs-ceo'?)\n"
    )


def test_organisation(plan: Path) -> None:
    assert shown_ids(plan, "--organisation", "sha-london") == ["london-split", "london-clusters"]
    assert shown_ids(plan, "--organisation", "Care Quality Commission") == ["cqc-registration"]


def test_organisation_given_a_post_exits_2(plan: Path) -> None:
    code, out, err = invoke(plan, "--organisation", "nhs-ceo")
    assert (code, out) == (2, "")
    assert "'nhs-ceo' is a post, not an organisation; use --owner nhs-ceo" in err


def test_unknown_organisation_exits_2_with_did_you_mean(plan: Path) -> None:
    code, _, err = invoke(plan, "--organisation", "sha-londn")
    assert code == 2
    assert "no organisation 'sha-londn' in the plan (did you mean 'sha-london'?)" in err


def test_owner_and_organisation_combine(plan: Path) -> None:
    assert shown_ids(plan, "--owner", "dh", "--organisation", "sha-london") == [
        "london-split",
        "london-clusters",
    ]


def test_workstream_repeatable(plan: Path) -> None:
    assert shown_ids(plan, "--workstream", "structures", "--workstream", "regulation") == [
        "london-split",
        "london-clusters",
        "cqc-registration",
    ]


def test_unknown_workstream_exits_2_with_did_you_mean(plan: Path) -> None:
    code, out, err = invoke(plan, "--workstream", "legislaton")
    assert (code, out) == (2, "")
    assert (
        err
        == "transition: error: --workstream: no workstream 'legislaton' in the plan (did you mean 'legislation'?)\n"
    )


def test_unknown_workstream_far_off_lists_them(plan: Path) -> None:
    _, _, err = invoke(plan, "--workstream", "zzz")
    assert "the plan has legislation, regulation, structures" in err


def test_rating_repeatable_and_case_insensitive(plan: Path) -> None:
    assert shown_ids(plan, "--rating", "red", "-r", "AMBER") == ["royal-assent", "london-clusters"]
    assert shown_ids(plan, "--rating", "unknown") == ["london-split"]
    assert shown_ids(plan, "--rating", "done") == ["white-paper", "bill-introduced"]


def test_unknown_rating_exits_2(plan: Path) -> None:
    code, out, err = invoke(plan, "--rating", "purple")
    assert (code, out) == (2, "")
    assert "purple" in err
    code, out, err = invoke(plan, "--rating", "late")  # the valid values, plainly
    assert (code, out) == (2, "")
    assert err.endswith(
        "--rating: 'late' is not a rating; the ratings are red, amber, unknown, green, "
        "undated, done and cancelled\n"
    )
    assert "Value error" not in err


def test_due_within_counts_working_days_of_the_plans_own_calendar(tmp_path: Path) -> None:
    """`wd` in --due-within is a working day of the plan's week: here Monday to Saturday."""
    plan = tmp_path / "six-day"
    plan.mkdir()
    (plan / "organisations.yaml").write_text(
        "organisations:\n  - id: office\n    name: Office\n    type: office\n", "utf-8"
    )
    milestones = "".join(
        f"  - id: {mid}\n    title: {mid}\n    owner: office\n    due: {due}\n"
        for mid, due in [
            ("saturday", "2011-06-04"),
            ("monday", "2011-06-06"),
            ("tuesday", "2011-06-07"),
        ]
    )
    (plan / "timeline.yaml").write_text(
        "programme:\n  id: p\n  name: P\n  start: 2011-01-03\n  status_date: 2011-06-03\n"
        "  calendar:\n    unit: calendar-days\n"
        "    working_week: [mon, tue, wed, thu, fri, sat]\n"
        f"milestones:\n{milestones}",
        "utf-8",
    )
    # From Friday 3 June 2011: two working days are Saturday and Monday (Mon-Fri: Mon and Tue).
    assert shown_ids(plan, "--due-within", "2wd") == ["saturday", "monday"]
    assert shown_ids(plan, "--due-within", "3d") == ["saturday", "monday"]


def test_due_within(plan: Path) -> None:
    assert shown_ids(plan, "--due-within", "10d") == ["london-clusters"]
    assert shown_ids(plan, "--due-within", "3w") == ["london-clusters", "pathfinder-review"]
    assert shown_ids(plan, "--due-within", "20d") == ["london-clusters", "pathfinder-review"]
    assert shown_ids(plan, "--due-within", "19d") == ["london-clusters"]
    # Overdue and done milestones are not "due within"; months count calendar months.
    assert "london-split" not in shown_ids(plan, "--due-within", "12m")
    assert shown_ids(plan, "--due-within", "12m") == [
        "royal-assent",
        "london-clusters",
        "cqc-registration",
        "pathfinder-review",
    ]


@pytest.mark.parametrize("bad", ["4x", "-2w", "soon"])
def test_bad_due_within_exits_2(plan: Path, bad: str) -> None:
    code, out, err = invoke(plan, "--due-within", bad)
    assert (code, out) == (2, "")
    assert err.startswith("transition: error: --due-within: ")


def test_as_of(plan: Path) -> None:
    data = json.loads(ok(plan, "--format", "json", "--as-of", "1 October 2010"))
    assert data["as_of"] == "2010-10-01"
    by = {m["id"]: m for m in data["milestones"]}
    assert by["bill-introduced"]["actual"] is None  # achieved after the as-of date
    assert by["bill-introduced"]["rating"] != "done"


def test_bad_as_of_exits_2(plan: Path) -> None:
    code, out, err = invoke(plan, "--as-of", "2011-02-30")
    assert (code, out) == (2, "")
    assert (
        err
        == "transition: error: --as-of: '2011-02-30' is not a real date: February 2011 has 28 days\n"
    )
    # A form it does not read: the relative forms an option takes are named with the dates.
    code, out, err = invoke(plan, "--as-of", "+1y")
    assert (code, out) == (2, "")
    assert err.startswith("transition: error: --as-of: '+1y' is not a date I understand")
    assert err.endswith(
        "; or today, yesterday, tomorrow, or a span from today such as +2w, -1w, +10d, +3m, +5wd\n"
    )


def test_filtered_summary_says_so(plan: Path) -> None:
    out = ok(plan, "--owner", "nhs-ceo", "--rating", "red")
    assert "filtered by owner nhs-ceo, rating red: 1 of 7 milestones shown" in out
    assert "1 milestone: 1 red, 0 amber, 0 green, 0 done (0% done)" in out


def test_unloadable_plan_exits_2(tmp_path: Path) -> None:
    code, out, err = invoke(tmp_path / "nowhere")
    assert code == 2 and out == ""
    assert err


# --- CSV and Markdown ------------------------------------------------------------------------


def test_csv_one_row_per_milestone_under_a_header(plan: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(ok(plan, "--format", "csv"))))
    assert len(rows) == 7
    ra = next(r for r in rows if r["id"] == "royal-assent")
    assert (ra["due"], ra["due_text"], ra["slip_days"], ra["rating"], ra["actual"]) == (
        "2011-12-31",
        "end of 2011",
        "91",
        "red",
        "",
    )


def test_markdown_is_a_github_table_per_workstream(plan: Path) -> None:
    out = ok(plan, "--format", "markdown")
    assert out.startswith("# Test transition: status as of 30 June 2011\n")
    assert "## legislation\n\n| ID | Milestone | Owner |" in out
    assert "|---|---|---|---|---|--:|--:|---|---|" in out
    row = next(
        line
        for line in out.splitlines()
        if line.startswith("| royal\\-assent") or line.startswith("| royal-assent")
    )
    assert row.count(" | ") == 8


# --- Hostile plan text -----------------------------------------------------------------------

HOSTILE_TITLES = {
    "markup": "[bold red]x[/] and [link=http://evil]click[/link]",
    "ansi": "\\x1b[31mred\\x1b[0m and \\x1b]0;title\\x07",
    "long": "A very long title " * 12 + "Supercalifragilisticexpialidocious" * 4,
    "rtl": "שלום עולם \\u202eevil\\u202c مرحبا",
    "pipes": "a | b <script>alert(1)</script> & `code` *bold* _it_ [x](y)",
}


def hostile_plan(tmp_path: Path, holder: str = 'Sir \\"Evil\\" [red]Holder[/]\\nline two') -> Path:
    lines = [
        "programme:",
        "  id: p",
        "  name: Hostile",
        "  start: 2010-01-01",
        "  status_date: 2010-06-01",
        "milestones:",
    ]
    for key, title in HOSTILE_TITLES.items():
        lines += [
            f"  - id: {key}",
            f'    title: "{title}"',
            "    owner: boss",
            "    workstream: w",
            "    due: 2010-05-01",
        ]
    orgs = (
        "organisations:\n  - id: org\n    name: Org\n"
        f'roles:\n  - id: boss\n    title: Boss\n    organisation: org\n    holder: "{holder}"\n'
    )
    return write_plan(tmp_path / "hostile", "\n".join(lines) + "\n", orgs)


@pytest.mark.parametrize("columns", ["80", "120"])
def test_hostile_titles_cannot_reach_the_terminal(tmp_path: Path, columns: str) -> None:
    out = ok(hostile_plan(tmp_path), COLUMNS=columns, NO_COLOR=None, FORCE_COLOR="1")
    flat = re.sub(r"\x1b\[[0-9;]*m", "", out)  # the table's own styles
    assert "\x1b" not in flat  # no escape code from the plan reaches the terminal
    assert "\x07" not in out and "\u202e" not in out
    assert max(len(line) for line in flat.splitlines()) <= int(columns)


def test_hostile_titles_are_shown_literally_in_the_table(tmp_path: Path) -> None:
    out = ok(hostile_plan(tmp_path), COLUMNS="1000", NO_COLOR=None, FORCE_COLOR="1")
    flat = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "[bold red]x[/] and [link=http://evil]click[/link]" in flat
    assert "\\x1b[31mred\\x1b[0m and \\x1b]0;title\\x07" in flat
    assert "שלום עולם \\u202eevil\\u202c مرحبا" in flat
    assert 'Boss (Sir "Evil" [red]Holder[/]\\x0aline two)' in flat
    assert HOSTILE_TITLES["long"] in flat
    assert "a | b <script>alert(1)</script> & `code` *bold* _it_ [x](y)" in flat


def test_hostile_titles_in_markdown_are_escaped(tmp_path: Path) -> None:
    out = ok(hostile_plan(tmp_path), "--format", "markdown")
    assert "\\[bold red\\]x\\[/\\] and \\[link=http://evil\\]click\\[/link\\]" in out
    assert (
        "a \\| b &lt;script&gt;alert(1)&lt;/script&gt; &amp; \\`code\\` \\*bold\\* \\_it\\_ \\[x\\](y)"
        in out
    )
    assert "<script>" not in out
    assert "\x1b" not in out
    assert "line two" in out and "\\[red\\]Holder\\[/\\]<br>line two" in out
    for line in out.splitlines():
        if line.startswith("| "):
            assert len(re.findall(r"(?<!\\)\|", line)) == 10  # 9 cells, no stray pipe


def test_hostile_titles_in_json_and_csv_round_trip(tmp_path: Path) -> None:
    plan = hostile_plan(tmp_path)
    data = json.loads(ok(plan, "--format", "json"))
    titles = {m["id"]: m["title"] for m in data["milestones"]}
    assert titles["ansi"] == "\x1b[31mred\x1b[0m and \x1b]0;title\x07"
    assert titles["markup"] == HOSTILE_TITLES["markup"]
    rows = list(csv.DictReader(io.StringIO(ok(plan, "--format", "csv"))))
    assert {r["id"]: r["title"] for r in rows}["markup"] == HOSTILE_TITLES["markup"]


def test_a_newline_inside_a_title_is_a_plan_error(tmp_path: Path) -> None:
    timeline = TIMELINE.replace("title: Royal Assent", 'title: "Royal\\nAssent"')
    code, out, err = invoke(write_plan(tmp_path / "nl", timeline))
    assert (code, out) == (1, "")
    assert "timeline.yaml:" in err


def test_csv_neutralises_formulas(tmp_path: Path) -> None:
    timeline = TIMELINE.replace("title: Royal Assent", 'title: "=HYPERLINK(1)"')
    rows = list(
        csv.DictReader(io.StringIO(ok(write_plan(tmp_path / "f", timeline), "--format", "csv")))
    )
    assert {r["id"]: r["title"] for r in rows}["royal-assent"] == "'=HYPERLINK(1)"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("<b>&", "&lt;b&gt;&amp;"),
        ("`x`", "\\`x\\`"),
        ("*a* _b_", "\\*a\\* \\_b\\_"),
        ("[a](b)", "\\[a\\](b)"),
        ("one\ntwo\r\nthree", "one<br>two<br>three"),
        ("back\\slash", "back\\\\slash"),
        ("\x1b[31m", "\\\\x1b\\[31m"),
    ],
)
def test_markdown_escaping(text: str, escaped: str) -> None:
    assert md(text) == escaped


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["status", "--help"], env={**ENV, "COLUMNS": "120"})
    assert result.exit_code == 0
    assert "transition status --as-of" in result.stdout
    for option in (
        "--owner",
        "--organisation",
        "--workstream",
        "--rating",
        "--due-within",
        "--format",
    ):
        assert option in result.stdout


# --- The shipped plan ------------------------------------------------------------------------


def test_shipped_plan_mid_2011_says_what_is_late_why_and_who_owns_it() -> None:
    """Whatever the shipped data holds, each red milestone's row names it, its owner and why."""
    result = runner.invoke(app, ["status", "--as-of", "2011-06-30", "--format", "json"], env=ENV)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    reds = [m for m in data["milestones"] if m["rating"] == "red"]
    assert reds, "mid-2011 the shipped plan has late milestones"
    table = runner.invoke(app, ["status", "--as-of", "2011-06-30"], env={**ENV, "COLUMNS": "400"})
    assert table.exit_code == 0
    ids = {m["id"] for m in data["milestones"]}
    blocks: dict[str, list[str]] = {}  # each row's words, by id
    current: list[str] | None = None
    for line in table.stdout.splitlines():
        words = line.split()
        if not words:
            current = None
        elif words[0] in ids:
            current = blocks[words[0]] = words
        elif current is not None:
            current += words
    for m in reds:
        row = " ".join(blocks[m["id"]])
        assert " ".join(m["owner_label"].split()) in row
        assert "RED" in row
        for word in m["reason"].split():
            assert word in row
    for columns in ("80", "120"):
        out = runner.invoke(
            app, ["status", "--as-of", "2011-06-30"], env={**ENV, "COLUMNS": columns}
        )
        assert max(len(line) for line in out.stdout.splitlines()) <= int(columns)
        summary = out.stdout.split("Milestone")[0]  # the lines above the table
        assert "red: " in summary
        assert all(m["id"] in summary for m in reds)


def test_a_code_span_shows_plan_text_exactly() -> None:
    from nhs_transition.render.status import md_code

    assert md_code("HEAD~1 (2204228)") == "`HEAD~1 (2204228)`"  # nothing escaped inside
    assert md_code("a`b") == "``a`b``"  # a fence longer than the backticks within
    assert md_code("`x") == "`` `x ``"
    assert md_code("two\nlines\x1b[31m") == "`two lines\\x1b[31m`"  # one line, no escape codes


def test_owner_by_part_of_a_name_lists_the_owners_it_belongs_to() -> None:
    data = str(Path(__file__).resolve().parents[1] / "data")
    result = runner.invoke(app, ["status", "--plan", data, "--owner", "nicholson"], env=ENV)
    assert result.exit_code == 2
    assert (
        "--owner: no post or organisation 'nicholson' in the plan; it is part of the holder, "
        "title or name of: nhs-cb-authority-ceo, nhs-cb-ceo, nhs-ceo (give one of these ids)"
    ) in " ".join(str(result.exception).split()) + " ".join(result.stderr.split())


def test_the_float_heading_names_working_days_where_floats_count_them(tmp_path: Path) -> None:
    plan = tmp_path / "wd"
    plan.mkdir()
    (plan / "organisations.yaml").write_text(
        "organisations:\n  - id: office\n    name: Office\n    type: office\n", "utf-8"
    )
    (plan / "timeline.yaml").write_text(
        "programme:\n  id: p\n  name: P\n  start: 2011-01-03\n  status_date: 2011-06-03\n"
        "  calendar: working-days\n"
        "milestones:\n  - id: a\n    title: A\n    owner: office\n    due: 2011-06-30\n",
        "utf-8",
    )
    heading = next(line for line in ok(plan).splitlines() if line.startswith("Milestone"))
    assert heading.rstrip().endswith("Slip  Float wd")
    shipped_plan = Path(__file__).resolve().parents[1] / "data"  # calendar days
    shipped = next(line for line in ok(shipped_plan).splitlines() if line.startswith("Milestone"))
    assert shipped.rstrip().endswith("Slip  Float")
