"""AL401 list-item: the awesome list entry format, ``- [Name](url) - Description.``"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from ..document import Document, Heading, Link, ListItem, Span
from ..findings import Applicability, Change, Edit, Fix, Violation
from .base import Rule

_DASHES = {"\u2013": "an en dash", "\u2014": "an em dash", "\u2212": "a minus sign", "\u2010": "a hyphen"}
_SEPARATOR = re.compile(r"[ \t\u00a0]*([-\u2013\u2014\u2212\u2010])[ \t\u00a0]*")
_CLOSING_MARKUP = re.compile(r"[*_~]+")
_TERMINAL = frozenset(".!?…。！？｡؟۔।။።")
"""How a description may end: CJK full stops and marks (the npm tool forgets them), and the Arabic,
Urdu, Devanagari, Myanmar and Ethiopic ones."""
_TRAILING = ")]}\"'”’»」』】》）〉"
"""Closing quotes and brackets after the final punctuation: `(see the docs.)`, `“Fast.”`."""
_ALLOWED_START = frozenset("\"'“‘«「『《（(【`/@#$¿¡")
_CONTENTS = re.compile(r"(?:table of )?contents", re.IGNORECASE)
_LOWER_NAMES = frozenset(
    {
        "npm", "pnpm", "yarn", "webpack", "gulp", "grunt", "vite", "esbuild", "rollup", "deno", "bun", "git",
        "vim", "neovim", "emacs", "zsh", "bash", "fish", "curl", "wget", "jq", "ffmpeg", "k3s", "k8s",
        "kubectl", "helm", "etcd", "nginx", "sqlite", "redis", "ansible", "pytest", "pip", "conda", "macos",
        "ios", "ipados", "tvos", "watchos", "ebay", "iphone", "ipad", "jquery",
    }
)
"""Names written in lower case on purpose: a description may start with one."""


class ListItemFormat(Rule):
    """What it does
      Checks each entry of an awesome list against the format the awesome
      guidelines ask for, `- [Name](https://…) - Description.`:
      - the separator between the link and the description is ` - `: an en
        dash, an em dash, a no-break space or a missing space is reported;
      - the description starts with an upper-case letter, a digit, a quote, a
        code span, a name written in lower case on purpose (`npm`, `iOS`,
        `jQuery`: any word with a capital inside) or one of `/ @ # $`;
        scripts without letter case (CJK, Arabic, Hebrew...) are never asked
        for one;
      - the description does not start by repeating the item's name;
      - the description ends with `.`, `!`, `?` or `…`, or with CJK terminal
        punctuation (`。`, `！`, `？`), closing quotes and brackets allowed after it
        and badges or footnotes after the text;
      - a line that looks like an entry but lacks the space after its marker
        (`-[Foo](…)`) is no list item on GitHub at all.

      An entry whose link is empty is left to `empty-link`. Items that do not
      start with a link are left alone, and so is every list
      before the first section after a `## Contents` heading (the table of
      contents). Only list files are checked (`list-files`, by default the
      readme).

    Why is this bad?
      An awesome list is read by skimming: one format for every entry lets a
      reader's eye find names and descriptions, and it is what the awesome
      guidelines and their reviewers ask of every list.

    Example
      ```markdown
      - [Foo](https://foo.example) – fast and small
      ```
      Three findings: the en dash (`--fix` writes ` - `), the lower-case start
      (an unsafe fix: `fast` may be a product's name) and the missing final
      period (`--fix` adds it). Every fix is checked against GitHub's
      rendering before it is offered as safe.

    Options
      None. It replaces the npm awesome-lint's `awesome-list-item` and
      `no-repeat-item-in-description`, whose suppression comments silence it.
    """

    code = "AL401"
    name = "list-item"
    summary = "Write each entry as `- [Name](https://…) - Description.`"
    fixable = True
    list_only = True
    npm = ("awesome-list-item", "no-repeat-item-in-description")

    def check(self, document: Document) -> Iterator[Violation]:
        start = _first_checked_offset(document.headings)
        index = _Index(document)
        for block in document.lists:
            for item in block.items:
                if item.marker_span.start >= start:
                    yield from self._check_item(document, index, item)
        yield from _missing_space(document, start)

    def _check_item(self, document: Document, index: _Index, item: ListItem) -> Iterator[Violation]:
        text = document.text
        paragraph = item.first_paragraph
        link = item.main_link
        if paragraph is None or link is None:
            return  # plain text, or an item that starts with something else
        after = link.span.end
        markup = _CLOSING_MARKUP.match(text, after, paragraph.span.end)
        if markup is not None and paragraph.lead:
            after = markup.end()
        # Emoji, :shortcodes: and badges may sit between the link and the separator.
        after = _skip_marks(text, index, after, paragraph.span.end)
        rest = text[after : paragraph.span.end]
        if not rest.strip() or rest[0] == "\n" or _ANNOTATIONS.fullmatch(rest):
            return  # a link alone, or with tags such as `[MIT]`, `(2019)`, `**[Deprecated]**`
        separator = _SEPARATOR.match(rest)
        if separator is None:
            yield Violation(
                Span(after, after + 1),
                'separate the description from the link with " - " (a hyphen between spaces)',
            )
            return
        sep_text = separator.group()
        head = _PLAIN_HEAD.match(rest, separator.end())
        lead = head.group() if head else ""  # what follows, so that the change names this separator only
        if sep_text != " - ":
            yield Violation(
                Span(after, after + len(sep_text)),
                f'separate the description with " - ", not "{_shown(sep_text)}"{_what(sep_text)}',
                Fix(
                    (Edit(after, after + len(sep_text), " - "),),
                    changes=(Change("text", sep_text + lead, " - " + lead),),
                ),
            )
        begin = after + separator.end()
        yield from _check_description(text, index, link.text, begin, paragraph.span.end)


def _check_description(text: str, index: _Index, name: str, begin: int, end: int) -> Iterator[Violation]:
    description = text[begin:end]
    if not description.strip():
        return
    code = index.code_at(begin)
    if code is not None and code.end >= len(description.rstrip()) + begin:
        return  # wholly a code span: a command or an identifier, not prose
    first = description[0]
    if code is None and not _starts_well(description):
        upper = first.upper()
        yield Violation(
            Span(begin, begin + 1),
            f'start the description with a capital letter: "{first}" → "{upper}"',
            # Unsafe: the first word may be a name written in lower case.
            Fix(
                (Edit(begin, begin + 1, upper),),
                Applicability.UNSAFE,
                (Change("text", description[:12], upper + description[1:12]),),
            ),
        )
    words = name.strip().casefold()
    if words and description.casefold().startswith(words) and not description[len(words) : len(words) + 1].isalnum():
        yield Violation(
            Span(begin, begin + len(words)),
            f'the description starts by repeating the item\'s name "{name.strip()}": say what it is instead',
        )
    yield from _check_end(text, index, begin, end)


def _check_end(text: str, index: _Index, begin: int, end: int) -> Iterator[Violation]:
    """The final punctuation, looked for before trailing badges, footnotes and closing brackets."""
    stop = end
    trailing = index.within(begin, end)
    while True:
        stripped = len(text[begin:stop].rstrip()) + begin
        badge = next(
            (
                link
                for link in trailing
                if link.span.end == stripped and (index.is_badge(link) or _is_footnote(text, link.span))
            ),
            None,
        )
        final = next((link for link in trailing if link.span.end == stripped and link.text), None)
        if final is not None and not final.image and final.text.rstrip()[-1:] in _TERMINAL:
            return  # the last link's own text ends the sentence: `[… don't validate.](https://…)`
        footnote = re.search(r"\[\^[^\]\s]+\]\Z", text[begin:stripped])
        tags = _TRAILING_TAGS.search(text, begin, stripped)
        if badge is not None and badge.span.start > begin:
            outer = badge.parent
            stop = outer.span.start if outer is not None and outer.span.start > begin else badge.span.start
            continue
        if footnote is not None and footnote.start() > 0:
            stop = begin + footnote.start()
            continue
        if tags is not None and tags.start() > begin:
            stop = tags.start()
            continue
        stop = stripped
        break
    last = stop
    while last > begin and (text[last - 1] in _TRAILING or _is_emoji(text[last - 1])):
        last -= 1  # closing brackets and quotes, and emoji after the full stop (`Fast! 🚀`)
        while last > begin and text[last - 1] in " \t" and _is_emoji(text[last]):
            last -= 1
    if last <= begin:
        return
    if text[last - 1] in _TERMINAL or index.code_at(last - 1) is not None:
        return
    if not _has_case(text[begin:last]) and unicodedata.east_asian_width(text[last - 1]) in ("W", "F"):
        # CJK text: ask for the CJK full stop, and leave the fix to the author.
        yield Violation(Span(last - 1, last), 'end the description with "。" (or "！", "？")')
        return
    # The plain text after the last link or code span: a "." joins it; inside a link it would not.
    floor = max([begin, *(link.span.end for link in index.within(begin, last))])
    inside = index.code_at(last - 1) is not None or any(
        link.span.start < last <= link.span.end for link in index.within(begin, end)
    )
    plain = None if inside else _PLAIN_TAIL.search(text, floor, last)
    fix = None
    if plain is not None:
        # After plain words the "." joins their text on GitHub; after markup it would stand alone.
        fix = Fix((Edit(last, last, "."),), changes=(Change("text", plain.group(), plain.group() + "."),))
    yield Violation(Span(last - 1, last), 'end the description with "." (or "!", "?", "…")', fix)


_PLAIN_TAIL = re.compile(r"[^\s*_`\[\]<>\\!&|~]?[^*_`\[\]<>\\!&|~\n]{0,31}(?<=[^\W_])\Z")
"""The plain text a description ends with (no markup, ending in a letter or digit): where a "." can go."""
_PLAIN_HEAD = re.compile(r"(?:(?!https?:|www\.)[^*_`\[\]<>\\!&|~\n]){0,24}")
_EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf\u2b50\u2b06\ufe0f\u200d"
"""Emoji, the symbols used as emoji, and the joiner and variation selector that build sequences."""
_SHORTCODE = re.compile(rf"[ \t]*(?::[a-z0-9_+-]+:|[{_EMOJI}]+)")
_MARKER = re.compile(r"[ \t]*(?:`[^\w`\s]{1,3}`|<(sup|sub|small)>[^<>\n]{1,12}</\1>)")
"""A code span of one to three symbols (`` `⚠` ``) or a short ``<sup>``/``<sub>`` label (``<sup>PDF</sup>``)."""
_ANNOTATIONS = re.compile(r"(?:[ \t]*(?:\*\*|__)?(?:\[[^\]\n]*\]|\([^)\n]*\))(?:\*\*|__)?)+[ \t]*")
_TRAILING_TAGS = re.compile(r"(?:[ \t]*(?:\*\*|__)?\[[^\]\n]*\](?:\([^)\s]*\))?(?:\*\*|__)?)+[ \t]*\Z")
"""`[MIT]`, `[GPL2] [website](…)`, `**[Deprecated]**` after the description: tags, not prose."""


_is_emoji = re.compile(f"[{_EMOJI}]").fullmatch


def _skip_marks(text: str, index: _Index, offset: int, end: int) -> int:
    """Past the emoji, :shortcodes:, symbol markers and badge images right after an entry's link:
    a list's legend may define `` `⚠` `` or ``<sup>PDF</sup>`` as markers."""
    while offset < end:
        mark = _SHORTCODE.match(text, offset, end) or _MARKER.match(text, offset, end)
        if mark is not None and mark.end() > offset:
            offset = mark.end()
            continue
        spaces = len(text[offset:end]) - len(text[offset:end].lstrip(" \t"))
        badge = next((link for link in index.by_start.get(offset + spaces, ()) if index.is_badge(link)), None)
        if badge is None:
            return offset
        offset = badge.span.end
    return offset


class _Index:
    """The document's links and code spans arranged for lookups by position: one pass, not one per item."""

    def __init__(self, document: Document) -> None:
        self.links = sorted(document.links, key=lambda link: link.span.start)
        self.starts = [link.span.start for link in self.links]
        self.by_start: dict[int, list[Link]] = {}
        for link in self.links:
            self.by_start.setdefault(link.span.start, []).append(link)
        self.badge_links = {
            id(link.parent)
            for link in self.links
            if link.image
            and link.parent is not None
            and link.parent.text_span is not None
            and link.span.start == link.parent.text_span.start
        }
        self.codes = document.code_spans
        self.code_starts = [span.start for span in self.codes]

    def within(self, begin: int, end: int) -> list[Link]:
        low, high = bisect_left(self.starts, begin), bisect_left(self.starts, end)
        return [link for link in self.links[low:high] if link.span.end <= end]

    def is_badge(self, link: Link) -> bool:
        """An image, or a link whose label is only an image (``[![OSS][icon]](url)``)."""
        return link.image or id(link) in self.badge_links

    def code_at(self, offset: int) -> Span | None:
        index = bisect_right(self.code_starts, offset) - 1
        for span in self.codes[max(index - 1, 0) : index + 1]:
            if span.start <= offset < span.end:
                return span
        return None


def _is_footnote(text: str, span: Span) -> bool:
    return text.startswith("[^", span.start)


def _starts_well(description: str) -> bool:
    first = description[0]
    if first in _ALLOWED_START or first.isdigit() or first.isupper() or not _cased(first):
        return True
    word = re.match(r"[\w.+-]+", description)
    token = word.group().rstrip(".") if word else first
    return any(char.isupper() for char in token[1:]) or token.casefold() in _LOWER_NAMES


def _cased(char: str) -> bool:
    return char.lower() != char.upper()


def _has_case(text: str) -> bool:
    return any(_cased(char) for char in text)


def _shown(separator: str) -> str:
    return separator.replace("\u00a0", "\\u00a0")


def _what(separator: str) -> str:
    for char, name in _DASHES.items():
        if char in separator:
            return f" ({name})"
    if "\u00a0" in separator:
        return " (a no-break space)"
    if not separator.startswith(" ") or not separator.endswith(" "):
        return " (a space is missing)"
    return ""


def _first_checked_offset(headings: list[Heading]) -> int:
    """Where entries start: after a ``## Contents`` section, at the next section heading."""
    for index, heading in enumerate(headings):
        if heading.level <= 2 and _CONTENTS.fullmatch(heading.text.strip().strip("#").strip()):
            for later in headings[index + 1 :]:
                if later.level <= heading.level:
                    return later.span.start
            return heading.span.start
    return 0


_NO_SPACE = re.compile(r"^([ \t]{0,3}(?:>[ \t]?)*)([-*+])(\[[^\]\n]+\]\([^)\s]+\))", re.MULTILINE)


def _missing_space(document: Document, start: int) -> Iterator[Violation]:
    """``-[Foo](…)``: meant as an entry, rendered as a paragraph."""
    text = document.text
    codes = document.code_spans
    for match in _NO_SPACE.finditer(text, start):
        marker = match.start(2)
        if any(span.start <= marker < span.end for span in codes):
            continue
        if any(item.marker_span.start == marker for block in document.lists for item in block.items):
            continue
        yield Violation(
            Span(marker, marker + 1),
            f'put a space after the list marker "{match[2]}": without it GitHub shows this line as text',
            # Unsafe: the line becomes a list item, a change of structure no check can confirm.
            Fix((Edit(marker + 1, marker + 1, " "),), Applicability.UNSAFE),
        )
