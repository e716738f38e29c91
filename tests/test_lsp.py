"""The language server over stdio, driven by a real LSP client (pytest-lsp): what an editor sees and does."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from conftest import command_env
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

LIST = (
    "# Awesome Things\n\n"
    "1. [Alpha](https://alpha.example) - The first.\n"
    "3. [Beta](https://beta.example) - The second.\n"
)
"""A list whose second item is numbered 3: one AL101 finding with a safe fix (more rules may add others)."""


SERVER_ENV = {
    key: value for key, value in command_env().items() if "proxy" not in key.lower() and key != "GITHUB_TOKEN"
}


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "awesome_lint", "server"], server_env=SERVER_ENV)
)
async def client(lsp_client: LanguageClient) -> Any:
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def registered(params: types.RegistrationParams) -> None:
        lsp_client.registrations = params.registrations  # type: ignore[attr-defined]

    yield
    await lsp_client.shutdown_session()


async def start(
    client: LanguageClient,
    root: Path,
    *,
    pull: bool = False,
    refresh: bool = False,
    encodings: list[str] | None = None,
) -> types.InitializeResult:
    """Initialize as VS Code would (published diagnostics), or as a pulling client."""
    capabilities = client_capabilities("visual-studio-code")
    if pull:
        capabilities.text_document.diagnostic = types.DiagnosticClientCapabilities()  # type: ignore[union-attr]
    if refresh:
        capabilities.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(  # type: ignore[union-attr]
            refresh_support=True
        )
    if encodings is not None:
        capabilities.general = types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind(e) for e in encodings]
        )
    params = types.InitializeParams(capabilities=capabilities, root_uri=root.as_uri(), workspace_folders=[
        types.WorkspaceFolder(uri=root.as_uri(), name=root.name)
    ])
    return await client.initialize_session(params)


def open_document(client: LanguageClient, path: Path, text: str, *, write: bool = True) -> str:
    if write:
        path.write_bytes(text.encode("utf-8"))
    uri = path.as_uri()
    item = types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    return uri


async def published(client: LanguageClient, uri: str, version: int | None = None) -> list[types.Diagnostic]:
    """The next diagnostics published for ``uri`` (for ``version``, when given)."""
    for _ in range(20):
        params = await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 30)
        if params.uri == uri and (version is None or params.version == version):
            return list(params.diagnostics)
    raise AssertionError(f"no diagnostics for {uri}")


async def until(condition: Any, seconds: float = 30) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the server did not get there in time")


def shown(diagnostics: list[types.Diagnostic]) -> list[tuple[int, int, int, int, str | int | None, str]]:
    return [
        (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.code, d.message)
        for d in diagnostics
    ]


def apply(text: str, edit: types.WorkspaceEdit, encoding: str = "utf-16") -> str:
    """``text`` after ``edit``, positions read in ``encoding`` (written here independently of the server)."""
    assert edit.document_changes is not None
    (change,) = edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    return apply_edits(text, list(change.edits), encoding)


def apply_edits(text: str, edits: list[Any], encoding: str = "utf-16") -> str:
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = offset(text, edit.range.start, encoding), offset(text, edit.range.end, encoding)
        text = text[:start] + edit.new_text + text[end:]
    return text


def offset(text: str, position: types.Position, encoding: str) -> int:
    import re

    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    index = starts[position.line]
    count = 0
    while count < position.character:
        char = text[index]
        count += {"utf-8": len(char.encode()), "utf-32": 1}.get(encoding, 2 if ord(char) > 0xFFFF else 1)
        index += 1
    return index


def cli_fix(tmp_path: Path, name: str, text: str, *extra: str) -> str:
    """What ``awesome-lint --fix`` writes for ``text``, in a copy beside the document."""
    copy = tmp_path / "cli" / name
    copy.parent.mkdir(exist_ok=True)
    copy.write_bytes(text.encode("utf-8"))
    subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--fix", "--no-cache", *extra, str(copy)],
        cwd=tmp_path, env=command_env(), capture_output=True, check=False,
    )
    return copy.read_bytes().decode("utf-8")


@pytest.mark.asyncio
async def test_the_handshake_announces_what_the_server_does(client: LanguageClient, tmp_path: Path) -> None:
    result = await start(client, tmp_path)
    capabilities = result.capabilities
    assert result.server_info is not None and result.server_info.name == "awesome-lint"
    assert capabilities.position_encoding == "utf-16"  # nothing offered: the default
    assert capabilities.diagnostic_provider is not None
    assert capabilities.diagnostic_provider.identifier == "awesome-lint"
    assert isinstance(capabilities.code_action_provider, types.CodeActionOptions)
    assert list(capabilities.code_action_provider.code_action_kinds or []) == ["quickfix", "source.fixAll.awesome-lint"]
    assert capabilities.document_formatting_provider
    assert capabilities.text_document_sync is not None


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("offered", "chosen"),
    [(["utf-16", "utf-8"], "utf-8"), (["utf-8", "utf-16", "utf-32"], "utf-32"), (["utf-16"], "utf-16")],
)
async def test_the_position_encoding_is_negotiated(
    client: LanguageClient, tmp_path: Path, offered: list[str], chosen: str
) -> None:
    result = await start(client, tmp_path, encodings=offered)
    assert result.capabilities.position_encoding == chosen


@pytest.mark.asyncio
async def test_diagnostics_on_open_and_after_a_change(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    uri = open_document(client, tmp_path / "README.md", LIST)
    diagnostics = await published(client, uri)
    numbering = [d for d in diagnostics if d.code == "AL101"]
    assert shown(numbering) == [
        (3, 0, 3, 2, "AL101", "[list-numbering] list item number 3 should be 2 (this list counts up from 1)")
    ]
    (diagnostic,) = numbering
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.source == "awesome-lint"
    assert diagnostic.code_description is not None
    assert diagnostic.code_description.href.endswith("docs/rules.md#al101-list-numbering")
    assert diagnostic.data == {"rule": "list-numbering", "fix": "safe"}

    changed = LIST.replace("3. [Beta]", "2. [Beta]").replace("https://beta", "http://beta")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=changed)],
        )
    )
    after = await published(client, uri, version=2)
    assert [d.code for d in after if d.code in ("AL101", "AL202")] == ["AL202"]
    (insecure,) = [d for d in after if d.code == "AL202"]
    assert insecure.message == '[insecure-url] insecure URL "http://beta.example": use https:// (unsafe fix available)'
    assert insecure.data == {"rule": "insecure-url", "fix": "unsafe"}


@pytest.mark.asyncio
async def test_clients_that_pull_get_diagnostics_on_request(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path, pull=True)
    uri = open_document(client, tmp_path / "README.md", LIST)
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert [d.code for d in report.items if d.code == "AL101"] == ["AL101"]


async def actions(
    client: LanguageClient, uri: str, line: int, only: list[str] | None = None
) -> list[types.CodeAction]:
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(line, 0), types.Position(line, 0)),
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )
    return [action for action in found or [] if isinstance(action, types.CodeAction)]


@pytest.mark.asyncio
async def test_a_quick_fix_gives_the_bytes_of_fix(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    text = LIST.replace("\n", "\r\n")  # the line endings are kept, as --fix keeps them
    uri = open_document(client, tmp_path / "README.md", text)
    await published(client, uri)
    offered = await actions(client, uri, 3, ["quickfix"])
    titles = [action.title for action in offered]
    assert titles == [
        "Fix AL101 (list-numbering): list item number 3 should be 2 (this list counts up from 1)",
        "Disable list-numbering for this line",
        "Disable list-numbering with a comment above",
    ]
    fixed = apply(text, offered[0].edit)  # type: ignore[arg-type]
    assert fixed == cli_fix(tmp_path, "README.md", text, "--select", "AL101")
    assert fixed == text.replace("3. [Beta]", "2. [Beta]")


@pytest.mark.asyncio
async def test_fix_all_applies_every_safe_fix_and_no_unsafe_one(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    text = LIST + "5. [Gamma](http://gamma.example) - Third.\n"
    uri = open_document(client, tmp_path / "README.md", text)
    await published(client, uri)
    (fix_all,) = await actions(client, uri, 0, ["source.fixAll.awesome-lint"])
    assert fix_all.title == "Fix all safe problems (awesome-lint)"
    fixed = apply(text, fix_all.edit)  # type: ignore[arg-type]
    assert fixed == cli_fix(tmp_path, "README.md", text)
    assert "http://gamma.example" in fixed and "2. [Beta]" in fixed and "3. [Gamma]" in fixed
    unsafe = [action.title for action in await actions(client, uri, 4, ["quickfix"]) if "(unsafe)" in action.title]
    assert unsafe == [
        "Fix AL202 (insecure-url): the link goes to https://gamma.example instead of http://gamma.example (unsafe)"
    ]


@pytest.mark.asyncio
async def test_formatting_applies_the_safe_fixes(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    uri = open_document(client, tmp_path / "README.md", LIST)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert apply_edits(LIST, list(edits or [])) == cli_fix(tmp_path, "README.md", LIST)


@pytest.mark.asyncio
async def test_a_suppression_comment_silences_the_finding(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    text = "# Awesome Things\n\n- [Alpha](http://alpha.example) - The first.\n- [Beta](http://beta.example) - Two.\n"
    uri = open_document(client, tmp_path / "README.md", text)
    before = await published(client, uri)
    assert [(d.range.start.line, d.code) for d in before if d.code == "AL202"] == [(2, "AL202"), (3, "AL202")]
    steps = ((3, "Disable insecure-url with a comment above", 2), (2, "Disable insecure-url for this line", 3))
    for line, title, version in steps:
        (action,) = [a for a in await actions(client, uri, line, ["quickfix"]) if a.title == title]
        text = apply(text, action.edit)  # type: ignore[arg-type]
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        after = await published(client, uri, version=version)
    assert [d for d in after if d.code in ("AL202", "AL001", "AL002")] == []
    assert text == (
        "# Awesome Things\n\n"
        "- [Alpha](http://alpha.example) - The first. <!-- awesome-lint-disable-line insecure-url -->\n"
        "  <!-- awesome-lint-disable-next-line insecure-url -->\n- [Beta](http://beta.example) - Two.\n"
    )


@pytest.mark.asyncio
async def test_a_configuration_change_is_picked_up(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    uri = open_document(client, tmp_path / "README.md", LIST)
    assert "AL101" in [d.code for d in await published(client, uri)]
    config = tmp_path / "awesome-lint.toml"
    config.write_text('ignore = ["list-numbering"]\n')
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(config.as_uri(), types.FileChangeType.Created)])
    )
    assert "AL101" not in [d.code for d in await published(client, uri)]


@pytest.mark.asyncio
async def test_a_configuration_error_is_shown_never_a_crash(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    config = tmp_path / "awesome-lint.toml"
    config.write_text('selct = ["AL1"]\n')
    uri = open_document(client, tmp_path / "README.md", LIST)
    on_config = await published(client, config.as_uri())
    assert shown(on_config) == [(0, 0, 0, 0, None, "selct: unknown key; did you mean 'select'?")]
    (message,) = client.messages  # shown once, before the diagnostic
    assert message.type == types.MessageType.Error
    assert message.message.startswith("awesome-lint: ") and message.message.endswith(
        "awesome-lint.toml: selct: unknown key; did you mean 'select'?"
    )
    config.write_text('select = ["AL1"]\n')
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(config.as_uri(), types.FileChangeType.Changed)])
    )
    # Two notifications back to back (the configuration's cleared, the document's): read the client's
    # latest diagnostics per document rather than wait for each notification in turn.
    await until(lambda: not client.diagnostics.get(config.as_uri()) and bool(client.diagnostics.get(uri)))
    assert list(client.diagnostics[config.as_uri()]) == []  # the error is gone
    assert {d.code for d in client.diagnostics[uri]} == {"AL101"}


@pytest.mark.asyncio
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
@pytest.mark.parametrize("ending", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
async def test_positions_after_emoji_and_cjk(
    client: LanguageClient, tmp_path: Path, encoding: str, ending: str, bom: str
) -> None:
    await start(client, tmp_path, encodings=[encoding])
    lines = ["# Awesome 😀 Things", "", "- [中文 😀 name](http://cjk.example) - An entry."]
    text = bom + ending.join(lines) + ending
    uri = open_document(client, tmp_path / "README.md", text)
    (insecure,) = [d for d in await published(client, uri) if d.code == "AL202"]
    before = "- [中文 😀 name]("
    width = {"utf-8": len(before.encode()), "utf-16": len(before.encode("utf-16-le")) // 2, "utf-32": len(before)}
    url = len("http://cjk.example")
    assert (insecure.range.start.line, insecure.range.start.character) == (2, width[encoding])
    assert (insecure.range.end.line, insecure.range.end.character) == (2, width[encoding] + url)
    # and the fix lands where the finding is, whatever the encoding
    (fix,) = [a for a in await actions(client, uri, 2, ["quickfix"]) if a.title.startswith("Fix AL202")]
    assert apply(text, fix.edit, encoding) == text.replace("http://cjk", "https://cjk")  # type: ignore[arg-type]


def test_without_pygls_the_command_says_how_to_install_it(tmp_path: Path) -> None:
    blocker = tmp_path / "blocked"
    (blocker / "pygls").mkdir(parents=True)
    (blocker / "pygls" / "__init__.py").write_text("raise ImportError('No module named pygls')\n")
    env = command_env({"PYTHONPATH": f"{blocker}:{command_env()['PYTHONPATH']}"})
    done = subprocess.run([sys.executable, "-m", "awesome_lint", "server"], capture_output=True, text=True, env=env)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "awesome-lint: error: the language server needs pygls: pip install 'awesome-lint[lsp]'\n"


@pytest.mark.asyncio
@pytest.mark.parametrize("configured", [True, False])
async def test_online_rules_run_only_on_save_and_only_when_configured(
    client: LanguageClient, tmp_path: Path, configured: bool
) -> None:
    from onlineutil import FAST, Route, site

    with site({"/gone": Route(404)}) as server:
        (tmp_path / "awesome-lint.toml").write_text(("online = true\n" if configured else "") + FAST)
        await start(client, tmp_path)
        text = f"# Awesome Things\n\n- [Gone]({server.url('/gone')}) - A page that is gone.\n"
        uri = open_document(client, tmp_path / "README.md", text)
        assert "AL501" not in [d.code for d in await published(client, uri)]  # never on open or change
        assert server.seen == []
        client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri=uri)))
        on_save = [d.code for d in await published(client, uri)]
    assert ("AL501" in on_save) == configured
    assert bool(server.seen) == configured


def _rpc(process: subprocess.Popen[bytes], message: dict[str, Any]) -> None:
    import json

    body = json.dumps(message).encode()
    assert process.stdin is not None
    process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    process.stdin.flush()


@pytest.mark.parametrize(("shutdown", "code"), [(True, 0), (False, 1)])
def test_shutdown_then_exit_ends_the_process(tmp_path: Path, shutdown: bool, code: int) -> None:
    """The protocol's rule: exit after shutdown is a clean end (0), exit without it is not (1)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "awesome_lint", "server"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=SERVER_ENV,
    )
    _rpc(process, {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                   "params": {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}})
    _rpc(process, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    if shutdown:
        _rpc(process, {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    _rpc(process, {"jsonrpc": "2.0", "method": "exit", "params": None})
    assert process.wait(timeout=30) == code
    assert process.stdout is not None
    output = process.stdout.read()
    assert b'"id": 1' in output and b'"capabilities"' in output
    assert (b'"id": 2' in output) == shutdown


@pytest.mark.asyncio
async def test_each_folder_has_its_own_configuration(client: LanguageClient, tmp_path: Path) -> None:
    quiet, loud = tmp_path / "quiet", tmp_path / "loud"
    for folder in (quiet, loud):
        folder.mkdir()
    (quiet / "awesome-lint.toml").write_text('ignore = ["list-numbering"]\n')
    await start(client, tmp_path)
    quiet_uri = open_document(client, quiet / "README.md", LIST)
    assert "AL101" not in [d.code for d in await published(client, quiet_uri)]
    loud_uri = open_document(client, loud / "README.md", LIST)
    assert "AL101" in [d.code for d in await published(client, loud_uri)]


def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


@pytest.mark.asyncio
async def test_online_findings_stay_while_editing_where_their_lines_are(
    client: LanguageClient, tmp_path: Path
) -> None:
    from onlineutil import FAST, Route, site

    with site({"/gone": Route(404)}) as server:
        (tmp_path / "awesome-lint.toml").write_text("online = true\n" + FAST)
        await start(client, tmp_path)
        entry = f"- [Gone]({server.url('/gone')}) - A page that is gone."
        text = f"# Awesome Things\n\n{entry}\n"
        uri = open_document(client, tmp_path / "README.md", text)
        await published(client, uri)
        client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri=uri)))
        saved = await published(client, uri)
        assert [(d.code, d.range.start.line) for d in saved if d.code == "AL501"] == [("AL501", 2)]
        sent = len(server.seen)
        change(client, uri, 2, f"# Awesome Things\n\nSome words.\n\n{entry}\n")  # two lines above it
        assert [(d.code, d.range.start.line) for d in await published(client, uri, 2) if d.code == "AL501"] == [
            ("AL501", 4)
        ]
        change(client, uri, 3, "# Awesome Things\n\nSome words.\n\n- [Gone](https://other.example) - Edited.\n")
        assert "AL501" not in [d.code for d in await published(client, uri, 3)]
        assert len(server.seen) == sent  # no request while typing


@pytest.mark.asyncio
async def test_a_pulling_client_is_asked_to_pull_again_after_a_save(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path, pull=True, refresh=True)
    uri = open_document(client, tmp_path / "README.md", LIST)
    before = client.diagnostic_refresh_count
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri=uri)))
    for _ in range(300):
        if client.diagnostic_refresh_count > before:
            break
        await asyncio.sleep(0.05)
    assert client.diagnostic_refresh_count == before + 1


def test_online_without_httpx_lints_offline_and_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from awesome_lint.lsp.linting import lint_text
    from awesome_lint.online import checking

    monkeypatch.setattr(checking, "available", lambda: False)
    (tmp_path / "awesome-lint.toml").write_text("online = true\n")
    path = tmp_path / "README.md"
    path.write_text(LIST)
    outcome = lint_text(str(path), LIST, saved=True)
    assert outcome.error is None
    assert "AL101" in [finding.code for finding in outcome.findings]
    hint = "online checks need httpx: pip install 'awesome-lint[online]'"
    assert outcome.notice == f"{hint}; the online rules did not run"
    assert lint_text(str(path), LIST).notice is None  # a change never runs them, so never needs httpx
