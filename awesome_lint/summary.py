"""What the GitHub Action shows: log lines, annotations, the job summary, outputs and SARIF, from one run.

The action (``action.yml``) calls::

    python -m awesome_lint.summary --fail-on error [--sarif-file F] [--report-file F] [--diff-base REF] \
        -- ARGS... -- PATHS...

which lints once, through the run layer (:func:`awesome_lint.run.run`), with the
same options as the command line (``ARGS``), and then

- prints every finding to the log in the text format (GitHub shows at most 10 error and
  10 warning annotations per step, 50 per job, and drops the rest silently),
- prints one ``::error``/``::warning`` workflow command per finding, escaped by
  :mod:`awesome_lint.report.github` (the one place that knows GitHub's escaping),
- writes the SARIF report, which covers whole files even in changed-lines mode,
- appends a Markdown summary to ``$GITHUB_STEP_SUMMARY``: counts per rule and a table of
  findings, capped well below GitHub's 1 MiB per step, and writes the same Markdown to the
  ``--report-file`` (for a later step to post as an issue or a comment),
- in an online run, says what the online checks covered, lists in the summary and the log
  the links they left unchecked, and prints a warning command for each reason and note:
  an unchecked link is neither reported nor passed, and nobody should take silence for a pass,
- writes ``errors``, ``warnings``, ``sarif-file`` and ``report`` to ``$GITHUB_OUTPUT``,
- and exits 1 when ``--fail-on`` says the findings fail the step, 2 when the linter itself
  failed (a missing or unreadable file, a bad option, a report it could not write), else 0.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from .findings import Finding, Severity
from .report.github import annotation, escape_data
from .report.text import format_finding, printable

if TYPE_CHECKING:
    from .findings import FileResult
    from .online.checking import OnlineStats

FAIL_ON = ("error", "warning", "never")

ANNOTATION_LIMIT = 10
"""Annotations of each kind (error, warning) GitHub shows per step."""

MAX_ROWS = 200
"""Findings listed in the summary table; the log lists all of them."""

MAX_CELL = 300
"""Characters of a table cell (a message, a path) before it is cut with an ellipsis."""

SUMMARY_LIMIT = 1024 * 1024
"""GitHub's limit for the job summary of one step, in bytes."""

MAX_STDERR_LINES = 20

MAX_UNCHECKED = 100
"""Links left unchecked by the online checks that the summary lists; the log lists all of them."""

_MARKDOWN_SPECIAL = frozenset("\\`*_[]<>|&~$")
"""Characters escaped with a backslash in table cells: code spans, emphasis, links, HTML,
entities, cell separators, strikethrough and math. CommonMark allows a backslash before
any ASCII punctuation."""


class ReportError(Exception):
    """The JSON report is missing or is not what the linter writes."""


@dataclass(frozen=True)
class Counts:
    errors: int
    warnings: int

    @classmethod
    def of(cls, findings: Sequence[Finding]) -> Counts:
        errors = sum(finding.severity == Severity.ERROR for finding in findings)
        return cls(errors, len(findings) - errors)


# --- the log ---------------------------------------------------------------------------------


def log_lines(findings: Sequence[Finding]) -> list[str]:
    """Every finding in the text format, then one annotation command per finding.

    The text lines are fenced by ``::stop-commands::`` with a random token: they start with a
    path, and a file named ``::error::…`` must not turn into a workflow command.
    """
    lines: list[str] = []
    if findings:
        token = secrets.token_hex(16)
        lines.append(f"::stop-commands::{token}")
        lines.extend(format_finding(finding) for finding in findings)
        lines.append(f"::{token}::")
        lines.extend(annotation(finding) for finding in findings)
    return lines


def online_lines(online: OnlineStats | None) -> list[str]:
    """Every link the online checks left unchecked, then a warning command per note and per reason.

    The warnings come before the findings' annotations: GitHub keeps only the first ten
    warnings of a step, and these say that the findings are incomplete.
    """
    if online is None:
        return []
    lines = [f"awesome-lint: not checked: {printable(url)} ({printable(reason)})" for url, reason in online.unchecked]
    lines += [f"::warning title=awesome-lint::{escape_data(note)}" for note in online.notes]
    lines += [f"::warning title=awesome-lint::{escape_data(text)}" for text in unchecked_warnings(online)]
    return lines


def unchecked_warnings(online: OnlineStats) -> list[str]:
    """One message per reason links were left unchecked, the most frequent first."""
    reasons = Counter(reason for _, reason in online.unchecked)
    return [
        f"{_plural(count, 'link')} {'was' if count == 1 else 'were'} not checked ({reason}): "
        f"{'it is' if count == 1 else 'they are'} neither reported nor passed"
        for reason, count in sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    ]


def failure_annotations(stderr_lines: Sequence[str]) -> list[str]:
    """The linter's error messages (files it could not lint, bad options) as error annotations."""
    return [f"::error title=awesome-lint::{escape_data(line)}" for line in stderr_lines]


# --- the job summary -------------------------------------------------------------------------


def render_summary(
    findings: Sequence[Finding],
    *,
    failure: Sequence[str] = (),
    failed: bool = False,
    diff_base: str = "",
    online: OnlineStats | None = None,
    max_rows: int = MAX_ROWS,
    max_unchecked: int = MAX_UNCHECKED,
    limit: int = SUMMARY_LIMIT,
) -> str:
    """The Markdown job summary. ``failed``: the linter could not lint everything (``failure``
    holds its messages). ``diff_base``: only lines changed since this ref were checked.
    ``online``: what the online checks did, in an online run."""
    rows = min(len(findings), max_rows)
    unchecked = min(len(online.unchecked), max_unchecked) if online is not None else 0
    while True:
        text = _summary(findings, failure, failed, diff_base, online, rows, unchecked)
        if len(text.encode("utf-8")) < limit or rows == unchecked == 0:
            return text
        rows //= 2
        unchecked //= 2


def _summary(
    findings: Sequence[Finding],
    failure: Sequence[str],
    failed: bool,
    diff_base: str,
    online: OnlineStats | None,
    rows: int,
    unchecked: int,
) -> str:
    out = ["## awesome-lint", ""]
    if failed:
        out += ["❌ **awesome-lint could not lint every file:**", "", *_fenced(failure or ["(no message)"]), ""]
    if diff_base:
        out += [f"Only lines changed since the merge base with {_code(diff_base)} were checked.", ""]
    extra_warnings = 0
    if online is not None:
        extra_warnings = len(online.notes) + len(unchecked_warnings(online))
    out += _findings_section(findings, failed, rows, extra_warnings)
    if online is not None:
        out += _online_section(online, unchecked)
    return "\n".join(out).rstrip("\n") + "\n"


def _findings_section(findings: Sequence[Finding], failed: bool, rows: int, extra_warnings: int) -> list[str]:
    """The counts and the table of findings; ``extra_warnings``: warning commands printed before them."""
    counts = Counts.of(findings)
    out: list[str] = []
    if not findings:
        out.append("✅ No problems found." if not failed else "No problems found in the files that could be linted.")
        return [*out, ""]

    files = len({finding.path for finding in findings})
    icon = "❌" if counts.errors else "⚠️"
    out += [f"{icon} Found {_found(counts)} in {_plural(files, 'file')}.", ""]

    out += ["| Code | Rule | Severity | Count |", "|---|---|---|---:|"]
    per_rule = Counter((finding.code, finding.rule, finding.severity.value) for finding in findings)
    for (code, rule, severity), count in sorted(per_rule.items(), key=lambda item: (-item[1], item[0])):
        out.append(f"| {escape_cell(code)} | {escape_cell(rule)} | {severity} | {count} |")
    out.append("")

    out += ["| Location | Severity | Code | Rule | Message |", "|---|---|---|---|---|"]
    for finding in findings[:rows]:
        location = escape_cell(f"{finding.path}:{finding.line}:{finding.column}")
        out.append(
            f"| {location} | {finding.severity.value} | {escape_cell(finding.code)} | {escape_cell(finding.rule)} "
            f"| {escape_cell(finding.message)} |"
        )
    out.append("")
    if rows < len(findings):
        out += [f"> Showing the first {rows} of {len(findings)} findings; the step's log lists all of them.", ""]
    if counts.errors > ANNOTATION_LIMIT or counts.warnings + extra_warnings > ANNOTATION_LIMIT:
        out += [
            f"> GitHub shows at most {ANNOTATION_LIMIT} error and {ANNOTATION_LIMIT} warning annotations per step "
            f"(50 per job) and drops the rest: not every finding is annotated on the diff. "
            "The step's log lists all of them.",
            "",
        ]
    return out


def _online_section(online: OnlineStats, shown: int) -> list[str]:
    """What the online checks covered, their notes, and the links they left unchecked (the first ``shown``)."""
    done = [_plural(online.requests, "request")]
    if online.from_cache:
        done.append(f"{online.from_cache} answered from the link cache")
    repositories = "GitHub repository" if online.repositories == 1 else "GitHub repositories"
    out = [
        "### Online checks",
        "",
        f"The online checks covered {_plural(online.urls, 'URL')} and {online.repositories} {repositories} "
        f"({', '.join(done)}, {online.seconds:.1f} s).",
    ]
    if online.skipped:
        out.append(
            f"{_plural(online.skipped, 'URL')} {'was' if online.skipped == 1 else 'were'} left out by the "
            "configuration (`include`, `exclude`, `exclude-private`)."
        )
    out.append("")
    for note in online.notes:
        out += [f"> ⚠️ {escape_cell(note)}", ""]
    if not online.unchecked:
        return out
    total = len(online.unchecked)
    out += [
        f"⚠️ **{_plural(total, 'link')} {'was' if total == 1 else 'were'} not checked**, so "
        f"{'it is' if total == 1 else 'they are'} neither reported nor passed:",
        "",
    ]
    groups: dict[str, list[str]] = {}
    for url, reason in online.unchecked:
        groups.setdefault(reason, []).append(url)
    left = shown
    for reason, urls in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        out.append(f"- {escape_cell(reason)}: {_plural(len(urls), 'link')}")
        out.extend(f"  - {_code(url if len(url) <= MAX_CELL else url[: MAX_CELL - 1] + '…')}" for url in urls[:left])
        left = max(0, left - len(urls))
    out.append("")
    if shown < total:
        out += [f"> Showing {shown} of the {total} links not checked; the step's log lists all of them.", ""]
    return out


def escape_cell(text: str, limit: int = MAX_CELL) -> str:
    """``text`` for one cell of a Markdown table: on one line, Markdown and HTML shown literally, cut at ``limit``."""
    text = printable(" ".join(text.splitlines()))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "".join("\\" + char if char in _MARKDOWN_SPECIAL else char for char in text)


def _code(text: str) -> str:
    """``text`` as an inline code span, whatever backticks it holds."""
    text = printable(text)
    fence = "`" * (_longest_run(text, "`") + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _fenced(lines: Sequence[str]) -> list[str]:
    shown = [printable(line)[:MAX_CELL] for line in lines[:MAX_STDERR_LINES]]
    if len(lines) > MAX_STDERR_LINES:
        shown.append(f"… and {len(lines) - MAX_STDERR_LINES} more lines in the step's log")
    fence = "`" * max(3, max((_longest_run(line, "`") for line in shown), default=0) + 1)
    return [f"{fence}text", *shown, fence]


def _longest_run(text: str, char: str) -> int:
    longest = current = 0
    for c in text:
        current = current + 1 if c == char else 0
        longest = max(longest, current)
    return longest


def _found(counts: Counts) -> str:
    parts = []
    if counts.errors:
        parts.append(f"**{_plural(counts.errors, 'error')}**")
    if counts.warnings:
        parts.append(f"**{_plural(counts.warnings, 'warning')}**")
    return " and ".join(parts)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# --- outputs and exit status ------------------------------------------------------------------


def format_output(name: str, value: str) -> str:
    """One ``$GITHUB_OUTPUT`` entry; a value with a line break gets the random-delimiter form."""
    if "\n" not in value and "\r" not in value:
        return f"{name}={value}\n"
    delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
    return f"{name}<<{delimiter}\n{value}\n{delimiter}\n"


def exit_status(counts: Counts, fail_on: str, *, failed: bool = False) -> int:
    """2 if the linter failed, 1 if the findings fail the step under ``fail_on``, else 0."""
    if failed:
        return 2
    if fail_on == "error":
        return int(counts.errors > 0)
    if fail_on == "warning":
        return int(counts.errors + counts.warnings > 0)
    return 0


def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8", errors="backslashreplace") as stream:
            stream.write(text)


def _write(path: str, text: str) -> None:
    """``text`` as the whole of ``path``, its folder made if need be: the same bytes ``_append`` adds."""
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(path, "w", encoding="utf-8", errors="backslashreplace") as stream:
        stream.write(text)


# --- command line ----------------------------------------------------------------------------

REFUSED_ARGS = ("--output-format", "--output-file", "--statistics", "--fix", "--diff", "--show-settings")
"""Options the args input cannot hold: the action writes its own reports and never changes files."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m awesome_lint.summary",
        description="Lint once and render the awesome-lint GitHub Action's log, annotations, job summary, "
        "outputs and SARIF. Writes to $GITHUB_STEP_SUMMARY and $GITHUB_OUTPUT when they are set. "
        "Everything after -- is passed to the linter as on its command line.",
        allow_abbrev=False,
    )
    parser.add_argument("--fail-on", choices=FAIL_ON, default="error", help="what fails the step (default: error)")
    parser.add_argument("--sarif-file", default="", metavar="PATH", help="also write a SARIF report to PATH")
    parser.add_argument(
        "--report-file", default="", metavar="PATH", help="also write the job summary's Markdown to PATH"
    )
    parser.add_argument("--diff-base", default="", metavar="REF", help="report only lines changed since REF")
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    split = argv.index("--") if "--" in argv else len(argv)
    args = build_parser().parse_args(argv[:split])
    out = stdout or sys.stdout
    messages: list[str] = []
    results: list[FileResult] = []
    online: OnlineStats | None = None
    try:
        results, online = _lint(argv[split + 1 :], args.diff_base)
    except _Refused as exc:
        messages.append(f"awesome-lint: error: {exc}")
    for result in results:
        if result.error is not None:
            messages.append(f"awesome-lint: error: {result.path}: {result.error}")
        messages.extend(
            f"awesome-lint: error: {finding.path}: {finding.message}"
            for finding in result.findings
            if finding.code == "AL000"
        )
    failed = bool(messages)
    for message in messages:
        print(message, file=sys.stderr)
    findings = sorted((f for result in results for f in result.findings), key=lambda f: f.sort_key())

    sarif_file = ""
    if args.sarif_file and not failed:
        from .report import ReportOptions, render

        try:
            folder = os.path.dirname(args.sarif_file)
            if folder:
                os.makedirs(folder, exist_ok=True)
            with open(args.sarif_file, "w", encoding="utf-8") as stream:
                stream.write(render("sarif", results, ReportOptions()))
            sarif_file = args.sarif_file
        except OSError as exc:
            messages.append(f"awesome-lint: error: {args.sarif_file}: cannot write the SARIF report: {exc.strerror}")
            failed = True

    def markdown() -> str:
        return render_summary(findings, failure=messages, failed=failed, diff_base=args.diff_base, online=online)

    text = markdown()
    report_file = ""
    if args.report_file:
        try:
            _write(args.report_file, text)
            report_file = args.report_file
        except OSError as exc:
            messages.append(f"awesome-lint: error: {args.report_file}: cannot write the report: {exc.strerror}")
            failed = True
            text = markdown()

    counts = Counts.of(findings)
    lines = online_lines(online) + log_lines(findings)
    if failed:
        lines += failure_annotations(messages)
    lines.append(_conclusion(counts, args.fail_on, failed))
    out.write("".join(line + "\n" for line in lines))
    out.flush()

    _append(os.environ.get("GITHUB_STEP_SUMMARY"), text)
    _append(
        os.environ.get("GITHUB_OUTPUT"),
        format_output("errors", str(counts.errors))
        + format_output("warnings", str(counts.warnings))
        + format_output("sarif-file", sarif_file)
        + format_output("report", report_file),
    )
    return exit_status(counts, args.fail_on, failed=failed)


class _Refused(Exception):
    """Linter arguments the action cannot run with; the message says why."""


def _lint(linter_args: list[str], diff_base: str) -> tuple[list[FileResult], OnlineStats | None]:
    """One run with the command line's options: the findings of the changed lines, and the rest hidden;
    and what the online checks did, in an online run."""
    from .cli.args import build_parser as linter_parser
    from .cli.args import parse_args, run_options
    from .run import RunError, run

    head = linter_args[: linter_args.index("--")] if "--" in linter_args else linter_args
    for word in head:
        option = word.split("=", 1)[0]
        if option in REFUSED_ARGS:
            raise _Refused(f"the args input cannot hold {option}: the action writes its own reports")
    parser = linter_parser()
    try:
        namespace = parse_args(parser, linter_args)
    except SystemExit:  # argparse printed the usage error on stderr
        raise _Refused("the args input holds an option the linter does not know (see the message above)") from None
    # No result cache in CI, and so no link cache either: a fresh runner has none, and a pull
    # request must not be able to plant entries.
    options = run_options(namespace).replace(cache=False, diff_base=diff_base or namespace.diff_base)
    try:
        result = run(namespace.paths, options)
    except RunError as exc:
        raise _Refused(str(exc)) from None
    return result.results, result.online


def _conclusion(counts: Counts, fail_on: str, failed: bool) -> str:
    if failed:
        return "awesome-lint failed: see the errors above."
    found = f"{_plural(counts.errors, 'error')} and {_plural(counts.warnings, 'warning')}"
    verdict = "fails" if exit_status(counts, fail_on) else "passes"
    return f"awesome-lint found {found}: the step {verdict} (fail-on: {fail_on})."


if __name__ == "__main__":
    sys.exit(main())
