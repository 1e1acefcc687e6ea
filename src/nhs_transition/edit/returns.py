"""The weekly return: a sheet of one owner's open milestones to fill in, and reading it back.

`template_rows` chooses and orders the milestones (open, of the owners given, due soonest first,
with the forecast in force); `template_csv` / `template_xlsx` write them with the SPEC columns.
`read_return` reads a filled sheet (CSV as Excel writes it: a BOM, `;` or `,`, day-first dates,
trailing blank rows; or XLSX) and `return_reports` turns its rows into `Report`s, finding every
problem first, each at FILE:row:column: one bad row applies nothing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..dates import DateError, format_day, parse_date
from ..errors import EXIT_USAGE, Diagnostic, Severity, TransitionError, did_you_mean
from ..model import Plan
from ..record import forecast_in_force
from ..slippage import Evaluation
from .reports import Report, report_problems, unmoved_on

COLUMNS = ("id", "title", "owner", "due", "forecast", "new_forecast", "actual", "reason")
FILLED = ("new_forecast", "actual", "reason")  # what the owner fills in
# Text a spreadsheet would run as a formula (CSV injection): written with a leading quote.
_FORMULA = re.compile(r"^[=+\-@\t\r]")
EXCEL_MISSING = (
    "XLSX needs the optional package openpyxl: pip install 'nhs-transition[excel]' "
    "(or use --format csv, which Excel opens too)"
)


def guard(value: str) -> str:
    """A cell as text no spreadsheet runs as a formula."""
    return f"'{value}" if _FORMULA.match(value) else value


def _unguard(value: str) -> str:
    return value[1:] if value.startswith("'") and _FORMULA.match(value[1:]) else value


def template_rows(
    plan: Plan, evaluation: Evaluation, owners: set[str] | None, due_by: date | None
) -> list[list[str]]:
    """The rows of a return: open milestones of `owners` (None: all), due by `due_by`, soonest first."""
    by_id = {m.id: m for m in plan.milestones}
    # A cascade is reported on by its children, each owned by its organisation; the owner of
    # the cascade answers for all of them, so its return lists every child.
    parent_owner = {kid: by_id[mid].owner for mid, kids in plan.cascades.items() for kid in kids}
    chosen = []
    for status in evaluation.milestones:
        if status.done or str(status.rating) == "cancelled":  # a rating the lead is adding
            continue
        if status.id in plan.cascades:
            continue
        if (
            owners is not None
            and status.owner not in owners
            and parent_owner.get(status.id) not in owners
        ):
            continue
        if due_by is not None and (status.due is None or status.due.day > due_by):
            continue
        chosen.append(status)
    chosen.sort(key=lambda s: (s.due is None, s.due.day if s.due else date.max, s.id))
    rows = []
    for status in chosen:
        m = by_id[status.id]
        forecast = forecast_in_force(m, evaluation.as_of)
        due = status.due.text if status.due is not None else ""
        rows.append([m.id, m.title, m.owner, due, forecast.text if forecast else "", "", "", ""])
    return rows


def template_csv(rows: list[list[str]]) -> bytes:
    """The return as CSV (UTF-8, comma-separated, a header row)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([guard(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def template_xlsx(rows: list[list[str]], title: str) -> bytes:
    """The return as an Excel workbook (needs openpyxl): every cell text, the header frozen."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
    except ImportError:
        raise TransitionError(EXCEL_MISSING, EXIT_USAGE) from None
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "return"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            # A text cell, which no spreadsheet runs as a formula: the CSV's leading quote
            # would only show in the cell.
            cell.data_type = "s"
            cell.number_format = "@"
    widths = {"id": 28, "title": 50, "owner": 20, "due": 18, "forecast": 18, "reason": 50}
    for k, name in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + k)].width = widths.get(name, 16)
    sheet.freeze_panes = "A2"
    book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class Sheet:
    """A filled return as read: its header and rows of cells (text, or a date from Excel)."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[Any]]]  # (1-based row number in the file, cells)


def read_return(path: Path, name: str) -> Sheet:
    """Read a filled return: .xlsx with openpyxl, anything else as CSV in Excel's dialects."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TransitionError(f"cannot read {name}: {exc.strerror}", EXIT_USAGE) from None
    if raw.startswith(b"PK\x03\x04") or path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(raw, name)
    return _read_csv(raw, name)


def _read_csv(raw: bytes, name: str) -> Sheet:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", "replace")  # Excel's "CSV" on Windows: the ANSI code page
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        lines = list(reader)
    except csv.Error as exc:
        raise TransitionError(f"{name}: not a CSV file: {exc}", EXIT_USAGE) from None
    if not lines:
        raise TransitionError(f"{name}: the file is empty: expected a header row", EXIT_USAGE)
    return Sheet(name, [h.strip().lower() for h in lines[0]], list(enumerate(lines[1:], start=2)))


def _read_xlsx(raw: bytes, name: str) -> Sheet:
    try:
        from openpyxl import load_workbook
    except ImportError:
        raise TransitionError(EXCEL_MISSING, EXIT_USAGE) from None
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise TransitionError(f"{name}: not an Excel workbook ({exc})", EXIT_USAGE) from None
    sheet = book.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    book.close()
    if not rows:
        raise TransitionError(f"{name}: the sheet is empty: expected a header row", EXIT_USAGE)
    header = ["" if h is None else str(h).strip().lower() for h in rows[0]]
    return Sheet(name, header, list(enumerate(rows[1:], start=2)))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _unguard(str(value).strip())


_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def _cell_date(value: Any) -> str | date:
    """A date cell: Excel's own date, else the text (day-first `10.09.2010` read as `10/09/2010`)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell_text(value)
    dotted = _DOTTED.fullmatch(text)
    if dotted:
        return f"{dotted[1]}/{dotted[2]}/{dotted[3]}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2} 00:00:00", text):
        text = text[:10]  # a date Excel or a script wrote with its time of day
    try:
        parsed = parse_date(text)
    except DateError:
        return text  # reported by the caller, at its row and column
    # One day is written the way the plan file writes its days; a period as the owner wrote it.
    return parsed.day if parsed.kind == "day" else text


def return_reports(plan: Plan, sheet: Sheet, on: date) -> list[Report]:
    """The reports of a filled return; every problem found first, at FILE:row:column."""
    column = {name: k for k, name in enumerate(sheet.header) if name}
    missing = [c for c in ("id", *FILLED) if c not in column]
    if missing:
        raise TransitionError(
            f"{sheet.name}:1:1: the header has no {', '.join(repr(c) for c in missing)} "
            f"column: a return's columns are {', '.join(COLUMNS)}",
            EXIT_USAGE,
        )
    by_id = {m.id: m for m in plan.milestones}
    problems: list[Diagnostic] = []
    reports: list[Report] = []
    seen: dict[str, int] = {}

    def problem(row: int, name: str, message: str, milestone: str | None = None) -> None:
        problems.append(
            Diagnostic(
                "invalid-return",
                Severity.ERROR,
                message,
                sheet.name,
                row,
                column[name] + 1,
                milestone,
            )
        )

    for row, cells in sheet.rows:

        def cell(name: str, cells: list[Any] = cells) -> Any:
            k = column.get(name)
            return cells[k] if k is not None and k < len(cells) else None

        if all(_cell_text(c) == "" for c in cells):
            continue  # blank rows (Excel leaves some at the end)
        mid = _cell_text(cell("id"))
        filled = {name: cell(name) for name in FILLED if _cell_text(cell(name))}
        if not mid:
            problem(row, "id", "this row has no milestone id")
            continue
        m = by_id.get(mid)
        if m is None:
            problem(row, "id", f"no milestone '{mid}' in the plan{did_you_mean(mid, list(by_id))}")
            continue
        if mid in seen:
            problem(row, "id", f"'{mid}' is already reported on row {seen[mid]}", mid)
            continue
        seen[mid] = row
        bad_column = False
        owner = _cell_text(cell("owner")) if "owner" in column else ""
        if owner and owner != m.owner:
            problem(
                row,
                "owner",
                f"'{mid}' belongs to '{m.owner}', not '{owner}': was the row copied from "
                "another return, or has the milestone changed hands?",
                mid,
            )
            continue
        # The due and forecast columns show the record; a date typed over one, that the
        # record never held, was meant as a report: say where it belongs, never drop it.
        for name, recorded, advice in (
            (
                "forecast",
                [m.forecast, *(h.forecast for h in m.history)],
                "a new forecast goes in new_forecast",
            ),
            (
                "due",
                [m.due, *(h.due for h in m.history)],
                "a new deadline is a re-baseline, with its reason: `transition update --due`",
            ),
        ):
            typed = _cell_date(cell(name)) if _cell_text(cell(name)) else None
            if typed is None:
                continue
            try:
                day = typed if isinstance(typed, date) else parse_date(typed).day
            except DateError:
                day = None
            if day is None or all(e is None or e.day != day for e in recorded):
                problem(
                    row,
                    name,
                    f"the {name} column shows the {name} on record, and is not read: "
                    f"'{_cell_text(cell(name))}' is not one the record holds; {advice}",
                    mid,
                )
                bad_column = True
        if bad_column:
            continue
        if not filled:
            continue  # nothing to report on this one
        dates: dict[str, str | date] = {}
        bad = False
        for name in ("new_forecast", "actual"):
            if name not in filled:
                continue
            value = _cell_date(filled[name])
            if isinstance(value, str):
                try:
                    parse_date(value)
                except DateError as exc:
                    problem(row, name, f"{name}: {exc}", mid)
                    bad = True
                    continue
            dates[name] = value
        if bad:
            continue
        reason = _cell_text(filled.get("reason")) or None
        given = Report(
            mid, on, forecast=dates.get("new_forecast"), actual=dates.get("actual"), reason=reason
        )
        report = unmoved_on(m, given)  # the forecast in force again: a confirmation
        if report is not given:
            # ... unless it repeats, word for word, the re-forecast that set it: a return
            # applied again on a later day would record its reasons a second time.
            setting = [
                (k, h.date.day, h.forecast.day, h.reason)
                for k, h in enumerate(m.history, start=1)
                if h.forecast is not None and h.date.day <= on
            ]
            if setting:
                k, dated, day, said = setting[-1]
                current = forecast_in_force(m, on)
                if (
                    current is not None
                    and day == current.day
                    and (said or "").strip() == (reason or "")
                ):
                    problem(
                        row,
                        "new_forecast",
                        f"'{mid}' was re-forecast to {format_day(day)} on {format_day(dated)} "
                        f"for this reason (history entry {k}): nothing to add (was this return "
                        "applied before?)",
                        mid,
                    )
                    continue
        for name, message in report_problems(plan, report, by_id):
            where = {"forecast": "new_forecast", "on": "id", "cancel": "id", "due": "id"}.get(
                name, name
            )
            problem(row, where if where in column else "id", message, mid)
        reports.append(report)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        raise TransitionError(
            f"{sheet.name}: {len(problems)} {noun} (shown above): no row was applied",
            EXIT_USAGE,
            problems,
        )
    return reports


def at_rows(sheet: Sheet, reports: list[Report], found: list[Diagnostic]) -> list[Diagnostic]:
    """The problems the plan as edited by `reports` would have, each on a milestone of the
    return shown at its row (in the column of what the row changed), with where it lies in the
    edited text; others as they are. The edited text is never written, so its line numbers
    alone would point at nothing the user can open."""
    column = {name: k for k, name in enumerate(sheet.header) if name}
    rows: dict[str, int] = {}
    for row, cells in sheet.rows:
        k = column.get("id")
        if k is not None and k < len(cells) and (mid := _cell_text(cells[k])):
            rows.setdefault(mid, row)
    by_id = {r.milestone: r for r in reports}
    out = []
    for d in found:
        report = by_id.get(d.milestone or "")
        if report is None or d.milestone not in rows:
            out.append(d)
            continue
        name = (
            "actual" if report.actual is not None else "new_forecast" if report.forecast else "id"
        )
        where = f"{d.file}:{d.line}:{d.column}" if d.line else d.file
        out.append(
            replace(
                d,
                message=f"{d.message} (in the plan as it would be: {where})",
                file=sheet.name,
                line=rows[d.milestone],
                column=column.get(name, column.get("id", 0)) + 1,
            )
        )
    return out


def describe_return(reports: list[Report]) -> str:
    """'4 reports: 1 re-forecast, 1 actual, 2 confirmations'."""
    counts: dict[str, int] = {}
    for report in reports:
        counts[report.kind()] = counts.get(report.kind(), 0) + 1
    parts = ", ".join(
        f"{n} {kind}s" if n > 1 and " and " not in kind else f"{n} {kind}"
        for kind, n in counts.items()
    )
    noun = "report" if len(reports) == 1 else "reports"
    return f"{len(reports)} {noun}: {parts}" if reports else "no reports"
