"""AL411 table-of-contents."""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from difflib import SequenceMatcher

from ..document import Document, Heading, Link, ListBlock, Span
from ..document.anchors import heading_text, html_ids
from ..findings import Violation
from ._toc_regenerate import anchor_of, regenerate
from .base import Rule

_CONTENTS = re.compile(r"(?:table of )?contents", re.IGNORECASE)
EXEMPT = frozenset({"contributing", "footnotes", "related lists", "license", "licence"})
"""Sections a table of contents may leave out."""


class TableOfContents(Rule):
    """What it does
      When the list has a `## Contents` (or `## Table of Contents`) section,
      checks that it is the first section, that its links follow the `##` and
      `###` headings after it in order, that none is listed twice, and that
      no two sections share a name (the table of contents can only jump to the
      first). Contributing, Footnotes, Related Lists and License may be left
      out or listed; links to the main heading, to Contents itself and to
      headings below level 3 are allowed. Every
      mismatch is reported, not only the first. Anchors are GitHub's; a link
      to an anchor that does not exist is `broken-anchor`'s to report.

    Why is this bad?
      The table of contents is how readers move through a long list; a
      section missing from it is a section few readers find, and one out of
      order sends them up and down the page.

    Example
      ```markdown
      ## Contents
      - [Editors](#editors)

      ## Editors
      ## Linters
      ```
      Reported: `the table of contents lacks the section "Linters" (line 5)`.
      `--fix` writes the table again from the headings, in its own style
      (bullet, indentation, how deep it goes), here adding
      `- [Linters](#linters)`. Entries already there keep their text; new ones
      read the heading's plain text and link its anchor (`-1`, `-2` for a
      repeated name). The exempt sections stay listed or unlisted as they
      were; entries for the main heading, for Contents itself or for another
      page stay when they come first or last; repeats, sections before the
      Contents and anchors that exist nowhere go. Only the list changes,
      and only a plain one (a bullet list, one link an item, an item a line):
      a numbered or loose table, or one with text between its items, is
      reported and left alone. The finding that comes first carries the fix.

    Options
      None. It replaces the npm awesome-lint's `awesome-toc`.
    """

    code = "AL411"
    name = "table-of-contents"
    summary = "Keep the table of contents in step with the sections"
    list_only = True
    fixable = True
    npm = ("awesome-toc",)

    def check(self, document: Document) -> Iterator[Violation]:
        headings = document.headings
        contents = next(
            (i for i, h in enumerate(headings) if h.level == 2 and _CONTENTS.fullmatch(_name(h))), None
        )
        if contents is None:
            return
        heading = headings[contents]
        first_section = next((h for h in headings if h.level == 2), None)
        if first_section is not heading:
            yield Violation(_place(heading), "the Contents section should be the first section, before the others")
        following = next((h for h in headings[contents + 1 :] if h.level <= heading.level), None)
        block = _toc_list(document, heading, following)
        if block is None:
            yield Violation(_place(heading), "the Contents section has no list of links")
            return
        aliases = _aliases(document, headings, document.heading_anchors)
        mismatches = list(self._mismatches(document, contents, block, aliases))
        if not mismatches:
            return
        known = set(document.heading_anchors)

        def resolve(url: str) -> str | None:
            anchor = _target(anchor_of(url), known, aliases)
            return anchor if anchor in known else None

        fix = regenerate(document, block, contents, resolve, lambda h: _name(h).casefold() in EXEMPT)
        first = min(range(len(mismatches)), key=lambda i: mismatches[i].span.start)
        for index, violation in enumerate(mismatches):
            yield Violation(violation.span, violation.message, fix) if index == first else violation

    def _mismatches(
        self, document: Document, contents: int, block: ListBlock, aliases: dict[str, str]
    ) -> Iterator[Violation]:
        """What the table gets wrong: what writing it again from the headings repairs."""
        headings = document.headings
        anchors = document.heading_anchors
        toc = _links(document, block)
        known = {anchor: h for anchor, h in zip(anchors, headings, strict=True)}
        # Optional: the main heading, Contents itself, the exempt sections, headings below level 3.
        skipped = {anchors[contents]} | {
            anchors[i]
            for i, h in enumerate(headings)
            if h.level == 1 or h.level > 3 or _name(h).casefold() in EXEMPT
        }
        expected = [
            (anchor, h)
            for anchor, h in zip(anchors[contents + 1 :], headings[contents + 1 :], strict=True)
            if anchor and h.level in (2, 3) and _name(h).casefold() not in EXEMPT
        ]
        links: list[tuple[str, Link]] = []
        seen: set[str] = set()
        for link in toc:
            anchor = _target(anchor_of(link.url), known, aliases)
            if anchor is None or anchor in skipped or anchor not in known:
                continue
            if anchor in seen:
                yield Violation(link.span, f'the table of contents lists "#{anchor}" twice')
                continue
            seen.add(anchor)
            links.append((anchor, link))
        names: dict[str, Heading] = {}
        repeated: set[str] = set()
        for anchor, h in expected:
            key = _name(h).casefold()
            if key in names and anchor not in seen:  # a repeat the table reaches by its own anchor is fine
                repeated.add(anchor)
                line = document.position(names[key].span.start).line
                yield Violation(
                    _place(h),
                    f'a second section named "{_name(h)}" (the first is on line {line}): '
                    "the table of contents can only jump to the first",
                )
            else:
                names[key] = h
        wanted = [anchor for anchor, _ in expected]
        listed = [anchor for anchor, _ in links]
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, wanted, listed, autojunk=False).get_opcodes():
            if tag in ("delete", "replace"):
                where = links[j1][1].span if j1 < len(links) else toc[-1].span
                for anchor, h in expected[i1:i2]:
                    if anchor in seen or anchor in repeated:
                        continue  # listed elsewhere (out of order, below), or a repeated name (above)
                    line = document.position(h.span.start).line
                    yield Violation(where, f'the table of contents lacks the section "{_name(h)}" (line {line})')
            if tag in ("insert", "replace"):
                for anchor, link in links[j1:j2]:
                    if anchor in wanted:
                        yield Violation(link.span, f'"#{anchor}" is out of order: list the sections as they come')
                    else:
                        yield Violation(link.span, f'"#{anchor}" is a section before the Contents: not one to list')


def _name(heading: Heading) -> str:
    return " ".join(heading_text(heading.text).split())


def _place(heading: Heading) -> Span:
    return heading.marker_span or Span(heading.span.start, heading.span.start + 1)


def _target(anchor: str | None, known: Container[str], aliases: dict[str, str]) -> str | None:
    """The heading an anchor reaches: a heading's own anchor wins over an ``<a name>`` that repeats it
    next to another heading."""
    if anchor is None or anchor in known:
        return anchor
    return aliases.get(anchor, anchor)


def _aliases(document: Document, headings: list[Heading], anchors: list[str]) -> dict[str, str]:
    """``<a name="x"></a>`` on a heading's line or the line before it: another name for that heading."""
    out: dict[str, str] = {}
    starts = [document.position(h.span.start).line for h in headings]
    by_line = {line: anchor for line, anchor in zip(starts, anchors, strict=True)}
    for node in document.html:
        line = document.position(node.span.start).line
        target = by_line.get(line) or by_line.get(line + 1) or by_line.get(line + 2)
        if target is None:
            continue
        for name in html_ids(node.text):
            out.setdefault(name, target)
    return out


def _toc_list(document: Document, heading: Heading, following: Heading | None) -> ListBlock | None:
    """The first list of the Contents section (up to the next section)."""
    end = following.span.start if following is not None else len(document.text)
    for candidate in document.lists:
        start = candidate.items[0].marker_span.start if candidate.items else -1
        if heading.span.end <= start < end and candidate.depth == 0:
            return candidate
    return None


def _links(document: Document, block: ListBlock) -> list[Link]:
    """The links of the list, nested items' included."""
    last = block.items[-1].end_line_offset
    first = block.items[0].marker_span.start
    return [link for link in document.links if first <= link.span.start < last and not link.image]
