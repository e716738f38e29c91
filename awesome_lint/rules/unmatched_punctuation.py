"""AL413 unmatched-punctuation."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from ..document import BlockQuote, Document, Heading, ListBlock, Paragraph, Span, Table
from ..document.nodes import Block
from ..findings import Severity, Violation
from .base import Rule

_MARKS = re.compile("[()\\[\\]（）［］「」『』《》〈〉【】〔〕“”„\"‘’‚'«»‹›]")
_PAIRS = {
    "(": ")", "（": "）", "[": "]", "［": "］", "「": "」", "『": "』",
    "《": "》", "〈": "〉", "【": "】", "〔": "〕",
}  # fmt: skip
_OPENERS = {closer: opener for opener, closer in _PAIRS.items()}
_FAMILY = {char: opener for opener, closer in _PAIRS.items() for char in (opener, closer)} | {
    "（": "(", "）": "(", "［": "[", "］": "[",
}  # fmt: skip
"""Which stack a bracket goes on: a full-width one may close a half-width one (`（PDF)`), since
mixed widths are not an unmatched bracket."""
_PIPE = re.compile(r"\\.|\|")
_DOUBLE = "“”„\""
_SINGLE = "‘’‚'"
_GUILLEMETS = {"«": "»", "»": "«", "‹": "›", "›": "‹"}

_ENUMERATOR = re.compile(r"(?<![^\s(（:：,，;；*_])(?:\d{1,3}(?:\.\d{1,3})*[a-zA-Z]?|[^\W\d_]|[ivxIVX]{2,4})\Z")
"""What stands before the `)` of `1)`, `a)`, `iv)`, `٣)`: a list's numbering inside a sentence."""
_SMILE = re.compile(r"(?<!\w)(?:[:;=8xX][-'^o]?|\^_?\^)\Z")
"""What stands before the `)` or `]` of `:)`, `;-)`, `:]`, `^^)`."""
_FROWN = re.compile(r"(?<!\w)[:;=][-']?\Z")
"""What stands before the `(` of `:(`, `:-(`, `;(` (when no word follows)."""
_INCH = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?:'\d+)?\Z")
"""What stands before the `"` of `27"`, `13.3"`, `5'10"`: a measurement, not a quote."""
_NAMING_PAIRS = {'""', "''", "“”", "‘’", "()", "（）", "[]", "``"}
_NAMING_WORDS = {
    "missing", "misplaced", "extra", "stray", "unmatched", "unbalanced", "unclosed", "closing", "opening",
    "trailing", "leading", "redundant", "superfluous", "lone", "single", "double", "a", "an", "the",
}  # fmt: skip
"""Words before a mark standing on its own that name it: `add missing )`, `a ( character`."""
_TAIL = re.compile(r"\S*\Z")
_HEAD = re.compile(r"\S*")
_BOUND = r"\s*[-+−]?(?:\d+(?:\.\d+)?|∞|[a-zA-Z])\s*"
_INTERVAL = re.compile(rf"([(\[]){_BOUND}[,;]{_BOUND}([)\]])")
_OPENING_CONTEXT = " \t\n{“‘„‚«‹—–-/" + "".join(_PAIRS)
_CLOSING_CONTEXT = " \t\n.,;:!?}”’»›—–-/…。、，：；！？" + "".join(_OPENERS)


class UnmatchedPunctuation(Rule):
    """What it does
      Reports a bracket or quotation mark in prose that nothing closes (or
      opens): `()`, `[]`, curly quotes `“”` and `‘’`, German `„“` and `‚‘`,
      straight `"`, the CJK pairs `（）`, `［］`, `「」`, `『』`, `《》`,
      `〈〉`, `【】`, `〔〕`, and guillemets `«»`, `‹›` in either direction
      (checked only where a paragraph uses both kinds, since a lone `»` is as
      often an arrow: `Read more »`).

      Each paragraph, list item text, heading and table cell is checked on
      its own: a pair never spans two of them. Link text is part of the
      sentence around it (`(see [the docs](…))` is balanced); code, URLs,
      link syntax, images, raw HTML and reference definitions are not read.
      Each kind is matched on its own, so crossed pairs, `( [ ) ]`, are not
      reported, and a full-width bracket may close a half-width one
      (`（PDF)`). Marks that pair up as written are never reported.

      Left alone on purpose: apostrophes (`don’t`, `users’`, `’90s`: a `’`
      is never reported, it closes a `‘` only when one is open), the
      straight `'` (almost always an apostrophe), emoticons (`:)`, `;-)`,
      `:(`), numbering (`1) install 2) run`, `a)`, `(1)`), half-open
      intervals (`[0, 1)`), marks named rather than used (`the "(" key`,
      `U+0022 (")`, `add missing )`), inch marks (`27"`), Hebrew gershayim
      (`צה"ל`), and `”…”` and `’…’` as Swedish and Finnish quote. An even
      number of straight quotes always pairs up.

    Why is this bad?
      A bracket left open or a quote never closed is usually a typo or a
      broken edit, often a Markdown link that lost its `(` or `]`, and it
      leaves the reader looking for where an aside ends.

    Example
      ```markdown
      - [Foo](https://foo.example) - A tool (for Go and Rust.
      ```
      The `(` is reported: `unmatched "(": no ")" closes it`. There is no fix:
      where the missing half belongs, or whether the stray half should go
      instead, is the author's call, not a mechanical edit.

    Options
      None. It replaces the npm awesome-lint's `balanced-punctuation` (once `match-punctuation`).
    """

    code = "AL413"
    name = "unmatched-punctuation"
    summary = "Close every bracket and quotation mark you open"
    severity = Severity.WARNING
    npm = ("balanced-punctuation", "match-punctuation")

    def check(self, document: Document) -> Iterator[Violation]:
        text = document.text
        found = [(match.start(), match.group()) for match in _MARKS.finditer(_prose(document))]
        offsets = [offset for offset, _ in found]
        for start, end, row in _units(document.blocks):
            marks = found[bisect_left(offsets, start) : bisect_left(offsets, end)]
            if not marks:
                continue
            if not row:
                yield from _check_unit(text, start, end, marks)
                continue
            row_offsets = [offset for offset, _ in marks]
            for cell_start, cell_end in _cells(text, start, end):
                cell = marks[bisect_left(row_offsets, cell_start) : bisect_left(row_offsets, cell_end)]
                if cell:
                    yield from _check_unit(text, cell_start, cell_end, cell)


def _prose(document: Document) -> str:
    """The text with what is not prose blanked out (same length, so offsets stay): code, HTML,
    definitions, images, and the syntax and URL of links (their text stays)."""
    spans = [(code.span.start, code.span.end) for code in document.code]
    spans += [(html.span.start, html.span.end) for html in document.html]
    spans += [(definition.span.start, definition.span.end) for definition in document.definitions]
    for link in document.links:
        label = link.text_span
        if link.image or label is None:
            spans.append((link.span.start, link.span.end))
        else:
            spans += [(link.span.start, label.start), (label.end, link.span.end)]
    spans.sort()
    text = document.text
    pieces = []
    pos = 0
    for start, end in spans:
        if end > pos:
            pieces += [text[pos:start], " " * (end - max(start, pos))]
            pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _units(blocks: list[Block]) -> list[tuple[int, int, bool]]:
    """The stretches of prose a pair must close within, in source order; True for a table row, whose
    cells are units of their own."""
    out: list[tuple[int, int, bool]] = []
    pending = blocks[::-1]
    while pending:
        block = pending.pop()
        if isinstance(block, Paragraph | Heading):
            out.append((block.span.start, block.span.end, False))
        elif isinstance(block, ListBlock):
            pending += [child for item in reversed(block.items) for child in reversed(item.blocks)]
        elif isinstance(block, BlockQuote):
            pending += block.blocks[::-1]
        elif isinstance(block, Table):
            out += [(row.span.start, row.span.end, True) for row in block.rows]
    return out


def _cells(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A table row's cells, split at each ``|`` that no backslash escapes."""
    for match in _PIPE.finditer(text, start, end):
        if match.group() == "|":
            if match.start() > start:
                yield start, match.start()
            start = match.end()
    if end > start:
        yield start, end


def _check_unit(text: str, start: int, end: int, marks: list[tuple[int, str]]) -> Iterator[Violation]:
    """Marks that pair up as written are never reported: the exceptions (named marks, intervals,
    smileys, numbering, inch marks, apostrophes) are looked for only where they may silence one."""
    brackets = [mark for mark in marks if mark[1] in _FAMILY]
    if brackets and not _paired(brackets):
        yield from _brackets(text, start, end, _used(text, start, end, brackets))
    double = [mark for mark in marks if mark[1] in _DOUBLE]
    if double and not _quotes_paired(double):
        yield from _double_quotes(text, start, end, _used(text, start, end, double))
    if any(char in "‘‚" for _, char in marks):
        yield from _single_quotes(text, start, end, _used(text, start, end, [m for m in marks if m[1] in _SINGLE]))
    for opener in "«‹":
        pair = [(offset, char) for offset, char in marks if char in (opener, _GUILLEMETS[opener])]
        if len({char for _, char in pair}) == 2:
            yield from _guillemets(_used(text, start, end, pair))


def _paired(marks: list[tuple[int, str]]) -> bool:
    depth: dict[str, int] = {}
    for _, char in marks:
        family = _FAMILY[char]
        depth[family] = depth.get(family, 0) + (1 if char in _PAIRS else -1)
        if depth[family] < 0:
            return False
    return not any(depth.values())


def _quotes_paired(marks: list[tuple[int, str]]) -> bool:
    """`“…”` nested any way, and an even number of `"`."""
    depth = straight = 0
    for _, char in marks:
        if char == '"':
            straight += 1
        elif char == "“":
            depth += 1
        elif char == "”" and depth:
            depth -= 1
        else:
            return False
    return not depth and straight % 2 == 0


def _used(text: str, start: int, end: int, marks: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The marks that are used, not named: not the brackets of an interval, not `the "(" key`."""
    named = _intervals(text, start, end) if any(char in "()[]" for _, char in marks) else set()
    return [(offset, char) for offset, char in marks if not (offset in named or _mentioned(text, start, end, offset))]


def _brackets(text: str, start: int, end: int, marks: list[tuple[int, str]]) -> Iterator[Violation]:
    """Each family on its own stack. A soft closer (`:)`, `2)`) closes only what nothing else does."""
    stacks: dict[str, list[tuple[int, str]]] = {}
    soft: dict[str, list[int]] = {}
    numbering = _numbering(text, start, end, marks)
    for offset, char in marks:
        family = _FAMILY[char]
        if char in _PAIRS:
            if not (char == "(" and _frown(text, offset, end)):
                stacks.setdefault(family, []).append((offset, char))
        elif offset in numbering or _SMILE.search(text, max(start, offset - 4), offset):
            soft.setdefault(family, []).append(offset)
        elif stacks.get(family):
            stacks[family].pop()
        else:
            yield _violation(offset, char, f'no "{_OPENERS[char]}" opens it')
    for family, stack in stacks.items():
        left: list[tuple[int, str]] = []
        for offset, char in sorted(stack + [(offset, "") for offset in soft.get(family, [])]):
            if char:
                left.append((offset, char))
            elif left:
                left.pop()  # the nearest one still open before a soft closer
        for offset, char in left:
            yield _violation(offset, char, f'no "{_PAIRS[char]}" closes it')


def _numbering(text: str, start: int, end: int, marks: list[tuple[int, str]]) -> set[int]:
    """The `)` of `1) … 2) …`: two such in the text, or one that starts a line. A lone one inside a
    line is a sentence's bracket: `(Python 3)`, or a typo in `Python 3)`."""
    found: dict[int, bool] = {}
    for offset, char in marks:
        if char not in ")）" or (offset + 1 < end and not text[offset + 1].isspace()):
            continue
        match = _ENUMERATOR.search(text, max(start, offset - 12), offset)
        if match is not None:
            found[offset] = not text[start : match.start()].rsplit("\n", 1)[-1].strip(" \t*_>")
    if len(found) == 1 and not any(found.values()):
        return set()
    return set(found)


def _frown(text: str, offset: int, end: int) -> bool:
    after = text[offset + 1] if offset + 1 < end else " "
    return not after.isalnum() and _FROWN.search(text, max(0, offset - 3), offset) is not None


def _mentioned(text: str, start: int, end: int, offset: int) -> bool:
    """A mark named, not used: `the "(" key`, `U+0022 (")`, `U+005B (\\[)`, `fix misplaced )`."""
    first = offset - 1 if offset > start and text[offset - 1] == "\\" else offset
    before = text[first - 1] if first > start else ""
    after = text[offset + 1] if offset + 1 < end else ""
    pair = before + after
    if pair in _NAMING_PAIRS and (pair[0] not in _FAMILY or _FAMILY[pair[0]] != _FAMILY.get(text[offset])):
        return not (offset + 2 < end and text[offset + 2].isalnum())  # not `‘(’90s`
    if before.strip() or after.strip():
        return _listed(text, start, end, offset)
    words = text[max(start, first - 24) : first].split()
    return bool(words) and words[-1].lower() in _NAMING_WORDS


def _listed(text: str, start: int, end: int, offset: int) -> bool:
    """A mark in a short run of marks between blanks names them: `treat ()[]"' as word boundaries`."""
    low, high = max(start, offset - 8), min(end, offset + 9)
    left = _TAIL.search(text, low, offset)
    right = _HEAD.match(text, offset + 1, high)
    if left is None or right is None:
        return False
    if (left.start() == low > start and not text[low - 1].isspace()) or (
        right.end() == high < end and not text[high].isspace()
    ):
        return False  # longer than a list of marks is
    run = text[left.start() : right.end()]
    return len(run) >= 3 and len(set(run)) >= 2 and len(_MARKS.findall(run)) == len(run)


def _intervals(text: str, start: int, end: int) -> set[int]:
    """The brackets of a half-open interval: `[0, 1)`, `(0, 100]`."""
    found = set()
    for match in _INTERVAL.finditer(text, start, end):
        if _FAMILY[match.group(1)] != _FAMILY[match.group(2)]:
            found |= {match.start(1), match.start(2)}
    return found


def _double_quotes(text: str, start: int, end: int, marks: list[tuple[int, str]]) -> Iterator[Violation]:
    """Curly and straight double quotes; an inch mark (`27"`, `13”`) counts only if that pairs the rest."""
    curly = [(offset, char) for offset, char in marks if char != '"']
    around = {offset: _neighbours(text, start, end, offset) for offset, _ in curly}
    found = list(_curly_quotes(curly, around)) if curly else []
    if found:
        inches = [(offset, char) for offset, char in curly if char == "”" and _inch(text, start, end, offset)]
        if inches and not list(_curly_quotes([mark for mark in curly if mark not in inches], around)):
            found = []
    straight = [offset for offset, char in marks if char == '"' and not _gershayim(text, start, end, offset)]
    if len(straight) % 2:
        straight = [offset for offset in straight if not _inch(text, start, end, offset)]
    if len(straight) % 2:
        if len(found) == 1:
            return  # `“Foo"`: one curly and one straight quote, mixed styles but a pair
        found.append(_straight_quote(text, start, end, straight))
    yield from found


def _curly_quotes(marks: list[tuple[int, str]], around: dict[int, tuple[str, str]]) -> Iterator[Violation]:
    """`“…”`, German `„…“`, Swedish `”…”` (in text with no `“` or `„`), and `“…“` with the wrong closing
    mark. ``around``: the characters before and after each mark."""
    stack: list[tuple[int, str]] = []
    symmetric = not any(char in "“„" for _, char in marks)
    for offset, char in marks:
        opened = stack[-1][1] if stack else ""
        if char == "„" or (char == "“" and not (opened == "„" or (opened == "“" and _closing(*around[offset])))):
            stack.append((offset, char))
        elif char == "“" or stack:
            stack.pop()
        elif symmetric:
            stack.append((offset, char))
        else:
            yield _violation(offset, char, 'no "“" opens it')
    for offset, char in stack:
        yield _violation(offset, char, f'no "{"“" if char == "„" else "”"}" closes it')


def _straight_quote(text: str, start: int, end: int, offsets: list[int]) -> Violation:
    """The odd one out of an odd number of straight quotes (they do not nest, so an even number pairs
    up): the first whose neighbours say it opens or closes with nothing to pair it."""
    stack: list[int] = []
    for offset in offsets:
        side = _side(text, start, end, offset)
        if side == "open" or (side == "" and not stack):
            stack.append(offset)
        elif stack:
            stack.pop()
        else:
            return _violation(offset, '"', "no '\"' opens it")
    return _violation(stack[0], '"', "no '\"' closes it")


def _neighbours(text: str, start: int, end: int, offset: int) -> tuple[str, str]:
    """The characters before and after ``offset`` in a unit, a blank past either end."""
    return (text[offset - 1] if offset > start else " ", text[offset + 1] if offset + 1 < end else " ")


def _side(text: str, start: int, end: int, offset: int) -> str:
    """Which side a straight quote stands on: "open", "close", or "" when its neighbours do not say."""
    before, after = _neighbours(text, start, end, offset)
    opening = before in _OPENING_CONTEXT and after not in _CLOSING_CONTEXT
    closing = after in _CLOSING_CONTEXT and before not in _OPENING_CONTEXT
    return "open" if opening else "close" if closing else ""


def _gershayim(text: str, start: int, end: int, offset: int) -> bool:
    """A `"` between Hebrew letters is no quote: abbreviations write their gershayim so (`צה"ל`)."""
    before, after = _neighbours(text, start, end, offset)
    return "\u05d0" <= before <= "\u05ea" and "\u05d0" <= after <= "\u05ea"  # not Korean `"제작자"는`


def _inch(text: str, start: int, end: int, offset: int) -> bool:
    after = _neighbours(text, start, end, offset)[1]
    return not after.isalnum() and _INCH.search(text, max(start, offset - 12), offset) is not None


def _single_quotes(text: str, start: int, end: int, marks: list[tuple[int, str]]) -> Iterator[Violation]:
    """`‘’` and German `‚‘`. A `’` (or `'`) closes one when one is open and is an apostrophe otherwise;
    a `‘` after a letter is an apostrophe typed with the wrong mark (`it‘s`, `users‘`)."""
    stack: list[tuple[int, str]] = []
    for offset, char in marks:
        before, after = _neighbours(text, start, end, offset)
        if char == "‘" and stack and (stack[-1][1] == "‚" or _closing(before, after)):
            stack.pop()  # German `‚…‘`, or `‘…‘` with the wrong closing mark
        elif before.isalnum() and after.isalnum():
            continue  # `don’t`, and `don‘t` typed with the wrong mark
        elif char in "’'":
            if stack:
                stack.pop()
        elif char == "‚" or not (before.isalnum() or after.isdigit()):  # `users‘`; `‘90s` is an elision
            stack.append((offset, char))
    for offset, char in stack:
        yield _violation(offset, char, f'no "{"‘" if char == "‚" else "’"}" closes it')


def _closing(before: str, after: str) -> bool:
    """Whether a quote stands where a closing one does: after a word, before a blank or a mark."""
    return not before.isspace() and before not in _OPENING_CONTEXT and after in _CLOSING_CONTEXT


def _guillemets(marks: list[tuple[int, str]]) -> Iterator[Violation]:
    """`«…»` or `»…«`: the first one in the text says which way this language points them."""
    opener = marks[0][1]
    stack: list[int] = []
    for offset, char in marks:
        if char == opener:
            stack.append(offset)
        elif stack:
            stack.pop()
        else:
            yield _violation(offset, char, f'no "{opener}" opens it')
    for offset in stack:
        yield _violation(offset, opener, f'no "{_GUILLEMETS[opener]}" closes it')


def _quoted(char: str) -> str:
    return f"'{char}'" if char == '"' else f'"{char}"'


def _violation(offset: int, char: str, why: str) -> Violation:
    return Violation(Span(offset, offset + 1), f"unmatched {_quoted(char)}: {why}")
