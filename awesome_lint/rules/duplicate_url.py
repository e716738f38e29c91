"""AL201 duplicate-url."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Literal

from ..document import Document, Entry, Link, LinkKind, ListItem, Span
from ..findings import Severity, Violation
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
    sections: Literal["warning", "error", "allow"] = "warning"
    """A duplicate in another top-level (``##``) section: often a project cross-listed on purpose."""
    www: Literal["same", "distinct"] = "same"
    """``same``: ``www.example.com`` and ``example.com`` are one resource; ``distinct``: two."""


def allowed(url: str, patterns: tuple[str, ...]) -> bool:
    text = unescape(url).lower()
    return any(fnmatchcase(text, pattern.lower()) for pattern in patterns)


class DuplicateUrl(Rule):
    """What it does
      Reports a resource listed twice: two entries whose main links point to
      the same URL. An entry is a list item or a table row, and its main link
      is the link it starts with (in a table row, the first link in the row).
      A short prefix before it still leaves it the main link: emoji or
      symbols (`🔥`, `:star:`), a CJK book title (`《三体》`, `【推荐】`), a
      label of at most four words ending in ` - ` or `:` (`MySQL - `,
      `` `MIT` - ``, `中文：`), up to three such pieces, emphasis aside; a bare
      URL or an autolink after a prefix is not a main link.
      Items, rows and paragraphs are the ones GitHub renders (cmark-gfm's block
      structure), so a line GitHub reads as a paragraph's text is no entry.
      Links in descriptions, paragraphs and the table of contents are
      cross-references, not listings, and are not compared. URLs are compared
      as a reader's browser sees them: `http` and `https` are the same, and so
      are host case, a default port, `www.`, an internationalised host and its
      punycode (`bücher.de`, `xn--bcher-kva.de`), a percent-escape and the
      character it stands for (`caf%C3%A9`, `café`; `%2f`, `%2F`), a trailing
      slash, an empty query or fragment (`/a#`, `/a`) and `utm_*` tracking
      parameters (`?utm_source=github`); the rest of the query and fragment,
      and the case of the path, tell resources apart. Only `http(s)` URLs
      count. Each repeat is reported at its URL, naming the line of the first
      occurrence.

      Sections are what the `##` headings start (a `###` belongs to the `##`
      above it; the `#` heading is the list's title and starts one too; an
      empty heading starts none). A repeat within one
      section is an error. A repeat in another section is often a project
      cross-listed on purpose (Ansible under "Cloud Orchestration" and under
      "Configuration Management"): it is a warning, and its message names both
      sections.

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
      (first listed on line 1); remove one of the entries`. Were the second
      entry under another `##` heading, it would be a warning such as
      `duplicate URL "http://raft.github.io" (first listed on line 1, under
      "Consensus"; here under "Papers")`. There is no automatic fix: which
      entry stays is a human decision.

    Options
      `allow` (list of glob patterns, default none): URLs that may repeat,
      e.g. a page that several entries legitimately share. `scope` (`"main"`
      or `"all"`, default `"main"`): with `"all"`, every link is compared (raw
      HTML's `<a href>` too), not only entries' main links; repeats inside
      one entry (a badge next to its project link) still do not count.
      `sections` (`"warning"`, `"error"` or `"allow"`, default `"warning"`):
      what a repeat in another top-level section is (cross-listing); a
      severity configured for the rule
      (`severity = { duplicate-url = "error" }`) applies to every finding.
      `www` (`"same"` or `"distinct"`, default `"same"`): with `"distinct"`,
      `www.example.com` and `example.com` are different sites.
      ```toml
      [tool.awesome-lint.rules.duplicate-url]
      allow = ["https://github.com/sindresorhus/awesome", "https://example.com/*"]
      sections = "allow"  # projects listed under two categories on purpose
      ```
    """

    code = "AL201"
    npm = ("double-link",)
    name = "duplicate-url"
    summary = "List each resource once"
    Options = DuplicateUrlOptions
    options: DuplicateUrlOptions

    def check(self, document: Document) -> Iterator[Violation]:
        first: dict[str, tuple[int, int]] = {}  # URL -> line and section of its first listing
        first_in_section: dict[tuple[str, int], int] = {}
        last_entry: dict[str, int] = {}
        starts, titles = _sections(document)
        same_www = self.options.www == "same"
        cross = self.options.sections
        for url, span, entry in self._compared(document):
            key = comparable(url, same_www=same_www)
            if key is None or (self.options.allow and allowed(url, self.options.allow)):
                continue
            if entry >= 0 and last_entry.get(key) == entry:
                continue  # the same resource twice inside one entry is not a second listing
            last_entry[key] = entry
            line = document.position(span.start).line
            section = bisect_right(starts, span.start) - 1
            if (key, section) in first_in_section:
                yield Violation(
                    span,
                    f'duplicate URL "{shorten(url)}" (first listed on line {first_in_section[key, section]}); '
                    "remove one of the entries",
                )
                continue
            first_in_section[key, section] = line
            if key not in first:
                first[key] = (line, section)
            elif cross != "allow":
                first_line, first_section = first[key]
                there, here = titles[first_section], titles[section]
                if there == here:  # two sections of one name (a list pasted twice): say which
                    there, here = (
                        f"{there} (line {document.position(starts[at]).line})" for at in (first_section, section)
                    )
                yield Violation(
                    span,
                    f'duplicate URL "{shorten(url)}" (first listed on line {first_line}, '
                    f"under {there}; here under {here})",
                    severity=Severity.WARNING if cross == "warning" else Severity.ERROR,
                )

    def _compared(self, document: Document) -> Iterator[tuple[str, Span, int]]:
        """The URLs to compare in source order, each with the span to report and the index
        of its entry (-1: outside any entry)."""
        entries = _entries(document)
        if self.options.scope == "main":
            for index, entry in enumerate(entries):
                if not entry.main_link.image:
                    yield entry.main_link.url, _reported(entry.main_link), index
            return
        found = [
            (link.url, _reported(link))
            for link in document.links
            if not link.image and (link.parent is None or not link.parent.image)
        ]
        found += [(html.url, html.span) for html in document.html_urls if html.tag == "a" and html.attribute == "href"]
        found.sort(key=lambda pair: pair[1].start)
        spans: list[Span] = [entry.span for entry in entries]
        starts = [span.start for span in spans]
        for url, span in found:
            # The innermost entry holding the link: the last one starting before it that
            # also ends after it (a nested item starts after, and ends within, its parent).
            holder = bisect_right(starts, span.start) - 1
            while holder >= 0 and not span.start < spans[holder].end:
                holder -= 1
            yield url, span, holder


def _entries(document: Document) -> list[Entry]:
    """The document's entries, and the list items whose main link follows a short prefix."""
    prefixed = [
        Entry(link, Span(item.marker_span.start, item.end_line_offset))
        for block in document.lists
        for item in block.items
        if (link := prefixed_link(document, item)) is not None
    ]
    if not prefixed:
        return document.entries
    return sorted([*document.entries, *prefixed], key=lambda entry: entry.span.start)


_MARKUP = str.maketrans("", "", "*_~`")
_BOOK_TITLE = re.compile(r"[《〈【][^《》〈〉【】\n]{1,40}[》〉】]|:[a-z0-9_+-]+:")  # or an emoji :shortcode:
_LABEL = re.compile(r"[^\W_][\w.+#&'’/()]*(?:[ -][\w.+#&'’/()]+){0,3}(?: [-–—]|[:：])")
_EMOJI_PARTS = frozenset("\u200d\ufe0e\ufe0f\u20e3")


def prefixed_link(document: Document, item: ListItem) -> Link | None:
    """The first link of an item that starts with a short prefix rather than a link: a few
    emoji or symbols (``🔥``, ``:fire:``), a CJK book title (``《Book》``), a label of up to
    four words ending in `` - `` or ``:`` (``MySQL -``), in any order, at most three of them,
    emphasis and code marks aside. Longer text before the link makes it a sentence's link, not an entry's."""
    paragraph = item.first_paragraph
    if paragraph is None or paragraph.starts_with_link or not paragraph.links:
        return None
    link = paragraph.links[0]
    if link.image or link.parent is not None or link.kind in (LinkKind.AUTOLINK, LinkKind.BARE):
        return None  # an entry names what it lists: ``[Name](url)``
    prefix = document.text[paragraph.span.start : link.span.start]
    if len(prefix) > 60 or "\n" in prefix:
        return None
    rest = prefix.translate(_MARKUP).strip()
    for _ in range(3):
        if not rest:
            return link
        if not rest[0].isalnum() and (rest[0] in _EMOJI_PARTS or unicodedata.category(rest[0])[0] == "S"):
            end = 1
            while end < len(rest) and (rest[end] in _EMOJI_PARTS or unicodedata.category(rest[end]) in ("So", "Sk")):
                end += 1
        elif (piece := _BOOK_TITLE.match(rest) or _LABEL.match(rest)) is not None:
            end = piece.end()
        else:
            return None
        rest = rest[end:].lstrip()
    return link if not rest else None


def _reported(link: Link) -> Span:
    """Where a link's URL is reported: a reference link's URL sits in its definition, which
    entries may share, so the link in the entry stands for it."""
    return link.span if link.kind is LinkKind.REFERENCE else link.url_span


def _sections(document: Document) -> tuple[list[int], list[str]]:
    """Where each top-level section starts, and its title as messages quote it.

    A section is what a ``#`` or ``##`` heading starts: the ``##`` headings are an
    awesome list's categories, a ``###`` belongs to the ``##`` above it, and the ``#``
    heading is the list's title (or, in lists that use it so, a category). An empty
    heading starts none. Index -1 (the last title) stands for the text before the first.
    """
    starts: list[int] = []
    titles: list[str] = []
    for heading in document.headings:
        title = " ".join(heading.text.split())
        if heading.level <= 2 and title:  # an empty heading names no category
            starts.append(heading.span.start)
            titles.append(f'"{shorten(title)}"')
    titles.append("the start of the file")
    return starts, titles
