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
        ("organisations.yaml", 1, 1, "file-not-found")
    ]


def test_plan_not_found(tmp_path: Path) -> None:
    result = load_plan(tmp_path / "nowhere")
    assert result.fatal
    assert result.plan is None
    [d] = result.diagnostics
    assert (d.line, d.column, d.code) == (1, 1, "plan-not-found")
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
