"""Run rules over documents: selection, isolation of failures, ordering."""

from __future__ import annotations

import errno
import gc
import os
import stat
import traceback
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .document import parse_document
from .findings import Finding, Severity
from .rules import Rule, all_rules, resolve
from .source import Source, SourceError, decode
from .suppressions import apply_suppressions

INTERNAL_ERROR_CODE = "AL000"
INTERNAL_ERROR_NAME = "internal-error"
DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024
"""Five times the largest list we know (awesome-go, 400 KB)."""
BYTES_PER_UNIT = 2500
"""Peak memory of linting, per line or markup character (see ``markup_units``): real lists
measure 1.2 to 2.6 KB, so memory follows the count of these far more than the file's size."""
MIN_BYTES_PER_UNIT = 10
"""Below this many bytes per unit a large file is refused. Real lists have 22 to 68."""
UNITS_PER_LIMIT = 20
"""A file may have up to ``max_file_size // UNITS_PER_LIMIT`` units whatever its density."""


class SelectionError(ValueError):
    """A --select or --ignore entry that names no rule."""


def select_rules(select: Sequence[str] | None = None, ignore: Sequence[str] = ()) -> list[type[Rule]]:
    """The rules to run: ``select`` (default all) minus ``ignore``, by code, code prefix or name."""
    chosen: dict[str, type[Rule]] = {}
    for selector in select if select is not None else ["ALL"]:
        chosen.update((rule.code, rule) for rule in _resolve(selector))
    for selector in ignore:
        for rule in _resolve(selector):
            chosen.pop(rule.code, None)
    return [chosen[code] for code in sorted(chosen)]


def _resolve(selector: str) -> list[type[Rule]]:
    try:
        return resolve(selector)
    except KeyError:
        known = ", ".join(f"{rule.code} ({rule.name})" for rule in all_rules())
        raise SelectionError(f"unknown rule selector {selector!r}; known rules: {known}") from None


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    source: Source | None = None
    error: str | None = None
    """Why the file could not be linted (shown to the user, exit code 2)."""
    fixed: list[str] = field(default_factory=list)
    """Codes of the findings that --fix repaired, one per fix."""
    diff: str = ""
    """With --diff: what --fix would change, as a unified diff."""

    @property
    def internal_error(self) -> bool:
        return any(finding.code == INTERNAL_ERROR_CODE for finding in self.findings)


class Linter:
    """Lints files with one set of rules and settings.

    ``options`` maps a rule name to its options; ``severities`` a rule code to the
    severity that replaces its default; ``per_file_ignores`` pairs a glob (relative
    to ``root``, or a bare file name) with the codes not reported for matching files.
    """

    def __init__(
        self,
        rules: Iterable[type[Rule]] | None = None,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        *,
        options: Mapping[str, Any] | None = None,
        severities: Mapping[str, Severity] | None = None,
        per_file_ignores: Sequence[tuple[str, frozenset[str]]] = (),
        root: str | None = None,
    ):
        options = options or {}
        self.rules = [rule(options.get(rule.name)) for rule in (all_rules() if rules is None else rules)]
        self.max_file_size = max_file_size
        self.severities = dict(severities or {})
        self.per_file_ignores = list(per_file_ignores)
        self.root = root

    def _ignored_codes(self, path: str) -> frozenset[str]:
        """Codes that per-file-ignores turn off for ``path``."""
        if not self.per_file_ignores or path == "-":
            return frozenset()
        from fnmatch import fnmatchcase

        relative = os.path.relpath(os.path.abspath(path), self.root or os.getcwd()).replace(os.sep, "/")
        name = relative.rsplit("/", 1)[-1]
        codes: set[str] = set()
        for pattern, ignored in self.per_file_ignores:
            pattern = pattern.removeprefix("./")
            if fnmatchcase(relative, pattern) or ("/" not in pattern and fnmatchcase(name, pattern)):
                codes |= ignored
        return frozenset(codes)

    def lint_text(self, text: str, path: str = "<string>") -> FileResult:
        return self.lint_source(Source.from_text(text, path))

    def lint_bytes(self, data: bytes, path: str) -> FileResult:
        if len(data) > self.max_file_size:
            return FileResult(path, error=_too_large(len(data), self.max_file_size))
        try:
            text = decode(data)
        except SourceError as exc:
            return FileResult(path, error=str(exc))
        # Each line, link or code span costs kilobytes of parser tokens and positions: 2 MiB
        # of `#` lines would take 2.4 GB. Refuse what no list looks like before parsing it.
        units = markup_units(data)
        if units > self.max_file_size // UNITS_PER_LIMIT and len(data) < units * MIN_BYTES_PER_UNIT:
            return FileResult(path, error=_too_dense(len(data), units, self.max_file_size))
        return self.lint_source(Source.from_text(text, path))

    def lint_file(self, path: Path, display: str | None = None) -> FileResult:
        shown = display if display is not None else str(path)
        try:
            data = _read_at_most(path, self.max_file_size)
        except _TooLarge as exc:
            return FileResult(shown, error=_too_large(exc.size, self.max_file_size))
        except FileNotFoundError:
            return FileResult(shown, error="no such file")
        except IsADirectoryError:
            return FileResult(shown, error="is a directory")
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return FileResult(shown, error=f"cannot read: symbolic link loop ({exc.strerror})")
            return FileResult(shown, error=f"cannot read: {exc.strerror or exc}")
        return self.lint_bytes(data, shown)

    def lint_source(self, source: Source) -> FileResult:
        with _no_cyclic_gc():
            return self._lint_source(source)

    def _lint_source(self, source: Source) -> FileResult:
        result = FileResult(source.path, source=source)
        try:
            document = parse_document(source)
        except Exception as exc:  # a parser bug must not take down the run
            result.findings.append(_internal_error(source.path, "the Markdown parser", exc))
            return result
        ignored = self._ignored_codes(source.path)
        for rule in self.rules:
            if rule.code in ignored:
                continue
            severity = self.severities.get(rule.code, rule.severity)
            try:
                for violation in rule.check(document):
                    result.findings.append(
                        Finding.at(
                            document, violation.span, rule.code, rule.name, severity, violation.message, violation.fix
                        )
                    )
            except Exception as exc:  # one failing rule must not take down the others
                result.findings.append(_internal_error(source.path, f"rule {rule.code} ({rule.name})", exc))
        # --- suppression comments (awesome_lint.suppressions): drop silenced findings, add AL001/AL002
        try:
            active = {rule.code for rule in self.rules if rule.code not in ignored}
            result.findings = apply_suppressions(document, result.findings, active, self.severities)
        except Exception as exc:  # a bug there must not take down the run
            result.findings.append(_internal_error(source.path, "the suppression comments", exc))
        # --- end of suppression comments
        result.findings.sort(key=Finding.sort_key)
        return result


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cycle collector while one file is linted.

    Parsing allocates hundreds of thousands of small dicts and lists, which keeps
    triggering collections that find nothing: a quarter of the time on awesome-go.
    The collector runs again between files, so cycles do not pile up.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _TooLarge(Exception):
    def __init__(self, size: int | None) -> None:
        super().__init__(size)
        self.size = size
        """The file's size, or None when it cannot be known (a pipe, a device, a growing file)."""


def _read_at_most(path: Path, limit: int) -> bytes:
    """The file's bytes, never more than ``limit`` of them read.

    The size is checked on the open file (no race with a rename), and the read stops
    one byte past the limit, so that a 50 MB file, a file that grows while it is read
    or ``/dev/zero`` costs at most the limit in memory.
    """
    with open(path, "rb") as stream:
        info = os.fstat(stream.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise _TooLarge(info.st_size)
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise _TooLarge(info.st_size if stat.S_ISREG(info.st_mode) and info.st_size > limit else None)
    return data


def markup_units(data: bytes) -> int:
    """Lines plus the characters that start inline tokens (``[``, ``<``, backticks; ``|`` at half).

    The parser's memory follows this count: each line becomes at least one token, often a
    list item with its own state, and each of these characters may start a link, HTML or
    code. Counting takes a few milliseconds per megabyte.
    """
    count = data.count
    lines = count(b"\n") + count(b"\r") - count(b"\r\n") + (not data.endswith((b"\n", b"\r")))
    return lines + count(b"[") + count(b"<") + count(b"`") + count(b"|") // 2


def _too_dense(size: int, units: int, limit: int) -> str:
    megabytes = units * BYTES_PER_UNIT // 1_000_000
    return (
        f"too dense to lint: {units:,} lines and markup characters ([ < ` |) in {size:,} bytes, one every "
        f"{size / units:.1f} bytes (lists have one every 20 or more); parsing would take about {megabytes:,} MB "
        f"of memory. More than {limit // UNITS_PER_LIMIT:,} at under {MIN_BYTES_PER_UNIT} bytes each is refused; "
        "raise --max-file-size if this really is one Markdown list"
    )


def _too_large(size: int | None, limit: int) -> str:
    what = f"file is {size:,} bytes, above" if size is not None else "file is larger than"
    return f"{what} the {limit:,}-byte limit; raise it with --max-file-size if this really is one Markdown list"


def _internal_error(path: str, where: str, exc: Exception) -> Finding:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    location = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    return Finding(
        path=path,
        line=1,
        column=1,
        end_line=1,
        end_column=1,
        code=INTERNAL_ERROR_CODE,
        rule=INTERNAL_ERROR_NAME,
        severity=Severity.ERROR,
        message=f"internal error in {where}: {type(exc).__name__}: {exc}{location}; please report this",
    )
