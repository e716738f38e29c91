"""What GitHub renders: cmark-gfm's HTML, read back for the tests' oracle.

The document model takes its block structure from cmark-gfm's XML; this module
reads the *HTML* that cmark-gfm renders through ``cmarkgfm``'s public API (what
PyPI and GitHub show), with source positions, so that a test compares the model
with the rendering by a path that shares no code with it. Raw HTML is left out
of the rendering (``<!-- raw HTML omitted -->``): an ``<a>`` written in an HTML
block is not a Markdown link.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options

_SOURCEPOS = re.compile(r"(\d+):(\d+)-(\d+):(\d+)")
HEADINGS = {f"h{level}": level for level in range(1, 7)}


@dataclass
class Rendered:
    items: list[int] = field(default_factory=list)
    """Offsets where GitHub starts each list item (its marker)."""
    item_lines: list[tuple[int, int]] = field(default_factory=list)
    """``(first line, last line)`` of each list item, 1-based; the last line as cmark-gfm gives it."""
    headings: list[tuple[int, int]] = field(default_factory=list)
    """``(offset, level)`` of each heading's first character."""
    code_blocks: list[int] = field(default_factory=list)
    """Offsets of each code block's first character (a fence, or the code of an indented block)."""
    table_rows: list[int] = field(default_factory=list)
    """How many rows each table has, in order."""
    anchors: Counter[str] = field(default_factory=Counter)
    """The ``href`` of every link."""
    images: Counter[str] = field(default_factory=Counter)
    """The ``src`` of every image."""
    code_spans: int = 0
    ordered_starts: list[int] = field(default_factory=list)
    """The ``start`` of each ordered list (1 when the attribute is absent)."""


class _Reader(HTMLParser):
    def __init__(self, offset: _Offsets) -> None:
        super().__init__(convert_charrefs=True)
        self.position = offset
        self.out = Rendered()
        self.in_pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        where = _SOURCEPOS.fullmatch(values.get("data-sourcepos") or "")
        start = self.position(int(where[1]), int(where[2])) if where else -1
        if tag == "li" and where:
            self.out.items.append(start)
            last = int(where[3]) - (where[4] == "0")
            self.out.item_lines.append((int(where[1]), max(last, int(where[1]))))
        elif tag in HEADINGS and where:
            self.out.headings.append((start, HEADINGS[tag]))
        elif tag == "pre":
            self.in_pre += 1
            if where:
                self.out.code_blocks.append(start)
        elif tag == "table":
            self.out.table_rows.append(0)
        elif tag == "tr":
            self.out.table_rows[-1] += 1
        elif tag == "a" and values.get("href") is not None and "data-footnote-ref" not in values:
            self.out.anchors[values["href"] or ""] += 1
        elif tag == "img":
            self.out.images[values.get("src") or ""] += 1
        elif tag == "code" and not self.in_pre:
            self.out.code_spans += 1
        elif tag == "ol":
            self.out.ordered_starts.append(int(values.get("start") or 1))

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.in_pre -= 1


class _Offsets:
    """cmark-gfm's 1-based byte columns of ``text``'s lines, as offsets into ``text``."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def __call__(self, line: int, column: int) -> int:
        encoded = self.lines[line - 1].encode("utf-8", "surrogatepass")
        return self.starts[line - 1] + len(encoded[: column - 1].decode("utf-8", "ignore"))


def render(markdown: str, text: str | None = None) -> Rendered:
    """What GitHub shows for ``markdown`` (front matter already blanked, as the linter parses it), with
    offsets into ``text`` (the file's text, front matter included: the same lines)."""
    html = cmarkgfm.github_flavored_markdown_to_html(
        markdown, options=Options.CMARK_OPT_SOURCEPOS | Options.CMARK_OPT_FOOTNOTES
    )
    reader = _Reader(_Offsets(markdown if text is None else text))
    reader.feed(html)
    reader.close()
    return reader.out
