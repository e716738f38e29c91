"""The command line: arguments → files → linter → reporter → exit code.

Exit codes: 0 no error-severity findings, 1 error findings, 2 usage error or a
file that could not be linted, 130 interrupted. The report goes to stdout (or
``--output-file``) and nothing else does; error messages go to stderr.

Start-up time matters (pre-commit runs this on every commit): the engine, the
rules and the reporters are imported only once the arguments say they are needed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import __version__
from .report import DEFAULT_FORMAT, FORMATS

if TYPE_CHECKING:
    from .config import Resolver, Settings
    from .engine import FileResult, Linter
    from .files import Target
    from .findings import Fix
    from .rules import Rule

PROG = "awesome-lint"
FORMAT_ENV = "AWESOME_LINT_OUTPUT_FORMAT"
DEBUG_ENV = "AWESOME_LINT_DEBUG"
SUBCOMMANDS = ("rules", "rule", "config")
"""A first positional argument with one of these names is a command, not a path (``./rules`` is a path)."""

USAGE = f"""\
{PROG} [OPTIONS] [PATH ...]
       {PROG} rules [--output-format {{text,json,markdown}}]
       {PROG} rule NAME-OR-CODE
       {PROG} config --schema"""

DESCRIPTION = """\
Lint awesome lists: Markdown files of curated links.

Each PATH is a Markdown file, a directory (its *.md, *.markdown, *.mdown and *.mkd
files, recursively, skipping hidden directories, node_modules and virtualenvs) or -
for standard input. Without a PATH, the readme.md of the current directory is linted.

Commands:
  rules                 list every rule: code, name, severity, fixable, summary
  rule NAME-OR-CODE     explain one rule
  config --schema       print the JSON Schema of the configuration file

Configuration: [tool.awesome-lint] in pyproject.toml, or .awesome-lint.toml /
awesome-lint.toml; the closest file to each linted file wins (see --config,
--isolated, --show-settings)."""

EPILOG = f"""\
examples:
  {PROG}                              lint ./README.md
  {PROG} docs/                        lint every Markdown file under docs/
  {PROG} --output-format json README.md
  {PROG} --select AL1,insecure-url    run only the AL1xx rules and insecure-url
  {PROG} --ignore AL202 README.md     run every rule but AL202
  cat README.md | {PROG} - --stdin-filename README.md
  {PROG} rules                        list the rules
  {PROG} rule AL101                   explain a rule

exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error or a file that
could not be linted."""



def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``) and return the exit code."""
    try:
        return _dispatch(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        _error(str(exc.code))
        return 2
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        _discard_stdout()
        return 1
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            import traceback

            traceback.print_exc()
        _error(
            f"internal error: {type(exc).__name__}: {exc}; please report this (set {DEBUG_ENV}=1 to see the traceback)"
        )
        return 2


def _dispatch(argv: list[str]) -> int:
    parser = build_parser()
    index = first_positional(parser, argv)
    if index is not None and argv[index] in SUBCOMMANDS:
        command, rest = argv[index], argv[:index] + argv[index + 1 :]
        if command == "rules":
            return _rules_command(rest)
        if command == "config":
            return _config_command(rest)
        return _rule_command(rest)
    return _lint_command(parser, parser.parse_intermixed_args(argv))


# --- arguments -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        usage=USAGE,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to lint, - for stdin")
    parser.add_argument(
        "--output-format",
        type=str.lower,
        choices=list(FORMATS),
        help=f"report format (default: {DEFAULT_FORMAT}; also set by ${FORMAT_ENV})",
    )
    parser.add_argument("--output-file", metavar="PATH", help="write the report to PATH instead of stdout")
    parser.add_argument(
        "--color",
        type=str.lower,
        choices=["auto", "always", "never"],
        default="auto",
        help="colour and source excerpts in the text format (default: auto, on a terminal unless $NO_COLOR)",
    )
    for option, verb in (("--select", "run only"), ("--extend-select", "also run"), ("--ignore", "do not run")):
        parser.add_argument(
            option,
            action="append",
            metavar="RULES",
            help=f"{verb} these rules: comma-separated codes (AL101), code prefixes (AL1) or names; repeatable",
        )
    parser.add_argument(
        "--max-file-size",
        type=parse_size,
        metavar="SIZE",
        help="fail on files larger than SIZE bytes; KB, MB (powers of 1000), KiB, MiB (of 1024) accepted "
        "(default: 2MiB)",
    )
    parser.add_argument("--stdin-filename", metavar="PATH", help="the path to report for standard input")
    parser.add_argument(
        "--exclude",
        action="append",
        metavar="GLOBS",
        help="comma-separated globs of files or folders to skip when walking directories (`vendor`, "
        "`docs/old/*.md`); repeatable",
    )
    parser.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply --exclude to files named on the command line too (for pre-commit, which names every file)",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="use this configuration file (pyproject.toml or awesome-lint.toml) for every file, "
        "instead of each file's closest one",
    )
    parser.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    parser.add_argument(
        "--show-settings",
        action="store_true",
        help="print the settings in force for the first PATH (configuration file and options), then exit",
    )
    parser.add_argument(
        "--diff-base",
        metavar="REF",
        help="report only findings on lines added or changed since the merge base of REF and HEAD, "
        "uncommitted changes included (needs git)",
    )
    parser.add_argument("--fix", action="store_true", help="apply safe fixes to the files, then report what is left")
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, also apply fixes that may change meaning (http:// → https://, ...)",
    )
    parser.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff of what --fix would change and write nothing (exit 1 when there is one)",
    )
    parser.add_argument("--show-fixes", action="store_true", help="with --fix, list what was fixed in each file")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when errors are found")
    parser.add_argument("--statistics", action="store_true", help="count findings per rule instead of listing them")
    parser.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    parser.add_argument("-V", "--version", action="version", version=f"{PROG} {__version__}")
    return parser


def first_positional(parser: argparse.ArgumentParser, argv: Sequence[str]) -> int | None:
    """Index in ``argv`` of the first positional argument, skipping options and their values;
    None when there is none or it comes after ``--`` (then it is a path, whatever its name)."""
    takes_value = {option for action in parser._actions if action.nargs != 0 for option in action.option_strings}
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--":
            return None
        if token == "-" or not token.startswith("-"):
            return i
        if token.startswith("--"):
            if "=" not in token and token in takes_value:
                i += 1
        else:  # a cluster of short options such as -qo FILE or -oFILE
            for j, char in enumerate(token[1:], start=2):
                if f"-{char}" in takes_value:
                    if j == len(token):
                        i += 1
                    break
        i += 1
    return None


def parse_size(text: str) -> int:
    """``500KB``, ``5MB``, ``1MiB``, ``2048`` → bytes (KB and MB are powers of 1000, KiB and MiB of 1024)."""
    from .config import parse_size as parse

    try:
        return parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _selectors(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


# --- linting ---------------------------------------------------------------------------------


def _lint_command(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    output_format = args.output_format
    if output_format is None:
        from_env = os.environ.get(FORMAT_ENV, "").strip().lower()
        if from_env and from_env not in FORMATS:
            parser.error(f"invalid ${FORMAT_ENV} value {from_env!r} (choose from {', '.join(FORMATS)})")
        output_format = from_env or DEFAULT_FORMAT

    from .config import ConfigError, Resolver
    from .engine import INTERNAL_ERROR_CODE, FileResult, SelectionError

    try:
        resolver = Resolver(args.config, args.isolated)
        # Validate the command line's selectors once, naming the option, before any file.
        choose_rules(_selectors(args.select), _selectors(args.extend_select), _selectors(args.ignore))
    except (ConfigError, SelectionError) as exc:
        _error(str(exc))
        return 2

    from .files import collect, find_readme, is_excluded

    paths: list[str] = args.paths
    if not paths:
        if args.stdin_filename is not None:
            paths = ["-"]
        else:
            readme = find_readme()
            if readme is None:
                _error(
                    "no readme.md in the current directory (looked for readme.md and readme.markdown "
                    f"in any case); name the files or directories to lint, e.g. `{PROG} docs/list.md`"
                )
                return 2
            paths = [readme]

    if args.show_settings:
        return _show_settings(resolver, paths[0], args)

    changed = None
    if args.diff_base is not None:
        from .changed import ChangedLines, ChangedLinesError

        try:
            changed = ChangedLines(args.diff_base)
        except ChangedLinesError as exc:
            _error(f"--diff-base: {exc}")
            return 2

    cli_exclude = _selectors(args.exclude) or []
    collected = collect(paths, args.stdin_filename, cli_exclude, args.force_exclude)
    linters: dict[int, Linter] = {}
    results: list[FileResult] = []
    try:
        for target in collected.targets:
            settings = resolver.for_path(target.path if target.path is not None else args.stdin_filename)
            excludable = (target.walked or args.force_exclude) and target.path is not None
            if excludable and target.path and is_excluded(target.path, settings.exclude, str(settings.root)):
                continue
            linter = linters.get(id(settings))
            if linter is None:
                linter = linters[id(settings)] = build_linter(settings, args)
            if args.fix or args.diff:
                results.append(_fix_target(linter, target, args))
            else:
                results.append(_lint_target(linter, target))
    except (ConfigError, SelectionError) as exc:
        _error(str(exc))
        return 2
    if changed is not None:
        for result in results:
            if result.source is not None and result.path != "-":
                result.findings = [
                    finding
                    for finding in result.findings
                    if finding.code == INTERNAL_ERROR_CODE
                    or changed.changed(result.path, range(finding.line, finding.end_line + 1))
                ]
    results += [FileResult(path, error=message) for path, message in collected.errors]
    for result in results:
        if result.error is not None:
            _error(f"{result.path}: {result.error}")
        for finding in result.findings:
            if finding.code == INTERNAL_ERROR_CODE:
                _error(f"{finding.path}: {finding.message}")

    status = exit_status(results, exit_zero=args.exit_zero)
    if args.diff:
        # Like ruff: the diffs on stdout, exit 1 when there is something to fix, nothing written.
        diffs = "".join(result.diff for result in results)
        would = sum(len(result.fixed) for result in results)
        with contextlib.suppress(BrokenPipeError, ValueError):
            print(f"Would fix {would} problem{'' if would == 1 else 's'}.", file=sys.stderr, flush=True)
        return _output(diffs, args.output_file, status if status == 2 else int(bool(diffs)))

    from .report import ReportOptions, render

    to_terminal = args.output_file is None and _isatty(sys.stdout)
    options = ReportOptions(
        color=args.color == "always" or (args.color == "auto" and to_terminal and not os.environ.get("NO_COLOR")),
        show_source=args.color == "always" or to_terminal,
        quiet=args.quiet,
        statistics=args.statistics,
    )
    report = render(output_format, results, options)
    if args.fix and args.show_fixes and output_format == "text":
        report += _fixes_listing(results)
    if args.fix and any(result.path == (args.stdin_filename or "-") for result in results) and not args.output_file:
        # stdout carries the fixed text of standard input: the report goes to stderr.
        with contextlib.suppress(BrokenPipeError, ValueError):
            sys.stderr.write(report)
            sys.stderr.flush()
        return status
    return _output(report, args.output_file, status)


def _fixes_listing(results: Sequence[FileResult]) -> str:
    """``Fixed 3 problems:`` then, per file, how many of each rule."""
    from collections import Counter

    from .rules import resolve

    fixed = [result for result in results if result.fixed]
    if not fixed:
        return "No problems fixed.\n"
    total = sum(len(result.fixed) for result in fixed)
    lines = [f"Fixed {total} problem{'' if total == 1 else 's'}:"]
    for result in fixed:
        lines.append(f"- {result.path}:")
        for code, count in sorted(Counter(result.fixed).items()):
            lines.append(f"    {count} × {code} ({resolve(code)[0].name})")
    return "".join(line + "\n" for line in lines)


def build_linter(settings: Settings, args: argparse.Namespace) -> Linter:
    """A linter for the files ``settings`` governs, with the command line's options on top."""
    from .config import config_severities
    from .engine import DEFAULT_MAX_FILE_SIZE, Linter, select_rules

    off = [selector for selector, level in settings.severity.items() if level == "off"]
    select = _selectors(args.select) or settings.select
    rules = choose_rules(
        select,
        settings.extend_select + (_selectors(args.extend_select) or []),
        settings.ignore + (_selectors(args.ignore) or []) + off,
    )
    per_file = [
        (pattern, frozenset(rule.code for rule in select_rules(selectors))) for pattern, selectors in
        settings.per_file_ignores.items()
    ]
    return Linter(
        rules,
        max_file_size=args.max_file_size or settings.max_file_size or DEFAULT_MAX_FILE_SIZE,
        options=settings.rules,
        severities=config_severities(settings),
        per_file_ignores=per_file,
        root=str(settings.root),
    )


def _show_settings(resolver: Resolver, path: str, args: argparse.Namespace) -> int:
    """Print the settings in force for ``path`` (its configuration file and the command line)."""
    import json

    settings = resolver.for_path(None if path == "-" else path)
    shown = settings.as_dict()
    shown["file"] = path
    shown["rules-run"] = [rule.code for rule in build_linter(settings, args).rules]
    return _output(json.dumps(shown, indent=2, ensure_ascii=False) + "\n", None, 0)


def exit_status(results: Sequence[FileResult], *, exit_zero: bool = False) -> int:
    """2 if a file could not be linted (or a rule crashed), else 1 for error findings unless ``exit_zero``."""
    if any(result.error is not None or result.internal_error for result in results):
        return 2
    if exit_zero:
        return 0
    return int(any(finding.severity == "error" for result in results for finding in result.findings))


def choose_rules(
    select: list[str] | None, extend_select: list[str] | None, ignore: list[str] | None
) -> list[type[Rule]]:
    """The rules to run: ``select`` (default: the default set) plus ``extend_select``, minus ``ignore``.

    Raises :class:`~awesome_lint.engine.SelectionError`, naming the option, for an unknown selector.
    """
    from .engine import SelectionError, select_rules

    for option, selectors in (("--select", select), ("--extend-select", extend_select), ("--ignore", ignore)):
        try:
            select_rules(selectors or [])
        except SelectionError as exc:
            raise SelectionError(f"{option}: {exc}") from None
    chosen = {rule.code: rule for rule in select_rules(select, ignore or ())}
    if extend_select:
        chosen.update((rule.code, rule) for rule in select_rules(extend_select, ignore or ()))
    return [chosen[code] for code in sorted(chosen)]


def _lint_target(linter: Linter, target: Target) -> FileResult:
    if target.path is not None:
        from pathlib import Path

        return linter.lint_file(Path(target.path), target.display)
    data = _read_stdin(linter)
    if isinstance(data, str):
        from .engine import FileResult

        return FileResult(target.display, error=data)
    return linter.lint_bytes(data, target.display)


def _read_stdin(linter: Linter) -> bytes | str:
    """Standard input, or why it cannot be linted."""
    limit = linter.max_file_size
    data = sys.stdin.buffer.read(limit + 1)  # no more: a huge input must not fill the memory
    if len(data) > limit:
        return (
            f"standard input is above the {limit:,}-byte limit; raise it with --max-file-size "
            "if this really is one Markdown list"
        )
    return data


def _fix_target(linter: Linter, target: Target, args: argparse.Namespace) -> FileResult:
    """--fix and --diff for one file: fix until stable, then write (or diff) and report what is left.

    Fixes are applied to the original bytes (BOM, line endings and every untouched byte kept)
    and written atomically, never over a file that changed on disk since it was read.
    """
    from pathlib import Path

    from .engine import FileResult
    from .fixer import FileChangedError, FileStamp, fix_until_stable, write_atomic

    first = _lint_target(linter, target) if target.path is not None else None
    if first is not None and (first.error is not None or first.internal_error):
        return first
    if target.path is not None:
        path = Path(target.path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            return FileResult(target.display, error=f"cannot read: {exc.strerror or exc}")
        stamp = FileStamp.of(path, data)
    else:
        stdin = _read_stdin(linter)
        if isinstance(stdin, str):
            return FileResult(target.display, error=stdin)
        data = stdin

    def fixes(content: bytes) -> list[tuple[str, Fix]]:
        result = linter.lint_bytes(content, target.display)
        return [(f.code, f.fix) for f in result.findings if f.fix is not None]

    fixed_data, codes, _ = fix_until_stable(data, target.display, fixes, unsafe=args.unsafe_fixes)
    result = linter.lint_bytes(fixed_data, target.display)
    result.fixed = codes
    if args.diff:
        result.diff = _unified_diff(data, fixed_data, target.display)
    elif target.path is None:
        _write_stdout(fixed_data)
    elif fixed_data != data:
        try:
            write_atomic(path, fixed_data, stamp)
        except FileChangedError as exc:
            return FileResult(target.display, error=str(exc))
        except OSError as exc:
            return FileResult(target.display, error=f"cannot write the fixed file: {exc.strerror or exc}")
    return result


def _unified_diff(before: bytes, after: bytes, path: str) -> str:
    import difflib

    if before == after:
        return ""
    old = before.decode("utf-8", "surrogateescape").split("\n")
    new = after.decode("utf-8", "surrogateescape").split("\n")
    lines = difflib.unified_diff(old, new, f"a/{path}", f"b/{path}", lineterm="")
    return "".join(line + "\n" for line in lines)


def _write_stdout(data: bytes) -> None:
    """The fixed text of standard input goes to stdout, byte for byte."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        sys.stdout.write(data.decode("utf-8", "surrogateescape"))


# --- commands --------------------------------------------------------------------------------


def _rules_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog=f"{PROG} rules", description="List every rule.", allow_abbrev=False)
    parser.add_argument("--output-format", type=str.lower, choices=["text", "json", "markdown"], default="text")
    args = parser.parse_args(argv)

    from .rules import all_rules, markdown_table

    if args.output_format == "markdown":
        return _output(markdown_table(), None, 0)

    rows = [
        {
            "code": rule.code,
            "name": rule.name,
            "severity": rule.severity.value,
            "fixable": rule.fixable,
            "summary": rule.summary,
        }
        for rule in all_rules()
    ]
    if args.output_format == "json":
        import json

        return _output(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", None, 0)
    table = [["CODE", "NAME", "SEVERITY", "FIXABLE", "SUMMARY"]]
    table += [[str(row[key]) for key in ("code", "name", "severity")] for row in rows]
    for cells, row in zip(table[1:], rows, strict=True):
        cells += ["yes" if row["fixable"] else "no", str(row["summary"])]
    widths = [max(len(cells[i]) for cells in table) for i in range(4)]
    lines = ["  ".join([*(cells[i].ljust(widths[i]) for i in range(4)), cells[4]]) for cells in table]
    return _output("".join(line + "\n" for line in lines), None, 0)


def _config_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} config", description="Describe the configuration file format.", allow_abbrev=False
    )
    parser.add_argument(
        "--schema", action="store_true", required=True, help="print the JSON Schema of the configuration"
    )
    parser.parse_args(argv)

    import json

    from .config import json_schema

    return _output(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", None, 0)


def _rule_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog=f"{PROG} rule", description="Explain one rule.", allow_abbrev=False)
    parser.add_argument("name", metavar="NAME-OR-CODE", help="a rule code (AL101) or name (list-numbering)")
    args = parser.parse_args(argv)

    from .rules import resolve

    try:
        matched = resolve(args.name)
    except KeyError:
        _error(f"unknown rule {args.name!r}; `{PROG} rules` lists them")
        return 2
    if len(matched) != 1:
        names = ", ".join(f"{rule.code} ({rule.name})" for rule in matched)
        _error(f"{args.name!r} names {len(matched)} rules: {names}; give one code or name")
        return 2
    rule = matched[0]
    return _output(f"{rule.code} {rule.name}\n\n{rule.summary}\n\n{rule.explanation()}\n", None, 0)


# --- output ----------------------------------------------------------------------------------


def _output(text: str, output_file: str | None, status: int) -> int:
    """Write the report and return ``status``; 2 if the report cannot be written."""
    data = text.encode("utf-8", "backslashreplace")
    if output_file is not None:
        try:
            with open(output_file, "wb") as stream:
                stream.write(data)
        except OSError as exc:
            _error(f"{output_file}: cannot write the report: {exc.strerror or exc}")
            return 2
        return status
    try:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:  # a replaced sys.stdout, as in tests
            sys.stdout.write(text)
            sys.stdout.flush()
    except BrokenPipeError:  # `awesome-lint | head`: the reader has gone, the result stands
        _discard_stdout()
    return status


def _discard_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # closed
        return False


def _error(message: str) -> None:
    """One ``awesome-lint: error:`` line per line of ``message``."""
    with contextlib.suppress(BrokenPipeError, ValueError):
        for line in message.splitlines() or [""]:
            print(f"{PROG}: error: {line}", file=sys.stderr, flush=True)
