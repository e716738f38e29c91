"""AL201 duplicate-url."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Literal

from ..document import Document, Link, LinkKind, Span
from ..findings import Violation
from ..urls import comparable, unescape
from .base import FORBID_EXTRA, Rule
from .insecure_url import shorten


@dataclass(frozen=True)
class DuplicateUrlOptions:
    __pydantic_config__ = FORBID_EXTRA

    allow: tuple[str, ...] = ()
    """Glob patterns of URLs that may be listed more than once (``https://github.com/*/stargazers``)."""
    scope: Literal["main", "all"] = "main"
    """``main``: compare entries' main links; ``all``: every link, except repeats within one entry."""


def allowed(url: str, patterns: tuple[str, ...]) -> bool:
    text = unescape(url).lower()
    return any(fnmatchcase(text, pattern.lower()) for pattern in patterns)


class DuplicateUrl(Rule):
    """What it does
      Reports a resource listed twice: two entries whose main links point to
      the same URL. An entry is a list item or a table row, and its main link
      is the link it starts with (in a table row, the first link in the row).
      Items, rows and paragraphs are the ones GitHub renders (cmark-gfm's block
      structure), so a line GitHub reads as a paragraph's text is no entry.
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

    Options
      `allow` (list of glob patterns, default none): URLs that may repeat,
      e.g. a project legitimately listed in two categories. `scope` (`"main"`
      or `"all"`, default `"main"`): with `"all"`, every link is compared, not
      only entries' main links; repeats inside one entry (a badge next to its
      project link) still do not count.
      ```toml
      [tool.awesome-lint.rules.duplicate-url]
      allow = ["https://github.com/sindresorhus/awesome", "https://example.com/*"]
      ```
    """

    code = "AL201"
    npm = ("double-link",)
    name = "duplicate-url"
    summary = "List each resource once"
    Options = DuplicateUrlOptions
    options: DuplicateUrlOptions

    def check(self, document: Document) -> Iterator[Violation]:
        first_line: dict[str, int] = {}
        last_entry: dict[str, int] = {}
        for link, entry in self._compared(document):
            if link.image:
                continue
            key = comparable(link.url)
            if key is None or (self.options.allow and allowed(link.url, self.options.allow)):
                continue
            if entry >= 0 and last_entry.get(key) == entry:
                continue  # the same resource twice inside one entry is not a second listing
            last_entry[key] = entry
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

    def _compared(self, document: Document) -> Iterator[tuple[Link, int]]:
        """The links to compare, each with the index of its entry (-1: outside any entry)."""
        entries = document.entries
        if self.options.scope == "main":
            for index, entry in enumerate(entries):
                yield entry.main_link, index
            return
        spans: list[Span] = [entry.span for entry in entries]
        starts = [span.start for span in spans]
        for link in document.links:
            if link.parent is not None and link.parent.image:
                continue
            # The innermost entry holding the link: the last one starting before it that
            # also ends after it (a nested item starts after, and ends within, its parent).
            holder = bisect_right(starts, link.span.start) - 1
            while holder >= 0 and not link.span.start < spans[holder].end:
                holder -= 1
            yield link, holder
