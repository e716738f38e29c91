"""The command line: argument parsing and printing over the run layer (:mod:`awesome_lint.run`).

Exit codes: 0 no error-severity findings, 1 error findings, 2 usage error or a
file that could not be linted, 130 interrupted. The report goes to stdout (or
``--output-file``) and nothing else does; messages go to stderr.

Start-up time matters (pre-commit runs this on every commit): the run layer,
the rules and the reporters are imported only once the arguments say they are needed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .args import build_parser, first_positional, parse_args, parse_size
from .output import PROG, discard_stdout, error

__all__ = ["DEBUG_ENV", "PROG", "build_parser", "first_positional", "main", "parse_size"]

DEBUG_ENV = "AWESOME_LINT_DEBUG"
SUBCOMMANDS = ("rules", "rule", "config", "server")
"""A first positional argument with one of these names is a command, not a path (``./rules`` is a path)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``) and return the exit code."""
    try:
        return _dispatch(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        error(str(exc.code))
        return 2
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except BrokenPipeError:
        discard_stdout()
        return 1
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            import traceback

            traceback.print_exc()
        error(
            f"internal error: {type(exc).__name__}: {exc}; please report this (set {DEBUG_ENV}=1 to see the traceback)"
        )
        return 2


def _dispatch(argv: list[str]) -> int:
    parser = build_parser()
    index = first_positional(parser, argv)
    if index is not None and argv[index] in SUBCOMMANDS:
        from . import commands

        command, rest = argv[index], argv[:index] + argv[index + 1 :]
        if command == "rules":
            return commands.rules_command(rest)
        if command == "config":
            return commands.config_command(rest)
        if command == "server":
            from ..lsp import main as server_main

            return server_main(rest)
        return commands.rule_command(rest)
    return _lint_command(parser, parse_args(parser, argv))


def _lint_command(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from .lint import lint_command

    return lint_command(parser, args)
