"""Typed, positioned nodes: all a rule ever sees of the Markdown.

Every span is a half-open range of offsets into ``Source.text`` (the decoded,
``\\n``-normalised text). Offsets, not line/column pairs, so that rules can
slice text and fixes can edit it; ``Document.span_positions`` turns a span
into the 1-based line/column range that users see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def __contains__(self, offset: object) -> bool:
        return isinstance(offset, int) and self.start <= offset < self.end

    def covers(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


class LinkKind(str, Enum):
    INLINE = "inline"
    """``[text](url)``"""
    REFERENCE = "reference"
    """``[text][label]``, ``[label][]`` or ``[label]``: the URL lives in a definition."""
    AUTOLINK = "autolink"
    """``<https://example.com>``"""
    BARE = "bare"
    """A bare ``https://example.com`` in text (GFM extended autolink)."""


@dataclass(slots=True)
class Link:
    kind: LinkKind
    url: str
    """The destination as written in the source (escapes and entities kept)."""
    url_span: Span
    """Where ``url`` is written: for a reference link, inside its definition."""
    span: Span
    """The whole link or image, brackets included."""
    text: str
    """The plain text of the label (or alt text)."""
    text_span: Span | None = None
    """The label between the brackets, when there are brackets."""
    image: bool = False
    definition: RefDefinition | None = None
    parent: Link | None = None
    """The link whose label holds this one (an image inside a badge link)."""


@dataclass(slots=True)
class RefDefinition:
    label: str
    url: str
    url_span: Span
    span: Span
    used: bool = False
    """False for a later definition of the same label, which CommonMark ignores."""


@dataclass(slots=True)
class Heading:
    level: int
    text: str
    """The raw heading text, closing ``#`` sequence removed."""
    span: Span
    """The whole heading line(s)."""
    marker_span: Span | None
    """The opening ``#`` run of an ATX heading; None for a setext heading."""
    links: list[Link] = field(default_factory=list)

    @property
    def atx(self) -> bool:
        return self.marker_span is not None


@dataclass(slots=True)
class Paragraph:
    """A paragraph, or the text of a tight list item."""

    span: Span
    links: list[Link] = field(default_factory=list)
    lead: str = ""
    """The literal text before the first link, when that text is only markup or blanks."""
    starts_with_link: bool = False


@dataclass(slots=True)
class ListItem:
    marker: str
    """The literal marker: ``-``, ``*``, ``+``, or a number and its delimiter such as ``05.``."""
    marker_span: Span
    content_column: int
    """0-based column (in the marker's source line) where the item's content starts."""
    blocks: list[Block] = field(default_factory=list)
    end_line_offset: int = 0
    """Offset just past the item's last line."""

    @property
    def number(self) -> int | None:
        return int(self.marker[:-1]) if self.marker[:1].isdigit() else None

    @property
    def first_paragraph(self) -> Paragraph | None:
        first = self.blocks[0] if self.blocks else None
        return first if isinstance(first, Paragraph) else None

    @property
    def main_link(self) -> Link | None:
        """The link the item starts with: what the entry lists."""
        paragraph = self.first_paragraph
        if paragraph is None or not paragraph.starts_with_link:
            return None
        return paragraph.links[0]


@dataclass(slots=True)
class ListBlock:
    ordered: bool
    delimiter: str
    """``.`` or ``)`` for ordered lists, the bullet character otherwise."""
    items: list[ListItem] = field(default_factory=list)
    depth: int = 0
    """How many lists and block quotes enclose this one."""


@dataclass(slots=True)
class TableRow:
    span: Span
    header: bool
    links: list[Link] = field(default_factory=list)

    @property
    def main_link(self) -> Link | None:
        return self.links[0] if self.links else None


@dataclass(slots=True)
class Table:
    rows: list[TableRow] = field(default_factory=list)


@dataclass(slots=True)
class BlockQuote:
    blocks: list[Block] = field(default_factory=list)


class CodeKind(str, Enum):
    SPAN = "span"
    FENCED = "fenced"
    INDENTED = "indented"


@dataclass(frozen=True, slots=True)
class Code:
    kind: CodeKind
    span: Span


@dataclass(frozen=True, slots=True)
class Html:
    block: bool
    text: str
    span: Span


Block = Paragraph | Heading | ListBlock | Table | BlockQuote | Code | Html
