"""Edits applied to the original bytes: conflicts between edits, and the byte map that keeps every untouched byte.

Rules express edits as offsets into ``Source.text``: the decoded text without
BOM and with every line ending turned into ``\\n``. The file on disk may have
a BOM, CRLF or lone CR endings, a mix of them, or no final newline. This
module maps the edits back onto the original bytes so that every byte outside
the edited spans stays exactly as it was.

Conflicts between two edits (in one call of :func:`apply_edits`, or between
fixes in :func:`~awesome_lint.fixes.select.select_fixes`) follow one rule, :func:`edits_conflict`:

* two spans conflict when they share at least one character;
* two insertions (empty spans) conflict when they are at the same offset: the
  order of the inserted texts would be arbitrary;
* an insertion conflicts with a span when it is strictly inside it;
* touching is not a conflict: ``[a, x)`` and ``[x, b)`` both apply, and so do
  an insertion at ``x`` and a span starting or ending at ``x`` (the insertion
  goes before a span starting at ``x``, after a span ending there).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from ..findings import Edit
from ..source import BOM, Source, SourceError

_BOM_BYTES = BOM.encode("utf-8")
_LINE_ENDING = re.compile(rb"\r\n|\r|\n")


class EditError(ValueError):
    """Edits that cannot be applied: overlapping, out of range, or breaking a line ending.

    A bug in whoever made the edits (or, for :func:`select_fixes`, a fix to skip), never a user error.
    """


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


def sorted_checked(edits: Iterable[Edit]) -> list[Edit]:
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
    own ending (CRLF, lone CR, LF, or none at the end), tabs. The k-th ``\\n`` in
    a replacement is written as the ending of the k-th line the edit spans (the
    last one's for more: a list rewritten line for line keeps each line's ending
    where it was; the file's dominant ending for a line that has none, ``\\n`` if
    the file has no line ending at all); a ``\\r\\n`` or ``\\r`` in a replacement
    counts as ``\\n``. Linear in the size of the file plus the edits.

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
    ordered = sorted_checked(edits)
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
            first, last = mapping.line_of(edit.start), mapping.line_of(edit.end)
            endings = [mapping.ending_of_line(line) for line in range(first, max(first, last) + 1)]
            if any(ending != b"\n" for ending in endings):
                parts = encoded.split(b"\n")
                encoded = parts[0] + b"".join(
                    endings[min(index, len(endings) - 1)] + part for index, part in enumerate(parts[1:])
                )
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
