"""Running each tool of the comparison with lychee over the list, and reading its answers.

Each run gets a fresh folder with the list (and awesome-lint its settings file), servers whose
counters and state were reset, and an environment without proxy variables, so that every
request goes to 127.0.0.1. Each tool's answer per URL is mapped to one verdict: ok, dead,
unreachable or redirected (:func:`our_verdicts`, :func:`lychee_verdicts`).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lychee_cases import Case
from lychee_servers import Servers, markdown_list

REPO = Path(__file__).resolve().parents[1]

OK, DEAD, UNREACHABLE, REDIRECTED = "ok", "dead", "unreachable", "redirected"
NONE = "none"
"""A line the tool said nothing about (neither a finding nor a success)."""

OUR_CODES = {"AL501": DEAD, "AL502": UNREACHABLE, "AL503": REDIRECTED}


@dataclass(frozen=True)
class Settings:
    """What both tools are given, in their own terms (see :func:`our_config`, :func:`lychee_command`)."""

    timeout: float = 3
    """Seconds; whole seconds for lychee."""
    retries: int = 2
    backoff: float = 1
    """Seconds before the first retry; whole seconds for lychee."""
    concurrency: int = 32
    per_host: int = 2


@dataclass
class Run:
    """One tool's run over the list: the verdict per line (with the tool's words), the requests the
    servers counted per case, the wall time."""

    tool: str
    seconds: float
    verdicts: dict[int, tuple[str, str]]
    requests: dict[str, Counter[str] | None]
    unclaimed: Counter[str]
    returncode: int
    own_count: int | None = None
    """The requests the tool says it sent, where it says (awesome-lint's ``-v``)."""


def total_requests(run: Run) -> int:
    """Everything the servers counted in the run: requests, handshakes and connections."""
    counted = sum(sum(count.values()) for count in run.requests.values() if count is not None)
    return counted + sum(run.unclaimed.values())


def clean_environment() -> dict[str, str]:
    """No proxy (it would take loopback requests elsewhere) and no token; this checkout first on the path."""
    environment = {
        key: value for key, value in os.environ.items() if "proxy" not in key.lower() and key != "GITHUB_TOKEN"
    }
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), environment.get("PYTHONPATH")]))
    return environment


def our_config(settings: Settings) -> str:
    return (
        "[link-check]\n"
        f"timeout = {settings.timeout:g}\n"
        f"retries = {settings.retries}\n"
        f"backoff = {settings.backoff:g}\n"
        f"max-concurrency = {settings.concurrency}\n"
        f"max-concurrency-per-host = {settings.per_host}\n"
    )


def our_command(base: Sequence[str]) -> list[str]:
    return [*base, "--online", "--no-cache", "--output-format", "json", "--select", "AL501,AL502,AL503", "-v"]


def _seconds(value: float) -> str:
    if not float(value).is_integer():
        raise ValueError(f"lychee takes whole seconds, not {value:g}")
    return str(int(value))


def lychee_command(binary: str, settings: Settings) -> list[str]:
    return [
        binary,
        "--format",
        "json",
        "-v",
        "--no-progress",
        "--timeout",
        _seconds(settings.timeout),
        "--max-retries",
        str(settings.retries),
        "--retry-wait-time",
        _seconds(settings.backoff),
        "--max-concurrency",
        str(settings.concurrency),
        "--host-concurrency",
        str(settings.per_host),
        "--max-redirects",
        "10",
    ]


def _timed(command: Sequence[str], folder: Path, limit: float) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "README.md"],
        cwd=folder,
        env=clean_environment(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=limit,
        check=False,
    )
    return done, time.perf_counter() - started


def _counted(
    tool: str,
    done: subprocess.CompletedProcess[str],
    seconds: float,
    servers: Servers,
    known: Sequence[Case],
    verdicts: dict[int, tuple[str, str]],
) -> Run:
    requests = {case.key: servers.requests(case) for case in known}
    return Run(tool, seconds, verdicts, requests, servers.unclaimed(known), done.returncode)


def run_awesome_lint(
    servers: Servers, known: Sequence[Case], settings: Settings, command: Sequence[str] | None = None
) -> tuple[Run, dict[int, Case]]:
    """Reset the servers, run awesome-lint over the list in a fresh folder, count; and the list's lines."""
    base = list(command) if command else [sys.executable, "-m", "awesome_lint"]
    servers.reset()
    text, where = markdown_list(known, servers)
    with tempfile.TemporaryDirectory(prefix="lychee-compare-ours-") as scratch:
        folder = Path(scratch)
        (folder / "README.md").write_text(text, encoding="utf-8")
        (folder / "awesome-lint.toml").write_text(our_config(settings), encoding="utf-8")
        done, seconds = _timed(our_command(base), folder, limit=600)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"awesome-lint exited {done.returncode}:\n{done.stderr}")
    run = _counted("awesome-lint", done, seconds, servers, known, our_verdicts(done.stdout, where))
    sent = re.search(r"online: .*?(\d+) requests? sent", done.stderr)
    run.own_count = int(sent[1]) if sent else None
    return run, where


def run_lychee(binary: str, servers: Servers, known: Sequence[Case], settings: Settings) -> Run:
    servers.reset()
    text, where = markdown_list(known, servers)
    with tempfile.TemporaryDirectory(prefix="lychee-compare-lychee-") as scratch:
        folder = Path(scratch)
        (folder / "README.md").write_text(text, encoding="utf-8")
        done, seconds = _timed(lychee_command(binary, settings), folder, limit=600)
    if done.returncode not in (0, 2):
        raise RuntimeError(f"lychee exited {done.returncode}:\n{done.stderr}")
    return _counted("lychee", done, seconds, servers, known, lychee_verdicts(done.stdout, where))


def our_verdicts(output: str, where: Mapping[int, Case]) -> dict[int, tuple[str, str]]:
    """AL501 is dead, AL502 unreachable, AL503 redirected; a line without any of them is ok."""
    verdicts = {line: (OK, "") for line in where}
    for finding in json.loads(output):
        verdict = OUR_CODES.get(finding["code"])
        if verdict is not None and finding["line"] in verdicts:
            verdicts[finding["line"]] = (verdict, f"{finding['code']}: {_reason(finding['message'])}")
    return verdicts


def _reason(message: str) -> str:
    """A message's reason, without the URL it starts with (its port changes every run):
    ``dead link "URL": reason``, ``link "URL" could not be reached: reason``."""
    return re.sub(r'^[^"]*"[^"]*"(?::| could not be reached:)\s*', "", message)


def lychee_verdicts(output: str, where: Mapping[int, Case]) -> dict[int, tuple[str, str]]:
    """lychee's success is ok (with the redirects it followed), its error dead, its time-out
    unreachable; it has no verdict of its own for a redirect it followed."""
    report = json.loads(output)
    verdicts = {line: (NONE, "") for line in where}
    for name, verdict in (("success_map", OK), ("error_map", DEAD), ("timeout_map", UNREACHABLE)):
        for entries in (report.get(name) or {}).values():
            for entry in entries:
                line = (entry.get("span") or {}).get("line")
                if line not in verdicts:
                    continue
                status = entry.get("status") or {}
                detail = str(status.get("text", ""))
                hops = (entry.get("redirects") or {}).get("redirects") or []
                if hops:
                    detail += " after " + _hops([int(hop.get("code") or 0) for hop in hops])
                verdicts[line] = (verdict, detail)
    return verdicts


def _hops(codes: Sequence[int]) -> str:
    """``301, 301, 308`` → ``2 × 301, 308``."""
    groups: list[list[int]] = []
    for code in codes:
        if groups and groups[-1][0] == code:
            groups[-1][1] += 1
        else:
            groups.append([code, 1])
    return ", ".join(f"{number} × {code}" if number > 1 else str(code) for code, number in groups)
