"""Smoke tests on real lists: the vendored copies, and in the corpus tier the shared corpus.

Each file must lint without an internal error and without being refused, every
finding must lie inside the file, and URL findings must point at the URL itself.
Counts are bounded, not pinned (rules are still changing): a rule that starts
firing on every line fails, a rule that finds one more duplicate does not.
Run with ``-s`` to see the counts per rule and per file.

By default the files are the lists in ``tests/data/lists``; with ``--corpus=DIR``
(or ``AWESOME_LINT_CORPUS=DIR``) also the 18 lists and 215 free-programming-books
files of the shared corpus (conftest.py parametrizes ``real_file``).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from realdata import DATA, VENDORED_LISTS, Corpus

from awesome_lint.engine import FileResult, Linter

URL_RULES = {"insecure-url", "duplicate-url"}

# Generous bounds. Today the corpus gives about 0.4 findings per KB overall and at
# most 3.6 per KB in one file (a short list of http:// links).
MAX_PER_KB_IN_A_FILE = 10.0
MAX_PER_KB_OVERALL = 2.0
MAX_PER_KB_ONE_RULE = 1.5


def _id(path: Path) -> str:
    """A short name for messages: a list's file name, a free-programming-books file's folder and name."""
    return path.name if path.parent.name == "lists" else str(Path(path.parent.name, path.name))


@functools.cache
def _lint(path: Path) -> FileResult:
    return Linter().lint_file(path)


def test_real_file(real_file: Path) -> None:
    result = _lint(real_file)
    assert result.error is None, f"{_id(real_file)} refused: {result.error}"
    internal = [f.message for f in result.findings if f.code == "AL000"]
    assert not result.internal_error, f"{_id(real_file)}: {internal}"
    source = result.source
    assert source is not None
    lines = source.text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    for finding in result.findings:
        where = f"{_id(real_file)}:{finding.line}:{finding.column} {finding.rule} ({finding.message})"
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
            # A bare `www.` address is a URL too: GitHub links it over http://.
            assert at[:4].lower() in ("http", "www."), f"{where}: points at {at[:40]!r}, not at the URL"
            if finding.end_line == finding.line:
                url = lines[finding.line - 1][finding.column - 1 : finding.end_column]
                assert not any(c.isspace() for c in url), f"{where}: the range {url!r} is not one URL"
    kb = max(real_file.stat().st_size / 1024, 1.0)
    assert len(result.findings) <= 20 + MAX_PER_KB_IN_A_FILE * kb, (
        f"{_id(real_file)}: {len(result.findings)} findings in {kb:.0f} KB: "
        f"{Counter(f.rule for f in result.findings).most_common()}"
    )


def check_totals(files: Sequence[Path], record_property: Callable[[str, object], None]) -> None:
    """Counts per rule over ``files``, within generous bounds (printed with ``-s``)."""
    per_rule: Counter[str] = Counter()
    per_file: dict[str, Counter[str]] = {}
    total_kb = 0.0
    for path in files:
        result = _lint(path)
        counts = Counter(f.rule for f in result.findings)
        per_rule.update(counts)
        per_file[_id(path)] = counts
        total_kb += path.stat().st_size / 1024
    print(f"\n{len(files)} files, {total_kb:,.0f} KB, {sum(per_rule.values())} findings")
    for rule, count in sorted(per_rule.items()):
        print(f"  {rule:24} {count:6}")
        record_property(f"findings.{rule}", count)
    for name, counts in sorted(per_file.items()):
        if "/" not in name:
            print(f"  {name:44} {dict(sorted(counts.items()))}")
    assert per_rule["internal-error"] == 0
    assert sum(per_rule.values()) <= MAX_PER_KB_OVERALL * total_kb, per_rule
    for rule, count in per_rule.items():
        assert count <= MAX_PER_KB_ONE_RULE * total_kb, f"{rule}: {count} findings in {total_kb:.0f} KB"


def test_vendored_totals(record_property: Callable[[str, object], None]) -> None:
    check_totals(VENDORED_LISTS, record_property)


@pytest.mark.corpus
def test_corpus_totals(corpus: Corpus, record_property: Callable[[str, object], None]) -> None:
    check_totals(corpus.files, record_property)


# --- the vendored copies ---------------------------------------------------------------------


def test_vendored_lists_present() -> None:
    """A clone that lost them would make the smoke tests above vacuous."""
    assert [path.name for path in VENDORED_LISTS] == [
        "awesome-falsehood.md",
        "awesome-microservices.md",
        "awesome-nodejs.md",
        "awesome.md",
    ]


def test_vendored_files_have_provenance() -> None:
    """Every vendored file is listed in tests/data/README.md with its source, and every listed file exists."""
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([^`]+)` \|", readme, flags=re.MULTILINE))
    present = {path.relative_to(DATA).as_posix() for path in DATA.rglob("*") if path.is_file()}
    assert listed == present - {"README.md", ".gitattributes"}


@pytest.mark.corpus
@pytest.mark.parametrize("path", VENDORED_LISTS, ids=lambda path: path.name)
def test_vendored_list_is_the_corpus_copy(path: Path, corpus: Corpus) -> None:
    """The vendored lists are unchanged copies: what the default suite checks is what the corpus holds."""
    assert path.read_bytes() == (corpus.root / "lists" / path.name).read_bytes()
