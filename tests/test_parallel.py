"""Parallel runs: the same report and the same bytes on disk as one process, in the same order."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import command_env

from awesome_lint.run.jobs import MIN_PARALLEL_BYTES, Job, workers_for


def make_lists(folder: Path, count: int, entries: int) -> list[str]:
    """``count`` lists with drifting numbers, http:// links, mojibake and duplicates, ``entries`` items each."""
    names = []
    for index in range(count):
        lines = [f"# Awesome {index}", ""]
        for item in range(entries):
            number = item + 1 + (item > entries // 2)  # a skipped number halfway
            scheme = "http" if item % 7 == 0 else "https"
            word = "itâ€™s" if item % 11 == 0 else "it is"
            lines.append(f"{number}. [P{item}]({scheme}://example.com/{index}/{item % (entries - 3)}) - {word} good.")
        name = f"list-{index:02}.md"
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        names.append(name)
    return names


def awesome_lint(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--no-cache", *args],
        cwd=folder,
        env=command_env(),
        capture_output=True,
        timeout=300,
    )


@pytest.fixture
def lists(tmp_path: Path) -> list[str]:
    names = make_lists(tmp_path, 8, 900)  # ~8 x 60 KB: enough to fan out
    assert sum((tmp_path / name).stat().st_size for name in names) > MIN_PARALLEL_BYTES
    return names


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github"])
def test_parallel_output_is_byte_identical(tmp_path: Path, lists: list[str], output_format: str) -> None:
    one = awesome_lint(tmp_path, "--jobs", "1", "--output-format", output_format, *lists)
    two = awesome_lint(tmp_path, "--jobs", "2", "--output-format", output_format, "-v", *lists)
    assert one.returncode == two.returncode == 1
    assert two.stdout == one.stdout
    assert b"in 2 processes" in two.stderr
    assert one.stdout.count(b"list-07.md") > 10


def test_parallel_fixes_write_the_same_bytes(tmp_path: Path, lists: list[str]) -> None:
    serial = tmp_path / "serial"
    serial.mkdir()
    for name in lists:
        (serial / name).write_bytes((tmp_path / name).read_bytes())
    one = awesome_lint(serial, "--jobs", "1", "--fix", *lists)
    two = awesome_lint(tmp_path, "--jobs", "2", "--fix", "-v", *lists)
    assert b"in 2 processes" in two.stderr
    assert (one.returncode, one.stdout) == (two.returncode, two.stdout)
    for name in lists:
        fixed = (tmp_path / name).read_bytes()
        assert fixed == (serial / name).read_bytes()
        assert "itâ€™s".encode() not in fixed


def test_small_runs_stay_in_process(tmp_path: Path) -> None:
    names = make_lists(tmp_path, 3, 20)
    done = awesome_lint(tmp_path, "-v", *names)
    assert b"3 linted in this process" in done.stderr


def test_a_worker_that_dies_fails_only_its_own_file(tmp_path: Path, lists: list[str]) -> None:
    """A rule that kills its process on one file (as the out-of-memory killer would): that file gets an
    error, every other file is still linted and reported."""
    (tmp_path / lists[3]).write_text((tmp_path / lists[3]).read_text() + "KILLME\n", encoding="utf-8")
    script = """
import os, signal, runpy
from awesome_lint.findings import Violation
from awesome_lint.rules import all_rules
from awesome_lint.rules.base import Rule
all_rules()
class Killer(Rule):
    '''Kills its process on KILLME (a test rule).'''
    code = "AL990"
    name = "test-killer"
    summary = "Test: die"
    def check(self, document):
        if "KILLME" in document.text:
            os.kill(os.getpid(), signal.SIGKILL)
        return iter(())
runpy.run_module("awesome_lint", run_name="__main__", alter_sys=True)
"""
    done = subprocess.run(
        [sys.executable, "-c", script, "--no-cache", "--jobs", "2", "--output-format", "json", *lists],
        cwd=tmp_path,
        env=command_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"awesome-lint: error: {lists[3]}: internal error: the process linting it stopped "
        "(killed, or out of memory); please report this\n"
    )
    import json

    reported = {item["path"] for item in json.loads(done.stdout)}
    assert reported == set(lists) - {lists[3]}


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_jobs_must_be_a_positive_number(tmp_path: Path, value: str) -> None:
    done = awesome_lint(tmp_path, "--jobs", value, "x.md")
    assert done.returncode == 2
    assert (
        f"awesome-lint: error: argument -j/--jobs: invalid number of jobs '{value}': give a whole number, 1 or more"
    ) in done.stderr.decode()


def test_how_many_workers() -> None:
    def jobs(*sizes: int) -> list[Job]:
        return [Job(0, f"{i}.md", f"{i}.md", b"x" * size) for i, size in enumerate(sizes)]

    assert workers_for(jobs(400_000, 400_000), 1) == 1  # --jobs 1 means this process
    assert workers_for(jobs(1_000_000), 8) == 1  # one file cannot be shared
    assert workers_for(jobs(*[10_000] * 20), 8) == 1  # 200 KB: not worth starting processes
    assert workers_for(jobs(*[100_000] * 3), 8) == 2  # 300 KB: two workers' worth
    assert workers_for(jobs(*[100_000] * 20), 4) == 4  # never more than asked
