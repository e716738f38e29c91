"""The server-side part of a keystroke, in this process: the lint, its phases, the conversion of the
findings and their trip through pygls' JSON, and a profile of the lint (see lsp_latency.py)."""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsp_session import prepare


@dataclass
class ServerSide:
    lint_text: list[float]
    """``lint_text(..., typing=True)`` on each typed text, as the server lints a keystroke (no cache)."""
    lint_text_hit: list[float]
    """``lint_text`` on the unchanged text, already in the cache (as on opening it)."""
    cache_hit_confirmed: bool
    """The run layer, with the server's options, answers the unchanged document from the cache."""
    phases: dict[str, list[float]]
    """Run-layer and per-file phases (RunResult.timings, FileResult.timings) on the typed texts."""
    cache_untouched: bool
    """No cache entry appeared while the typed texts were linted (as a keystroke's lint promises)."""
    convert: list[float]
    """Findings to LSP diagnostics, as the server converts them."""
    send: list[float]
    """The publishDiagnostics notification to JSON and onto the transport (pygls)."""
    receive: list[float]
    """That JSON read back into lsprotocol objects, as pygls' client reader does."""
    findings: int
    payload: int
    """Bytes of the publishDiagnostics JSON."""


class InProcess:
    """The server's lint called in this process on the text the server was just sent, after its
    diagnostics arrived and before the next keystroke: the two never run at once, and a drift in the
    machine's speed hits both alike."""

    def __init__(self, text: str, folder: Path) -> None:
        from awesome_lint.lsp.linting import lint_text
        from awesome_lint.run import RunOptions, run
        from awesome_lint.run.cache import CACHE_DIR_NAME

        self.text = text
        self.path = prepare(folder / "lint_text", text)
        self.run_path = prepare(folder / "run", text)
        # lint_text's options for a keystroke (awesome_lint/lsp/linting.py), to read the timings it
        # does not return; and for an open, which uses the cache
        self.cache_dir = folder / "lint_text" / CACHE_DIR_NAME
        cache_dir = str(folder / "run" / CACHE_DIR_NAME)
        self.typing = RunOptions(jobs=1, online=False, force_exclude=True, cache=False, cache_dir=cache_dir)
        self.options = RunOptions(jobs=1, online=False, force_exclude=True, cache_dir=cache_dir)
        self.lint_text, self.run = lint_text, run
        self.times: list[float] = []
        self.phases: dict[str, list[float]] = {}
        lint_text(str(self.path), text)  # the imports and the first, cold lint: not what a keystroke costs
        run([str(self.run_path)], self.options, buffers={str(self.run_path.resolve()): text.encode()})
        self.entries = self._entries()

    def keystroke(self, typed: str) -> None:
        started = time.perf_counter()
        outcome = self.lint_text(str(self.path), typed, typing=True)
        self.times.append(time.perf_counter() - started)
        assert outcome.error is None, outcome.error
        result = self.run([str(self.run_path)], self.typing, buffers={str(self.run_path.resolve()): typed.encode()})
        (file_result,) = result.results
        assert not file_result.cached
        for name, seconds in [*result.timings.items(), *file_result.timings.items()]:
            self.phases.setdefault(name if name in file_result.timings else f"run: {name}", []).append(seconds)

    def _entries(self) -> set[Path]:
        return set(self.cache_dir.rglob("*.json"))

    def finish(self, repeat: int) -> ServerSide:
        """The cache hit on the unchanged text, and what happens to the findings after a lint."""
        untouched = self._entries() == self.entries
        hits = []
        for _ in range(repeat):
            started = time.perf_counter()
            self.lint_text(str(self.path), self.text)
            hits.append(time.perf_counter() - started)
        buffers = {str(self.run_path.resolve()): self.text.encode()}
        confirmed = self.run([str(self.run_path)], self.options, buffers=buffers).results[0].cached
        outcome = self.lint_text(str(self.path), self.text)
        after = _conversion(outcome.text, outcome.findings, self.path.resolve().as_uri(), repeat)
        return ServerSide(
            self.times,
            hits,
            confirmed,
            self.phases,
            untouched,
            after["diagnostics"],
            after["send"],
            after["receive"],
            len(outcome.findings),
            after["payload"],
        )


class _Sink:
    """A transport that keeps the last message the server wrote."""

    def __init__(self) -> None:
        self.data = b""

    def write(self, data: bytes) -> None:
        self.data = data

    def close(self) -> None:
        pass


def _conversion(text: str, findings: Sequence[Any], uri: str, repeat: int) -> dict[str, Any]:
    """What happens to the findings after the lint, by the code that does it: the server's conversion
    (as ``AwesomeLintServer.diagnostics``), pygls' serialization and write, and the client's parse."""
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    from awesome_lint.lsp.convert import diagnostic_of
    from awesome_lint.lsp.positions import Converter
    from awesome_lint.lsp.server import server

    sink = _Sink()
    server.protocol.set_writer(sink)
    client = LanguageClient("awesome-lint-latency", "1")
    times: dict[str, list[float]] = {"diagnostics": [], "send": [], "receive": []}
    for _ in range(repeat):
        started = time.perf_counter()
        positions = Converter(text, "utf-16")
        diagnostics = [diagnostic_of(finding, positions) for finding in findings]
        converted = time.perf_counter()
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=2)
        )
        sent = time.perf_counter()
        body = sink.data.split(b"\r\n\r\n", 1)[1]
        json.loads(body, object_hook=client.protocol.structure_message)  # as pygls' reader does
        received = time.perf_counter()
        times["diagnostics"].append(converted - started)
        times["send"].append(sent - converted)
        times["receive"].append(received - sent)
    return {**times, "payload": len(sink.data)}


Profile = tuple[list[list[str]], list[tuple[str, float]]]
"""The profile's rows (function, calls, own ms, cumulative ms) and each rule's seconds, slowest first."""


def profile(text: str, path: Path, top: int = 15) -> Profile:
    """cProfile of ``Linter.lint_bytes`` (the linter the defaults build) on ``text``, and each rule's time."""
    from awesome_lint.config import Resolver
    from awesome_lint.document import parse_document
    from awesome_lint.run import RunOptions
    from awesome_lint.run.selection import build_linter
    from awesome_lint.source import Source

    linter = build_linter(Resolver(None, False).for_path(str(path)), RunOptions())
    data = text.encode()
    linter.lint_bytes(data, str(path))  # imports and first-call costs out of the profile
    profiler = cProfile.Profile()
    profiler.enable()
    linter.lint_bytes(data, str(path))
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    document = parse_document(Source.from_bytes(data, str(path)))
    rules = []
    for rule in linter.rules:
        if rule.needs_project or rule.online:
            continue
        samples = []
        for _ in range(5):
            started = time.perf_counter()
            list(rule.check(document))
            samples.append(time.perf_counter() - started)
        rules.append((f"{rule.code} {rule.name}", statistics.median(samples)))
    rules.sort(key=lambda item: -item[1])
    return _profile_rows(out.getvalue(), top), rules


def _profile_rows(printed: str, top: int) -> list[list[str]]:
    """pstats' printout as table rows, paths shortened to the package or library they are in."""
    rows = []
    started = False
    for line in printed.splitlines():
        if line.lstrip().startswith("ncalls"):
            started = True
            continue
        if not started or not line.strip():
            continue
        parts = line.split(None, 5)
        if len(parts) < 6:
            continue
        ncalls, tottime, _, cumtime, _, where = parts
        rows.append([_short(where), ncalls, f"{float(tottime) * 1000:.0f}", f"{float(cumtime) * 1000:.0f}"])
    return rows[:top]


def _short(where: str) -> str:
    for marker in ("/awesome_lint/", "/site-packages/", "/lib/python"):
        if marker in where:
            where = where.split(marker, 1)[1]
            break
    return "`" + where.replace("|", "\\|") + "`"

