"""Benchmark awesome-lint on real awesome lists (a script, not a test).

End to end (the default) times the real command in a fresh process, as a user or
CI job runs it: ``python -m awesome_lint FILE...`` and, when ``awesome-lint`` is
on PATH, the console script. Targets: each list of ``CORPUS/lists/`` alone, all
of them in one invocation, and the files of ``CORPUS/free-programming-books/``
in one invocation. Each is run ``--repeat`` times; the table gives the median
wall time, throughput (input MB per second) and the number of findings (counted
once with ``--output-format json``).

``--in-process`` times, inside one interpreter, ``parse_document`` alone and
the full ``Linter`` per file (median over the repeats), the time each rule
takes, and the start-up cost (bare interpreter, ``import awesome_lint.cli``,
``python -m awesome_lint --version`` and the slowest imports of
``python -X importtime``): end-to-end time = start-up + lint time.

``--peers`` also times other linters on ``lists/awesome-go.md`` (and
markdownlint-cli2 on all the lists in one call), but only if they are already
installed: the script looks in ``--peers-dir``, ``./node_modules/.bin`` and the
repository's ``node_modules/.bin`` (and on PATH for ``markdownlint-cli2``). It
never installs anything; a missing peer is reported as "not installed". To
compare, install them outside the repository first::

    mkdir -p /tmp/peers && cd /tmp/peers && npm install awesome-lint markdownlint-cli2

Usage (from the repository root)::

    python bench/run.py                      # end to end, 5 repeats
    python bench/run.py --repeat 3 --list awesome-go.md
    python bench/run.py --in-process         # parse / lint / rules / start-up, no subprocesses
    python bench/run.py --in-process --end-to-end
    python bench/run.py --peers --peers-dir /tmp/peers/node_modules/.bin
    python bench/run.py --corpus /path/to/corpus

The corpus defaults to ``../shared/corpus`` relative to the repository root
(found from this script's location). Output is Markdown on stdout; progress
goes to stderr. Exit status 1 when the awesome-go.md target (end to end under
``--target`` seconds, default 0.4) is missed, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
TARGET_FILE = "awesome-go.md"


@dataclass
class Target:
    name: str
    paths: list[Path]
    size: int = field(init=False)

    def __post_init__(self) -> None:
        self.size = sum(path.stat().st_size for path in self.paths)


@dataclass
class Timing:
    times: list[float]
    findings: int | None = None
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_timed(command: Sequence[str], repeat: int, cwd: Path | None = None) -> tuple[list[float], str]:
    """Wall time of ``command`` run ``repeat`` times (output discarded), and a note on failure."""
    times = []
    note = ""
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            last = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            note = f"exit {done.returncode}: {last[0][:80]}"
    return times, note


def count_findings(command: Sequence[str], paths: Sequence[Path]) -> int | None:
    """Findings reported by the command, from its JSON output (or its text summary)."""
    done = subprocess.run([*command, "--output-format", "json", *map(str, paths)], capture_output=True, text=True)
    try:
        data = json.loads(done.stdout)
    except ValueError:
        data = None
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict):
        for key in ("findings", "results", "diagnostics"):
            if isinstance(data.get(key), list):
                return len(data[key])
    done = subprocess.run([*command, *map(str, paths)], capture_output=True, text=True)
    found = re.search(r"Found ([\d,]+) (?:problem|error|finding)", done.stdout + done.stderr)
    return int(found.group(1).replace(",", "")) if found else None


def fmt_seconds(value: float) -> str:
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def mb_per_s(size: int, seconds: float) -> str:
    return f"{size / 1e6 / seconds:.2f}" if seconds > 0 else "-"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int] | None = None) -> str:
    right = right if right is not None else set(range(1, len(header)))
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# End to end


def commands() -> list[tuple[str, list[str]]]:
    found = [("python -m awesome_lint", [sys.executable, "-m", "awesome_lint"])]
    script = shutil.which("awesome-lint")
    if script and not _is_node_script(Path(script)):
        found.append(("awesome-lint", [script]))
    return found


def _is_node_script(path: Path) -> bool:
    try:
        head = path.resolve().read_bytes()[:200]
    except OSError:
        return False
    return b"node" in head.split(b"\n", 1)[0]


def end_to_end(targets: list[Target], repeat: int) -> tuple[str, dict[str, float]]:
    cmds = commands()
    header = ["target", "files", "KB", "findings"]
    for label, _ in cmds:
        header += [f"`{label}` median s", "MB/s"]
    rows = []
    medians: dict[str, float] = {}
    for target in targets:
        log(f"end to end: {target.name} ({len(target.paths)} files)")
        findings = count_findings(cmds[0][1], target.paths)
        row = [target.name, str(len(target.paths)), f"{target.size / 1024:,.0f}", str(findings)]
        for index, (_, command) in enumerate(cmds):
            times, note = run_timed([*command, *map(str, target.paths)], repeat)
            median = statistics.median(times)
            if index == 0:
                medians[target.name] = median
            row += [fmt_seconds(median) + (f" ({note})" if note else ""), mb_per_s(target.size, median)]
        rows.append(row)
    return table(header, rows), medians


# ---------------------------------------------------------------------------
# In process


def in_process(targets: list[Target], repeat: int) -> str:
    sys.path.insert(0, str(REPO))
    from awesome_lint.document import parse_document
    from awesome_lint.engine import Linter
    from awesome_lint.source import Source

    linter = Linter()
    out = []

    rows = []
    rule_time: dict[str, float] = {rule.name: 0.0 for rule in linter.rules}
    totals = [0.0, 0.0, 0, 0.0]
    # Baseline: mistune alone (AST, same plugins, no position hooks), to tell hook cost from parser cost
    # and to calibrate the machine.
    import mistune

    plain = mistune.create_markdown(renderer=None, plugins=["table", "url"])
    for target in targets:
        if len(target.paths) != 1:
            continue
        path = target.paths[0]
        data = path.read_bytes()
        source = Source.from_bytes(data, str(path))
        parse = median_time(repeat, parse_document, source)
        text = source.text
        baseline = median_time(repeat, plain, text)
        lint = median_time(repeat, linter.lint_bytes, data, str(path))
        document = parse_document(source)
        for rule in linter.rules:
            rule_time[rule.name] += _rule_time(rule, document, repeat)
        findings = len(linter.lint_bytes(data, str(path)).findings)
        totals[0] += parse
        totals[1] += lint
        totals[2] += len(data)
        totals[3] += baseline
        rows.append(
            [
                target.name,
                f"{len(data) / 1024:,.0f}",
                str(findings),
                f"{baseline * 1000:.0f}",
                f"{parse * 1000:.0f}",
                mb_per_s(len(data), parse),
                f"{lint * 1000:.0f}",
                mb_per_s(len(data), lint),
            ]
        )
        log(f"in process: {target.name}")
    if rows:
        rows.append(
            [
                "**sum**",
                f"{totals[2] / 1024:,.0f}",
                "",
                f"{totals[3] * 1000:.0f}",
                f"{totals[0] * 1000:.0f}",
                mb_per_s(int(totals[2]), totals[0]),
                f"{totals[1] * 1000:.0f}",
                mb_per_s(int(totals[2]), totals[1]),
            ]
        )
        out.append(f"### In process, per file (median of {repeat})\n")
        out.append(
            table(
                ["file", "KB", "findings", "mistune alone ms", "parse_document ms", "MB/s", "Linter ms", "MB/s"],
                rows,
            )
        )
        out.append("\n### Time per rule, summed over the files above (median of each)\n")
        rule_rows = [[name, f"{seconds * 1000:.1f}"] for name, seconds in sorted(rule_time.items())]
        out.append(table(["rule", "ms"], rule_rows))

    for target in targets:
        if len(target.paths) > 1 and target.name.startswith("free-programming-books"):
            size = target.size
            sources = [(p.read_bytes(), str(p)) for p in target.paths]
            lint = median_time(repeat, _lint_all, linter, sources)
            out.append(
                f"\n{target.name}: {len(target.paths)} files, {size / 1024:,.0f} KB, "
                f"Linter in process {lint * 1000:.0f} ms ({mb_per_s(size, lint)} MB/s)"
            )

    out.append(f"\n### Start-up (median of {max(repeat, 5)}, fresh processes)\n")
    out.append(startup(max(repeat, 5)))
    return "\n".join(out)


def median_time(repeat: int, call: Callable[..., object], *args: Any) -> float:
    """Median wall time of ``call(*args)`` over ``repeat`` calls, after one untimed warm-up call."""
    call(*args)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _rule_time(rule: Any, document: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _violation in rule.check(document):
            pass
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _lint_all(linter: Any, sources: list[tuple[bytes, str]]) -> None:
    for data, path in sources:
        linter.lint_bytes(data, path)


def startup(repeat: int) -> str:
    py = sys.executable
    probes = [
        ("bare interpreter (`python -c pass`)", [py, "-c", "pass"]),
        ("`python -c 'import awesome_lint.cli'`", [py, "-c", "import awesome_lint.cli"]),
        (
            "`import awesome_lint.cli` + rules loaded",
            [py, "-c", "import awesome_lint.cli; from awesome_lint.engine import Linter; Linter()"],
        ),
        ("`python -m awesome_lint --version`", [py, "-m", "awesome_lint", "--version"]),
    ]
    rows = []
    for label, command in probes:
        times, note = run_timed(command, repeat, cwd=REPO)
        rows.append([label, f"{statistics.median(times) * 1000:.0f}" + (f" ({note})" if note else "")])
    out = table(["what", "ms"], rows)
    done = subprocess.run(
        [py, "-X", "importtime", "-c", "import awesome_lint.cli; from awesome_lint.engine import Linter; Linter()"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    imports = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match and len(match.group(3)) <= 3:  # top-level and first-level imports only
            imports.append((int(match.group(2)), match.group(4)))
    imports.sort(reverse=True)
    if imports:
        out += "\n\nSlowest imports (`python -X importtime`, cumulative, one run):\n\n"
        out += table(["module", "ms"], [[f"`{name}`", f"{us / 1000:.1f}"] for us, name in imports[:12]])
    return out


# ---------------------------------------------------------------------------
# Peers


def find_peer(name: str, peers_dir: Path | None, allow_path: bool) -> Path | None:
    dirs = [peers_dir] if peers_dir else []
    dirs += [Path.cwd() / "node_modules" / ".bin", REPO / "node_modules" / ".bin"]
    for directory in dirs:
        candidate = directory / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    if allow_path:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def peers(corpus: Path, lists: list[Path], repeat: int, peers_dir: Path | None) -> str:
    awesome_go = corpus / "lists" / TARGET_FILE
    rows = []
    # npm awesome-lint's binary has the same name as ours: only take it from a node_modules/.bin.
    npm_awesome = find_peer("awesome-lint", peers_dir, allow_path=False)
    if npm_awesome is not None and not _is_node_script(npm_awesome):
        npm_awesome = None
    markdownlint = find_peer("markdownlint-cli2", peers_dir, allow_path=True)
    size_go = awesome_go.stat().st_size
    size_all = sum(path.stat().st_size for path in lists)
    ours = [sys.executable, "-m", "awesome_lint"]
    plan: list[tuple[str, list[str] | None, str, int]] = [
        ("awesome-lint (this, Python)", [*ours, str(awesome_go)], TARGET_FILE, size_go),
        (
            "npm awesome-lint",
            [str(npm_awesome), str(awesome_go)] if npm_awesome else None,
            TARGET_FILE,
            size_go,
        ),
        (
            "markdownlint-cli2",
            [str(markdownlint), str(awesome_go)] if markdownlint else None,
            TARGET_FILE,
            size_go,
        ),
        ("awesome-lint (this, Python)", [*ours, *map(str, lists)], f"{len(lists)} lists, one call", size_all),
        (
            "markdownlint-cli2",
            [str(markdownlint), *map(str, lists)] if markdownlint else None,
            f"{len(lists)} lists, one call",
            size_all,
        ),
    ]
    for label, command, what, size in plan:
        if command is None:
            rows.append([label, what, "not installed", "", ""])
            continue
        log(f"peers: {label} on {what}")
        # Run from an empty directory so that no project config changes the peers' rule sets.
        with tempfile.TemporaryDirectory() as scratch:
            times, note = run_timed(command, repeat, cwd=Path(scratch))
        median = statistics.median(times)
        rows.append(
            [
                label,
                what,
                fmt_seconds(median) + (f" ({note})" if note else ""),
                mb_per_s(size, median),
                version(command[0]),
            ]
        )
    return table(["tool", "input", f"median s ({repeat} runs)", "MB/s", "version"], rows, right={2, 3})


def version(executable: str) -> str:
    if executable == sys.executable:
        try:
            from importlib.metadata import version as dist_version

            return dist_version("awesome-lint")
        except Exception:
            return "?"
    path = Path(executable).resolve()
    for parent in path.parents:
        manifest = parent / "package.json"
        if manifest.is_file():
            try:
                return str(json.loads(manifest.read_text(encoding="utf-8")).get("version", "?"))
            except ValueError:
                return "?"
    return "?"


# ---------------------------------------------------------------------------


def environment() -> str:
    try:
        import mistune

        mistune_version = mistune.__version__
    except Exception:
        mistune_version = "?"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO
    ).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, cwd=REPO).stdout
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load average {os.getloadavg()[0]:.2f}"
    return (
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs{load}; mistune {mistune_version}; "
        f"commit {commit or '?'}{' (with uncommitted changes)' if dirty.strip() else ''}; "
        f"{time.strftime('%Y-%m-%d %H:%M')}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared corpus folder")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (default 5)")
    parser.add_argument("--list", action="append", default=[], metavar="NAME", help="only these lists")
    parser.add_argument("--in-process", action="store_true", help="time parse and lint in this process")
    parser.add_argument("--end-to-end", action="store_true", help="with --in-process, also run the end-to-end section")
    parser.add_argument("--peers", action="store_true", help="also time installed peers on awesome-go.md")
    parser.add_argument("--peers-dir", type=Path, help="a node_modules/.bin holding the peers")
    parser.add_argument("--target", type=float, default=0.4, help="awesome-go.md end-to-end target (s)")
    args = parser.parse_args(argv)

    corpus = args.corpus.resolve()
    lists_dir = corpus / "lists"
    books_dir = corpus / "free-programming-books"
    if not lists_dir.is_dir():
        parser.error(f"no lists in {lists_dir}: pass --corpus")
    lists = sorted(lists_dir.glob("*.md"))
    chosen = [path for path in lists if not args.list or path.name in args.list]
    if args.list and not chosen:
        parser.error(f"no list named {', '.join(args.list)} in {lists_dir}")
    targets = [Target(path.name, [path]) for path in chosen]
    if not args.list:
        targets.append(Target(f"all {len(lists)} lists, one call", lists))
        books = sorted(books_dir.rglob("*.md")) if books_dir.is_dir() else []
        if books:
            targets.append(Target(f"free-programming-books ({len(books)} files), one call", books))

    print("## awesome-lint benchmark\n")
    print(environment() + "\n")
    print("Reproduce: `python " + " ".join(["bench/run.py", *(argv if argv is not None else sys.argv[1:])]) + "`\n")
    status = 0
    if not args.in_process or args.end_to_end:
        result, medians = end_to_end(targets, args.repeat)
        print(f"### End to end (median of {args.repeat}, fresh process per run)\n")
        print(result + "\n")
        if TARGET_FILE in medians:
            median = medians[TARGET_FILE]
            verdict = "met" if median < args.target else "MISSED"
            print(f"Target: `{TARGET_FILE}` end to end under {args.target} s: **{verdict}** ({median:.3f} s)\n")
            status = 0 if median < args.target else 1
    if args.in_process:
        print(in_process(targets, args.repeat) + "\n")
    if args.peers:
        print(f"### Peers (median of {args.repeat})\n")
        print(peers(corpus, lists, args.repeat, args.peers_dir) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
