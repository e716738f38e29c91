"""Lint a string with chosen rules and get back what users see: positions and messages."""

from __future__ import annotations

from awesome_lint.engine import Linter, select_rules


def lint(text: str, *rules: str) -> list[tuple[int, int, int, int, str]]:
    """(line, column, end_line, end_column, message) of each finding, in report order."""
    result = Linter(select_rules(list(rules))).lint_text(text)
    assert result.error is None
    assert not result.internal_error, result.findings
    return [(f.line, f.column, f.end_line, f.end_column, f.message) for f in result.findings]
