"""The text format: ``path:line:col: CODE [name] message`` lines and a closing summary.

For a terminal, each finding also shows its source line with a caret run under
the span, aligned for tabs and wide (CJK) characters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from . import ReportOptions, rule_counts, sorted_findings

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..findings import FileResult, Finding
    from ..source import Source

TAB_WIDTH = 4

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RED = "\x1b[31m"
_YELLOW = "\x1b[33m"
_BLUE = "\x1b[34m"


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    sources = {result.path: result.source for result in results if result.source is not None}
    lines: list[str] = []
    for finding in sorted_findings(results):
        lines.append(format_finding(finding, color=options.color))
        if options.show_source:
            source = sources.get(finding.path)
            if source is not None:
                lines.extend(source_excerpt(source, finding, color=options.color))
            lines.append("")
    if not options.quiet:
        lines.append(_paint(summary(results), _BOLD, options.color))
    return "".join(line + "\n" for line in lines)


def render_statistics(results: Sequence[FileResult], options: ReportOptions) -> str:
    """Per-rule counts, most frequent first: ``  12  AL101  list-numbering``."""
    rows = rule_counts(results)
    lines: list[str] = []
    if rows:
        count_width = max(4, len(str(rows[0].count)))
        code_width = max(len(row.code) for row in rows)
        lines.extend(f"{row.count:>{count_width}}  {row.code:<{code_width}}  {row.name}" for row in rows)
    if not options.quiet:
        lines.append(summary(results))
    return "".join(line + "\n" for line in lines)


def format_finding(finding: Finding, *, color: bool = False) -> str:
    """``path:line:col: error: CODE [name] message``: the severity where compilers put it, so that
    editors' and CI's problem matchers (``%f:%l:%c: %t%*[^:]: %m``) read it."""
    path = printable(finding.path)
    message = printable(finding.message)
    severity = finding.severity.value
    if not color:
        return f"{path}:{finding.line}:{finding.column}: {severity}: {finding.code} [{finding.rule}] {message}"
    tone = _RED if finding.severity == "error" else _YELLOW
    return (
        f"{_BOLD}{path}{_RESET}:{finding.line}:{finding.column}: {tone}{severity}:{_RESET} "
        f"{_BOLD}{tone}{finding.code}{_RESET} {_DIM}[{finding.rule}]{_RESET} {message}"
    )


def source_excerpt(source: Source, finding: Finding, *, color: bool = False) -> list[str]:
    """The finding's first source line and a caret run under its span (the rest of the line
    when the span goes on to other lines), behind a line-number gutter."""
    if not 1 <= finding.line <= source.line_count:
        return []
    text = source.line_text(finding.line)
    shown, starts = display_columns(text)
    first = min(max(finding.column - 1, 0), len(text))
    last = len(text) if finding.end_line != finding.line else min(max(finding.end_column, first), len(text))
    pad = starts[first]
    width = max(starts[last] - pad, 1)
    number = str(finding.line)
    gutter = " " * len(number)
    carets = "^" * width
    if color:
        tone = _RED if finding.severity == "error" else _YELLOW
        number, bar, carets = f"{_BLUE}{number}{_RESET}", f"{_BLUE}|{_RESET}", f"{_BOLD}{tone}{carets}{_RESET}"
    else:
        bar = "|"
    return [
        f" {number} {bar}" + (f" {shown}" if shown else ""),
        f" {gutter} {bar} {' ' * pad}{carets}",
    ]


def display_columns(text: str) -> tuple[str, list[int]]:
    """``text`` as a terminal shows it (tabs expanded, control characters made visible) and the
    display column where each character starts (plus the end, so one more entry than ``text``)."""
    shown: list[str] = []
    starts: list[int] = []
    column = 0
    for char in text:
        starts.append(column)
        if char == "\t":
            width = TAB_WIDTH - column % TAB_WIDTH
            shown.append(" " * width)
        else:
            char = _visible(char)
            width = char_width(char)
            shown.append(char)
        column += width
    starts.append(column)
    return "".join(shown), starts


def char_width(char: str) -> int:
    """How many terminal cells ``char`` takes: 2 for wide East Asian characters, 0 for combining
    marks and invisible format characters, else 1."""
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _visible(char: str) -> str:
    """Control characters as their Unicode pictures, so a file cannot drive the terminal."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if 0x80 <= code < 0xA0:
        return "\ufffd"
    return char


def printable(text: str) -> str:
    """``text`` with control characters escaped, so that a finding stays on one line."""
    if text.isprintable():
        return text
    return "".join(
        char.encode("unicode_escape").decode("ascii") if unicodedata.category(char) == "Cc" else char for char in text
    )


def summary(results: Sequence[FileResult]) -> str:
    """The closing line: ``Found 3 errors and 2 warnings (4 fixable with --fix) in 1 file.``,
    ``Found 2 warnings (no errors) in 1 file.``, ``All checks passed!``, or after ``--fix``:
    ``Found 23 problems (20 fixed, 3 remaining: 3 errors) in 1 file.``"""
    errors = warnings = safe = unsafe = files = failed = fixed = 0
    for result in results:
        fixed += len(result.fixed)
        if result.findings or result.fixed:
            files += 1
            for finding in result.findings:
                if finding.severity == "error":
                    errors += 1
                else:
                    warnings += 1
                if finding.fix is not None:
                    if finding.fix.applicability == "safe":
                        safe += 1
                    else:
                        unsafe += 1
        if result.error is not None:
            failed += 1
    unchecked = f"{_count(failed, 'path')} could not be checked" if failed else ""
    problems = errors + warnings
    if fixed:
        left = f": {_severities(errors, warnings)}" if problems else ""
        found = f"Found {_count(problems + fixed, 'problem')} ({fixed} fixed, {problems} remaining{left})"
    elif not problems:
        return f"No problems found, but {unchecked}." if failed else "All checks passed!"
    else:
        found = f"Found {_severities(errors, warnings)}"
        if not errors:
            found += " (no errors)"
        if safe and unsafe:
            found += f" ({safe} fixable with --fix, {unsafe} more with --unsafe-fixes)"
        elif safe or unsafe:
            found += f" ({safe or unsafe} fixable with {'--fix' if safe else '--unsafe-fixes'})"
    found += f" in {_count(files, 'file')}"
    return f"{found}; {unchecked}." if failed else f"{found}."


def _severities(errors: int, warnings: int) -> str:
    parts = [_count(errors, "error")] if errors else []
    if warnings:
        parts.append(_count(warnings, "warning"))
    return " and ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color else text
