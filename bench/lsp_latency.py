"""Keystroke-to-diagnostics latency of ``awesome-lint server`` (a script, not a test).

An editor that does not pull diagnostics sees a finding appear or go away when the server
publishes them: after the debounce, one lint of the whole document, the conversion to LSP
diagnostics and the trip over stdio. This script drives the server as an editor would
(a real client, a real subprocess, incremental changes) and times each of those parts, so
that a slow keystroke can be traced to the part that is slow. See bench/LSP.md for the
last run and what it means.

The parts are modules beside this one: lsp_session.py drives the server, lsp_inprocess.py times
the server-side part in this process and profiles the lint, lsp_report.py writes the report.

Only the checkout and its dependencies are used (pygls for the client). Progress goes to
stderr, the report (Markdown) to stdout.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from lsp_inprocess import InProcess, profile
from lsp_report import ListResult, commit, loadavg, machine, report
from lsp_session import REPO, log, measure_open, measure_session

DEFAULT_LIST = REPO.parent / "shared" / "corpus" / "lists" / "awesome-go.md"
SMALL_LIST = REPO / "examples" / "awesome-distributed-systems.md"


def measure_list(label: str, text: str, scratch: Path, changes: int, opens: int, repeat: int) -> ListResult:
    log(f"{label}: session (open, {changes} keystrokes, reopen)")
    first = scratch / f"{label}-0"
    in_process = InProcess(text, scratch / f"{label}-in-process")
    session = measure_session(text, first, changes, in_process.keystroke)
    cold = [(session.start_up, session.opened)]
    for number in range(1, opens):
        log(f"{label}: cold open {number + 1}/{opens}")
        cold.append(measure_open(text, scratch / f"{label}-{number}"))
    warm = []
    for number in range(opens):
        log(f"{label}: warm open {number + 1}/{opens}")
        warm.append(measure_open(text, first))
    log(f"{label}: in process")
    side = in_process.finish(repeat)
    return ListResult(label, len(text.encode()), session, cold, warm, side)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Keystroke-to-diagnostics latency of awesome-lint server.")
    parser.add_argument("--list", type=Path, default=DEFAULT_LIST, help="the big list (default: awesome-go)")
    parser.add_argument("--small", type=Path, default=SMALL_LIST, help="the small list, for contrast")
    parser.add_argument("--changes", type=int, default=20, help="keystrokes (default 20)")
    parser.add_argument("--opens", type=int, default=5, help="cold and warm opens, each a new server (default 5)")
    parser.add_argument(
        "--repeat", type=int, default=20, help="in-process repeats of the cache hit and the conversions (default 20)"
    )
    parser.add_argument("--tmp", type=Path, default=None, help="where the copies go (default: a new temporary folder)")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile of Linter.lint_bytes")
    args = parser.parse_args(argv)
    for path in (args.list, args.small):
        if not path.is_file():
            print(f"lsp_latency: not found: {path}", file=sys.stderr)
            return 2
    if args.changes < 1 or args.opens < 1 or args.repeat < 1:
        print("lsp_latency: --changes, --opens and --repeat must be at least 1", file=sys.stderr)
        return 2
    from awesome_lint.lsp.server import DEBOUNCE

    context = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "command": " ".join(["python bench/lsp_latency.py", *(sys.argv[1:] if argv is None else argv)]),
        "commit": commit(),
        "load_before": loadavg(),
    }
    with tempfile.TemporaryDirectory(prefix="awesome-lint-lsp-", dir=args.tmp) as scratch:
        results = []
        profiled = None
        for label, path in ((args.list.name, args.list), (args.small.name, args.small)):
            text = path.read_bytes().decode("utf-8")
            results.append(measure_list(label, text, Path(scratch), args.changes, args.opens, args.repeat))
            if profiled is None and not args.no_profile:
                log(f"{label}: profile")
                profiled = profile(text, Path(scratch) / f"{label}-in-process" / "lint_text" / "README.md")
    context["load_after"] = loadavg()
    print(report(results, context, machine(), DEBOUNCE, profiled), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
