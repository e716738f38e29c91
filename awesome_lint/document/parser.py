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

Where mistune and GitHub disagree on what is a link, this module follows GitHub:
link-like text in an image's alt text is not a link; a bare URL ends as GFM
ends it (trailing punctuation, unbalanced ``)``, ``xhttps://``); the first
definition of a label in source order wins; a self-closing tag alone on its
line opens an HTML block; a table whose header starts like HTML or a
definition is still a table.

Three private functions are wrapped (``list_parser._parse_list_item``,
``_inline.links._close_bracket`` and, for speed, ``helpers._parse_link_href``)
and one private method overridden (``BlockParser._parse_plain_paragraph``, for
speed), hence the pin to the 3.4 series and the property test in
``tests/test_positions.py`` that fails loudly if an upgrade breaks them.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Iterator
from re import Match, Pattern
from typing import Any, ClassVar

import mistune
import mistune._inline.links as _links
import mistune.helpers as _helpers
import mistune.list_parser as _list_parser
from mistune.block_parser import BlockParser
from mistune.core import DEFAULT_MAX_NESTED_LEVEL, BlockState, InlineState
from mistune.helpers import HTML_ATTRIBUTES, parse_link_href
from mistune.inline_parser import InlineParser
from mistune.plugins.table import table as _table_plugin
from mistune.plugins.table import table_in_list, table_in_quote
from mistune.util import escape_url, unikey

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

# Does a list item have text on its marker line? As mistune decides it (`\s` takes in
# a no-break space: `- \xa0[a](b)` has its text on the marker line).
_HAS_TEXT = re.compile(r"\s*\S")
# The rest of a line holding only a complete open tag (after `<name`), `/>` allowed.
_OPEN_TAG_ALONE = re.compile(HTML_ATTRIBUTES + r"[ \t]*/?>[ \t]*\n?")
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
        self._lines: dict[int, tuple[int, int, int]] = {}
        """Per line index: what to add to an offset to map it, and the source line's bounds."""
        self.mapper: _Mapper | None = parent.mapper if parent is not None else None

    def child_state(self, src: str, lazy_line_starts: set[int] | None = None) -> BlockState:
        child = super().child_state(src, lazy_line_starts)
        assert isinstance(child, _State)
        if self.pending_first_lines:
            child.first_line = self.pending_first_lines.pop()
        self.last_child = child
        return child

    def line_starts(self) -> list[int]:
        starts = self._starts
        if starts is None:
            src = self.src
            starts = [0]
            pos = src.find("\n")
            while pos >= 0:
                starts.append(pos + 1)
                pos = src.find("\n", pos + 1)
            self._starts = starts
        return starts

    def line_index(self, offset: int) -> int:
        return bisect_right(self.line_starts(), offset) - 1

    def source_offset(self, offset: int) -> int:
        """Map an offset in this state's text to an offset in the source text."""
        starts = self._starts if self._starts is not None else self.line_starts()
        index = bisect_right(starts, offset) - 1 if len(starts) > 1 else 0
        line = self._lines.get(index)
        if line is None:
            line = self._lines[index] = self._line_map(index)
        shift, low, high = line
        target = offset + shift
        return low if target < low else high if target > high else target

    def _line_map(self, index: int) -> tuple[int, int, int]:
        assert self._starts is not None and self.mapper is not None
        mapper = self.mapper
        source_index = self.first_line + index
        if source_index >= mapper.count:
            end = len(mapper.text)
            return end, end, end
        start = mapper.starts[source_index]
        return start + self._line_delta(index) - self._starts[index], start, mapper.ends[source_index]

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
        self.text = text = source.text
        self.count = source.line_count
        self.starts = starts = [0]
        self.ends: list[int] = []
        """Where each line's text ends (its newline, or the end of the text)."""
        find = text.find
        pos = find("\n")
        while pos >= 0:
            self.ends.append(pos)
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.ends.append(len(text))

    def line_text(self, index: int) -> str:
        if index >= self.count:
            return ""
        return self.text[self.starts[index] : self.ends[index]]


class _Block(BlockParser):
    state_cls = _State
    # mistune's thematic break, setext underline and blank lines repeat a group once per
    # character or line (`(?:\*[ \t]*){3,}`, `(=|-){1,}`, `(^[ \t\v\f]*\n)+`): Python's
    # regex engine saves the marks of every group of the combined block pattern at each
    # repetition, 600 bytes per `*` of a long `***` line and 1 KB per line of a run of
    # blank lines. These match the same text with the same named groups (the setext
    # group is still the underline's last character, which sets the level), repeating
    # single characters only. `tests/test_bad_input.py` checks the equivalence.
    _BLANK_LINES = r"^[ \t\v\f\n]*\n"
    BLANK_LINE = re.compile(_BLANK_LINES, re.M)
    SPECIFICATION: ClassVar[dict[str, str]] = {
        **BlockParser.SPECIFICATION,
        "thematic_break": r"^ {0,3}(-[ \t]*-[ \t]*-[- \t]*|_[ \t]*_[ \t]*_[_ \t]*|\*[ \t]*\*[ \t]*\*[* \t]*)$",
        "setex_heading": r"^ {0,3}[=-]*(?P<setext_1>[=-])[ \t]*$",
        "blank_line": _BLANK_LINES,
    }

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
        if state.src[start : start + 1] not in (" ", "\t"):
            return None  # mistune's check, answered without a call: indented code starts with a blank
        return self._tracked(state, lambda: super(_Block, self)._parse_indent_code_fast(state), start)

    def _parse_plain_paragraph(self, state: BlockState, sc: Pattern[str]) -> bool:
        """Paragraph text up to the next line where a rule matches (none matches here).

        mistune takes this path only when the text starts with a letter; for any other
        start, such as the `[` of almost every list entry, it searches the whole rest of
        the text for the next block start, which took a third of the block parsing time.
        The result is the same: rules only match at the start of a line.
        """
        if super()._parse_plain_paragraph(state, sc):
            return True
        src, cursor, stop = state.src, state.cursor, state.cursor_max
        if cursor >= stop or src[cursor] in " \t":
            return False
        pos = cursor
        while pos < stop:
            if pos > cursor and sc.match(src, pos):  # a blank line matches `blank_line`
                break
            end = src.find("\n", pos)
            pos = stop if end < 0 else end + 1
        state.add_paragraph(src[cursor:pos])
        state.cursor = pos
        return True

    def parse_raw_html(self, m: Match[str], state: BlockState) -> int | None:
        end = self._tracked(state, lambda: self._raw_html(m, state), m.start())
        if end is None and m.lastgroup == "raw_html":
            # `<img src=x> | b` or `<https://x> | b` heading a table: the tag is not alone on
            # its line, so this is no HTML block, but mistune tries `raw_html` first and then
            # never tries the table rules. GitHub renders the table.
            return self._table_instead(m, state)
        return end

    def _raw_html(self, m: Match[str], state: BlockState) -> int | None:
        end = super().parse_raw_html(m, state)
        if end is None and m.group(0).lstrip(" ")[1:2] not in "/!?":
            # A complete open tag alone on its line starts an HTML block (CommonMark's type 7)
            # that runs to the next blank line, but mistune's check misses a self-closing
            # one: `<img src="logo.png"/>`. (None: no paragraph was open, or mistune would
            # have continued it.)
            line_end = state.find_line_end()
            if _OPEN_TAG_ALONE.fullmatch(state.src, m.end(), line_end):
                blank = self.BLANK_LINE.search(state.src, state.cursor)
                end = blank.start() if blank else state.cursor_max
                state.append_token({"type": "block_html", "raw": state.src[state.cursor : end]})
        return end

    def _table_instead(self, m: Match[str], state: BlockState) -> int | None:
        """Parse a table at ``m``'s line, where a rule that mistune tries first failed."""
        table = self.compile_sc(["table", "nptable"]).match(state.src, m.start())
        return self.parse_method(table, state) if table is not None else None

    def extract_block_quote(self, m: Match[str], state: BlockState) -> tuple[str, int | None, set[int]]:
        result = super().extract_block_quote(m, state)
        assert isinstance(state, _State)
        state.pending_first_lines.append(state.first_line + state.line_index(m.start()))
        return result

    def parse_ref_link(self, m: Match[str], state: BlockState) -> int | None:
        last = state.last_token()
        continues_paragraph = bool(last and last["type"] == "paragraph")
        end = super().parse_ref_link(m, state)
        if end is None:
            # `[a]: b | c` over a delimiter row is no definition but a table's header.
            return self._table_instead(m, state)
        if not continues_paragraph:
            dest = _destination(state.src, m.end(), block=True)
            if dest is not None:
                url_start, url_end, href = dest
                info = {
                    "label": m.group("reflink_1"),
                    "key": unikey(m.group("reflink_1")),
                    "url": href,
                    "url_span": (url_start, url_end),
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
    line_start = state.line_starts()[marker_line]
    line_end = state.src.find("\n", line_start)
    line = state.src[line_start:] if line_end < 0 else state.src[line_start:line_end]
    marker_at = line_start + len(line) - len(line.lstrip(" \t"))
    list_item["_marker"] = (state, marker_at, item.marker)
    child = state.last_child
    # The item's lines in the source: its child state has one line per source line, but
    # trailing blank lines are stripped (an empty item keeps one, which is not its own).
    src = child.src if child is not None else ""
    count = src.count("\n") + (0 if src.endswith("\n") else 1) if src.strip() else 0
    list_item["_lines"] = (first, count)
    return result


_original_parse_list_item = _list_parser._parse_list_item
_list_parser._parse_list_item = _parse_list_item


class _InlineState(InlineState):
    pass


class _Inline(InlineParser):
    state_cls = _InlineState

    def finalize_tokens(self, tokens: list[Token], depth: int) -> list[Token]:
        # With emphasis off, mistune's finalising only merges adjacent text tokens and
        # drops its private keys: nothing the builder needs, and a tenth of the parse time.
        return tokens

    def _tag(self, state: InlineState, before: Token | None, start: int, end: int, types: tuple[str, ...]) -> None:
        if state.tokens and state.tokens[-1] is not before and state.tokens[-1]["type"] in types:
            state.tokens[-1]["_span"] = (start, end)

    def parse_auto_link(self, m: Match[str], state: InlineState) -> int:
        before = state.tokens[-1] if state.tokens else None
        end = super().parse_auto_link(m, state)
        self._tag_autolink(state, before, m, end)
        return end

    def parse_auto_email(self, m: Match[str], state: InlineState) -> int:
        """``<someone@example.com>``: an autolink whose written URL is the address."""
        before = state.tokens[-1] if state.tokens else None
        end = super().parse_auto_email(m, state)
        self._tag_autolink(state, before, m, end)
        return end

    def _tag_autolink(self, state: InlineState, before: Token | None, m: Match[str], end: int) -> None:
        self._tag(state, before, m.start(), end, ("link",))
        if state.tokens and "_span" in state.tokens[-1] and state.tokens[-1] is not before:
            # mistune drops its own `_autolink` marker when it finalises tokens.
            state.tokens[-1]["_auto"] = m.group(0)

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


# A bare URL runs to the next blank or `<`; `_bare_url_end` then trims it as GFM does.
# (mistune's own pattern keeps a trailing `?`, `!`, `*`, `_` or `~`, and drops the `)`
# of `https://en.wikipedia.org/wiki/Go_(game)`.)
_BARE_URL_PATTERN = r"https?://[^\s<]+"
_TRAILING_PUNCTUATION = frozenset("?!.,:*_~'\"")


def _bare_url_end(src: str, start: int, end: int) -> int:
    """Where a GFM extended autolink starting at ``start`` ends (cmark-gfm's ``autolink_delim``).

    Trailing punctuation is not part of the URL, nor is a ``)`` without a matching
    ``(`` in the URL, nor an entity-like ``&name;`` at its end.
    """
    opening = closing = -1  # counted when first needed
    while end > start:
        char = src[end - 1]
        if char in _TRAILING_PUNCTUATION:
            end -= 1
        elif char == ";":
            back = end - 2
            while back > start and src[back].isascii() and src[back].isalpha():
                back -= 1
            end = back if back < end - 2 and src[back] == "&" else end - 1
        elif char == ")":
            if closing < 0:
                opening, closing = src.count("(", start, end), src.count(")", start, end)
            if closing <= opening:
                break
            end -= 1
            closing -= 1
        else:
            break
    return end


def _parse_bare_url(inline: InlineParser, m: Match[str], state: InlineState) -> int | None:
    """mistune's ``parse_url_link`` with GFM's end of URL, tagging the token with its span."""
    start, end = m.start(), m.end()
    src = state.src
    if start and src[start - 1].isascii() and src[start - 1].isalpha():
        return None  # `xhttps://` is no scheme GFM links
    if state.brackets:
        close = src.find("]", start, end)
        if close >= 0:
            end = close
    end = _bare_url_end(src, start, end)
    if end <= src.find("//", start) + 2:
        return None  # nothing left after the scheme
    text = src[start:end]
    if state.in_link or state.depth >= inline.max_nested_level:
        inline.process_text(text, state)
        return end
    state.append_token(
        {
            "type": "link",
            "children": [{"type": "text", "raw": text}],
            "attrs": {"url": escape_url(text)},
            "_autolink": text,
            "_span": (start, end),
            "_auto": text,
        }
    )
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
            token["_dest"] = _destination(state.src, close + 2)
    return end


def _destination(src: str, pos: int, block: bool = False) -> tuple[int, int, str] | None:
    """The span and text of a link destination that mistune reads from ``pos`` on.

    ``pos`` is just after the `(` of an inline link, or the `:` of a definition (``block``).
    """
    href, href_end = parse_link_href(src, pos, block)
    if href is None or href_end is None:
        return None
    lead = _HREF_LEAD.match(src, pos)
    angle = lead is not None and src.startswith("<", lead.end())
    url_end = href_end - 1 if angle else href_end
    return url_end - len(href), url_end, href


_original_close_bracket = _links._close_bracket
_links._close_bracket = _close_bracket


# mistune's link destination scanner, for a destination the regex below covers.
_HREF_LEAD = re.compile(r"[ \t]*(?:(?:\r\n|\r|\n)[ \t]*)?")
_HREF_SIMPLE = re.compile(r"[^\x00-\x20\x7f()\\<]*")


def _parse_link_href(
    src: str, start_pos: int, block: bool = False, *, max_nested_level: int = DEFAULT_MAX_NESTED_LEVEL
) -> tuple[str | None, int | None, int]:
    """``mistune.helpers._parse_link_href``, with a fast path for the common destination.

    mistune scans a destination one character at a time in Python (a quarter of the
    inline parsing time of a list). A destination without parentheses, backslashes,
    ``<`` or control characters that ends at a blank or ``)`` needs no such care; any
    other goes to mistune's own scanner. ``tests/test_positions.py`` checks they agree.
    """
    pos = start_pos
    lead = _HREF_LEAD.match(src, pos)
    if lead is not None:
        pos = lead.end()
    if pos < len(src):
        first = src[pos]
        if first != "<" and not (block and first in " \t\n\r\f"):
            simple = _HREF_SIMPLE.match(src, pos)
            end = simple.end() if simple is not None else pos
            if end >= len(src) or src[end] in " \t\n\r\f)":
                return src[pos:end], end, end
    return _original_parse_link_href(src, start_pos, block, max_nested_level=max_nested_level)


_original_parse_link_href = _helpers._parse_link_href
_helpers._parse_link_href = _parse_link_href


def _new_markdown() -> mistune.Markdown:
    block = _Block()
    md = mistune.Markdown(renderer=None, block=block, inline=_Inline(max_nested_level=block.max_nested_level))
    _table_plugin(md)
    table_in_quote(md)
    table_in_list(md)
    for name in ("table", "nptable"):
        md.block._methods[name] = _tracking_table(md.block._methods[name], pipe=name == "table")
    md.inline.register("url_link", _BARE_URL_PATTERN, _parse_bare_url)
    # Emphasis parsing is super-linear in mistune 3.4 (a 112 KB file took 77 s) and
    # no rule needs emphasis nodes; links inside `**...**` still parse without it.
    md.inline.rules.remove("emphasis")
    return md


def _tracking_table(method: Any, pipe: bool) -> Any:
    """Wrap the plugin's ``table`` (``pipe``: rows start and end with ``|``) or ``nptable`` rule."""

    def parse(m: Match[str], state: BlockState) -> int | None:
        before = state.tokens[-1] if state.tokens else None
        end = method(m, state)
        if end and state.tokens and state.tokens[-1] is not before and state.tokens[-1]["type"] == "table":
            _position_table(state.tokens[-1], state, m.start(), pipe)
        return end  # type: ignore[no-any-return]

    return parse


def _row_cells(src: str, start: int, end: int, pipe: bool) -> list[tuple[int, int]]:
    """Cell text spans of one table row, split exactly as mistune's table plugin does.

    A ``pipe`` table row loses its outer pipes (``_strip_pipe_table_row``); an
    ``nptable`` row is split whole, so ``| a | b`` has an empty first cell.
    """
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


def _position_table(token: Token, state: BlockState, start: int, pipe: bool) -> None:
    src = state.src
    head, body = token["children"]
    rows = [head, *body["children"]]
    line_start = start
    for index, row in enumerate(rows):
        if index == 1:  # skip the delimiter row
            line_start = src.find("\n", line_start) + 1
        line_end = src.find("\n", line_start)
        line_end = len(src) if line_end < 0 else line_end
        row["_span"] = (state, line_start, line_end)
        for cell, (a, b) in zip(row["children"], _row_cells(src, line_start, line_end, pipe), strict=False):
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

    def block_span(self, state: _State, start: int, end: int) -> Span:
        """A code or HTML block: from its first line to the last non-blank character."""
        src = state.src
        while end > start and src[end - 1] in " \t\n":
            end -= 1
        return self.span(state, start, end)

    def add_definitions(self, definitions: list[tuple[_State, Token]]) -> None:
        nodes = []
        for state, info in definitions:
            node = RefDefinition(
                label=info["label"],
                url=info["url"],
                url_span=self.span(state, *info["url_span"]),
                span=self.span(state, *info["span"]),
            )
            nodes.append((info["key"], node))
        # The first definition of a label in source order wins. mistune registers them in
        # parse order, which differs when a block quote ends a list item: mistune parses
        # the quote before the item's content.
        nodes.sort(key=lambda pair: pair[1].span.start)
        for key, node in nodes:
            node.used = key not in self.definitions
            if node.used:
                self.definitions[key] = node
            self.all_definitions.append(node)

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
            code = Code(code_kind, self.block_span(*token["_span"]) if "_span" in token else Span(0, 0))
            self.codes.append(code)
            return code
        if kind == "block_html":
            span = self.block_span(*token["_span"]) if "_span" in token else Span(0, 0)
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
            node.items.append(
                ListItem(
                    marker=marker,
                    marker_span=Span(marker_start, marker_start + len(marker)),
                    content_column=self._content_column(marker_start, marker),
                    blocks=self.blocks(item["children"]),
                    end_line_offset=end,
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
        lead: list[str] = []
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
        self,
        tokens: list[Token],
        mapper: _SegmentMap,
        out: list[Link],
        parent: Link | None,
        src: str,
        in_image: bool = False,
    ) -> None:
        for token in tokens:
            kind = token["type"]
            if kind in ("link", "image") and "_span" in token and not in_image:
                # An image's description is its alt text: plain text on GitHub, so a
                # link or URL inside it is not a link (mistune keeps them as tokens).
                link = self._link(token, mapper, parent, src)
                if link is not None:
                    out.append(link)
                    self.links.append(link)
                    self._walk(token.get("children", []), mapper, out, link, src, link.image)
                    continue
            elif kind == "codespan" and "_span" in token:
                self.codes.append(Code(CodeKind.SPAN, mapper.span(*token["_span"])))
            elif kind == "inline_html" and "_span" in token:
                self.html.append(Html(block=False, text=token["raw"], span=mapper.span(*token["_span"])))
            if "children" in token:
                self._walk(token["children"], mapper, out, parent, src, in_image or kind == "image")

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
        if token.get("_dest"):
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
        starts = self.starts
        index = bisect_right(starts, offset) - 1 if len(starts) > 1 else 0
        state, start, length = self.segs[index]
        local = offset - starts[index]
        if local >= length:  # past the text: its last character
            local = length - 1 if length > 0 else 0
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
