"""AL102 empty-heading."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document, Span
from ..findings import Applicability, Change, Edit, Fix, Violation
from .base import Rule


class EmptyHeading(Rule):
    """What it does
      Reports ATX headings that have no text: `##`, `#   #`, `### ###`.

    Why is this bad?
      An empty heading renders as an empty, anchorless line: a section with
      no name in the outline and the table of contents, usually the leftover
      of a deleted category or a typo such as `##Tools` followed by `##`.

    Example
      ```markdown
      ## Tools
      ##
      - [Foo](https://example.com/foo)
      ```
      The second heading is reported. `--unsafe-fixes` removes the heading (its
      line, or inside a list item or a quote only the heading, keeping the
      markers): unsafe, because the heading may have been meant to get a name.
      Headings are the ones GitHub renders: a `##` line that GitHub reads as
      part of a paragraph or a code block is not a heading.
    """

    code = "AL102"
    name = "empty-heading"
    summary = "Give every heading some text"
    fixable = True

    def check(self, document: Document) -> Iterator[Violation]:
        for heading in document.headings:
            if heading.marker_span is not None and not heading.text.strip():
                span = Span(heading.marker_span.start, heading.span.end)
                yield Violation(
                    span, f"empty heading (level {heading.level})", _remove(document.text, span, heading.level)
                )


def _remove(text: str, span: Span, level: int) -> Fix:
    """Delete the heading: its whole line at the top level, only the heading inside a list item or a quote.

    A line of its own goes with its line ending (the one before it on the last line, so
    that a file without a final newline stays without); inside a container the markers
    before the heading stay, and so does every line ending.
    """
    changes = (Change("remove", f"h{level}"),)
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    if text[start : span.start].strip():
        prefix_end = len(text[start : span.start].rstrip(" \t")) + start
        return Fix((Edit(prefix_end, len(text) if end < 0 else end, ""),), Applicability.UNSAFE, changes)
    if end >= 0:
        return Fix((Edit(start, end + 1, ""),), Applicability.UNSAFE, changes)
    # The last line: the blank lines before it go too, so that the file still ends without one.
    blanks = _TRAILING_BLANK_LINES.search(text, 0, start)
    return Fix((Edit(blanks.start() if blanks else 0, len(text), ""),), Applicability.UNSAFE, changes)


_TRAILING_BLANK_LINES = re.compile(r"(?:\n[ \t]*)+\Z")
