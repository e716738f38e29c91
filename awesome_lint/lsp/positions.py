"""Positions between the linter and the editor.

Findings count lines from 1 and columns from 1 in characters (code points) of the text as
the linter reads it: without a byte order mark, with any line ending. The Language Server
Protocol counts both from 0, columns in the code units of the negotiated encoding (UTF-16
unless the client offers UTF-8 or UTF-32), in the text as the editor holds it, which may
begin with a byte order mark and which ends its lines as the file does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
PREFERENCE = (UTF32, UTF8, UTF16)
"""What we ask for, best first: UTF-32 counts code points, as findings do; UTF-16 is the default."""

_BREAK = re.compile(r"\r\n|\r|\n")


def choose_encoding(offered: Sequence[str] | None) -> str:
    """The encoding to use with a client that offers ``offered`` (None: only UTF-16, the default)."""
    for encoding in PREFERENCE:
        if offered and encoding in offered:
            return encoding
    return UTF16


def units(text: str, encoding: str) -> int:
    """How many code units of ``encoding`` ``text`` takes."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def lines_of(text: str) -> list[str]:
    """The lines of ``text`` without their endings, split where the Language Server Protocol splits
    them: at CRLF, CR and LF (a text ending with a line break has an empty last line)."""
    return _BREAK.split(text)


class Converter:
    """Converts for one text: finding positions and text offsets to protocol positions."""

    def __init__(self, text: str, encoding: str) -> None:
        self.text = text
        self.encoding = encoding
        self.bom = text.startswith("\ufeff")
        self.lines = lines_of(text)
        self.starts = [0] + [match.end() for match in _BREAK.finditer(text)]
        """Where each line starts in ``text``: after each CRLF, CR or LF."""

    def to_protocol(self, line: int, column: int) -> tuple[int, int]:
        """1-based (line, character column) of a finding → 0-based (line, code units)."""
        index = min(max(line - 1, 0), max(len(self.lines) - 1, 0))
        text = self.lines[index] if self.lines else ""
        offset = (1 if self.bom and index == 0 else 0) + max(column - 1, 0)
        return index, units(text[: min(offset, len(text))], self.encoding)

    def end_to_protocol(self, line: int, column: int) -> tuple[int, int]:
        """A finding's end (its last character, inclusive) → the protocol's exclusive end."""
        return self.to_protocol(line, column + 1)

    def position_of(self, offset: int) -> tuple[int, int]:
        """An index into the editor's text → 0-based (line, code units)."""
        from bisect import bisect_right

        line = max(bisect_right(self.starts, offset) - 1, 0)
        start = self.starts[line] if self.starts else 0
        return line, units(self.text[start:offset], self.encoding)
