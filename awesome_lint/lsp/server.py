"""``awesome-lint server``: the language server, over stdio, on pygls.

Diagnostics come on open, on change (debounced) and on save: published to clients that only
take published diagnostics, answered on ``textDocument/diagnostic`` for clients that pull.
Code actions: each finding's fix, "disable for this line / the next line", and
``source.fixAll.awesome-lint`` (safe fixes only); formatting applies the safe fixes. Every
lint goes through the run layer (:mod:`.linting`), so the configuration, the fixes and their
rendering check are the command line's. A lint never runs on the event loop: one worker
thread does them in turn, and a change re-lints only its own document.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..config import CONFIG_FILES
from ..findings import Finding
from .convert import SOURCE, diagnostic_of, enum_value, finding_actions, text_range, without_path, workspace_edit
from .edits import smallest_edit
from .linting import Outcome, lint_text
from .positions import PREFERENCE, Converter, choose_encoding

FIX_ALL = "source.fixAll.awesome-lint"
DEBOUNCE = 0.15
"""Seconds of quiet after a change before the document is linted again."""


class _Protocol(LanguageServerProtocol):
    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams) -> Any:
        """UTF-32 or UTF-8 when the client offers them (findings count code points), else UTF-16:
        pygls takes the client's first choice, so the client's list is put in our order first."""
        general = params.capabilities.general
        if general is not None and general.position_encodings:
            chosen = choose_encoding([enum_value(encoding) for encoding in general.position_encodings])
            general.position_encodings = [types.PositionEncodingKind(chosen)]
        return (yield from super().lsp_initialize(params))


@dataclass
class _State:
    version: int | None
    outcome: Outcome


class AwesomeLintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("awesome-lint", __version__, protocol_cls=_Protocol)
        self.states: dict[str, _State] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="awesome-lint")
        self.config_errors: dict[str, str] = {}
        """Configuration file URI → the error shown on it."""
        self.shown_errors: set[str] = set()
        self.shown_notices: set[str] = set()
        """Messages shown once per session (online checks that need httpx)."""
        self.online: dict[str, tuple[str, list[Finding]]] = {}
        """URI → the text of its last save and the online findings in it: kept while the document is edited."""

    # --- what the client can do -------------------------------------------------------------

    @property
    def pulls(self) -> bool:
        """Whether the client asks for diagnostics (LSP 3.17) rather than waiting for them."""
        document = self.client_capabilities.text_document
        return document is not None and document.diagnostic is not None

    @property
    def encoding(self) -> str:
        return enum_value(self.workspace.position_encoding or "utf-16")

    # --- linting --------------------------------------------------------------------------------

    async def lint(self, uri: str, *, saved: bool = False, typing: bool = False) -> _State:
        document = self.workspace.get_text_document(uri)
        text, version = document.source, document.version
        loop = asyncio.get_running_loop()

        def work() -> Outcome | None:
            if typing and self.workspace.get_text_document(uri).version != version:
                return None  # typed over while it waited for the worker: the newer text is linted instead
            return lint_text(_path(uri), text, saved=saved, typing=typing)

        found = await loop.run_in_executor(self.worker, work)
        if found is None:
            return self.states.get(uri) or _State(None, Outcome(text))
        outcome = found
        if saved:
            self.online[uri] = (text, [finding for finding in outcome.findings if _is_online(finding)])
        elif uri in self.online:  # the last save's online findings stay, where their lines still are
            saved_text, online = self.online[uri]
            outcome.findings = sorted(outcome.findings + carried(online, saved_text, text), key=Finding.sort_key)
        state = _State(version, outcome)
        current = self.workspace.get_text_document(uri)
        if current.version == version:
            self.states[uri] = state
        self.report_config_error(outcome)
        if outcome.notice is not None and outcome.notice not in self.shown_notices:
            self.shown_notices.add(outcome.notice)
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Warning, message=f"awesome-lint: {outcome.notice}")
            )
        return state

    async def current(self, uri: str) -> _State:
        """The findings for the document as it is now (linted again when it changed since)."""
        state = self.states.get(uri)
        document = self.workspace.get_text_document(uri)
        if state is None or state.version != document.version or state.outcome.text != document.source:
            state = await self.lint(uri)
        return state

    async def lint_and_publish(self, uri: str, *, saved: bool = False, typing: bool = False) -> None:
        state = await self.lint(uri, saved=saved, typing=typing)
        if state.version != self.workspace.get_text_document(uri).version:
            return  # a newer lint of this document is on its way
        if not self.pulls:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=self.diagnostics(state), version=state.version)
            )
        elif saved:
            self.refresh()  # the save's online findings: a pulling client asks again

    def refresh(self) -> None:
        """Ask a pulling client to pull again, where it lets us (``workspace/diagnostic/refresh``)."""
        workspace = self.client_capabilities.workspace
        diagnostics = workspace.diagnostics if workspace is not None else None
        if diagnostics is not None and diagnostics.refresh_support:
            self.workspace_diagnostic_refresh(None)

    def schedule(self, uri: str, delay: float = DEBOUNCE) -> None:
        """Lint ``uri`` once the changes stop for ``delay`` seconds (a keystroke cancels the wait)."""
        pending = self.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()

        async def later() -> None:
            await asyncio.sleep(delay)
            self.pending.pop(uri, None)
            await self.lint_and_publish(uri, typing=True)

        self.pending[uri] = asyncio.ensure_future(later())

    async def relint_all(self) -> None:
        """After a configuration change: every open document, with the new settings."""
        for uri in list(self.workspace.text_documents):
            self.states.pop(uri, None)
            self.online.pop(uri, None)
            await self.lint_and_publish(uri)
        if self.pulls:
            self.refresh()

    def report_config_error(self, outcome: Outcome) -> None:
        """A configuration error: a diagnostic on the configuration file and a message, once each;
        both go away when the file is fixed."""
        if outcome.error is None:
            for uri in list(self.config_errors):
                del self.config_errors[uri]
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
            self.shown_errors.clear()
            return
        if outcome.error not in self.shown_errors:
            self.shown_errors.add(outcome.error)
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=f"awesome-lint: {outcome.error}")
            )
        if outcome.config is not None:
            uri = from_fs_path(outcome.config) or outcome.config
            message = without_path(outcome.error, outcome.config)
            self.config_errors[uri] = message
            diagnostic = types.Diagnostic(
                range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                message=message,
                severity=types.DiagnosticSeverity.Error,
                source=SOURCE,
            )
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[diagnostic]))

    # --- conversions ------------------------------------------------------------------------------

    def diagnostics(self, state: _State) -> list[types.Diagnostic]:
        converter = Converter(state.outcome.text, self.encoding)
        return [diagnostic_of(finding, converter) for finding in state.outcome.findings]



def _is_online(finding: Finding) -> bool:
    from ..rules import resolve

    return any(rule.online for rule in resolve(finding.code, documented=True))


def carried(findings: list[Finding], saved: str, text: str) -> list[Finding]:
    """The online findings of the last save (made on the text ``saved``), moved to where their lines are
    in ``text``: a finding whose line is no longer there (edited or deleted) goes, until the next save."""
    if not findings:
        return []
    from .positions import lines_of

    old_lines = lines_of(saved.lstrip("\ufeff"))
    where: dict[str, list[int]] = {}
    for number, content in enumerate(lines_of(text.lstrip("\ufeff")), 1):
        where.setdefault(content, []).append(number)
    kept = []
    for finding in findings:
        if finding.line != finding.end_line or not 0 < finding.line <= len(old_lines):
            continue
        candidates = where.get(old_lines[finding.line - 1], [])
        if not candidates:
            continue
        nearest = min(candidates, key=lambda number: abs(number - finding.line))
        moved = copy.copy(finding)
        moved.line = moved.end_line = nearest
        kept.append(moved)
    return kept


def _path(uri: str) -> str | None:
    if not uri.startswith("file:"):
        return None
    return to_fs_path(uri)


def _is_config(uri: str) -> bool:
    return os.path.basename(_path(uri) or "") in CONFIG_FILES


server = AwesomeLintServer()


@server.feature(types.INITIALIZED)
async def initialized(ls: AwesomeLintServer, params: types.InitializedParams) -> None:
    """Ask to hear of configuration files that change on disk, where the client lets us."""
    workspace = ls.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace is not None else None
    if watched is None or not watched.dynamic_registration:
        return
    watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILES]
    options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
    registration = types.Registration(
        id="awesome-lint-config", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
    )
    try:
        await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
    except Exception as exc:  # a client that said it could and cannot: saving a configuration still works
        ls.window_log_message(
            types.LogMessageParams(type=types.MessageType.Warning, message=f"awesome-lint: no file watching: {exc}")
        )


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: AwesomeLintServer, params: types.DidOpenTextDocumentParams) -> None:
    if not _is_config(params.text_document.uri):
        await ls.lint_and_publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: AwesomeLintServer, params: types.DidChangeTextDocumentParams) -> None:
    if not _is_config(params.text_document.uri):
        ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: AwesomeLintServer, params: types.DidSaveTextDocumentParams) -> None:
    if _is_config(params.text_document.uri):
        await ls.relint_all()
        return
    pending = ls.pending.pop(params.text_document.uri, None)
    if pending is not None:
        pending.cancel()
    await ls.lint_and_publish(params.text_document.uri, saved=True)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: AwesomeLintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.states.pop(uri, None)
    pending = ls.pending.pop(uri, None)
    if pending is not None:
        pending.cancel()
    if not ls.pulls and not _is_config(uri):
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
async def did_change_watched_files(ls: AwesomeLintServer, params: types.DidChangeWatchedFilesParams) -> None:
    if any(_is_config(change.uri) for change in params.changes):
        await ls.relint_all()


@server.feature(
    types.TEXT_DOCUMENT_DIAGNOSTIC,
    types.DiagnosticOptions(identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=False),
)
async def diagnostic(
    ls: AwesomeLintServer, params: types.DocumentDiagnosticParams
) -> types.DocumentDiagnosticReport:
    uri = params.text_document.uri
    if _is_config(uri):
        error = ls.config_errors.get(uri)
        items = []
        if error is not None:
            position = types.Position(0, 0)
            items.append(
                types.Diagnostic(types.Range(position, position), error, types.DiagnosticSeverity.Error, source=SOURCE)
            )
        return types.RelatedFullDocumentDiagnosticReport(items=items)
    state = await ls.current(uri)
    return types.RelatedFullDocumentDiagnosticReport(items=ls.diagnostics(state))


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
)
async def code_action(ls: AwesomeLintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    if _is_config(uri):
        return []
    state = await ls.current(uri)
    text, version = state.outcome.text, state.version
    only = params.context.only
    wants_quick = only is None or any(enum_value(kind).startswith("quickfix") for kind in only)
    wants_all = only is None or any(FIX_ALL.startswith(enum_value(kind)) for kind in only)
    converter = Converter(text, ls.encoding)
    actions: list[types.CodeAction] = []
    first, last = params.range.start.line, params.range.end.line
    if wants_quick:
        for finding in state.outcome.findings:
            diagnostic = diagnostic_of(finding, converter)
            if diagnostic.range.end.line < first or diagnostic.range.start.line > last:
                continue
            actions += finding_actions(uri, text, version, finding, diagnostic, ls.encoding)
    if wants_all and any(f.fix is not None and f.fix.applicability.value == "safe" for f in state.outcome.findings):
        loop = asyncio.get_running_loop()
        fixed = await loop.run_in_executor(ls.worker, lambda: lint_text(_path(uri), text, fix=True))
        if fixed.fixed is not None and fixed.fixed != text:
            actions.append(
                types.CodeAction(
                    title="Fix all safe problems (awesome-lint)",
                    kind=FIX_ALL,
                    edit=workspace_edit(uri, text, fixed.fixed, version, ls.encoding),
                )
            )
    return actions


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
async def formatting(ls: AwesomeLintServer, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
    uri = params.text_document.uri
    if _is_config(uri):
        return None
    document = ls.workspace.get_text_document(uri)
    text = document.source
    loop = asyncio.get_running_loop()
    fixed = await loop.run_in_executor(ls.worker, lambda: lint_text(_path(uri), text, fix=True))
    if fixed.fixed is None or fixed.fixed == text:
        return []
    converter = Converter(text, ls.encoding)
    start, end, replacement = smallest_edit(text, fixed.fixed)
    return [types.TextEdit(range=text_range(converter, start, end), new_text=replacement)]


def serve() -> int:
    """Serve until the client says exit: 0 after a shutdown request, 1 without one (the protocol's rule).

    pygls ends its loop on exit by raising SystemExit inside a callback, which does not always reach
    the process: the code is decided here from the protocol's own record of the shutdown."""
    with contextlib.suppress(SystemExit):
        server.start_io()
    return 0 if server.protocol._shutdown else 1


__all__ = ["FIX_ALL", "PREFERENCE", "AwesomeLintServer", "serve", "server"]
