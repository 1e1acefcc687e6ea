"""The cache of validated plans: a second run reads the plan back, and says exactly what a first
run says; an edited plan (even to the same size, in the same second), a damaged or foreign entry,
`--no-cache` and $TRANSITION_NO_CACHE are never a wrong answer."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nhs_transition.cli import app
from nhs_transition.load import cache, load_and_check, load_plan, packaged_plan

CASES = Path(__file__).parent / "cases"
CORPUS = sorted(p for kind in ("valid", "invalid") for p in (CASES / kind).iterdir() if p.is_dir())
runner = CliRunner()


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of this test's own."""
    where = tmp_path / "cache"
    monkeypatch.setenv("TRANSITION_CACHE_DIR", str(where))
    monkeypatch.delenv("TRANSITION_NO_CACHE", raising=False)
    # A command without --plan finds the shipped plan, as `packaged_plan()` names it (not a
    # ./data the tests may be run beside: in a checkout with the package installed, not
    # editable, those are two plans).
    monkeypatch.chdir(tmp_path)
    return where


def invoke(*args: str, **env: str) -> tuple[int, str, str]:
    base = {"COLUMNS": "100", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "TRANSITION_PLAN": ""}
    result = runner.invoke(app, list(args), env={**base, **env})
    return result.exit_code, result.stdout, result.stderr


def entries(where: Path) -> list[Path]:
    return sorted((where / "plans").glob("*.pickle")) if (where / "plans").is_dir() else []


def plan_copy(tmp_path: Path, case: str = "valid/minimal") -> Path:
    target = tmp_path / "plan"
    shutil.copytree(CASES / case, target)
    return target


# --- What a user sees -------------------------------------------------------------------------


def test_status_twice_reads_the_second_from_the_cache_and_says_the_same(cache_dir: Path) -> None:
    first = invoke("status")
    assert first[0] == 0
    assert len(entries(cache_dir)) == 1
    assert load_and_check(packaged_plan(), calendar=False).cached
    assert invoke("status") == first
    assert invoke("status", "--format", "json") == invoke(
        "--no-cache", "status", "--format", "json"
    )


@pytest.mark.parametrize("case", CORPUS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_check_says_the_same_from_the_cache_for_every_case_of_the_corpus(
    case: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Errors and warnings alike, at file:line:column, with the warnings the plan ignores."""
    monkeypatch.chdir(case.parent)
    afresh = invoke("check", "--no-cache", "--format", "json", case.name)
    assert invoke("check", "--format", "json", case.name) == afresh  # written to the cache
    assert invoke("check", "--format", "json", case.name) == afresh  # read from it
    assert invoke("check", "--strict", case.name) == invoke(
        "check", "--no-cache", "--strict", case.name
    )


def test_warnings_come_back_from_the_cache_at_their_line_and_column(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CASES / "invalid")
    first = invoke("check", "forecast-before-dependencies")
    assert first[0] == 0
    assert "forecast-before-dependencies/timeline.yaml:18:15: warning:" in first[1]
    assert load_and_check(Path("forecast-before-dependencies")).cached
    assert invoke("check", "forecast-before-dependencies") == first


def test_a_file_edited_to_the_same_size_in_the_same_second_is_read_again(
    cache_dir: Path, tmp_path: Path
) -> None:
    plan = plan_copy(tmp_path)
    timeline = plan / "timeline.yaml"
    before = invoke("status", "--plan", str(plan), "--format", "json")
    assert '"title": "National design principles' in before[1]
    stamp = timeline.stat()
    text = timeline.read_text(encoding="utf-8")
    timeline.write_text(text.replace("National design", "Regional design"), encoding="utf-8")
    os.utime(timeline, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # same size, same time
    assert timeline.stat().st_size == stamp.st_size
    assert timeline.stat().st_mtime_ns == stamp.st_mtime_ns
    after = invoke("status", "--plan", str(plan), "--format", "json")
    assert '"title": "Regional design principles' in after[1]
    assert after[1] == before[1].replace("National design", "Regional design")


def test_a_mistake_made_between_two_runs_is_reported(cache_dir: Path, tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    assert invoke("check", str(plan))[0] == 0
    timeline = plan / "timeline.yaml"
    timeline.write_text(
        timeline.read_text(encoding="utf-8").replace("owner: sha-london", "owner: sha-londn"),
        encoding="utf-8",
    )
    code, out, _ = invoke("check", str(plan))
    assert code == 1
    assert "'sha-londn'" in out


def test_a_file_added_to_milestones_is_read(cache_dir: Path, tmp_path: Path) -> None:
    plan = plan_copy(tmp_path, "valid/split-milestones")
    first = invoke("status", "--plan", str(plan), "--format", "json")
    extra = plan / "milestones" / "zz-more.yaml"
    extra.write_text(
        "milestones:\n  - id: added-later\n    title: Added later\n    owner: ministry\n",
        encoding="utf-8",
    )
    after = invoke("status", "--plan", str(plan), "--format", "json")
    assert "added-later" not in first[1]
    assert '"id": "added-later"' in after[1]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-5] + bytes(b ^ 0xFF for b in data[-5:]),  # bytes changed
        lambda data: b"not a cache entry at all\n" + data,
        lambda data: data.replace(b"transition-plan-cache/2", b"transition-plan-cache/1", 1),
    ],
    ids=["empty", "cut-short", "bytes-changed", "foreign", "older-format"],
)
def test_a_damaged_entry_is_a_silent_miss_and_is_written_anew(
    cache_dir: Path, damage: object
) -> None:
    first = invoke("status")
    [entry] = entries(cache_dir)
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    assert invoke("status") == first
    assert load_and_check(packaged_plan(), calendar=False).cached  # rewritten whole


def test_an_entry_written_by_another_version_of_the_tool_is_not_read(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not load_and_check(packaged_plan()).cached
    assert load_and_check(packaged_plan()).cached
    monkeypatch.setattr(cache, "__version__", "0.0.0-other")
    assert not load_and_check(packaged_plan()).cached
    monkeypatch.setattr(cache, "_FINGERPRINT", ["a change to the source"])
    assert not load_and_check(packaged_plan()).cached


def test_no_cache_and_the_environment_variable_turn_it_off(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = invoke("--no-cache", "status")
    assert invoke("status", "--no-cache") == first
    assert invoke("check", "--no-cache")[0] == 0
    assert entries(cache_dir) == []
    for value in ("1", "yes"):
        assert invoke("status", TRANSITION_NO_CACHE=value) == first
        assert entries(cache_dir) == []
    assert invoke("status", TRANSITION_NO_CACHE="0") == first
    assert len(entries(cache_dir)) == 1


def test_a_cache_that_cannot_be_written_is_left_alone(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory", encoding="utf-8")
    afresh = invoke("--no-cache", "status")
    assert invoke("status", TRANSITION_CACHE_DIR=str(blocked)) == afresh
    assert invoke("status", TRANSITION_CACHE_DIR=str(blocked / "below")) == afresh


def test_entries_beyond_the_limit_are_removed_oldest_first(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    plans = [plan_copy(tmp_path / str(n)) for n in range(3)]
    seen: set[Path] = set()
    for n, plan in enumerate(plans[:2]):
        load_and_check(plan)
        [written] = set(entries(cache_dir)) - seen
        os.utime(written, (1_000_000 + n, 1_000_000 + n))  # the first is the oldest
        seen.add(written)
    load_and_check(plans[2])
    assert len(entries(cache_dir)) == 2
    assert load_and_check(plans[1]).cached
    assert load_and_check(plans[2]).cached
    assert not load_and_check(plans[0]).cached


# --- The plan read back is the plan loaded -----------------------------------------------------


def test_the_plan_read_back_has_every_position_and_origin(cache_dir: Path) -> None:
    fresh = load_plan(packaged_plan()).plan
    assert not load_and_check(packaged_plan()).cached
    again = load_and_check(packaged_plan())
    assert again.cached
    cached = again.result.plan
    assert fresh is not None and cached is not None
    assert [m.id for m in cached.milestones] == [m.id for m in fresh.milestones]
    for a, b in zip(fresh.milestones, cached.milestones, strict=True):
        assert type(b).__name__ == "Milestone"
        assert all(getattr(a, f) == getattr(b, f) for f in type(a).model_fields)
        assert a == b
        assert b == a
        assert cached.where(b, "due") == fresh.where(a, "due")
        assert cached.origin(b) == fresh.origin(a)
    assert cached.where(cached.programme) == fresh.where(fresh.programme)
    assert cached.cascades == fresh.cascades
    assert cached.programme == fresh.programme
    assert cached.roles == fresh.roles  # with their holders
    day = fresh.programme.start.day
    assert [r.holder_on(day) for r in cached.roles] == [r.holder_on(day) for r in fresh.roles]
    assert [r.vacant_on(day) for r in cached.roles] == [r.vacant_on(day) for r in fresh.roles]


def test_stand_ins_come_back_as_stand_ins(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An item written with a mistake is kept, by its id, for the rules across objects."""
    case = CASES / "invalid" / "three-independent-mistakes"
    fresh = load_plan(case).plan
    load_and_check(case)
    again = load_and_check(case)
    assert again.cached
    cached = again.result.plan
    assert fresh is not None and cached is not None
    unsure = [(m.id, cached.unsure(m)) for m in cached.milestones]
    assert unsure == [(m.id, fresh.unsure(m)) for m in fresh.milestones]


def test_every_method_of_the_models_has_its_twin() -> None:
    """A method added to a model class must be given to its twin (`load.twins._METHODS`), or a
    command would fail on a plan read back from the cache where it works on one loaded afresh."""
    import inspect
    from functools import cached_property

    from pydantic import BaseModel

    from nhs_transition import model
    from nhs_transition.load import twins

    for name, cls in vars(model).items():
        if not (inspect.isclass(cls) and issubclass(cls, model.PlanModel)):
            continue
        own = {
            attr
            for klass in cls.__mro__
            if klass.__module__ == model.__name__
            for attr, value in vars(klass).items()
            if (not attr.startswith("_") or attr == "__str__")
            and attr != "model_config"
            and (callable(value) or isinstance(value, (property, cached_property)))
        } - (set(dir(BaseModel)) - {"__str__"})
        assert own <= set(twins._METHODS.get(name, {})), f"{name}: {sorted(own)}"
        assert own == set(twins._METHODS.get(name, {})) or not twins._METHODS.get(name)


READ_ONLY = [
    ["status"],
    ["status", "--by", "organisation"],
    ["critical-path", "--format", "json"],
    ["slippage"],
    ["report", "weekly"],
    ["owners"],
    ["gantt"],
    ["export", "mspdi"],
    ["trend"],
]


@pytest.mark.parametrize(
    "plan",
    ["data", "tests/cases/valid/cascades-and-holders", "tests/cases/valid/scottish-calendar"],
)
@pytest.mark.parametrize("args", READ_ONLY, ids=" ".join)
def test_every_read_only_command_says_the_same_on_a_cached_plan(
    args: list[str], plan: str, cache_dir: Path
) -> None:
    where = str(Path(__file__).parent.parent / plan)
    afresh = invoke("--no-cache", *args, "--plan", where)
    assert afresh[0] == 0
    assert invoke(*args, "--plan", where) == afresh  # written
    assert invoke(*args, "--plan", where) == afresh  # read back
