"""Bytes to text, and text offsets to the line and column a user sees.

Everything downstream works on one normalised string (no BOM, ``\\n`` line
endings) so that offsets, lines and columns agree in every rule and every
output format. The parser sees ``Source.markdown``, the same text with YAML
front matter blanked; rules that read raw lines skip ``front_matter_lines``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

BOM = "\ufeff"

# A closing fence of YAML front matter may be `---` or `...` (YAML's document end).
_FRONT_MATTER_OPEN = re.compile(r"---[ \t]*")
_FRONT_MATTER_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*")


class SourceError(Exception):
    """Input that cannot be linted; the message is shown to the user as is."""


@dataclass(frozen=True)
class Position:
    """A 1-based line and a 1-based column counted in Unicode code points."""

    line: int
    column: int


@dataclass
class Source:
    """One decoded file and its line index."""

    path: str
    text: str
    """The decoded text: BOM removed, every line ending turned into ``\\n``."""
    has_bom: bool = False
    front_matter_lines: int = 0
    """How many lines at the top are YAML front matter (0 when there is none)."""
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._line_starts = starts

    @classmethod
    def from_text(cls, text: str, path: str = "<string>") -> Source:
        has_bom = text.startswith(BOM)
        if has_bom:
            text = text[1:]
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return cls(path=path, text=text, has_bom=has_bom, front_matter_lines=_front_matter_lines(text))

    @classmethod
    def from_bytes(cls, data: bytes, path: str) -> Source:
        return cls.from_text(decode(data), path)

    @property
    def line_count(self) -> int:
        starts = self._line_starts
        # A final newline does not open another line.
        return len(starts) - 1 if starts[-1] == len(self.text) and len(starts) > 1 else len(starts)

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``; past the last line, the end of the text."""
        return self._line_starts[line - 1] if line <= len(self._line_starts) else len(self.text)

    def line_text(self, line: int) -> str:
        """The text of 1-based ``line`` without its line ending."""
        start = self._line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end < 0 else self.text[start:end]

    def position(self, offset: int) -> Position:
        """The line and column of the character at ``offset``."""
        index = bisect_right(self._line_starts, offset) - 1
        return Position(index + 1, offset - self._line_starts[index] + 1)

    def offset(self, line: int, column: int) -> int:
        return self._line_starts[line - 1] + column - 1

    @property
    def markdown(self) -> str:
        """The text the Markdown parser sees: front matter lines blanked, not removed."""
        if not self.front_matter_lines:
            return self.text
        end = self._line_starts[self.front_matter_lines] if self.front_matter_lines < len(
            self._line_starts
        ) else len(self.text)
        return "\n" * self.front_matter_lines + self.text[end:]


def _front_matter_lines(text: str) -> int:
    """Lines taken by a YAML front matter block at the very top, or 0.

    Unterminated front matter is not front matter: GitHub renders it as Markdown too.
    """
    if not text.startswith("---"):
        return 0
    first_end = text.find("\n")
    if first_end < 0 or not _FRONT_MATTER_OPEN.fullmatch(text, 0, first_end):
        return 0
    pos, line = first_end + 1, 1
    while pos < len(text):
        end = text.find("\n", pos)
        stop = len(text) if end < 0 else end
        line += 1
        if _FRONT_MATTER_CLOSE.fullmatch(text, pos, stop):
            return line
        if end < 0:
            break
        pos = end + 1
    return 0


def decode(data: bytes) -> str:
    """Decode UTF-8, or say precisely why the bytes are not a text file we can lint."""
    if b"\x00" in data[:8192]:
        raise SourceError("binary file (it contains NUL bytes), not Markdown")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = data[: exc.start]
        line = head.count(b"\n") + 1
        line_start = head.rfind(b"\n") + 1
        column = len(head[line_start:].decode("utf-8", errors="replace")) + 1
        raise SourceError(
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at line {line}, column {column} "
            f"(byte offset {exc.start}); save the file as UTF-8"
        ) from None
