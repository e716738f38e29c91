"""Bytes to text, and text offsets to the line and column a user sees.

Everything downstream works on one normalised string (no BOM, ``\\n`` line
endings) so that offsets, lines and columns agree in every rule and every
output format. The parser sees ``Source.markdown``, the same text with YAML
front matter blanked; rules that read raw lines skip ``front_matter_lines``.
"""

from __future__ import annotations

import codecs
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

    @property
    def line_starts(self) -> list[int]:
        """The offset where each line starts (do not modify)."""
        return self._line_starts

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
    """Decode UTF-8, or say precisely why the bytes are not a text file we can lint.

    Every check is linear and cheap (a BOM, a NUL search, one decode), so that a bad file
    costs no more than a good one.
    """
    wide = _wide_encoding(data)
    if wide is not None:
        raise SourceError(f"{wide}, not UTF-8; save the file as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _line_column(data, nul)
        raise SourceError(f"not a text file: NUL byte at line {line}, column {column} (byte offset {nul})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column(data, exc.start)
        raise SourceError(
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at line {line}, column {column} "
            f"(byte offset {exc.start}){_single_byte_hint(data, exc.start)}; save the file as UTF-8"
        ) from None


def _line_column(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column of byte ``offset`` as the linter counts them elsewhere.

    CRLF, CR and LF each end a line; columns count code points (undecodable bytes one each).
    """
    line = data.count(b"\n", 0, offset) + data.count(b"\r", 0, offset) - data.count(b"\r\n", 0, offset) + 1
    line_start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


# UTF-32 first: its little-endian BOM starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32 (little-endian"),
    (codecs.BOM_UTF32_BE, "UTF-32 (big-endian"),
    (codecs.BOM_UTF16_LE, "UTF-16 (little-endian"),
    (codecs.BOM_UTF16_BE, "UTF-16 (big-endian"),
)
_SAMPLE = 4096
"""Bytes looked at to recognise UTF-16 without a byte order mark."""
_MIN_SAMPLE = 16
"""Fewer bytes than this (eight UTF-16 code units) are too few to tell UTF-16 from chance."""


def _wide_encoding(data: bytes) -> str | None:
    """What the file is when its bytes are UTF-16 or UTF-32 text (for the message), else None.

    With a byte order mark the encoding is certain (those bytes are never UTF-8). Without
    one, UTF-16 is recognised only in the shape that mostly-ASCII text takes, which binary
    data practically never has: in the first 4 KiB (16 bytes at least), three quarters or
    more of the bytes at odd offsets (little-endian) or even offsets (big-endian) are NUL,
    no byte on the other side is, and the sample decodes as UTF-16. Anything else with a
    NUL is reported as not a text file; UTF-32 without a byte order mark is among those.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return f"the file is {name}, with a byte order mark)"
    sample = data[: min(len(data), _SAMPLE) // 2 * 2]
    if len(sample) < _MIN_SAMPLE:
        return None
    even, odd = sample[0::2], sample[1::2]
    for codec, name, zeros, other in (
        ("utf-16-le", "little-endian", odd, even),
        ("utf-16-be", "big-endian", even, odd),
    ):
        if b"\x00" not in other and zeros.count(0) * 4 >= len(zeros) * 3:
            try:
                codecs.getincrementaldecoder(codec)().decode(sample, final=False)
            except UnicodeDecodeError:
                continue
            return f"the file looks like UTF-16 ({name}, without a byte order mark: every other byte is NUL)"
    return None


# Letters and the punctuation Western European text uses, as Windows-1252 decodes them.
# 0xff ("ÿ") is left out: a lone 0xff is far more often filler in binary data than text.
_WESTERN_PUNCTUATION = frozenset("\xa0¡¢£¥§©«®°±²³´µ¶·¹º»¼½¾¿×÷‚„…†‡‰‹›‘’“”•–—™€")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{4,}")


def _single_byte_hint(data: bytes, offset: int) -> str:
    """``; it looks like Latin-1 or Windows-1252 ...`` when the bytes read as Western text.

    Windows-1252 decodes almost any bytes, so decoding alone proves nothing. Latin text
    has its accented letters alone or in pairs inside ASCII words; the multi-byte
    encodings (Shift-JIS, GBK) and other single-byte alphabets (Cyrillic, Greek) put
    runs of four or more high bytes somewhere in any real text, and those get no hint.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are undefined there
        return ""
    if _NON_ASCII_RUN.search(text):
        return ""
    non_ascii = {char for char in set(text) if char >= "\x80"}
    if "ÿ" in non_ascii or not all(char.isalpha() or char in _WESTERN_PUNCTUATION for char in non_ascii):
        return ""
    return f'; it looks like Latin-1 or Windows-1252, in which 0x{data[offset]:02x} is "{text[offset]}"'
