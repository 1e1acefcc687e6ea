"""The red-team cases of issue 13: each gets a clear message and the right exit code, quickly,
writes nothing it should not and shows nothing it should not.

Grouped as the issue lists them: data loss and disclosure, injection, tracebacks, hangs and
blow-ups, messages and leniency; then the atomic writer itself (SIGKILL and SIGTERM mid-write).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_cli_robustness import ORGS, failed_cleanly, invoke, ms, write_plan

REPO = Path(__file__).resolve().parents[1]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SETPRIV = shutil.which("setpriv")


def plan_dir(tmp_path: Path, milestones: str | None = None, **kwargs: str) -> Path:
    """A small valid plan (two milestones) under tmp_path, as a Path."""
    text = milestones or ms("a", due="2010-03-01") + ms("b", due="2010-04-01", depends_on="[a]")
    return Path(write_plan(tmp_path, text, **kwargs))


def snapshot_of(root: Path) -> dict[str, bytes]:
    """Every regular file under `root` (through no links) and its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def run_as_nobody(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `transition ARGS` as the user nobody (root ignores file permissions)."""
    assert SETPRIV is not None
    command = [
        SETPRIV,
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        sys.executable,
        "-c",
        "from nhs_transition.cli import main; main()",
        *args,
    ]
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TRANSITION_PLAN": ""}
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def world_writable_dir(tmp_path: Path) -> Path:
    """A directory the user nobody can work in (tmp_path itself is private to root)."""
    base = Path(f"/tmp/transition-nobody-{os.getpid()}-{tmp_path.name}")
    base.mkdir(mode=0o777, exist_ok=True)
    base.chmod(0o777)
    return base


def as_unprivileged() -> bool:
    """Whether permission tests can run: not root, or root with setpriv to become nobody."""
    return not IS_ROOT or SETPRIV is not None


# --- data loss and disclosure --------------------------------------------------------------------

WRITERS = [
    ("gantt", "-f", "svg"),
    ("report", "weekly"),
    ("snapshot",),
]


@pytest.mark.parametrize("command", WRITERS, ids=lambda c: " ".join(c))
@pytest.mark.parametrize(
    "spelling", ["relative", "dotted", "absolute", "symlink", "hardlink", "organisations"]
)
def test_output_onto_a_plan_file_is_refused_however_spelt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...], spelling: str
) -> None:
    plan = plan_dir(tmp_path)
    monkeypatch.chdir(plan)
    (plan / "link.yaml").symlink_to(plan / "timeline.yaml")
    os.link(plan / "timeline.yaml", tmp_path / "hard.txt")  # outside the plan, same file
    target = {
        "relative": "timeline.yaml",
        "dotted": f"../{plan.name}/./timeline.yaml",
        "absolute": str(plan / "timeline.yaml"),
        "symlink": "link.yaml",
        "hardlink": str(tmp_path / "hard.txt"),
        "organisations": "organisations.yaml",
    }[spelling]
    before = snapshot_of(tmp_path)
    result = invoke(*command, "--plan", ".", "-o", target)
    failed_cleanly(result, 2, "is a file of the plan being read", "nothing was written")
    assert snapshot_of(tmp_path) == before
    assert not [p for p in plan.iterdir() if p.name.endswith(".tmp")]


def test_output_over_any_yaml_file_in_a_plan_directory_is_refused(tmp_path: Path) -> None:
    plan = plan_dir(tmp_path)
    other = plan_dir(tmp_path, name="other")
    (other / "milestones").mkdir()
    (other / "milestones" / "extra.yaml").write_text("milestones: []\n", encoding="utf-8")
    before = snapshot_of(tmp_path)
    for target in (other / "timeline.yaml", other / "milestones" / "extra.yaml"):
        result = invoke("snapshot", "--plan", str(plan), "-o", str(target))
        failed_cleanly(result, 2, "existing YAML file inside a plan directory")
    assert snapshot_of(tmp_path) == before
    # A new report beside the plan is fine.
    assert invoke("snapshot", "--plan", str(plan), "-o", str(plan / "week.json")).exit_code == 0
    json.loads((plan / "week.json").read_text(encoding="utf-8"))


@pytest.mark.skipif(not as_unprivileged(), reason="needs a non-root user (or setpriv)")
def test_output_honours_a_read_only_file(tmp_path: Path) -> None:
    base = world_writable_dir(tmp_path)
    try:
        plan = Path(write_plan(base, ms("a", due="2010-03-01")))
        for p in (plan, *plan.iterdir()):
            p.chmod(0o755 if p.is_dir() else 0o644)
        target = base / "report.md"
        target.write_text("keep me\n", encoding="utf-8")
        target.chmod(0o444)
        args = ["report", "weekly", "--plan", str(plan), "-o", str(target)]
        if IS_ROOT:
            result = run_as_nobody(args, base)
            code, err = result.returncode, result.stderr
        else:
            outcome = invoke(*args)
            code, err = outcome.exit_code, outcome.stderr
        assert code == 2, err
        assert "read-only" in err and "Traceback" not in err
        assert target.read_text(encoding="utf-8") == "keep me\n"
        assert sorted(p.name for p in base.iterdir()) == ["plan", "report.md"]
    finally:
        shutil.rmtree(base, ignore_errors=True)


SECRET = "root:$6$Zx9saltsalt$" + "S3cr3tHash" * 9 + ":19000:0:99999:7:::"


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_a_plan_file_linking_outside_the_plan_is_not_read(tmp_path: Path, fmt: str) -> None:
    plan = plan_dir(tmp_path)
    secret = tmp_path / "shadow"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    (plan / "organisations.yaml").unlink()
    (plan / "organisations.yaml").symlink_to(secret)
    result = invoke("check", "-f", fmt, "--plan", str(plan))
    assert result.exit_code == 2
    assert "file-outside-plan" in result.stdout
    assert "S3cr3t" not in result.stdout + result.stderr and "Zx9salt" not in result.stdout
    status = invoke("status", "--plan", str(plan))
    failed_cleanly(status, 2, "outside the plan directory", "--follow-symlinks")
    assert "S3cr3t" not in status.stderr
    # A milestones/ directory that is a link to elsewhere is outside the plan too.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.yaml").write_text(SECRET + "\n", encoding="utf-8")
    (plan / "organisations.yaml").unlink()
    (plan / "organisations.yaml").write_text(ORGS, encoding="utf-8")
    (plan / "milestones").symlink_to(elsewhere)
    again = invoke("check", "-f", fmt, "--plan", str(plan))
    assert again.exit_code == 2 and "file-outside-plan" in again.stdout
    assert "S3cr3t" not in again.stdout


def test_follow_symlinks_reads_it_and_quotes_only_a_short_excerpt(tmp_path: Path) -> None:
    plan = plan_dir(tmp_path)
    secret = tmp_path / "shadow"
    secret.write_text(f"{SECRET}: x\n", encoding="utf-8")  # a mapping: an unknown key
    (plan / "organisations.yaml").unlink()
    (plan / "organisations.yaml").symlink_to(secret)
    for fmt in ("text", "github"):
        result = invoke("--follow-symlinks", "check", "-f", fmt, "--plan", str(plan))
        assert result.exit_code == 1, result.stdout
        assert "unknown-key" in result.stdout
        assert SECRET[:40] not in result.stdout  # 39 characters at most, then a count
        assert SECRET[:39] in result.stdout
        assert "characters)" in result.stdout


def test_a_link_inside_the_plan_is_read(tmp_path: Path) -> None:
    plan = plan_dir(tmp_path)
    (plan / "orgs-real.yaml").write_text(ORGS, encoding="utf-8")
    (plan / "organisations.yaml").unlink()
    (plan / "organisations.yaml").symlink_to("orgs-real.yaml")
    assert invoke("check", "--plan", str(plan)).exit_code == 0


def test_a_long_value_is_quoted_as_a_short_excerpt(tmp_path: Path) -> None:
    long_key = "k" * 1000  # libyaml takes keys of up to 1,024 characters
    plan = plan_dir(
        tmp_path, ms("a", due="2010-03-01", **{long_key: "x"}) + ms("b", due="x" * 5000)
    )
    result = invoke("check", "--plan", str(plan))
    assert result.exit_code == 1
    for line in result.stdout.splitlines():
        assert len(line) < 600, line[:200]
    assert "(5,000 characters)" in result.stdout and "(1,000 characters)" in result.stdout


# --- injection -------------------------------------------------------------------------------------

CONTROL_TITLE = (
    '"\\e]52;c;aGk=\\a \\e]8;;http://x\\e\\\\link\\e]8;;\\e\\\\ \\e[2J \\x9b31m \\x85 end"'
)


def test_csv_shows_control_characters(tmp_path: Path) -> None:
    plan = plan_dir(tmp_path, ms("a", title=CONTROL_TITLE, due="2010-03-01"))
    result = invoke("status", "-f", "csv", "--plan", str(plan))
    assert result.exit_code == 0
    for raw in ("\x1b", "\x07", "\x9b", "\x85"):
        assert raw not in result.stdout
    assert "\\x1b]52;c;aGk=\\x07" in result.stdout and "\\x9b31m" in result.stdout


def test_github_annotations_escape_control_characters_in_the_file_name(tmp_path: Path) -> None:
    loose = tmp_path / "evil\x1b[31m.yaml"
    loose.write_text("milestones: [\n", encoding="utf-8")
    result = invoke("check", "-f", "github", str(loose))
    assert result.exit_code == 2
    line = result.stdout.splitlines()[0]
    assert line.startswith("::error file=")
    assert "\x1b" not in result.stdout and "evil\\x1b[31m.yaml" in line


def test_json_escapes_c1_controls_and_line_separators(tmp_path: Path) -> None:
    title = '"a\\x85b\\x9bc\\L\\Pd \\u202e e"'  # NEL, CSI, U+2028, U+2029, RLO
    plan = plan_dir(tmp_path, ms("a", title=title, due="2010-03-01"))
    for args in (
        ("status", "-f", "json"),
        ("snapshot",),
        ("show", "a", "-f", "json"),
        ("gantt", "-f", "json"),
    ):
        result = invoke(*args, "--plan", str(plan))
        assert result.exit_code == 0, args
        for raw in ("\x85", "\x9b", "\u2028", "\u2029", "\u202e"):
            assert raw not in result.stdout, (args, raw)
        assert "\\u0085" in result.stdout and "\\u2028" in result.stdout
        assert "a\x85b\x9bc\u2028\u2029d \u202e e" in json.dumps(
            json.loads(result.stdout), ensure_ascii=False
        )
    loose = tmp_path / "bad\u2028\x9b.yaml"  # file names reach the JSON of `check` as they are
    loose.write_text("milestones: [\n", encoding="utf-8")
    check = invoke("check", "-f", "json", str(loose))
    assert check.exit_code == 2
    assert "\u2028" not in check.stdout and "\x9b" not in check.stdout
    assert "bad\\u2028\\u009b.yaml" in check.stdout


def test_markdown_escapes_dollars_and_neutralises_mentions(tmp_path: Path) -> None:
    title = '"Costs $x^2$ for @alice and @nhs/board, mail a@b.org"'
    plan = plan_dir(
        tmp_path,
        ms("a", title=title, due="2010-06-10")
        + ms("b", title='"@carol signs off"', due="2010-06-20", forecast="2010-07-20"),
    )
    status = invoke("status", "-f", "markdown", "--plan", str(plan))
    report = invoke("report", "weekly", "--plan", str(plan))
    for result in (status, report):
        assert result.exit_code == 0
        # Code blocks (the weekly report's Mermaid chart) are shown as they are: GitHub renders
        # neither maths nor mentions in them.
        out = re.sub(r"```.*?```", "", result.stdout, flags=re.S)
        assert "$x" not in out.replace("\\$x", "")
        assert "\\$x^2\\$" in out
        for name in ("@alice", "@nhs/board", "@carol"):
            assert name not in out, name
        assert "@&#8203;alice" in out
    assert "a@b.org" in status.stdout  # an e-mail address mentions nobody: left as written


# --- tracebacks --------------------------------------------------------------------------------------


def test_a_number_of_4301_digits_anywhere(tmp_path: Path) -> None:
    digits = "9" * 4301
    plan = plan_dir(
        tmp_path, ms("a", title=digits, due="2010-03-01", notes=digits) + ms("b", due=digits)
    )
    result = invoke("check", "--plan", str(plan))
    assert result.exit_code == 1
    assert "[invalid-date]" in result.stdout and "(4,301 characters)" in result.stdout


def test_a_merge_key_followed_by_an_override_loads(tmp_path: Path) -> None:
    milestones = (
        "  - &m\n    id: a\n    title: First\n    owner: pmo\n    due: 2010-03-01\n"
        "  - <<: *m\n    id: b\n    title: Second\n"
    )
    plan = plan_dir(tmp_path, milestones)
    result = invoke("status", "-f", "json", "--plan", str(plan))
    assert result.exit_code == 0, result.stderr
    rows = {m["id"]: m for m in json.loads(result.stdout)["milestones"]}
    assert rows["b"]["title"] == "Second" and rows["b"]["due"] == "2010-03-01"
    twice = plan_dir(tmp_path, milestones + "    id: c\n", name="twice")
    check = invoke("check", "--plan", str(twice))
    assert check.exit_code == 1 and "[duplicate-key]" in check.stdout


def test_symlink_loops_as_a_plan_file_and_as_the_plan(tmp_path: Path) -> None:
    plan = plan_dir(tmp_path)
    (plan / "timeline.yaml").unlink()
    (plan / "timeline.yaml").symlink_to("timeline.yaml")
    result = invoke("check", "--plan", str(plan))
    assert result.exit_code == 2 and "symbolic links" in result.stdout
    loop = tmp_path / "loop"
    loop.symlink_to("loop")
    for args in (("status", "--plan", str(loop)), ("check", str(loop))):
        outcome = invoke(*args)
        assert outcome.exit_code == 2
        assert "symbolic links" in outcome.stdout + outcome.stderr


@pytest.mark.skipif(not as_unprivileged(), reason="needs a non-root user (or setpriv)")
@pytest.mark.parametrize("which", ["plan", "milestones"])
def test_an_unreadable_plan_directory(tmp_path: Path, which: str) -> None:
    base = world_writable_dir(tmp_path)
    try:
        plan = Path(write_plan(base, ms("a", due="2010-03-01")))
        (plan / "milestones").mkdir()
        for p in (plan, *plan.iterdir()):
            p.chmod(0o755 if p.is_dir() else 0o644)
        (plan if which == "plan" else plan / "milestones").chmod(0o000)
        for args in (["check", "--plan", str(plan)], ["status", "--plan", str(plan)]):
            if IS_ROOT:
                result = run_as_nobody(args, base)
                code, out = result.returncode, result.stdout + result.stderr
            else:
                outcome = invoke(*args)
                code, out = outcome.exit_code, outcome.stdout + outcome.stderr
            assert code == 2, out
            assert "Permission denied" in out and "Traceback" not in out
    finally:
        for p in base.rglob("*"):
            if p.is_dir() and not p.is_symlink():
                p.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_names_too_long_for_the_file_system(tmp_path: Path) -> None:
    plan = str(plan_dir(tmp_path))
    long = "n" * 300
    cases = [
        ("status", "--plan", long),
        ("check", long),
        ("snapshot", "--plan", plan, "-o", long),
        ("snapshot", "--plan", plan, "-o", f"{long}/x.json"),
        ("report", "weekly", "--plan", plan, "--against", long),
    ]
    for args in cases:
        result = invoke(*args)
        assert result.exit_code == 2, args
        assert "File name too long" in result.stdout + result.stderr, args
        assert len(result.stderr) < 1000, result.stderr


@pytest.mark.parametrize("content", ["huge-int", "deep"])
def test_against_snapshots_with_huge_numbers_or_deep_nesting(tmp_path: Path, content: str) -> None:
    plan = plan_dir(tmp_path)
    snapshot = tmp_path / "week.json"
    if content == "huge-int":
        snapshot.write_text('{"format": "transition-snapshot", "x": ' + "9" * 4301 + "}")
    else:
        snapshot.write_text("[" * 100_000 + "]" * 100_000)
    result = invoke("report", "weekly", "--plan", str(plan), "--against", str(snapshot))
    failed_cleanly(result, 2, "not a snapshot")


# --- hangs and blow-ups -----------------------------------------------------------------------------


def timed(*args: str) -> tuple[float, object]:
    start = time.perf_counter()
    result = invoke(*args)
    return time.perf_counter() - start, result


def test_organisation_parent_chains_are_checked_in_linear_time(tmp_path: Path) -> None:
    n = 3000  # 42 s when the check was cubic
    orgs = "organisations:\n" + "".join(
        f"  - id: o{i}\n    name: O{i}\n"
        + (f"    parent: o{i - 1}\n" if i else "    parent: o2999\n")
        for i in range(n)
    )
    plan = plan_dir(tmp_path, ms("a", owner="o0", due="2010-03-01"))
    (plan / "organisations.yaml").write_text(orgs + "roles: []\n", encoding="utf-8")
    elapsed, result = timed("check", "--plan", str(plan))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stdout.count("[organisation-cycle]") == 1  # type: ignore[attr-defined]
    assert elapsed < 10, elapsed


def test_did_you_mean_is_bounded(tmp_path: Path) -> None:
    n = 1000
    orgs = "organisations:\n" + "".join(
        f"  - id: org-{i:05d}\n    name: O\n    parent: parent-{i:05d}\n" for i in range(n)
    )
    roles = "roles:\n" + "".join(
        f"  - id: role-{i:05d}\n    title: R\n    organisation: orgx-{i:05d}\n" for i in range(n)
    )
    plan = plan_dir(
        tmp_path, "".join(ms(f"m{i}", owner=f"owner-{i:05d}", due="2010-03-01") for i in range(n))
    )
    (plan / "organisations.yaml").write_text(orgs + roles, encoding="utf-8")
    elapsed, result = timed("check", "--plan", str(plan))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stdout.count("\n") > 3 * n  # type: ignore[attr-defined]
    assert elapsed < 15, elapsed


def test_aliases_count_the_characters_they_repeat(tmp_path: Path) -> None:
    big = "x" * 1_000_000
    milestones = (
        f"  - id: a0\n    title: T\n    notes: &t {big}\n    owner: pmo\n    due: 2010-03-01\n"
    )
    milestones += "".join(
        f"  - id: a{i}\n    title: T\n    notes: *t\n    owner: pmo\n    due: 2010-03-01\n"
        for i in range(1, 2000)
    )
    plan = plan_dir(tmp_path, milestones)
    for args in (("check",), ("status", "-f", "json")):
        elapsed, result = timed(*args, "--plan", str(plan))
        assert result.exit_code == 2  # type: ignore[attr-defined]
        assert "aliases expand to more than 5,000,000 characters" in (
            result.stdout + result.stderr  # type: ignore[attr-defined]
        )
        assert elapsed < 10


def test_plan_files_must_be_regular_files(tmp_path: Path) -> None:
    plan = plan_dir(tmp_path)
    (plan / "timeline.yaml").unlink()
    os.mkfifo(plan / "timeline.yaml")  # nobody writes it: reading would block forever
    result = invoke("check", "--plan", str(plan))
    assert result.exit_code == 2 and "[not-a-regular-file]" in result.stdout
    zero = plan_dir(tmp_path, name="zero")
    (zero / "organisations.yaml").unlink()
    (zero / "organisations.yaml").symlink_to("/dev/zero")
    assert "[file-outside-plan]" in invoke("check", "--plan", str(zero)).stdout
    followed = invoke("--follow-symlinks", "check", "--plan", str(zero))
    assert followed.exit_code == 2 and "[not-a-regular-file]" in followed.stdout
    device = invoke("check", "/dev/zero")
    assert device.exit_code == 2 and "[not-a-regular-file]" in device.stdout


def test_plan_files_have_a_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nhs_transition.load import files

    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1024)
    plan = plan_dir(tmp_path, "".join(ms(f"m{i}", due="2010-03-01") for i in range(40)))
    result = invoke("check", "--plan", str(plan))
    assert result.exit_code == 2
    assert "[file-too-large]" in result.stdout and "over the limit" in result.stdout


def test_titles_have_a_length_limit(tmp_path: Path) -> None:
    plan = plan_dir(tmp_path, ms("a", title="word " * 400_000, due="2010-03-01"))
    elapsed, result = timed("show", "a", "--plan", str(plan))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "over the limit of 1,000" in result.stderr  # type: ignore[attr-defined]
    assert elapsed < 10


def test_a_repeated_dependency_is_one_warning(tmp_path: Path) -> None:
    deps = "[" + ", ".join(["a"] * 100_000) + "]"
    plan = plan_dir(
        tmp_path, ms("a", due="2010-03-01") + ms("b", due="2010-04-01", depends_on=deps)
    )
    result = invoke("check", "--plan", str(plan))
    assert result.exit_code == 0
    assert result.stdout.count("[duplicate-dependency]") == 1
    assert "100,000 times" in result.stdout


def test_a_huge_columns_is_clamped(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from nhs_transition.cli import app

    plan = plan_dir(tmp_path)
    start = time.perf_counter()
    result = CliRunner().invoke(
        app, ["status", "--plan", str(plan)], env={"COLUMNS": "99999999", "NO_COLOR": "1"}
    )
    assert result.exit_code == 0
    assert time.perf_counter() - start < 5
    assert max(len(line) for line in result.stdout.splitlines()) <= 1000


# --- messages and leniency ---------------------------------------------------------------------------


def test_nul_bytes_and_utf16_are_named_where_they_are(tmp_path: Path) -> None:
    plan = plan_dir(tmp_path)
    text = (plan / "timeline.yaml").read_text(encoding="utf-8")
    (plan / "timeline.yaml").write_bytes(text.replace("  name:", "  na\x00me:").encode())
    result = invoke("check", "--plan", str(plan))
    assert result.exit_code == 2
    assert "timeline.yaml:3:5: error: a NUL byte" in result.stdout
    assert "position" not in result.stdout
    (plan / "timeline.yaml").write_bytes(text.encode("utf-16-le"))
    utf16 = invoke("check", "--plan", str(plan))
    assert utf16.exit_code == 2 and "looks like UTF-16" in utf16.stdout


def test_strict_scalars(tmp_path: Path) -> None:
    plan = plan_dir(
        tmp_path,
        ms("a", due='"\u0662\u0660\u0661\u0660-03-01"', duration="\uff11\uff10d")
        + ms("b", due="2010-04-01", depends_on="[true]", not_before="2010-01-0\uff11"),
        programme_extra="  amber_tolerance_days: true\n  float_warning_days: 1_4\n",
    )
    result = invoke("check", "--plan", str(plan))
    assert result.exit_code == 1
    out = result.stdout
    assert "amber_tolerance_days: expected a whole number, found the true/false value 'true'" in out
    assert "float_warning_days: expected a whole number, found the value '1_4'" in out
    assert "due: '\u0662\u0660\u0661\u0660-03-01' is not a date" in out
    assert "duration: '\uff11\uff10d' is not a duration" in out
    assert "not_before: '2010-01-0\uff11' is not a date" in out
    assert "depends_on item 1: expected a milestone id" in out and "'True'" not in out


def test_a_float_too_large_is_not_infinity(tmp_path: Path) -> None:
    plan = plan_dir(tmp_path, programme_extra="  amber_tolerance_days: " + "9" * 400 + ".0\n")
    result = invoke("check", "--plan", str(plan))
    assert result.exit_code == 1
    assert "expected a whole number" in result.stdout and "inf" not in result.stdout


def test_an_unknown_workstream_lists_a_few(tmp_path: Path) -> None:
    plan = plan_dir(
        tmp_path,
        "".join(ms(f"m{i}", workstream=f"stream-{i}", due="2010-03-01") for i in range(500)),
    )
    result = invoke("gantt", "-w", "nope", "--plan", str(plan))
    failed_cleanly(result, 2, "no workstream 'nope'", "and 492 more")
    assert len(result.stderr) < 400


def test_the_organisations_file_as_the_plan(tmp_path: Path) -> None:
    plan = plan_dir(tmp_path)
    organisations = str(plan / "organisations.yaml")
    assert invoke("check", "--plan", organisations).exit_code == 0
    assert invoke("status", "--plan", organisations).exit_code == 0
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    (lonely / "organisations.yaml").write_text(ORGS, encoding="utf-8")
    result = invoke("check", str(lonely / "organisations.yaml"))
    assert result.exit_code == 1 and "[missing-programme]" in result.stdout


@pytest.mark.skipif(not IS_ROOT or shutil.which("git") is None, reason="needs root and git")
def test_git_dubious_ownership_is_named(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    plan = Path(write_plan(repo, ms("a", due="2010-03-01")))
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "plan"], cwd=repo, check=True)
    for p in [repo, *repo.rglob("*")]:
        os.lchown(p, 65534, 65534)
    result = invoke("report", "weekly", "--plan", str(plan), "--against", "HEAD")
    failed_cleanly(result, 2, "dubious ownership", "safe.directory")
    assert "not inside a git repository" not in result.stderr


# --- the atomic writer -------------------------------------------------------------------------------


def test_write_atomic_replaces_whole_and_keeps_the_mode(tmp_path: Path) -> None:
    from nhs_transition.edit.atomic import write_atomic

    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "new \u2028 text")
    assert target.read_text(encoding="utf-8") == "new \u2028 text"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    write_atomic(target, b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"
    fresh = tmp_path / "fresh.txt"
    write_atomic(str(fresh), "x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.txt", "out.txt"]


_WRITER = """
import sys
from nhs_transition.edit.atomic import write_atomic
target, marker, size = sys.argv[1], sys.argv[2].encode(), int(sys.argv[3])
while True:
    write_atomic(target, marker * size)
    marker = b"B" if marker == b"A" else b"A"
"""


def test_sigkill_at_random_moments_leaves_the_old_file_or_the_new_one(tmp_path: Path) -> None:
    target = tmp_path / "big.out"
    size = 8 * 1024 * 1024
    target.write_bytes(b"O" * size)
    rng = random.Random(13)
    for _ in range(8):
        process = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(target), "A", str(size)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, 0.6))
        process.kill()
        process.wait()
        data = target.read_bytes()
        assert len(data) == size
        assert data in (b"O" * size, b"A" * size, b"B" * size)
    for leftover in tmp_path.glob(".big.out.*.tmp"):  # SIGKILL cannot be caught
        leftover.unlink()


_SLOW_WRITER = """
import os, sys, time
from nhs_transition.edit import atomic
real_write = os.write
def slow_write(fd, data):
    time.sleep(0.01)
    return real_write(fd, bytes(data[:4096]))
atomic.os.write = slow_write
atomic.write_atomic(sys.argv[1], b"N" * 4096 * 1000)
"""


def test_sigterm_during_a_write_removes_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old\n", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(target)])
    deadline = time.monotonic() + 20
    while not list(tmp_path.glob(".report.md.*.tmp")):
        assert time.monotonic() < deadline, "the writer never started"
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == -signal.SIGTERM
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_excerpt_escapes_and_cuts() -> None:
    from nhs_transition.errors import excerpt

    assert excerpt("short\x1b[2J") == "short\\x1b[2J"
    long = "a\u2026\x1b" * 30
    cut = excerpt(long)
    assert "\x1b" not in cut and cut.endswith("\u2026 (90 characters)")
    assert len(cut) < 120


def test_did_you_mean_still_finds_the_name_among_thousands() -> None:
    from nhs_transition.errors import did_you_mean

    names = [f"trust-{i:05d}-board" for i in range(5000)] + ["consultation-close"]
    assert did_you_mean("consultaton-close", names) == " (did you mean 'consultation-close'?)"
    assert did_you_mean("trust-01234-bored", names) == " (did you mean 'trust-01234-board'?)"
    assert did_you_mean("trust-01234-board", names, exclude="trust-01234-board") != (
        " (did you mean 'trust-01234-board'?)"
    )
    assert did_you_mean("x" * 500, names) == ""


@pytest.mark.skipif(not IS_ROOT, reason="only root may give a file to another user")
def test_write_atomic_keeps_the_owner(tmp_path: Path) -> None:
    from nhs_transition.edit.atomic import write_atomic

    target = tmp_path / "theirs.txt"
    target.write_text("old", encoding="utf-8")
    os.chown(target, 65534, 65534)
    write_atomic(target, "new")
    info = target.stat()
    assert (info.st_uid, info.st_gid) == (65534, 65534)
    assert target.read_text(encoding="utf-8") == "new"


def test_sigkill_of_the_cli_mid_output_leaves_no_partial_file(tmp_path: Path) -> None:
    milestones = "".join(
        ms(f"m{i}", due="2010-06-01", depends_on=f"[m{i - 1}]" if i else "[]") for i in range(2000)
    )
    plan = write_plan(tmp_path, milestones)
    target = tmp_path / "week.json"
    command = [sys.executable, "-c", "from nhs_transition.cli import main; main()"]
    args = ["snapshot", "--plan", plan, "-o", str(target)]
    env = {**os.environ, "TRANSITION_PLAN": ""}
    subprocess.run([*command, *args], env=env, check=True, timeout=60)
    whole = target.read_bytes()
    rng = random.Random(17)
    for _ in range(3):
        process = subprocess.Popen([*command, *args], env=env)
        time.sleep(rng.uniform(0.2, 1.0))
        process.kill()
        process.wait()
        assert target.read_bytes() == whole  # the old file or the new one, same plan: same bytes
