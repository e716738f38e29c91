"""mistune 3.4 with source positions: the only module that knows mistune's internals.

mistune's tokens carry no positions (mistune issue #218), so the parser is
hooked at the few places where text is consumed:

* every block state learns which source line its line 0 is. Inside block
  quotes and list items mistune's child states map their lines one to one
  onto consecutive source lines and only rewrite leading whitespace, so the
  non-blank content of a child line is a verbatim suffix of its source line;
* paragraphs record the (state, offset, length) segments their text came from
  (mistune may append lines to an earlier paragraph, so they need not be
  contiguous);
* inline rules record the span of each link, image, autolink, bare URL, code
  span and inline HTML in the inline source, which maps back through the
  segments.

Two private functions are wrapped (``list_parser._parse_list_item`` and
``_inline.links._close_bracket``), hence the pin to the 3.4 series and the
property test in ``tests/test_positions.py`` that fails loudly if an upgrade
breaks them.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Iterator
from typing import Any, Match

import mistune
import mistune._inline.links as _links
import mistune.list_parser as _list_parser
from mistune.block_parser import BlockParser
from mistune.core import BlockState, InlineState
from mistune.helpers import parse_link_href
from mistune.inline_parser import InlineParser
from mistune.plugins.table import table as _table_plugin
from mistune.plugins.table import table_in_list, table_in_quote
from mistune.plugins.url import URL_LINK_PATTERN, parse_url_link
from mistune.util import unikey

from ..source import Source
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

Token = dict[str, Any]
# A run of paragraph text: the state it was read from, the offset there, its length.
Segment = tuple["_State", int, int]

_HAS_TEXT = re.compile(r"[ \t]*\S")
# Markup that may precede an entry's main link without making it a description:
# emphasis markers, strike-through, a task-list box.
_LEAD = re.compile(r"(?:[\s*_~]|\[[ xX]\])*")


class _State(BlockState):
    """A block state that knows which source line its first line is."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.first_line = 0
        """0-based index into ``Source`` lines of this state's line 0."""
        self.pending_first_lines: list[int] = []
        self.last_child: _State | None = None
        self._starts: list[int] | None = None
        self._deltas: dict[int, int] = {}
        self.mapper: _Mapper | None = parent.mapper if parent is not None else None

    def child_state(self, src: str, lazy_line_starts: set[int] | None = None) -> BlockState:
        child = super().child_state(src, lazy_line_starts)
        assert isinstance(child, _State)
        if self.pending_first_lines:
            child.first_line = self.pending_first_lines.pop()
        self.last_child = child
        return child

    def line_index(self, offset: int) -> int:
        if self._starts is None:
            src = self.src
            starts = [0]
            pos = src.find("\n")
            while pos >= 0:
                starts.append(pos + 1)
                pos = src.find("\n", pos + 1)
            self._starts = starts
        return bisect_right(self._starts, offset) - 1

    def source_offset(self, offset: int) -> int:
        """Map an offset in this state's text to an offset in the source text."""
        index = self.line_index(offset)
        assert self._starts is not None and self.mapper is not None
        column = offset - self._starts[index]
        delta = self._deltas.get(index)
        if delta is None:
            delta = self._deltas[index] = self._line_delta(index)
        return self.mapper.line_offset(self.first_line + index, column + delta)

    def _line_delta(self, index: int) -> int:
        assert self._starts is not None and self.mapper is not None
        start = self._starts[index]
        end = self.src.find("\n", start)
        line = self.src[start:] if end < 0 else self.src[start:end]
        source_line = self.mapper.line_text(self.first_line + index)
        content = line.lstrip(" \t")
        lead = len(line) - len(content)
        if not content:
            return max(0, len(source_line) - len(line))
        if source_line.endswith(content):
            return len(source_line) - len(content) - lead
        trimmed = content.rstrip(" \t")
        source_trimmed = source_line.rstrip(" \t")
        if source_trimmed.endswith(trimmed):
            return len(source_trimmed) - len(trimmed) - lead
        found = source_line.find(trimmed)
        return (found if found >= 0 else 0) - lead

    def add_paragraph(self, text: str) -> None:
        segment = self._segment(text)
        last = self.last_token()
        if last and last["type"] == "paragraph":
            last["text"] += text
            last.setdefault("_segs", []).append(segment)
        else:
            self.tokens.append({"type": "paragraph", "text": text, "_segs": [segment]})

    def append_paragraph(self) -> int | None:
        last = self.last_token()
        if last and last["type"] == "paragraph":
            pos = self.find_line_end()
            text = self.get_text(pos)
            last["text"] += text
            last.setdefault("_segs", []).append(self._segment(text))
            return pos
        return None

    def _segment(self, text: str) -> Segment:
        if self.src.startswith(text, self.cursor):
            return (self, self.cursor, len(text))
        found = self.src.find(text)
        return (self, max(found, 0), len(text))


class _Mapper:
    """Source line index shared by a document's states."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.text = source.text
        self.count = source.line_count

    def line_text(self, index: int) -> str:
        if index >= self.count:
            return ""
        return self.source.line_text(index + 1)

    def line_offset(self, index: int, column: int) -> int:
        if index >= self.count:
            return len(self.text)
        start = self.source.line_start(index + 1)
        line_end = self.text.find("\n", start)
        if line_end < 0:
            line_end = len(self.text)
        return min(start + max(column, 0), line_end)


class _Block(BlockParser):
    state_cls = _State

    def __init__(self) -> None:
        super().__init__()
        self.definitions: list[tuple[_State, Token]] = []

    def _tag_new(self, state: BlockState, before: Token | None, count: int, key: str, value: Any) -> None:
        tokens = state.tokens
        if len(tokens) > count and tokens[-1] is not before:
            tokens[-1][key] = value

    def _tracked(self, state: BlockState, call: Any, start: int) -> int | None:
        before = state.tokens[-1] if state.tokens else None
        count = len(state.tokens)
        end = call()
        if end:
            self._tag_new(state, before, count, "_span", (state, start, end))
        return end  # type: ignore[no-any-return]

    def parse_atx_heading(self, m: Match[str], state: BlockState) -> int:
        end = super().parse_atx_heading(m, state)
        token = state.tokens[-1]
        raw = m.group("atx_2")
        text_start = m.start("atx_2") + len(raw) - len(raw.lstrip(string.whitespace))
        token["_segs"] = [(state, text_start, len(token["text"]))]
        token["_span"] = (state, m.start(), m.end())
        token["_marker"] = (state, m.start("atx_1"), m.end("atx_1"))
        return end

    def parse_fenced_code(self, m: Match[str], state: BlockState) -> int | None:
        return self._tracked(state, lambda: super(_Block, self).parse_fenced_code(m, state), m.start())

    def parse_indent_code(self, m: Match[str], state: BlockState) -> int:
        end = self._tracked(state, lambda: super(_Block, self).parse_indent_code(m, state), m.start())
        assert end is not None
        return end

    def _parse_indent_code_fast(self, state: BlockState) -> int | None:
        start = state.cursor
        return self._tracked(state, lambda: super(_Block, self)._parse_indent_code_fast(state), start)

    def parse_raw_html(self, m: Match[str], state: BlockState) -> int | None:
        return self._tracked(state, lambda: super(_Block, self).parse_raw_html(m, state), m.start())

    def extract_block_quote(self, m: Match[str], state: BlockState) -> tuple[str, int | None, set[int]]:
        result = super().extract_block_quote(m, state)
        assert isinstance(state, _State)
        state.pending_first_lines.append(state.first_line + state.line_index(m.start()))
        return result

    def parse_ref_link(self, m: Match[str], state: BlockState) -> int | None:
        last = state.last_token()
        continues_paragraph = bool(last and last["type"] == "paragraph")
        key = unikey(m.group("reflink_1"))
        known = key in state.env["ref_links"]
        end = super().parse_ref_link(m, state)
        if end and not continues_paragraph:
            href, href_end = parse_link_href(state.src, m.end(), block=True)
            if href is not None and href_end is not None:
                angle = state.src[href_end - 1] == ">" and href_end - len(href) - 2 >= 0 and (
                    state.src[href_end - len(href) - 2] == "<"
                )
                url_end = href_end - 1 if angle else href_end
                info = {
                    "label": m.group("reflink_1"),
                    "key": key,
                    "used": not known,
                    "url": href,
                    "url_span": (url_end - len(href), url_end),
                    "span": (m.start(), end),
                }
                assert isinstance(state, _State)
                self.definitions.append((state, info))
        return end


def _parse_list_item(
    block: BlockParser, bullet: str, item: Any, token: Token, state: BlockState, rules: list[str]
) -> Any:
    if not isinstance(state, _State):
        return _original_parse_list_item(block, bullet, item, token, state, rules)
    marker_line = state.line_index(min(state.cursor - 1, len(state.src)))
    first = state.first_line + marker_line + (0 if _HAS_TEXT.match(item.text) else 1)
    state.pending_first_lines.append(first)
    result = _original_parse_list_item(block, bullet, item, token, state, rules)
    list_item = token["children"][-1]
    assert state._starts is not None
    line_start = state._starts[marker_line]
    line_end = state.src.find("\n", line_start)
    line = state.src[line_start:] if line_end < 0 else state.src[line_start:line_end]
    marker_at = line_start + len(line) - len(line.lstrip(" \t"))
    list_item["_marker"] = (state, marker_at, item.marker)
    child = state.last_child
    list_item["_lines"] = (first, child.src.count("\n") + 1 if child is not None else 1)
    return result


_original_parse_list_item = _list_parser._parse_list_item
_list_parser._parse_list_item = _parse_list_item  # type: ignore[assignment]


class _InlineState(InlineState):
    pass


class _Inline(InlineParser):
    state_cls = _InlineState

    def _tag(self, state: InlineState, before: Token | None, start: int, end: int, types: tuple[str, ...]) -> None:
        if state.tokens and state.tokens[-1] is not before and state.tokens[-1]["type"] in types:
            state.tokens[-1]["_span"] = (start, end)

    def parse_auto_link(self, m: Match[str], state: InlineState) -> int:
        before = state.tokens[-1] if state.tokens else None
        end = super().parse_auto_link(m, state)
        self._tag(state, before, m.start(), end, ("link",))
        if state.tokens and "_span" in state.tokens[-1] and state.tokens[-1] is not before:
            # mistune drops its own `_autolink` marker when it finalises tokens.
            state.tokens[-1]["_auto"] = m.group(0)
        return end

    def parse_codespan(self, m: Match[str], state: InlineState) -> int:
        before = state.tokens[-1] if state.tokens else None
        end = super().parse_codespan(m, state)
        self._tag(state, before, m.start(), end, ("codespan",))
        return end

    def parse_inline_html(self, m: Match[str], state: InlineState) -> int | None:
        before = state.tokens[-1] if state.tokens else None
        end = super().parse_inline_html(m, state)
        if end:
            self._tag(state, before, m.start(), end, ("inline_html",))
        return end


def _parse_bare_url(inline: InlineParser, m: Match[str], state: InlineState) -> int:
    before = state.tokens[-1] if state.tokens else None
    end = parse_url_link(inline, m, state)
    if state.tokens and state.tokens[-1] is not before and state.tokens[-1]["type"] == "link":
        state.tokens[-1]["_span"] = (m.start(), end)
        state.tokens[-1]["_auto"] = state.src[m.start() : end]
    return end


def _close_bracket(inline: InlineParser, state: InlineState, close: int) -> int:
    if not isinstance(state, _InlineState) or not state.brackets:
        return _original_close_bracket(inline, state, close)
    opener = state.brackets[-1]
    before = state.tokens[-1] if state.tokens else None
    end = _original_close_bracket(inline, state, close)
    token = state.tokens[-1] if state.tokens else None
    if token is not None and token is not before and token["type"] in ("link", "image"):
        start = opener.start - (2 if opener.image else 1)
        token["_span"] = (start, end)
        token["_label"] = (opener.start, close)
        if "ref" not in token:
            src = state.src
            href, href_end = parse_link_href(src, close + 2)
            if href is not None and href_end is not None:
                angle = src[href_end - 1] == ">" and src[href_end - len(href) - 2] == "<"
                url_end = href_end - 1 if angle else href_end
                token["_dest"] = (url_end - len(href), url_end, href)
    return end


_original_close_bracket = _links._close_bracket
_links._close_bracket = _close_bracket


def _new_markdown() -> mistune.Markdown:
    block = _Block()
    md = mistune.Markdown(renderer=None, block=block, inline=_Inline(max_nested_level=block.max_nested_level))
    _table_plugin(md)
    table_in_quote(md)
    table_in_list(md)
    for name in ("table", "nptable"):
        md.block._methods[name] = _tracking_table(md.block._methods[name])
    md.inline.register("url_link", URL_LINK_PATTERN, _parse_bare_url)
    # Emphasis parsing is super-linear in mistune 3.4 (a 112 KB file took 77 s) and
    # no rule needs emphasis nodes; links inside `**...**` still parse without it.
    md.inline.rules.remove("emphasis")
    return md


def _tracking_table(method: Any) -> Any:
    def parse(m: Match[str], state: BlockState) -> int | None:
        before = state.tokens[-1] if state.tokens else None
        end = method(m, state)
        if end and state.tokens and state.tokens[-1] is not before and state.tokens[-1]["type"] == "table":
            _position_table(state.tokens[-1], state, m.start())
        return end  # type: ignore[no-any-return]

    return parse


def _row_cells(src: str, start: int, end: int, pipe: bool) -> list[tuple[int, int]]:
    """Cell text spans of one table row, split exactly as mistune's table plugin does."""
    text_end = start + len(src[start:end].rstrip("\n").rstrip(" \t"))
    text_start = start
    if pipe:
        if src[start] != "|" and src[start] in " \t":
            text_start = start + len(src[start:text_end]) - len(src[start:text_end].lstrip(" "))
        text_start += 1
        text_end -= 1
    cells = []
    cell_start = pos = text_start
    while pos < text_end:
        if src[pos] == "|":
            backslashes = 0
            back = pos - 1
            while back >= text_start and src[back] == "\\":
                backslashes += 1
                back -= 1
            if backslashes % 2 == 0:
                cells.append((cell_start, pos))
                cell_start = pos + 1
        pos += 1
    cells.append((cell_start, text_end))
    spans = []
    for a, b in cells:
        raw = src[a:b]
        lead = len(raw) - len(raw.lstrip())
        spans.append((a + lead, a + lead + len(raw.strip())))
    return spans


def _position_table(token: Token, state: BlockState, start: int) -> None:
    src = state.src
    pipe = src[start:].lstrip(" ").startswith("|")
    head, body = token["children"]
    rows = [head, *body["children"]]
    line_start = start
    for index, row in enumerate(rows):
        if index == 1:  # skip the delimiter row
            line_start = src.find("\n", line_start) + 1
        line_end = src.find("\n", line_start)
        line_end = len(src) if line_end < 0 else line_end
        row["_span"] = (state, line_start, line_end)
        for cell, (a, b) in zip(row["children"], _row_cells(src, line_start, line_end, pipe)):
            cell["_segs"] = [(state, a, b - a)]
        line_start = line_end + 1


_MARKDOWN: mistune.Markdown | None = None


def _markdown() -> mistune.Markdown:
    global _MARKDOWN
    if _MARKDOWN is None:
        _MARKDOWN = _new_markdown()
    return _MARKDOWN


class _Builder:
    """Turns hooked mistune tokens into positioned nodes."""

    def __init__(self, source: Source, md: mistune.Markdown, root: _State) -> None:
        self.source = source
        self.md = md
        self.env = root.env
        self.links: list[Link] = []
        self.codes: list[Code] = []
        self.html: list[Html] = []
        self.headings: list[Heading] = []
        self.lists: list[ListBlock] = []
        self.tables: list[Table] = []
        self.definitions: dict[str, RefDefinition] = {}
        self.all_definitions: list[RefDefinition] = []

    def span(self, state: _State, start: int, end: int) -> Span:
        begin = state.source_offset(start)
        if end <= start:
            return Span(begin, begin)
        return Span(begin, max(begin, state.source_offset(end - 1)) + 1)

    def add_definitions(self, definitions: list[tuple[_State, Token]]) -> None:
        for state, info in definitions:
            node = RefDefinition(
                label=info["label"],
                url=info["url"],
                url_span=self.span(state, *info["url_span"]),
                span=self.span(state, *info["span"]),
                used=info["used"],
            )
            self.all_definitions.append(node)
            if node.used:
                self.definitions[info["key"]] = node

    def blocks(self, tokens: list[Token]) -> list[Block]:
        out: list[Block] = []
        for token in tokens:
            node = self.block(token)
            if node is not None:
                out.append(node)
        return out

    def block(self, token: Token) -> Block | None:
        kind = token["type"]
        if kind in ("paragraph", "block_text"):
            span, links = self.inline(token)
            lead, starts = self._lead(token)
            return Paragraph(span=span, links=links, lead=lead, starts_with_link=starts)
        if kind == "heading":
            heading_text = token.get("text", "")
            span, links = self.inline(token)
            marker = token.get("_marker")
            if "_span" in token:
                span = self.span(*token["_span"])
                text = heading_text
            else:
                text = self.source.text[span.start : span.end]
                # A setext heading runs to the end of its underline.
                line_end = self.source.text.find("\n", span.end)
                next_end = self.source.text.find("\n", line_end + 1) if line_end >= 0 else -1
                span = Span(span.start, len(self.source.text) if next_end < 0 else next_end)
            heading = Heading(
                level=token["attrs"]["level"],
                text=text,
                span=span,
                marker_span=self.span(*marker) if marker else None,
                links=links,
            )
            self.headings.append(heading)
            return heading
        if kind == "list":
            return self.list_block(token)
        if kind == "block_quote":
            return BlockQuote(blocks=self.blocks(token["children"]))
        if kind == "block_code":
            code_kind = CodeKind.FENCED if token.get("style") == "fenced" else CodeKind.INDENTED
            code = Code(code_kind, self.span(*token["_span"]) if "_span" in token else Span(0, 0))
            self.codes.append(code)
            return code
        if kind == "block_html":
            span = self.span(*token["_span"]) if "_span" in token else Span(0, 0)
            html = Html(block=True, text=token.get("raw", ""), span=span)
            self.html.append(html)
            return html
        if kind == "table":
            return self.table(token)
        return None

    def list_block(self, token: Token) -> ListBlock:
        node = ListBlock(
            ordered=token["attrs"]["ordered"],
            delimiter=token["bullet"],
            depth=token["attrs"].get("depth", 0),
        )
        self.lists.append(node)
        for item in token["children"]:
            state, at, marker = item["_marker"]
            marker_start = state.source_offset(at)
            first, count = item["_lines"]
            last_line = min(first + count, self.source.line_count)
            end = self.source.line_start(last_line + 1) if last_line < self.source.line_count else len(
                self.source.text
            )
            marker_line = self.source.position(marker_start).line
            node.items.append(
                ListItem(
                    marker=marker,
                    marker_span=Span(marker_start, marker_start + len(marker)),
                    content_column=marker_start - self.source.line_start(marker_line) + len(marker),
                    blocks=self.blocks(item["children"]),
                    end_line_offset=end,
                )
            )
        return node

    def table(self, token: Token) -> Table:
        node = Table()
        head, body = token["children"]
        for row, header in [(head, True)] + [(r, False) for r in body["children"]]:
            links: list[Link] = []
            for cell in row["children"]:
                links.extend(self.inline(cell)[1])
            node.rows.append(TableRow(span=self.span(*row["_span"]), header=header, links=links))
        self.tables.append(node)
        return node

    def _lead(self, token: Token) -> tuple[str, bool]:
        lead = []
        for child in token.get("children", []):
            if child["type"] in ("link", "image") and "_span" in child:
                text = "".join(lead)
                return text, bool(_LEAD.fullmatch(text))
            if child["type"] == "text":
                lead.append(child.get("raw", ""))
            elif child["type"] not in ("softbreak", "linebreak"):
                return "", False
        return "", False

    def inline(self, token: Token) -> tuple[Span, list[Link]]:
        segs: list[Segment] = token.get("_segs", [])
        text = token.pop("text", "")
        stripped = text.strip(" \r\n\t\f")
        shift = len(text) - len(text.lstrip(" \r\n\t\f"))
        children = self.md.inline(stripped, self.env)
        token["children"] = children
        if not segs:
            return Span(0, 0), []
        mapper = _SegmentMap(segs, shift, self)
        span = mapper.span(0, len(stripped))
        links: list[Link] = []
        self._walk(children, mapper, links, None, stripped)
        return span, links

    def _walk(
        self, tokens: list[Token], mapper: _SegmentMap, out: list[Link], parent: Link | None, src: str
    ) -> None:
        for token in tokens:
            kind = token["type"]
            if kind in ("link", "image") and "_span" in token:
                link = self._link(token, mapper, parent, src)
                if link is not None:
                    out.append(link)
                    self.links.append(link)
                    self._walk(token.get("children", []), mapper, out, link, src)
                    continue
            elif kind == "codespan" and "_span" in token:
                self.codes.append(Code(CodeKind.SPAN, mapper.span(*token["_span"])))
            elif kind == "inline_html" and "_span" in token:
                self.html.append(Html(block=False, text=token["raw"], span=mapper.span(*token["_span"])))
            if "children" in token:
                self._walk(token["children"], mapper, out, parent, src)

    def _link(self, token: Token, mapper: _SegmentMap, parent: Link | None, src: str) -> Link | None:
        start, end = token["_span"]
        span = mapper.span(start, end)
        image = token["type"] == "image"
        text = _plain_text(token.get("children", []))
        if "_auto" in token:
            raw = token["_auto"]
            if raw.startswith("<"):
                url_span = mapper.span(start + 1, end - 1)
                return Link(LinkKind.AUTOLINK, raw[1:-1], url_span, span, text, parent=parent)
            return Link(LinkKind.BARE, raw, span, span, text, parent=parent)
        label = token.get("_label")
        text_span = mapper.span(*label) if label else None
        if "_dest" in token:
            a, b, href = token["_dest"]
            return Link(
                LinkKind.INLINE, href, mapper.span(a, b), span, text, text_span, image=image, parent=parent
            )
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


class _SegmentMap:
    """Offsets in an inline source (a paragraph's text) to offsets in the source text."""

    def __init__(self, segs: list[Segment], shift: int, builder: _Builder) -> None:
        self.segs = segs
        self.shift = shift
        self.builder = builder
        starts = []
        total = 0
        for _, _, length in segs:
            starts.append(total)
            total += length
        self.starts = starts
        self.total = total

    def offset(self, offset: int) -> int:
        offset += self.shift
        index = max(0, bisect_right(self.starts, offset) - 1)
        state, start, length = self.segs[index]
        local = min(offset - self.starts[index], max(length - 1, 0))
        return state.source_offset(start + local)

    def span(self, start: int, end: int) -> Span:
        begin = self.offset(start)
        if end <= start:
            return Span(begin, begin)
        return Span(begin, max(begin, self.offset(end - 1)) + 1)


def _plain_text(tokens: list[Token]) -> str:
    parts: list[str] = []
    for token in tokens:
        if "raw" in token:
            parts.append(token["raw"])
        elif "children" in token:
            parts.append(_plain_text(token["children"]))
        elif token["type"] == "softbreak":
            parts.append(" ")
    return "".join(parts)


def parse(source: Source) -> tuple[_Builder, list[Block]]:
    """Parse ``source``: its top-level blocks, and every node collected by kind."""
    md = _markdown()
    block = md.block
    assert isinstance(block, _Block)
    block.definitions = []
    state = _State()
    state.mapper = _Mapper(source)
    text = source.markdown
    if not text.endswith("\n"):
        text += "\n"
    state.process(text)
    block.parse(state)
    builder = _Builder(source, md, state)
    builder.add_definitions(block.definitions)
    block.definitions = []
    return builder, builder.blocks(state.tokens)


def iter_blocks(blocks: list[Block]) -> Iterator[Block]:
    """Every block, depth first, in document order."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from iter_blocks(item.blocks)
        elif isinstance(block, BlockQuote):
            yield from iter_blocks(block.blocks)
