"""URLs written in raw HTML: ``<a href>``, ``<img src>``, ``<source srcset>``, at their exact place.

The standard library's :mod:`html.parser` decides what is a tag: it skips comments,
declarations, processing instructions and the content of ``<script>`` and ``<style>``
as a browser does, which no regex of reasonable size gets right. It reports no
positions, though, so each start tag it finds is read again here with an attribute
pattern that records where every value is written; a tag whose values this reading
and :mod:`html.parser` do not agree on (entities decoded) is left out rather than
guessed at. A ``srcset`` is split into its candidates as the HTML standard splits it,
so that ``data:`` URLs with commas stay whole.

Each raw HTML node is read on its own (an inline tag, or an HTML block); a block's text
has its container prefixes (``>``, indentation) removed, and each of its lines maps back
to the end of its source line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from ..source import Source
from .nodes import Html, Span

URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "poster", "cite", "action", "formaction", "longdesc", "background"}
)
"""Attributes whose value is a URL (``srcset``: a list of them). ``xmlns`` names a namespace, not a place."""

_TAG_NAME = re.compile(r"<([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTRIBUTE = re.compile(
    r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*"""
)
"""An attribute of a start tag: :mod:`html.parser`'s own tolerant pattern, with the value's place kept."""


@dataclass(frozen=True, slots=True)
class HtmlUrl:
    """One URL in an HTML attribute (one candidate of a ``srcset``)."""

    url: str
    """As written in the source: entities kept (``html.unescape`` gives what the browser gets)."""
    span: Span
    """The URL in ``Document.text``: the attribute value without its quotes, or one ``srcset`` candidate."""
    tag: str
    """The element's name, lower-cased."""
    attribute: str
    """The attribute's name, lower-cased."""


class _StartTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[int, int, str, list[tuple[str, str | None]]]] = []
        """(line, column, raw text, attributes) of each start tag, as :mod:`html.parser` reads them."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        self.tags.append((line, column, self.get_starttag_text() or "", attrs))

    handle_startendtag = handle_starttag


def html_urls(source: Source, nodes: list[Html]) -> list[HtmlUrl]:
    """Every URL in the URL attributes of ``nodes``, in source order."""
    out: list[HtmlUrl] = []
    for node in nodes:
        if "=" in node.text:
            out.extend(_node_urls(source, node))
    return out


def _node_urls(source: Source, node: Html) -> list[HtmlUrl]:
    parser = _StartTags()
    parser.feed(node.text)
    parser.close()
    lines = node.text.split("\n")
    starts = _line_offsets(lines)
    mapped = _line_map(source, node, lines)
    out: list[HtmlUrl] = []
    for line, column, raw, attrs in parser.tags:
        name_match = _TAG_NAME.match(raw)
        if name_match is None:
            continue
        found = list(_attributes(raw, name_match.end()))
        if [(name, html.unescape(value) if value is not None else None) for name, value, _ in found] != attrs:
            continue  # read otherwise than html.parser reads it: not guessed at
        tag_start = starts[line - 1] + column
        tag = name_match[1].lower()
        for name, value, start in found:
            if name not in URL_ATTRIBUTES or not value:
                continue
            pieces = _srcset(value) if name == "srcset" else [(0, len(value))]
            for begin, end in pieces:
                span = _to_source(tag_start + start + begin, tag_start + start + end, starts, mapped)
                if span is not None and source.text[span.start : span.end] == value[begin:end]:
                    out.append(HtmlUrl(value[begin:end], span, tag, name))
    return out


def _attributes(raw: str, pos: int) -> list[tuple[str, str | None, int]]:
    """(name lower-cased, value as written, offset of the value in ``raw``) of each attribute."""
    out: list[tuple[str, str | None, int]] = []
    while pos < len(raw):
        match = _ATTRIBUTE.match(raw, pos)
        if match is None:
            break
        name, rest, value = match.group(1, 2, 3)
        if not rest:
            out.append((name.lower(), None, match.end()))
        else:
            start = match.start(3)
            if value[:1] == value[-1:] and value[:1] in ("'", '"') and len(value) >= 2:
                value, start = value[1:-1], start + 1
            out.append((name.lower(), value, start))
        pos = match.end()
    return out


def _srcset(value: str) -> list[tuple[int, int]]:
    """The URL of each image candidate of a ``srcset``, as the HTML standard splits them."""
    out: list[tuple[int, int]] = []
    pos, size = 0, len(value)
    while pos < size:
        while pos < size and (value[pos] in ", " or value[pos].isspace()):
            pos += 1
        start = pos
        while pos < size and not value[pos].isspace():
            pos += 1
        end = pos
        if end > start and value[end - 1] == ",":
            while end > start and value[end - 1] == ",":
                end -= 1
        else:
            depth = 0  # descriptors run to a comma outside parentheses
            while pos < size and (value[pos] != "," or depth):
                depth += (value[pos] == "(") - (value[pos] == ")" and depth > 0)
                pos += 1
        if end > start:
            out.append((start, end))
    return out


def _line_offsets(lines: list[str]) -> list[int]:
    offsets, total = [], 0
    for line in lines:
        offsets.append(total)
        total += len(line) + 1
    return offsets


def _line_map(source: Source, node: Html, lines: list[str]) -> list[int | None]:
    """Where each line of the node's text starts in the source (None where it cannot be told).

    The first line starts at the node (an HTML block's literal may also hold the blanks before
    it); each later one after its source line's container prefix, blanks and ``>`` markers.
    """
    first = source.position(node.span.start).line
    text = source.text
    out: list[int | None] = []
    for index, content in enumerate(lines):
        number = first + index
        if number > source.line_count:
            out.append(None)
            continue
        line = source.line_text(number)
        start = source.line_start(number)
        if index == 0:
            if text.startswith(content, node.span.start):
                out.append(node.span.start)
            else:
                out.append(start + len(line) - len(content) if line.endswith(content) else None)
            continue
        prefix = len(line) - len(line.lstrip(" \t>"))
        found = next((p for p in range(prefix + 1) if line.startswith(content, p)), None)
        out.append(None if found is None else start + found)
    return out


def _to_source(start: int, end: int, starts: list[int], mapped: list[int | None]) -> Span | None:
    """Offsets in the node's text to a span of the source (a URL never spans lines)."""
    index = max(0, _line_index(starts, start))
    base = mapped[index]
    if base is None or _line_index(starts, end - 1) != index:
        return None
    return Span(base + start - starts[index], base + end - starts[index])


def _line_index(starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return bisect_right(starts, offset) - 1
