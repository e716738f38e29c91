"""GitHub's block structure, from cmark-gfm: the only module that knows the ``cmarkgfm`` package.

GitHub renders Markdown with cmark-gfm, so where a list, an item, a quote, a
code block or a table starts and ends is cmark-gfm's answer, not a second
parser's guess. ``cmarkgfm`` binds cmark-gfm for rendering only; its compiled
extension also exports the rest of cmark-gfm's C API, and
``cmark_render_xml`` with ``CMARK_OPT_SOURCEPOS`` writes the whole tree, every
block with its source position, in one call (about 10 ms for awesome-go). This
module reads the block elements back from that XML into :class:`Block` trees;
inline content is left to the inline parser (:mod:`awesome_lint.document.inline`).

Positions are cmark-gfm's: 1-based lines, 1-based *byte* columns of the UTF-8
line, ends inclusive, an end column of 0 meaning "the end of the line before".
The GitHub extensions are on (tables, autolinks, strikethrough, the tag filter,
task lists) and so are footnotes, as on github.com.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field
from typing import Any

_XML_TAG = re.compile(
    r'<(/?)(<unknown>|[a-z_]+)(?: sourcepos="(\d+):(\d+)-(\d+):(\d+)")?((?: [a-z:_]+="[^"]*")*) ?(/?)>'
)
"""A tag; cmark-gfm writes ``sourcepos`` first, before the node's own attributes."""
_ATTRIBUTE = re.compile(r' (?:type|level)="([^"]*)"')

CONTAINERS = frozenset(
    {"document", "block_quote", "list", "item", "tasklist", "table", "table_header", "table_row", "footnote_definition"}
)
"""Blocks whose children are blocks."""
LEAVES = frozenset({"paragraph", "heading", "table_cell", "code_block", "html_block", "thematic_break"})
"""Blocks whose content is inline (or literal): their XML children are skipped whole."""

_EXTENSIONS = (b"table", b"autolink", b"tagfilter", b"strikethrough", b"tasklist")
_OPT_SOURCEPOS = 1 << 1
_OPT_FOOTNOTES = 1 << 13
_OPT_UNSAFE = 1 << 17
_OPTIONS = _OPT_SOURCEPOS | _OPT_FOOTNOTES
_RENDER_OPTIONS = _OPT_FOOTNOTES | _OPT_UNSAFE


class CmarkError(RuntimeError):
    """cmark-gfm could not be loaded or could not parse: the message says which."""


MAX_DEPTH = 64
"""Containers nested deeper than this are flattened into the one at this depth: their blocks
keep their exact positions, and nothing downstream recurses without bound (cmark-gfm has no
nesting limit; 100,000 nested ``>`` is a valid document)."""

_DEEP_PREFIX = re.compile(r"^(?:[ \t>]|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])){40}", re.MULTILINE)
"""A line whose container prefix (blanks, ``>``, list markers) is this long may open a container
that deep (a tab can stand for two levels): the XML, which indents each level by two spaces,
would grow with the square of the depth, so such a file is read node by node instead."""


@dataclass(slots=True)
class Block:
    """One block element as cmark-gfm sees it; columns are 1-based byte columns."""

    kind: str
    start_line: int
    start_column: int
    end_line: int
    end_column: int
    attribute: str = ""
    """A list's ``type`` (``ordered`` or ``bullet``), a heading's ``level``; empty for other blocks."""
    children: list[Block] = field(default_factory=list)
    literal: str | None = None
    """The content of an ``html_block`` (container prefixes removed); the first line of a
    ``code_block``'s content (which tells an indented block that starts with a fence from a fenced one);
    GitHub's HTML of the whole ``document`` when it was parsed in one piece."""
    quotes: int = 0
    """How many block quotes enclose this block (flattened ones included)."""


_NO_CHILDREN: list[Block] = []
"""Shared by every leaf block (a leaf never gets children): a list per block would cost more
than the block itself."""


class _Library:
    """cmark-gfm's C functions, from the extension module ``cmarkgfm`` compiled."""

    def __init__(self) -> None:
        try:
            from cmarkgfm import _cmark  # type: ignore[import-untyped]

            lib = ctypes.CDLL(_cmark.__file__)
            pointer = ctypes.c_void_p
            self.parser_new = _function(lib, "cmark_parser_new", pointer, ctypes.c_int)
            self.parser_free = _function(lib, "cmark_parser_free", None, pointer)
            self.parser_feed = _function(lib, "cmark_parser_feed", None, pointer, ctypes.c_char_p, ctypes.c_size_t)
            self.parser_finish = _function(lib, "cmark_parser_finish", pointer, pointer)
            self.attach = _function(lib, "cmark_parser_attach_syntax_extension", ctypes.c_int, pointer, pointer)
            self.node_free = _function(lib, "cmark_node_free", None, pointer)
            self.render_xml = _function(lib, "cmark_render_xml", pointer, pointer, ctypes.c_int)
            self.render_html = _function(lib, "cmark_render_html", pointer, pointer, ctypes.c_int, pointer)
            self.parser_extensions = _function(lib, "cmark_parser_get_syntax_extensions", pointer, pointer)
            integer, text = ctypes.c_int, ctypes.c_char_p
            self.first_child = _function(lib, "cmark_node_first_child", pointer, pointer)
            self.next = _function(lib, "cmark_node_next", pointer, pointer)
            self.get_type = _function(lib, "cmark_node_get_type", integer, pointer)
            self.type_string = _function(lib, "cmark_node_get_type_string", text, pointer)
            self.start_line = _function(lib, "cmark_node_get_start_line", integer, pointer)
            self.start_column = _function(lib, "cmark_node_get_start_column", integer, pointer)
            self.end_line = _function(lib, "cmark_node_get_end_line", integer, pointer)
            self.end_column = _function(lib, "cmark_node_get_end_column", integer, pointer)
            self.list_type = _function(lib, "cmark_node_get_list_type", integer, pointer)
            self.heading_level = _function(lib, "cmark_node_get_heading_level", integer, pointer)
            self.literal = _function(lib, "cmark_node_get_literal", text, pointer)
            find = _function(lib, "cmark_find_syntax_extension", pointer, ctypes.c_char_p)
            _function(lib, "cmark_gfm_core_extensions_ensure_registered", None)()
            self.extensions = [find(name) for name in _EXTENSIONS]
            # cmark allocates with the C library's allocator; its string goes back there.
            self.free = _function(ctypes.CDLL(None), "free", None, pointer)
        except (ImportError, OSError, AttributeError) as exc:
            raise CmarkError(f"cannot use cmark-gfm from the cmarkgfm package: {exc}") from None
        if not all(self.extensions):
            raise CmarkError("cmark-gfm lacks one of its GitHub extensions (table, autolink, ...)")

    def walk(self, data: bytes) -> Block:
        """The block tree read node by node through the C API: for deeply nested files, whose XML
        would be too large; a tenth of a second slower per megabyte."""
        parser, root = self._parse(data)
        try:
            return self._read_tree(root)
        finally:
            self.node_free(root)
            self.parser_free(parser)

    def _read_tree(self, root: int) -> Block:
        document = Block("document", 1, 1, 1, 1)
        names: dict[int, str] = {}
        # (node, parent Block, depth, enclosing quotes), siblings pushed before children
        stack: list[tuple[int, Block, int, int]] = [(self.first_child(root), document, 0, 0)]
        while stack:
            node, parent, depth, quotes = stack.pop()
            while node:
                number = self.get_type(node)
                kind = names.get(number)
                if kind is None:
                    kind = names[number] = (self.type_string(node) or b"").decode()
                if kind == "<unknown>":
                    kind = "footnote_definition"
                if kind not in CONTAINERS and kind not in LEAVES:
                    node = self.next(node)
                    continue
                block = Block(
                    kind,
                    self.start_line(node),
                    self.start_column(node),
                    self.end_line(node),
                    self.end_column(node),
                    quotes=quotes,
                )
                if kind == "list":
                    block.attribute = "ordered" if self.list_type(node) == 2 else "bullet"
                elif kind == "heading":
                    block.attribute = str(self.heading_level(node))
                elif kind == "html_block":
                    block.literal = (self.literal(node) or b"").decode("utf-8", "surrogateescape")
                elif kind == "code_block":
                    block.literal = (self.literal(node) or b"").decode("utf-8", "surrogateescape").split("\n", 1)[0]
                child = self.first_child(node) if kind in CONTAINERS else None
                if not child:
                    block.children = _NO_CHILDREN
                if depth >= MAX_DEPTH and child:
                    # Too deep: the container's blocks go to its parent, in order.
                    stack.append((self.next(node), parent, depth, quotes))
                    node, quotes = child, quotes + (kind == "block_quote")
                    continue
                parent.children.append(block)
                if child:
                    stack.append((self.next(node), parent, depth, quotes))
                    node, parent, depth = child, block, depth + 1
                    quotes += kind == "block_quote"
                    continue
                node = self.next(node)
        return document

    def _parse(self, data: bytes, options: int = _OPTIONS) -> tuple[int, int]:
        parser = self.parser_new(options)
        if not parser:
            raise CmarkError("cmark-gfm could not make a parser (out of memory?)")
        for extension in self.extensions:
            self.attach(parser, extension)
        self.parser_feed(parser, data, len(data))
        root = self.parser_finish(parser)
        if not root:
            self.parser_free(parser)
            raise CmarkError("cmark-gfm could not parse the file (out of memory?)")
        return parser, root

    def html(self, data: bytes) -> str:
        """The HTML of ``data``, for the links it resolves (no extension renders: none changes a link)."""
        parser, root = self._parse(data)
        try:
            return self._string(self.render_html(root, 0, None))
        finally:
            self.node_free(root)
            self.parser_free(parser)

    def github_html(self, data: bytes) -> str:
        """The HTML GitHub renders, raw HTML kept (GitHub sanitises it afterwards; a change to it counts)."""
        parser, root = self._parse(data, _RENDER_OPTIONS)
        try:
            return self._string(self.render_html(root, _RENDER_OPTIONS, self.parser_extensions(parser)))
        finally:
            self.node_free(root)
            self.parser_free(parser)

    def _string(self, rendered: int | None) -> str:
        if not rendered:
            raise CmarkError("cmark-gfm could not render the file (out of memory?)")
        try:
            return ctypes.string_at(rendered).decode("utf-8", "surrogateescape")
        finally:
            self.free(rendered)

    def xml(self, data: bytes, html: bool = False) -> tuple[str, str | None]:
        """The XML of the block tree and, with ``html``, GitHub's HTML of the same parse (the fix
        referee's "before", for a rendering less than a parse costs)."""
        parser, root = self._parse(data)
        try:
            xml = self._string(self.render_xml(root, _OPTIONS))
            rendered = None
            if html:
                rendered = self._string(self.render_html(root, _RENDER_OPTIONS, self.parser_extensions(parser)))
            return xml, rendered
        finally:
            self.node_free(root)
            self.parser_free(parser)


def _function(lib: ctypes.CDLL, name: str, result: object, *arguments: object) -> Any:
    function = getattr(lib, name)
    function.restype = result
    function.argtypes = list(arguments)
    return function


_LIBRARY: _Library | None = None


def _library() -> _Library:
    global _LIBRARY
    if _LIBRARY is None:
        _LIBRARY = _Library()
    return _LIBRARY


CHUNK = 256 * 1024
"""A large file is parsed in pieces of about this many characters: cmark-gfm's tree takes about
14 bytes per byte of Markdown, and its XML four, so one piece at a time keeps that small."""

_BOUNDARY = re.compile(r"\n[ \t]*\n(?=#{1,6}(?:[ \t]|\n))")
"""A blank line, then an ATX heading at column 0: no block but a fenced code block or an HTML
block that runs on can continue past it (and those are checked after parsing)."""
_FOOTNOTE_DEFINITION = re.compile(r"^[ \t]{0,3}\[\^[^\]\n]+\]:", re.MULTILINE)


def parse_blocks(text: str) -> Block:
    """The document's block tree, as GitHub builds it, children in source order.

    A document parsed in one piece also gets GitHub's HTML of it, as the root's ``literal``."""
    library = _library()
    document = Block("document", 1, 1, 1, 1)
    start = line = 0
    # Footnote definitions move to the end of the document and are dropped when no reference
    # to them is in the same parse: such a file is parsed whole.
    boundaries = [] if len(text) < 2 * CHUNK or _FOOTNOTE_DEFINITION.search(text) else _boundaries(text)
    for end in [*boundaries, len(text)]:
        if end - start < CHUNK and end < len(text):
            continue
        piece = text[start:end]
        tree = _parse_piece(library, piece, whole=start == 0 and end == len(text))
        if end < len(text) and _runs_on(tree, piece.count("\n")):
            continue  # a code or HTML block reaches the boundary: take it with the next piece
        _shift(tree, line)
        document.children.extend(tree.children)
        document.end_line, document.end_column = tree.end_line, tree.end_column
        document.literal = tree.literal
        line += piece.count("\n")
        start = end
    return document


_PROBE = "awesomelintprobe"
_PROBED = re.compile(r'<a href="([^"]*)"(?: title="[^"]*")?>' + _PROBE + r"(\d+)</a>")


def resolve_labels(text: str, labels: list[str]) -> list[str | None]:
    """The URL GitHub gives each reference label in ``text`` (None where it defines none).

    A paragraph of probe links (``[awesomelintprobe0][label]``...) goes before the document and
    cmark-gfm renders the two: a blank line after the probe leaves every block of the document as
    it was, and a reference resolves to a definition anywhere in the document.
    """
    probe = " ".join(f"[{_PROBE}{index}][{' '.join(label.split())}]" for index, label in enumerate(labels))
    html = _library().html((probe + "\n\n" + text).encode("utf-8", "surrogatepass"))
    found: list[str | None] = [None] * len(labels)
    head = html[: html.find("</p>") + 4]
    for match in _PROBED.finditer(head):
        found[int(match[2])] = match[1]
    return found


def render_html(text: str) -> str:
    """What GitHub renders for ``text``: cmark-gfm's HTML with GitHub's extensions and footnotes."""
    return _library().github_html(text.encode("utf-8", "surrogatepass"))


def _boundaries(text: str) -> list[int]:
    return [match.end() for match in _BOUNDARY.finditer(text)]


def _parse_piece(library: _Library, text: str, whole: bool = False) -> Block:
    data = text.encode("utf-8", "surrogatepass")
    if _DEEP_PREFIX.search(text):
        tree = library.walk(data)
    else:
        xml, html = library.xml(data, html=whole)
        tree = read_xml(xml)
        tree.literal = html
    _source_order(tree)
    return tree


def _runs_on(tree: Block, last_line: int) -> bool:
    """Whether the piece's last block is a code or HTML block that reaches its final (blank) line or
    the line before it: an unclosed fence or comment cut there would have run on past the cut (cmark-gfm's
    end for it is not to be trusted, so a block that merely ends just before the cut counts too)."""
    if not tree.children:
        return False
    block = tree.children[-1]
    if block.kind not in ("code_block", "html_block"):
        return False
    end = block.end_line - (block.end_column == 0)
    if block.kind == "html_block" and block.literal:
        end = block.start_line + block.literal.count("\n") - block.literal.endswith("\n")
    return end >= last_line - 1


def _shift(block: Block, lines: int) -> None:
    if not lines:
        return
    stack = [block]
    while stack:
        node = stack.pop()
        node.start_line += lines
        node.end_line += lines
        stack.extend(node.children)


def _source_order(tree: Block) -> None:
    """cmark-gfm moves footnote definitions to the end of the document: put them back."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if any(child.kind == "footnote_definition" for child in node.children):
            node.children.sort(key=lambda child: (child.start_line, child.start_column))
        stack.extend(child for child in node.children if child.children)


def read_xml(xml: str) -> Block:
    """The block elements of cmark-gfm's XML (inline elements are skipped, not read)."""
    document = Block("document", 1, 1, 1, 1)
    stack = [document]
    flattened: list[bool] = []
    """For each open container element: whether it was flattened (has no Block of its own)."""
    quotes = 0
    pos = xml.find("<document")
    search = _XML_TAG.search
    while True:
        match = search(xml, pos)
        if match is None:
            break
        pos = match.end()
        closing, kind, start_line, start_column, end_line, end_column, attributes, empty = match.groups()
        if kind == "<unknown>":
            # cmark's XML has no name for the footnote extension's nodes: a reference is an
            # empty element inside inline content, a definition a container of blocks.
            if empty:
                continue
            kind = "footnote_definition"
        if closing:
            if kind in CONTAINERS and flattened:
                if not flattened.pop():
                    stack.pop()
                quotes -= kind == "block_quote"
            continue
        if kind not in CONTAINERS and kind not in LEAVES:
            continue
        if start_line is not None:
            start_line, start_column = int(start_line), int(start_column)
            end_line, end_column = int(end_line), int(end_column)
        elif kind == "paragraph":
            start_line = start_column = end_line = end_column = 0  # split off a table: placed later
        else:
            continue
        if kind == "document":
            document.start_line, document.start_column = start_line, start_column
            document.end_line, document.end_column = end_line, end_column
            continue
        if kind in CONTAINERS and not empty and len(stack) > MAX_DEPTH:
            flattened.append(True)
            quotes += kind == "block_quote"
            continue
        attribute = ""
        if kind == "list" or kind == "heading":
            found = _ATTRIBUTE.search(attributes)
            attribute = found.group(1) if found else ""
        block = Block(kind, start_line, start_column, end_line, end_column, attribute, quotes=quotes)
        stack[-1].children.append(block)
        if empty or kind in LEAVES:
            block.children = _NO_CHILDREN
        if empty:
            continue
        if kind in LEAVES:
            close = xml.find(f"</{kind}>", pos)
            if close < 0:
                break
            if kind == "html_block":
                block.literal = _unescape(xml[pos:close])
            elif kind == "code_block":
                newline = xml.find("\n", pos, close)
                block.literal = _unescape(xml[pos : close if newline < 0 else newline])
            pos = close + len(kind) + 3
        else:
            stack.append(block)
            flattened.append(False)
            quotes += kind == "block_quote"
    return document


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
