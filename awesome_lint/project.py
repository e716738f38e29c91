"""A read-only view of the repository around a linted file, for the rules that need one.

Rules never touch the file system: the repository rules (a contributing guide, a
licence file, links to files that do not exist) ask a :class:`Project` handed to
them, which the engine builds from the disk (:class:`DiskProject`), and which tests
and the editor integration can build from memory (:class:`MemoryProject`).

Every answer a project gives is recorded (:attr:`Project.reads`), because a result
that depends on other files cannot be cached on the file's bytes alone: the result
cache stores the reads with the findings and replays them (:func:`still_valid`)
before it trusts an entry.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Iterable, Mapping

MAX_READ = 1024 * 1024
"""A repository file larger than this is read as its first megabyte: enough for any guide."""

Read = tuple[str, str, str]
"""One recorded answer: (what was asked, of which path, a digest of the answer)."""


class Project:
    """The repository a file belongs to: paths are relative to its root, ``/``-separated.

    ``document`` is the linted file's own path in it. Subclasses answer :meth:`_names` and
    :meth:`_read`; this class normalises paths, keeps paths inside the root, and records.
    """

    def __init__(self, document: str) -> None:
        self.document = document
        self.reads: list[Read] = []
        """Every question a rule asked and a digest of the answer, in order (duplicates kept)."""
        self._listings: dict[str, frozenset[str] | None] = {}

    # -- what rules ask

    def names(self, directory: str = "") -> frozenset[str] | None:
        """The entries of ``directory`` ("" is the root), exactly as spelt; None: not a directory."""
        answer = self._listing(directory)
        self._record("names", directory, "\0".join(sorted(answer)) if answer is not None else None)
        return answer

    def read_text(self, path: str) -> str | None:
        """A file's text (UTF-8, undecodable bytes replaced); None when it is not a file."""
        inside = _inside(path)
        answer = None if inside is None else self._read(inside)
        self._record("read", path, answer)
        return answer

    def kind(self, path: str) -> str | None:
        """``"file"``, ``"dir"`` or None, with the exact spelling of every part of the path
        checked (GitHub's paths are case-sensitive, some file systems are not)."""
        answer = self._kind(path)
        self._record("kind", path, answer)
        return answer

    def respelt(self, path: str) -> str | None:
        """The one existing path that is ``path`` but for letter case; None if none or several."""
        inside = _inside(path)
        found: str | None = "" if inside is not None else None
        for part in (inside or "").split("/") if inside else ():
            names = self._listing(found or "")
            matches = [name for name in names or () if name.casefold() == part.casefold()]
            if len(matches) != 1:
                found = None
                break
            found = posixpath.join(found, matches[0]) if found else matches[0]
        answer = found or None
        self._record("respelt", path, answer)
        return answer

    def find(self, candidates: Iterable[str]) -> str | None:
        """The first of ``candidates`` that is a file, matching names case-insensitively as
        GitHub does for its special files (``CONTRIBUTING.md``, ``.github/contributing.md``)."""
        wanted = tuple(candidates)
        answer = None
        for candidate in wanted:
            parent, name = posixpath.split(candidate)
            for entry in sorted(self._listing(parent) or ()):
                path = posixpath.join(parent, entry)
                if entry.casefold() == name.casefold() and self._listing(path) is None:
                    answer = path
                    break
            if answer is not None:
                break
        self._record("find", "\0".join(wanted), answer)
        return answer

    def replay(self, what: str, path: str) -> str | None:
        """The answer to a recorded question, asked again (for :func:`still_valid`)."""
        if what == "names":
            names = self._listing(path)
            return "\0".join(sorted(names)) if names is not None else None
        if what == "read":
            inside = _inside(path)
            return None if inside is None else self._read(inside)
        if what == "kind":
            return self._kind(path)
        if what == "respelt":
            return self.respelt(path)
        if what == "find":
            return self.find(path.split("\0"))
        raise ValueError(what)

    # -- the machinery

    def _record(self, what: str, path: str, answer: str | None) -> None:
        self.reads.append((what, path, _digest(answer)))

    def _listing(self, directory: str) -> frozenset[str] | None:
        inside = _inside(directory)
        if inside is None:
            return None
        if inside not in self._listings:
            self._listings[inside] = self._names(inside)
        return self._listings[inside]

    def _kind(self, path: str) -> str | None:
        inside = _inside(path)
        if inside is None:
            return None
        if inside == "":
            return "dir"
        parent, name = posixpath.split(inside)
        entries = self._listing(parent)
        if entries is None or name not in entries:
            return None
        return "dir" if self._listing(inside) is not None else "file"

    # -- what subclasses provide

    def _names(self, directory: str) -> frozenset[str] | None:
        raise NotImplementedError

    def _read(self, path: str) -> str | None:
        raise NotImplementedError


def _inside(path: str) -> str | None:
    """``path`` normalised, or None when it leaves the root (``../x``: on GitHub, another page)."""
    normal = posixpath.normpath(path.replace("\\", "/")) if path else "."
    if normal == ".." or normal.startswith(("../", "/")):
        return None
    return "" if normal == "." else normal


def _digest(answer: str | None) -> str:
    if answer is None:
        return "-"
    return hashlib.blake2b(answer.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


class DiskProject(Project):
    """The repository on disk, rooted at ``root``."""

    def __init__(self, root: str, document: str) -> None:
        super().__init__(document)
        self.root = root

    def _full(self, path: str) -> str:
        return os.path.join(self.root, *path.split("/")) if path else self.root

    def _names(self, directory: str) -> frozenset[str] | None:
        try:
            return frozenset(os.listdir(self._full(directory)))
        except OSError:
            return None

    def _read(self, path: str) -> str | None:
        try:
            with open(self._full(path), "rb") as stream:
                return stream.read(MAX_READ).decode("utf-8", "replace")
        except OSError:  # missing, a directory, unreadable: not a file the rules can use
            return None


class MemoryProject(Project):
    """A repository given as its files' texts: for tests and for editors' unsaved buffers."""

    def __init__(self, files: Mapping[str, str], document: str = "README.md") -> None:
        super().__init__(document)
        self.files = dict(files)
        self.directories: dict[str, set[str]] = {"": set()}
        for path in self.files:
            parts = path.split("/")
            for depth in range(len(parts)):
                parent = "/".join(parts[:depth])
                self.directories.setdefault(parent, set()).add(parts[depth])

    def _names(self, directory: str) -> frozenset[str] | None:
        entries = self.directories.get(directory)
        return None if entries is None else frozenset(entries)

    def _read(self, path: str) -> str | None:
        return self.files.get(path)


def repository_root(path: str) -> str | None:
    """The root of the git work tree holding ``path`` (the nearest folder with a ``.git``); None
    outside one: there is no repository for the repository rules to check."""
    probe = os.path.dirname(os.path.abspath(path))
    while True:
        if os.path.exists(os.path.join(probe, ".git")):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            return None
        probe = parent


def disk_project(path: str) -> DiskProject | None:
    """The on-disk repository of the file at ``path``; None when it is in none."""
    root = repository_root(path)
    if root is None:
        return None
    relative = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
    return DiskProject(root, relative)


def still_valid(project: Project, reads: Iterable[Read]) -> bool:
    """Whether ``project`` answers every recorded question as it was answered (a cache entry's check)."""
    for what, path, answer in dict.fromkeys(reads):
        try:
            if _digest(project.replay(what, path)) != answer:
                return False
        except ValueError:  # a question this version does not know
            return False
    return True
