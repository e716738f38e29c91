"""Options as a ruff user expects them: paths after ``--``, combinations refused or warned about, -v.

Through the real command in a subprocess, with the test rules of conftest.py
(AL991 test-http error, AL992 test-todo warning) unless the real rules matter.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., "subprocess.CompletedProcess[str]"]

HTTP = "# Awesome Things\n\n- [A](http://a.example) - A thing.\n"


def test_paths_after_a_double_dash_may_start_with_a_dash(run: Run, tmp_path: Path) -> None:
    (tmp_path / "-weird.md").write_text(HTTP, encoding="utf-8")
    (tmp_path / "--odd.md").write_text(HTTP, encoding="utf-8")
    done = run("--output-format", "json", "--", "-weird.md", "--odd.md")
    assert done.returncode == 1, done.stderr
    assert [item["path"] for item in json.loads(done.stdout)] == ["--odd.md", "-weird.md"]
    done = run("-q", "--", "-weird.md")
    assert done.stdout == "-weird.md:3:7: error: AL991 [test-http] http link http://a.example\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--config", "awesome-lint.toml", "--isolated"],
            "--config and --isolated cannot be used together: --isolated ignores every configuration file",
        ),
        (
            ["--statistics", "--output-format", "github"],
            "--statistics counts findings per rule; the github format reports each finding "
            "(use --output-format text or json with --statistics)",
        ),
        (
            ["--statistics", "--output-format", "sarif"],
            "--statistics counts findings per rule; the sarif format reports each finding "
            "(use --output-format text or json with --statistics)",
        ),
        (
            ["--diff", "--output-format", "json"],
            "--diff prints a unified diff; it cannot be combined with --output-format json",
        ),
        (["--diff", "--statistics"], "--diff prints a unified diff; it cannot be combined with --statistics"),
        (
            ["--ignore", "ALL"],
            "no rule is selected (ignored: ALL): nothing would be checked; select at least one rule",
        ),
        (
            ["--select", "AL991", "--ignore", "test-http"],
            "no rule is selected (ignored: test-http): nothing would be checked; select at least one rule",
        ),
    ],
)
def test_contradictions_are_refused(run: Run, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "README.md").write_text(HTTP, encoding="utf-8")
    (tmp_path / "awesome-lint.toml").write_text("", encoding="utf-8")
    done = run(*args, "README.md")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"awesome-lint: error: {message}\n")


def test_a_configuration_that_ignores_every_rule_is_refused(run: Run, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(HTTP, encoding="utf-8")
    (tmp_path / "awesome-lint.toml").write_text('ignore = ["ALL"]\n', encoding="utf-8")
    done = run("README.md")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"awesome-lint: error: no rule is selected with the configuration in {tmp_path / 'awesome-lint.toml'} "
        "(ignored: ALL): nothing would be checked; select at least one rule\n"
    )


@pytest.mark.parametrize(
    ("args", "warning"),
    [
        (["--unsafe-fixes"], "--unsafe-fixes has no effect without --fix or --diff"),
        (["--diff", "--show-fixes"], "--show-fixes has no effect with --diff: the diff shows every fix"),
    ],
)
def test_options_that_do_nothing_are_warned_about(run: Run, tmp_path: Path, args: list[str], warning: str) -> None:
    (tmp_path / "README.md").write_text(HTTP, encoding="utf-8")
    done = run(*args, "README.md")
    assert done.stderr.splitlines()[0] == f"awesome-lint: warning: {warning}"
    assert done.returncode == (0 if "--diff" in args else 1)


def test_the_environment_format_does_not_block_a_diff(run: Run, tmp_path: Path) -> None:
    """AWESOME_LINT_OUTPUT_FORMAT=json set for a CI job must not make `--diff` an error."""
    (tmp_path / "README.md").write_text(HTTP, encoding="utf-8")
    done = run("--diff", "README.md", env={"AWESOME_LINT_OUTPUT_FORMAT": "json"})
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "Would fix 0 problems.\n")


def test_statistics_as_json(run: Run, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(HTTP + "TODO\n", encoding="utf-8")
    done = run("--statistics", "--output-format", "json", "README.md")
    assert json.loads(done.stdout) == [
        {"code": "AL991", "name": "test-http", "count": 1, "fixable": 0},
        {"code": "AL992", "name": "test-todo", "count": 1, "fixable": 0},
    ]


def test_verbose_names_each_files_configuration_and_the_phases(run: Run, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(HTTP, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "b.md").write_text(HTTP, encoding="utf-8")
    (tmp_path / "docs" / "awesome-lint.toml").write_text('ignore = ["AL992"]\n', encoding="utf-8")
    done = run("-v", "a.md", "docs/b.md")
    lines = done.stderr.splitlines()
    assert lines[:2] == [
        "awesome-lint: a.md: configuration (none: defaults)",
        f"awesome-lint: docs/b.md: configuration {tmp_path / 'docs' / 'awesome-lint.toml'}",
    ]
    linted = r"awesome-lint: a\.md: linted \(parse [\d.]+ ms, rules [\d.]+ ms, .*total [\d.]+ ms\)"
    assert re.fullmatch(linted, lines[2])
    assert lines[-2].startswith("awesome-lint: 2 linted in this process, 0 from the cache (cache ")
    assert re.fullmatch(
        r"awesome-lint: phases: collect [\d.]+ ms, read [\d.]+ ms, lint [\d.]+ ms, report [\d.]+ ms; total [\d.]+ ms",
        lines[-1],
    )
    assert done.stdout.count("AL991") == 2  # the report itself is unchanged
    warm = run("-v", "a.md", "docs/b.md").stderr.splitlines()
    assert "awesome-lint: a.md: from the cache" in warm
    assert warm[-2].startswith("awesome-lint: 0 linted in this process, 2 from the cache")


def test_the_internal_error_code_is_explained(run: Run) -> None:
    done = run("rule", "AL000", real_rules=True)
    assert done.returncode == 0
    assert done.stdout.startswith("AL000 internal-error\n\nawesome-lint failed on this file")
    assert "What it does" in done.stdout and "please report it" in done.stdout
    assert run("rule", "internal-error", real_rules=True).stdout == done.stdout
    listed = json.loads(run("rules", "--output-format", "json", real_rules=True).stdout)
    assert listed[0]["code"] == "AL000"


def test_the_internal_error_code_cannot_be_selected_or_ignored(run: Run, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(HTTP, encoding="utf-8")
    for option in ("--select", "--ignore"):
        done = run(option, "AL000", "README.md", real_rules=True)
        assert done.returncode == 2
        assert done.stderr == (
            f"awesome-lint: error: {option}: AL000 (internal-error) cannot be selected or ignored: "
            "it is always reported\n"
        )
