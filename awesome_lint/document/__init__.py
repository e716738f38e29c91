"""The document model: source text in, positioned nodes out."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..source import Position, Source
from .nodes import (
    Block,
    BlockQuote,
    Code,
    CodeKind,
    Heading,
    Html,
    Link,
    LinkKind,
    ListBlock,
    ListItem,
    Paragraph,
    RefDefinition,
    Span,
    Table,
    TableRow,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .html_urls import HtmlUrl

__all__ = [
    "Block",
    "BlockQuote",
    "Code",
    "CodeKind",
    "Document",
    "Entry",
    "Heading",
    "Html",
    "Link",
    "LinkKind",
    "ListBlock",
    "ListItem",
    "Paragraph",
    "RefDefinition",
    "Span",
    "Table",
    "TableRow",
    "parse_document",
]


@dataclass(frozen=True, slots=True)
class Entry:
    """Something the list lists: a list item or a table row, and the link it starts with."""

    main_link: Link
    span: Span


@dataclass
class Document:
    source: Source
    blocks: list[Block]
    headings: list[Heading]
    lists: list[ListBlock]
    """Every list, nested ones included, in source order of their first item."""
    links: list[Link]
    """Every link and image, in source order."""
    definitions: list[RefDefinition]
    """Every reference definition, including ignored repeats of a label."""
    code: list[Code]
    html: list[Html]
    tables: list[Table]
    rendered: str | None = field(default=None, repr=False)
    """GitHub's HTML of the document (cmark-gfm's, raw HTML kept), when the parse made it anyway."""
    _skip_starts: list[int] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def path(self) -> str:
        return self.source.path

    def position(self, offset: int) -> Position:
        return self.source.position(offset)

    def span_positions(self, span: Span) -> tuple[Position, Position]:
        """The first and last character of ``span`` (the end is inclusive, as users read it)."""
        start = self.source.position(span.start)
        end = self.source.position(max(span.start, span.end - 1))
        return start, end

    @cached_property
    def entries(self) -> list[Entry]:
        """List items and table rows that start with a link, in source order."""
        out: list[Entry] = []
        for block in self.lists:
            for item in block.items:
                link = item.main_link
                if link is not None:
                    out.append(Entry(link, Span(item.marker_span.start, item.end_line_offset)))
        for table in self.tables:
            for row in table.rows:
                if not row.header and row.main_link is not None:
                    out.append(Entry(row.main_link, row.span))
        out.sort(key=lambda entry: entry.span.start)
        return out

    @cached_property
    def heading_anchors(self) -> list[str]:
        """GitHub's ``#anchor`` of each heading, in the order of :attr:`headings`."""
        from .anchors import heading_anchors

        return heading_anchors(self.headings)

    @cached_property
    def anchors(self) -> dict[str, Heading | None]:
        """Every ``#anchor`` of the document: GitHub's for each heading, and HTML ``id``/``name`` ones (None)."""
        from .anchors import html_anchors

        found: dict[str, Heading | None] = dict.fromkeys(html_anchors(self.html))
        for heading, anchor in zip(self.headings, self.heading_anchors, strict=True):
            found[anchor] = heading
        return found

    @cached_property
    def html_urls(self) -> list[HtmlUrl]:
        """The URLs in raw HTML's URL attributes (``href``, ``src``, each ``srcset`` candidate...), in source order."""
        from .html_urls import html_urls

        return html_urls(self.source, self.html)

    @cached_property
    def code_spans(self) -> list[Span]:
        """Code spans and code blocks, sorted: text that is not Markdown prose."""
        return sorted((code.span for code in self.code), key=lambda span: span.start)


def parse_document(source: Source) -> Document:
    from .parser import parse

    built, blocks = parse(source)
    built.links.sort(key=lambda link: link.span.start)
    built.lists.sort(key=lambda block: block.items[0].marker_span.start if block.items else 0)
    built.headings.sort(key=lambda heading: heading.span.start)
    built.codes.sort(key=lambda code: code.span.start)
    built.html.sort(key=lambda html: html.span.start)
    return Document(
        source=source,
        blocks=blocks,
        headings=built.headings,
        lists=built.lists,
        links=built.links,
        definitions=built.all_definitions,
        code=built.codes,
        html=built.html,
        tables=built.tables,
        rendered=built.rendered,
    )
