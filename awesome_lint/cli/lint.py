"""The lint command: arguments in, a run (:mod:`awesome_lint.run`), the report printed, an exit code out."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence

from ..report import DEFAULT_FORMAT, FORMATS
from .args import FORMAT_ENV, run_options
from .output import error, info, isatty, output, warning, write_stderr, write_stdout_bytes

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..findings import FileResult
    from ..run import RunOptions, RunResult

STATISTICS_FORMATS = ("text", "json")


def lint_command(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    output_format, explicit = _output_format(parser, args)
    refused = _check_combinations(args, output_format, explicit)
    if refused:
        error(refused)
        return 2

    from ..run import RunError, run

    to_terminal = args.output_file is None and isatty(sys.stdout)
    show_source = output_format == "text" and (args.color == "always" or to_terminal)
    options = run_options(args, keep_sources=show_source)
    if args.show_settings:
        return _show_settings(options, args.paths)
    started = time.perf_counter()
    bar = None
    if not args.quiet and isatty(sys.stderr):
        from .progress import ProgressBar

        bar = ProgressBar()
    try:
        result = run(args.paths, options, stdin=_read_stdin, log=info if args.verbose else None, progress=bar)
    except RunError as exc:
        error(str(exc))
        return 2
    finally:
        if bar is not None:
            bar.close()
    if result.online is not None:
        _online_notes(result, verbose=args.verbose)
    results = result.results
    for file_result in results:
        if file_result.error is not None:
            error(f"{file_result.path}: {file_result.error}")
        for finding in file_result.findings:
            if finding.code == "AL000":
                error(f"{finding.path}: {finding.message}")

    status = exit_status(results, exit_zero=args.exit_zero)
    if args.diff:
        # Like ruff: the diffs on stdout, exit 1 when there is something to fix, nothing written.
        diffs = "".join(file_result.diff for file_result in results)
        would = sum(len(file_result.fixed) for file_result in results)
        write_stderr(f"Would fix {would} problem{'' if would == 1 else 's'}.\n")
        _verbose_phases(args, result, started, time.perf_counter())
        return output(diffs, args.output_file, status if status == 2 else int(bool(diffs)))

    from ..report import ReportOptions, render

    report_started = time.perf_counter()
    report_options = ReportOptions(
        color=args.color == "always" or (args.color == "auto" and to_terminal and not os.environ.get("NO_COLOR")),
        show_source=show_source,
        quiet=args.quiet,
        statistics=args.statistics,
    )
    report = render(output_format, results, report_options)
    if args.show_fixes and output_format == "text":
        report += fixes_listing(results) if args.fix else available_fixes(results)
    _verbose_phases(args, result, started, report_started)
    stdin_path = args.stdin_filename or "-"
    if args.fix and any(file_result.path == stdin_path for file_result in results):
        for file_result in results:
            if file_result.fixed_data is not None:
                write_stdout_bytes(file_result.fixed_data)
        if not args.output_file:
            # stdout carries the fixed text of standard input: the report goes to stderr.
            write_stderr(report)
            return status
    return output(report, args.output_file, status)


def _online_notes(result: RunResult, *, verbose: bool) -> None:
    """What the online checks left unchecked, and why; with -v, what they did."""
    from collections import Counter

    stats = result.online
    assert stats is not None
    for note in stats.notes:
        warning(note)
    reasons = Counter(reason for _, reason in stats.unchecked)
    for reason, count in reasons.items():
        what = "link was" if count == 1 else "links were"
        warning(f"{count} {what} not checked ({reason}): they are neither reported nor passed")
    if verbose:
        for url, reason in stats.unchecked:
            info(f"not checked: {url} ({reason})")
        info(
            f"online: {stats.urls} URLs and {stats.repositories} repositories, {stats.from_cache} answered from "
            f"the link cache, {stats.requests} requests sent or attempted, {stats.skipped} URLs excluded by the "
            f"configuration, in {stats.seconds:.1f} s"
        )


def _output_format(parser: argparse.ArgumentParser, args: argparse.Namespace) -> tuple[str, bool]:
    """The format asked for, and whether the command line (not the environment) asked."""
    if args.output_format is not None:
        return args.output_format, True
    from_env = os.environ.get(FORMAT_ENV, "").strip().lower()
    if from_env and from_env not in FORMATS:
        parser.error(f"invalid ${FORMAT_ENV} value {from_env!r} (choose from {', '.join(FORMATS)})")
    return from_env or DEFAULT_FORMAT, False


def _check_combinations(args: argparse.Namespace, output_format: str, explicit: bool) -> str | None:
    """Refuse options that contradict each other (the message), warn about ones that do nothing."""
    if args.config is not None and args.isolated:
        return "--config and --isolated cannot be used together: --isolated ignores every configuration file"
    if args.diff and explicit and output_format != "text":
        return f"--diff prints a unified diff; it cannot be combined with --output-format {output_format}"
    if args.diff and args.statistics:
        return "--diff prints a unified diff; it cannot be combined with --statistics"
    if args.statistics and output_format not in STATISTICS_FORMATS:
        return (
            f"--statistics counts findings per rule; the {output_format} format reports each finding "
            "(use --output-format text or json with --statistics)"
        )
    if args.unsafe_fixes and not (args.fix or args.diff):
        warning("--unsafe-fixes has no effect without --fix or --diff")
    if args.show_fixes and args.diff:
        warning("--show-fixes has no effect with --diff: the diff shows every fix")
    return None


def _read_stdin(limit: int) -> bytes:
    # No more than the limit and one byte: a huge input must not fill the memory.
    return sys.stdin.buffer.read(limit + 1)


def _verbose_phases(args: argparse.Namespace, result: RunResult, started: float, until: float) -> None:
    if not args.verbose:
        return
    timings = dict(result.timings)
    timings["report"] = time.perf_counter() - until
    phases = ", ".join(f"{name} {seconds * 1000:.1f} ms" for name, seconds in timings.items())
    cached = sum(file_result.cached for file_result in result.results)
    linted = sum(not file_result.cached and file_result.error is None for file_result in result.results)
    where = "in this process" if result.workers == 1 else f"in {result.workers} processes"
    cache = "no cache" if result.cache is None else f"cache {result.cache.folder}"
    info(f"{linted} linted {where}, {cached} from the cache ({cache})")
    info(f"phases: {phases}; total {(time.perf_counter() - started) * 1000:.1f} ms")


def fixes_listing(results: Sequence[FileResult]) -> str:
    """``Fixed 3 problems:`` then, per file, how many of each rule."""
    from collections import Counter

    from ..rules import resolve

    fixed = [result for result in results if result.fixed]
    if not fixed:
        return "No problems fixed.\n"
    total = sum(len(result.fixed) for result in fixed)
    lines = [f"Fixed {total} problem{'' if total == 1 else 's'}:"]
    for result in fixed:
        lines.append(f"- {result.path}:")
        for code, count in sorted(Counter(result.fixed).items()):
            lines.append(f"    {count} × {code} ({resolve(code)[0].name})")
        for change in dict.fromkeys(result.changes):  # what GitHub renders differently, once each
            lines.append(f"      {change}")
    return "".join(line + "\n" for line in lines)


def available_fixes(results: Sequence[FileResult]) -> str:
    """Without ``--fix``: each fix on offer, safe or unsafe, and what it changes on GitHub."""
    from ..report import sorted_findings

    lines = []
    for finding in sorted_findings(results):
        fix = finding.fix
        if fix is None:
            continue
        kind = fix.applicability.value
        lines.append(f"  {finding.path}:{finding.line}:{finding.column}: {finding.code} ({kind}): {fix.describe()}")
    if not lines:
        return "No fixes available.\n"
    return "Fixes available:\n" + "".join(line + "\n" for line in lines)


def _show_settings(options: RunOptions, paths: Sequence[str]) -> int:
    """Print the settings in force for the first path (its configuration file and the command line)."""
    import json

    from ..config import ConfigError
    from ..errors import SelectionError
    from ..run import RunError, make_resolver
    from ..run.selection import NoRulesError, build_linter

    path = paths[0] if paths else (options.stdin_filename or _default_path())
    try:
        resolver = make_resolver(options)
        settings = resolver.for_path(None if path == "-" else path)
        shown = settings.as_dict()
        shown["file"] = path
        shown["rules-run"] = [rule.code for rule in build_linter(settings, options).rules]
    except (ConfigError, SelectionError, NoRulesError, RunError) as exc:
        error(str(exc))
        return 2
    return output(json.dumps(shown, indent=2, ensure_ascii=False) + "\n", None, 0)


def _default_path() -> str:
    from ..files import find_readme

    return find_readme() or "README.md"


def exit_status(results: Sequence[FileResult], *, exit_zero: bool = False) -> int:
    """2 if a file could not be linted (or a rule crashed), else 1 for error findings unless ``exit_zero``."""
    if any(result.error is not None or result.internal_error for result in results):
        return 2
    if exit_zero:
        return 0
    return int(any(finding.severity == "error" for result in results for finding in result.findings))
