"""Which files a run lints: the paths on the command line, directories walked, the readme found."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase

from .records import Record

DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024
"""Five times the largest list we know (awesome-go, 400 KB). Python's regex engine needs about
500 bytes per ``*`` of a long ``***`` line inside mistune, so a 2 MiB hostile file peaks near 1 GB."""

STDIN = "-"
"""The path argument that means standard input."""

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
"""File name endings linted when walking a directory (compared case-insensitively)."""

SKIPPED_DIRECTORIES = frozenset(
    {".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox", "site-packages"}
)
"""Directories never walked into; hidden directories (a leading ``.``) are skipped too."""

README_NAMES = ("readme.md", "readme.markdown")
"""What a run without paths lints, in order of preference, matched case-insensitively."""


class Target(Record):
    """One input to lint: a file, or standard input when ``path`` is None.

    ``display`` is the path as reported (as typed, or joined to the directory as typed);
    ``walked`` says it was found by walking a directory, rather than named on the command line.
    """

    __slots__ = ("display", "path", "walked")

    def __init__(self, display: str, path: str | None, walked: bool = False) -> None:
        self.display = display
        self.path = path
        self.walked = walked


class Collected(Record):
    """The targets, and ``(path, what is wrong)`` for arguments that yield nothing to lint."""

    __slots__ = ("targets", "errors")
    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(self) -> None:
        self.targets: list[Target] = []
        self.errors: list[tuple[str, str]] = []


def is_markdown(name: str) -> bool:
    return name.lower().endswith(MARKDOWN_SUFFIXES)


def find_readme(directory: str = ".") -> str | None:
    """The readme of ``directory`` (its file name only), in any case, or None."""
    try:
        with os.scandir(directory) as entries:
            names = sorted(entry.name for entry in entries if _is_file(entry))
    except OSError:
        return None
    for wanted in README_NAMES:
        matches = [name for name in names if name.lower() == wanted]
        if matches:
            # On a case-sensitive file system both README.md and readme.md may exist: prefer the usual one.
            usual = "README" + wanted[len("readme") :]
            return usual if usual in matches else matches[0]
    return None


def is_excluded(path: str, patterns: Sequence[str], root: str | None = None) -> bool:
    """Whether ``path`` or one of its folders matches an exclude glob, as in ruff.

    A pattern with a ``/`` is matched against the path relative to ``root`` (the
    folder of the configuration file that gave it; by default the current
    directory); one without, against each component (``vendor``, ``*.draft.md``).
    """
    if not patterns:
        return False
    relative = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
    parts = [part for part in relative.split("/") if part not in ("", ".")]
    for pattern in patterns:
        pattern = pattern.strip().rstrip("/")
        if not pattern:
            continue
        if "/" in pattern:
            pattern = pattern.removeprefix("./")
            if fnmatchcase(relative, pattern) or fnmatchcase(relative, pattern + "/*"):
                return True
        elif any(fnmatchcase(part, pattern) for part in parts):
            return True
    return False


def per_file_match(path: str, pattern: str, root: str | None = None) -> bool:
    """Whether a ``per-file-ignores`` glob covers ``path``: matched against the path relative to
    ``root`` (default: the current directory), or, for a pattern without ``/``, the file name."""
    relative = os.path.relpath(os.path.abspath(path), root or os.getcwd()).replace(os.sep, "/")
    pattern = pattern.removeprefix("./")
    return fnmatchcase(relative, pattern) or ("/" not in pattern and fnmatchcase(relative.rsplit("/", 1)[-1], pattern))


def is_list_file(path: str, patterns: Sequence[str], root: str | None = None) -> bool:
    """Whether ``path`` is an awesome list by the ``list-files`` globs: standard input with no file
    name is; a glob without ``/`` matches the file name in any case (``README.md``, ``readme.md``)."""
    if path == "-":
        return True
    name = os.path.basename(path).lower()
    return any(
        ("/" not in pattern and fnmatchcase(name, pattern.lower())) or per_file_match(path, pattern, root)
        for pattern in patterns
    )


def collect(
    paths: Iterable[str],
    stdin_filename: str | None = None,
    exclude: Sequence[str] = (),
    force_exclude: bool = False,
) -> Collected:
    """Expand the command-line paths into targets, each file once, directories sorted.

    Excluded files are skipped when found by walking a directory, and also when
    named on the command line with ``force_exclude`` (pre-commit names every file).
    """
    out = Collected()
    seen: set[str] = set()

    def add(display: str, path: str | None, walked: bool = False) -> None:
        key = "\0stdin" if path is None else os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            out.targets.append(Target(display, path, walked))

    for arg in paths:
        if arg == STDIN:
            add(stdin_filename if stdin_filename is not None else STDIN, None)
        elif force_exclude and is_excluded(arg, exclude):
            continue
        elif os.path.isdir(arg):
            found, errors = walk_markdown(arg, exclude)
            out.errors.extend(errors)
            if not found and not errors:
                out.errors.append((arg, "no Markdown files found in this directory"))
            for path in found:
                add(os.path.normpath(path), path, walked=True)
        else:
            # Files named explicitly are linted whatever their extension; a missing one is
            # reported by the linter when it tries to read it.
            add(arg, arg)
    return out


def walk_markdown(root: str, exclude: Sequence[str] = ()) -> tuple[list[str], list[tuple[str, str]]]:
    """The Markdown files under ``root``, sorted, and the directories that could not be read.

    Symbolic links to directories are not followed (no cycles); links to files are, and a
    Markdown-named link that cannot be followed is listed, so that linting it says why.
    """
    found: list[str] = []
    errors: list[tuple[str, str]] = []
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as it:
                entries = list(it)
        except OSError as exc:
            errors.append((directory, f"cannot read directory: {exc.strerror or exc}"))
            continue
        for entry in entries:
            path = os.path.join(directory, entry.name)
            if _is_dir(entry):
                if not _skipped(entry.name) and not is_excluded(path, exclude):
                    stack.append(path)
            elif is_markdown(entry.name) and _is_file(entry, unreadable=True) and not is_excluded(path, exclude):
                found.append(path)
    found.sort()
    return found, errors


def _skipped(name: str) -> bool:
    return name.startswith(".") or name in SKIPPED_DIRECTORIES


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str], unreadable: bool = False) -> bool:
    """Whether ``entry`` is a file or a link to one; ``unreadable`` for an entry that cannot be told.

    A link in a loop (``a.md -> b.md -> a.md``) cannot be followed: walking counts it as a
    file, so that reading it reports the loop instead of the file vanishing silently.
    A link to nothing is not a file.
    """
    try:
        return entry.is_file()
    except OSError:
        return unreadable


def read_file(path: str | os.PathLike[str], limit: int) -> bytes | str:
    """The bytes of ``path``, or why they cannot be linted (missing, a folder, too large, unreadable).

    The size is checked on the open file (no race with a rename), and the read stops one
    byte past the limit, so that a 50 MB file, a file that grows while it is read or
    ``/dev/zero`` costs at most the limit in memory.
    """
    try:
        with open(path, "rb") as stream:
            info = os.fstat(stream.fileno())
            regular = stat.S_ISREG(info.st_mode)
            if regular and info.st_size > limit:
                return too_large(info.st_size, limit)
            data = stream.read(limit + 1)
    except FileNotFoundError:
        return "no such file"
    except IsADirectoryError:
        return "is a directory"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"cannot read: symbolic link loop ({exc.strerror})"
        return f"cannot read: {exc.strerror or exc}"
    if len(data) > limit:  # it grew after the check, or it is a pipe or a device
        return too_large(info.st_size if regular and info.st_size > limit else None, limit)
    return data


def too_large(size: int | None, limit: int) -> str:
    what = f"file is {size:,} bytes, above" if size is not None else "file is larger than"
    return f"{what} the {limit:,}-byte limit; raise it with --max-file-size if this really is one Markdown list"
