"""Edits for the editor: a fixed text as one text edit, and suppression comments that change nothing.

A fix reaches the editor as the text the fixer produced (the same fixer, the same rendering
check as ``--fix``), turned into the smallest edit that makes the editor's text into it: so
line endings, a byte order mark and every untouched character stay as they are.

A suppression comment is written as the list already writes its comments (spacing, codes or
names), with the line's indentation and line ending, and offered only when GitHub's rendering,
comments aside, stays the same: a comment line between two list items would split the list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..document.cmark import render_html
from ..findings import Edit

_OURS = re.compile(r"<!--(\s*)awesome-lint-disable(?:-next-line|-line|-file)?\s+(\S+)[^>]*?(\s*)-->", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BLANKS = re.compile(r"\s+")
_CODE = re.compile(r"AL\d{3}", re.IGNORECASE)
_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_AROUND_TAGS = re.compile(r"\s*(<[^>]+>)\s*")


def smallest_edit(old: str, new: str) -> tuple[int, int, str]:
    """(start, end, replacement): replacing ``old[start:end]`` with ``replacement`` gives ``new``."""
    limit = min(len(old), len(new))
    start = 0
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return start, end_old, new[start:end_new]


def comment_style(text: str) -> tuple[str, bool]:
    """The padding inside ``<!--``/``-->`` and whether rules are named by code, as the document's
    own suppression comments write them (default: one space, names)."""
    match = _OURS.search(text)
    if match is None:
        return " ", False
    return match[1], bool(_CODE.fullmatch(match[2].rstrip(",")))


def suppression(text: str, line: int, code: str, name: str, *, next_line: bool) -> str | None:
    """``text`` with a comment silencing rule ``code`` (``name``) on 0-based ``line``: at the end of
    the line (``disable-line``) or on a line of its own above it (``disable-next-line``); None when
    GitHub would render the document differently (comments aside)."""
    from .positions import lines_of

    lines = lines_of(text)
    if not 0 <= line < len(lines):
        return None
    pad, by_code = comment_style(text)
    rule = code if by_code else name
    keyword = "disable-next-line" if next_line else "disable-line"
    comment = f"<!--{pad}awesome-lint-{keyword} {rule}{pad}-->"
    starts = _line_starts(text)
    start = starts[line]
    if not next_line:
        end = start + len(lines[line])
        new = text[:end] + " " + comment + text[end:]
        return new if renders_alike(text, new) else None
    ending = _ending(text[start + len(lines[line]) :]) if line + 1 < len(lines) else _ending(text)
    for indent in _indents(lines, line):
        new = text[:start] + indent + comment + ending + text[start:]
        if renders_alike(text, new):
            return new
    return None


def _indents(lines: list[str], line: int) -> list[str]:
    """Where a comment line above ``line`` may go: at the line's own indentation (before a list, a
    heading, a paragraph), or inside the item above it (between two items, where a comment at the
    items' own indentation would end the list)."""
    own = re.match(r"[ \t]*", lines[line])
    candidates = [own.group() if own else ""]
    above = next((lines[index] for index in range(line - 1, -1, -1) if lines[index].strip()), None)
    if above is not None:
        item = _ITEM.match(above)
        candidates.append(" " * len(item.group()) if item else re.match(r"[ \t]*", above).group())  # type: ignore[union-attr]
    return list(dict.fromkeys(candidates))


def renders_alike(before: str, after: str) -> bool:
    """Whether GitHub renders both texts the same once HTML comments are left out (and the blanks
    between elements that they leave)."""
    return _plain(render_html(before.lstrip("\ufeff"))) == _plain(render_html(after.lstrip("\ufeff")))


def _plain(html: str) -> str:
    return _AROUND_TAGS.sub(r"\1", _BLANKS.sub(" ", _COMMENT.sub("", html))).strip()


def apply_fix(text: str, edits: Sequence[Edit]) -> str:
    """The editor's ``text`` with a finding's fix applied, as ``--fix`` applies it (to the bytes, which
    keeps the byte order mark, the line endings and every untouched character)."""
    from ..fixes.edits import apply_edits

    data = apply_edits(text.encode("utf-8", "surrogatepass"), edits)
    return data.decode("utf-8", "surrogatepass")


def _line_starts(text: str) -> list[int]:
    return [0] + [match.end() for match in re.finditer(r"\r\n|\r|\n", text)]


def _ending(text: str) -> str:
    """The first line ending in ``text`` (LF when it has none)."""
    match = re.search(r"\r\n|\r|\n", text)
    return match.group() if match else "\n"
