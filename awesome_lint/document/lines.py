"""Where things are in ``Source.text``: cmark-gfm's line and byte column, cut text and its segments.

Both passes of the document builder read the source through these: cmark-gfm
gives 1-based lines and byte columns, the nodes hold offsets into the decoded
text, and a block's inline content is cut out line by line (container prefixes
removed) with a :class:`SegmentMap` that maps offsets in the cut text back.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from . import cmark
from .nodes import Span

BLANKS = " \t"
_QUOTE_MARKER = re.compile(r"[ \t]*>")

Segment = tuple[int, int]
"""A run of inline source: where it starts in ``Source.text``, and its length (its newline included)."""


class Lines:
    """``Source.text`` by line, and cmark-gfm's byte columns turned into offsets."""

    def __init__(self, text: str, starts: list[int] | None = None) -> None:
        """``starts``: the offset of each line, when the caller has them (``Source`` does)."""
        self.text = text
        if starts is None:
            starts = [0]
            find = text.find
            pos = find("\n")
            while pos >= 0:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
        self.starts = starts
        self.ascii = text.isascii()
        self._encoded: dict[int, bytes] = {}

    def start(self, line: int) -> int:
        """Offset of 1-based ``line``; past the last line, the end of the text."""
        return self.starts[line - 1] if line <= len(self.starts) else len(self.text)

    def end(self, line: int) -> int:
        """Offset of the end of 1-based ``line``'s content (its newline, or the end of the text)."""
        if line < len(self.starts):
            return self.starts[line] - 1
        return len(self.text)

    def line(self, line: int) -> str:
        return self.text[self.start(line) : self.end(line)]

    def offset(self, line: int, column: int) -> int:
        """The offset of 1-based byte ``column`` of 1-based ``line`` (past the end: the line's end)."""
        start, end = self.start(line), self.end(line)
        if column <= 1:
            return start
        text = self.text
        if end - start < column - 1 or self.ascii or text[start:end].isascii():
            return min(start + column - 1, end)
        encoded = self._encoded.get(line)
        if encoded is None:
            encoded = self._encoded[line] = text[start:end].encode("utf-8", "surrogatepass")
        return start + len(encoded[: column - 1].decode("utf-8", "ignore"))

    def last_line(self, block: cmark.Block) -> int:
        """The block's last line: cmark's ``N:0`` means the end of line N - 1."""
        return block.end_line - 1 if block.end_column == 0 and block.end_line > block.start_line else block.end_line

    def content_start(self, line: int, quotes: int) -> int:
        """Where a continuation line's content starts inside ``quotes`` block quotes: after up to that many
        ``>`` markers and the blanks around them (a lazy line has fewer markers, or none)."""
        text, pos, end = self.text, self.start(line), self.end(line)
        for _ in range(quotes):
            marker = _QUOTE_MARKER.match(text, pos, end)
            if marker is None:
                break
            pos = marker.end()
        while pos < end and text[pos] in BLANKS:
            pos += 1
        return pos


    def cut(self, start: int, first: int, last: int, quotes: int) -> tuple[str, list[Segment]]:
        """The text of a block from ``start`` on its first line, then lines ``first``..``last`` with
        their container prefixes removed, joined with newlines; and where each piece came from."""
        text = self.text
        end = self.end(first - 1)
        pieces = [text[start:end]]
        segments = [(start, end - start + 1)]
        for line in range(first, last + 1):
            begin, finish = self.content_start(line, quotes), self.end(line)
            pieces.append(text[begin:finish])
            segments.append((begin, finish - begin + 1))
        return "\n".join(pieces), segments


class SegmentMap:
    """Offsets in an inline source (a block's cut text) to offsets in ``Source.text``."""

    __slots__ = ("segments", "shift", "starts", "_base", "_last")

    def __init__(self, segments: list[Segment], shift: int) -> None:
        self.segments = segments
        self.shift = shift
        starts = []
        total = 0
        for _, length in segments:
            starts.append(total)
            total += length
        self.starts = starts
        # One segment (a one-line paragraph, a heading, a table cell: most inline text) needs no search.
        first, length = segments[0]
        self._base = first + shift if len(segments) == 1 else -1
        self._last = first + length - 1 if length > 0 else first

    def offset(self, offset: int) -> int:
        if self._base >= 0:
            offset += self._base
            return offset if offset <= self._last else self._last  # past the text: its last character
        offset += self.shift
        starts = self.starts
        index = bisect_right(starts, offset) - 1
        start, length = self.segments[index]
        local = offset - starts[index]
        if local >= length:  # past the text: its last character
            local = length - 1 if length > 0 else 0
        return start + local

    def span(self, start: int, end: int) -> Span:
        begin = self.offset(start)
        if end <= start:
            return Span(begin, begin)
        return Span(begin, max(begin, self.offset(end - 1)) + 1)


def marker_at(text: str, pos: int) -> str:
    """The list marker written at ``pos``: ``-``, ``*``, ``+``, or digits and ``.`` or ``)``."""
    end = pos
    while end < len(text) and text[end].isdigit() and end - pos < 10:
        end += 1
    if end > pos and end < len(text) and text[end] in ".)":
        return text[pos : end + 1]
    return text[pos : pos + 1]
