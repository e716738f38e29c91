"""Output formats: every one renders the same file results, none decides anything.

A format is a module of this package with a ``render(results, options) -> str``
function; :data:`FORMATS` maps the name users type to that module, which is
imported only when the format is used (start-up time matters). Adding a format
means adding its module and one entry here.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..findings import FileResult, Finding

FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json",
    "github": "github",
    "sarif": "sarif",
}
"""Format name → module of this package defining ``render`` (and optionally ``render_statistics``)."""

DEFAULT_FORMAT = "text"


@dataclass(frozen=True)
class ReportOptions:
    color: bool = False
    """Use ANSI colours (text format)."""
    show_source: bool = False
    """Show the source line and a caret run under each finding (text format, for terminals)."""
    quiet: bool = False
    """Findings only: no summary line."""
    statistics: bool = False
    """Per-rule counts instead of the findings."""


class Renderer(Protocol):
    def __call__(self, results: Sequence[FileResult], options: ReportOptions, /) -> str: ...


def get_renderer(name: str, *, statistics: bool = False) -> Renderer:
    """The render function of format ``name``; ``KeyError`` for an unknown format.

    With ``statistics``, the format's ``render_statistics`` if it has one, else the text table.
    """
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    if statistics:
        if not hasattr(module, "render_statistics"):
            module = importlib.import_module(f"{__name__}.text")
        renderer: Renderer = module.render_statistics
        return renderer
    renderer = module.render
    return renderer


def render(name: str, results: Sequence[FileResult], options: ReportOptions) -> str:
    return get_renderer(name, statistics=options.statistics)(results, options)


def sorted_findings(results: Sequence[FileResult]) -> list[Finding]:
    """Every finding of every file, by path, line, column and code."""
    findings = [finding for result in results for finding in result.findings]
    findings.sort(key=lambda finding: finding.sort_key())
    return findings


@dataclass(frozen=True)
class RuleCount:
    code: str
    name: str
    count: int
    fixable: int


def rule_counts(results: Sequence[FileResult]) -> list[RuleCount]:
    """Findings per rule, most frequent first, then by code."""
    counts: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for result in results:
        for finding in result.findings:
            entry = counts.setdefault(finding.code, [0, 0])
            entry[0] += 1
            entry[1] += finding.fixable
            names[finding.code] = finding.rule
    rows = [RuleCount(code, names[code], count, fixable) for code, (count, fixable) in counts.items()]
    rows.sort(key=lambda row: (-row.count, row.code))
    return rows
