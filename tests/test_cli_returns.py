"""`transition returns template` / `returns apply`: the weekly return, round trip.

A return for the SHA chief executives of the shipped plan is written (one row per SHA for each of
their cascades), filled in by a script the way a person fills it (blanks, a re-forecast, an
actual, a confirmation), and applied; the weekly report then shows the moves with their reasons. The same as Excel saves it (`;`, a BOM,
day-first dates, trailing blank rows) and as an XLSX workbook.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.test_cli_update import invoke
from tests.test_edit_children import assert_only_the_child_changed

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["id", "title", "owner", "due", "forecast", "new_forecast", "actual", "reason"]
AS_OF = "2010-10-29"
ON = "2010-11-03"
SHAS = sorted(
    f"sha-{name}"
    for name in (
        "north-east", "north-west", "yorkshire-humber", "east-midlands", "west-midlands",
        "east-of-england", "london", "south-east-coast", "south-central", "south-west",
    )
)  # fmt: skip


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "plan")
    monkeypatch.chdir(tmp_path)
    return Path("plan")


def _template(plan: Path, out: str, *extra: str) -> list[list[str]]:
    code, stdout, err = invoke(
        "returns", "template", "--plan", str(plan), "--owner", "sha-ceos", "--as-of", AS_OF,
        "-o", out, *extra,
    )  # fmt: skip
    assert code == 0, err
    assert stdout.startswith(f"wrote {out}: ")
    if out.endswith(".xlsx"):
        return []
    with Path(out).open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _fill(rows: list[list[str]]) -> list[list[str]]:
    """Fill a return the way an owner does: most rows blank, a few with news."""
    filled = [list(r) for r in rows]
    by_id = {r[0]: r for r in filled[1:]}
    by_id["regional-bridges/sha-london"][5] = "30 November 2010"
    by_id["regional-bridges/sha-london"][7] = "Waiting for the Department's annex"
    # (not regional-directors: design-principles, achieved 10 September 2010, depends on it)
    by_id["staff-interviews-shas/sha-london"][6] = "2 November 2010"
    by_id["regional-directors/sha-london"][7] = "On track: London reports progress"
    return filled


def test_template_lists_the_owners_open_milestones_due_soonest_first(plan: Path) -> None:
    rows = _template(plan, "return.csv")
    assert rows[0] == HEADER
    # the cascades' children, one per SHA (the post answers for the cascade), never the parents
    assert [r[0] for r in rows[1:]] == [
        *(f"regional-bridges/{sha}" for sha in SHAS),
        *(f"regional-directors/{sha}" for sha in SHAS),
        *(f"staff-interviews-shas/{sha}" for sha in SHAS),
        "qipp-reform-plans",
        "sha-engagement",
    ]
    assert rows[1][1:5] == [
        "Regional bridging functions established: NHS East Midlands",
        "sha-east-midlands",
        "10 September 2010",
        "",
    ]
    # an SHA's own return: its children of every cascade, the clusters of 2011 among them
    code, _, err = invoke(
        "returns", "template", "--plan", str(plan), "--organisation", "sha-london", "--as-of",
        AS_OF, "-o", "london.csv",
    )  # fmt: skip
    with Path("london.csv").open(encoding="utf-8", newline="") as handle:
        london = [r[0] for r in csv.reader(handle)][1:]
    assert (code, err, london) == (
        0,
        "",
        [
            "regional-bridges/sha-london",
            "regional-directors/sha-london",
            "staff-interviews-shas/sha-london",
            "sha-clusters/sha-london",
        ],
    )
    assert all(r[5:] == ["", "", ""] for r in rows[1:])


def test_round_trip_csv_then_the_weekly_report_shows_the_moves(plan: Path) -> None:
    rows = _fill(_template(plan, "return.csv"))
    with Path("return.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    timeline = plan / "timeline.yaml"
    before = timeline.read_text("utf-8")
    code, out, err = invoke("returns", "apply", "return.csv", "--plan", str(plan), "--on", ON)
    assert code == 0, err
    assert out.startswith("3 reports: 1 re-forecast, 1 confirmation, 1 actual\n")
    assert "staff-interviews-shas/sha-london: actual\n" in out
    after = timeline.read_text("utf-8")
    assert "        forecast: 30 November 2010\n" in after
    assert '        reason: "Waiting for the Department\'s annex"\n' in after
    code, report, _ = invoke(
        "report", "weekly", "--plan", str(plan), "--week-ending", "2010-11-05", "--format", "text"
    )
    assert code == 0
    words = " ".join(report.split())  # the text report wraps long lines
    # It was awaiting a return (no date on evidence), so it is no slip: it returned with a date,
    # with the report that says so, and it was overdue before this week too (not "became").
    assert (
        "RETURNED WITH A DATE: 2 - Regional bridging functions established: NHS London "
        "[regional-bridges/sha-london] owner: NHS London; due: 10 September 2010; now expected: "
        "30 November 2010; slip now: 81 days late; reported: re-forecast on 3 November 2010: "
        "Waiting for the Department's annex"
    ) in words
    assert "BECAME OVERDUE: 0" in words
    assert "ACHIEVED: 1 - Every SHA member of staff affected" in words
    assert "NHS London" in words
    # Every other byte of the plan is as it was.
    # 18 lines: a `children:` entry for London under each of the three parents
    assert len(after.splitlines()) == len(before.splitlines()) + 18
    # The same return applied again: every row already recorded, nothing applied.
    code, out, err = invoke("returns", "apply", "return.csv", "--plan", str(plan), "--on", ON)
    assert code != 0 and timeline.read_text("utf-8") == after
    assert "'regional-directors/sha-london' already has this report on 3 November 2010" in err
    assert (
        "'staff-interviews-shas/sha-london' was achieved on 2 November 2010: nothing to add" in err
    )
    assert err.count("(was this return applied before?)") == 3, err
    # ... and again a week later: the re-forecast and the actual are still recorded (the
    # confirmation alone would be a new report), so nothing is applied.
    code, out, err = invoke(
        "returns", "apply", "return.csv", "--plan", str(plan), "--on", "2010-11-10"
    )
    assert code == 2 and timeline.read_text("utf-8") == after
    assert (
        "'regional-bridges/sha-london' was re-forecast to 30 November 2010 on 3 November 2010 "
        "for this reason (history entry 1): nothing to add" in " ".join(err.split())
    ), err
    assert err.count("(was this return applied before?)") == 2, err


def test_excel_dialect_semicolons_bom_day_first_and_blank_rows(plan: Path) -> None:
    rows = _fill(_template(plan, "return.csv"))
    for row in rows[1:]:
        if row[0] == "regional-bridges/sha-london":
            row[5] = "30/11/2010"  # what Excel shows and saves for a date in a UK locale
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([*rows, [""] * 8, [""] * 8])
    Path("excel.csv").write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    code, out, err = invoke("returns", "apply", "excel.csv", "--plan", str(plan), "--on", ON)
    assert code == 0, err
    assert out.startswith("3 reports: 1 re-forecast, 1 confirmation, 1 actual\n")
    text = (plan / "timeline.yaml").read_text("utf-8")
    # A day typed day-first is written the way the plan writes its days.
    assert "        forecast: 30 November 2010\n" in text


def test_round_trip_xlsx(plan: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    _template(plan, "return.xlsx")
    book = openpyxl.load_workbook("return.xlsx")
    sheet = book.active
    assert [c.value for c in sheet[1]] == HEADER
    ids = [sheet.cell(row=k, column=1).value for k in range(2, sheet.max_row + 1)]
    assert ids[0] == "regional-bridges/sha-east-midlands"
    import datetime

    for k, mid in enumerate(ids, start=2):
        if mid == "regional-bridges/sha-london":
            sheet.cell(row=k, column=6).value = datetime.datetime(2010, 11, 30)  # a date cell
            sheet.cell(row=k, column=8).value = "Waiting for the annex"
        if mid == "staff-interviews-shas/sha-london":
            sheet.cell(row=k, column=8).value = "On track"
    book.save("filled.xlsx")
    code, out, err = invoke("returns", "apply", "filled.xlsx", "--plan", str(plan), "--on", ON)
    assert code == 0, err
    assert out.startswith("2 reports: 1 re-forecast, 1 confirmation\n")
    assert "        forecast: 30 November 2010\n" in (plan / "timeline.yaml").read_text("utf-8")


def test_every_bad_row_is_reported_and_none_is_applied(plan: Path) -> None:
    rows = _template(plan, "return.csv")
    rows = [list(r) for r in rows]
    rows[1][5] = "30 November 2010"  # a moved forecast without a reason
    rows[2][6] = "2010-02-30"  # no such day
    rows[3][6] = "1 December 2010"  # an actual after the report date
    rows[3][7] = "done early"
    n = len(rows)  # the rows appended below are rows n + 1 and n + 2 of the file
    rows.append(["regional-bridgez", "", "", "", "", "", "", "typo"])
    rows.append(["design-principles", "", "sha-ceos", "", "", "", "", "not ours"])
    rows.append(["", "", "", "", "", "", "", ""])  # blank rows are skipped
    with Path("bad.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    before = (plan / "timeline.yaml").read_bytes()
    code, out, err = invoke("returns", "apply", "bad.csv", "--plan", str(plan), "--on", ON)
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith("bad.csv:2:8: error: a moved forecast needs a reason")
    assert lines[1].startswith("bad.csv:3:7: error: actual: '2010-02-30'")
    assert lines[2].startswith("bad.csv:4:7: error: actual 1 December 2010 is after the report")
    assert lines[3].startswith(f"bad.csv:{n + 1}:1: error: no milestone 'regional-bridgez' in the")
    assert "did you mean 'regional-bridges'?" in lines[3]
    assert lines[4].startswith(
        f"bad.csv:{n + 2}:3: error: 'design-principles' belongs to 'nhs-ceo'"
    )
    assert lines[5] == "transition: error: bad.csv: 5 problems (shown above): no row was applied"
    assert (plan / "timeline.yaml").read_bytes() == before


def test_cells_are_guarded_against_formula_injection(plan: Path) -> None:
    timeline = plan / "timeline.yaml"
    text = timeline.read_text("utf-8")
    text = text.replace(
        "    title: Regional bridging functions established\n",
        '    title: "=HYPERLINK(\\"http://example.com\\")"\n',
    )
    timeline.write_text(text, "utf-8")
    rows = _template(plan, "return.csv")
    assert rows[1][1] == '\'=HYPERLINK("http://example.com"): NHS East Midlands'
    openpyxl = pytest.importorskip("openpyxl")
    _template(plan, "return.xlsx")
    cell = openpyxl.load_workbook("return.xlsx").active.cell(row=2, column=2)
    assert cell.data_type == "s"  # text, never run: the value as written, no quote shown
    assert cell.value == '=HYPERLINK("http://example.com"): NHS East Midlands'
    with zipfile.ZipFile("return.xlsx") as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet  # no formula anywhere in the workbook


def test_an_applied_return_changes_only_the_reported_lines(plan: Path) -> None:
    rows = _template(plan, "return.csv")
    rows = [list(r) for r in rows]
    row = next(r for r in rows if r[0] == "staff-interviews-shas/sha-london")
    row[7] = "On track"  # a confirmation only
    with Path("one.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    before = (plan / "timeline.yaml").read_text("utf-8")
    code, _, err = invoke("returns", "apply", "one.csv", "--plan", str(plan), "--on", ON)
    assert code == 0, err
    after = (plan / "timeline.yaml").read_text("utf-8")
    assert_only_the_child_changed(before, after, "sha-london", "staff-interviews-shas")
    assert '            reason: "On track"\n' in after.split("- id: staff-interviews-shas", 1)[1]


def test_xlsx_without_openpyxl_says_how_to_get_it(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if it were not installed
    code, out, err = invoke(
        "returns", "template", "--plan", str(plan), "--owner", "sha-ceos", "-o", "r.xlsx"
    )
    assert (code, out) == (2, "")
    assert "pip install 'nhs-transition[excel]'" in err
    assert not Path("r.xlsx").exists()
    Path("r.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    code, out, err = invoke("returns", "apply", "r.xlsx", "--plan", str(plan))
    assert (code, out) == (2, "")
    assert "pip install 'nhs-transition[excel]'" in err


def test_the_summary_of_a_return_counts_in_words() -> None:
    from datetime import date

    from nhs_transition.edit import Report
    from nhs_transition.edit.returns import describe_return

    on = date(2011, 7, 1)
    reports = [Report("a", on), Report("b", on), Report("c", on, forecast="1 Sep 2011")]
    assert describe_return(reports) == "3 reports: 2 confirmations, 1 re-forecast"
    assert describe_return(reports[:1]) == "1 report: 1 confirmation"


def test_a_row_that_would_break_the_plan_is_shown_at_its_row(tmp_path: Path) -> None:
    """The edited plan is checked before anything is written; a problem it would have on a
    milestone of the return is shown at that row (and where the edited text would have it)."""
    plan = tmp_path / "small"
    plan.mkdir()
    (plan / "organisations.yaml").write_text(
        "organisations:\n  - id: office\n    name: Office\n    type: office\n", "utf-8"
    )
    (plan / "timeline.yaml").write_text(
        "programme:\n  id: p\n  name: P\n  start: 2011-01-03\n  status_date: 2011-06-01\n"
        "milestones:\n"
        "  - id: design\n    title: Design\n    owner: office\n    due: 2011-05-01\n"
        "    actual: 2011-05-02\n"
        "  - id: build\n    title: Build\n    owner: office\n    due: 2011-06-30\n"
        "    depends_on: [design]\n",
        "utf-8",
    )
    before = (plan / "timeline.yaml").read_bytes()
    filled = tmp_path / "return.csv"
    filled.write_text(",".join(HEADER) + "\nbuild,Build,office,,,,2011-04-20,Done early\n", "utf-8")
    code, out, err = invoke(
        "returns", "apply", str(filled), "--plan", str(plan), "--on", "2011-06-01"
    )
    assert (code, out) == (1, "")  # nothing applied: not even the summary of the return
    lines = err.splitlines()
    assert lines[0].startswith(
        f"{filled}:2:7: error: 'build' was achieved on 2011-04-20, before 'design' (2011-05-02)"
    )
    timeline = plan / "timeline.yaml"
    assert lines[0].endswith(
        f"(in the plan as it would be: {timeline}:16:13) [actual-before-dependency]"
    )
    assert "at the rows of the return that cause them" in lines[-1]
    assert (plan / "timeline.yaml").read_bytes() == before


def test_a_dry_run_shows_the_diff_git_shows_of_the_return_applied(plan: Path) -> None:
    """Rows far apart in the file: the diff is taken around each edited milestone, and is
    what `git diff` shows once the return is applied."""
    code, _, err = invoke(
        "returns", "template", "--plan", str(plan), "--as-of", AS_OF, "-o", "all.csv"
    )
    assert code == 0, err
    with Path("all.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    single = [r for r in rows[1:] if "/" not in r[0]]
    first, last = single[0], single[-1]
    first[7] = "On track"
    last[5], last[7] = "31 March 2013", "The Bill's timetable moved"
    with Path("filled.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([rows[0], first, last])
    timeline = plan / "timeline.yaml"
    before = timeline.read_bytes()
    code, dry, err = invoke(
        "returns", "apply", "filled.csv", "--plan", str(plan), "--on", ON, "--dry-run"
    )
    assert code == 0, err
    assert timeline.read_bytes() == before
    code, _, err = invoke("returns", "apply", "filled.csv", "--plan", str(plan), "--on", ON)
    assert code == 0, err
    Path("before.yaml").write_bytes(before)
    git = subprocess.run(
        ["git", "diff", "--no-index", "--no-color", "before.yaml", str(timeline)],
        capture_output=True,
        text=True,
    )
    assert git.returncode == 1, git.stderr  # 1: the files differ
    # git names the enclosing section after a hunk's range ("@@ -441,7 +441,12 @@ milestones:")
    hunks = re.sub(r"(?m)^(@@ [^@]+ @@).*$", r"\1", git.stdout[git.stdout.index("\n@@") + 1 :])
    shown = dry[dry.index("\n@@") + 1 :]
    assert shown.startswith(hunks.rstrip("\n")), (shown, hunks)
    assert hunks.count("\n@@") >= 1  # two hunks: the milestones are far apart


def test_a_date_typed_over_the_due_or_forecast_column_is_not_dropped(plan: Path) -> None:
    """Those columns show the record and are not read; a date typed there that the record never
    held was meant as a report, so the row is refused at that cell, never read as a blank."""
    rows = [list(r) for r in _template(plan, "return.csv")]
    rows[1][4] = "15 January 2011"  # the forecast column, instead of new_forecast
    rows[1][7] = "slipped again"
    rows[2][3] = "31 March 2011"  # a new deadline, in the due column
    unchanged = rows[3][3]  # the due as the template wrote it: fine
    with Path("typed.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    before = (plan / "timeline.yaml").read_bytes()
    code, out, err = invoke("returns", "apply", "typed.csv", "--plan", str(plan), "--on", ON)
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert lines[0].startswith(
        "typed.csv:2:5: error: the forecast column shows the forecast on record, and is not "
        "read: '15 January 2011' is not one the record holds; a new forecast goes in new_forecast"
    )
    assert lines[1].startswith("typed.csv:3:4: error: the due column shows the due on record")
    assert len(lines) == 3 and unchanged  # the unchanged due of row 4 is no problem
    assert (plan / "timeline.yaml").read_bytes() == before
