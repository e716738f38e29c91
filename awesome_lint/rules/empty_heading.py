"""AL102 empty-heading."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document, Span
from ..findings import Violation
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
      The second heading is reported.
    """

    code = "AL102"
    name = "empty-heading"
    summary = "Give every heading some text"

    def check(self, document: Document) -> Iterator[Violation]:
        for heading in document.headings:
            if heading.marker_span is not None and not heading.text.strip():
                span = Span(heading.marker_span.start, heading.span.end)
                yield Violation(span, f"empty heading (level {heading.level})")
