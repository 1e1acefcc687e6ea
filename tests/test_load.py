"""Loader diagnostics: each problem at its exact (line, column) with its code."""

from __future__ import annotations

from pathlib import Path

import pytest

from nhs_transition.load import load_files, load_plan

ORGANISATIONS = """\
organisations:
  - id: pmo
    name: Programme office
roles:
  - id: lead
    title: Programme lead
    organisation: pmo
"""

PROGRAMME = """\
programme:
  id: demo
  name: Demo
  start: 1 April 2011
milestones:
"""


def write_plan(tmp_path: Path, timeline: str, organisations: str = ORGANISATIONS) -> Path:
    """A plan directory holding the two files."""
    (tmp_path / "organisations.yaml").write_text(organisations, encoding="utf-8")
    (tmp_path / "timeline.yaml").write_text(timeline, encoding="utf-8")
    return tmp_path


def found(
    tmp_path: Path, milestones: str = "", *, timeline: str | None = None, **kw: str
) -> list[tuple[str, int, int, str]]:
    """(file name, line, column, code) of every loader diagnostic."""
    text = timeline if timeline is not None else PROGRAMME + milestones
    result = load_plan(write_plan(tmp_path, text, **kw))
    return [(Path(d.file).name, d.line, d.column, d.code) for d in result.diagnostics]


def messages(tmp_path: Path, milestones: str) -> list[str]:
    """The messages of every loader diagnostic."""
    result = load_plan(write_plan(tmp_path, PROGRAMME + milestones))
    return [d.message for d in result.diagnostics]


MILESTONE = """\
  - id: a
    title: A
    owner: pmo
"""


def test_a_clean_plan_loads(tmp_path: Path) -> None:
    result = load_plan(write_plan(tmp_path, PROGRAMME + MILESTONE))
    assert result.ok
    assert result.diagnostics == []
    assert result.plan is not None
    assert [m.id for m in result.plan.milestones] == ["a"]


def test_duplicate_keys_point_at_the_second_and_name_the_first(tmp_path: Path) -> None:
    text = MILESTONE + "    owner: lead\n"
    assert found(tmp_path, text) == [("timeline.yaml", 9, 5, "duplicate-key")]
    [message] = messages(tmp_path, text)
    assert "'owner' is written twice" in message and "first at line 8, column 5" in message


def test_duplicate_keys_in_a_flow_mapping(tmp_path: Path) -> None:
    text = "  - {id: a, title: A, owner: pmo, id: b}\n"
    assert found(tmp_path, text) == [("timeline.yaml", 6, 35, "duplicate-key")]


def test_unknown_key_with_did_you_mean(tmp_path: Path) -> None:
    text = MILESTONE + "    forcast: 1 May 2011\n"
    assert found(tmp_path, text) == [("timeline.yaml", 9, 5, "unknown-key")]
    assert messages(tmp_path, text) == ["unknown key 'forcast' in 'a' (did you mean 'forecast'?)"]


@pytest.mark.parametrize(
    ("key", "meant"), [("due_date", "due"), ("deadline", "due"), ("owner_id", "owner")]
)
def test_unknown_key_from_another_tool_gets_a_did_you_mean(
    tmp_path: Path, key: str, meant: str
) -> None:
    text = MILESTONE + f"    {key}: 1 May 2011\n"
    assert messages(tmp_path, text) == [f"unknown key '{key}' in 'a' (did you mean '{meant}'?)"]


def test_a_single_dependency_id_is_told_how_to_write_it(tmp_path: Path) -> None:
    text = MILESTONE + "  - {id: b, title: B, owner: pmo, depends_on: a}\n"
    assert found(tmp_path, text) == [("timeline.yaml", 9, 47, "invalid-type")]
    assert messages(tmp_path, text) == [
        "depends_on: expected a list, found the value 'a': write 'depends_on: [a]' (a list of one)"
    ]


def test_unknown_key_at_the_top_of_a_file(tmp_path: Path) -> None:
    timeline = PROGRAMME.replace("milestones:", "milestone:") + MILESTONE
    assert found(tmp_path, timeline=timeline) == [("timeline.yaml", 5, 1, "unknown-key")]


def test_unknown_key_in_a_dependency(tmp_path: Path) -> None:
    text = (
        MILESTONE + "  - id: b\n    title: B\n    owner: pmo\n    depends_on: [{id: a, lagg: 1w}]\n"
    )
    assert found(tmp_path, text) == [("timeline.yaml", 12, 26, "unknown-key")]


def test_missing_key_points_at_the_mapping_that_lacks_it(tmp_path: Path) -> None:
    text = "  - id: a\n    owner: pmo\n"
    assert found(tmp_path, text) == [("timeline.yaml", 6, 5, "missing-key")]
    assert messages(tmp_path, text) == ["'a' has no 'title': add 'title: ...'"]


def test_missing_programme(tmp_path: Path) -> None:
    assert found(tmp_path, timeline="milestones: []\n") == [("timeline.yaml", 1, 1, "missing-key")]


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("2010-02-30", "February 2010 has 28 days"),
        ("2010/12", "did you mean '2010/11'?"),
        ("Q5 2010", "quarters run from Q1 to Q4"),
        ("31/31/2010", ""),
        ("next Tuesday", "expected a date such as"),
    ],
)
def test_invalid_dates_are_errors_at_the_value(tmp_path: Path, written: str, says: str) -> None:
    text = MILESTONE + f"    due: {written}\n"
    assert found(tmp_path, text) == [("timeline.yaml", 9, 10, "invalid-date")]
    [message] = messages(tmp_path, text)
    assert message.startswith(f"due: '{written}'")
    assert says in message


def test_invalid_programme_start(tmp_path: Path) -> None:
    timeline = PROGRAMME.replace("1 April 2011", "31 April 2011") + MILESTONE
    assert found(tmp_path, timeline=timeline) == [("timeline.yaml", 4, 10, "invalid-date")]


@pytest.mark.parametrize("written", ["3x", "w6", "1.5w", "[1]"])
def test_invalid_durations(tmp_path: Path, written: str) -> None:
    text = MILESTONE + f"    duration: {written}\n"
    assert found(tmp_path, text) == [("timeline.yaml", 9, 15, "invalid-duration")]


def test_a_duration_without_a_unit_says_which_units_exist(tmp_path: Path) -> None:
    text = MILESTONE + "    duration: 5\n"
    assert found(tmp_path, text) == [("timeline.yaml", 9, 15, "invalid-duration")]
    [message] = messages(tmp_path, text)
    assert "'5d' (days)" in message or "'5' is not a duration" in message


@pytest.mark.parametrize(
    ("written", "column"), [("Bad_Id", 9), ("-leading", 9), ("'has space'", 9)]
)
def test_invalid_ids(tmp_path: Path, written: str, column: int) -> None:
    text = f"  - id: {written}\n    title: A\n    owner: pmo\n"
    assert found(tmp_path, text) == [("timeline.yaml", 6, column, "invalid-id")]


def test_invalid_id_suggests_a_slug(tmp_path: Path) -> None:
    [message] = messages(tmp_path, "  - id: Bill_Introduced\n    title: A\n    owner: pmo\n")
    assert "(e.g. 'bill-introduced')" in message


def test_invalid_owner_id_inside_a_dependency_list(tmp_path: Path) -> None:
    text = MILESTONE + "    depends_on: [ok, Not OK]\n"
    assert found(tmp_path, text) == [("timeline.yaml", 9, 22, "invalid-id")]


@pytest.mark.parametrize(
    ("line", "column", "text"),
    [
        (7, 12, "  - id: a\n    title: [a, list]\n    owner: pmo\n"),
        (9, 17, MILESTONE + "    depends_on: a\n"),
        (9, 17, MILESTONE + "    depends_on: {id: a}\n"),
        (6, 5, "  - just text\n"),
    ],
)
def test_wrong_types(tmp_path: Path, line: int, column: int, text: str) -> None:
    assert found(tmp_path, text) == [("timeline.yaml", line, column, "invalid-type")]


def test_a_list_where_a_mapping_belongs(tmp_path: Path) -> None:
    timeline = "programme: [a]\n"
    assert found(tmp_path, timeline=timeline) == [("timeline.yaml", 1, 12, "invalid-type")]


def test_milestones_must_be_a_list(tmp_path: Path) -> None:
    timeline = PROGRAMME + "  id: a\n"
    assert found(tmp_path, timeline=timeline) == [("timeline.yaml", 6, 3, "invalid-type")]


def test_invalid_enum_values(tmp_path: Path) -> None:
    text = MILESTONE + "    status: late\n    depends_on: [{id: a, type: XF}]\n"
    assert found(tmp_path, text) == [
        ("timeline.yaml", 9, 13, "invalid-value"),
        ("timeline.yaml", 10, 32, "invalid-value"),
    ]


def test_multi_document_file(tmp_path: Path) -> None:
    timeline = PROGRAMME + MILESTONE + "---\nmilestones: []\n"
    assert found(tmp_path, timeline=timeline) == [("timeline.yaml", 9, 1, "yaml-syntax")]


def test_tab_indentation(tmp_path: Path) -> None:
    timeline = "programme:\n\tid: demo\n"
    assert found(tmp_path, timeline=timeline) == [("timeline.yaml", 2, 1, "yaml-syntax")]


def test_tab_indentation_is_named(tmp_path: Path) -> None:
    write_plan(tmp_path, "programme:\n\tid: demo\n")
    [d] = load_plan(tmp_path).diagnostics
    assert "tab" in d.message.lower()


def test_yaml_syntax_error_position(tmp_path: Path) -> None:
    timeline = PROGRAMME + "  - id: a\n    title: 'unclosed\n    owner: pmo\n"
    [(name, line, _, code)] = found(tmp_path, timeline=timeline)
    assert (name, code) == ("timeline.yaml", "yaml-syntax")
    assert line >= 7


def test_file_not_found(tmp_path: Path) -> None:
    (tmp_path / "timeline.yaml").write_text(PROGRAMME + MILESTONE, encoding="utf-8")
    result = load_plan(tmp_path)
    assert result.fatal
    assert [(Path(d.file).name, d.line, d.column, d.code) for d in result.diagnostics] == [
        ("organisations.yaml", 0, 0, "file-not-found")  # no position: there is no file
    ]
    assert (
        result.diagnostics[0]
        .format_text()
        .startswith(f"{result.diagnostics[0].file}: error: missing plan file")
    )


def test_plan_not_found(tmp_path: Path) -> None:
    result = load_plan(tmp_path / "nowhere")
    assert result.fatal
    assert result.plan is None
    [d] = result.diagnostics
    assert (d.line, d.column, d.code) == (0, 0, "plan-not-found")  # no position: no file
    assert "no plan at" in d.message


def test_a_timeline_file_path_loads_its_plan(tmp_path: Path) -> None:
    write_plan(tmp_path, PROGRAMME + MILESTONE)
    result = load_plan(tmp_path / "timeline.yaml")
    assert result.ok


def test_loose_files_are_recognised_by_their_keys(tmp_path: Path) -> None:
    (tmp_path / "orgs.yaml").write_text(ORGANISATIONS, encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(PROGRAMME + MILESTONE, encoding="utf-8")
    result = load_files([tmp_path / "orgs.yaml", tmp_path / "plan.yaml"])
    assert result.ok
    assert result.plan is not None
    assert [o.id for o in result.plan.organisations] == ["pmo"]


def test_every_problem_in_one_run_sorted(tmp_path: Path) -> None:
    text = (
        "  - id: a\n    title: A\n    owner: pmo\n    due: 2010-02-30\n"
        "  - id: B\n    title: B\n    owner: pmo\n    duration: 3x\n"
    )
    assert found(tmp_path, text) == [
        ("timeline.yaml", 9, 10, "invalid-date"),
        ("timeline.yaml", 10, 9, "invalid-id"),
        ("timeline.yaml", 13, 15, "invalid-duration"),
    ]


def test_a_bom_is_ignored(tmp_path: Path) -> None:
    write_plan(tmp_path, PROGRAMME + MILESTONE)
    path = tmp_path / "timeline.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_plan(tmp_path).ok


# --- Plain scalars: null, empty and numbers (libyaml marks plain scalars with style '') -----


def test_null_title_is_a_wrong_type(tmp_path: Path) -> None:
    text = "  - id: a\n    title: null\n    owner: pmo\n"
    assert found(tmp_path, text) == [("timeline.yaml", 7, 12, "invalid-type")]


def test_an_empty_forecast_means_no_forecast(tmp_path: Path) -> None:
    assert found(tmp_path, MILESTONE + "    forecast:\n") == []


def test_duration_zero_without_a_unit_is_accepted(tmp_path: Path) -> None:
    assert found(tmp_path, MILESTONE + "    duration: 0\n") == []


# --- The fast paths of yamlsrc read exactly what the event walk reads --------------------------

from typing import Any  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from nhs_transition import yamlsrc  # noqa: E402

CASES = Path(__file__).parent / "cases"
REPO = Path(__file__).parent.parent


def exact(value: Any) -> Any:
    """`value` with the type of every part spelled out (so True != 1 and 1 != 1.0)."""
    if isinstance(value, dict):
        return ("dict", [(exact(k), exact(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [exact(v) for v in value])
    return (type(value).__name__, value)


def walked(text: str) -> tuple[Any, bool] | str:
    """What the reference event walk builds, and whether it saw a key twice; or its problem."""
    walker = yamlsrc._Walker(record=False)
    try:
        return exact(walker.walk(text)), walker.duplicate
    except yamlsrc.YamlProblem as problem:
        return f"{problem.code}@{problem.line}:{problem.column}: {problem.message}"


def assert_fast_paths_agree(text: str) -> bool:
    """Both fast paths build what the walk builds; True when the simple subset took the text."""
    reference = walked(text)
    try:
        fast: tuple[Any, bool] | str = (lambda d: (exact(d[0]), d[1]))(yamlsrc._walk_fast(text))
    except yamlsrc.YamlProblem as problem:
        fast = f"{problem.code}@{problem.line}:{problem.column}: {problem.message}"
    assert fast == reference
    simple = yamlsrc._parse_simple(text)
    if simple is None:
        return False
    assert (exact(simple[0]), simple[1]) == reference, text
    return True


def test_fast_paths_agree_on_every_plan_file_in_the_repository() -> None:
    files = sorted({*CASES.rglob("*.yaml"), *(REPO / "data").glob("*.yaml")})
    assert files
    texts = [f.read_bytes().decode("utf-8-sig", "replace") for f in files]
    taken = [text for text in texts if assert_fast_paths_agree(text)]
    assert len(taken) > len(files) // 2  # most plan files are in the simple subset


def test_a_generated_plan_takes_the_simple_path() -> None:
    import sys

    sys.path.insert(0, str(REPO / "bench"))
    import tempfile

    from genplan import write_plan  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory() as tmp:
        directory = write_plan(Path(tmp), 300)
        for name in ("organisations.yaml", "timeline.yaml"):
            assert assert_fast_paths_agree((directory / name).read_text(encoding="utf-8"))


_KEYS = ["id", "a", "b", "depends_on", "null", "True", "x-y", "_k", "a b", "'q'", "? a", "1"]
_VALUES = [
    "", "x", "m1", "Plain text", "12 March 2020", "5d", "-5d", "-", "- a", "-x", "--- x", "---",
    "...", "~", "null", "NULL", "true", "False", "yes", "1", "0", "007", "1_000", "+1", "1.5",
    ".5", "1e5", "0x1F", "a #c", "a#c", "a:b", "a: b", "a:", "#c", '"q"', '"q" #c', '"q"#c',
    '"a\\"b"', '"a', '"a: b"', "'it''s'", "'a", "''", '""', "[]", "[a, b]", "[ a ,b ]", "[a,]",
    "[a, [b]]", "[1, true, null]", "[a] #c", "[a]#c", "{a: 1}", "&x a", "*x", "!!str 1", "! a",
    "|", ">-", "%x", "@x", "`x", "?x", ",x", "é £", "a\tb", "a\rb", "a\u2028b", "a\x85b", "x  ",
    "a  b", "a \\ b",
]  # fmt: skip
_LINE = st.builds(
    lambda indent, dash, key, value, trail: (
        " " * indent + ("- " if dash else "") + (f"{key}:" if key is not None else "")
        + (" " if key is not None and value else "") + value + trail
    ),
    st.sampled_from([0, 0, 2, 2, 4, 4, 6, 1, 3, 8]),
    st.booleans(),
    st.one_of(st.none(), st.sampled_from(_KEYS)),
    st.sampled_from(_VALUES),
    st.sampled_from(["", "", "", " ", "  # note"]),
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=10), st.booleans())
def test_fast_paths_agree_with_the_event_walk(lines: list[str], marker: bool) -> None:
    text = ("---\n" if marker else "") + "\n".join(lines) + "\n"
    assert_fast_paths_agree(text)


# Mostly values and keys of the simple subset, so that most documents take the simple path.
_SIMPLE_VALUES = ["x", "Plain text", "5d", "-5d", "1", "1.5", "true", "null", "~", "a #c", "a:b",
                  '"q: r"', "'it''s'", "[a, b]", "[]", "é £", "12 March 2020", "007"]  # fmt: skip
_SCALAR = st.one_of(st.sampled_from(_SIMPLE_VALUES), st.sampled_from(_VALUES[1:]))
_KEY = st.one_of(st.sampled_from(["id", "a", "b", "x-y", "_k"]), st.sampled_from(_KEYS))
_TREE = st.recursive(
    st.dictionaries(_KEY, _SCALAR, min_size=1, max_size=3),
    lambda inner: st.one_of(
        st.dictionaries(_KEY, st.one_of(_SCALAR, inner), min_size=1, max_size=4),
        st.lists(st.one_of(_SCALAR, inner), min_size=1, max_size=3),
    ),
    max_leaves=12,
)


def block_lines(node: Any, indent: int, draw_int: Any) -> list[str]:
    """`node` written in block style (mappings inside lists start on the dash line)."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, (dict, list)) and value:
                lines.append(f"{pad}{key}:" + ("  # c" if draw_int(4) == 0 else ""))
                inner = indent if isinstance(value, list) and draw_int(2) else indent + 2
                lines += block_lines(value, inner, draw_int)
            else:
                lines.append(f"{pad}{key}: {value}" if value != "" else f"{pad}{key}:")
        return lines
    for item in node:
        if isinstance(item, (dict, list)) and item:
            nested = block_lines(item, indent + 2, draw_int)
            if isinstance(item, dict):
                nested[0] = f"{pad}- " + nested[0][indent + 2 :]
                lines += nested
            else:
                lines += [f"{pad}-", *nested]
        else:
            lines.append(f"{pad}- {item}")
    return lines


@settings(max_examples=500, deadline=None)
@given(
    st.dictionaries(_KEY, st.one_of(_SCALAR, _TREE), min_size=1, max_size=4),
    st.randoms(use_true_random=False),
    st.integers(0, 3),
)
def test_fast_paths_agree_on_block_documents(tree: Any, rng: Any, mutations: int) -> None:
    lines = block_lines(tree, 0, lambda n: rng.randrange(n))
    for _ in range(mutations):  # an indent off by one, a blank or comment line, a stray line
        k = rng.randrange(len(lines) + 1)
        change = rng.randrange(4)
        if change == 0 and k < len(lines):
            lines[k] = " " + lines[k]
        elif change == 1 and k < len(lines) and lines[k].startswith(" "):
            lines[k] = lines[k][1:]
        elif change == 2:
            lines.insert(k, rng.choice(["", "  ", "# c", "    # c"]))
        else:
            lines.insert(k, rng.choice(_VALUES))
    assert_fast_paths_agree("\n".join(lines) + "\n")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["id", "title", "owner", "depends_on", "notes", "id"]),
            st.sampled_from(["m1", "Plain text", "[a, b]", "", "5d", '"q: r"', "true"]),
            st.sampled_from([2, 4, 6]),
            st.booleans(),
        ),
        max_size=12,
    )
)
def test_fast_paths_agree_on_plan_shaped_text(items: list[tuple[str, str, int, bool]]) -> None:
    lines = ["programme:", "  id: p", "milestones:"]
    for key, value, indent, dash in items:
        lines.append(
            " " * indent + ("- " if dash else "") + f"{key}:" + (f" {value}" if value else "")
        )
        if not value:
            lines.append(" " * (indent + 2) + "- x")
    assert_fast_paths_agree("\n".join(lines) + "\n")


@pytest.mark.parametrize("value", _VALUES)
def test_fast_paths_agree_on_each_kind_of_value(value: str) -> None:
    for template in ("k: {}\n", "k:\n  - {}\n", "k:\n- {}\n", "a:\n  k: {}\n  j: 1\n", "- {}\n"):
        assert_fast_paths_agree(template.format(value))


@pytest.mark.parametrize("key", _KEYS)
def test_fast_paths_agree_on_each_kind_of_key(key: str) -> None:
    for template in ("{}: 1\n", "a:\n  - {}: x\n    b: 2\n", "{}:\n  - 1\n"):
        assert_fast_paths_agree(template.format(key))


@pytest.mark.parametrize(
    "text",
    [
        "a:\n  b: 1\n c: 2\n",
        "a:\n  - x\n  b: 1\n",
        "a:\n- x\nb: 1\n",
        "a:\n  - id: x\n      b: 1\n",
        "a:\n  -   id: x\n      b: 1\n",
        "a: 1\n  b: 2\n",
        "a: text\n  continued\n",
        "a:\n  text on the next line\n",
        "a:\n",
        "a:\nb:\n",
        "a:\n  b:\n",
        "a: 1\na: 2\n",
        "a:\n  b: 1\na: 2\n",
        "---\na: 1\n",
        "---\n---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\n",
        "# only a comment\n",
        "",
        "---\n",
        "  a: 1\n",
        "- a\n",
        "a:\n  -\n    b: 1\n",
        "a:\n  - - x\n",
        "a: [x]\nb: [ ]\nc: [y,z]\n",
        "a: 'x' # c\nb: \"y\"  # c\n",
    ],
)
def test_fast_paths_agree_on_layouts(text: str) -> None:
    assert_fast_paths_agree(text)


@pytest.mark.parametrize("chunk", [0, 1, 5, 17, 64])
def test_the_simple_path_reads_the_same_in_chunks(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    texts = [
        "a: 1\n\nb:\n  - x\n  - y: [p, q]\n    z: 'w'\n\n\nc: end",
        "---\nmilestones:\n- id: m1\n  title: One # note\n\n- id: m2\n  depends_on: [m1]\n",
        "a:\n  b:\n    c: 1\n  d: 2\ne: 3\n",
    ]
    whole = [yamlsrc._parse_simple(text) for text in texts]
    assert all(result is not None for result in whole)
    monkeypatch.setattr(yamlsrc, "_SIMPLE_CHUNK", chunk)
    assert [yamlsrc._parse_simple(text) for text in texts] == whole


# Our limits must fire before libyaml's, whatever its version: PyYAML 6.0.4's libyaml stops at
# 1,000 levels of flow nesting while looking ahead up to 1,024 characters, before our walk sees 64.
@pytest.mark.parametrize("depth", [65, 999, 1000, 1500, 100_000])
@pytest.mark.parametrize("pure_limit", [0, 1 << 18])  # the re-read by libyaml, or by pure Python
def test_nesting_limit_fires_before_the_parsers_own(
    depth: int, pure_limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nhs_transition.yamlsrc import walker

    monkeypatch.setattr(walker, "_RECHECK_PURE_LIMIT", pure_limit)
    text = "programme: " + "[" * depth + "]" * depth + "\n"
    parsed = yamlsrc.parse(text, "timeline.yaml")
    assert [(d.code, d.line, d.column) for d in parsed.diagnostics] == [
        ("nesting-too-deep", 1, 12 + yamlsrc.MAX_DEPTH - 1)
    ]


def test_a_real_syntax_error_after_shallow_nesting_is_still_reported_as_such() -> None:
    parsed = yamlsrc.parse("a: [[1, 2], [3\nb: 4\n", "timeline.yaml")
    assert [d.code for d in parsed.diagnostics] == ["yaml-syntax"]


@pytest.mark.parametrize(
    ("written", "line", "column", "says"),
    [
        (
            "working_week: mon-sat",
            6,
            19,
            "working_week: expected a list, found the value 'mon-sat': list the days, e.g. "
            "'working_week: [mon, tue, wed, thu, fri, sat]'",
        ),
        (
            "working_week: []",
            6,
            19,
            "working_week: list at least 1 working day, e.g. '[mon, tue, wed, thu, fri]'",
        ),
        (
            "weekend: [sat]",
            6,
            5,
            "unknown key 'weekend' in 'calendar' of 'demo'; allowed keys: unit, working_week, "
            "holidays, non_working, working",
        ),
    ],
)
def test_a_mistake_in_the_calendar_says_what_to_write(
    tmp_path: Path, written: str, line: int, column: int, says: str
) -> None:
    calendar = f"  calendar:\n    {written}\n"
    timeline = PROGRAMME.replace("milestones:\n", calendar + "milestones:\n") + MILESTONE
    result = load_plan(write_plan(tmp_path, timeline))
    assert [(d.line, d.column, d.message) for d in result.diagnostics] == [(line, column, says)]
