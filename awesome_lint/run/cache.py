"""The result cache: a file's findings, remembered by the bytes and the settings that produced them.

Like ruff's: a warm run on unchanged files reads its answers from disk and never
imports the Markdown parser, ftfy or pydantic. An entry's key is a hash of

* the file's bytes,
* the linter's fingerprint: the rules that run, their options and severities,
  and what per-file-ignores turn off for this path,
* the build: the tool's version and the size and modification time of every
  module of the package (so that an edited checkout never answers from an older
  build's entries).

Entries are JSON, never pickle: the folder sits in the project, where anyone who
can commit can write, and a cache must not be a way to run code. They are
written to a temporary file and renamed into place, so concurrent runs never see
half an entry; an entry that does not read back as expected is ignored and
written again. A cache that cannot be written (a read-only checkout) is simply
not used. Nothing here decides anything: ``--fix`` never reads from the cache.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..config import Settings
    from ..findings import Finding

CACHE_DIR_NAME = ".awesome-lint-cache"
FORMAT = 2
"""Bumped when the layout or the entry format changes."""

MAX_ENTRIES = 4096
"""Entries kept per build; past this, the oldest half is removed when an entry is written."""

CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by awesome-lint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)

try:  # BLAKE2 is built into CPython: no OpenSSL to load, which costs a warm run 4 ms
    from _blake2 import blake2b as _digest
except ImportError:  # pragma: no cover - another Python implementation
    from hashlib import blake2b as _digest

_build_id: str | None = None


def build_id() -> str:
    """The version, and a hash of the size and modification time of every module of the package."""
    global _build_id
    if _build_id is None:
        from .. import __version__

        package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        digest = _digest(digest_size=32)
        stack = [package]
        while stack:
            folder = stack.pop()
            with os.scandir(folder) as entries:
                for entry in sorted(entries, key=lambda entry: entry.name):
                    if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                        stack.append(entry.path)
                    elif entry.name.endswith(".py"):
                        info = entry.stat()
                        digest.update(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
        _build_id = f"{__version__}-{digest.hexdigest()[:16]}"
    return _build_id


class Cache:
    """Entries under ``directory/<build id>/``; every failure to read or write is a miss, never an error."""

    def __init__(self, directory: str, build: str | None = None) -> None:
        self.root = directory
        self.build = build if build is not None else build_id()
        self.folder = os.path.join(directory, f"v{FORMAT}-{self.build}")
        self._ready: bool | None = None
        self.hits = 0
        self.misses = 0
        self.writes = 0

    @staticmethod
    def key(fingerprint: str, data: bytes) -> str:
        digest = _digest(fingerprint.encode("utf-8", "surrogateescape"), digest_size=32)
        digest.update(b"\0")
        digest.update(_digest(data, digest_size=32).digest())
        return digest.hexdigest()

    def _entry(self, key: str) -> str:
        return os.path.join(self.folder, key[:2], key + ".json")

    def get(
        self, key: str, path: str, valid: Callable[[list[tuple[str, str, str]]], bool] | None = None
    ) -> list[Finding] | None:
        """The findings stored under ``key``, reported for ``path``; None on a miss or a bad entry.

        An entry whose findings came from reading other files of the repository is used only
        when ``valid`` says those reads still give the same answers.
        """
        try:
            with open(self._entry(key), "rb") as stream:
                data = json.loads(stream.read())
            findings = _findings(data, key, path)
            reads = [(str(what), str(where), str(answer)) for what, where, answer in data.get("reads", [])]
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            self.misses += 1
            return None
        if reads and (valid is None or not valid(reads)):
            self.misses += 1
            return None
        self.hits += 1
        return findings

    def put(self, key: str, findings: Sequence[Finding], reads: Sequence[tuple[str, str, str]] = ()) -> None:
        content: dict[str, Any] = {"key": key, "findings": [_row(finding) for finding in findings]}
        if reads:
            content["reads"] = [list(read) for read in dict.fromkeys(reads)]
        self._write(key, content)

    def _write(self, key: str, content: dict[str, Any]) -> None:
        if not self._prepare():
            return
        entry = self._entry(key)
        payload = json.dumps(content, ensure_ascii=False)
        import tempfile

        try:
            folder = os.path.dirname(entry)
            os.makedirs(folder, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as stream:
                    stream.write(payload.encode("utf-8", "surrogateescape"))
                os.replace(temporary, entry)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            self._ready = False  # read-only or full: stop trying for this run
            return
        self.writes += 1

    def _prepare(self) -> bool:
        """Create the folder with its CACHEDIR.TAG and .gitignore once; drop other builds' entries."""
        if self._ready is None:
            try:
                os.makedirs(self.folder, exist_ok=True)
                mark_folder(self.root)
                self._ready = True
            except OSError:
                self._ready = False
            else:
                with contextlib.suppress(OSError):
                    self._prune()
        return self._ready

    def _prune(self) -> None:
        """Remove the entries of other builds, and the oldest half of this build's when there are too many."""
        import shutil

        with os.scandir(self.root) as entries:
            stale = [entry.path for entry in entries if entry.is_dir() and entry.path != self.folder]
        for folder in stale:
            if os.path.basename(folder).startswith("v"):
                shutil.rmtree(folder, ignore_errors=True)
        files: list[tuple[float, str]] = []
        with os.scandir(self.folder) as buckets:
            for bucket in buckets:
                if bucket.is_dir():
                    with os.scandir(bucket.path) as entries:
                        files.extend((entry.stat().st_mtime, entry.path) for entry in entries)
        if len(files) > MAX_ENTRIES:
            files.sort()
            for _, path in files[: len(files) // 2]:
                with contextlib.suppress(OSError):
                    os.unlink(path)

    def get_settings(self, path: str, content: bytes) -> Settings | None:
        """The validated settings of configuration file ``path`` holding ``content``, if this build validated them."""
        try:
            key = self.key(f"settings\0{os.path.abspath(path)}", content)
            with open(self._entry(key), "rb") as stream:
                data = json.loads(stream.read())
            if data["key"] != key:
                return None
            return _settings(data["settings"], path)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def put_settings(self, path: str, content: bytes, settings: Settings) -> None:
        key = self.key(f"settings\0{os.path.abspath(path)}", content)
        self._write(key, {"key": key, "settings": _settings_row(settings)})


def mark_folder(root: str) -> None:
    """Give the cache folder its CACHEDIR.TAG (backup tools skip it) and a .gitignore (git does)."""
    os.makedirs(root, exist_ok=True)
    for name, content in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", "# Created by awesome-lint\n*\n")):
        target = os.path.join(root, name)
        if not os.path.exists(target):
            with open(target, "w", encoding="utf-8") as stream:
                stream.write(content)


def _settings_row(settings: Settings) -> dict[str, Any]:
    return {
        "select": settings.select,
        "ignore": settings.ignore,
        "extend_select": settings.extend_select,
        "per_file_ignores": settings.per_file_ignores,
        "exclude": settings.exclude,
        "severity": settings.severity,
        "max_file_size": settings.max_file_size,
        "rules": settings.rules,
        "list_files": settings.list_files,
        "online": settings.online,
        "link_check": settings.link_check,
    }


def _settings(data: dict[str, Any], path: str) -> Settings:
    from ..config import Settings

    rules = data["rules"]
    if not isinstance(rules, dict) or not all(isinstance(values, dict) for values in rules.values()):
        raise TypeError("rule options are not tables")
    return Settings(
        path=path,
        root=os.path.dirname(path),
        select=data["select"],
        ignore=list(data["ignore"]),
        extend_select=list(data["extend_select"]),
        per_file_ignores=dict(data["per_file_ignores"]),
        exclude=list(data["exclude"]),
        severity=dict(data["severity"]),
        max_file_size=data["max_file_size"],
        rules=rules,
        list_files=[str(glob) for glob in data["list_files"]],
        online=bool(data["online"]),
        link_check=dict(data["link_check"]),
    )


def _row(finding: Finding) -> list[Any]:
    fix = None
    if finding.fix is not None:
        fix = [
            finding.fix.applicability.value,
            [[e.start, e.end, e.replacement] for e in finding.fix.edits],
            [[c.kind, c.old, c.new] for c in finding.fix.changes],
            finding.fix.note,
        ]
    return [
        finding.line,
        finding.column,
        finding.end_line,
        finding.end_column,
        finding.code,
        finding.rule,
        finding.severity.value,
        finding.message,
        fix,
        [list(part) for part in finding.parts],
        list(finding.context) if finding.context is not None else None,
    ]


def _findings(data: Any, key: str, path: str) -> list[Finding]:
    from ..findings import Applicability, Change, Edit, Finding, Fix, Severity

    if data["key"] != key:
        raise ValueError("an entry stored under another key")
    out = []
    for line, column, end_line, end_column, code, rule, severity, message, fix, parts, context in data["findings"]:
        repair = None
        if fix is not None:
            applicability, edits, changes, note = fix
            repair = Fix(
                tuple(Edit(int(a), int(b), str(text)) for a, b, text in edits),
                Applicability(applicability),
                tuple(Change(str(kind), str(old), str(new)) for kind, old, new in changes),
                str(note),
            )
        places = tuple((int(a), int(b), int(c), int(d)) for a, b, c, d in parts)
        lines = (int(context[0]), int(context[1])) if context is not None else None
        for number in (line, column, end_line, end_column):
            if not isinstance(number, int):
                raise TypeError("a position is not a number")
        out.append(
            Finding(
                path=path,
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                code=str(code),
                rule=str(rule),
                severity=Severity(severity),
                message=str(message),
                fixable=repair is not None,
                fix=repair,
                parts=places,
                context=lines,
            )
        )
    return out
