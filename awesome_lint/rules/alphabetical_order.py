"""AL414 alphabetical-order (off by default)."""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import pairwise

from ..document import Document, Link, LinkKind, ListBlock, ListItem, Span
from ..findings import Change, Edit, Fix, Severity, Violation
from .base import Rule

_EMOJI = "\U0001f000-\U0001faff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff"
_LEAD = re.compile(rf"(?:[\s*_~\ufe0f\u200d{_EMOJI}]|:[a-z0-9_+-]+:)*")
"""What may come before an entry's name link: blanks, emphasis, emoji and ``:shortcodes:``."""
_PREFIX = re.compile(r"[ \t>]*")
"""What may stand before an item's marker on its line for the item's lines to be moved: the
container's indentation and quote markers, never another marker (``- - a`` starts two lists)."""
_GAP = re.compile(r"[ \t>\n]*")
_EDGE = re.compile(r"^[\W_]+")
_THE = re.compile(r"the\s+(?=\w)")
_DIGITS = re.compile(r"(\d+)")
_SEPARATORS = re.compile(r"[\W_]+")
_SYMBOL = re.compile(r"[^\w]|_")
_DECORATION = re.compile(rf"^[\s{_EMOJI}]+|\s+$")
"""Blanks and emoji around a name (`🔥 Fast`), which no way of sorting counts."""
_FOLDED = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h"})
"""Latin letters that NFKD leaves whole: read as the English alphabet reads them."""

Key = tuple[str | int, ...]


class AlphabeticalOrder(Rule):
    """What it does
      Checks that the entries of each bulleted list are in alphabetical order
      of their names: the text of the link each item starts with (after any
      logo, badge, emoji or emphasis). Case and accents never count (`É` is
      `E`, `ø` is `o`). Lists are sorted in more than one way, and each is
      accepted: a list is reported only when two neighbouring entries are out
      of order whichever way one sorts: numbers as numbers (`Go 2` before
      `Go 10`) or digit by digit; spaces and punctuation inside names counted
      (`Go kit` before `GoCV`) or not; a leading `The` ignored or not; leading
      punctuation ignored or sorted first (`@angular`, `[Beta] Foo`). Each
      nesting level is a list of its own, checked on its own.

      Left alone: ordered lists (their order is the point), the table of
      contents (links to `#sections`), lists with an item that does not start
      with a link (categories, prose), and names with letters of another
      script than the Latin alphabet (CJK, Arabic, Hebrew, Cyrillic, a Greek
      `µ`): those scripts have their own orders (pinyin, stroke count), and
      where they sort among Latin letters depends on the language, so such
      names stay where they are and a list where they are half or more is not
      checked. One finding per list, at the name of its first misplaced item:
      the items that need not move are the longest run already in order.

      Off by default, as not every list is meant to be alphabetical: select
      it with `extend-select = ["alphabetical-order"]` under
      `[tool.awesome-lint]`, or `--extend-select AL414`. Only list files are
      checked (`list-files`, by default the readme).

    Why is this bad?
      A long list in no order makes readers read all of it to find one
      entry, and hides duplicates; contributors adding an entry do not know
      where it goes, so the order decays with every pull request.

    Example
      ```markdown
      - [Zebra](https://zebra.example) - Stripes.
      - [Apple](https://apple.example) - Fruit.
      - [Mango](https://mango.example) - Fruit too.
      ```
      Reported at `[Zebra]`: `"Zebra" is out of alphabetical order: it sorts
      after "Mango"`. `--fix` moves whole items (nested lists and further
      paragraphs with them), keeping every line and the blank lines between
      items, so a tight list stays tight and a loose one loose; it sorts in
      the accepted way that moves fewest items. It is applied as safe only
      when GitHub's rendering of the sorted list is the old one with the items
      reordered: a list whose entries carry footnotes (their numbers would
      change) only gets an unsafe fix, and markers in columns where a moved
      item would be nested in its new neighbour get none.

    Options
      None.
    """

    code = "AL414"
    name = "alphabetical-order"
    summary = "Keep the entries of each list in alphabetical order"
    severity = Severity.WARNING
    fixable = True
    list_only = True
    default = False

    def check(self, document: Document) -> Iterator[Violation]:
        for block in document.lists:
            if block.ordered or len(block.items) < 2:
                continue
            names = [_name_link(document.text, item) for item in block.items]
            present = [link for link in names if link is not None]
            if len(present) < len(names) or any(link.url.startswith("#") for link in present):
                continue  # an item without a name, or the table of contents
            ranked = [index for index, link in enumerate(present) if _ranked(_fold(link.text))]
            if len(ranked) >= 2 and 2 * len(ranked) > len(present):
                yield from _check_list(document, block, present, ranked)


def _check_list(document: Document, block: ListBlock, names: list[Link], ranked: list[int]) -> Iterator[Violation]:
    """``ranked``: the items whose names are written in the Latin alphabet (and digits), the others
    being left where they are."""
    folded = [_fold(names[index].text) for index in ranked]
    ways: list[list[Key]] = []
    for way in _WAYS:
        keys = [_key(name, *way) for name in folded]
        if all(a <= b for a, b in pairwise(keys)):
            return  # sorted in this way
        ways.append(keys)
    if not any(all(keys[i] > keys[i + 1] for keys in ways) for i in range(len(folded) - 1)):
        return  # every two neighbours are in order in one of the accepted ways
    best: tuple[list[Key], list[int]] | None = None
    for keys in ways:
        kept = _longest_in_order(keys)
        if best is None or len(kept) > len(best[1]):
            best = (keys, kept)
    assert best is not None
    keys, kept = best
    order = sorted(range(len(keys)), key=keys.__getitem__)  # stable: equal names keep their order
    stays = set(kept)
    moved = [index for index in range(len(keys)) if index not in stays]
    first = moved[0]
    place = order.index(first)
    after = next((i for i in order[place + 1 :] if i in stays), None)
    before = next((i for i in reversed(order[:place]) if i in stays), None)
    low, high = (None if i is None else f'"{_shown(names[ranked[i]].text)}"' for i in (before, after))
    where = f"between {low} and {high}" if low and high else f"after {low}" if low else f"before {high}"
    count = f" ({len(moved)} of the list's {len(keys)} items are out of place)" if len(moved) > 1 else ""
    permutation = list(range(len(names)))
    for position, index in zip(ranked, order, strict=True):
        permutation[position] = ranked[index]
    items = block.items
    yield Violation(
        names[ranked[first]].span,
        f'"{_shown(names[ranked[first]].text)}" is out of alphabetical order: it sorts {where}{count}',
        _sorted_fix(document, items, permutation),
        context=Span(items[0].marker_span.start, max(items[-1].end_line_offset - 1, 0)),
    )


def _name_link(text: str, item: ListItem) -> Link | None:
    """The link that names the entry: the first one, after any logo or badge, with only markup before it."""
    paragraph = item.first_paragraph
    if paragraph is None:
        return None
    badges = {
        id(link.parent)
        for link in paragraph.links
        if link.image
        and link.parent is not None
        and link.parent.text_span is not None
        and link.span.start == link.parent.text_span.start
    }
    position = paragraph.span.start
    for link in paragraph.links:
        if link.parent is not None:
            continue  # inside a badge, skipped with it
        if _LEAD.fullmatch(text, position, link.span.start) is None:
            return None
        if link.image or id(link) in badges:
            position = link.span.end
            continue
        named = link.kind in (LinkKind.INLINE, LinkKind.REFERENCE) and bool(link.text.strip())
        return link if named else None  # an autolink is named by its URL, not sorted by name
    return None


def _ranked(folded: str) -> bool:
    """Whether a name has a place in the Latin alphabet: it has a letter or digit, and no letter of
    another script.

    Other scripts (CJK, Arabic, Hebrew, Cyrillic, a Greek `µ`) have their own orders (pinyin, stroke
    count, custom) that code points do not follow, and where they sort among Latin letters depends
    on the language (a Chinese list puts `Python 最佳实践` before `Python Cookbook`): such names are
    left where they are.
    """
    return any(char.isalnum() for char in folded) and all(_latin(char) for char in folded if char.isalpha())


def _fold(name: str) -> str:
    """Case, accents, width, entities, invisible marks and emoji before the name taken away."""
    decomposed = unicodedata.normalize("NFKD", html.unescape(name))
    bare = "".join(char for char in decomposed if unicodedata.category(char) not in ("Mn", "Mc", "Me", "Cf"))
    return _DECORATION.sub("", bare.casefold().translate(_FOLDED))


Way = tuple[bool, str, bool]

_WAYS: list[Way] = [
    *(
        (keep_the, mode, natural)
        for keep_the in (False, True)
        for mode in ("word", "letter", "code", "symbols")
        for natural in (True, False)
    ),
    (False, "line", False),
    (True, "line", False),
]
"""The accepted orders, the preferred first (the fix sorts by the one that moves fewest items):
``The`` ignored or not; word by word (spaces and punctuation separate words: `Go kit` before
`GoCV`), letter by letter (they are ignored: `GoCV` before `Go kit`), by code point as programs
sort (punctuation counts, before the name too: `@angular` before `Apollo`, `[Beta] Foo` after
`2D Foo`), punctuation before digits and letters as dictionaries and ICU sort (`[Beta] Foo`
before `2D Foo`), or as the source lines sort (`- [Calibre Web](…)` before `- [Calibre](…)`:
the `]` after a name sorts after a space); numbers as numbers (`Go 2` before `Go 10`) or digit
by digit."""


def _key(name: str, keep_the: bool, mode: str, natural: bool) -> Key:
    if mode in ("word", "letter"):
        name = _EDGE.sub("", name)
    if not keep_the and _THE.match(name):
        name = _THE.sub("", name, count=1)
    if mode == "word":
        name = _SEPARATORS.sub(" ", name).strip()
    elif mode == "letter":
        name = "".join(char for char in name if char.isalnum())
    elif mode == "symbols":
        name = _SYMBOL.sub(lambda match: "\0" + match.group(), name)
    elif mode == "line":
        name += "]"
    if not natural:
        return (name,)
    parts = _DIGITS.split(name)  # text, number, text, ...: always comparable part by part
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts))


def _latin(letter: str) -> bool:
    return letter.isascii() or unicodedata.name(letter, "").startswith("LATIN")


def _longest_in_order(keys: Sequence[Key]) -> list[int]:
    """The indices of a longest run of items (not necessarily adjacent) already in order."""
    tails: list[Key] = []
    tail_index: list[int] = []
    previous = [-1] * len(keys)
    for index, key in enumerate(keys):
        at = bisect_right(tails, key)
        if at:
            previous[index] = tail_index[at - 1]
        if at == len(tails):
            tails.append(key)
            tail_index.append(index)
        else:
            tails[at], tail_index[at] = key, index
    out: list[int] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        out.append(index)
        index = previous[index]
    return out[::-1]


def _shown(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= 60 else name[:59] + "…"


# --------------------------------------------------------------------------- the fix


def _sorted_fix(document: Document, items: list[ListItem], order: list[int]) -> Fix | None:
    """Move whole items into ``order``, each position keeping its blank lines and line ending.

    An item is its lines from its marker's line to its last line; what lies between two items
    (blank lines) stays where it is, so the list stays as loose or tight as it was. The edits
    are the lines that differ, so that the diff shows items moving, not the list rewritten.
    """
    text = document.text
    starts = [text.rfind("\n", 0, item.marker_span.start) + 1 for item in items]
    prefixes = [text[start : item.marker_span.start] for start, item in zip(starts, items, strict=True)]
    if any(_PREFIX.fullmatch(prefix) is None for prefix in prefixes):
        return None  # the first item shares its line with an outer marker
    if not _siblings_still(text, items, starts, prefixes, order):
        return None  # an item moved after another would be nested in it
    ends = [item.end_line_offset for item in items]
    gaps = [text[end:start] for end, start in zip(ends, starts[1:], strict=False)] + [""]
    if any(_GAP.fullmatch(gap) is None for gap in gaps):
        return None
    bodies = [text[start:end] for start, end in zip(starts, ends, strict=True)]
    endings = ["\n" if body.endswith("\n") else "" for body in bodies]
    bodies = [body[: len(body) - len(ending)] for body, ending in zip(bodies, endings, strict=True)]
    units = [bodies[i] + ending + gap for i, ending, gap in zip(order, endings, gaps, strict=True)]
    region = Span(starts[0], ends[-1])
    old, new = text[region.start : region.end], "".join(units)
    change = Change("order", _alone(document, region, prefixes[0], old), _alone(document, region, prefixes[0], new))
    # One edit, from the first item that moves to the last: the items before and after it stay
    # untouched for other fixes, and a fix inside a moved item waits for the next round.
    first = next(position for position, index in enumerate(order) if position != index)
    last = next(position for position in reversed(range(len(order))) if order[position] != position)
    end = starts[last + 1] if last + 1 < len(starts) else region.end
    return Fix((Edit(starts[first], end, "".join(units[first : last + 1])),), changes=(change,))


def _siblings_still(text: str, items: list[ListItem], starts: list[int], prefixes: list[str], order: list[int]) -> bool:
    """Whether in ``order`` every item's marker still stands left of the previous item's content:
    else GitHub would read it as nested in that item. Markers in one column always do; with tabs or
    quote markers before the content, only those are trusted."""
    heads = [text[start : start + item.content_column] for start, item in zip(starts, items, strict=True)]
    if any(">" in prefix for prefix in prefixes) or any("\t" in head for head in heads):
        return len({prefix if ">" in prefix else len(prefix.expandtabs(4)) for prefix in prefixes}) == 1
    return all(len(prefixes[after]) < items[before].content_column for before, after in pairwise(order))


def _alone(document: Document, region: Span, prefix: str, source: str) -> str:
    """The list's source as it renders on its own: its container's prefix taken off every line, and
    the definitions of its reference links after it (they render as nothing)."""
    lines = [_dedented(line, prefix) for line in source.split("\n")] if prefix else source.split("\n")
    definitions: dict[int, str] = {}
    for link in document.links:
        if link.definition is not None and region.start <= link.span.start < region.end:
            span = link.definition.span
            if not region.start <= span.start < region.end:
                definitions.setdefault(span.start, document.text[span.start : span.end].rstrip("\n"))
    tail = "".join(f"\n{definitions[start]}" for start in sorted(definitions))
    return "\n".join(lines) + ("\n" + tail if tail else "")


def _dedented(line: str, prefix: str) -> str:
    """``line`` without the container's ``prefix``: the same characters in a quote, as many columns
    of indentation otherwise (a tab counts to the next multiple of 4, as in CommonMark). A blank
    line becomes empty; a line indented less (a lazy continuation line) is kept as it is."""
    quoted = ">" in prefix
    if not line.strip(" \t>" if quoted else " \t"):
        return ""
    if quoted:
        return line[len(prefix) :] if line.startswith(prefix) else line
    blanks = len(line) - len(line.lstrip(" \t"))
    indent = line[:blanks].expandtabs(4)
    width = len(prefix.expandtabs(4))
    return indent[width:] + line[blanks:] if len(indent) >= width else line
