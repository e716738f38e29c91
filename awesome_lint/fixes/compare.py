"""Comparing two renderings: what differs between GitHub's HTML before and after a fix, beyond what
the fix declares (:class:`~awesome_lint.findings.Change`). The referee
(:mod:`awesome_lint.fixes.referee`) decides with it which fixes are safe.

The two HTML documents are compared tag by tag and text by text, with the whitespace
HTML ignores left out. A ``"block"`` or ``"order"`` change (a list rewritten as a whole, a
list's items reordered) renders its old and new Markdown on their own, once each, and
allows exactly one replacement of the old rendering's tokens by the new one's in the
document. A snippet that renders otherwise in its place (a reference link whose definition
is elsewhere, a list inside a quote, whose later lines carry the ``>``) is found nowhere,
explains nothing, and the fix is unsafe: the conservative direction. An ``"order"`` change
must also render to the same items as before, in another order.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise, product
from urllib.parse import unquote

from ..findings import Change

_TOKEN = re.compile(r"<[^>]*>|[^<]+|<")
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")
_URL_ATTRIBUTES = re.compile(r' (?:href|src|srcset|cite|action|poster)="([^"]*)"')
_OL = re.compile(r'<ol(?: start="(\d+)")?>')
_CMARK_BLOCK = re.compile(
    r"</?(?:p|li|ul|blockquote|pre|table|thead|tbody|tr|h[1-6])>|<ol(?: start=\"\d+\")?>|</ol>|<hr />"
    r'|<t[dh](?: align="\w+")?>|</t[dh]>|<li class="task-list-item">|<pre lang="[^"]*">'
    r'|<section class="footnotes" data-footnotes>|</section>'
)
"""The block tags cmark-gfm writes itself, always without other attributes: whitespace next to them
renders as nothing. A raw ``<div>`` or ``<p align="center">`` is the author's, and so is the space
around it."""
_BLANKS = "\n"
"""Only the line breaks cmark-gfm writes: spaces next to a block tag are raw HTML's own."""

Render = Callable[[str], str]


def render_github(text: str) -> str:
    from ..document.cmark import render_html

    return render_html(text)


# --------------------------------------------------------------------------- comparing renderings


def rendering_change(
    before: str, after: str, changes: Iterable[Change] = (), render: Render = render_github
) -> str | None:
    """What differs between two renderings beyond ``changes``, in words; ``None`` if nothing does.

    ``render`` renders the Markdown snippets of ``"block"`` changes, as the documents were.
    """
    if before == after:
        return None
    allowed = _Allowed(changes)
    problem = _compared(before, after, allowed) if not allowed.blocks else _with_blocks(before, after, allowed, render)
    return problem if problem is not None else _lost_anchor(before, after)


_HEADING = re.compile(r"<h[1-6]>(.*?)</h[1-6]>", re.DOTALL)
_LOCAL_HREF = re.compile(r'href="#([^"]+)"')
_ANY_TAG = re.compile(r"<[^>]*>")


def _lost_anchor(before: str, after: str) -> str | None:
    """A heading's anchor that the change takes away while a link of the document points to it.

    cmark-gfm writes no heading ids, GitHub does (from the heading's text): a fix that respells a
    heading (`Vscode` to `VS Code`) moves its anchor, and the table of contents' link breaks.
    """
    if "<h" not in before or 'href="#' not in before:
        return None
    lost = set(_anchors(before)) - set(_anchors(after))
    if not lost:
        return None
    linked = {unquote(html.unescape(target)).casefold() for target in _LOCAL_HREF.findall(before)}
    for anchor in sorted(lost):
        if anchor.casefold() in linked:
            return f"the heading anchor #{anchor} would change, and a link of the document points to it"
    return None


def _anchors(rendered: str) -> list[str]:
    from ..document.anchors import slug

    seen: dict[str, int] = {}
    out = []
    for match in _HEADING.finditer(rendered):
        base = slug(html.unescape(_ANY_TAG.sub("", match.group(1))))
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.append(f"{base}-{count}" if count else base)
    return out


def _compared(before: str, after: str, allowed: _Allowed) -> str | None:
    old_lines, new_lines = before.split("\n"), after.split("\n")
    old_side, new_side = _Side(old_lines), _Side(new_lines)
    for i1, i2, j1, j2 in _line_hunks(old_lines, new_lines):
        problem = _explain(old_side.tokens(i1, i2), new_side.tokens(j1, j2), allowed)
        if problem is not None:
            return problem
    return None


class _Side:
    """One rendering's lines, read hunk after hunk in order: whether a hunk starts inside ``<pre>``
    is counted on from the previous hunk, so that many hunks cost one pass over the lines."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.line = 0
        self.in_pre = 0

    def tokens(self, start: int, end: int) -> list[str]:
        for line in self.lines[self.line : start]:
            if "pre" in line:
                self.in_pre += line.count("<pre") - line.count("</pre>")
        self.line = start
        previous = self.lines[start - 1] if start else ""
        after_block = not start or (
            previous.endswith(">") and _CMARK_BLOCK.fullmatch(_TOKEN.findall(previous)[-1]) is not None
        )
        return _tokens("\n".join(self.lines[start:end]), self.in_pre, after_block)


def _line_hunks(old: list[str], new: list[str]) -> list[tuple[int, int, int, int]]:
    """The line ranges that differ: compared line by line when the counts match, else by a diff."""
    if len(old) == len(new):
        hunks: list[tuple[int, int, int, int]] = []
        for index in [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]:
            if hunks and hunks[-1][1] == index:
                hunks[-1] = (hunks[-1][0], index + 1, hunks[-1][2], index + 1)
            else:
                hunks.append((index, index + 1, index, index + 1))
        return hunks
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    # difflib's "autojunk" heuristic keeps this near-linear on HTML, where lines like ``<li>`` repeat
    # thousands of times; a poorer alignment can only report a difference, never hide one.
    matcher = SequenceMatcher(None, old[head : len(old) - tail], new[head : len(new) - tail])
    return [
        (i1 + head, i2 + head, j1 + head, j2 + head)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _tokens(
    chunk: str, in_pre: int, after_block: bool, spans: list[tuple[int, int]] | None = None
) -> list[str]:
    """The tags and texts of ``chunk``, without the whitespace next to cmark-gfm's own block tags
    (the line breaks it writes between blocks), which renders as nothing; text is kept exact.
    ``in_pre``: how many ``<pre>`` are open before it; ``after_block``: whether a block tag ends the
    text before it (a chunk starts mid-paragraph too). ``spans`` receives where each token is in
    ``chunk``, its blanks left out."""
    out: list[str] = []
    for match in _TOKEN.finditer(chunk):
        token = match.group()
        if token[0] == "<" and len(token) > 1:
            block = _CMARK_BLOCK.fullmatch(token) is not None
            if block and out and out[-1][0] != "<" and in_pre <= 0:
                out[-1] = out[-1].rstrip(_BLANKS)
                if not out[-1]:
                    out.pop()
                    if spans is not None:
                        spans.pop()
                elif spans is not None:
                    spans[-1] = (spans[-1][0], spans[-1][0] + len(out[-1]))
            if token.startswith("<pre"):
                in_pre += 1
            elif token == "</pre>":
                in_pre -= 1
            out.append(token)
            if spans is not None:
                spans.append(match.span())
            after_block = block
            continue
        if after_block and in_pre <= 0:
            token = token.lstrip(_BLANKS)
        if token:
            out.append(token)
            if spans is not None:
                spans.append((match.end() - len(token), match.end()))
        after_block = False
    return out


def _explain(old: list[str], new: list[str], changes: _Allowed) -> str | None:
    if old == new:
        return None
    if len(old) == len(new):
        return _explain_pairs(old, new, changes)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new).get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            problem = _explain_pairs(old[i1:i2], new[j1:j2], changes)
            if problem is not None:
                return problem
        elif tag == "delete" and _removal_explained(old, i1, i2, changes):
            continue
        elif tag == "delete":
            return f"{_show(''.join(old[i1:i2]))} would disappear"
        elif tag == "insert":
            return f"{_show(''.join(new[j1:j2]))} would appear"
        else:
            return f"{_show(''.join(old[i1:i2]))} would become {_show(''.join(new[j1:j2]))}"
    return None


def _explain_pairs(old: list[str], new: list[str], changes: _Allowed) -> str | None:
    for a, b in zip(old, new, strict=True):
        if a != b and not _pair_explained(a, b, changes):
            return f"{_show(a)} would become {_show(b)}"
    return None


class _Allowed:
    """The changes a comparison allows, indexed so that a thousand of them cost no more than one."""

    def __init__(self, changes: Iterable[Change]) -> None:
        changes = list(changes)
        self.starts: set[tuple[str, str]] = set()
        self.removable: set[str] = set()
        texts: dict[str, str] = {}
        urls: dict[str, str] = {}
        for change in changes:
            if change.kind == "start":
                self.starts.add((change.old, change.new))
            elif change.kind == "remove":
                self.removable.add(change.old)
            elif change.kind in ("text", "url") and change.old:
                (urls if change.kind == "url" else texts)[change.old] = change.new
        self.any_text = _Substitution({**texts, **urls})
        self.url_only = _Substitution(urls)
        self.blocks = [(change.old, change.new) for change in changes if change.kind in ("block", "order")]
        self.orders = [(change.old, change.new) for change in changes if change.kind == "order"]


_MAX_COMBINED = 24
"""Changes found in one text beyond which their pairs (one inside or overlapping another) are not
tried: the pairs cost the square of their number, and the worst outcome is a fix judged unsafe."""


class _Substitution:
    """Every ``old`` replaced by its ``new`` at once, longest first."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping
        olds = sorted(mapping, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, olds))) if olds else None

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda match: self.mapping[match.group()], text)

    def explains(self, text: str, wanted: str) -> bool:
        """Whether replacing some of the ``old`` found in ``text`` (not necessarily all) gives ``wanted``:
        a change declared for one place must not be required everywhere its text occurs (``vuejs`` in
        a sentence respelt, ``repo://vuejs/…`` in another left alone)."""
        found = {old: self.mapping[old] for old in self.mapping if old in text}
        # One change inside another's words (AL412's `NodeJS` inside the words AL401 declares for a full
        # stop after them): the wider one, with the narrower applied within it, is a replacement too.
        options = [(old, new) for old, new in found.items()]
        if len(found) > _MAX_COMBINED:  # pairs of thousands of changes in one text: not worth the time
            found = {}
        options += [
            (old, new.replace(inner, found[inner]))
            for old, new in found.items()
            for inner in found
            if inner != old and inner in new
        ]
        # Two changes whose words overlap (`vue.js` respelt, and a full stop declared after `e.js, …`):
        # both applied over the words of the two.
        for first in found:
            for second in found:
                for overlap in range(1, min(len(first), len(second))):
                    if first != second and first.endswith(second[:overlap]):
                        joined = first + second[overlap:]
                        pair = _Substitution({first: found[first], second: found[second]})
                        options.append((joined, pair.one_after_another(joined)))
        at: dict[int, list[tuple[int, str]]] = {}
        for old, new in options:
            position = text.find(old)
            while position >= 0:
                at.setdefault(position, []).append((len(old), new))
                position = text.find(old, position + 1)
        if not at:
            return text == wanted
        states = {0: {0}}  # position in text -> positions in wanted reachable there
        for index in range(len(text) + 1):
            for place in states.pop(index, ()):
                if index == len(text):
                    if place == len(wanted):
                        return True
                    continue
                if place < len(wanted) and text[index] == wanted[place]:
                    states.setdefault(index + 1, set()).add(place + 1)
                for length, new in at.get(index, ()):
                    if wanted.startswith(new, place):
                        states.setdefault(index + length, set()).add(place + len(new))
        return False

    def one_after_another(self, text: str) -> str:
        """Each ``old`` found in ``text`` replaced in turn: two changes of one text that overlap (an
        entry's separator and its final full stop, each declared with the words around it) cannot
        both be replaced at once."""
        found = sorted((old for old in self.mapping if old in text), key=len, reverse=True)
        for old in found:  # the widest first: a narrower change inside it still finds its text after
            text = text.replace(old, self.mapping[old])
        return text


def _pair_explained(old: str, new: str, changes: _Allowed) -> bool:
    if changes.starts:
        a, b = _OL.fullmatch(old), _OL.fullmatch(new)
        if a and b and (a[1] or "1", b[1] or "1") in changes.starts:
            return True
    substitute = changes.any_text
    if old[0] == "<" and _URL_ATTRIBUTES.findall(old) != _URL_ATTRIBUTES.findall(new):
        substitute = changes.url_only  # only a URL change may touch a URL
    if substitute.pattern is None:
        return False
    for read in (html.unescape, _decoded):
        wanted, text = read(new), read(old)
        if substitute(text) == wanted or substitute.explains(text, wanted):
            return True
        if substitute.one_after_another(text) == wanted:
            return True
    return False


def _decoded(token: str) -> str:
    """Entities and percent-escapes decoded: cmark-gfm percent-encodes a link's ``href``."""
    return unquote(html.unescape(token))


def _removal_explained(tokens: list[str], start: int, end: int, changes: _Allowed) -> bool:
    """Whether deleting ``tokens[start:end]`` removes whole elements that a change removes.

    A deletion next to equal tokens can slide (``<h2></h2><h2>B</h2>`` loses either first
    ``<h2></h2>`` or ``</h2><h2>``): every equivalent position is tried.
    """
    removable = changes.removable
    if not removable:
        return False
    while start > 0 and tokens[start - 1] == tokens[end - 1]:
        start, end = start - 1, end - 1
    while True:
        if _whole_elements(tokens[start:end], removable):
            return True
        if end < len(tokens) and tokens[start] == tokens[end]:
            start, end = start + 1, end + 1
        else:
            return False


def _whole_elements(tokens: list[str], names: set[str]) -> bool:
    depth = 0
    name = ""
    for token in tokens:
        match = _TAG_NAME.match(token)
        if depth == 0:
            if not match or token.startswith("</") or match[1].lower() not in names:
                return False
            name, depth = match[1].lower(), 1
            continue
        if match and match[1].lower() == name:
            depth += -1 if token.startswith("</") else 1
    return depth == 0 and bool(tokens)


def _show(fragment: str, limit: int = 60) -> str:
    return repr(fragment if len(fragment) <= limit else fragment[: limit - 1] + "…")


# --------------------------------------------------------------------------- blocks rewritten as a whole


MAX_PLACEMENTS = 16
"""Ways of placing the block changes (a block whose rendering occurs more than once) tried before
giving up: each costs one comparison."""


def _with_blocks(before: str, after: str, allowed: _Allowed, render: Render) -> str | None:
    """The comparison with each block change's old rendering replaced by its new one in ``before``.

    Each old rendering is looked for among the tokens of ``before``, as its tokens: where the
    snippet renders in its place as it does alone. A block found nowhere explains nothing; one
    found at several places is tried at each (the fix rewrote one of them), up to
    :data:`MAX_PLACEMENTS` placements in all. The first problem is the one reported.
    """
    for old, new in allowed.orders:
        if _unordered(_snippet(render, old)[1]) != _unordered(_snippet(render, new)[1]):
            return f"{_show(old)} would change more than the order of its items"
    spans: list[tuple[int, int]] = []
    tokens = _tokens(before, 0, True, spans)
    starts: dict[str, list[int]] = {}
    for index, token in enumerate(tokens):
        starts.setdefault(token, []).append(index)
    choices: list[list[tuple[int, int, str]]] = []
    for old, new in allowed.blocks:
        old_rendering, _ = _snippet(render, old)
        new_tokens, new_html = _snippet(render, new)
        if old_rendering == new_tokens:
            continue  # it means to render the same: nothing to place
        old_tokens = list(old_rendering)
        width = len(old_tokens)
        found = [
            (spans[index][0], spans[index + width - 1][1], new_html)
            for index in (starts.get(old_tokens[0], []) if old_tokens else [])
            if tokens[index : index + width] == old_tokens
        ]
        if not found:
            return f"{_show(old)} renders otherwise in its place than on its own"
        choices.append(found)
    first: str | None = None
    for tried, placement in enumerate(product(*choices)):
        if tried == MAX_PLACEMENTS:
            break
        ordered = sorted(placement)
        if any(a[1] > b[0] for a, b in pairwise(ordered)):
            continue  # two blocks over the same tokens
        pieces: list[str] = []
        position = 0
        for start, end, new_html in ordered:
            pieces += [before[position:start], new_html]
            position = end
        pieces.append(before[position:])
        problem = _compared("".join(pieces), after, allowed)
        if problem is None:
            return None
        first = first or problem
    return first or "the rewritten blocks overlap"


@lru_cache(maxsize=256)
def _snippet(render: Render, source: str) -> tuple[tuple[str, ...], str]:
    """The tokens of ``source`` rendered on its own, and that HTML without the line breaks around it."""
    html_text = render(source).strip(_BLANKS)
    return tuple(_tokens(html_text, 0, True)), html_text


_LIST_TAG = re.compile(r"<(/?)(ul|ol|li)\b[^>]*>")


def _unordered(rendered: str) -> str:
    """``rendered`` with the items of every ``<ul>`` sorted, innermost first: what is left when only
    the order of sibling items may differ (an ordered list's order is its meaning, and stays)."""
    stack: list[tuple[str, list[str], list[str]]] = [("", [], [])]
    position = 0
    for match in _LIST_TAG.finditer(rendered):
        kind, pieces, items = stack[-1]
        pieces.append(rendered[position : match.start()])
        position = match.end()
        closing, name = match.groups()
        if name != "li" and not closing:
            stack.append((match.group(), [], []))
        elif name == "li" and not closing:
            pieces[:] = [match.group()]
        elif name == "li":
            items.append("".join(pieces).strip("\n") + match.group())
            pieces.clear()
        elif len(stack) > 1:
            stack.pop()
            body = "".join(sorted(items) if kind == "<ul>" else items)
            stack[-1][1].append(f"{kind}{body}</{name}>")
    stack[-1][1].append(rendered[position:])
    return "".join("".join(pieces) for _, pieces, _ in stack)
