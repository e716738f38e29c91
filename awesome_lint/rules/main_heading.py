"""AL406 main-heading."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document, Heading, Html, Span
from ..document.anchors import heading_text
from ..findings import Applicability, Change, Edit, Fix, Violation
from .base import Rule

_HTML_H1 = re.compile(r"<h1\b", re.IGNORECASE)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]")
_WORD = re.compile(r"[^\s]+")
SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "nor", "of", "on", "or", "the", "to", "via", "vs"}
    | {"with", "into", "onto", "per", "than", "up"}
)
"""Words title case leaves in lower case, except at the start."""


def main_headings(document: Document) -> list[Heading | Span]:
    """The level-1 headings, Markdown or HTML (``<h1>``), in source order."""
    found: list[tuple[int, Heading | Span]] = [(h.span.start, h) for h in document.headings if h.level == 1]
    for html in document.html:
        for match in _HTML_H1.finditer(html.text):
            start = html.span.start + match.start()
            found.append((start, Span(start, start + 3)))
    found.sort(key=lambda pair: pair[0])
    return [item for _, item in found]


class MainHeading(Rule):
    """What it does
      Checks that the list has exactly one level-1 heading (a Markdown `#`
      heading or an HTML `<h1>`), its title, and that the title is in title
      case: every word capitalised except short words such as `and`, `of` or
      `for` after the first. Names with a dot (`Node.js`, `.NET`), with a
      capital inside (`iOS`), with digits, and badges are left as they are.

    Why is this bad?
      The main heading is the list's name on GitHub and in the awesome index;
      a second one splits the outline, and a lower-case title stands out next
      to every other awesome list.

    Example
      ```markdown
      # awesome static analysis
      ```
      Reported: `write the main heading in title case: "awesome static
      analysis" → "Awesome Static Analysis"`; `--unsafe-fixes` capitalises it
      (unsafe: a word may be a name written in lower case on purpose).

    Options
      None. It replaces the npm awesome-lint's `awesome-heading`.
    """

    code = "AL406"
    name = "main-heading"
    summary = "Give the list one level-1 heading, in title case"
    fixable = True
    list_only = True
    npm = ("awesome-heading", "no-multiple-toplevel-headings")

    def check(self, document: Document) -> Iterator[Violation]:
        headings = main_headings(document)
        if not headings and _logo_title(document):
            return
        if not headings:
            text = document.text
            end = text.find("\n")
            yield Violation(
                Span(0, max(end if end >= 0 else len(text), 1) if text else 0),
                "the list has no main heading: start it with a level-1 heading, such as `# Awesome Things`",
            )
            return
        first = headings[0]
        first_line = document.position(first.span.start if isinstance(first, Heading) else first.start).line
        for extra in headings[1:]:
            span = extra.marker_span or extra.span if isinstance(extra, Heading) else extra
            yield Violation(span, f"a second level-1 heading: the list's main heading is the one on line {first_line}")
        if isinstance(first, Heading):
            yield from _title_case(document, first)


_LOGO = re.compile(r"""<img\b[^>]*\balt=["'][^"']*\w""", re.IGNORECASE)
_CENTERED = re.compile(r"""align=["']?center""", re.IGNORECASE)


def _logo_title(document: Document) -> bool:
    """Whether the list opens with a centred logo whose ``alt`` names it, as sindresorhus/awesome
    does: its title, as the awesome guidelines and the npm tool accept it."""
    first = document.blocks[0] if document.blocks else None
    return isinstance(first, Html) and bool(_CENTERED.search(first.text)) and bool(_LOGO.search(first.text))


def _title_case(document: Document, heading: Heading) -> Iterator[Violation]:
    text = document.text
    start = text.find(heading.text, heading.span.start) if heading.text else -1
    if start < 0:
        return
    blanked = _IMAGE.sub(lambda m: " " * len(m.group()), heading.text)
    plain = _LINK.sub(lambda m: m.group(1) or m.group(2) or "", blanked)
    edits: list[Edit] = []
    for index, match in enumerate(_WORD.finditer(heading.text)):
        word = match.group()
        if plain[match.start() : match.end()] != word or not word.isalpha() or not word[0].islower():
            continue  # markup, badges, names with dots, digits or capitals inside
        if index > 0 and word in SMALL_WORDS:
            continue
        if any(char.isupper() for char in word[1:]) or word[0].lower() == word[0].upper():
            continue
        edits.append(Edit(start + match.start(), start + match.start() + 1, word[0].upper()))
    if not edits:
        return
    title = heading.text.strip()
    fixed = list(heading.text)
    for edit in edits:
        fixed[edit.start - start] = edit.replacement
    wanted = "".join(fixed).strip()
    yield Violation(
        Span(start, start + len(heading.text)),
        f'write the main heading in title case: "{plain.strip()}" → "{_plain(wanted)}"',
        Fix(tuple(edits), Applicability.UNSAFE, (Change("text", _plain(title), _plain(wanted)),)),
    )


def _plain(text: str) -> str:
    return " ".join(heading_text(text).split())
