"""One editor session against ``awesome-lint server``: a real client, a real subprocess, incremental
changes, and the time from each message to the diagnostics it brings back (see lsp_latency.py)."""

from __future__ import annotations

import asyncio
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TYPED = "abcdefghijklmnopqrstuvwxyz"
"""The letters typed, one a keystroke (cycled)."""
ENTRY = re.compile(r"\s*(?:[-*+]|\d+[.)]) \[.*\]\(.*\) - \S.*\S\r?$")
"""A list entry with a description of at least two characters."""
TIMEOUT = 120.0
"""Seconds to wait for one publication before giving up (a hung server, not a slow one)."""

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # the checkout's awesome_lint, in this process as in the server's


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# The edits


@dataclass(frozen=True)
class EditPoint:
    """Where the keystrokes go: just before the last character of a description near the middle."""

    offset: int
    line: int
    character: int
    """In UTF-16 code units (the client offers no other position encoding)."""


def edit_point(text: str) -> EditPoint:
    """The description of the list entry closest to the middle of the document, before its final
    character (usually its full stop): a keystroke there is an ordinary edit of an ordinary entry."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    entries = [number for number, line in enumerate(lines) if ENTRY.match(line)]
    if not entries:
        raise ValueError("no list entry with a description (`- [name](url) - Description.`) to type in")
    number = min(entries, key=lambda n: abs(n - len(lines) / 2))
    line = lines[number].rstrip("\r")
    column = len(line.rstrip()) - 1
    return EditPoint(starts[number] + column, number, len(line[:column].encode("utf-16-le")) // 2)


def typed_text(text: str, point: EditPoint, count: int) -> str:
    """``text`` after ``count`` keystrokes."""
    letters = (TYPED * (count // len(TYPED) + 1))[:count]
    return text[: point.offset] + letters + text[point.offset :]


# ---------------------------------------------------------------------------
# The result cache, seen from outside


def cache_snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every entry of the result cache under ``folder``, with its inode and modification time.

    An entry is written to a temporary file and renamed into place, so a lint that writes one
    (a miss, even of a key already there) changes this; an answer from the cache does not.
    """
    from awesome_lint.run.cache import CACHE_DIR_NAME

    found: dict[str, tuple[int, int]] = {}
    for path in (folder / CACHE_DIR_NAME).rglob("*.json"):
        info = path.stat()
        found[str(path)] = (info.st_ino, info.st_mtime_ns)
    return found


# ---------------------------------------------------------------------------
# One editor session against the server


@dataclass
class Event:
    """One message from the editor and the diagnostics it brought back."""

    seconds: float
    """From sending the message to receiving the publishDiagnostics for its version."""
    diagnostics: int
    wrote_cache: bool
    """A result cache entry was written meanwhile. On open: the document was linted (a miss), not
    answered from the cache. On a keystroke: never expected (a keystroke's lint bypasses the cache)."""
    version: int


@dataclass
class Session:
    start_up: float
    """From starting the process to the initialize result."""
    opened: Event
    typing: list[Event] = field(default_factory=list)
    reopened: Event | None = None
    """The unchanged document closed and opened again in the same server."""


class _Editor:
    """A pygls client with just what an editor without pull diagnostics needs: push diagnostics,
    versions, incremental changes."""

    def __init__(self, folder: Path) -> None:
        from lsprotocol import types
        from pygls.lsp.client import LanguageClient

        self.types = types
        self.folder = folder
        self.client = LanguageClient("awesome-lint-latency", "1")
        self.waiting: dict[tuple[str, int], asyncio.Future[tuple[float, int]]] = {}
        self.messages: list[str] = []

        # pygls marks its handlers with attributes: functions, then, not bound methods
        register = self.client.feature
        register(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(lambda params: self._published(params))
        register(types.WINDOW_SHOW_MESSAGE)(lambda params: self._message(params))
        register(types.WINDOW_LOG_MESSAGE)(lambda params: self._message(params))

    def _published(self, params: Any) -> None:
        arrived = time.perf_counter()
        if params.version is None:
            return
        waiter = self.waiting.pop((params.uri, params.version), None)
        if waiter is not None and not waiter.done():
            waiter.set_result((arrived, len(params.diagnostics)))

    def _message(self, params: Any) -> None:
        self.messages.append(params.message)

    async def start(self) -> float:
        types = self.types
        started = time.perf_counter()
        await self.client.start_io(
            sys.executable, "-m", "awesome_lint", "server", cwd=str(self.folder), env=server_env()
        )
        capabilities = types.ClientCapabilities(
            text_document=types.TextDocumentClientCapabilities(
                synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
            )
        )  # no `diagnostic`: the server publishes; no workspace: it registers no file watcher
        root = self.folder.as_uri()
        await self.client.initialize_async(
            types.InitializeParams(
                capabilities=capabilities,
                process_id=os.getpid(),
                root_uri=root,
                workspace_folders=[types.WorkspaceFolder(uri=root, name=self.folder.name)],
            )
        )
        self.client.initialized(types.InitializedParams())
        return time.perf_counter() - started

    def expect(self, uri: str, version: int) -> asyncio.Future[tuple[float, int]]:
        future: asyncio.Future[tuple[float, int]] = asyncio.get_running_loop().create_future()
        self.waiting[(uri, version)] = future
        return future

    async def timed(self, uri: str, version: int, send: Callable[[], None]) -> Event:
        before = cache_snapshot(self.folder)
        future = self.expect(uri, version)
        sent = time.perf_counter()
        send()
        arrived, count = await asyncio.wait_for(future, TIMEOUT)
        after = cache_snapshot(self.folder)
        return Event(arrived - sent, count, after != before, version)

    async def open(self, uri: str, text: str, version: int) -> Event:
        types = self.types
        item = types.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)
        return await self.timed(
            uri, version, lambda: self.client.text_document_did_open(types.DidOpenTextDocumentParams(item))
        )

    async def change(self, uri: str, version: int, line: int, start: int, end: int, new: str) -> Event:
        types = self.types
        change = types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(line, start), types.Position(line, end)), text=new
        )
        params = types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change]
        )
        return await self.timed(uri, version, lambda: self.client.text_document_did_change(params))

    def close(self, uri: str) -> None:
        types = self.types
        self.client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()  # type: ignore[no-untyped-call]


def server_env() -> dict[str, str]:
    """The user's environment without AWESOME_LINT_* (a cache folder or --no-cache from there would
    change what is measured), finding this checkout first."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWESOME_LINT_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def prepare(folder: Path, text: str) -> Path:
    """``folder``/README.md holding ``text``, linted with the defaults (no configuration file applies)."""
    from awesome_lint.config import find_config

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "README.md"
    path.write_bytes(text.encode("utf-8"))
    config = find_config(str(folder.resolve()))
    if config is not None:
        raise SystemExit(f"a configuration file applies to {folder}: {config}; use another --tmp folder")
    return path


async def _session(text: str, folder: Path, changes: int, between: Callable[[str], None] | None) -> Session:
    path = prepare(folder, text)
    uri = path.resolve().as_uri()
    editor = _Editor(folder)
    start_up = await editor.start()
    try:
        session = Session(start_up, await editor.open(uri, text, 1))
        version = 1
        if changes:
            point = edit_point(text)
            for typed in range(1, changes + 1):
                version += 1
                column = point.character + typed - 1
                letter = TYPED[(typed - 1) % len(TYPED)]
                session.typing.append(await editor.change(uri, version, point.line, column, column, letter))
                if between is not None:
                    between(typed_text(text, point, typed))  # the server is idle: nothing else runs
        editor.close(uri)
        version += 1
        session.reopened = await editor.open(uri, text, version)
    finally:
        await editor.stop()
    if editor.messages:
        log(f"the server said: {' | '.join(editor.messages)}")
    return session


def measure_session(
    text: str, folder: Path, changes: int = 20, between: Callable[[str], None] | None = None
) -> Session:
    """Open ``text`` as ``folder``/README.md in a new server, type ``changes`` letters into a description,
    one a change (each a text the server has not seen), then close the document and open it again
    unchanged. ``between(text)`` is called after each keystroke's diagnostics arrived, with the text
    the server then holds."""
    return asyncio.run(_session(text, folder, changes, between))


async def _open_only(text: str, folder: Path) -> tuple[float, Event]:
    path = prepare(folder, text)
    editor = _Editor(folder)
    start_up = await editor.start()
    try:
        return start_up, await editor.open(path.resolve().as_uri(), text, 1)
    finally:
        await editor.stop()


def measure_open(text: str, folder: Path) -> tuple[float, Event]:
    """A new server's start-up and its first diagnostics for ``text`` (cold or warm: what ``folder``'s cache holds)."""
    return asyncio.run(_open_only(text, folder))

