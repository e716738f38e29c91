"""The GitHub Actions format: one workflow command per finding, shown as an annotation.

``::error file=README.md,line=12,endLine=12,col=3,endColumn=9,title=AL101 list-numbering::message``

Columns are given only for a span on one line, as GitHub requires. A file that
could not be linted gets an annotation too, since in CI that is where people look.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import ReportOptions, sorted_findings

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..findings import FileResult, Finding


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    lines = [annotation(finding) for finding in sorted_findings(results)]
    lines.extend(
        f"::error file={escape_property(result.path)},title=awesome-lint::{escape_data(result.error)}"
        for result in sorted(results, key=lambda result: result.path)
        if result.error is not None
    )
    return "".join(line + "\n" for line in lines)


def annotation(finding: Finding) -> str:
    command = "warning" if finding.severity == "warning" else "error"
    properties = [
        f"file={escape_property(finding.path)}",
        f"line={finding.line}",
        f"endLine={finding.end_line}",
    ]
    if finding.line == finding.end_line:
        properties += [f"col={finding.column}", f"endColumn={finding.end_column}"]
    properties.append(f"title={escape_property(f'{finding.code} {finding.rule}')}")
    return f"::{command} {','.join(properties)}::{escape_data(finding.message)}"


def escape_data(text: str) -> str:
    """Escape a command's message (``%`` first, then CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as data, and ``:`` and ``,`` too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
