"""What rules report, and what every output format renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Document
    from .document.nodes import Span
    from .source import Source


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


class Applicability(str, Enum):
    SAFE = "safe"
    """Applying it keeps the meaning of the list: ``--fix`` applies it."""
    UNSAFE = "unsafe"
    """It may change meaning or break a link: only ``--unsafe-fixes`` applies it."""


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``Source.text[start:end]`` (offsets in the decoded, ``\\n``-normalised text) with ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE


@dataclass(frozen=True, slots=True)
class Violation:
    """What a rule yields: where and what, and how to repair it when the repair is obvious.

    The engine adds the rule's identity and the line/column positions.
    """

    span: Span
    message: str
    fix: Fix | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place, as users and machines read it (positions are 1-based, ends inclusive).

    A plain dataclass: a large list makes thousands, and every output format
    serialises it with the standard library, so pydantic stays out of a run
    that reads no configuration file.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    rule: str
    severity: Severity
    message: str
    fixable: bool = False
    """A fix is known: safe (``--fix``) or unsafe (``--unsafe-fixes``)."""
    fix: Fix | None = field(default=None, compare=False, repr=False)
    """The repair, as edits of the source text (not part of the JSON report)."""

    @classmethod
    def at(
        cls,
        document: Document,
        span: Span,
        code: str,
        rule: str,
        severity: Severity,
        message: str,
        fix: Fix | None = None,
    ) -> Finding:
        """A finding of ``document`` over ``span``, with the line/column positions users see."""
        start, end = document.span_positions(span)
        return cls(
            path=document.path,
            line=start.line,
            column=start.column,
            end_line=end.line,
            end_column=end.column,
            code=code,
            rule=rule,
            severity=severity,
            message=message,
            fixable=fix is not None,
            fix=fix,
        )

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


@dataclass
class FileResult:
    """What a run knows about one file: its findings, or why it could not be linted."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    source: Source | None = None
    error: str | None = None
    """Why the file could not be linted (shown to the user, exit code 2)."""
    fixed: list[str] = field(default_factory=list)
    """Codes of the findings that --fix repaired, one per fix."""
    diff: str = ""
    """With --diff: what --fix would change, as a unified diff."""
    fixed_data: bytes | None = None
    """With --fix on standard input: the fixed bytes, for standard output."""
    hidden: list[Finding] = field(default_factory=list)
    """Findings set aside in changed-lines mode (on lines the branch did not change)."""
    cached: bool = False
    """The findings come from the result cache."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds spent per phase on this file (parse, rules, suppressions, total)."""

    @property
    def internal_error(self) -> bool:
        return any(finding.code == "AL000" for finding in self.findings)
