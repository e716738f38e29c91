"""The latency report (Markdown) and the arithmetic behind it (see lsp_latency.py)."""

from __future__ import annotations

import math
import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lsp_inprocess import Profile, ServerSide
from lsp_session import REPO, Event, Session


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest rank: with 20 values, p90 is the 18th smallest (two values are above it)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}" if seconds >= 0.01 else f"{seconds * 1000:.1f}"


def table(header: Sequence[str], rows: Iterable[Sequence[str]], left: int = 1, note: bool = False) -> str:
    """A Markdown table whose first ``left`` columns (and the last, a ``note``) are left-aligned, the rest
    right-aligned."""
    lines = ["| " + " | ".join(header) + " |"]
    aligned = ["---" if i < left or (note and i == len(header) - 1) else "---:" for i in range(len(header))]
    lines.append("|" + "|".join(aligned) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def stats_row(label: str, values: Sequence[float], note: str = "") -> list[str]:
    """Median, p90, min, max in milliseconds, and how many values they are of."""
    if not values:
        return [label, "", "", "", "", "0", note]
    return [
        label,
        ms(median(values)),
        ms(percentile(values, 0.9)),
        ms(min(values)),
        ms(max(values)),
        str(len(values)),
        note,
    ]



@dataclass
class ListResult:
    label: str
    size: int
    session: Session
    cold: list[tuple[float, Event]]
    """Each a new server in a new folder: start-up, first diagnostics."""
    warm: list[tuple[float, Event]]
    """Each a new server in a folder whose cache the first session filled."""
    side: ServerSide



def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as stream:
            names = [line.split(":", 1)[1].strip() for line in stream if line.startswith("model name")]
        if names:
            cpu = names[0]
    except OSError:
        pass
    return [
        f"Machine: {os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}",
        f"Python: {platform.python_version()} ({sys.executable})",
    ]


def commit() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "awesome_lint")
    return f"{head}, awesome_lint/ {'with uncommitted changes' if dirty else 'as committed'}"


def loadavg() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def report(
    results: Sequence[ListResult],
    context: dict[str, str],
    machine_lines: Sequence[str],
    debounce: float,
    profiled: Profile | None,
) -> str:
    out = [f"Measured {context['date']}: `{context['command']}`.\n"]
    out += [f"- {line}" for line in machine_lines]
    out.append(f"- Commit: {context['commit']}")
    out.append(
        f"- Load average (1, 5, 15 min): {context['load_before']} at the start, {context['load_after']} at the end"
    )
    out.append(f"- Debounce (`DEBOUNCE` in awesome_lint/lsp/server.py): {debounce * 1000:.0f} ms\n")
    for item in results:
        out.append(f"## {item.label} ({item.size / 1024:,.0f} KB, {item.session.opened.diagnostics} diagnostics)\n")
        header = ["", "median ms", "p90 ms", "min ms", "max ms", "n", "note"]
        out.append(table(header, _rows(item, debounce), note=True))
        side = item.side
        out.append(
            f"\nThe run layer with the server's options answers the unchanged document from the cache: "
            f"{'yes' if side.cache_hit_confirmed else '**no**'}. "
            f"The keystrokes' lints left the result cache as it was: "
            f"{'yes' if side.cache_untouched and not any(e.wrote_cache for e in item.session.typing) else '**no**'}.\n"
        )
    if profiled is not None:
        rows, rules = profiled
        out.append("## Profile: `Linter.lint_bytes` on the first list, top 15 by cumulative time\n")
        out.append(
            "Under cProfile, which slows call-heavy Python code about twofold: the shares are a guide, the"
            " times in the tables above and below (unprofiled) are the real ones.\n"
        )
        out.append(table(["function", "calls", "own ms", "cumulative ms"], rows))
        out.append("\n### Rules, median of 5 on the parsed document\n")
        shown = [[name, f"{seconds * 1000:.1f}"] for name, seconds in rules if seconds >= 0.0005]
        out.append(table(["rule", "ms"], shown))
        out.append("\n(Rules under 0.5 ms are left out.)")
    return "\n".join(out) + "\n"


PHASES = {
    "parse": "lint: parse",
    "rules": "lint: rules",
    "suppressions": "lint: suppression comments",
    "fix check": "lint: fix check",
    "total": "lint: the file's job, all phases",
    "run: collect": "run layer: collect (configuration)",
    "run: read": "run layer: read (the buffer)",
    "run: lint": "run layer: lint (the file's job)",
}
"""The phases of ``RunResult.timings`` and ``FileResult.timings`` shown, in this order."""


def _rows(item: ListResult, debounce: float) -> list[list[str]]:
    session, side = item.session, item.side
    typing = [e.seconds for e in session.typing]
    written = sum(e.wrote_cache for e in session.typing)
    rows = [
        stats_row(
            "keystroke to diagnostics",
            typing,
            f"each change a new text, linted: {written} of {len(typing)} wrote a cache entry",
        ),
        stats_row("keystroke, less the debounce", [value - debounce for value in typing]),
        stats_row(
            "server side: `lint_text` (typed text)",
            side.lint_text,
            "in process, between the keystrokes, `typing=True`: no cache",
        ),
        stats_row("server side: `lint_text` (unchanged text)", side.lint_text_hit, "in process, a cache hit"),
    ]
    for name, label in PHASES.items():
        if name in side.phases:
            rows.append(stats_row(label, side.phases[name], "in process, `run()` as `lint_text` calls it"))
    rows += [
        stats_row("server: findings to LSP diagnostics", side.convert, f"in process: {side.findings} diagnostics"),
        stats_row(
            "server: publishDiagnostics to JSON (pygls)", side.send, f"in process: {side.payload / 1024:,.0f} KB"
        ),
        stats_row("client: JSON to objects (pygls)", side.receive, "in process"),
        stats_row("server start-up (spawn to initialize result)", [start for start, _ in item.cold]),
        stats_row(
            "first diagnostics on open, cold",
            [event.seconds for _, event in item.cold],
            f"new server, empty cache: {_count(item.cold, True)}/{len(item.cold)} linted",
        ),
        stats_row(
            "first diagnostics on open, warm",
            [event.seconds for _, event in item.warm],
            f"new server, the first session's cache: {_count(item.warm, False)}/{len(item.warm)} from the cache",
        ),
    ]
    if session.reopened is not None:
        reopened = session.reopened
        note = "linted (not from the cache)" if reopened.wrote_cache else "from the cache"
        rows.append(stats_row("reopen in the same server", [reopened.seconds], note))
    return rows


def _count(opens: Sequence[tuple[float, Event]], wrote: bool) -> int:
    return sum(event.wrote_cache == wrote for _, event in opens)
