"""Robustness: every command, on any plan a user can write, ends with a message, never a traceback.

The contract (SPEC, exit codes): 0 success, 1 plan errors, 2 usage / unreadable input; a Python
traceback is never right for anything a user can cause. The calendar's edges (plan dates run from
the year 1000 to 8999, durations and lags are at most a century) are where arithmetic on dates
overflows, so every command is driven there too.
"""

from __future__ import annotations

import json
import os
import stat
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from nhs_transition.cli import app

REPO = Path(__file__).resolve().parents[1]
SHIPPED = str(REPO / "data")
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TRANSITION_PLAN": ""}
RUNNER = CliRunner()
EXAMPLES = int(os.environ.get("QA_EXAMPLES", "8"))

HOSTILE = [
    "<script>alert(1)</script>",
    'Tom & Jerry\'s "plan"',
    "]]> <!-- --> <![CDATA[x]]>",
    "[bold red]not markup[/bold red] [link=http://x]y[/link]",
    "\x1b[31mred\x1b[0m bell\x07",
    "| pipe | *star* _under_ `tick` # hash",
    "{{ brace }} %s %(x)s ${x}",
    "émoji 🚀 RTL \u202eevil",
]


# --- helpers -------------------------------------------------------------------------------------


def invoke(*args: str) -> Result:
    """Run the CLI; fail the test on a traceback or an exit code outside the contract."""
    result = RUNNER.invoke(app, list(args), env=ENV)
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        import traceback

        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        pytest.fail(f"traceback from `transition {' '.join(args)}`:\n{tb[-1500:]}")
    assert result.exit_code in (0, 1, 2), (args, result.exit_code)
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout
    return result


def failed_cleanly(result: Result, code: int | tuple[int, ...], *needles: str) -> None:
    """The command refused with `code`, a `transition: error:` style message, and empty stdout."""
    codes = (code,) if isinstance(code, int) else code
    assert result.exit_code in codes, (result.exit_code, result.stderr)
    assert result.stderr.strip(), "an error needs a message on stderr"
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)


def parses_as(kind: str, text: str) -> None:
    """JSON loads, SVG is well-formed XML, HTML tags balance (html.parser) and hide no script."""
    if kind == "json":
        json.loads(text)
    elif kind == "svg":
        ET.fromstring(text)
    elif kind == "html":
        _HtmlCheck().check(text)


class _HtmlCheck(HTMLParser):
    VOID: ClassVar[frozenset[str]] = frozenset(
        {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "wbr", "source"}
    )

    def check(self, text: str) -> None:
        self.stack: list[str] = []
        self.scripts = 0
        self.feed(text)
        self.close()
        assert not self.stack, f"unclosed tags: {self.stack}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


ORGS = """\
organisations:
  - id: pmo
    name: Programme office
  - id: dept
    name: Department
roles:
  - id: lead
    title: Programme lead
    organisation: dept
"""


def yaml_quote(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON's surrogate pairs are not valid YAML escapes)."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        else:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def write_plan(root: Path, milestones: str, programme_extra: str = "", name: str = "plan") -> str:
    """A plan directory under `root` with ORGS and a timeline of `milestones` (YAML list text)."""
    plan = root / name
    plan.mkdir(parents=True, exist_ok=True)
    (plan / "organisations.yaml").write_text(ORGS, encoding="utf-8")
    (plan / "timeline.yaml").write_text(
        "programme:\n  id: p\n  name: Edge programme\n  start: 2010-01-01\n"
        f"  status_date: 2010-06-01\n{programme_extra}milestones:\n{milestones}",
        encoding="utf-8",
    )
    return str(plan)


def ms(id: str, **fields: str) -> str:
    """One milestone as YAML list text; values are written as given (YAML flow text)."""
    lines = [f"  - id: {id}", f"    title: {fields.pop('title', 'Title ' + id)}"]
    lines.append(f"    owner: {fields.pop('owner', 'pmo')}")
    lines += [f"    {key}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


# Every command and format, as argument lists; {id} is replaced by a milestone id of the plan.
SWEEP: list[tuple[str, ...]] = [
    ("status",),
    ("status", "-f", "json"),
    ("status", "-f", "csv"),
    ("status", "-f", "markdown"),
    ("status", "--due-within", "6w"),
    ("slippage",),
    ("slippage", "-f", "json", "--late"),
    ("critical-path",),
    ("critical-path", "-f", "json"),
    ("critical-path", "--to", "{id}"),
    ("show", "{id}"),
    ("show", "{id}", "-f", "json"),
    ("gantt",),
    ("gantt", "-f", "json"),
    ("gantt", "-f", "svg"),
    ("gantt", "-f", "html"),
    ("gantt", "-f", "mermaid"),
    ("trend",),
    ("trend", "-f", "svg"),
    ("trend", "-f", "json"),
    ("snapshot",),
    ("report", "weekly"),
    ("report", "weekly", "-f", "html"),
    ("report", "weekly", "-f", "text"),
    ("slippage", "-f", "csv"),
    ("critical-path", "-f", "csv"),
    ("export", "ics"),
    ("export", "mspdi"),
]


# One command per renderer, for the many small plans (keeps the suite fast).
SHORT_SWEEP: list[tuple[str, ...]] = [
    ("status", "-f", "json"),
    ("status", "-f", "markdown"),
    ("slippage", "-f", "json"),
    ("critical-path", "--to", "{id}"),
    ("show", "{id}", "-f", "json"),
    ("gantt",),
    ("gantt", "-f", "svg"),
    ("gantt", "-f", "html"),
    ("gantt", "-f", "mermaid"),
    ("trend", "-f", "svg"),
    ("snapshot",),
    ("report", "weekly", "-f", "html"),
    ("report", "weekly", "-f", "text"),
    ("export", "ics"),
    ("export", "mspdi"),
]


def output_kind(args: tuple[str, ...]) -> str | None:
    """What the stdout of `args` must parse as (None: free text)."""
    if args[0] == "snapshot":
        return "json"
    if args[:2] == ("export", "mspdi"):
        return "svg"  # well-formed XML
    for fmt in ("json", "svg", "html"):
        if fmt in args:
            return fmt
    return None


def sweep(
    plan: str, first_id: str | None, *extra: str, commands: list[tuple[str, ...]] = SWEEP
) -> dict[tuple[str, ...], int]:
    """Run `commands` on `plan`; outputs of exit-0 runs must parse; returns the exit codes."""
    codes: dict[tuple[str, ...], int] = {}
    for command in commands:
        if "{id}" in command and first_id is None:
            continue
        args = tuple(first_id if a == "{id}" and first_id is not None else a for a in command)
        options = extra
        if args[0] == "report":  # the weekly report's day is --week-ending
            options = tuple("--week-ending" if o == "--as-of" else o for o in extra)
        result = invoke(*args, *options, "--plan", plan)
        kind = output_kind(args)
        if result.exit_code == 0 and kind:
            parses_as(kind, result.stdout)
        if result.exit_code != 0:
            assert result.stderr.strip(), (args, "exit != 0 without a message")
        codes[args] = result.exit_code
    return codes


# --- the shipped plan ----------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", ["Q4 2010/11", "31 March 2013"])
def test_shipped_plan_every_command_and_format(as_of: str) -> None:
    codes = sweep(SHIPPED, _first_id(SHIPPED), "--as-of", as_of)
    assert set(codes.values()) == {0}, {k: v for k, v in codes.items() if v}


def _first_id(plan: str) -> str:
    data = json.loads(invoke("status", "-f", "json", "--plan", plan).stdout)
    return str(data["milestones"][-1]["id"])


BAD_DATES = ["garbage", "", "2010-02-30", "Q5 2010", "2010/12", "13/13/2010", "0000-01-01"]


@pytest.mark.parametrize("text", BAD_DATES)
@pytest.mark.parametrize(
    "command",
    [("status",), ("slippage",), ("critical-path",), ("gantt",), ("trend",), ("snapshot",)],
)
def test_bad_as_of_is_a_usage_error(command: tuple[str, ...], text: str) -> None:
    result = invoke(*command, "--as-of", text, "--plan", SHIPPED)
    if text == "":  # an empty --as-of means the default
        assert result.exit_code == 0
        return
    failed_cleanly(result, 2, "--as-of")


@pytest.mark.parametrize("text", ["garbage", "2010-02-30", "Q5 2010"])
def test_bad_week_ending_is_a_usage_error(text: str) -> None:
    failed_cleanly(invoke("report", "weekly", "--week-ending", text, "--plan", SHIPPED), 2)


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--owner", "nobody"),
        ("status", "--organisation", "nobody"),
        ("status", "--workstream", "nope"),
        ("status", "--rating", "purple"),
        ("status", "--due-within", "xyz"),
        ("status", "--due-within", "-3d"),
        ("status", "-f", "yaml"),
        ("critical-path", "--to", "no-such-id"),
        ("show", "no-such-id"),
        ("show", "no-such-id", "-f", "json"),
        ("trend", "no-such-id"),
        ("gantt", "--from", "2012", "--to", "2011"),
        ("gantt", "--from", "garbage"),
        ("gantt", "-w", "nope"),
        ("schema", "--file", "nope"),
        ("report", "weekly", "-f", "pdf"),
        ("report", "weekly", "--against", "/no/such/snapshot.json"),
        ("report", "weekly", "--against", "no-such-revision-xyz"),
    ],
)
def test_unknown_values_are_usage_errors(args: tuple[str, ...]) -> None:
    failed_cleanly(invoke(*args, "--plan", SHIPPED), 2)


@pytest.mark.parametrize("within", ["0d", "10wd", "3m", "52w"])
def test_due_within_odd_durations(within: str) -> None:
    assert invoke("status", "--due-within", within, "--plan", SHIPPED).exit_code == 0


@pytest.mark.parametrize(
    ("start", "end"),
    [("2011-05-01", "2011-05-01"), ("3000", "3001"), ("Q1 2011", None), (None, "2010")],
)
@pytest.mark.parametrize("fmt", ["terminal", "svg", "html", "mermaid", "json"])
def test_gantt_windows(fmt: str, start: str | None, end: str | None) -> None:
    args = ["gantt", "-f", fmt, "--plan", SHIPPED]
    args += ["--from", start] if start else []
    args += ["--to", end] if end else []
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    kind = output_kind(tuple(args))
    if kind:
        parses_as(kind, result.stdout)


def test_schema_is_json() -> None:
    for which in ("any", "organisations", "timeline", "milestones"):
        parses_as("json", invoke("schema", "--file", which).stdout)


# --- check and its PATH arguments ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_check_paths(tmp_path: Path, fmt: str) -> None:
    empty = tmp_path / "empty-dir"
    empty.mkdir()
    for path in (str(tmp_path / "missing"), str(empty)):
        result = invoke("check", "-f", fmt, path)
        assert result.exit_code == 2, (path, result.stdout, result.stderr)
        assert (result.stderr + result.stdout).strip()
    ok = invoke("check", "-f", fmt, "--strict", SHIPPED)
    assert ok.exit_code == 0, ok.stdout
    single_file = invoke("check", "-f", fmt, f"{SHIPPED}/timeline.yaml")
    assert single_file.exit_code in (0, 1, 2)
    if fmt == "json":
        parses_as("json", ok.stdout)


def test_malformed_snapshot_and_non_git_plan(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"a": ', encoding="utf-8")
    failed_cleanly(invoke("report", "weekly", "--against", str(bad), "--plan", SHIPPED), 2)
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    failed_cleanly(
        invoke("report", "weekly", "--against", str(tmp_path / "list.json"), "--plan", SHIPPED), 2
    )
    plan = write_plan(tmp_path, ms("a", due="2010-03-01"))
    failed_cleanly(invoke("report", "weekly", "--against", "HEAD", "--plan", plan), 2)
    snapshot = tmp_path / "snap.json"
    assert invoke("snapshot", "--plan", plan, "-o", str(snapshot)).exit_code == 0
    result = invoke("report", "weekly", "--against", str(snapshot), "--plan", plan)
    assert result.exit_code == 0, result.stderr


# --- hand-written edge plans ---------------------------------------------------------------------

EDGE_PLANS: dict[str, tuple[str, str]] = {
    # name: (milestones YAML, programme extra)
    "empty-list": ("  []\n", ""),
    "no-milestones-key": ("", ""),
    "single": (ms("a", due="2010-03-01"), ""),
    "no-due": (ms("a") + ms("b", depends_on="[a]", duration="3w"), ""),
    "all-done": (
        ms("a", due="2010-03-01", actual="2010-02-01")
        + ms("b", due="2010-04-01", actual="2010-05-01", depends_on="[a]"),
        "",
    ),
    "all-cancelled": (
        ms("a", due="2010-03-01", status="cancelled")
        + ms("b", status="cancelled", depends_on="[a]"),
        "",
    ),
    "huge-lag": (
        ms("a", due="2010-03-01") + ms("b", due="2011-01-01", depends_on="[{id: a, lag: 1200m}]"),
        "",
    ),
    "huge-duration": (
        ms("a", due="2010-03-01", duration="36525d") + ms("b", duration="26089wd"),
        "",
    ),
    "negative-lag": (
        ms("a", due="2010-03-01")
        + ms("b", due="2010-04-01", depends_on="[{id: a, type: SS, lag: -30000d}]"),
        "",
    ),
    "all-link-types": (
        ms("a", due="2010-03-01", duration="2w")
        + ms("b", depends_on="[{id: a, type: SS, lag: 1w}, {id: a, type: FF, lag: -2d}]")
        + ms("c", due="Q3 2010", depends_on="[{id: b, type: SF, lag: 1m}]", duration="5wd"),
        "",
    ),
    "working-days": (
        ms("a", due="2010-03-01", duration="10wd")
        + ms("b", due="2010-04-01", duration="2m", depends_on="[{id: a, type: FF, lag: 3w}]"),
        "  calendar: working-days\n",
    ),
    "not-before-far-future": (
        ms("a", not_before="1 January 2200") + ms("b", depends_on="[a]", duration="1m"),
        "",
    ),
    "periods-everywhere": (
        ms("a", due="Q4 2010/11", forecast="spring 2011", not_before="from 2010/11")
        + ms("b", due="end of 2011", actual="FY2010/11", depends_on="[a]"),
        "",
    ),
    "history": (
        ms(
            "a",
            due="2010-03-01",
            forecast="2010-05-01",
            history="[{date: 2010-01-05, forecast: 2010-04-01}, {date: 2010-02-05, forecast: 2010-05-01}]",
        ),
        "",
    ),
    "zero-thresholds": (
        ms("a", due="2010-03-01"),
        "  amber_tolerance_days: 0\n  float_warning_days: 0\n",
    ),
    "hostile-titles": (
        "".join(
            ms(f"m{i}", title=yaml_quote(t), due=f"2010-0{i % 9 + 1}-01", workstream="ws")
            for i, t in enumerate(HOSTILE)
        ),
        "",
    ),
}

INVALID_PLANS: dict[str, tuple[str, str]] = {
    "cycle": (
        ms("a", depends_on="[c]") + ms("b", depends_on="[a]") + ms("c", depends_on="[b]"),
        "",
    ),
    "self-dependency": (ms("a", depends_on="[a]"), ""),
    "unknown-owner": (ms("a", due="2010-03-01", owner="nobody"), ""),
    "unknown-dependency": (ms("a", depends_on="[zzz]"), ""),
    "duplicate-id": (ms("a") + ms("a"), ""),
    "negative-duration": (ms("a", duration="-5d"), ""),
    "bad-date": (ms("a", due="2010-02-30"), ""),
    "unknown-key": (ms("a", dew="2010-03-01"), ""),
}


@pytest.mark.parametrize("name", sorted(EDGE_PLANS))
def test_edge_plans_every_command(tmp_path: Path, name: str) -> None:
    milestones, extra = EDGE_PLANS[name]
    plan = write_plan(tmp_path, milestones, extra)
    check = invoke("check", "--plan", plan)
    assert check.exit_code == 0, check.stdout + check.stderr
    first = "a" if "  - id: a" in milestones else ("m0" if "m0" in milestones else None)
    codes = sweep(plan, first, commands=SHORT_SWEEP)
    assert set(codes.values()) == {0}, {k: v for k, v in codes.items() if v}


@pytest.mark.parametrize("name", sorted(INVALID_PLANS))
def test_invalid_plans_exit_1_with_a_located_message(tmp_path: Path, name: str) -> None:
    milestones, extra = INVALID_PLANS[name]
    plan = write_plan(tmp_path, milestones, extra)
    check = invoke("check", "-f", "json", "--plan", plan)
    assert check.exit_code == 1
    report = json.loads(check.stdout)
    assert not report["ok"] and all(d["line"] >= 1 for d in report["diagnostics"])
    for args in (
        ("status",),
        ("critical-path", "-f", "json"),
        ("gantt", "-f", "svg"),
        ("report", "weekly"),
    ):
        result = invoke(*args, "--plan", plan)
        failed_cleanly(result, 1, "timeline.yaml:")
        assert result.stdout == ""


@pytest.mark.parametrize(
    "timeline",
    ["", "- 1\n- 2\n", "programme: [\n", "programme:\n  id: p\n", "\x00\x01binary"],
)
def test_unloadable_plans_exit_2(tmp_path: Path, timeline: str) -> None:
    plan = write_plan(tmp_path, "")
    Path(plan, "timeline.yaml").write_text(timeline, encoding="utf-8")
    for args in (("status",), ("check",), ("gantt", "-f", "html"), ("snapshot",)):
        result = invoke(*args, "--plan", plan)
        assert result.exit_code in (1, 2), (args, result.exit_code)
        assert (result.stderr + result.stdout).strip()


# --- random valid plans (hypothesis) -------------------------------------------------------------

_MONTHS = "January February March April May June July August September October November December"
MONTH_NAMES = _MONTHS.split()
SEASONS = ["spring", "summer", "autumn", "winter"]


@st.composite
def date_text(draw: st.DrawFn, lo: int = 2009, hi: int = 2013) -> str:
    """A date expression in one of the forms users write."""
    year = draw(st.integers(lo, hi))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    q = draw(st.integers(1, 4))
    form = draw(
        st.sampled_from(
            [
                f"{year}-{month:02d}-{day:02d}",
                f"{day} {MONTH_NAMES[month - 1]} {year}",
                f"{day:02d}/{month:02d}/{year}",
                f"{MONTH_NAMES[month - 1]} {year}",
                f"Q{q} {year}",
                f"FY{year}/{(year + 1) % 100:02d}",
                f"Q{q} {year}/{(year + 1) % 100:02d}",
                f"{SEASONS[q - 1]} {year}",
                f"{year}",
            ]
        )
    )
    prefix = draw(st.sampled_from(["", "", "end of ", "by ", "start of "]))
    return prefix + form


durations = st.builds(
    lambda n, unit: f"{n}{unit}", st.integers(0, 40), st.sampled_from(["d", "w", "m", "wd"])
)
lags = st.builds(
    lambda n, unit: f"{n}{unit}", st.integers(-20, 40), st.sampled_from(["d", "w", "m", "wd"])
)
titles = st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=30)).filter(
    lambda t: t.strip() and "\n" not in t and "\r" not in t
)


@st.composite
def random_plan(draw: st.DrawFn) -> tuple[str, str, str, str]:
    """(milestones YAML, programme extra, an id, an --as-of) of an acyclic plan."""
    n = draw(st.integers(1, 7))
    ids = [f"m{i}" for i in range(n)]
    lines = []
    for i, mid in enumerate(ids):
        fields: dict[str, str] = {
            "title": yaml_quote(draw(titles)),
            "owner": draw(st.sampled_from(["pmo", "dept", "lead"])),
        }
        if draw(st.booleans()):
            fields["workstream"] = draw(st.sampled_from(["alpha", "beta", "gamma-2"]))
        if draw(st.booleans()) or i == 0:
            fields["due"] = json.dumps(draw(date_text()))
        if draw(st.booleans()):
            fields["duration"] = draw(durations)
        if i and draw(st.booleans()):
            deps = draw(st.lists(st.sampled_from(ids[:i]), min_size=1, max_size=3, unique=True))
            items = []
            for dep in deps:
                kind = draw(st.sampled_from(["plain", "FS", "SS", "FF", "SF"]))
                items.append(
                    dep if kind == "plain" else f"{{id: {dep}, type: {kind}, lag: {draw(lags)}}}"
                )
            fields["depends_on"] = "[" + ", ".join(items) + "]"
        if draw(st.booleans()):
            fields["actual"] = json.dumps(draw(date_text(2009, 2011)))
        elif draw(st.booleans()):
            entries = [
                f"{{date: {2010 + k}-0{k + 1}-15, forecast: {json.dumps(draw(date_text()))}}}"
                for k in range(draw(st.integers(0, 3)))
            ]
            if entries:
                fields["history"] = "[" + ", ".join(entries) + "]"
            fields["forecast"] = json.dumps(draw(date_text()))
        if draw(st.integers(0, 5)) == 0:
            fields["status"] = draw(st.sampled_from(["blocked", "cancelled", "at-risk"]))
        lines.append(ms(mid, **fields))
    extra = "  calendar: working-days\n" if draw(st.booleans()) else ""
    return "".join(lines), extra, draw(st.sampled_from(ids)), draw(date_text(2009, 2014))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(random_plan())
def test_random_plans_never_crash(tmp_path_factory: pytest.TempPathFactory, case: Any) -> None:
    milestones, extra, some_id, as_of = case
    plan = write_plan(tmp_path_factory.mktemp("rnd"), milestones, extra)
    check = invoke("check", "-f", "json", "--plan", plan)
    parses_as("json", check.stdout)
    codes = sweep(plan, some_id, "--as-of", as_of, commands=SHORT_SWEEP)
    if check.exit_code == 1:  # a plan with errors: every command refuses it the same way
        assert set(codes.values()) == {1}, codes
    else:
        assert set(codes.values()) <= {0, 1}, codes


# --- the calendar's edges ------------------------------------------------------------------------

OUTSIDE = "outside the calendar"


@pytest.mark.parametrize(
    "text",
    ["winter 8999", "FY8999/00", "Q4 8999/00", "Q1 0000", "0000", "September 0000", "999", "9000"],
)
def test_a_date_outside_the_calendar_is_a_usage_error(text: str) -> None:
    result = invoke("status", "--as-of", text, "--plan", SHIPPED)
    if text in ("999",):  # not a year of four digits: not a date at all
        failed_cleanly(result, 2, "--as-of", "not a date")
    else:
        failed_cleanly(result, 2, "--as-of", OUTSIDE)


@pytest.mark.parametrize("command", [("status",), ("slippage",), ("snapshot",), ("gantt",)])
@pytest.mark.parametrize("as_of", ["1 January 1000", "31 December 8999"])
def test_as_of_at_either_end_of_the_calendar(command: tuple[str, ...], as_of: str) -> None:
    result = invoke(*command, "--as-of", as_of, "--plan", SHIPPED)
    assert result.exit_code == 0, result.stderr
    failed_cleanly(invoke(*command, "--as-of", "31 December 9999", "--plan", SHIPPED), 2, OUTSIDE)


@pytest.mark.parametrize("within", ["1200m", "36525d", "26089wd"])
def test_due_within_a_century_runs_and_longer_is_refused(within: str) -> None:
    result = invoke("status", "--due-within", within, "--plan", SHIPPED)
    assert result.exit_code == 0, result.stderr
    longer = f"{int(within.rstrip('dwm')) + 1}{within.lstrip('0123456789')}"
    failed_cleanly(
        invoke("status", "--due-within", longer, "--plan", SHIPPED), 2, "longer than a century"
    )


def test_week_ending_at_the_start_of_the_calendar() -> None:
    result = invoke("report", "weekly", "--week-ending", "1 January 1000", "--plan", SHIPPED)
    assert result.exit_code == 0, result.stderr
    failed_cleanly(
        invoke("report", "weekly", "--week-ending", "1 January 0001", "--plan", SHIPPED),
        2,
        OUTSIDE,
    )


@pytest.mark.parametrize("fmt", ["terminal", "svg", "html", "mermaid", "json"])
@pytest.mark.parametrize(
    "window",
    [
        ("--as-of", "1 January 1000"),
        ("--from", "8999-01-01"),
        ("--to", "1000-06-01"),
        ("--from", "1000-01-01", "--to", "8999-12-31"),
    ],
)
def test_gantt_windows_at_the_calendar_edges(fmt: str, window: tuple[str, ...]) -> None:
    result = invoke("gantt", "-f", fmt, *window, "--plan", SHIPPED)
    assert result.exit_code == 0, result.stderr
    kind = output_kind(("gantt", "-f", fmt))
    if kind:
        parses_as(kind, result.stdout)


@pytest.mark.parametrize("day", ["31 December 8999", "1000-01-01"])
def test_plan_dates_at_the_calendar_edges_run_everywhere(tmp_path: Path, day: str) -> None:
    history = f"[{{date: 2010-02-01, forecast: {json.dumps(day)}}}]"
    plan = write_plan(
        tmp_path,
        ms("a", due=json.dumps(day), forecast=json.dumps(day), history=history)
        + ms("b", due=json.dumps(day), depends_on="[a]"),
        "  ignore_warnings: [history-disagrees-with-forecast, due-before-start]\n",
    )
    check = invoke("check", "--plan", plan)
    assert check.exit_code == 0, check.stdout
    codes = sweep(plan, "a", commands=SWEEP)
    assert set(codes.values()) == {0}, {k: v for k, v in codes.items() if v}
    trend = invoke("trend", "-f", "svg", "--as-of", day, "--plan", plan)
    assert trend.exit_code == 0, trend.stderr


def test_weekly_report_on_a_plan_starting_on_the_calendars_first_day(tmp_path: Path) -> None:
    plan = write_plan(tmp_path, ms("a", due="1000-01-01"))
    timeline = Path(plan, "timeline.yaml")
    timeline.write_text(
        timeline.read_text(encoding="utf-8")
        .replace("2010-01-01", "1000-01-01")
        .replace("2010-06-01", "1000-01-01"),
        encoding="utf-8",
    )
    assert invoke("check", "--plan", plan).exit_code == 0
    for fmt in ("markdown", "html", "text"):
        result = invoke("report", "weekly", "-f", fmt, "--plan", plan)
        assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("milestones", "where"),
    [
        (ms("a", not_before='"1 December 8999"', duration="2m"), "timeline.yaml:11:15:"),
        (
            ms("a", not_before="8950-01-01")
            + ms("b", depends_on="[{id: a, lag: 1200m}]")
            + ms("c", depends_on="[b]"),
            "timeline.yaml:14:",
        ),
    ],
)
def test_check_reports_a_schedule_that_leaves_the_calendar(
    tmp_path: Path, milestones: str, where: str
) -> None:
    plan = write_plan(tmp_path, milestones)
    check = invoke("check", "--plan", plan)
    assert check.exit_code == 1
    assert where in check.stdout and "[schedule-outside-calendar]" in check.stdout, check.stdout
    status = invoke("status", "--plan", plan)
    failed_cleanly(status, 1, "timeline.yaml:", "transition check")
    assert status.stdout == ""


# --- text from a plan or an option reaches stderr as data ------------------------------------------


@pytest.mark.parametrize("where", ["plan", "option"])
def test_escape_codes_never_reach_stderr(tmp_path: Path, where: str) -> None:
    plan = write_plan(tmp_path, ms("a", due='"2010\\e[2J\\e[31m"'))
    if where == "plan":
        result = invoke("status", "--plan", plan)
        failed_cleanly(result, 1, "timeline.yaml:", "\\x1b[2J")
    else:
        result = invoke("status", "--as-of", "2010\x1b[2J", "--plan", SHIPPED)
        failed_cleanly(result, 2, "--as-of", "\\x1b[2J")
    assert "\x1b" not in result.stderr


def test_escape_codes_in_github_annotations_are_shown(tmp_path: Path) -> None:
    plan = write_plan(tmp_path, ms("a", due='"2010\\e[31m"'))
    result = invoke("check", "-f", "github", "--plan", plan)
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\\x1b[31m" in result.stdout


# --- where --output writes ------------------------------------------------------------------------


def test_output_to_a_fifo_writes_into_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, so a writer's open succeeds
    try:
        plan = write_plan(tmp_path, ms("a", due="2010-03-01"))
        result = invoke("snapshot", "--plan", plan, "--output", str(fifo))
        assert result.exit_code == 0, result.stderr
        assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO was replaced by a regular file"
        parses_as("json", os.read(reader, 1 << 16).decode("utf-8"))
    finally:
        os.close(reader)


def test_output_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    plan = write_plan(tmp_path, ms("a", due="2010-03-01"))
    assert invoke("snapshot", "--plan", plan, "-o", str(link)).exit_code == 0
    assert link.is_symlink()
    parses_as("json", real.read_text(encoding="utf-8"))


def test_output_to_a_directory_is_refused(tmp_path: Path) -> None:
    plan = write_plan(tmp_path, ms("a", due="2010-03-01"))
    failed_cleanly(invoke("snapshot", "--plan", plan, "-o", str(tmp_path)), 2, "is a directory")


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGPIPE"), reason="no SIGPIPE here")
@pytest.mark.parametrize("command", ["status", "critical-path"])
def test_a_reader_that_stops_early_ends_the_command_quietly(command: str) -> None:
    """`transition status | head -1`: ended by SIGPIPE as `cat` is, no message, not exit 1."""
    import signal
    import subprocess
    import sys

    data = str(Path(__file__).resolve().parents[1] / "data")
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TRANSITION_NO_CACHE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "nhs_transition", command, "--plan", data],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()  # the first line, then the reader goes away
    proc.stdout.close()
    stderr = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == -signal.SIGPIPE
    assert stderr == b""
