"""What rules report, and what every output format renders."""

from __future__ import annotations

from enum import Enum

from .records import Record

TYPE_CHECKING = False

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


class Edit(Record):
    """Replace ``Source.text[start:end]`` (offsets in the decoded, ``\\n``-normalised text) with ``replacement``."""

    __slots__ = ("start", "end", "replacement")

    def __init__(self, start: int, end: int, replacement: str) -> None:
        self.start = start
        self.end = end
        self.replacement = replacement


class Fix(Record):
    __slots__ = ("edits", "applicability")

    def __init__(self, edits: tuple[Edit, ...], applicability: Applicability = Applicability.SAFE) -> None:
        self.edits = edits
        self.applicability = applicability


class Violation(Record):
    """What a rule yields: where and what, and how to repair it when the repair is obvious.

    The engine adds the rule's identity and the line/column positions.
    """

    __slots__ = ("span", "message", "fix")

    def __init__(self, span: Span, message: str, fix: Fix | None = None) -> None:
        self.span = span
        self.message = message
        self.fix = fix


class Finding(Record):
    """One problem at one place, as users and machines read it (positions are 1-based, ends inclusive).

    A plain record: a large list makes thousands, and every output format
    serialises it with the standard library, so pydantic stays out of a run
    that reads no configuration file. ``fix`` (the repair, as edits of the
    source text) takes no part in equality and is not in the JSON report;
    ``fixable`` says whether there is one, safe (``--fix``) or unsafe
    (``--unsafe-fixes``).
    """

    __slots__ = (
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "rule",
        "severity",
        "message",
        "fixable",
        "fix",
    )
    _uncompared = ("fix",)

    def __init__(
        self,
        path: str,
        line: int,
        column: int,
        end_line: int,
        end_column: int,
        code: str,
        rule: str,
        severity: Severity,
        message: str,
        fixable: bool = False,
        fix: Fix | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column
        self.code = code
        self.rule = rule
        self.severity = severity
        self.message = message
        self.fixable = fixable
        self.fix = fix

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


class FileResult(Record):
    """What a run knows about one file: its findings, or why it could not be linted.

    ``error`` says why the file could not be linted (shown to the user, exit code 2);
    ``fixed`` holds the code of each finding ``--fix`` repaired; ``diff`` what ``--diff``
    shows; ``fixed_data`` the fixed bytes of standard input; ``hidden`` the findings set
    aside in changed-lines mode (on lines the branch did not change); ``cached`` whether
    the findings come from the result cache; ``timings`` the seconds spent per phase.
    """

    __slots__ = ("path", "findings", "source", "error", "fixed", "diff", "fixed_data", "hidden", "cached", "timings")
    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(
        self,
        path: str,
        findings: list[Finding] | None = None,
        source: Source | None = None,
        error: str | None = None,
        fixed: list[str] | None = None,
        diff: str = "",
        fixed_data: bytes | None = None,
        hidden: list[Finding] | None = None,
        cached: bool = False,
        timings: dict[str, float] | None = None,
    ) -> None:
        self.path = path
        self.findings = findings if findings is not None else []
        self.source = source
        self.error = error
        self.fixed = fixed if fixed is not None else []
        self.diff = diff
        self.fixed_data = fixed_data
        self.hidden = hidden if hidden is not None else []
        self.cached = cached
        self.timings = timings if timings is not None else {}

    @property
    def internal_error(self) -> bool:
        return any(finding.code == "AL000" for finding in self.findings)
