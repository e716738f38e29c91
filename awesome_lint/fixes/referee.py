"""The referee: a fix is safe only if GitHub's rendering changes exactly as the fix says it will.

Every fix carries the :class:`~awesome_lint.findings.Change` list of what it
means to change on GitHub (a list's ``start``, a link's ``href``, repaired
characters, an element removed). The referee renders the text with cmark-gfm
(:func:`~awesome_lint.document.cmark.render_html`, GitHub's own parser) before
and after the edits and compares the two HTML documents, tag by tag and text by
text, with the whitespace HTML ignores left out. A difference that no change
explains (a nested quote that became text, a code block that lost a space, a
list item that moved) makes a safe fix unsafe, with the difference as its note;
an unsafe fix keeps the note, for ``--show-fixes``.

Rules know nothing of this: the engine asks the referee about every fix the
rules propose, and ``--fix`` asks again about each round of fixes applied
together. That is what lets any rule's fix be trusted as safe.
"""

from __future__ import annotations

import html
import re
from bisect import insort
from collections.abc import Callable, Iterable, Sequence
from difflib import SequenceMatcher
from urllib.parse import unquote

from ..findings import Applicability, Change, Edit, Fix
from .edits import EditError, sorted_checked
from .select import conflicts_with_taken

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


def _render(text: str) -> str:
    from ..document.cmark import render_html

    return render_html(text)


# --------------------------------------------------------------------------- comparing renderings


def rendering_change(before: str, after: str, changes: Iterable[Change] = ()) -> str | None:
    """What differs between two renderings beyond ``changes``, in words; ``None`` if nothing does."""
    if before == after:
        return None
    allowed = _Allowed(changes)
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


def _tokens(chunk: str, in_pre: int, after_block: bool) -> list[str]:
    """The tags and texts of ``chunk``, without the whitespace next to cmark-gfm's own block tags
    (the line breaks it writes between blocks), which renders as nothing; text is kept exact.
    ``in_pre``: how many ``<pre>`` are open before it; ``after_block``: whether a block tag ends the
    text before it (a chunk starts mid-paragraph too)."""
    out: list[str] = []
    for token in _TOKEN.findall(chunk):
        if token[0] == "<" and len(token) > 1:
            block = _CMARK_BLOCK.fullmatch(token) is not None
            if block and out and out[-1][0] != "<" and in_pre <= 0:
                out[-1] = out[-1].rstrip(_BLANKS)
                if not out[-1]:
                    out.pop()
            if token.startswith("<pre"):
                in_pre += 1
            elif token == "</pre>":
                in_pre -= 1
            out.append(token)
            after_block = block
            continue
        if after_block and in_pre <= 0:
            token = token.lstrip(_BLANKS)
        if token:
            out.append(token)
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
    return any(substitute(read(old)) == read(new) for read in (html.unescape, _decoded))


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


# --------------------------------------------------------------------------- judging fixes


def apply_to_text(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` applied (they must not conflict: :class:`EditError` otherwise)."""
    pieces: list[str] = []
    position = 0
    for edit in sorted_checked(edits):
        if edit.end > len(text):
            raise EditError(f"edit ends at offset {edit.end}, past the end of the text ({len(text)})")
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement.replace("\r\n", "\n").replace("\r", "\n"))
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def round_renders_as_meant(before: bytes, after: bytes, fixes: Sequence[Fix], render: Render = _render) -> bool:
    """Whether fixes applied together (``before`` to ``after``) change the rendering only as they mean to."""
    from ..source import Source

    changes = [change for fix in fixes for change in fix.changes]
    old, new = Source.from_bytes(before, "<before>").markdown, Source.from_bytes(after, "<after>").markdown
    return rendering_change(render(old), render(new), changes) is None


def judge(
    text: str,
    fixes: Sequence[Fix | None],
    render: Render = _render,
    before: str | None = None,
    as_parsed: Callable[[str], str] | None = None,
    unsafe: bool = True,
) -> list[Fix | None]:
    """The fixes again, each judged against GitHub's rendering of ``text``.

    A safe fix whose rendering differs beyond its changes becomes unsafe, with the
    difference as its note; an unsafe one keeps its applicability and gets the note.
    Fixes are judged in groups that do not conflict, each group rendered once; a group
    that fails is split in halves until the fixes at fault are found, so a file with a
    thousand good fixes costs two renderings and one bad fix among them a few more.
    ``as_parsed`` turns a text into what is rendered (front matter blanked), and ``before``
    is the rendering of ``text`` when the caller has it already. Without ``unsafe`` the unsafe
    fixes are left as they are: they are never applied without ``--unsafe-fixes``, and their
    notes only matter to ``--show-fixes``.
    """
    if as_parsed is not None:
        render = _composed(render, as_parsed)
    out = list(fixes)
    pending = [
        index
        for index, fix in enumerate(fixes)
        if fix is not None and fix.edits and (unsafe or fix.applicability is Applicability.SAFE)
    ]
    if not pending:
        return out
    if before is None:
        before = render(text)
    budget = [MAX_RENDERS]
    for applicability in (Applicability.SAFE, Applicability.UNSAFE):
        group = [index for index in pending if fixes[index].applicability is applicability]  # type: ignore[union-attr]
        while group:
            chosen, group, broken = _compatible(group, fixes)
            failed = [(index, "its edits overlap") for index in broken]
            failed += _bisect(text, before, chosen, fixes, render, budget)
            for index, problem in failed:
                fix = fixes[index]
                assert fix is not None
                out[index] = Fix(
                    fix.edits,
                    Applicability.UNSAFE,
                    fix.changes,
                    note=f"it would change more than it means to on GitHub: {problem}",
                )
    return out


def _composed(render: Render, as_parsed: Callable[[str], str]) -> Render:
    def composed(text: str) -> str:
        return render(as_parsed(text))

    return composed


def _compatible(group: list[int], fixes: Sequence[Fix | None]) -> tuple[list[int], list[int], list[int]]:
    """The fixes of ``group`` that apply together (in order of their first edit), the others, and
    those whose own edits conflict (which never apply)."""
    chosen: list[int] = []
    rest: list[int] = []
    broken: list[int] = []
    taken: list[tuple[int, int]] = []  # sorted, pairwise free of conflicts
    for index in sorted(group, key=lambda i: min((e.start, e.end) for e in fixes[i].edits)):  # type: ignore[union-attr]
        edits = fixes[index].edits  # type: ignore[union-attr]
        try:
            own = sorted_checked(edits)
        except EditError:
            broken.append(index)
            continue
        if any(conflicts_with_taken(taken, edit) for edit in own):
            rest.append(index)
            continue
        chosen.append(index)
        for edit in own:
            insort(taken, (edit.start, edit.end))
    return chosen, rest, broken


MAX_RENDERS = 200
"""Renderings one file's fixes may take to find the ones at fault; past it, every fix of a failing
group is taken for one at fault (a file where hundreds of fixes fail is not worth the wait)."""


def _bisect(
    text: str, before: str, chosen: list[int], fixes: Sequence[Fix | None], render: Render, budget: list[int]
) -> list[tuple[int, str]]:
    """The fixes of ``chosen`` that fail, each with what it would change."""
    if not chosen:
        return []
    if budget[0] <= 0:
        return [(index, "not judged alone: too many fixes of this file fail together") for index in chosen]
    group = [fixes[index] for index in chosen]
    edits = [edit for fix in group if fix is not None for edit in fix.edits]
    changes = [change for fix in group if fix is not None for change in fix.changes]
    budget[0] -= 1
    try:
        problem = rendering_change(before, render(apply_to_text(text, edits)), changes)
    except EditError as exc:
        problem = f"its edits cannot be applied ({exc})"
    if problem is None:
        return []
    if len(chosen) == 1:
        return [(chosen[0], problem)]
    middle = len(chosen) // 2
    return _bisect(text, before, chosen[:middle], fixes, render, budget) + _bisect(
        text, before, chosen[middle:], fixes, render, budget
    )
