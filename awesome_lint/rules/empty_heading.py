"""AL102 empty-heading."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document, Span
from ..findings import Applicability, Edit, Fix, Violation
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
      The second heading is reported. `--unsafe-fixes` removes the heading's
      line: unsafe, because the heading may have been meant to get a name.
    """

    code = "AL102"
    name = "empty-heading"
    summary = "Give every heading some text"
    fixable = True

    def check(self, document: Document) -> Iterator[Violation]:
        for heading in document.headings:
            if heading.marker_span is not None and not heading.text.strip():
                span = Span(heading.marker_span.start, heading.span.end)
                yield Violation(span, f"empty heading (level {heading.level})", _remove_line(document.text, span))


def _remove_line(text: str, span: Span) -> Fix:
    """Delete the line holding ``span``, with its line ending."""
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    if end >= 0:
        return Fix((Edit(start, end + 1, ""),), Applicability.UNSAFE)
    # The last line: take the line ending before it instead, keeping "no final newline".
    return Fix((Edit(max(start - 1, 0), len(text), ""),), Applicability.UNSAFE)
