"""Output formats: every one renders the same file results, none decides anything.

A format is a module of this package with a ``render(results, options) -> str``
function; :data:`FORMATS` maps the name users type to that module, which is
imported only when the format is used (start-up time matters). Adding a format
means adding its module and one entry here.
"""

from __future__ import annotations

import importlib

from ..records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..findings import FileResult, Finding

FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json",
    "github": "github",
    "sarif": "sarif",
}
"""Format name → module of this package defining ``render`` (and optionally ``render_statistics``)."""

DEFAULT_FORMAT = "text"


class ReportOptions(Record):
    """``color``: ANSI colours (text format); ``show_source``: the source line and a caret run under
    each finding (text format, for terminals); ``quiet``: findings only, no summary line;
    ``statistics``: per-rule counts instead of the findings."""

    __slots__ = ("color", "show_source", "quiet", "statistics")

    def __init__(
        self, color: bool = False, show_source: bool = False, quiet: bool = False, statistics: bool = False
    ) -> None:
        self.color = color
        self.show_source = show_source
        self.quiet = quiet
        self.statistics = statistics


if TYPE_CHECKING:
    from typing import Protocol

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


class RuleCount(Record):
    __slots__ = ("code", "name", "count", "fixable")

    def __init__(self, code: str, name: str, count: int, fixable: int) -> None:
        self.code = code
        self.name = name
        self.count = count
        self.fixable = fixable


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
