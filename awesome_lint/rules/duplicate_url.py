"""AL201 duplicate-url."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document, LinkKind
from ..findings import Violation
from ..urls import comparable
from .base import Rule
from .insecure_url import shorten


class DuplicateUrl(Rule):
    """What it does
      Reports a resource listed twice: two entries whose main links point to
      the same URL. An entry is a list item or a table row, and its main link
      is the link it starts with (in a table row, the first link in the row).
      Links in descriptions, paragraphs and the table of contents are
      cross-references, not listings, and are not compared. URLs are compared
      after normalising: `http` and `https` are the same, host case, a default
      port and a trailing slash do not matter; query and fragment do. Only
      `http(s)` URLs count. Each repeat is reported at its URL, naming the
      line of the first occurrence.

    Why is this bad?
      A project listed twice is usually a merge accident or a contributor who
      did not search the list first. Readers see the same entry twice, and the
      two copies drift apart as one of them gets updated.

    Example
      ```markdown
      - [Raft](https://raft.github.io/) - Consensus made understandable.
      - [Raft Consensus](http://raft.github.io) - The Raft site.
      ```
      The second entry is reported: `duplicate URL "http://raft.github.io"
      (first listed on line 1)`. There is no automatic fix: which entry stays
      is a human decision.
    """

    code = "AL201"
    name = "duplicate-url"
    summary = "List each resource once"

    def check(self, document: Document) -> Iterator[Violation]:
        first_line: dict[str, int] = {}
        for entry in document.entries:
            link = entry.main_link
            if link.image:
                continue
            key = comparable(link.url)
            if key is None:
                continue
            # A reference link's URL sits in its definition, which entries may share:
            # point at the link in the entry instead.
            span = link.span if link.kind is LinkKind.REFERENCE else link.url_span
            line = document.position(span.start).line
            if key in first_line:
                yield Violation(
                    span,
                    f'duplicate URL "{shorten(link.url)}" (first listed on line {first_line[key]}); '
                    "remove one of the entries",
                )
            else:
                first_line[key] = line
