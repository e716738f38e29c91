"""The lint command's arguments, and the run options they stand for."""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Sequence

from .. import __version__
from ..report import DEFAULT_FORMAT, FORMATS
from .output import PROG

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..run import RunOptions

FORMAT_ENV = "AWESOME_LINT_OUTPUT_FORMAT"

USAGE = f"""\
{PROG} [OPTIONS] [PATH ...]
       {PROG} rules [--output-format {{text,json,markdown,docs}}]
       {PROG} rule NAME-OR-CODE
       {PROG} config --schema
       {PROG} server"""

DESCRIPTION = """\
Lint awesome lists: Markdown files of curated links.

Each PATH is a Markdown file, a directory (its *.md, *.markdown, *.mdown and *.mkd
files, recursively, skipping hidden directories, node_modules and virtualenvs) or -
for standard input. Without a PATH, the readme.md of the current directory is linted.
Put -- before paths that start with a dash.

Commands:
  rules                 list every rule: code, name, severity, fixable, summary
  rule NAME-OR-CODE     explain one rule
  config --schema       print the JSON Schema of the configuration file
  server                the language server for editors, over stdio (needs awesome-lint[lsp])

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
  {PROG} --fix README.md              apply the safe fixes
  cat README.md | {PROG} - --stdin-filename README.md
  {PROG} rules                        list the rules
  {PROG} rule AL101                   explain a rule

environment: AWESOME_LINT_OUTPUT_FORMAT (--output-format), AWESOME_LINT_CACHE_DIR (--cache-dir),
AWESOME_LINT_NO_CACHE=1 (--no-cache), NO_COLOR, AWESOME_LINT_DEBUG=1 (tracebacks of internal errors).

exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error or a file that
could not be linted."""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter, told the width up front: it would import ``shutil`` for it on every run,
    to check each option as it is added, though only ``--help`` ever shows the result."""

    def __init__(self, prog: str, width: int = 80) -> None:
        super().__init__(prog, width=width - 2)


def _terminal_width() -> int:
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno() if sys.__stdout__ else 1).columns
    except (ValueError, OSError):
        return 80


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        usage=USAGE,
        description=DESCRIPTION,
        epilog=EPILOG,
        # Measured once: argparse makes a formatter for every option it adds.
        formatter_class=functools.partial(_Formatter, width=_terminal_width()),
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
    parser.add_argument(
        "--list-files",
        action="append",
        metavar="GLOBS",
        help="the files the awesome-list rules check, replacing `list-files`: comma-separated globs "
        "(default: readme.*); repeatable",
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
        "uncommitted changes included, in each file's own git repository",
    )
    parser.add_argument(
        "--online",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also check the links over the network: dead, unreachable and redirected links, HTTPS, archived "
        "and moved GitHub repositories (needs awesome-lint[online]; default: `online` in the configuration, "
        "else off). With --diff-base, only the links on changed lines",
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
    parser.add_argument(
        "--show-fixes",
        action="store_true",
        help="list what was fixed in each file (with --fix), or each fix on offer and what it changes on GitHub",
    )
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when errors are found")
    parser.add_argument(
        "--statistics",
        action="store_true",
        help="count findings per rule instead of listing them (text and json formats)",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=parse_jobs,
        metavar="N",
        help="lint in N processes (default: one per CPU, when there is enough to lint; 1: in this process)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the result cache (also set by $AWESOME_LINT_NO_CACHE=1)",
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="keep the result cache in DIR (default: .awesome-lint-cache in the project root; "
        "also set by $AWESOME_LINT_CACHE_DIR)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="on stderr: the configuration file of each file, cache hits, and how long each phase took",
    )
    parser.add_argument("-V", "--version", action="version", version=f"{PROG} {__version__}")
    return parser


def parse_args(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    """Options and paths in any order; everything after ``--`` is a path, even ``-weird.md``."""
    argv = list(argv)
    tail: list[str] = []
    if "--" in argv:
        split = argv.index("--")
        argv, tail = argv[:split], argv[split + 1 :]
    args = parser.parse_intermixed_args(argv)
    args.paths = [*args.paths, *tail]
    return args


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
    from ..config import parse_size as parse

    try:
        return parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def parse_jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number of jobs {text!r}: give a whole number, 1 or more") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"invalid number of jobs {text!r}: give a whole number, 1 or more")
    return jobs


def selectors(values: Sequence[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def run_options(args: argparse.Namespace, *, keep_sources: bool = False) -> RunOptions:
    from ..run import RunOptions

    return RunOptions(
        select=selectors(args.select),
        extend_select=selectors(args.extend_select) or (),
        ignore=selectors(args.ignore) or (),
        exclude=selectors(args.exclude) or (),
        force_exclude=args.force_exclude,
        config=args.config,
        isolated=args.isolated,
        max_file_size=args.max_file_size,
        list_files=selectors(args.list_files),
        stdin_filename=args.stdin_filename,
        fix=args.fix,
        diff=args.diff,
        unsafe_fixes=args.unsafe_fixes,
        diff_base=args.diff_base,
        jobs=args.jobs,
        cache=not args.no_cache,
        cache_dir=args.cache_dir,
        keep_sources=keep_sources,
        judge_unsafe=args.show_fixes or args.unsafe_fixes,
        online=args.online,
    )
