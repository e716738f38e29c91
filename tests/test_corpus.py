"""Smoke tests on real lists: the 18 awesome lists and the 215 free-programming-books files.

Each file must lint without an internal error and without being refused, every
finding must lie inside the file, and URL findings must point at the URL itself.
Counts are bounded, not pinned (rules are still changing): a rule that starts
firing on every line fails, a rule that finds one more duplicate does not.
Run with ``-s`` to see the counts per rule and per file.

The corpus lives in ``../shared/corpus`` next to the repository; it exists in
CI, so its absence is a failure, not a skip.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from awesome_lint.engine import FileResult, Linter

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
LISTS = CORPUS / "lists"
BOOKS = CORPUS / "free-programming-books"

URL_RULES = {"insecure-url", "duplicate-url"}

# Generous bounds. Today the corpus gives about 0.4 findings per KB overall and at
# most 3.6 per KB in one file (a short list of http:// links).
MAX_PER_KB_IN_A_FILE = 10.0
MAX_PER_KB_OVERALL = 2.0
MAX_PER_KB_ONE_RULE = 1.5


def _files() -> list[Path]:
    lists = sorted(LISTS.glob("*.md")) if LISTS.is_dir() else []
    books = sorted(BOOKS.rglob("*.md")) if BOOKS.is_dir() else []
    return lists + books


FILES = _files()


def _id(path: Path) -> str:
    return str(path.relative_to(CORPUS))


@functools.cache
def _lint(path: Path) -> FileResult:
    return Linter().lint_file(path)


def test_corpus_present() -> None:
    if not LISTS.is_dir() or not BOOKS.is_dir():
        pytest.fail(
            f"the shared corpus is missing ({LISTS} and {BOOKS}). "
            "These tests need ../shared/corpus next to the repository (it exists in CI)."
        )
    assert len(sorted(LISTS.glob("*.md"))) == 18
    assert len(sorted(BOOKS.rglob("*.md"))) == 215


@pytest.mark.parametrize("path", FILES, ids=[_id(path) for path in FILES])
def test_corpus_file(path: Path) -> None:
    result = _lint(path)
    assert result.error is None, f"{_id(path)} refused: {result.error}"
    internal = [f.message for f in result.findings if f.code == "AL000"]
    assert not result.internal_error, f"{_id(path)}: {internal}"
    source = result.source
    assert source is not None
    lines = source.text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    for finding in result.findings:
        where = f"{_id(path)}:{finding.line}:{finding.column} {finding.rule} ({finding.message})"
        assert 1 <= finding.line <= finding.end_line <= len(lines), where
        assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1, where
        assert 1 <= finding.end_column <= len(lines[finding.end_line - 1]) + 1, where
        assert (finding.end_line, finding.end_column) >= (finding.line, finding.column), where
        if finding.rule in URL_RULES:
            at = lines[finding.line - 1][finding.column - 1 :]
            if finding.rule == "duplicate-url" and at.startswith("["):
                # A reference link's URL sits in a definition that entries may share:
                # duplicate-url points at the link `[text][label]` in the entry instead.
                continue
            assert at[:4].lower() == "http", f"{where}: points at {at[:40]!r}, not at the URL"
            if finding.end_line == finding.line:
                url = lines[finding.line - 1][finding.column - 1 : finding.end_column]
                assert not any(c.isspace() for c in url), f"{where}: the range {url!r} is not one URL"
    kb = max(path.stat().st_size / 1024, 1.0)
    assert len(result.findings) <= 20 + MAX_PER_KB_IN_A_FILE * kb, (
        f"{_id(path)}: {len(result.findings)} findings in {kb:.0f} KB: "
        f"{Counter(f.rule for f in result.findings).most_common()}"
    )


def test_corpus_totals(record_property: Callable[[str, object], None]) -> None:
    """Counts per rule over the whole corpus, within generous bounds (printed with ``-s``)."""
    per_rule: Counter[str] = Counter()
    per_file: dict[str, Counter[str]] = {}
    total_kb = 0.0
    for path in FILES:
        result = _lint(path)
        counts = Counter(f.rule for f in result.findings)
        per_rule.update(counts)
        per_file[_id(path)] = counts
        total_kb += path.stat().st_size / 1024
    print(f"\n{len(FILES)} files, {total_kb:,.0f} KB, {sum(per_rule.values())} findings")
    for rule, count in sorted(per_rule.items()):
        print(f"  {rule:24} {count:6}")
        record_property(f"findings.{rule}", count)
    for name, counts in sorted(per_file.items()):
        if name.startswith("lists/"):
            print(f"  {name:44} {dict(sorted(counts.items()))}")
    assert per_rule["internal-error"] == 0
    assert sum(per_rule.values()) <= MAX_PER_KB_OVERALL * total_kb, per_rule
    for rule, count in per_rule.items():
        assert count <= MAX_PER_KB_ONE_RULE * total_kb, f"{rule}: {count} findings in {total_kb:.0f} KB"
