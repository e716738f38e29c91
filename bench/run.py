"""Benchmark awesome-lint against its peers on the same files (a script, not a test).

One run installs the tools into a scratch folder (outside the repository), times each of
them on the same inputs, interleaved so that load drifts hit them alike, and writes a
Markdown report: medians, peak memory, ratios and an automatic verdict on the speed
targets. See bench/README.md for usage and the rules behind each number.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import venv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_SCRATCH = Path(tempfile.gettempdir()) / "awesome-lint-bench"
RESULTS = REPO / "bench" / "RESULTS.md"
MB = 1_000_000
MIB = 1024 * 1024
GENERATED_SIZES = (0.1, 1.0, 5.0, 10.0)
SEED = 20240601

OURS = "awesome-lint"
RUMDL = "rumdl"
MDL = "markdownlint-cli2"
PYMD = "pymarkdown"
NPM = "npm-awesome-lint"
TOOL_ORDER = (OURS, RUMDL, MDL, PYMD, NPM)

NPM_PACKAGES = {NPM: ("awesome-lint", "2.3.0"), MDL: ("markdownlint-cli2", "0.24")}
PIP_PACKAGES = {RUMDL: "rumdl>=0.3,<0.4", PYMD: "pymarkdownlnt"}

# What a crashed run leaves on stderr (exit codes are ignored: every tool exits 1 on findings).
CRASH_RE = re.compile(
    r"Traceback \(most recent call last\)|FATAL ERROR|JavaScript heap out of memory|panicked at"
    r"|Segmentation fault|MemoryError|RangeError: Maximum call stack|core dumped"
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Arithmetic and formatting (pure, tested)


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def fmt_s(seconds: float) -> str:
    """Seconds with about three significant digits, so small and large cells read alike."""
    if seconds < 1:
        return f"{seconds:.3f} s"
    if seconds < 10:
        return f"{seconds:.2f} s"
    return f"{seconds:.1f} s"


def fmt_mib(size: float) -> str:
    return f"{size / MIB:,.0f} MiB"


def ratio(ours: float, peer: float) -> tuple[float, str]:
    """How many times faster (or slower) awesome-lint is than a peer, from two medians."""
    if ours <= 0 or peer <= 0:
        raise ValueError("timings must be positive")
    if ours <= peer:
        return peer / ours, "faster"
    return ours / peer, "slower"


def ratio_phrase(peer_label: str, peer: float, ours: float) -> str:
    """``rumdl 0.160 s, awesome-lint 1.30 s: 8.1x slower``."""
    times, word = ratio(ours, peer)
    return f"{peer_label} {fmt_s(peer)}, awesome-lint {fmt_s(ours)}: {times:.1f}x {word}"


def table(header: Sequence[str], rows: Iterable[Sequence[str]], left: int = 1) -> str:
    """A Markdown table whose first ``left`` columns are left-aligned, the rest right-aligned."""
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---" if i < left else "---:" for i in range(len(header))) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Generated lists (deterministic, tested)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_WORDS = _words(
    "fast simple tiny modern async secure light pure smart open native static lazy typed robust "
    "minimal portable scalable reactive fluent"
)
_NOUNS = _words(
    "router parser client server logger cache queue scheduler renderer compiler bundler "
    "validator formatter linter proxy store stream worker toolkit framework"
)
_TOPICS = _words(
    "HTTP JSON YAML GraphQL WebSocket SQL Redis Kafka Docker Kubernetes OAuth JWT CSV PDF "
    "Markdown gRPC MQTT S3 SMTP DNS"
)
_CATEGORIES = _words(
    "Audio Authentication Build Caching Command Line Compression Configuration Databases Date "
    "Distributed Editors Email Embedded Files Games Graphics Images Logging Machine Learning "
    "Messaging Networking Parsers Security Serialization Testing Text Utilities Video Web"
)
_OWNERS = _words("alice bob carol dave erin frank grace heidi ivan judy mallory niaj olivia peggy rupert sybil")


def _description(rng: random.Random) -> str:
    first = rng.choice(("A", "An", "The", "Yet another", "Small", "Fast"))
    adjective = rng.choice(_WORDS)
    noun = rng.choice(_NOUNS)
    topic = rng.choice(_TOPICS)
    text = f"{first} {adjective} {topic} {noun}"
    extra = rng.random()
    if extra < 0.25:
        text += f" with `{rng.choice(_NOUNS)}` support"
    elif extra < 0.4:
        text += f", **{rng.choice(_WORDS)}** and {rng.choice(_WORDS)}"
    elif extra < 0.55:
        text += f" for {rng.choice(_TOPICS)} and {rng.choice(_TOPICS)}"
    return text + rng.choice((".", ".", ".", "!"))


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9 -]", "", title.lower()).replace(" ", "-")


def generate_list(size: int, seed: int = SEED) -> str:
    """A realistic awesome list of at least ``size`` bytes (and less than 1 KB over), the same for a seed.

    Headings with a table of contents, ``- [Name](https://…) - Description.`` entries, some
    nested and some numbered lists, badges: what the real lists hold, at any size, so time and
    memory can be plotted against size.
    """
    rng = random.Random(seed)
    header = (
        "# Awesome Generated [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\n"
        "> A curated list of generated projects, for benchmarks.\n\n"
        "[![Build](https://img.shields.io/badge/build-passing-green.svg)](https://example.com/ci)\n\n"
        "## Contents\n\n"
    )
    footer = "## Contributing\n\nContributions welcome! Read the [contribution guidelines](contributing.md) first.\n"
    toc: list[str] = []
    body: list[str] = []
    used: set[str] = set()
    total = len(header) + len(footer) + 1
    counter = 0

    def add_body(line: str) -> None:
        nonlocal total
        body.append(line)
        total += len(line.encode()) + 1

    def add_toc(line: str) -> None:
        nonlocal total
        toc.append(line)
        total += len(line.encode()) + 1

    def entry(indent: str, marker: str) -> str:
        nonlocal counter
        counter += 1
        owner = rng.choice(_OWNERS)
        name = f"{rng.choice(_WORDS)}-{rng.choice(_NOUNS)}"
        if name in used:
            name = f"{name}-{counter}"
        used.add(name)
        line = f"{indent}{marker} [{name}](https://github.com/{owner}/{name}) - {_description(rng)}"
        if rng.random() < 0.05:
            line += f" ![Stars](https://img.shields.io/github/stars/{owner}/{name}.svg)"
        return line

    section = 0
    while total < size:
        section += 1
        title = f"{rng.choice(_CATEGORIES)} {rng.choice(_CATEGORIES)} {section}"
        add_toc(f"- [{title}](#{_slug(title)})")
        add_body(f"## {title}\n")
        add_body(f"*{_description(rng)}*\n")
        subsections = [""] if rng.random() < 0.7 else [f"{title} {part}" for part in ("Libraries", "Tools")]
        for sub in subsections:
            if sub:
                add_toc(f"  - [{sub}](#{_slug(sub)})")
                add_body(f"### {sub}\n")
            numbered = rng.random() < 0.1
            for number in range(1, rng.randint(8, 40) + 1):
                if total >= size:
                    break
                add_body(entry("", f"{number}." if numbered else "-"))
                if not numbered and rng.random() < 0.1:
                    for _ in range(rng.randint(1, 3)):
                        add_body(entry("  ", "-"))
            add_body("")
    return header + "\n".join(toc) + "\n\n" + "\n".join(body) + "\n" + footer


# ---------------------------------------------------------------------------
# Tools, inputs, results


@dataclass
class Tool:
    key: str
    label: str
    argv: list[str]
    version: str = "?"
    cold: list[str] = field(default_factory=list)
    warm: list[str] | None = None  # None: the tool has no cache, so only a cold row
    many_files: bool = True
    large: list[str] = field(default_factory=list)  # extra options for the generated lists
    literal: Callable[[Path], str] = str
    notes: list[str] = field(default_factory=list)


@dataclass
class Input:
    key: str
    label: str
    paths: list[Path]
    per_file: bool = False  # one run per file, times summed
    generated: bool = False
    size: int = -1  # bytes, from the files unless given

    def __post_init__(self) -> None:
        if self.size < 0:
            self.size = sum(path.stat().st_size for path in self.paths)


@dataclass
class Cell:
    """The runs of one tool, in one mode, on one input."""

    times: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)  # bytes
    cpus: list[float] = field(default_factory=list)  # user + system seconds
    status: str = "ok"  # ok, missing, skipped, crashed, timeout, n/a
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok" and bool(self.times)

    @property
    def median(self) -> float:
        return median(self.times)

    @property
    def cpu(self) -> float:
        return median(self.cpus) if self.cpus else 0.0

    @property
    def peak(self) -> float:
        return median(self.peaks) if self.peaks else 0.0


Results = dict[tuple[str, str, str], Cell]  # (input key, tool key, "cold" or "warm")


@dataclass
class Run:
    wall: float
    peak: int
    returncode: int
    crash: str = ""
    cpu: float = 0.0  # user + system seconds


# Forks, execs and reaps the command, then reports wall time, exit status and max RSS on a pipe.
# Linux counts the pages of the process that forks into the child's max RSS: forked from this
# script (tens of MiB, more once it has generated the large lists) every peak would be at least
# that; forked from this tiny interpreter the floor is a few MiB (measured and reported).
SPAWNER = """
import os, sys, time
fd, argv = int(sys.argv[1]), sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
cpu = usage.ru_utime + usage.ru_stime
os.write(fd, f"{wall} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)} {cpu}".encode())
"""


def run_once(argv: Sequence[str], cwd: Path, stderr_path: Path, timeout: float, env: dict[str, str]) -> Run:
    """One child process, output discarded; its wall time and peak RSS (``os.wait4``), via SPAWNER."""
    read_end, write_end = os.pipe()
    with open(stderr_path, "w+b") as err:
        proc = subprocess.Popen(
            [sys.executable, "-S", "-I", "-c", SPAWNER, str(write_end), *argv],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            cwd=cwd,
            env=env,
            pass_fds=(write_end,),
            start_new_session=True,  # so a timeout kills the command too, not only the spawner
        )
        os.close(write_end)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            os.killpg(proc.pid, 9)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            with os.fdopen(read_end, "rb") as pipe:
                report = pipe.read().decode()
            proc.wait()
        finally:
            timer.cancel()
        err.seek(max(0, err.seek(0, os.SEEK_END) - 65536))
        tail = err.read().decode("utf-8", "replace")
    if killed.is_set() or not report:
        return Run(timeout, 0, -9, f"killed after {timeout:.0f} s" if killed.is_set() else "spawner failed")
    wall, maxrss, returncode, cpu = report.split()
    crash = ""
    if int(returncode) < 0:
        crash = f"killed by signal {-int(returncode)}"
    else:
        found = CRASH_RE.search(tail)
        if found:
            crash = found.group(0)
    return Run(float(wall), int(maxrss) * 1024, int(returncode), crash, float(cpu))


# ---------------------------------------------------------------------------
# Installation


def _run(argv: Sequence[str], cwd: Path | None = None, timeout: float = 900) -> tuple[bool, str]:
    try:
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=child_env())
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    output = (done.stderr.strip() or done.stdout.strip()).splitlines()
    return done.returncode == 0, (output[-1] if output else f"exit {done.returncode}")


def child_env() -> dict[str, str]:
    """The environment of every child: ours, less what would change the tools' behaviour."""
    env = dict(os.environ)
    for name in (
        "PYTHONDONTWRITEBYTECODE",
        "PYTHONPATH",
        "RUMDL_CACHE_DIR",
        "AWESOME_LINT_OUTPUT_FORMAT",
        "AWESOME_LINT_CACHE_DIR",
        "AWESOME_LINT_NO_CACHE",
    ):
        env.pop(name, None)
    env["NO_COLOR"] = "1"
    return env


def source_fingerprint(files: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def repo_files() -> list[Path]:
    """The checkout as committed plus uncommitted changes (tracked and untracked, not ignored)."""
    done = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    names = sorted({name for name in done.stdout.decode().split("\0") if name})
    return [REPO / name for name in names if (REPO / name).is_file()]


def git_commit() -> str:
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", ".", ":!bench/RESULTS.md"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    return (commit[:12] or "?") + (" with uncommitted changes" if dirty else "")


def venv_python(directory: Path) -> Path:
    return directory / "bin" / "python"


def install_ours(scratch: Path, skip: bool) -> tuple[str, str]:
    """Install the checkout as users get it: a copy, a regular pip install, bytecode compiled.

    Copying first keeps build/ and egg-info out of the repository. Reinstalled whenever the
    checkout's files change; returns (status, commit built from).
    """
    target = scratch / "awesome-lint"
    stamp = target / "bench-stamp.json"
    if skip:
        if stamp.is_file():
            return "reused", json.loads(stamp.read_text())["commit"]
        return "missing", "?"
    files = repo_files()
    fingerprint = source_fingerprint(files)
    if stamp.is_file() and json.loads(stamp.read_text()).get("fingerprint") == fingerprint:
        # The same files as the installed build: name the commit they are now, not the one at install.
        commit = git_commit()
        stamp.write_text(json.dumps({"fingerprint": fingerprint, "commit": commit}))
        return "reused", commit
    log("installing awesome-lint from the checkout")
    shutil.rmtree(target, ignore_errors=True)
    source = scratch / "awesome-lint-src"
    shutil.rmtree(source, ignore_errors=True)
    for path in files:
        copy = source / path.relative_to(REPO)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
    venv.EnvBuilder(with_pip=True).create(target)
    python = str(venv_python(target))
    ok, message = _run([python, "-m", "pip", "install", "-q", str(source)])
    if ok:
        ok, message = _run([python, "-m", "compileall", "-q", "-j", "0", str(target / "lib")])
    if not ok:
        log(f"awesome-lint failed to install: {message}")
        return f"failed to install: {message}", "?"
    commit = git_commit()
    stamp.write_text(json.dumps({"fingerprint": fingerprint, "commit": commit}))
    return "installed", commit


def install_pip_peers(scratch: Path, skip: bool) -> dict[str, str]:
    """rumdl and pymarkdownlnt into one venv, each on its own so one failure spares the other."""
    target = scratch / "peers-venv"
    status: dict[str, str] = {}
    for key, requirement in PIP_PACKAGES.items():
        binary = target / "bin" / ("pymarkdown" if key == PYMD else key)
        if binary.exists():
            status[key] = "reused"
            continue
        if skip:
            status[key] = "missing"
            continue
        if not venv_python(target).exists():
            venv.EnvBuilder(with_pip=True).create(target)
        log(f"installing {requirement}")
        ok, message = _run([str(venv_python(target)), "-m", "pip", "install", "-q", requirement])
        if ok:
            _run([str(venv_python(target)), "-m", "compileall", "-q", "-j", "0", str(target / "lib")])
        status[key] = "installed" if ok and binary.exists() else f"failed to install: {message}"
    return status


def npm_version(scratch: Path, package: str) -> str | None:
    manifest = scratch / "node" / "node_modules" / package / "package.json"
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


def install_npm_peers(scratch: Path, skip: bool) -> dict[str, str]:
    target = scratch / "node"
    target.mkdir(parents=True, exist_ok=True)
    if not (target / "package.json").exists():
        (target / "package.json").write_text('{"private": true}\n')
    status: dict[str, str] = {}
    for key, (package, wanted) in NPM_PACKAGES.items():
        have = npm_version(scratch, package)
        if have is not None and (have == wanted or have.startswith(wanted + ".")):
            status[key] = "reused"
            continue
        if skip or shutil.which("npm") is None:
            status[key] = "missing" if skip else "failed to install: npm not found"
            continue
        log(f"installing {package}@{wanted}")
        ok, message = _run(["npm", "install", "--no-audit", "--no-fund", f"{package}@{wanted}"], cwd=target)
        status[key] = "installed" if ok and npm_version(scratch, package) else f"failed to install: {message}"
    return status


def detect_flags(help_text: str, flags: Sequence[str]) -> set[str]:
    """Which of ``flags`` a ``--help`` text offers (the cache options are newer than some builds)."""
    return {flag for flag in flags if re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", help_text)}


def _output(argv: Sequence[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=child_env())
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (done.stdout + done.stderr).strip()


def make_tools(scratch: Path, status: dict[str, str]) -> tuple[list[Tool], dict[str, str]]:
    """The tools that installed, with the options that make them check the same files fairly."""
    tools: list[Tool] = []
    missing: dict[str, str] = {}
    cache = scratch / "cache"

    ours_bin = scratch / "awesome-lint" / "bin" / "awesome-lint"
    if ours_bin.exists() and status.get(OURS, "").split(":")[0] in ("installed", "reused"):
        help_text = _output([str(ours_bin), "--help"])
        flags = detect_flags(help_text, ("--no-cache", "--cache-dir", "--jobs", "--list-files"))
        argv = [str(ours_bin)]
        if "--list-files" in flags:
            # The whole pack: the corpus files are not named readme, so --list-files names them all,
            # as the npm tool checks every file it is given as a list.
            argv += ["--list-files", "*.md"]
        tool = Tool(OURS, "awesome-lint", argv, _output([str(ours_bin), "--version"]).split()[-1])
        if "--list-files" in flags:
            tool.notes.append(
                "every rule on every file: `--list-files '*.md'`, so the list rules check the corpus files too"
                " (the repository rules need a git repository, which the corpus is not)"
            )
        tool.large = ["--max-file-size", "64MiB"]
        if "--no-cache" in flags:
            tool.cold = ["--no-cache"]
            tool.warm = ["--cache-dir", str(cache / OURS)] if "--cache-dir" in flags else []
            if "--cache-dir" not in flags:
                tool.notes.append("no `--cache-dir` in this build: the warm runs use its default cache folder")
        else:
            tool.warm = None
            tool.notes.append(
                "no `--no-cache` in this build, so no result cache: cold rows only; a second run costs the same,"
                " so the warm target compares its cold time"
            )
        if "--jobs" in flags:
            tool.notes.append("`--jobs` left at its default")
        tools.append(tool)
    else:
        missing[OURS] = status.get(OURS, "missing")

    bin_dir = scratch / "peers-venv" / "bin"
    if (bin_dir / "rumdl").exists():
        version = _output([str(bin_dir / "rumdl"), "--version"]).split()[-1:] or ["?"]
        tool = Tool(RUMDL, "rumdl", [str(bin_dir / "rumdl"), "check"], version[0])
        help_text = _output([str(bin_dir / "rumdl"), "check", "--help"])
        tool.cold = ["--no-cache"]
        tool.warm = (
            ["--cache-dir", str(cache / RUMDL)] if "--cache-dir" in detect_flags(help_text, ["--cache-dir"]) else []
        )
        tools.append(tool)
    else:
        missing[RUMDL] = status.get(RUMDL, "missing")

    node_bin = scratch / "node" / "node_modules" / ".bin"
    if (node_bin / "markdownlint-cli2").exists() and npm_version(scratch, "markdownlint-cli2"):
        mdl_version = npm_version(scratch, "markdownlint-cli2") or "?"
        # `:` makes each argument a literal path rather than a glob.
        tools.append(
            Tool(
                MDL, "markdownlint-cli2", [str(node_bin / "markdownlint-cli2")], mdl_version, literal=lambda p: f":{p}"
            )
        )
    else:
        missing[MDL] = status.get(MDL, "missing")

    if (bin_dir / "pymarkdown").exists():
        version = _output([str(bin_dir / "pymarkdown"), "version"]).split()[-1:] or ["?"]
        tools.append(Tool(PYMD, "pymarkdown", [str(bin_dir / "pymarkdown"), "scan"], version[0]))
    else:
        missing[PYMD] = status.get(PYMD, "missing")

    if (node_bin / "awesome-lint").exists() and npm_version(scratch, "awesome-lint"):
        npm_tool_version = npm_version(scratch, "awesome-lint") or "?"
        tools.append(
            Tool(NPM, "npm awesome-lint", [str(node_bin / "awesome-lint")], npm_tool_version, many_files=False)
        )
    else:
        missing[NPM] = status.get(NPM, "missing")
    return tools, missing


# ---------------------------------------------------------------------------
# Measuring


@dataclass
class Plan:
    repeat: int = 5
    slow: float = 20.0  # a first run slower than this is not repeated
    max_run: float = 200.0  # a run projected to take longer is skipped
    timeout: float = 200.0  # a run still going then is killed and reported as a time-out


def commands(tool: Tool, item: Input, mode: str) -> list[list[str]]:
    """The command lines of one repetition: one call, or one per file for per-file inputs."""
    extra = list(tool.cold if mode == "cold" else tool.warm or [])
    if item.generated:
        extra += tool.large
    if item.per_file or not tool.many_files:
        return [[*tool.argv, *extra, tool.literal(path)] for path in item.paths]
    return [[*tool.argv, *extra, *map(tool.literal, item.paths)]]


def projected(tool: Tool, item: Input, results: Results, inputs: Sequence[Input]) -> float | None:
    """Seconds one repetition should take, from the tool's start-up and its seconds per MB so far."""
    startup_cell = results.get(("tiny", tool.key, "cold"))
    startup = startup_cell.median if startup_cell and startup_cell.ok else 0.0
    measured = [
        (other, results[(other.key, tool.key, "cold")])
        for other in inputs
        if (other.key, tool.key, "cold") in results
        and results[(other.key, tool.key, "cold")].ok
        and other.key != "tiny"
    ]
    if not measured:
        return None
    other, cell = max(measured, key=lambda pair: pair[0].size)
    runs_then = len(commands(tool, other, "cold"))
    per_mb = max(0.0, cell.median - runs_then * startup) / (other.size / MB)
    return len(commands(tool, item, "cold")) * startup + per_mb * item.size / MB


def measure_input(
    item: Input, tools: Sequence[Tool], results: Results, inputs: Sequence[Input], plan: Plan, scratch: Path
) -> None:
    """All tools on one input, interleaved: repetition i runs every tool once before i + 1 starts."""
    workdir = scratch / "run"
    workdir.mkdir(parents=True, exist_ok=True)
    stderr_path = scratch / "stderr.txt"
    env = child_env()
    jobs: list[tuple[Tool, str]] = []
    for tool in tools:
        for mode in ("cold", "warm"):
            if mode == "warm" and (tool.warm is None or item.generated):
                continue
            if not tool.many_files and not item.per_file and item.key == "lists":
                results[(item.key, tool.key, mode)] = Cell(status="n/a", note="one file per run: see the row above")
                continue
            estimate = projected(tool, item, results, inputs)
            if estimate is not None and estimate > plan.max_run:
                results[(item.key, tool.key, mode)] = Cell(status="skipped", note=f"~{estimate:.0f} s projected")
                log(f"  {item.label}: {tool.label} {mode} skipped, ~{estimate:.0f} s projected")
                continue
            jobs.append((tool, mode))
            results[(item.key, tool.key, mode)] = Cell()
    # One untimed run fills each cache before the warm runs.
    for tool, mode in jobs:
        if mode == "warm":
            for argv in commands(tool, item, mode):
                run_once(argv, workdir, stderr_path, plan.timeout, env)
    done: set[tuple[str, str]] = set()
    for rep in range(plan.repeat):
        order = jobs[rep % len(jobs) :] + jobs[: rep % len(jobs)] if jobs else []
        for tool, mode in order:
            if (tool.key, mode) in done:
                continue
            cell = results[(item.key, tool.key, mode)]
            wall = cpu = 0.0
            peak = 0
            for argv in commands(tool, item, mode):
                run = run_once(argv, workdir, stderr_path, plan.timeout, env)
                wall += run.wall
                cpu += run.cpu
                peak = max(peak, run.peak)
                if run.crash:
                    cell.status = "timeout" if run.crash.startswith("killed after") else "crashed"
                    cell.note = run.crash
                    break
                if run.returncode not in (0, 1) and not cell.note:
                    cell.note = f"exit {run.returncode}"
            if cell.status != "ok":
                log(f"  {item.label}: {tool.label} {mode} {cell.status}: {cell.note}")
                done.add((tool.key, mode))
                continue
            cell.times.append(wall)
            cell.peaks.append(peak)
            cell.cpus.append(cpu)
            per_file_npm = tool.key == NPM and len(commands(tool, item, mode)) > 1
            if wall > plan.slow or per_file_npm:
                done.add((tool.key, mode))
            log(f"  {item.label}: {tool.label} {mode} {fmt_s(wall)}, {fmt_mib(peak)}")


def make_inputs(corpus: Path, scratch: Path, sizes: Sequence[float]) -> list[Input]:
    """The inputs in the order they run: small first, so the projections of the slow tools hold."""
    lists = sorted((corpus / "lists").glob("*.md"))
    books = sorted((corpus / "free-programming-books").rglob("*.md"))
    generated_dir = scratch / "generated"
    generated_dir.mkdir(parents=True, exist_ok=True)
    tiny = generated_dir / "tiny.md"
    tiny.write_text(generate_list(1000))
    generated = []
    for mb in sizes:
        path = generated_dir / f"generated-{mb:g}MB.md"
        text = generate_list(int(mb * MB))
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
        generated.append(Input(f"gen-{mb:g}", f"generated {mb:g} MB", [path], generated=True))
    go = corpus / "lists" / "awesome-go.md"
    inputs = [Input("tiny", "tiny list (1 KB)", [tiny])]
    if go.exists():
        inputs.append(Input("awesome-go", "awesome-go.md", [go]))
    inputs += [g for g in generated if g.size < 0.5 * MB]
    inputs.append(Input("lists-each", f"the {len(lists)} lists, file by file", lists, per_file=True))
    inputs.append(Input("lists", f"the {len(lists)} lists, one call", lists))
    inputs.append(Input("fpb", f"free-programming-books ({len(books)} files), one call", books))
    inputs += [g for g in generated if g.size >= 0.5 * MB]
    return inputs


# ---------------------------------------------------------------------------
# Start-up


def importtime(python: Path, args: Sequence[str], cwd: Path) -> list[tuple[int, str]]:
    """Top-level and first-level imports by cumulative microseconds, from ``-X importtime``."""
    done = subprocess.run(
        [str(python), "-X", "importtime", "-m", "awesome_lint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=child_env(),
    )
    found = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match and len(match.group(3)) <= 3:
            found.append((int(match.group(2)), ("  " if len(match.group(3)) > 1 else "") + match.group(4)))
    return sorted(found, reverse=True)


def startup_section(scratch: Path, tools: Sequence[Tool], tiny: Path, repeat: int) -> str:
    out = []
    rows = []
    env = child_env()
    workdir = scratch / "run"
    workdir.mkdir(parents=True, exist_ok=True)
    probes: list[tuple[str, list[str]]] = []
    python = venv_python(scratch / "awesome-lint")
    if python.exists():
        probes.append(("bare interpreter (`python -c pass`)", [str(python), "-c", "pass"]))
    for tool in tools:
        version_args = ["version"] if tool.key == PYMD else ["--version"]
        argv = tool.argv[:-1] if tool.key in (RUMDL, PYMD) else tool.argv
        probes.append((f"{tool.label} `{' '.join(version_args)}`", [*argv, *version_args]))
    for label, argv in probes:
        times = [run_once(argv, workdir, scratch / "stderr.txt", 60, env).wall for _ in range(max(repeat, 3))]
        rows.append([label, f"{median(times) * 1000:.0f}"])
    out.append(table(["command", "median ms"], rows))
    if python.exists():
        ours = next((tool for tool in tools if tool.key == OURS), None)
        cold = ours.cold if ours is not None else []
        for label, args in (("`--version`", ["--version"]), ("a tiny list, cold", [*cold, str(tiny)])):
            imports = importtime(python, args, workdir)
            total = sum(us for us, name in imports if not name.startswith(" "))
            out.append(
                f"\nSlowest imports of `python -X importtime -m awesome_lint` on {label} "
                f"(cumulative, one run; all top-level imports {total / 1000:.0f} ms):\n"
            )
            out.append(table(["module", "ms"], [[f"`{name}`", f"{us / 1000:.1f}"] for us, name in imports[:10]]))
    return "\n".join(out)


# ---------------------------------------------------------------------------
# Targets (pure, tested)


@dataclass
class Verdict:
    name: str
    status: str  # met, missed, not evaluated
    detail: str


def _cell(results: Results, key: str, tool: str, mode: str = "cold") -> Cell | None:
    cell = results.get((key, tool, mode))
    return cell if cell is not None and cell.ok else None


def _speed_target(
    results: Results, name: str, peer: str, label: str, keys: Sequence[tuple[str, str]], faster: float, within: float
) -> Verdict:
    """``faster``: awesome-lint must be at least that many times faster; ``within``: at most that many times slower."""
    details = []
    met = True
    for key, mode in keys:
        ours, theirs = _cell(results, key, OURS, mode), _cell(results, key, peer, mode)
        fallback = ""
        if ours is None and mode == "warm" and (key, OURS, "warm") not in results:
            ours, fallback = _cell(results, key, OURS, "cold"), " (awesome-lint has no cache: its cold time)"
        if ours is None or theirs is None:
            return Verdict(name, "not evaluated", f"no {mode} timing of both tools on `{key}`")
        speedup = theirs.median / ours.median
        met = met and (speedup >= faster if faster else speedup >= 1 / within)
        details.append(f"{key} {mode}: {ratio_phrase(label, theirs.median, ours.median)}{fallback}")
    return Verdict(name, "met" if met else "missed", "; ".join(details))


def evaluate_targets(results: Results, sizes_mb: Sequence[float], linear_slack: float = 1.25) -> list[Verdict]:
    """The speed targets, judged from the medians alone."""
    corpus = [("lists", "cold"), ("fpb", "cold")]
    verdicts = [
        _speed_target(results, "at least 8x faster than markdownlint-cli2 on the corpus, cold", MDL, MDL, corpus, 8, 0),
        _speed_target(
            results,
            "at least 15x faster than npm awesome-lint on the corpus, cold (both one file per run)",
            NPM,
            "npm awesome-lint",
            [("lists-each", "cold")],
            15,
            0,
        ),
        _speed_target(results, "within 3x of rumdl, cold", RUMDL, RUMDL, corpus, 0, 3),
        _speed_target(results, "within 2x of rumdl, warm", RUMDL, RUMDL, [("lists", "warm"), ("fpb", "warm")], 0, 2),
    ]
    small, large = (min(sizes_mb), max(sizes_mb)) if sizes_mb else (0.0, 0.0)
    small = 1.0 if 1.0 in sizes_mb else small
    name = f"time linear in file size ({large:g} MB vs {small:g} MB, start-up subtracted, within {linear_slack}x)"
    a, b, tiny = (
        _cell(results, f"gen-{small:g}", OURS),
        _cell(results, f"gen-{large:g}", OURS),
        _cell(results, "tiny", OURS),
    )
    if a is None or b is None or tiny is None or large <= small:
        verdicts.append(Verdict(name, "not evaluated", "needs the tiny list and two generated sizes"))
    else:
        per_small = max(a.median - tiny.median, 1e-9) / small
        per_large = max(b.median - tiny.median, 1e-9) / large
        growth = per_large / per_small
        verdicts.append(
            Verdict(
                name,
                "met" if growth <= linear_slack else "missed",
                f"{per_small:.2f} s/MB at {small:g} MB, {per_large:.2f} s/MB at {large:g} MB: {growth:.2f}x",
            )
        )
    name = f"peak memory under 20x the file size (the {large:g} MB list)"
    if b is None or not b.peaks:
        verdicts.append(Verdict(name, "not evaluated", f"no run on the {large:g} MB list"))
    else:
        times = b.peak / (large * MB)
        verdicts.append(
            Verdict(name, "met" if times < 20 else "missed", f"{fmt_mib(b.peak)} for {large:g} MB: {times:.0f}x")
        )
    return verdicts


# ---------------------------------------------------------------------------
# Report


def cell_text(cell: Cell | None, show_runs: bool = True) -> str:
    if cell is None:
        return ""
    if cell.status in ("missing", "skipped", "n/a"):
        return cell.status + (f" ({cell.note})" if cell.note and cell.status != "n/a" else "")
    if cell.status in ("crashed", "timeout"):
        return f"**{cell.status}**: {cell.note}"
    text = fmt_s(cell.median)
    if show_runs and len(cell.times) == 1:
        text += " (1 run)"
    if cell.note:
        text += f" ({cell.note})"
    return text


def machine() -> list[str]:
    cpu = "?"
    memory = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                system = line.split("=", 1)[1].strip('"') + f" (kernel {platform.release()})"
    except OSError:
        pass
    node = _output(["node", "--version"]) or "not found"
    return [
        f"CPU {cpu}, {os.cpu_count()} cores, {memory} memory",
        f"OS {system}",
        f"Python {platform.python_version()}, node {node}",
    ]


def load_average() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def report(
    inputs: Sequence[Input],
    tools: Sequence[Tool],
    missing: dict[str, str],
    results: Results,
    context: dict[str, Any],
    startup: str,
    sizes: Sequence[float],
) -> str:
    labels = {tool.key: f"{tool.label} {tool.version}" for tool in tools}
    keys = [key for key in TOOL_ORDER if key in labels or key in missing]
    names = {
        OURS: "awesome-lint",
        RUMDL: "rumdl",
        MDL: "markdownlint-cli2",
        PYMD: "pymarkdown",
        NPM: "npm awesome-lint",
    }
    for key, why in missing.items():
        labels[key] = f"{names[key]} ({why})"

    def cell(key: str, tool: str, mode: str) -> Cell | None:
        if tool in missing:
            return Cell(status="missing")
        return results.get((key, tool, mode))

    out = [f"# Benchmark results\n\n{context['date']}. Reproduce: `{context['command']}`\n"]
    out += [f"- {line}" for line in context["machine"]]
    out.append(
        f"- awesome-lint {context['version']} built from commit {context['commit']}"
        " (a regular install, bytecode compiled)"
    )
    out += [f"- {labels[key]}" for key in keys if key != OURS]
    out.append(f"- load average (1/5/15 min) before {context['load_before']}, after {context['load_after']}")
    out.append(f"- total bench time {context['elapsed'] / 60:.1f} min")
    for tool in tools:
        out += [f"- {tool.label}: {note}" for note in tool.notes]
    out.append(
        f"\nMedian wall time of {context['repeat']} runs, each a fresh process with output discarded, the tools"
        f" interleaved. A run slower than {context['slow']:g} s is not repeated, nor is npm awesome-lint one"
        f" file per run; a case projected over {context['max_run']:g} s (from the tool's start-up and its seconds per"
        " MB on a smaller input) is skipped, and a run still going after"
        f" {context.get('timeout', context['max_run']):g} s is killed (**timeout**). Cold: no result cache"
        " (`--no-cache`); warm: the same command after one"
        " run that filled the cache. Tools without a cache have only a cold row. Peak memory is the max RSS"
        f" of the tool's process (`os.wait4`); the method's floor is {fmt_mib(context.get('floor', 0))}"
        " (`/bin/true` measured the same way)."
    )

    corpus_inputs = [item for item in inputs if not item.generated or item.key == "tiny"]
    out.append("\n## Corpus, median wall time\n")
    rows = []
    for item in corpus_inputs:
        for mode in ("cold", "warm"):
            row_cells = [cell(item.key, key, mode) for key in keys]
            if mode == "warm" and all(c is None or c.status == "missing" for c in row_cells):
                continue
            rows.append(
                [item.label, f"{item.size / 1024:,.0f} KB", mode]
                + [cell_text(c) if c is not None else "" for c in row_cells]
            )
    out.append(table(["input", "size", "mode", *[labels[key] for key in keys]], rows, left=3))

    out.append(
        "\n## Corpus, cold: median CPU time (user + system) and peak memory\n\n"
        "CPU time is less sensitive than wall time to other load on the machine; a multi-threaded tool"
        " can use more CPU than wall time. Peak memory is that of the largest single process.\n"
    )
    rows = []
    for item in corpus_inputs:
        row = [item.label]
        for key in keys:
            c = cell(item.key, key, "cold")
            if c is not None and c.ok:
                row.append(f"{fmt_s(c.cpu)}, {fmt_mib(c.peak)}")
            else:
                row.append(c.status if c is not None else "")
        rows.append(row)
    out.append(table(["input", *[labels[key] for key in keys]], rows))

    out.append("\n## Generated lists: time and peak memory (cold)\n")
    rows = []
    tiny_cells = {key: results.get(("tiny", key, "cold")) for key in keys}
    for item in inputs:
        if not item.generated or item.key == "tiny":
            continue
        for key in keys:
            c = cell(item.key, key, "cold")
            if c is None:
                continue
            if not c.ok:
                rows.append([item.label, names[key], cell_text(c), "", "", "", ""])
                continue
            floor = tiny_cells[key]
            base = floor.median if floor is not None and floor.ok else 0.0
            per_mb = max(c.median - base, 0.0) / (item.size / MB)
            rows.append(
                [
                    item.label,
                    names[key],
                    cell_text(c),
                    fmt_s(c.cpu),
                    f"{per_mb:.2f}",
                    fmt_mib(c.peak),
                    f"{c.peak / item.size:.0f}x",
                ]
            )
    out.append(table(["list", "tool", "median", "CPU", "s/MB past start-up", "peak RSS", "peak / size"], rows, left=2))

    out.append("\n## awesome-lint against each peer\n")
    for item in inputs:
        if item.key == "tiny":
            continue
        for mode in ("cold", "warm"):
            ours = _cell(results, item.key, OURS, mode)
            if ours is None:
                continue
            phrases = []
            for key in keys:
                if key == OURS:
                    continue
                theirs = _cell(results, item.key, key, mode)
                if theirs is not None:
                    phrases.append(ratio_phrase(names[key], theirs.median, ours.median))
            if phrases:
                out.append(f"- {item.label}, {mode}: " + "; ".join(phrases))
    ours_lists, npm_each = _cell(results, "lists", OURS), _cell(results, "lists-each", NPM)
    if ours_lists is not None and npm_each is not None:
        out.append(
            "- as each is used on the 18 lists (awesome-lint in one call, npm awesome-lint one file per run): "
            + ratio_phrase("npm awesome-lint", npm_each.median, ours_lists.median)
        )

    out.append("\n## Targets\n")
    for verdict in evaluate_targets(results, sizes):
        out.append(f"- **{verdict.status}**: {verdict.name}. {verdict.detail}")

    out.append("\n## Start-up\n")
    out.append(startup)
    return "\n".join(out) + "\n"


def save_run(path: Path, run: dict[str, Any]) -> None:
    """Keep the raw numbers, so a report can be rendered again (``--render``) without re-measuring."""
    data = {
        "inputs": [
            {
                "key": i.key,
                "label": i.label,
                "paths": [str(p) for p in i.paths],
                "per_file": i.per_file,
                "generated": i.generated,
                "size": i.size,
            }
            for i in run["inputs"]
        ],
        "tools": [
            {"key": t.key, "label": t.label, "argv": t.argv, "version": t.version, "notes": t.notes}
            for t in run["tools"]
        ],
        "missing": run["missing"],
        "results": [
            {
                "input": k[0],
                "tool": k[1],
                "mode": k[2],
                "times": c.times,
                "peaks": c.peaks,
                "cpus": c.cpus,
                "status": c.status,
                "note": c.note,
            }
            for k, c in run["results"].items()
        ],
        "context": run["context"],
        "startup": run["startup"],
        "sizes": run["sizes"],
    }
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def load_run(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    inputs = [Input(**{**i, "paths": [Path(p) for p in i["paths"]]}) for i in data["inputs"]]
    tools = [Tool(**t) for t in data["tools"]]
    results: Results = {
        (r["input"], r["tool"], r["mode"]): Cell(r["times"], r["peaks"], r.get("cpus", []), r["status"], r["note"])
        for r in data["results"]
    }
    return {**data, "inputs": inputs, "tools": tools, "results": results}


# ---------------------------------------------------------------------------
# In process (parse / rules / start-up split of the checkout, no peers)


def in_process(inputs: Sequence[Input], repeat: int) -> str:
    """Where the time goes inside one interpreter: mistune alone, parse_document, Linter, each rule."""
    sys.path.insert(0, str(REPO))
    import mistune

    from awesome_lint.document import parse_document
    from awesome_lint.engine import Linter
    from awesome_lint.source import Source

    linter = Linter(max_file_size=64 * MIB, list_files=None)  # every rule, the list rules too
    plain = mistune.create_markdown(renderer=None, plugins=["table", "url"])
    rule_time = dict.fromkeys((rule.name for rule in linter.rules), 0.0)
    rows = []
    for item in inputs:
        if len(item.paths) != 1 or item.key == "tiny":
            continue
        data = item.paths[0].read_bytes()
        source = Source.from_bytes(data, str(item.paths[0]))
        mistune_alone = _median_call(repeat, plain, source.text)
        parse = _median_call(repeat, parse_document, source)
        lint = _median_call(repeat, linter.lint_bytes, data, str(item.paths[0]))
        referee = median(
            [linter.lint_bytes(data, str(item.paths[0])).timings.get("fix check", 0.0) for _ in range(repeat)]
        )
        document = parse_document(source)
        for rule in linter.rules:
            if not rule.needs_project:  # the repository rules need a repository: the corpus is none
                rule_time[rule.name] += _median_call(repeat, lambda r=rule, d=document: list(r.check(d)))
        rows.append(
            [
                item.label,
                f"{len(data) / 1024:,.0f}",
                f"{mistune_alone * 1000:.0f}",
                f"{parse * 1000:.0f}",
                f"{lint * 1000:.0f}",
                f"{referee * 1000:.1f} ({referee / lint:.1%})",
                f"{len(data) / MB / lint:.2f}",
            ]
        )
        log(f"in process: {item.label}")
    files = sorted({path for item in inputs if len(item.paths) > 1 for path in item.paths})
    if files:
        totals = []
        for _ in range(repeat):
            lint_total = check_total = 0.0
            for path in files:
                started = time.perf_counter()
                result = linter.lint_bytes(path.read_bytes(), str(path))
                lint_total += time.perf_counter() - started
                check_total += result.timings.get("fix check", 0.0)
            totals.append((lint_total, check_total))
        lint_total, check_total = sorted(totals)[len(totals) // 2]
        size = sum(path.stat().st_size for path in files)
        rows.append(
            [
                f"the whole corpus ({len(files)} files)",
                f"{size / 1024:,.0f}",
                "",
                "",
                f"{lint_total * 1000:.0f}",
                f"{check_total * 1000:.1f} ({check_total / lint_total:.1%})",
                f"{size / MB / lint_total:.2f}",
            ]
        )
    out = [f"## In process (median of {repeat})\n"]
    out.append(
        "The fix check renders a file with cmark-gfm before and after its fixes (only files with fixes);"
        " its share is of the Linter time.\n"
    )
    out.append(
        table(["input", "KB", "mistune alone ms", "parse_document ms", "Linter ms", "fix check ms", "MB/s"], rows)
    )
    out.append("\n### Time per rule, summed over the inputs above\n")
    out.append(table(["rule", "ms"], [[name, f"{s * 1000:.1f}"] for name, s in sorted(rule_time.items())]))
    return "\n".join(out) + "\n"


def _median_call(repeat: int, call: Callable[..., object], *args: Any) -> float:
    call(*args)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call(*args)
        times.append(time.perf_counter() - start)
    return median(times)


# ---------------------------------------------------------------------------


def check_corpus(corpus: Path) -> str | None:
    """Why the corpus folder cannot be used, or None."""
    if not corpus.is_dir():
        return f"corpus folder not found: {corpus} (pass --corpus DIR)"
    for needed in ("lists", "free-programming-books"):
        if not (corpus / needed).is_dir():
            return f"corpus folder {corpus} lacks {needed}/ (pass --corpus DIR)"
    return None


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time awesome-lint and its peers side by side on the corpus and on generated lists.",
        epilog="See bench/README.md.",
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared corpus (default: %(default)s)")
    parser.add_argument(
        "--scratch", type=Path, default=DEFAULT_SCRATCH, help="where tools are installed (default: %(default)s)"
    )
    parser.add_argument(
        "--skip-install", action="store_true", help="use what the scratch folder holds, install nothing"
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (default: 5)")
    parser.add_argument("--slow", type=float, default=20.0, help="do not repeat a run slower than this many seconds")
    parser.add_argument("--max-run", type=float, default=200.0, help="skip a case projected to take longer (seconds)")
    parser.add_argument("--timeout", type=float, help="kill a run after this many seconds (default: --max-run)")
    parser.add_argument("--sizes", default=",".join(f"{s:g}" for s in GENERATED_SIZES), help="generated list sizes, MB")
    parser.add_argument("--tools", help=f"comma-separated subset of {','.join(TOOL_ORDER)}")
    parser.add_argument("--write-results", action="store_true", help=f"write the report to {RESULTS.relative_to(REPO)}")
    parser.add_argument("--render", action="store_true", help="only render the report of the last run again")
    parser.add_argument("--in-process", action="store_true", help="time parse, lint and rules in this interpreter")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    corpus = args.corpus.resolve()
    problem = check_corpus(corpus)
    if problem:
        print(f"bench: {problem}", file=sys.stderr)
        return 2
    scratch = args.scratch.resolve()
    if scratch == REPO or REPO in scratch.parents:
        print(f"bench: the scratch folder must be outside the repository: {scratch}", file=sys.stderr)
        return 2
    try:
        sizes = [float(size) for size in args.sizes.split(",") if size.strip()]
    except ValueError:
        print(f"bench: --sizes takes comma-separated numbers of MB, not {args.sizes!r}", file=sys.stderr)
        return 2
    if args.render:
        saved = scratch / "last-run.json"
        if not saved.is_file():
            print(f"bench: nothing to render: {saved} not found", file=sys.stderr)
            return 2
        return emit(load_run(saved), args.write_results)
    scratch.mkdir(parents=True, exist_ok=True)
    inputs = make_inputs(corpus, scratch, sizes)
    if args.in_process:
        print(in_process(inputs, args.repeat))
        return 0

    started = time.time()
    load_before = load_average()
    status: dict[str, str] = {}
    status[OURS], commit = install_ours(scratch, args.skip_install)
    status.update(install_pip_peers(scratch, args.skip_install))
    status.update(install_npm_peers(scratch, args.skip_install))
    tools, missing = make_tools(scratch, status)
    if args.tools:
        wanted = {name.strip() for name in args.tools.split(",")}
        tools = [tool for tool in tools if tool.key in wanted]
        missing = {key: why for key, why in missing.items() if key in wanted}
    # Caches start empty, so the first warm run of each input is the one that fills them.
    for directory in ("cache", "run"):
        shutil.rmtree(scratch / directory, ignore_errors=True)
    plan = Plan(args.repeat, args.slow, args.max_run, args.timeout or args.max_run)
    (scratch / "run").mkdir(exist_ok=True)
    floor = min(
        run_once(["/bin/true"], scratch / "run", scratch / "stderr.txt", 10, child_env()).peak for _ in range(3)
    )
    results: Results = {}
    for item in inputs:
        log(f"{item.label} ({len(item.paths)} files, {item.size / 1024:,.0f} KB)")
        measure_input(item, tools, results, inputs, plan, scratch)
    log("start-up")
    startup = startup_section(scratch, tools, inputs[0].paths[0], args.repeat)
    ours = next((tool for tool in tools if tool.key == OURS), None)
    context = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "command": " ".join(["python bench/run.py", *(argv if argv is not None else sys.argv[1:])]),
        "machine": machine(),
        "version": ours.version if ours else "?",
        "commit": commit,
        "load_before": load_before,
        "load_after": load_average(),
        "elapsed": time.time() - started,
        "repeat": args.repeat,
        "slow": args.slow,
        "max_run": args.max_run,
        "timeout": plan.timeout,
        "floor": floor,
    }
    run = {
        "inputs": inputs,
        "tools": tools,
        "missing": missing,
        "results": results,
        "context": context,
        "startup": startup,
        "sizes": sizes,
    }
    save_run(scratch / "last-run.json", run)
    return emit(run, args.write_results)


def emit(run: dict[str, Any], write: bool) -> int:
    text = report(
        run["inputs"], run["tools"], run["missing"], run["results"], run["context"], run["startup"], run["sizes"]
    )
    if write:
        RESULTS.write_text(text, encoding="utf-8")
        log(f"wrote {RESULTS}")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
