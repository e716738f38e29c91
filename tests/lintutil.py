"""Lint a string with chosen rules and get back what users see: positions and messages."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from awesome_lint.engine import Linter, select_rules

REPO = Path(__file__).resolve().parents[1]


def lint(text: str, *rules: str) -> list[tuple[int, int, int, int, str]]:
    """(line, column, end_line, end_column, message) of each finding, in report order."""
    result = Linter(select_rules(list(rules))).lint_text(text, "README.md")
    assert result.error is None
    assert not result.internal_error, result.findings
    return [(f.line, f.column, f.end_line, f.end_column, f.message) for f in result.findings]


def snapshot_checkout(dest: Path) -> Path:
    """A copy of this checkout's working tree: tracked files, and untracked ones git does not ignore.

    pre-commit's try-repo and the action's install see only committed or staged files;
    a copy committed to a throwaway repository makes the tests see the working tree.
    """
    assert (REPO / ".git").exists(), "these tests run from a git checkout of this repository"
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, dest / name)
    return dest


def lint_in(files: dict[str, str], *rules: str, document: str = "README.md") -> list[tuple[int, int, int, int, str]]:
    """Like :func:`lint`, for ``document`` among ``files``: a repository given in memory."""
    from awesome_lint.project import MemoryProject

    project = MemoryProject(files, document)
    result = Linter(select_rules(list(rules))).lint_text(files[document], document, project)
    assert result.error is None
    assert not result.internal_error, result.findings
    return [(f.line, f.column, f.end_line, f.end_column, f.message) for f in result.findings]
