"""Autofix: apply edits to the original bytes, choose fixes that do not conflict, write files safely.

Rules express edits as offsets into ``Source.text``: the decoded text without
BOM and with every line ending turned into ``\\n``. The file on disk may have
a BOM, CRLF or lone CR endings, a mix of them, or no final newline. This
module maps the edits back onto the original bytes so that every byte outside
the edited spans stays exactly as it was, and writes the result so that a
crash, a kill or a concurrent editor can never leave a truncated or mixed file.

Conflicts between two edits (in one call of :func:`apply_edits`, or between
fixes in :func:`select_fixes`) follow one rule, :func:`edits_conflict`:

* two spans conflict when they share at least one character;
* two insertions (empty spans) conflict when they are at the same offset: the
  order of the inserted texts would be arbitrary;
* an insertion conflicts with a span when it is strictly inside it;
* touching is not a conflict: ``[a, x)`` and ``[x, b)`` both apply, and so do
  an insertion at ``x`` and a span starting or ending at ``x`` (the insertion
  goes before a span starting at ``x``, after a span ending there).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .findings import Applicability, Edit, Fix
from .source import BOM, Source, SourceError

_BOM_BYTES = BOM.encode("utf-8")
_LINE_ENDING = re.compile(rb"\r\n|\r|\n")
_HASH_CHUNK = 1 << 20


class EditError(ValueError):
    """Edits that cannot be applied: overlapping, out of range, or breaking a line ending.

    A bug in whoever made the edits (or, for :func:`select_fixes`, a fix to skip), never a user error.
    """


class FileChangedError(Exception):
    """The file changed on disk after it was read: nothing was written."""


# --------------------------------------------------------------------------- conflicts


def edits_conflict(a: Edit, b: Edit) -> bool:
    """Whether two edits cannot both apply (see the module docstring for the rule)."""
    a_empty, b_empty = a.start == a.end, b.start == b.end
    if a_empty and b_empty:
        return a.start == b.start
    if a_empty:
        return b.start < a.start < b.end
    if b_empty:
        return a.start < b.start < a.end
    return max(a.start, b.start) < min(a.end, b.end)


def _sorted_checked(edits: Iterable[Edit]) -> list[Edit]:
    """The edits sorted by position; raise :class:`EditError` if two conflict."""
    ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
    reach = -1  # the furthest end of a non-empty span so far
    last_insertion = -1
    for edit in ordered:
        if edit.start > edit.end or edit.start < 0:
            raise EditError(f"invalid edit span [{edit.start}, {edit.end})")
        if edit.start == edit.end:
            if edit.start < reach or edit.start == last_insertion:
                raise EditError(f"edits overlap at offset {edit.start}")
            last_insertion = edit.start
        else:
            if edit.start < reach:
                raise EditError(f"edits overlap at offset {edit.start}")
            reach = edit.end
    return ordered


# --------------------------------------------------------------------------- applying edits


class _ByteMap:
    """Maps offsets of ``Source.text`` to offsets in the original bytes, through the line index."""

    def __init__(self, data: bytes, source: Source) -> None:
        self.data = data
        self.text = source.text
        base = len(_BOM_BYTES) if source.has_bom else 0
        starts = [base]  # byte offset where each line starts
        ends = []  # byte offset where each line's ending starts (its content ends)
        for match in _LINE_ENDING.finditer(data, base):
            ends.append(match.start())
            starts.append(match.end())
        ends.append(len(data))
        self.byte_starts = starts
        self.byte_ends = ends
        # The same split as Source's: one "\n" in the text per line ending in the bytes.
        text_starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos >= 0:
            text_starts.append(pos + 1)
            pos = find("\n", pos + 1)
        if len(text_starts) != len(starts):  # pragma: no cover - Source normalises exactly these endings
            raise EditError("the text and the bytes disagree on the number of lines")
        self.text_starts = text_starts
        # Where the previous lookup landed: consecutive offsets on one line encode only the text between them.
        self._cursor_line = -1
        self._cursor_offset = 0
        self._cursor_byte = 0
        self._dominant: bytes | None = None

    def line_of(self, offset: int) -> int:
        """0-based index of the line holding ``offset`` (its ``\\n`` included)."""
        return bisect_right(self.text_starts, offset) - 1

    def byte_offset(self, offset: int) -> int:
        """The byte offset of text ``offset``; called with non-decreasing offsets it is linear overall."""
        line = self.line_of(offset)
        line_start = self.text_starts[line]
        byte_start = self.byte_starts[line]
        content_bytes = self.byte_ends[line] - byte_start
        next_start = self.text_starts[line + 1] if line + 1 < len(self.text_starts) else len(self.text) + 1
        content_chars = next_start - 1 - line_start  # without the "\n"
        column = offset - line_start
        if content_bytes == content_chars or column == 0:  # ASCII line, or its start
            result = byte_start + column
        elif column == content_chars:  # the end of the content: where the ending starts
            result = self.byte_ends[line]
        elif line == self._cursor_line and offset >= self._cursor_offset:
            result = self._cursor_byte + len(self.text[self._cursor_offset : offset].encode("utf-8"))
        else:
            result = byte_start + len(self.text[line_start:offset].encode("utf-8"))
        self._cursor_line, self._cursor_offset, self._cursor_byte = line, offset, result
        data = self.data
        if 0 < result < len(data) and data[result - 1] == 0x0D and data[result] == 0x0A:
            raise EditError(f"offset {offset} would split a CRLF line ending")  # pragma: no cover - by construction
        return result

    def ending_of_line(self, line: int) -> bytes:
        """The line ending of 0-based ``line``, or the file's dominant one if the line has none."""
        if line + 1 < len(self.byte_starts):
            return self.data[self.byte_ends[line] : self.byte_starts[line + 1]]
        return self.dominant_ending()

    def dominant_ending(self) -> bytes:
        """The most frequent line ending; a tie goes to the one seen first; ``\\n`` when there is none."""
        if self._dominant is None:
            counts: dict[bytes, int] = {}
            for line in range(len(self.byte_starts) - 1):
                ending = self.data[self.byte_ends[line] : self.byte_starts[line + 1]]
                counts[ending] = counts.get(ending, 0) + 1
            # max() keeps the first of equal counts, and dicts keep the order of first appearance.
            self._dominant = max(counts, key=counts.__getitem__) if counts else b"\n"
        return self._dominant


def apply_edits(data: bytes, edits: Sequence[Edit]) -> bytes:
    """Apply ``edits`` (offsets into ``Source.from_bytes(data).text``) to the original ``data``.

    Every byte outside the edited spans stays as it was: the BOM, each line's
    own ending (CRLF, lone CR, LF, or none at the end), tabs. A ``\\n`` in a
    replacement is written as the ending of the line where the edit starts
    (the file's dominant ending if that line has none, ``\\n`` if the file has
    no line ending at all); a ``\\r\\n`` or ``\\r`` in a replacement counts as
    ``\\n``. Linear in the size of the file plus the edits.

    Raises :class:`EditError` (a ``ValueError``) when edits conflict
    (:func:`edits_conflict`), fall outside the text, or when the result would
    not read back as the edited text: a lone CR left next to an LF (possible
    only in a file mixing lone CR and LF endings) would fuse into one CRLF
    ending, or a deletion would leave a U+FEFF first, where it reads as a BOM.
    The result is checked by decoding it again, so no other surprise can pass.
    Raises ``SourceError`` when ``data`` is not UTF-8 text.
    """
    if not edits:
        return data
    source = Source.from_bytes(data, "<fix>")
    text = source.text
    ordered = _sorted_checked(edits)
    if ordered[-1].end > len(text):
        raise EditError(f"edit ends at offset {ordered[-1].end}, past the end of the text ({len(text)})")
    mapping = _ByteMap(data, source)
    pieces: list[bytes] = []
    expected: list[str] = []  # the edited text, to check the result reads back as it
    byte_pos = 0
    text_pos = 0
    for edit in ordered:
        byte_start = mapping.byte_offset(edit.start)
        byte_end = mapping.byte_offset(edit.end)
        pieces.append(data[byte_pos:byte_start])
        replacement = edit.replacement
        if "\r" in replacement:
            replacement = replacement.replace("\r\n", "\n").replace("\r", "\n")
        expected.append(text[text_pos : edit.start])
        expected.append(replacement)
        encoded = replacement.encode("utf-8")
        if "\n" in replacement:
            ending = mapping.ending_of_line(mapping.line_of(edit.start))
            if ending != b"\n":
                encoded = encoded.replace(b"\n", ending)
        pieces.append(encoded)
        byte_pos, text_pos = byte_end, edit.end
    pieces.append(data[byte_pos:])
    expected.append(text[text_pos:])
    result = b"".join(pieces)
    try:
        reread = Source.from_bytes(result, "<fixed>").text
    except SourceError as exc:  # a replacement with a NUL character
        raise EditError(f"the edited file would not be text: {exc}") from None
    if reread != "".join(expected):
        raise EditError(
            "the edited bytes would not read back as the edited text: a lone CR would fuse with an LF "
            "into one CRLF line ending, or a U+FEFF would come first and read as a BOM"
        )
    return result


# --------------------------------------------------------------------------- choosing fixes


def _first_edit(fix: Fix) -> tuple[int, int]:
    return min((edit.start, edit.end) for edit in fix.edits)


def select_fixes_with_codes(fixes: Iterable[tuple[str, Fix]], unsafe: bool) -> list[tuple[str, Fix]]:
    """Like :func:`select_fixes`, keeping each accepted fix's rule code."""
    candidates = [(code, fix) for code, fix in fixes if fix.edits]
    # sorted() is stable: equal positions and codes keep the order they were given in.
    candidates.sort(key=lambda pair: (_first_edit(pair[1]), pair[0]))
    accepted: list[tuple[str, Fix]] = []
    taken: list[tuple[int, int]] = []  # the accepted edits' spans, sorted; pairwise free of conflicts
    for code, fix in candidates:
        if fix.applicability is Applicability.UNSAFE and not unsafe:
            continue
        try:
            own = _sorted_checked(fix.edits)
        except EditError:
            continue  # a fix whose own edits conflict cannot be applied
        if any(_conflicts_with_taken(taken, edit) for edit in own):
            continue
        for edit in own:
            taken.insert(bisect_left(taken, (edit.start, edit.end)), (edit.start, edit.end))
        accepted.append((code, fix))
    return accepted


def _conflicts_with_taken(taken: list[tuple[int, int]], edit: Edit) -> bool:
    """Whether ``edit`` conflicts with one of ``taken``.

    ``taken`` is sorted and free of conflicts, so its ends never decrease: only the
    neighbours on either side of where ``edit`` would be inserted can conflict with it.
    """
    index = bisect_left(taken, (edit.start, edit.end))
    for neighbour in taken[max(index - 1, 0) : index + 1]:
        if edits_conflict(Edit(neighbour[0], neighbour[1], ""), edit):
            return True
    return False


def select_fixes(fixes: Iterable[tuple[str, Fix]], unsafe: bool) -> list[Fix]:
    """The fixes to apply together this round, chosen deterministically.

    ``fixes`` are ``(rule code, fix)`` pairs. They are taken in order of their
    first edit (lowest start, then lowest end), ties broken by rule code, then
    by the order given. Unsafe fixes are skipped unless ``unsafe``; a fix is
    skipped if one of its edits conflicts (:func:`edits_conflict`) with an edit
    of a fix already accepted, or if its own edits conflict with each other;
    fixes without edits are skipped. The caller applies the accepted fixes,
    lints again and repeats: skipped fixes get their turn in a later round.
    """
    return [fix for _, fix in select_fixes_with_codes(fixes, unsafe)]


def fix_until_stable(
    data: bytes,
    path: str,
    lint: Callable[[bytes], list[tuple[str, Fix]]],
    unsafe: bool,
    max_rounds: int = 10,
) -> tuple[bytes, list[str], int]:
    """Apply fixes, lint again, repeat until nothing changes, for at most ``max_rounds`` rounds.

    ``lint`` returns the ``(rule code, fix)`` pairs for some bytes. Each round
    applies the fixes :func:`select_fixes` accepts. It stops when no fix
    applies or the bytes stop changing, or after ``max_rounds`` rounds.

    Returns the final bytes, the code of each applied fix (in order, one per
    fix), and the number of rounds that changed the bytes. A count equal to
    ``max_rounds`` means the bound was reached and fixes may not have
    converged (rules undoing each other): the caller's final lint shows what
    is left. When a round's fixes cannot be applied together (:class:`EditError`:
    one of them would, say, fuse a lone CR and an LF into one line ending), the
    fixes that cannot apply even alone are left out and the others applied.
    ``path`` names the file for the caller's benefit; ``lint`` closes over it.
    """
    codes: list[str] = []
    rounds = 0
    while rounds < max_rounds:
        accepted = select_fixes_with_codes(lint(data), unsafe)
        if not accepted:
            break
        try:
            fixed = apply_edits(data, [edit for _, fix in accepted for edit in fix.edits])
        except EditError:
            accepted = [(code, fix) for code, fix in accepted if _applies(data, fix)]
            try:
                fixed = apply_edits(data, [edit for _, fix in accepted for edit in fix.edits])
            except EditError:
                fixed, accepted = _first_applicable(data, accepted)
        if fixed == data:
            break
        data = fixed
        codes.extend(code for code, _ in accepted)
        rounds += 1
    return data, codes, rounds


def _applies(data: bytes, fix: Fix) -> bool:
    try:
        apply_edits(data, fix.edits)
    except EditError:
        return False
    return True


def _first_applicable(data: bytes, accepted: list[tuple[str, Fix]]) -> tuple[bytes, list[tuple[str, Fix]]]:
    for code, fix in accepted:
        try:
            return apply_edits(data, fix.edits), [(code, fix)]
        except EditError:
            continue
    return data, []


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class FileStamp:
    """What a file was when it was read: its size, modification time and content hash."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path, data: bytes) -> FileStamp:
        """Stamp ``path`` (following symlinks), just read as ``data``.

        Take it right after reading: if the file changed in between, the size or
        hash will not match the file any more and :func:`write_atomic` refuses.
        """
        info = os.stat(path)
        return cls(size=info.st_size, mtime_ns=info.st_mtime_ns, sha256=hashlib.sha256(data).hexdigest())


def _changed(path: Path) -> FileChangedError:
    return FileChangedError(
        f"{path}: the file changed on disk while it was being fixed; nothing was written; run again"
    )


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_HASH_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_atomic(path: Path, data: bytes, expected: FileStamp) -> None:
    """Replace the content of ``path`` with ``data``, all at once, if the file is still as read.

    Before writing, the file is stat-ed and hashed again: if its size,
    modification time or content differ from ``expected``, raise
    :class:`FileChangedError` and write nothing. The data goes to a temporary
    file next to the target, is flushed and fsync-ed, gets the target's
    permission bits (and, best effort, its owner and group), then replaces the
    target with ``os.replace``; the directory is fsync-ed (best effort). A
    reader, a crash or a kill at any moment sees either the old or the new
    content, never a mix. On any failure the temporary file is removed and the
    error re-raised; a kill can leave a ``.NAME.*.tmp`` file behind, never a
    damaged target. A symlink is followed: its target is rewritten and the link
    kept. If ``data`` is what the file already holds, nothing is written.

    The size, modification time and inode are checked once more right before
    the replacement. Not covered: a change in the microseconds between that
    check and the replacement, or one that keeps size and modification time
    while the temporary file is written; hard links (the path gets a new
    inode, other names keep the old content); extended attributes and ACLs.
    """
    try:
        target = path.resolve(strict=True)
        info = os.stat(target)
        if (info.st_size, info.st_mtime_ns) != (expected.size, expected.mtime_ns) or _hash_file(
            target
        ) != expected.sha256:
            raise _changed(path)
    except FileNotFoundError:
        raise _changed(path) from None
    if hashlib.sha256(data).hexdigest() == expected.sha256:
        return
    directory = target.parent
    fd, temporary = tempfile.mkstemp(dir=directory, prefix="." + target.name + ".", suffix=".tmp")
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
            if hasattr(os, "fchown") and (info.st_uid, info.st_gid) != _owner(fd):
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.fchown(fd, info.st_uid, info.st_gid)
        finally:
            os.close(fd)
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        # Writing and syncing took a while: look again (cheaply) right before the switch.
        try:
            now = os.stat(target)
        except FileNotFoundError:
            raise _changed(path) from None
        if (now.st_size, now.st_mtime_ns, now.st_ino) != (info.st_size, info.st_mtime_ns, info.st_ino):
            raise _changed(path)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_directory(directory)


def _owner(fd: int) -> tuple[int, int]:
    info = os.fstat(fd)
    return info.st_uid, info.st_gid


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable (POSIX); best effort, and a no-op where directories cannot be opened."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
