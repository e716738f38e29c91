"""The corpus tier is opt-in, says so in the header, and once asked for never runs partly or skips.

Each test runs pytest in a child process on a made-up corpus of empty files: only
collection and the tier's rules are under test here, not the linter.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, command_env
from realdata import CORPUS_BOOKS, CORPUS_ENV, CORPUS_LISTS, VENDORED_LISTS


def make_corpus(root: Path, lists: int = CORPUS_LISTS, books: int = CORPUS_BOOKS) -> Path:
    """A folder shaped like the shared corpus: ``lists`` lists and ``books`` books files."""
    (root / "lists").mkdir(parents=True)
    for number in range(lists):
        (root / "lists" / f"list-{number:02}.md").write_text("# List\n", encoding="utf-8")
    (root / "free-programming-books" / "books").mkdir(parents=True)
    for number in range(books):
        (root / "free-programming-books" / "books" / f"book-{number:03}.md").write_text("# Books\n", encoding="utf-8")
    return root


def pytest_run(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """pytest in a child process, without the caller's AWESOME_LINT_* (so without its corpus request)."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        env=command_env(env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def collected(output: str) -> list[str]:
    """The test ids of ``--collect-only`` output (its tree of ``<Function name[id]>`` lines)."""
    return [line.strip()[len("<Function ") : -1] for line in output.splitlines() if "<Function " in line]


def request(corpus: Path, how: str) -> tuple[list[str], dict[str, str] | None]:
    """The pytest arguments and environment that ask for the tier on ``corpus``."""
    if how == "option":
        return [f"--corpus={corpus}"], None
    return [], {CORPUS_ENV: str(corpus)}


def shown(corpus: Path, how: str) -> str:
    return f"--corpus={corpus}" if how == "option" else f"{CORPUS_ENV}={corpus}"


def test_not_requested_deselects_the_tier_and_says_how_to_request_it() -> None:
    done = pytest_run("--collect-only", "tests/test_corpus.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        "corpus tier: not requested, so its tests are deselected (the default suite uses the copies in tests/data); "
        f"run it with --corpus=DIR or {CORPUS_ENV}=DIR" in done.stdout
    )
    assert " deselected" in done.stdout
    ids = collected(done.stdout)
    assert [i for i in ids if i.startswith("test_real_file")] == [
        f"test_real_file[data/lists/{path.name}]" for path in VENDORED_LISTS
    ]
    assert "test_vendored_totals" in ids
    assert not [i for i in ids if "corpus" in i]


@pytest.mark.parametrize("how", ["option", "environment"])
def test_requested_runs_every_corpus_file_and_names_the_folder(how: str, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    args, env = request(corpus, how)
    done = pytest_run("--collect-only", "tests/test_corpus.py", *args, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"corpus tier: {corpus}, 18 lists and 215 free-programming-books files ({shown(corpus, how)})" in done.stdout
    assert "deselected" not in done.stdout
    ids = collected(done.stdout)
    assert len([i for i in ids if i.startswith("test_real_file[corpus/")]) == CORPUS_LISTS + CORPUS_BOOKS
    assert "test_real_file[corpus/free-programming-books/books/book-214.md]" in ids
    assert "test_corpus_totals" in ids


def test_the_option_wins_over_the_environment(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    done = pytest_run("--collect-only", "-q", f"--corpus={corpus}", env={CORPUS_ENV: str(tmp_path / "nowhere")})
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("shape", "how", "problem"),
    [
        pytest.param(None, "option", "is not a folder", id="missing-option"),
        pytest.param(None, "environment", "is not a folder", id="missing-environment"),
        pytest.param((17, 215), "option", "it has 17 and 215", id="a-list-short"),
        pytest.param((18, 0), "environment", "it has 18 and 0", id="no-books"),
    ],
)
def test_requested_but_missing_or_incomplete_is_a_usage_error(
    shape: tuple[int, int] | None, how: str, problem: str, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    if shape is not None:
        make_corpus(corpus, *shape)
    args, env = request(corpus, how)
    done = pytest_run("--collect-only", "-q", *args, env=env)
    assert done.returncode == pytest.ExitCode.USAGE_ERROR, done.stdout + done.stderr
    assert f"ERROR: the corpus tier was asked for ({shown(corpus, how)}), but {corpus} " in done.stderr
    assert problem in done.stderr


SKIPPING = '''
import pytest


@pytest.mark.corpus
def test_skips_inside_the_tier(corpus):
    pytest.skip("no time")


def test_asks_for_the_corpus_unmarked(corpus):
    pass


@pytest.mark.corpus
def test_runs_inside_the_tier(corpus):
    assert len(corpus.files) == 233
'''


def test_a_skip_inside_the_requested_tier_fails(tmp_path: Path) -> None:
    """Checked on a copy of the test setup, with test modules written for the purpose."""
    copy = tmp_path / "repo"
    (copy / "tests").mkdir(parents=True)
    shutil.copy2(REPO / "pyproject.toml", copy / "pyproject.toml")
    for name in ("conftest.py", "realdata.py"):
        shutil.copy2(REPO / "tests" / name, copy / "tests" / name)
    (copy / "tests" / "test_tier.py").write_text(SKIPPING, encoding="utf-8")
    corpus = make_corpus(tmp_path / "corpus")
    done = pytest_run("-vv", "-rA", f"--corpus={corpus}", cwd=copy)  # -vv: untruncated summary lines
    assert done.returncode == pytest.ExitCode.TESTS_FAILED, done.stdout + done.stderr
    summary = [line for line in done.stdout.splitlines() if line.startswith(("PASSED", "FAILED", "ERROR", "SKIPPED"))]
    assert sorted(summary) == [
        "ERROR tests/test_tier.py::test_asks_for_the_corpus_unmarked - Failed: the corpus fixture is for tests "
        "marked @pytest.mark.corpus, run with --corpus=DIR",
        "FAILED tests/test_tier.py::test_skips_inside_the_tier - a test of the corpus tier, which was asked for, "
        f"must not skip: Skipped: no time ({copy / 'tests' / 'test_tier.py'}:7)",
        "PASSED tests/test_tier.py::test_runs_inside_the_tier",
    ]
    without = pytest_run("-q", cwd=copy)
    assert without.returncode == pytest.ExitCode.TESTS_FAILED, without.stdout + without.stderr
    assert "2 deselected, 1 error" in without.stdout
