"""What rules report, and what every output format renders."""

from __future__ import annotations

import re
from enum import Enum

from .records import Record

TYPE_CHECKING = False

if TYPE_CHECKING:
    from .document import Document
    from .document.nodes import Span
    from .source import Source


Place = tuple[int, int, int, int]
"""``(line, column, end_line, end_column)``, 1-based, ends inclusive."""


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


class Change(Record):
    """One way a fix means to change what GitHub renders; the referee lets through no other.

    ``kind`` is one of:

    * ``"start"``: an ordered list that starts at ``old`` starts at ``new`` (numbers as text);
    * ``"text"``: ``old`` reads ``new`` in the rendered text or in an attribute other than a
      URL (an image's ``alt``, a link's ``title``), compared with HTML entities decoded;
    * ``"url"``: ``old`` reads ``new`` in a URL (a link's ``href``, an image's ``src``) and in
      any text, compared with HTML entities and percent-escapes decoded;
    * ``"remove"``: an element ``old`` (a tag name such as ``h2``) goes, with its content;
    * ``"block"``: the rendering of the Markdown source ``old`` becomes the rendering of ``new``
      (a list rewritten as a whole). Each is rendered on its own: a snippet that GitHub renders
      otherwise in its place (a reference link defined elsewhere, a list inside a quote or an
      item) explains nothing, and the fix is not safe;
    * ``"order"``: as ``"block"``, for a list whose items are reordered: ``new`` must also render
      to the same items as ``old``, sibling for sibling, in another order.
    """

    __slots__ = ("kind", "old", "new")

    def __init__(self, kind: str, old: str, new: str = "") -> None:
        self.kind = kind
        self.old = old
        self.new = new

    def describe(self) -> str:
        """What changes on GitHub, in the words ``--show-fixes`` prints."""
        if self.kind == "start":
            return f"the list starts at {self.new} instead of {self.old}"
        if self.kind == "remove":
            return f"the empty <{self.old}> is gone"
        if self.kind == "url":
            return f"the link goes to {self.new} instead of {self.old}"
        if self.kind == "order":
            return "the list's items are reordered"
        if self.kind == "block":
            before, after = len(self.old.splitlines()), len(self.new.splitlines())
            lines = f"{before} line{'s' if before != 1 else ''}"
            return f"{lines} rewritten as {after}" if after != before else f"{lines} rewritten as a whole"
        return f"it shows {self.new!r} instead of {self.old!r}"


class Fix(Record):
    """Edits of the source text, and what they mean to change in the rendering.

    A fix with no ``changes`` means to leave GitHub's rendering exactly as it is.
    ``note`` says why a fix that its rule proposed as safe is only offered as
    unsafe: the rendering check saw it change more than it means to.
    """

    __slots__ = ("edits", "applicability", "changes", "note")

    def __init__(
        self,
        edits: tuple[Edit, ...],
        applicability: Applicability = Applicability.SAFE,
        changes: tuple[Change, ...] = (),
        note: str = "",
    ) -> None:
        self.edits = edits
        self.applicability = applicability
        self.changes = changes
        self.note = note

    def describe(self) -> str:
        """What the fix changes on GitHub, or why it is only unsafe: what ``--show-fixes`` prints."""
        return self.note or "; ".join(change.describe() for change in self.changes) or "GitHub renders the same"


class Violation(Record):
    """What a rule yields: where and what, and how to repair it when the repair is obvious.

    The engine adds the rule's identity and the line/column positions.
    """

    __slots__ = ("span", "message", "fix", "pieces", "context", "severity")

    def __init__(
        self,
        span: Span,
        message: str,
        fix: Fix | None = None,
        *,
        pieces: tuple[Violation, ...] = (),
        context: Span | None = None,
        severity: Severity | None = None,
    ) -> None:
        self.span = span
        self.message = message
        self.fix = fix
        self.pieces = pieces
        """What a finding about several (a run of misnumbered items) is made of, each a finding of
        its own: a suppression comment that silences some of them leaves the others reported."""
        self.context = context
        """The structure the finding is about (the whole list): a change anywhere in it, before the
        finding's own lines, is what caused it, and puts it in scope in changed-lines mode."""
        self.severity = severity
        """This finding's severity when it differs from the rule's (a duplicate across sections is a
        warning); a severity the user configured for the rule still wins."""


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
        "parts",
        "context",
        "pieces",
    )
    _uncompared = ("fix", "pieces")

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
        parts: tuple[Place, ...] = (),
        context: tuple[int, int] | None = None,
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
        self.parts = parts
        """``(line, column, end_line, end_column)`` of each part of a finding about several places."""
        self.context = context
        """The first and last line of the structure the finding is about (see :class:`Violation`)."""
        self.pieces: tuple[Finding, ...] = ()
        """The findings it is made of, until suppression comments are applied (see :class:`Violation`)."""

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
        pieces: tuple[Violation, ...] = (),
        context: Span | None = None,
    ) -> Finding:
        """A finding of ``document`` over ``span``, with the line/column positions users see."""
        start, end = document.span_positions(span)
        made_of = tuple(
            cls.at(document, piece.span, code, rule, severity, piece.message, piece.fix, context=piece.context)
            for piece in pieces
        )
        positions = [(piece.line, piece.column, piece.end_line, piece.end_column) for piece in made_of]
        lines = None
        if context is not None:
            first, last = document.span_positions(context)
            lines = (first.line, last.line)
        finding = cls(
            path=document.path,
            line=start.line,
            column=start.column,
            end_line=end.line,
            end_column=end.column,
            code=code,
            rule=rule,
            severity=severity,
            message=one_line(message),
            fixable=fix is not None,
            fix=fix,
            parts=tuple(positions),
            context=lines,
        )
        finding.pieces = made_of
        return finding

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def one_line(message: str) -> str:
    """``message`` with the characters that end a line shown as escapes: a message quotes source
    text, and a line separator in it would split an annotation or a report line in two."""
    if not _LINE_BREAKS.search(message):
        return message
    return _LINE_BREAKS.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), message)


class FileResult(Record):
    """What a run knows about one file: its findings, or why it could not be linted.

    ``error`` says why the file could not be linted (shown to the user, exit code 2);
    ``fixed`` holds the code of each finding ``--fix`` repaired (an error with findings: the
    fixes could not be written, the findings are as they were); ``diff`` what ``--diff``
    shows; ``fixed_data`` the fixed bytes of standard input; ``hidden`` the findings set
    aside in changed-lines mode (on lines the branch did not change); ``cached`` whether
    the findings come from the result cache; ``timings`` the seconds spent per phase.
    """

    __slots__ = (
        "path",
        "findings",
        "source",
        "error",
        "fixed",
        "changes",
        "diff",
        "fixed_data",
        "hidden",
        "cached",
        "timings",
        "project_reads",
    )
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
        self.changes: list[str] = []
        """For each fix applied, what it changed in GitHub's rendering (``--show-fixes``)."""
        self.diff = diff
        self.fixed_data = fixed_data
        self.hidden = hidden if hidden is not None else []
        self.cached = cached
        self.timings = timings if timings is not None else {}
        self.project_reads: list[tuple[str, str, str]] = []
        """What the repository rules read of the project (:mod:`awesome_lint.project`): the cache
        replays these before it trusts the findings."""

    @property
    def internal_error(self) -> bool:
        return any(finding.code == "AL000" for finding in self.findings)
