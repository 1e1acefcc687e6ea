"""Start-up: the console script builds only the command it runs, typer converts plain option
values without pydantic, and a command on a cached plan imports no YAML reader, no rules and no
validator. Each changes nothing a user sees, which is what these tests compare."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.core import _TyperParameter
from typer.testing import CliRunner

from nhs_transition import cli
from nhs_transition.cli import app, coercion

ENV = {"COLUMNS": "100", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "TRANSITION_PLAN": ""}
runner = CliRunner()


def run_main(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[object, str, str]:
    """Run the console script's `main` with these arguments: (exit code, stdout, stderr)."""
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["transition", *args])
    code: object = 0
    try:
        cli.main()
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["--verbose", "status", "--format", "json"],
        ["status", "--no-cache", "-r", "red"],
        ["status", "--help"],
        ["status", "--bogus"],
        ["status", "--format", "bogus"],
        ["check", "--format", "json"],
        ["report", "--help"],
        ["report", "weekly", "--format", "text"],
        ["returns", "tempate"],
        ["stauts"],
        ["--help"],
        [],
        ["--version"],
        ["--follow-symlinks", "critical-path", "--to", "nosuch"],
    ],
    ids=lambda a: " ".join(a) or "(none)",
)
def test_the_console_script_says_what_the_whole_app_says(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lean = run_main(args, capsys, monkeypatch)
    with monkeypatch.context() as whole:
        whole.setattr(cli, "_app_for", lambda args: app)
        assert run_main(args, capsys, monkeypatch) == lean


def test_the_console_script_builds_the_one_command_it_runs() -> None:
    lean = cli._app_for(["--verbose", "status", "--format", "json"])
    assert [c.name for c in lean.registered_commands] == ["status"]
    assert lean.registered_groups == []
    assert [g.name for g in cli._app_for(["report", "weekly"]).registered_groups] == ["report"]
    for args in (["--help"], ["-V", "status"], ["stauts"], [], ["--", "status"]):
        assert cli._app_for(args) is app


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--format", "JSON"],
        ["status", "-r", "red", "-r", "AMBER", "-w", "structures"],
        ["status", "--rating", "bogus"],
        ["status", "--by", "Organisation"],
        ["status", "--due-within", "4w", "--as-of", "2011-06-30"],
        ["status", "-w", "nosuch"],
        ["check", "--format", "github", "--strict"],
        ["critical-path", "--format", "json"],
        ["slippage", "--as-of", "2011-06-30"],
        ["show", "sha-abolished"],
        ["status", "--output", ""],
    ],
    ids=" ".join,
)
def test_options_convert_as_typer_converts_them(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = runner.invoke(app, args, env=ENV)
    [typer_own] = coercion.TYPER_OWN
    monkeypatch.setattr(_TyperParameter, "get_runtime_param", typer_own)
    own = runner.invoke(app, args, env=ENV)
    assert (plain.exit_code, plain.stdout, plain.stderr) == (own.exit_code, own.stdout, own.stderr)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["status", "--format", "jsno"],
            "Invalid value for '--format' / '-f': 'jsno' is not one of table, json, csv, "
            "markdown (did you mean 'json'?)",
        ),
        (
            ["status", "--by", "bogus"],
            "Invalid value for '--by': 'bogus' is not one of organisation, type, region, "
            "workstream, owner",
        ),
    ],
)
def test_a_value_that_is_not_a_choice_is_refused_naming_the_choices_plainly(
    args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = runner.invoke(app, args, env=ENV)
    assert plain.exit_code == 2
    assert message in " ".join(plain.stderr.split())
    assert "Value error" not in plain.stderr
    # Typer's own conversion refuses the same value (in pydantic's words).
    [typer_own] = coercion.TYPER_OWN
    monkeypatch.setattr(_TyperParameter, "get_runtime_param", typer_own)
    assert runner.invoke(app, args, env=ENV).exit_code == 2


# What each command leaves out on a cached plan: the YAML reader, the rules, pydantic's validators
# and its plugin loader (typer's adapters load it), and pydantic's models themselves (the plan
# comes back as plain twins; `check` does not even read it back).
LEFT_OUT = {
    "status": (
        "nhs_transition.yamlsrc",
        "nhs_transition.load.reader",
        "nhs_transition.checks",
        "typer._adapters",
        "pydantic.plugin._loader",
        "pydantic.main",
        "nhs_transition.model",
    ),
    "check": (
        "nhs_transition.yamlsrc",
        "nhs_transition.checks",
        "typer._adapters",
        "pydantic.main",
        "nhs_transition.model",
    ),
}


@pytest.mark.parametrize("command", sorted(LEFT_OUT))
def test_a_command_on_a_cached_plan_leaves_out_what_makes_a_first_run_slow(
    command: str, tmp_path: Path
) -> None:
    probe = (
        "import sys\n"
        "from nhs_transition.cli import main\n"
        f"sys.argv = ['transition', '{command}']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"sys.stderr.write(' '.join(n for n in {LEFT_OUT[command]!r} if n in sys.modules))\n"
    )
    env = {**ENV, "TRANSITION_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""}
    first = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert "nhs_transition.yamlsrc" in first.stderr  # the first run reads the plan
    second = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert second.stdout == first.stdout
    assert second.stderr == ""


def test_check_on_a_cached_plan_still_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    first = runner.invoke(app, ["--verbose", "check"], env=ENV)
    assert "Liberating the NHS" in first.stderr
    again = runner.invoke(app, ["--verbose", "check"], env=ENV)
    assert (again.exit_code, again.stdout, again.stderr) == (
        first.exit_code,
        first.stdout,
        first.stderr,
    )
