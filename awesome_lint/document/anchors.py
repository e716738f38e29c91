"""The ``#anchors`` GitHub gives headings, and the ones authors write in HTML.

GitHub turns a heading's text into an id the way github-slugger does: lower-case
it, drop every character that is not a letter, a mark, a number, ``_``, ``-``
or a space (so punctuation and emoji go), turn each space into ``-``, and add
``-1``, ``-2``... to a repeated one. The text is what the heading shows: link
text and code kept, images, HTML tags and emphasis markers gone.
"""

from __future__ import annotations

import re
import unicodedata

from .nodes import Heading, Html

_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\](?:\([^)]*\)|\[[^\]]*\])")
_LINK = re.compile(r"\[((?:[^\]\\]|\\.)*)\](?:\([^)]*\)|\[[^\]]*\])")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_MARKERS = re.compile(r"(?<!\\)(?:[*~`]+|(?<![^\W_])_+|_+(?![^\W_]))")
"""Emphasis, strike-through and code markers; an underscore inside a word (``snake_case``) is text."""
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HTML_ID = re.compile(r"""<[A-Za-z][^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']""")


def heading_text(raw: str) -> str:
    """What a heading shows, from its Markdown."""
    text = _IMAGE.sub("", raw)
    text = _LINK.sub(lambda match: match.group(1), text)
    text = _TAG.sub("", text)
    text = _MARKERS.sub("", text)
    return _ESCAPE.sub(r"\1", text)


def slug(text: str) -> str:
    """GitHub's anchor for a heading that shows ``text`` (before ``-1`` for repeats)."""
    kept = []
    for char in text.lower():
        category = unicodedata.category(char)
        if char in "-_ " or category[0] in "LMN" or category == "Pc":
            kept.append("-" if char == " " else char)
    return "".join(kept)


def heading_anchors(headings: list[Heading]) -> list[str]:
    """The anchor of each heading, in order, repeats numbered as GitHub numbers them."""
    seen: dict[str, int] = {}
    out = []
    taken: set[str] = set()
    for heading in headings:
        base = slug(heading_text(heading.text))
        anchor = base
        count = seen.get(base, 0)
        while anchor in taken:
            count += 1
            anchor = f"{base}-{count}"
        seen[base] = count
        taken.add(anchor)
        out.append(anchor)
    return out


def html_ids(html: str) -> list[str]:
    """The ``id`` and ``name`` attributes of the tags in ``html``: targets a link may jump to."""
    return [match.group(1) for match in _HTML_ID.finditer(html)]


def html_anchors(nodes: list[Html]) -> set[str]:
    return {anchor for node in nodes for anchor in html_ids(node.text)}
