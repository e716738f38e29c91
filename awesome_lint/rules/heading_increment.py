"""AL404 heading-increment."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document, Span
from ..findings import Severity, Violation
from .base import Rule


class HeadingIncrement(Rule):
    """What it does
      Checks that heading levels go down one at a time: a `###` right after a
      `#` skips a level. Going back up any number of levels is fine. The first
      heading may have any level. Headings are the ones GitHub renders, ATX
      (`##`) and setext (underlined) alike.

    Why is this bad?
      GitHub builds the outline of a README from its headings; a skipped
      level makes a section look nested under one that does not exist, and
      screen readers announce the levels as they are.

    Example
      ```markdown
      # Awesome Tools
      ### Editors
      ```
      `### Editors` is reported: it should be `## Editors`. No fix: moving
      one heading up may call for moving the ones under it as well.

    Options
      None.
    """

    code = "AL404"
    name = "heading-increment"
    summary = "Go down one heading level at a time"
    severity = Severity.WARNING

    def check(self, document: Document) -> Iterator[Violation]:
        previous: int | None = None
        for heading in document.headings:
            if previous is not None and heading.level > previous + 1:
                marker = heading.marker_span or Span(heading.span.start, heading.span.start + 1)
                yield Violation(
                    marker,
                    f"heading level {heading.level} right after level {previous}: "
                    f"use level {previous + 1} (a heading level was skipped)",
                )
            previous = heading.level
