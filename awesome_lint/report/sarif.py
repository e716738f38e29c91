"""SARIF 2.1.0, for GitHub code scanning (``github/codeql-action/upload-sarif``) and other viewers.

Every rule of the run is described (id = code, name, descriptions, help,
default level, and ``helpUri``, its section of docs/rules.md, which viewers
link to); every finding is a result with a full region. SARIF columns are
1-based code points here (``columnKind: unicodeCodePoints``) and its
``endColumn`` is exclusive, one past our inclusive end column. Files that could
not be linted become tool execution notifications, so the log says why a file
has no results.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .. import __version__
from . import ReportOptions

if TYPE_CHECKING:
    from ..findings import FileResult

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    from ..rules import all_rules

    rules: list[dict[str, Any]] = [
        _rule(rule.code, rule.name, rule.summary, rule.explanation(), rule.severity.value, rule.url())
        for rule in all_rules(documented=True)
    ]
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    sarif_results = []
    # Whole files, even in changed-lines mode: code scanning compares each upload with the base
    # branch's analysis itself, and would take findings left out of the report as fixed.
    findings = [finding for result in results for finding in (*result.findings, *result.hidden)]
    for finding in sorted(findings, key=lambda finding: finding.sort_key()):
        related = [
            {
                "id": number,
                "physicalLocation": {
                    "artifactLocation": _artifact(finding.path),
                    "region": {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end + 1},
                },
            }
            for number, (line, column, end_line, end) in enumerate(finding.parts)
        ]
        sarif_results.append(
            {
                "ruleId": finding.code,
                **({"ruleIndex": index[finding.code]} if finding.code in index else {}),
                "level": finding.severity.value,
                "message": {"text": finding.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": _artifact(finding.path),
                            "region": {
                                "startLine": finding.line,
                                "startColumn": finding.column,
                                "endLine": finding.end_line,
                                "endColumn": finding.end_column + 1,
                            },
                        }
                    }
                ],
                **({"relatedLocations": related} if related else {}),
            }
        )
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{result.path}: {result.error}"},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(result.path)}}],
        }
        for result in sorted(results, key=lambda result: result.path)
        if result.error is not None
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "awesome-lint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not notifications,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(code: str, name: str, summary: str, explanation: str, level: str, url: str) -> dict[str, Any]:
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": explanation},
        "help": {"text": explanation},
        "helpUri": url,
        "defaultConfiguration": {"level": level},
        "properties": {"tags": ["awesome-list"]},
    }


def _artifact(path: str) -> dict[str, str]:
    """A relative URI where possible (what code scanning expects), else a file URI."""
    if path == "-":
        return {"uri": "stdin"}
    pure = PurePath(path)
    if pure.is_absolute():
        try:
            pure = PurePath(os.path.relpath(path))
        except ValueError:  # another drive on Windows
            return {"uri": pure.as_uri()}
        if pure.parts[:1] == ("..",):
            return {"uri": PurePath(os.path.abspath(path)).as_uri()}
    return {"uri": quote(pure.as_posix()), "uriBaseId": "%SRCROOT%"}
