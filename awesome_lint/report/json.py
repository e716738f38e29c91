"""The JSON format: an array of findings, each with every field of :class:`~awesome_lint.findings.Finding`.

``applicability`` says whether the fix is ``safe`` (``--fix``) or ``unsafe`` (``--unsafe-fixes``),
``null`` without one; ``parts`` lists the places a finding about several is made of (each item of
a run of misnumbered items), so that an editor can mark every one.

Files that could not be linted are not in the array (their errors go to stderr),
so the output is always one valid JSON array.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from . import ReportOptions, rule_counts, sorted_findings

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..findings import FileResult


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    data = [
        {
            "path": finding.path,
            "line": finding.line,
            "column": finding.column,
            "end_line": finding.end_line,
            "end_column": finding.end_column,
            "code": finding.code,
            "rule": finding.rule,
            "severity": finding.severity.value,
            "message": finding.message,
            "fixable": finding.fixable,
            "applicability": None if finding.fix is None else finding.fix.applicability.value,
            "parts": [
                {"line": line, "column": column, "end_line": end_line, "end_column": end_column}
                for line, column, end_line, end_column in finding.parts
            ],
        }
        for finding in sorted_findings(results)
    ]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_statistics(results: Sequence[FileResult], options: ReportOptions) -> str:
    """``[{"code": "AL101", "name": "list-numbering", "count": 12, "fixable": 0}, ...]``"""
    data = [
        {"code": row.code, "name": row.name, "count": row.count, "fixable": row.fixable} for row in rule_counts(results)
    ]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
