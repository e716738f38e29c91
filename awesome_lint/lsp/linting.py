"""The server's view of the run layer: lint or fix an editor's text as the command line would.

A document that exists on disk is linted as that file with the editor's bytes in its place
(its configuration, its repository, the result cache: all the file's); one that does not
(an unsaved new file) as standard input named after it. Online rules run only when the
document is saved and the configuration asks for them (``online = true``); never on a
keystroke.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..findings import Finding


@dataclass
class Outcome:
    """One lint of one text: its findings, or why there are none (a configuration error)."""

    text: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    """A problem that stopped the run (a bad configuration): shown to the user, never raised."""
    config: str | None = None
    """The configuration file the error is in, when there is one."""
    fixed: str | None = None
    """With ``fix``: the text with every safe fix applied."""
    notice: str | None = None
    """Something the user should know that stopped nothing (online checks that need httpx)."""


def lint_text(
    path: str | None, text: str, *, saved: bool = False, fix: bool = False, typing: bool = False
) -> Outcome:
    """Lint (or fix) the editor's ``text`` of the file at ``path`` (None: an untitled document).

    ``typing``: a text being edited, which is neither looked up in nor written to the result cache
    (an entry per keystroke would fill it for nothing); an opened or saved text is.
    """
    from ..online.checking import INSTALL_HINT as ONLINE_HINT
    from ..run import RunError, RunOptions, run

    data = text.encode("utf-8", "surrogatepass")
    online = None if saved else False  # the configuration's choice, on save only
    real = path is not None and os.path.isfile(path)
    options = RunOptions(
        jobs=1,
        fix=fix,
        online=online,
        force_exclude=True,
        stdin_filename=None if real else (path or "untitled.md"),
        cache=not typing,
        cache_dir=_cache_dir(path),
    )
    try:
        if real:
            assert path is not None
            result = run([path], options, buffers={os.path.abspath(path): data})
        else:
            result = run([], options, stdin=lambda limit: data[: limit + 1])
    except RunError as exc:
        if saved and str(exc) == ONLINE_HINT:  # online = true without httpx: lint offline, and say why
            offline = lint_text(path, text, fix=fix, typing=typing)
            offline.notice = f"{exc}; the online rules did not run"
            return offline
        return Outcome(text, error=str(exc), config=_config_of(path))
    outcome = Outcome(text)
    for file_result in result.results:
        if file_result.error is not None:
            outcome.error = f"{file_result.path}: {file_result.error}"
        outcome.findings += file_result.findings
        if file_result.fixed_data is not None:
            outcome.fixed = file_result.fixed_data.decode("utf-8", "surrogatepass")
    return outcome


def _cache_dir(path: str | None) -> str | None:
    """The result cache of the project the file is in: beside its configuration, as on the command line."""
    if path is None:
        return None
    from ..config import find_config
    from ..run.cache import CACHE_DIR_NAME

    config = find_config(os.path.dirname(os.path.abspath(path)))
    root = os.path.dirname(config) if config is not None else os.path.dirname(os.path.abspath(path))
    return os.path.join(root, CACHE_DIR_NAME)


def _config_of(path: str | None) -> str | None:
    from ..config import ConfigError, find_config

    folder = os.path.dirname(os.path.abspath(path)) if path is not None else os.getcwd()
    try:
        return find_config(folder)
    except ConfigError:
        return None
