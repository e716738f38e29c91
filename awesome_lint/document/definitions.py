"""The first pass: link reference definitions, where GitHub finds them.

Definitions are not blocks in cmark-gfm's tree: they sit at the start of a
paragraph's lines, or on lines no block covers (a paragraph of definitions
only, which cmark-gfm drops). They are read before any inline content, in
source order (the first definition of a label wins), so that a reference link
anywhere in the file resolves. mistune's own definition rule reads every candidate
(:func:`~awesome_lint.document.inline.read_definitions`); cmark-gfm then says
which labels GitHub defines, and to what (:func:`.cmark.resolve_labels`), so
that a candidate GitHub does not take (a line it reads as text, in a corner of
lazy continuation lines and nested containers) is text here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..source import Source
from . import cmark
from .inline import read_definitions
from .lines import BLANKS, Lines, Segment, SegmentMap, marker_at
from .nodes import RefDefinition

CONTAINERS = frozenset({"document", "block_quote", "list", "item", "tasklist", "footnote_definition"})
"""Containers whose lines may hold paragraphs, and so definitions (a table's cannot)."""


@dataclass(frozen=True)
class _Need:
    """What a line must start with to stay inside a container: a ``>``, or so many columns of blanks."""

    quote: bool
    columns: int = 0
    """For a list item: how far its content is indented from where its container's content starts."""


_Chain = tuple[tuple[cmark.Block, "int | None"], ...]
"""The block quotes and list items around a block, outermost first, each with where its parent's
content starts on its first line (when the parent starts on that line too)."""


@dataclass
class _Candidate:
    key: str
    node: RefDefinition
    data: dict[str, Any]
    """What the inline parser resolves the label to."""
    owner: int | None
    """id of the paragraph or heading whose text it starts; None on lines no block covers."""
    end: int
    """Where it ends in its owner's cut text."""
    suspect: bool = False
    """It starts on a lazy line after blanks, where cmark-gfm keeps the blanks and starts no definition."""


class DefinitionReader:
    def __init__(self, source: Source, lines: Lines, env: dict[str, Any]) -> None:
        self.source = source
        self.lines = lines
        self.env = env
        self.definitions: dict[str, RefDefinition] = {}
        """The definition each label resolves to."""
        self.all: list[RefDefinition] = []
        """Every definition, repeats of a label included, in source order."""
        self.skipped: dict[int, int] = {}
        """id of a paragraph or setext heading → how much of its cut text definitions took."""
        self._candidates: list[_Candidate] = []

    def read(self, root: cmark.Block) -> None:
        self._container(root, ())
        if not self._candidates:
            return
        candidates = sorted(self._candidates, key=lambda candidate: candidate.node.span.start)
        by_key: dict[str, list[_Candidate]] = {}
        for candidate in candidates:
            by_key.setdefault(candidate.key, []).append(candidate)
        labels = [same[0].node.label for same in by_key.values()]
        resolved = dict(zip(by_key, cmark.resolve_labels(self.source.markdown, labels), strict=True))
        chosen: dict[str, _Candidate] = {}
        for key, same in by_key.items():
            href = resolved[key]
            if href is not None:
                match = next((other for other in same if _same_url(other.data["url"], href)), None)
                chosen[key] = match or next((other for other in same if not other.suspect), same[0])
        kept: set[int] = set()
        for candidate in candidates:
            first = chosen.get(candidate.key)
            if first is None:
                continue  # GitHub reads these lines as text
            if candidate is not first and (candidate.suspect or candidate.key not in self.definitions):
                continue  # a suspect that is not the one GitHub uses is text; so is a repeat before it
            candidate.node.used = candidate is first
            if candidate is first:
                self.definitions[candidate.key] = candidate.node
                self.env["ref_links"][candidate.key] = candidate.data
            kept.add(id(candidate))
            self.all.append(candidate.node)
        for owner, run in _by_owner(candidates).items():
            taken = 0
            for candidate in run:  # the definitions a paragraph starts with, up to the first GitHub refuses
                if id(candidate) not in kept:
                    break
                taken = candidate.end
            if taken:
                self.skipped[owner] = taken

    def _container(self, container: cmark.Block, chain: _Chain, base: int | None = None) -> None:
        """Collect the candidates in ``container``. ``base`` is where its parent's content starts on the
        container's first line when the parent starts on that line too (an item's marker is its prefix);
        ``chain`` holds the block quotes and list items around it with theirs. Their prefixes are worked
        out only for a candidate on a continuation line: definitions are rare."""
        if container.kind in ("block_quote", "item", "tasklist"):
            chain = (*chain, (container, base))
        quotes = container.quotes + (container.kind == "block_quote")
        covered_to = container.start_line - 1
        if container.kind == "document":
            covered_to = max(covered_to, self.source.front_matter_lines)  # blank to the parser, not to us
        children = container.children
        for index, child in enumerate(children):
            if child.start_column == 0:
                # No position: the lines before a table's header row, which cmark-gfm reads as text.
                if index + 1 < len(children) and children[index + 1].kind == "table":
                    place_header_paragraph(self.lines, child, children[index + 1])
                    covered_to = max(covered_to, child.end_line)
                continue
            first = table_start_line(self.lines, child) if child.kind == "table" else child.start_line
            self._uncovered(container, covered_to + 1, first - 1, quotes, chain)
            if child.kind in ("paragraph", "heading"):
                self._leading(child, chain)
            elif child.kind in CONTAINERS:
                inner = None
                if child.start_line == container.start_line:
                    # A list has no prefix of its own: its items measure from its container's content.
                    inner = base if container.kind in ("list", "document") else self._container_content(container)
                self._container(child, chain, inner)
            covered_to = max(covered_to, block_last_line(self.lines, self.source.text, child))
        # The document's own end position stops at its last block: definitions may follow.
        last = len(self.lines.starts) if container.kind == "document" else self.lines.last_line(container)
        self._uncovered(container, covered_to + 1, last, quotes, chain)

    def _needs(self, chain: _Chain) -> tuple[_Need, ...]:
        needs: tuple[_Need, ...] = ()
        for block, base in chain:
            if block.kind == "block_quote":
                needs = (*needs, _Need(True))
            else:
                needs = (*needs, _Need(False, self._item_columns(block, needs, base)))
        return needs

    def _leading(self, block: cmark.Block, chain: _Chain) -> None:
        start = self.lines.offset(block.start_line, block.start_column)
        text = self.source.text
        if text[start : start + 1] != "[" or text.find("]:", start, self.lines.end(block.end_line)) < 0:
            return  # no definition: the commonest case by far, a list entry starting with its link
        if block.kind == "heading":
            if atx_marker(self.lines, self.source.text, block) is not None:
                return
            last = setext_underline(self.lines, self.source.text, block) - 1  # the underline is no content
        else:
            last = self.lines.last_line(block)
        cut, segments = self.lines.cut(start, block.start_line + 1, last, block.quotes)
        self._candidate(cut, segments, id(block), block.start_line, chain)

    def _uncovered(self, container: cmark.Block, first: int, last: int, quotes: int, chain: _Chain) -> None:
        """Lines of ``container`` no child block covers: blank, or a paragraph of definitions only."""
        line = first
        while line <= last:
            start = self._line_content(container, line, quotes)
            if start >= self.lines.end(line):
                line += 1
                continue
            run_end = line
            while run_end < last and self._line_content(container, run_end + 1, quotes) < self.lines.end(run_end + 1):
                run_end += 1
            text, segments = self.lines.cut(start, line + 1, run_end, quotes)
            self._candidate(text, segments, None, line, chain)
            line = run_end + 1

    def _line_content(self, container: cmark.Block, line: int, quotes: int) -> int:
        if line == container.start_line and container.kind != "document":
            return self._container_content(container)
        return self.lines.content_start(line, quotes)

    def _container_content(self, container: cmark.Block) -> int:
        """Where the content of a container's first line starts: after the quote marker or item marker."""
        text = self.source.text
        pos = self.lines.offset(container.start_line, container.start_column)
        end = self.lines.end(container.start_line)
        if container.kind == "block_quote" and pos < end and text[pos] == ">":
            pos += 1
        elif container.kind in ("item", "tasklist"):
            pos += len(marker_at(text, pos))
        while pos < end and text[pos] in BLANKS:
            pos += 1
        return pos

    def _candidate(self, text: str, segments: list[Segment], owner: int | None, first_line: int, chain: _Chain) -> None:
        found, _ = read_definitions(text)
        mapper = SegmentMap(segments, 0)
        for info in found:
            span = mapper.span(info["span"][0], min(info["span"][1], len(text)))
            url_span = mapper.span(*info["url_span"])
            node = RefDefinition(label=info["label"], url=info["url"], url_span=url_span, span=span)
            end = min(info["span"][1], len(text))
            suspect = False
            line = self.source.position(span.start).line
            if line > first_line and chain:
                reach, complete = self._matched(line, self._needs(chain))
                suspect = not complete and reach < span.start
            self._candidates.append(_Candidate(info["key"], node, info["data"], owner, end, suspect))

    def _item_columns(self, item: cmark.Block, needs: tuple[_Need, ...], base: int | None) -> int:
        """How far an item's content is indented from its container's content: CommonMark's rule."""
        text = self.source.text
        line_start = self.lines.start(item.start_line)
        if base is None:
            base = self._matched(item.start_line, needs)[0]
        marker_start = self.lines.offset(item.start_line, item.start_column)
        after = marker_start + len(marker_at(text, marker_start))
        end = self.lines.end(item.start_line)
        content = after
        while content < end and text[content] in BLANKS:
            content += 1
        before = len(text[line_start:base].expandtabs(4))
        width = len(text[line_start:after].expandtabs(4)) - before
        gap = len(text[line_start:content].expandtabs(4)) - before - width
        return width + (gap if 1 <= gap <= 4 and content < end else 1)

    def _matched(self, line: int, needs: tuple[_Need, ...]) -> tuple[int, bool]:
        """How far ``line``'s container prefixes reach, and whether all of them are there (a line
        without some is a lazy one). Columns count with tabs expanded; a tab may reach past one
        container's indentation into the next one's."""
        text, start, end = self.source.text, self.lines.start(line), self.lines.end(line)
        pos = start
        base = 0
        """The column where the current container's content starts."""
        for need in needs:
            if need.quote:
                blank = pos
                while blank < end and blank - pos < 3 and text[blank] == " ":
                    blank += 1
                if blank >= end or text[blank] != ">":
                    return pos, False
                pos = blank + 1 + (blank + 1 < end and text[blank + 1] in BLANKS)
                base = len(text[start:pos].expandtabs(4))
                continue
            target = base + need.columns
            reach = pos
            while len(text[start:reach].expandtabs(4)) < target and reach < end and text[reach] in BLANKS:
                reach += 1
            if len(text[start:reach].expandtabs(4)) < target:
                return pos, False
            pos, base = reach, target
        return pos, True


def _by_owner(candidates: list[_Candidate]) -> dict[int, list[_Candidate]]:
    runs: dict[int, list[_Candidate]] = {}
    for candidate in candidates:
        if candidate.owner is not None:
            runs.setdefault(candidate.owner, []).append(candidate)
    return runs


def _same_url(ours: str, github: str) -> bool:
    """Whether mistune's and cmark-gfm's renderings of a destination are the same URL."""
    from html import unescape
    from urllib.parse import unquote

    return unquote(ours) == unquote(unescape(github))


def block_last_line(lines: Lines, text: str, block: cmark.Block) -> int:
    """A block's last line, where cmark-gfm's end position is not to be trusted."""
    if block.kind == "heading" and atx_marker(lines, text, block) is None:
        return setext_underline(lines, text, block)
    if block.kind == "html_block" and block.literal:
        # cmark-gfm's end position of an HTML block can be wrong (before its start, at the end
        # of the file); its content has one line per source line.
        literal = block.literal
        return block.start_line + literal.count("\n") - literal.endswith("\n")
    return lines.last_line(block)


def table_start_line(lines: Lines, table: cmark.Block) -> int:
    """A table's header line: its rows are consecutive lines, the delimiter row after the header, up to
    its last line (cmark-gfm's start is where the paragraph it grew from started)."""
    return lines.last_line(table) - len(table.children)


def place_header_paragraph(lines: Lines, paragraph: cmark.Block, table: cmark.Block) -> None:
    """Give a position to the paragraph cmark-gfm splits off a table: the lines from where the table's
    paragraph started to the header row. cmark-gfm gives it none, and takes no definitions from it
    (its ``[label]: url`` lines are text, its URLs links)."""
    paragraph.start_line, paragraph.start_column = table.start_line, table.start_column
    paragraph.end_line = table_start_line(lines, table) - 1
    paragraph.end_column = max(1, lines.end(paragraph.end_line) - lines.start(paragraph.end_line))


def atx_marker(lines: Lines, text: str, block: cmark.Block) -> tuple[int, int] | None:
    """The span of an ATX heading's ``#`` run, or None for a setext heading."""
    if lines.last_line(block) != block.start_line:
        return None  # a setext heading has at least its text line and its underline
    start = lines.offset(block.start_line, block.start_column)
    end = lines.end(block.start_line)
    pos = start
    while pos < end and text[pos] in BLANKS:
        pos += 1
    hashes = pos
    while hashes < end and text[hashes] == "#" and hashes - pos < 6:
        hashes += 1
    return (pos, hashes) if hashes > pos else None


def setext_underline(lines: Lines, text: str, block: cmark.Block) -> int:
    """The line of a setext heading's underline: the first after its text that holds only ``=`` or
    only ``-`` (cmark-gfm's end position runs on into the block after the heading)."""
    last = max(lines.last_line(block), block.start_line + 1)
    for line in range(block.start_line + 1, last + 1):
        content = text[lines.content_start(line, block.quotes) : lines.end(line)].rstrip(BLANKS)
        if content and (set(content) == {"="} or set(content) == {"-"}):
            return line
    return lines.last_line(block)
