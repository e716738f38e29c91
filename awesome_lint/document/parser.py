"""Positioned nodes from GitHub's block structure and mistune's inline parser.

The blocks come from cmark-gfm (:mod:`.cmark`), so a list item is a list item
exactly where GitHub starts one, and a list that GitHub splits in two is two
lists. Each block's inline content (a paragraph's, a heading's, a table cell's)
is cut out of the source, line by line with the container prefixes (``>``
markers, indentation) removed, and handed to mistune's inline parser
(:mod:`.inline`); every span it reports maps back to the file through the
segments the text was cut from, so positions are exact at any nesting depth.

Link reference definitions are read first (:mod:`.definitions`), so that
reference links anywhere resolve; the paragraphs they start are cut after them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..source import Source
from . import cmark
from .definitions import DefinitionReader, atx_marker, block_last_line, setext_underline, table_start_line
from .inline import Token, new_env, parse_inline, plain_text
from .lines import BLANKS, Lines, Segment, SegmentMap, marker_at
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

# Markup that may precede an entry's main link without making it a description:
# emphasis markers, strike-through, a task-list box.
_LEAD = re.compile(r"(?:[\s*_~]|\[[ xX]\])*")
_CLOSING_HASHES = re.compile(r"[ \t]+#+$")


class _Builder:
    """Turns cmark-gfm's blocks and mistune's inline tokens into positioned nodes."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.lines = Lines(source.text, source.line_starts)
        self.env = new_env()
        self.links: list[Link] = []
        self.codes: list[Code] = []
        self.html: list[Html] = []
        self.headings: list[Heading] = []
        self.lists: list[ListBlock] = []
        self.tables: list[Table] = []
        self.definitions: dict[str, RefDefinition] = {}
        self.all_definitions: list[RefDefinition] = []
        self.skipped: dict[int, int] = {}
        self.rendered: str | None = None

    # --- pass 2: the nodes ------------------------------------------------------------------

    def blocks(self, children: list[cmark.Block], depth: int) -> list[Block]:
        out: list[Block] = []
        for child in children:
            if child.kind == "footnote_definition":
                out.extend(self.blocks(child.children, depth))
                continue
            node = self.block(child, depth)
            if node is not None:
                out.append(node)
        return out

    def block(self, block: cmark.Block, depth: int) -> Block | None:
        kind = block.kind
        if kind == "paragraph":
            return self.paragraph(block) if block.start_column else None  # placed by the first pass, if at all
        if kind == "heading":
            return self.heading(block)
        if kind == "list":
            return self.list_block(block, depth)
        if kind == "block_quote":
            return BlockQuote(blocks=self.blocks(block.children, depth + 1))
        if kind == "code_block":
            start = self.lines.offset(block.start_line, block.start_column)
            # cmark-gfm starts a fenced block at its fence, which is not part of the content; an
            # indented block at its first character, which is.
            first = self.source.text[start : self.lines.end(block.start_line)]
            fenced = first.startswith(("```", "~~~")) and block.literal != first
            code = Code(CodeKind.FENCED if fenced else CodeKind.INDENTED, self._block_span(block, start))
            self.codes.append(code)
            return code
        if kind == "html_block":
            start = self.lines.offset(block.start_line, block.start_column)
            html = Html(block=True, text=block.literal or "", span=self._block_span(block, start))
            self.html.append(html)
            return html
        if kind == "table":
            return self.table(block)
        return None

    def paragraph(self, block: cmark.Block) -> Paragraph | None:
        start = self.lines.offset(block.start_line, block.start_column)
        text, segments = self.lines.cut(start, block.start_line + 1, self.lines.last_line(block), block.quotes)
        skip = self.skipped.get(id(block), 0)
        if skip and not text[skip:].strip(" \t\n"):
            return None  # definitions only (cmark keeps such a paragraph when it also has other lines)
        span, links, tokens = self.inline(text, segments, skip)
        lead, starts = _lead(tokens)
        return Paragraph(span=span, links=links, lead=lead, starts_with_link=starts)

    def heading(self, block: cmark.Block) -> Heading:
        text = self.source.text
        atx = atx_marker(self.lines, self.source.text, block)
        if atx is not None:
            marker_start, marker_end = atx
            line_end = self.lines.end(block.start_line)
            content = text[marker_end:line_end].strip(" \t")
            content = "" if content.strip("#") == "" else _CLOSING_HASHES.sub("", content)
            content_start = text.find(content, marker_end, line_end) if content else marker_end
            _, links, _ = self.inline(content, [(content_start, len(content))], 0)
            heading = Heading(
                level=int(block.attribute or "1"),
                text=content,
                span=Span(self.lines.start(block.start_line), line_end),
                marker_span=Span(marker_start, marker_end),
                links=links,
            )
        else:
            start = self.lines.offset(block.start_line, block.start_column)
            last = setext_underline(self.lines, self.source.text, block)
            cut, segments = self.lines.cut(start, block.start_line + 1, last - 1, block.quotes)
            span, links, _ = self.inline(cut, segments, self.skipped.get(id(block), 0))
            heading = Heading(
                level=int(block.attribute or "1"),
                text=text[span.start : span.end],
                span=Span(span.start, self.lines.end(last)),
                marker_span=None,
                links=links,
            )
        self.headings.append(heading)
        return heading

    def list_block(self, block: cmark.Block, depth: int) -> ListBlock:
        text = self.source.text
        ordered = block.attribute == "ordered"
        node = ListBlock(ordered=ordered, delimiter="", depth=depth)
        self.lists.append(node)
        for item in block.children:
            marker_start = self.lines.offset(item.start_line, item.start_column)
            marker = marker_at(text, marker_start)
            node.delimiter = node.delimiter or marker[-1]
            last = self.lines.last_line(item)
            while last > item.start_line and not self.lines.line(last).strip(" \t>"):
                last -= 1  # trailing blank lines belong to no item
            node.items.append(
                ListItem(
                    marker=marker,
                    marker_span=Span(marker_start, marker_start + len(marker)),
                    content_column=self._content_column(marker_start, marker),
                    blocks=self.blocks(item.children, depth + 1),
                    end_line_offset=self.lines.start(last + 1) if last < len(self.lines.starts) else len(text),
                )
            )
        return node

    def _content_column(self, marker_start: int, marker: str) -> int:
        """Where an item's content starts on its marker line (CommonMark's rule, in code points)."""
        line = self.source.position(marker_start).line
        text = self.source.line_text(line)
        after = marker_start - self.source.line_start(line) + len(marker)
        rest = text[after:]
        content = rest.lstrip(" \t")
        if not content:
            return after + 1  # the item starts with a blank line
        width = len(text[:after].expandtabs(4))
        gap = len(text[: after + len(rest) - len(content)].expandtabs(4)) - width
        # Five or more columns: the content is indented code after a one-column gap.
        return after + len(rest) - len(content) if gap <= 4 else after + 1

    def table(self, block: cmark.Block) -> Table:
        """cmark-gfm says how many rows a table has; their lines count back from its last line, and
        the cells are split here, as GFM splits them (cmark-gfm starts a table where the paragraph it
        grew from started, definitions included, and its cell positions are off on rows with
        multi-byte characters)."""
        node = Table()
        text = self.source.text
        columns = len(block.children[0].children) if block.children else 0
        first_line = table_start_line(self.lines, block)
        for index, row in enumerate(block.children):
            line = first_line + index + (index > 0)  # the delimiter row follows the header
            if index == 0 and line == row.start_line:
                start = self.lines.offset(line, row.start_column)  # it may share its line with a list marker
            else:
                start = self.lines.content_start(line, block.quotes)
            end = self.lines.end(line)
            links: list[Link] = []
            for begin, finish in _row_cells(text, start, end)[:columns]:
                links.extend(self.inline(text[begin:finish], [(begin, finish - begin)], 0)[1])
            while end > start and text[end - 1] in BLANKS:
                end -= 1
            node.rows.append(TableRow(span=Span(start, end), header=row.kind == "table_header", links=links))
        self.tables.append(node)
        return node

    # --- spans and inline content -----------------------------------------------------------

    def _block_span(self, block: cmark.Block, start: int) -> Span:
        """A code or HTML block: from its first character to its last non-blank one (a line that holds
        only its containers' ``>`` markers is blank)."""
        last = block_last_line(self.lines, self.source.text, block)
        while last > block.start_line and self.lines.content_start(last, block.quotes) >= self.lines.end(last):
            last -= 1
        end = self.lines.end(last)
        text = self.source.text
        while end > start and text[end - 1] in " \t\n":
            end -= 1
        return Span(start, max(start, end))

    def inline(self, text: str, segments: list[Segment], skip: int) -> tuple[Span, list[Link], list[Token]]:
        body = text[skip:]
        stripped = body.strip(" \r\n\t\f")
        shift = skip + len(body) - len(body.lstrip(" \r\n\t\f"))
        mapper = SegmentMap(segments, shift)
        if not stripped:
            return mapper.span(0, 0), [], []
        tokens = parse_inline(stripped, self.env)
        links: list[Link] = []
        self._walk(tokens, mapper, links, None)
        return mapper.span(0, len(stripped)), links, tokens

    def _walk(
        self, tokens: list[Token], mapper: SegmentMap, out: list[Link], parent: Link | None, in_image: bool = False
    ) -> None:
        for token in tokens:
            kind = token["type"]
            if kind in ("link", "image") and "_span" in token and not in_image:
                # An image's description is its alt text: plain text on GitHub, so a
                # link or URL inside it is not a link (mistune keeps them as tokens).
                link = self._link(token, mapper, parent)
                if link is not None:
                    out.append(link)
                    self.links.append(link)
                    self._walk(token.get("children", []), mapper, out, link, link.image)
                    continue
            elif kind == "codespan" and "_span" in token:
                self.codes.append(Code(CodeKind.SPAN, mapper.span(*token["_span"])))
            elif kind == "inline_html" and "_span" in token:
                self.html.append(Html(block=False, text=token["raw"], span=mapper.span(*token["_span"])))
            if "children" in token:
                self._walk(token["children"], mapper, out, parent, in_image or kind == "image")

    def _link(self, token: Token, mapper: SegmentMap, parent: Link | None) -> Link | None:
        start, end = token["_span"]
        span = mapper.span(start, end)
        image = token["type"] == "image"
        text = plain_text(token.get("children", []))
        if "_auto" in token:
            raw = token["_auto"]
            if raw.startswith("<"):
                url_span = mapper.span(start + 1, end - 1)
                return Link(LinkKind.AUTOLINK, raw[1:-1], url_span, span, text, parent=parent)
            return Link(LinkKind.BARE, raw, span, span, text, parent=parent)
        label = token.get("_label")
        text_span = mapper.span(*label) if label else None
        if token.get("_dest"):
            a, b, href = token["_dest"]
            return Link(LinkKind.INLINE, href, mapper.span(a, b), span, text, text_span, image=image, parent=parent)
        definition = self.definitions.get(token.get("ref", ""))
        if definition is None:
            return None
        return Link(
            LinkKind.REFERENCE,
            definition.url,
            definition.url_span,
            span,
            text,
            text_span,
            image=image,
            definition=definition,
            parent=parent,
        )


def _row_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The trimmed spans of a table row's cells: split at each ``|`` no backslash escapes, the
    leading and trailing pipes dropped (GFM splits inside code spans too)."""
    while start < end and text[start] in BLANKS:
        start += 1
    while end > start and text[end - 1] in BLANKS:
        end -= 1
    if start < end and text[start] == "|":
        start += 1
    bounds = [start]
    pos = start
    while pos < end:
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "|":
            bounds.append(pos)
            bounds.append(pos + 1)
        pos += 1
    bounds.append(end)
    cells = list(zip(bounds[::2], bounds[1::2], strict=True))
    if len(cells) > 1 and cells[-1][0] == cells[-1][1] and text[end - 1 : end] == "|":
        cells.pop()  # the trailing pipe closes the row; it opens no cell
    out = []
    for begin, finish in cells:
        while begin < finish and text[begin] in BLANKS:
            begin += 1
        while finish > begin and text[finish - 1] in BLANKS:
            finish -= 1
        out.append((begin, finish))
    return out


def _lead(tokens: list[Token]) -> tuple[str, bool]:
    lead: list[str] = []
    for child in tokens:
        if child["type"] in ("link", "image") and "_span" in child:
            text = "".join(lead)
            return text, bool(_LEAD.fullmatch(text))
        if child["type"] == "text":
            lead.append(child.get("raw", ""))
        elif child["type"] not in ("softbreak", "linebreak"):
            return "", False
    return "", False


def parse(source: Source) -> tuple[_Builder, list[Block]]:
    """Parse ``source``: its top-level blocks, and every node collected by kind."""
    root = cmark.parse_blocks(source.markdown)
    builder = _Builder(source)
    reader = DefinitionReader(source, builder.lines, builder.env)
    reader.read(root)
    builder.definitions, builder.all_definitions, builder.skipped = reader.definitions, reader.all, reader.skipped
    builder.rendered = root.literal
    # Each top-level block's tree is dropped once its nodes are built: the two together would be
    # the peak of a large file's memory (cmark-gfm's blocks are a third of it).
    pending = root.children[::-1]
    root.children = []
    blocks: list[Block] = []
    while pending:
        block = pending.pop()
        if block.kind == "footnote_definition":
            pending.extend(reversed(block.children))
            continue
        node = builder.block(block, 0)
        if node is not None:
            blocks.append(node)
    return builder, blocks


def iter_blocks(blocks: list[Block]) -> Iterator[Block]:
    """Every block, depth first, in document order."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from iter_blocks(item.blocks)
        elif isinstance(block, BlockQuote):
            yield from iter_blocks(block.blocks)
