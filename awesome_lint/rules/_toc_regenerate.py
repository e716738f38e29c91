"""AL411's fix: the table of contents written again from the headings, in the table's own style.

The table is learnt from itself: the prefix (indentation, bullet, the blanks after it) of each
nesting depth, and the depth each heading level is listed at. Entries already in the table keep
what follows their bullet (the author's text, a badge, an ``<a name>`` alias for the anchor); new
ones read ``[the heading's plain text](#its-anchor)``. The entries for the main heading and for
Contents itself, and the ones that are no section of this page (another file, an HTML ``id``), are
kept as they are written when they come first or last; entries for sections before Contents,
repeats and anchors that exist nowhere go. Contributing, Footnotes, Related Lists, License (and a
level-1 heading after Contents) are listed when the table listed them; ``##`` and ``###``
headings always, deeper ones as deep as the table went.

Only a plain table is rewritten: a bullet list, an item per line, each starting with its one
link, nothing else between the items (no blank line, no continuation, no comment). Anything else
is reported and left alone: there is no style to follow, or something that has no place in a
table written from the headings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from urllib.parse import unquote

from ..document import Document, Heading, ListBlock, ListItem
from ..findings import Change, Edit, Fix

_SPECIAL = re.compile(r"([\\`*_\[\]<>~])")
"""What would read as markup in link text: the heading's plain text shows these as written."""

_KEEP, _DROP, _ENTRY = "keep", "drop", "entry"


def anchor_of(url: str) -> str | None:
    """The ``#anchor`` a link's URL names (decoded), if it names one."""
    url = url.strip("<>")
    return unquote(url[1:]) if url.startswith("#") and len(url) > 1 else None


class _Line:
    """One item of the table: its depth, its line up to the content and from there, where it links."""

    __slots__ = ("depth", "prefix", "content", "url", "kind")

    def __init__(self, depth: int, prefix: str, content: str, url: str) -> None:
        self.depth = depth
        self.prefix = prefix
        self.content = content
        self.url = url
        self.kind = _KEEP


def regenerate(
    document: Document,
    block: ListBlock,
    contents: int,
    resolve: Callable[[str], str | None],
    optional: Callable[[Heading], bool],
) -> Fix | None:
    """The fix that writes ``block`` (the table of the Contents heading ``headings[contents]``) again.

    ``resolve`` turns a link's URL into the anchor of the heading it reaches (``None`` for none);
    ``optional(heading)`` says whether a heading is listed only when the table listed it.
    None when the table is not plain enough to rewrite, or is already as it would be written.
    """
    headings, anchors = document.headings, document.heading_anchors
    lines = _lines(document, block)
    if lines is None:
        return None
    after = dict(zip(anchors[contents + 1 :], headings[contents + 1 :], strict=True))
    targets = [resolve(line.url) for line in lines]
    listed = {target for target in targets if target is not None}
    deepest = max([3] + [after[target].level for target in listed if target in after])
    wanted = [
        (anchor, heading)
        for anchor, heading in after.items()
        if anchor and heading.level <= deepest and (anchor in listed or (heading.level >= 2 and not optional(heading)))
    ]
    included = {anchor for anchor, _ in wanted}
    entries: dict[str, _Line] = {}
    for line, target in zip(lines, targets, strict=True):
        if target is None:
            anchor = anchor_of(line.url)  # another page, an HTML id, the top of the page stay
            kept = anchor is None or anchor in document.anchors or anchor.casefold() == "top"
            line.kind = _KEEP if kept else _DROP
        elif target in included:
            line.kind = _DROP if target in entries else _ENTRY  # a repeat goes
            entries.setdefault(target, line)
        else:  # the main heading and Contents itself stay; sections before Contents go
            heading = document.anchors.get(target)
            kept = heading is not None and (heading.level == 1 or heading is headings[contents])
            line.kind = _KEEP if kept else _DROP
    if not entries:
        return None  # nothing to learn the style from
    depths = _depths([(after[target].level, line.depth) for target, line in entries.items()])
    top = min(depths(heading.level) for _, heading in wanted)
    first = next(index for index, line in enumerate(lines) if line.kind == _ENTRY)
    for line, target in zip(lines[:first], targets, strict=False):
        if target is None and line.kind == _DROP and line.depth < top:
            line.kind = _KEEP  # above the sections: the main heading's, its anchor mistyped
    shape = "".join(line.kind[0] for line in lines if line.kind != _DROP)
    if not re.fullmatch(r"k*e+k*", shape):
        return None  # an entry to keep between sections: there is no place for it
    lead = [line for line in lines[:first] if line.kind == _KEEP]
    tail = [line for line in lines[first:] if line.kind == _KEEP]
    planned: list[tuple[int, _Line | None, str]] = [(line.depth, line, "") for line in lead]
    previous = lead[-1].depth if lead else -1
    parents: list[tuple[int, int]] = []  # (level, depth) of the entries a later one may nest in
    for anchor, heading in wanted:
        while parents and parents[-1][0] >= heading.level:
            parents.pop()
        # As deep as the table lists the level, but never below its parent's or the entry before.
        depth = min(depths(heading.level), previous + 1, parents[-1][1] + 1 if parents else previous + 1)
        planned.append((depth, entries.get(anchor), f"[{_plain(heading)}](#{anchor})"))
        parents.append((heading.level, depth))
        previous = depth
    planned += [(line.depth, line, "") for line in tail]
    text = document.text
    start = text.rfind("\n", 0, block.items[0].marker_span.start) + 1
    old = text[start : block.items[-1].end_line_offset]
    end = "\n" if old.endswith("\n") else ""
    prefixes = _prefixes(lines)
    for uniform in (False, True):  # the entries' own indentation where they stay as deep, else the table's
        new = "\n".join(_written(planned, prefixes, uniform)) + end
        if new == old:
            return None
        if _nested_as(new, [depth for depth, _, _ in planned]):
            return Fix((_narrowed(start, old, new),), changes=(Change("block", old, new),))
    return None


def _written(planned: list[tuple[int, _Line | None, str]], prefixes: Callable[[int], str], uniform: bool) -> list[str]:
    out = []
    for depth, line, content in planned:
        if line is None:
            out.append(prefixes(depth) + content)
        elif line.kind == _KEEP or (line.depth == depth and not uniform):
            out.append(line.prefix + line.content)
        else:
            out.append(prefixes(depth) + line.content)
    return out


def _nested_as(markdown: str, depths: list[int]) -> bool:
    """Whether GitHub reads ``markdown`` as one list of an item per line, nested ``depths`` deep."""
    from ..document import parse_document
    from ..source import Source

    document = parse_document(Source.from_text(markdown))
    items = sorted((item.marker_span.start, block.depth) for block in document.lists for item in block.items)
    lines = [document.position(start).line for start, _ in items]
    top = [block for block in document.lists if block.depth == 0]
    return len(top) == 1 and [depth for _, depth in items] == depths and lines == list(range(1, len(depths) + 1))


def _lines(document: Document, block: ListBlock) -> list[_Line] | None:
    """The table's items, one per line from its first to its last; None for a table not that plain."""
    text, source = document.text, document.source
    first, last = block.items[0].marker_span.start, block.items[-1].end_line_offset
    lists = [b for b in document.lists if b.items and first <= b.items[0].marker_span.start < last]
    if any(b.ordered for b in lists):
        return None
    items: list[tuple[int, ListItem]] = sorted(
        ((b.depth - block.depth, item) for b in lists for item in b.items), key=lambda pair: pair[1].marker_span.start
    )
    first_line = document.position(first).line
    if document.position(last - 1).line - first_line + 1 != len(items):
        return None  # a blank line, a continuation, a comment between the items
    out: list[_Line] = []
    for number, (depth, item) in enumerate(items, start=first_line):
        paragraph, link = item.first_paragraph, item.main_link
        line_start = source.line_start(number)
        line_end = line_start + len(source.line_text(number))
        if (
            paragraph is None
            or link is None
            or link.image
            or document.position(item.marker_span.start).line != number
            or paragraph.span.end > line_end
            or any(not isinstance(inner, ListBlock) for inner in item.blocks[1:])
            or sum(1 for other in paragraph.links if other.parent is None and not other.image) != 1
        ):
            return None
        prefix, content = text[line_start : paragraph.span.start], text[paragraph.span.start : line_end]
        out.append(_Line(depth, prefix, content, link.url))
    return out


def _depths(listed: list[tuple[int, int]]) -> Callable[[int], int]:
    """The depth each heading level is listed at, from the table's ``(level, depth)`` entries: the
    depth most of that level's entries have; one deeper than the level above for a level not listed."""
    seen: dict[int, Counter[int]] = {}
    for level, at in listed:
        seen.setdefault(level, Counter())[at] += 1
    known = {level: min(counts, key=lambda d: (-counts[d], d)) for level, counts in seen.items()}
    lowest = min(known)

    def depth(level: int) -> int:
        if level in known:
            return known[level]
        if level < lowest:
            return max(0, known[lowest] - (lowest - level))
        return depth(level - 1) + 1

    return depth


def _prefixes(lines: list[_Line]) -> Callable[[int], str]:
    """The prefix of each depth: the most common one of the table's items there; for a depth the
    table never reaches, one more indentation step than the depth above."""
    seen: dict[int, Counter[str]] = {}
    for line in lines:
        seen.setdefault(line.depth, Counter())[line.prefix] += 1
    known = {depth: counts.most_common(1)[0][0] for depth, counts in seen.items()}

    def step(depth: int) -> str:
        """The indentation one level adds below ``depth``."""
        outer, inner = known.get(depth - 1), known.get(depth)
        if outer is not None and inner is not None:
            outer_indent, inner_indent = _indent(outer), _indent(inner)
            if inner_indent.startswith(outer_indent) and len(inner_indent) > len(outer_indent):
                return inner_indent[len(outer_indent) :]
        prefix = known[depth]
        return " " * len(prefix[len(_indent(prefix)) :].expandtabs(4))

    def prefix(depth: int) -> str:
        if depth in known:
            return known[depth]
        above = max(d for d in known if d < depth)
        base = known[above]
        indent = _indent(base)
        return indent + step(above) * (depth - above) + base[len(indent) :]

    return prefix


def _indent(prefix: str) -> str:
    return prefix[: len(prefix) - len(prefix.lstrip(" \t"))]


def _plain(heading: Heading) -> str:
    from ..document.anchors import heading_text

    return _SPECIAL.sub(r"\\\1", " ".join(heading_text(heading.text).split()))


def _narrowed(start: int, old: str, new: str) -> Edit:
    """The edit from ``old`` to ``new`` without the lines they begin and end with alike."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    head = 0
    while head < min(len(old_lines), len(new_lines)) and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(old_lines), len(new_lines)) - head
        and old_lines[len(old_lines) - 1 - tail] == new_lines[len(new_lines) - 1 - tail]
    ):
        tail += 1
    skip = sum(len(line) for line in old_lines[:head])
    old_end = len(old) - sum(len(line) for line in old_lines[len(old_lines) - tail :])
    new_end = len(new) - sum(len(line) for line in new_lines[len(new_lines) - tail :])
    return Edit(start + skip, start + old_end, new[skip:new_end])
