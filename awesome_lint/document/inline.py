"""Inline content with source positions, from mistune 3.4: the only module that knows mistune.

mistune's tokens carry no positions (mistune issue #218), so its inline parser
is hooked where text is consumed: every link, image, autolink, bare URL, code
span and inline HTML records its span in the inline source it was given (a
paragraph's, a heading's or a table cell's text, which the builder maps back to
the file). Reference definitions are read with mistune's own block rule, on the
text the builder hands over.

Where mistune and GitHub disagree on what is a link, this module follows GitHub:
a bare URL ends as GFM ends it (trailing punctuation, unbalanced ``)``,
``xhttps://``).

Two private functions are wrapped (``_inline.links._close_bracket`` and, for
speed, ``helpers._parse_link_href``), hence the pin to the 3.4 series and the
property test in ``tests/test_positions.py`` that fails loudly if an upgrade
breaks them.
"""

from __future__ import annotations

import re
from re import Match
from typing import Any

import mistune._inline.links as _links
import mistune.helpers as _helpers
from mistune.block_parser import BlockParser
from mistune.core import DEFAULT_MAX_NESTED_LEVEL, BlockState, InlineState
from mistune.helpers import parse_link_href
from mistune.inline_parser import InlineParser
from mistune.util import escape_url, unikey

Token = dict[str, Any]


class _InlineState(InlineState):
    pass


class _Inline(InlineParser):
    state_cls = _InlineState

    def finalize_tokens(self, tokens: list[Token], depth: int) -> list[Token]:
        # With emphasis off, mistune's finalising only merges adjacent text tokens and
        # drops its private keys: nothing the builder needs, and a tenth of the parse time.
        return tokens

    def _tag(self, state: InlineState, before: Token | None, start: int, end: int, types: tuple[str, ...]) -> None:
        if state.tokens and state.tokens[-1] is not before and state.tokens[-1]["type"] in types:
            state.tokens[-1]["_span"] = (start, end)

    def parse_auto_link(self, m: Match[str], state: InlineState) -> int:
        before = state.tokens[-1] if state.tokens else None
        end = super().parse_auto_link(m, state)
        self._tag_autolink(state, before, m, end)
        return end

    def parse_auto_email(self, m: Match[str], state: InlineState) -> int:
        """``<someone@example.com>``: an autolink whose written URL is the address."""
        before = state.tokens[-1] if state.tokens else None
        end = super().parse_auto_email(m, state)
        self._tag_autolink(state, before, m, end)
        return end

    def _tag_autolink(self, state: InlineState, before: Token | None, m: Match[str], end: int) -> None:
        self._tag(state, before, m.start(), end, ("link",))
        if state.tokens and "_span" in state.tokens[-1] and state.tokens[-1] is not before:
            # mistune drops its own `_autolink` marker when it finalises tokens.
            state.tokens[-1]["_auto"] = m.group(0)

    def parse_codespan(self, m: Match[str], state: InlineState) -> int:
        before = state.tokens[-1] if state.tokens else None
        end = super().parse_codespan(m, state)
        self._tag(state, before, m.start(), end, ("codespan",))
        return end

    def parse_inline_html(self, m: Match[str], state: InlineState) -> int | None:
        before = state.tokens[-1] if state.tokens else None
        end = super().parse_inline_html(m, state)
        if end:
            self._tag(state, before, m.start(), end, ("inline_html",))
        return end


# A bare URL runs to the next blank or `<`; `_bare_url_end` then trims it as GFM does.
# (mistune's own pattern keeps a trailing `?`, `!`, `*`, `_` or `~`, and drops the `)`
# of `https://en.wikipedia.org/wiki/Go_(game)`.)
_BARE_URL_PATTERN = r"(?i:https?|ftp)://[^ \t\n\r\f\v<]+"
"""A scheme cmark-gfm's autolinker knows, in any case, to the next ASCII blank or ``<`` (a U+2028 or a
no-break space is part of the URL there)."""
_TRAILING_PUNCTUATION = frozenset("?!.,:*_~'\"")


def _bare_url_end(src: str, start: int, end: int) -> int:
    """Where a GFM extended autolink starting at ``start`` ends (cmark-gfm's ``autolink_delim``).

    Trailing punctuation is not part of the URL, nor is a ``)`` without a matching
    ``(`` in the URL, nor an entity-like ``&name;`` at its end.
    """
    opening = closing = -1  # counted when first needed
    while end > start:
        char = src[end - 1]
        if char in _TRAILING_PUNCTUATION:
            end -= 1
        elif char == ";":
            back = end - 2
            while back > start and src[back].isascii() and src[back].isalpha():
                back -= 1
            end = back if back < end - 2 and src[back] == "&" else end - 1
        elif char == ")":
            if closing < 0:
                opening, closing = src.count("(", start, end), src.count(")", start, end)
            if closing <= opening:
                break
            end -= 1
            closing -= 1
        else:
            break
    return end


def _parse_bare_url(inline: InlineParser, m: Match[str], state: InlineState) -> int | None:
    """mistune's ``parse_url_link`` with GFM's end of URL, tagging the token with its span."""
    start, end = m.start(), m.end()
    src = state.src
    if start and src[start - 1].isascii() and src[start - 1].isalpha():
        return None  # `xhttps://` is no scheme GFM links
    if state.brackets:
        close = src.find("]", start, end)
        if close >= 0:
            end = close
    end = _bare_url_end(src, start, end)
    if end <= src.find("//", start) + 2:
        return None  # nothing left after the scheme
    text = src[start:end]
    if state.in_link or state.depth >= inline.max_nested_level:
        inline.process_text(text, state)
        return end
    state.append_token(
        {
            "type": "link",
            "children": [{"type": "text", "raw": text}],
            "attrs": {"url": escape_url(text)},
            "_autolink": text,
            "_span": (start, end),
            "_auto": text,
        }
    )
    return end


def _close_bracket(inline: InlineParser, state: InlineState, close: int) -> int:
    if not isinstance(state, _InlineState) or not state.brackets:
        return _original_close_bracket(inline, state, close)
    opener = state.brackets[-1]
    before = state.tokens[-1] if state.tokens else None
    end = _original_close_bracket(inline, state, close)
    token = state.tokens[-1] if state.tokens else None
    if token is not None and token is not before and token["type"] in ("link", "image"):
        start = opener.start - (2 if opener.image else 1)
        token["_span"] = (start, end)
        token["_label"] = (opener.start, close)
        if "ref" not in token:
            token["_dest"] = _destination(state.src, close + 2)
    return end


def _destination(src: str, pos: int, block: bool = False) -> tuple[int, int, str] | None:
    """The span and text of a link destination that mistune reads from ``pos`` on.

    ``pos`` is just after the `(` of an inline link, or the `:` of a definition (``block``).
    """
    href, href_end = parse_link_href(src, pos, block)
    if href is None or href_end is None:
        return None
    lead = _HREF_LEAD.match(src, pos)
    angle = lead is not None and src.startswith("<", lead.end())
    url_end = href_end - 1 if angle else href_end
    return url_end - len(href), url_end, href


_original_close_bracket = _links._close_bracket
_links._close_bracket = _close_bracket


# mistune's link destination scanner, for a destination the regex below covers.
_HREF_LEAD = re.compile(r"[ \t]*(?:(?:\r\n|\r|\n)[ \t]*)?")
_HREF_SIMPLE = re.compile(r"[^\x00-\x20\x7f()\\<]*")


def _parse_link_href(
    src: str, start_pos: int, block: bool = False, *, max_nested_level: int = DEFAULT_MAX_NESTED_LEVEL
) -> tuple[str | None, int | None, int]:
    """``mistune.helpers._parse_link_href``, with a fast path for the common destination.

    mistune scans a destination one character at a time in Python (a quarter of the
    inline parsing time of a list). A destination without parentheses, backslashes,
    ``<`` or control characters that ends at a blank or ``)`` needs no such care; any
    other goes to mistune's own scanner. ``tests/test_positions.py`` checks they agree.
    """
    pos = start_pos
    lead = _HREF_LEAD.match(src, pos)
    if lead is not None:
        pos = lead.end()
    if pos < len(src):
        first = src[pos]
        if first != "<" and not (block and first in " \t\n\r\f"):
            simple = _HREF_SIMPLE.match(src, pos)
            end = simple.end() if simple is not None else pos
            if end >= len(src) or src[end] in " \t\n\r\f)":
                return src[pos:end], end, end
    return _original_parse_link_href(src, start_pos, block, max_nested_level=max_nested_level)


_original_parse_link_href = _helpers._parse_link_href
_helpers._parse_link_href = _parse_link_href


def _new_inline() -> _Inline:
    inline = _Inline(max_nested_level=DEFAULT_MAX_NESTED_LEVEL)
    inline.register("url_link", _BARE_URL_PATTERN, _parse_bare_url, start_chars=("h", "H", "f", "F"))
    # Emphasis parsing is super-linear in mistune 3.4 (a 112 KB file took 77 s) and
    # no rule needs emphasis nodes; links inside `**...**` still parse without it.
    inline.rules.remove("emphasis")
    return inline


def plain_text(tokens: list[Token]) -> str:
    parts: list[str] = []
    for token in tokens:
        if "raw" in token:
            parts.append(token["raw"])
        elif "children" in token:
            parts.append(plain_text(token["children"]))
        elif token["type"] == "softbreak":
            parts.append(" ")
    return "".join(parts)


_INLINE: _Inline | None = None
_BLOCK: BlockParser | None = None
_REF_LINK = re.compile(BlockParser.SPECIFICATION["ref_link"], re.MULTILINE)


FAST_ENTRIES = True
"""Read the commonest entry, ``[Name](https://url) - Description.`` on one line, and text with no
markup at all (a heading, a table cell), without mistune. Four in five entries of a real list are
that plain, and so are two in three other pieces of inline text; mistune's tokens for them are
fixed. ``tests/test_positions.py`` checks that the document is the same with this off."""

_PLAIN_TEXT = re.compile(r"[^\[\]\\`<>!&\n]*")
"""Nothing that starts an inline token (a URL's ``://`` is checked apart)."""

_PLAIN_ENTRY = re.compile(r"\[([^\[\]\\`<>!&\n]+)\]\(([^\s()<>\\`&]+)\)([^\[\]\\`<>!&\n]*)")
"""A link whose text and destination need no care, then text with nothing that starts an inline
token: no bracket, backslash, backtick, ``<``, ``!`` or entity (and no ``://``, checked apart)."""


def parse_inline(text: str, env: dict[str, Any]) -> list[Token]:
    """The inline tokens of ``text``, each link, code span and HTML tagged with its ``_span``."""
    global _INLINE
    if FAST_ENTRIES:
        if ":/" not in text and _PLAIN_TEXT.fullmatch(text) is not None:
            return [{"type": "text", "raw": text}]
        match = _PLAIN_ENTRY.fullmatch(text)
        if match is not None and "://" not in match[1] and "://" not in match[3]:
            label, url = match.span(1), match.span(2)
            tokens: list[Token] = [
                {
                    "type": "link",
                    "children": [{"type": "text", "raw": match[1]}],
                    "attrs": {"url": escape_url(match[2])},
                    "_span": (0, match.end(2) + 1),
                    "_label": label,
                    "_dest": (url[0], url[1], match[2]),
                }
            ]
            if match[3]:
                tokens.append({"type": "text", "raw": match[3]})
            return tokens
    if _INLINE is None:
        _INLINE = _new_inline()
    tokens = _INLINE(text, env)
    return tokens


def new_env() -> dict[str, Any]:
    """What the inline parser reads reference links from: ``ref_links``, filled by :func:`read_definitions`."""
    return {"ref_links": {}}


def read_definitions(text: str) -> tuple[list[dict[str, Any]], int]:
    """The link reference definitions at the start of ``text`` (a paragraph's content), and where they end.

    Each is ``{"label", "key", "url", "data", "url_span", "span"}`` (``data`` is what the inline
    parser looks the label up in ``env["ref_links"]`` for; spans are offsets in
    ``text``), read by mistune's own block rule so that what counts as a definition does
    not drift from the inline parser's idea of one.
    """
    global _BLOCK
    if _BLOCK is None:
        _BLOCK = BlockParser()
    found: list[dict[str, Any]] = []
    state = BlockState()
    state.process(text if text.endswith("\n") else text + "\n")
    pos = 0
    while True:
        match = _REF_LINK.match(state.src, pos)
        if match is None or match.group("reflink_1").startswith("^"):
            break  # `[^note]:` is a footnote definition (GitHub drops one nothing refers to)
        state.env = new_env()
        state.tokens = []
        state.cursor = pos
        end = _BLOCK.parse_ref_link(match, state)
        if not end:
            break
        if state.env["ref_links"]:
            dest = _destination(state.src, match.end(), block=True)
            url_start, url_end, href = dest if dest is not None else (match.end(), match.end(), "")
            found.append(
                {
                    "label": match.group("reflink_1"),
                    "key": unikey(match.group("reflink_1")),
                    "url": href,
                    "data": next(iter(state.env["ref_links"].values())),
                    "url_span": (url_start, url_end),
                    "span": (match.start(), end),
                }
            )
        pos = end
    return found, min(pos, len(text))
