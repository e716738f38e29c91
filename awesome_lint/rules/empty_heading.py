"""AL102 empty-heading."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

from ..document import Document, Heading, Span
from ..document.anchors import heading_text, html_ids
from ..document.cmark import render_html
from ..findings import Applicability, Change, Edit, Fix, Violation
from .base import Rule


class EmptyHeading(Rule):
    """What it does
      Reports headings that GitHub renders without any text: `##`, `#   #`,
      `### ###`, and headings (ATX or setext) that hold only an HTML comment,
      an empty anchor (`<a name="x"></a>`), an empty link (`[](url)`), an image
      without alt text, `&nbsp;` or other blanks, or emphasis around nothing
      visible (`**&nbsp;**`). What counts is what cmark-gfm, GitHub's parser,
      renders: `## **` shows `**` and is not empty; an emoji, an image with alt
      text or a badge is text.

    Why is this bad?
      An empty heading renders as an empty line with no name in the outline and
      the table of contents, usually the leftover of a deleted category, a typo
      such as `##Tools` followed by `##`, or an anchor or a comment written as a
      heading.

    Example
      ```markdown
      ## Tools
      ##
      ## <!-- TODO -->
      - [Foo](https://example.com/foo)
      ```
      Both headings after `## Tools` are reported. `--unsafe-fixes` removes the
      heading (its line, or inside a list item or a quote only the heading,
      keeping the markers): unsafe, because the heading may have been meant to
      get a name. A heading that holds an `id` or `name` anchor gets no fix: links
      from other pages may point to it. Headings are the ones GitHub renders: a
      `##` line that GitHub reads as part of a paragraph or a code block is not a
      heading.

    Options
      None.
    """

    code = "AL102"
    name = "empty-heading"
    summary = "Give every heading some text"
    fixable = True

    def check(self, document: Document) -> Iterator[Violation]:
        for heading in document.headings:
            bare = not heading.text.strip()
            if not bare and not _renders_empty(heading):
                continue
            start = heading.marker_span.start if heading.marker_span is not None else heading.span.start
            span = Span(start, heading.span.end)
            message = f"empty heading (level {heading.level})"
            if not bare:
                message += ": GitHub shows no text"
            anchored = bool(html_ids(_COMMENT.sub("", heading.text)))
            fix = None if anchored else _remove(document.text, span, heading.level)
            yield Violation(span, message, fix)


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]*>")
_CONTINUATION_PREFIX = re.compile(r"\n[ \t>]*")
_BLANKS = frozenset("\u115f\u1160\u2800\u3164\uffa0")
"""Letters and symbols that show nothing (Hangul fillers, the blank braille pattern)."""


def _blank(text: str) -> bool:
    """Whether ``text`` shows nothing: only white space, format characters (zero-width ones) and blank glyphs."""
    return all(char.isspace() or char in _BLANKS or unicodedata.category(char) == "Cf" for char in text)


def _renders_empty(heading: Heading) -> bool:
    """Whether GitHub shows no text for ``heading``, which has some Markdown.

    A cheap look at the text GitHub's anchors are made from (markers, tags and images gone)
    leaves only a few candidates; those are rendered with cmark-gfm, with a stand-in
    definition for each reference link, and the text of the HTML judged.
    """
    # Continuation lines of a setext heading still hold their container prefixes (`>`, indentation).
    inline = _CONTINUATION_PREFIX.sub(" ", heading.text)
    if not _blank(html.unescape(heading_text(_COMMENT.sub("", inline)))):
        return False
    labels = {link.definition.label for link in heading.links if link.definition is not None}
    definitions = "".join(f"\n\n[{label}]: #" for label in sorted(labels))
    # The explicit closing sequence keeps a final `#` of the text as text.
    rendered = render_html(f"# {inline} #{definitions}")
    shown = _IMAGE.sub(_alt, _COMMENT.sub("", rendered))
    return _blank(html.unescape(_HTML_TAG.sub("", shown)))


def _alt(image: re.Match[str]) -> str:
    """An image's alt text: what it shows in place of the picture, and what reads it out."""
    alt = _ALT.search(image.group())
    return "".join(alt.groups(default="")) if alt else ""


def _remove(text: str, span: Span, level: int) -> Fix:
    """Delete the heading: its whole lines at the top level, only the heading inside a list item or a quote.

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
