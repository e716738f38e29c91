"""Typed, positioned nodes: all a rule ever sees of the Markdown.

Every span is a half-open range of offsets into ``Source.text`` (the decoded,
``\\n``-normalised text). Offsets, not line/column pairs, so that rules can
slice text and fixes can edit it; ``Document.span_positions`` turns a span
into the 1-based line/column range that users see.

The classes are written out on :class:`~awesome_lint.records.Record` rather than as
dataclasses: a list has hundreds of thousands of spans, and a frozen dataclass takes
three times as long to build one (and the module a few milliseconds to import).
"""

from __future__ import annotations

from enum import Enum

from ..records import Record


class Span:
    """Immutable by convention: hashable, and shared between nodes."""

    __slots__ = ("start", "end")

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end

    def __eq__(self, other: object) -> bool:
        if type(other) is not Span:
            return NotImplemented
        return self.start == other.start and self.end == other.end

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    def __repr__(self) -> str:
        return f"Span(start={self.start}, end={self.end})"

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


class _Node(Record):
    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]  # mutable: built up while the document is read


class Link(_Node):
    __slots__ = ("kind", "url", "url_span", "span", "text", "text_span", "image", "definition", "parent")

    def __init__(
        self,
        kind: LinkKind,
        url: str,
        url_span: Span,
        span: Span,
        text: str,
        text_span: Span | None = None,
        image: bool = False,
        definition: RefDefinition | None = None,
        parent: Link | None = None,
    ) -> None:
        self.kind = kind
        self.url = url
        """The destination as written in the source (escapes and entities kept)."""
        self.url_span = url_span
        """Where ``url`` is written: for a reference link, inside its definition."""
        self.span = span
        """The whole link or image, brackets included."""
        self.text = text
        """The plain text of the label (or alt text)."""
        self.text_span = text_span
        """The label between the brackets, when there are brackets."""
        self.image = image
        self.definition = definition
        self.parent = parent
        """The link whose label holds this one (an image inside a badge link)."""


class RefDefinition(_Node):
    __slots__ = ("label", "url", "url_span", "span", "used")

    def __init__(self, label: str, url: str, url_span: Span, span: Span, used: bool = False) -> None:
        self.label = label
        self.url = url
        self.url_span = url_span
        self.span = span
        self.used = used
        """False for a later definition of the same label, which CommonMark ignores."""


class Heading(_Node):
    __slots__ = ("level", "text", "span", "marker_span", "links")

    def __init__(
        self, level: int, text: str, span: Span, marker_span: Span | None, links: list[Link] | None = None
    ) -> None:
        self.level = level
        self.text = text
        """The raw heading text, closing ``#`` sequence removed."""
        self.span = span
        """The whole heading line(s)."""
        self.marker_span = marker_span
        """The opening ``#`` run of an ATX heading; None for a setext heading."""
        self.links: list[Link] = links if links is not None else []

    @property
    def atx(self) -> bool:
        return self.marker_span is not None


class Paragraph(_Node):
    """A paragraph, or the text of a tight list item."""

    __slots__ = ("span", "links", "lead", "starts_with_link")

    def __init__(
        self, span: Span, links: list[Link] | None = None, lead: str = "", starts_with_link: bool = False
    ) -> None:
        self.span = span
        self.links: list[Link] = links if links is not None else []
        self.lead = lead
        """The literal text before the first link, when that text is only markup or blanks."""
        self.starts_with_link = starts_with_link


class ListItem(_Node):
    __slots__ = ("marker", "marker_span", "content_column", "blocks", "end_line_offset")

    def __init__(
        self,
        marker: str,
        marker_span: Span,
        content_column: int,
        blocks: list[Block] | None = None,
        end_line_offset: int = 0,
    ) -> None:
        self.marker = marker
        """The literal marker: ``-``, ``*``, ``+``, or a number and its delimiter such as ``05.``."""
        self.marker_span = marker_span
        self.content_column = content_column
        """0-based column (in the marker's source line) where the item's content starts."""
        self.blocks: list[Block] = blocks if blocks is not None else []
        self.end_line_offset = end_line_offset
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


class ListBlock(_Node):
    __slots__ = ("ordered", "delimiter", "items", "depth")

    def __init__(self, ordered: bool, delimiter: str, items: list[ListItem] | None = None, depth: int = 0) -> None:
        self.ordered = ordered
        self.delimiter = delimiter
        """``.`` or ``)`` for ordered lists, the bullet character otherwise."""
        self.items: list[ListItem] = items if items is not None else []
        self.depth = depth
        """How many lists and block quotes enclose this one."""


class TableRow(_Node):
    __slots__ = ("span", "header", "links")

    def __init__(self, span: Span, header: bool, links: list[Link] | None = None) -> None:
        self.span = span
        self.header = header
        self.links: list[Link] = links if links is not None else []

    @property
    def main_link(self) -> Link | None:
        return self.links[0] if self.links else None


class Table(_Node):
    __slots__ = ("rows",)

    def __init__(self, rows: list[TableRow] | None = None) -> None:
        self.rows: list[TableRow] = rows if rows is not None else []


class BlockQuote(_Node):
    __slots__ = ("blocks",)

    def __init__(self, blocks: list[Block] | None = None) -> None:
        self.blocks: list[Block] = blocks if blocks is not None else []


class CodeKind(str, Enum):
    SPAN = "span"
    FENCED = "fenced"
    INDENTED = "indented"


class Code(Record):
    __slots__ = ("kind", "span")

    def __init__(self, kind: CodeKind, span: Span) -> None:
        self.kind = kind
        self.span = span


class Html(Record):
    __slots__ = ("block", "text", "span")

    def __init__(self, block: bool, text: str, span: Span) -> None:
        self.block = block
        self.text = text
        self.span = span


Block = Paragraph | Heading | ListBlock | Table | BlockQuote | Code | Html
