"""AL202 insecure-url."""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from urllib.parse import unquote

from ..document import Document, LinkKind, Span
from ..findings import Applicability, Change, Edit, Fix, Violation
from ..urls import host, is_local_host, unescape
from .base import FORBID_EXTRA, Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..online.answers import LinkAnswer, OnlineClient, Request


@dataclass(frozen=True)
class InsecureUrlOptions:
    __pydantic_config__ = FORBID_EXTRA

    allow: tuple[str, ...] = ()
    """Hosts (glob patterns: ``legacy.example.org``, ``*.example.org``) whose http:// links are accepted."""

_SHOWN = 80


def shorten(url: str, limit: int = _SHOWN) -> str:
    """A URL short enough for a one-line message (the position points at the whole of it)."""
    return url if len(url) <= limit else url[: limit - 1] + "…"


class InsecureUrl(Rule):
    """What it does
      Reports links, images, autolinks, bare URLs, reference definitions and
      URLs in raw HTML (`<a href>`, `<img src>`, each `srcset` candidate)
      whose URL uses `http://`, and a bare `www.example.com` in text, which
      GitHub links to `http://www.example.com`. A reference definition is
      reported once, at the definition, however many links use it. Hosts where
      TLS is not expected are left alone: `localhost` and `*.localhost`,
      `0.0.0.0` and `[::]`, loopback and private networks (`127.0.0.0/8`,
      `::1`, `10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`), `*.local` and
      `.onion` services. A URL that is not a well-formed `http://` URL
      (`http:/x`, `http:///x`) is left to malformed-url: upgrading its scheme
      would not repair it.

    Why is this bad?
      A plain-HTTP link can be read and rewritten by anyone on the reader's
      network, and most sites have served HTTPS for years: an `http://` link
      in a list is usually just old. Browsers increasingly warn on it.

    Example
      ```markdown
      - [Google Architecture](http://highscalability.com/google-architecture)
      - Home page: www.example.com
      <a href="http://example.org"><img src="http://example.org/logo.png"></a>
      ```
      Reported at the URL (in HTML, at the attribute's value). `--unsafe-fixes`
      changes the scheme to `https://`, and writes `https://` before a bare
      `www.` (the link's text then shows it too): unsafe, because offline
      nobody can tell whether the site serves TLS.

      Online (`--online`), the `https://` address is tried: when it works,
      on the same site as the `http://` one, the message says "HTTPS
      verified" and the fix is safe (`--fix` applies it); when it fails, the
      message says how, and no fix is offered.

    Options
      `allow` (list of host glob patterns, default none): sites known to serve
      no TLS, whose `http://` links are accepted.
      ```toml
      [tool.awesome-lint.rules.insecure-url]
      allow = ["legacy.example.org", "*.example.net"]
      ```
    """

    code = "AL202"
    name = "insecure-url"
    summary = "Link with https:// rather than http://"
    fixable = True
    Options = InsecureUrlOptions
    options: InsecureUrlOptions

    def check(self, document: Document) -> Iterator[Violation]:
        found: list[Violation] = []
        for link in document.links:
            if link.kind is not LinkKind.REFERENCE and not (link.parent and link.parent.image):
                found.extend(self._check(link.url, link.url_span, _resolved(link.url, link.kind)))
        for definition in document.definitions:
            found.extend(self._check(definition.url, definition.url_span, unescape(definition.url)))
        for url in document.html_urls:
            found.extend(self._check(url.url, url.span, html.unescape(url.url)))
        for span in www_autolinks(document):
            found.extend(self._check_www(document.text[span.start : span.end], span))
        found.sort(key=lambda violation: violation.span.start)
        yield from found

    def requests(self, document: Document, client: OnlineClient) -> Iterator[tuple[Request, Span]]:
        from ..online.answers import LinkRequest, request_url

        for violation in self.check(document):
            upgrade = _upgrade(violation)
            if upgrade is not None:
                yield LinkRequest(request_url(upgrade.old)), violation.span
                yield LinkRequest(request_url(upgrade.new)), violation.span

    def check_online(self, document: Document, client: OnlineClient) -> Iterator[Violation]:
        for violation in self.check(document):
            upgrade = _upgrade(violation)
            secure = client.link(upgrade.new) if upgrade is not None else None
            if upgrade is None or secure is None or violation.fix is None:
                yield violation  # not checked in this run: as offline
                continue
            shown = shorten(upgrade.old)
            if secure.ok and _same_site(client.link(upgrade.old), secure, upgrade.new):
                fix = Fix(violation.fix.edits, Applicability.SAFE, violation.fix.changes)
                yield Violation(violation.span, f'insecure URL "{shown}": use https:// (HTTPS verified)', fix)
            elif secure.ok:
                where = secure.final_url or upgrade.new
                message = f'insecure URL "{shown}": the https:// address leads elsewhere ({shorten(where)}); no fix'
                yield Violation(violation.span, message)
            else:
                message = f'insecure URL "{shown}": https:// was tried and failed: {secure.reason}'
                yield Violation(violation.span, message)

    def _allowed(self, name: str) -> bool:
        return is_local_host(name) or any(fnmatchcase(name, pattern.lower()) for pattern in self.options.allow)

    def _check(self, url: str, span: Span, value: str) -> Iterator[Violation]:
        """``url`` as written at ``span``; ``value`` the URL GitHub links to (escapes and entities resolved)."""
        if _HTTP.match(url) is None or _HTTP.match(value) is None:
            return  # https, another scheme, or no well-formed http:// URL (malformed-url's)
        name = host(value)
        if name and not self._allowed(name):
            # Unsafe: offline, nobody knows whether the site serves TLS.
            upgrade = Fix(
                (Edit(span.start, span.start + len("http"), "https"),),
                Applicability.UNSAFE,
                (Change("url", value, "https" + value[len("http") :]),),
            )
            yield Violation(span, f'insecure URL "{shorten(url)}": use https://', upgrade)

    def _check_www(self, text: str, span: Span) -> Iterator[Violation]:
        name = host("http://" + text)
        if name and not self._allowed(name):
            # GitHub links `www.x.com` to http://www.x.com and shows it as written: with
            # `https://` written before it, both the link and its text change.
            upgrade = Fix(
                (Edit(span.start, span.start, "https://"),),
                Applicability.UNSAFE,
                (Change("url", "http://" + text, "https://" + text), Change("text", text, "https://" + text)),
            )
            message = f'insecure URL "{shorten(text)}": GitHub links it with http://; write https://'
            yield Violation(span, message, upgrade)


def _upgrade(violation: Violation) -> Change | None:
    """The http:// → https:// change a finding's fix means."""
    if violation.fix is None:
        return None
    return next((change for change in violation.fix.changes if change.kind == "url"), None)


def _same_site(insecure: LinkAnswer | None, secure: LinkAnswer, asked: str) -> bool:
    """Whether the https:// address answers like the http:// one: both end on the same host
    (``www.`` aside). When the http:// one fails, the https:// one must not have been sent
    elsewhere (a hosting provider's page answers 200 for every site it hosts)."""
    from ..online.answers import request_url

    def bare(url: str) -> str:
        name = host(url) or ""
        return name[4:] if name.startswith("www.") else name

    landed = secure.final_url or asked
    if insecure is not None and insecure.ok:
        return bare(insecure.final_url or insecure.url) == bare(landed)
    return request_url(landed) == request_url(asked)


def _resolved(url: str, kind: LinkKind) -> str:
    """The URL GitHub links to: a link's destination has its escapes and entities resolved, an
    autolink only its entities, a bare URL neither."""
    if kind is LinkKind.BARE:
        return url
    return html.unescape(url) if kind is LinkKind.AUTOLINK else unescape(url)


_HTTP = re.compile(r"(?i)http://(?![/\\])")
"""A well-formed http:// URL's start: ``http:/x``, ``http:x`` and ``http:///x`` are not (malformed-url reports them)."""


# --- GFM's `www.` autolinks ---------------------------------------------------------------------

_BLANKS = " \t\n\r\f\v"
"""cmark-gfm's blanks (ASCII only: a no-break space is part of a URL there)."""
_OPENERS = frozenset(_BLANKS + "*_~(")
"""What GFM may start a ``www.`` autolink after (or at the start of the text)."""
_RENDERED_WWW = re.compile(r'<a href="http://(www\.[^"]*)">(www\.[^<]*)</a>')
_TRAILING = frozenset("?!.,:*_~'\"")


def www_autolinks(document: Document) -> list[Span]:
    """The ``www.`` autolinks GitHub makes in the document's text, as spans of the URL.

    The document has no node for them (its inline parser links only URLs with a scheme), so
    they are read here: each ``www.`` in a paragraph, heading or table row that is no code,
    HTML or link runs to the next blank or ``<`` and loses its trailing punctuation as
    cmark-gfm trims it. GitHub's own rendering has the last word: a URL is reported only
    when the rendering links it, with its text, exactly as many times as it is found here.
    """
    text = document.text
    if "www." not in text:
        return []
    candidates = [span for span in _www_candidates(document) if span.end > span.start + len("www.")]
    if not candidates:
        return []
    from ..document.cmark import render_html

    rendered = document.rendered if document.rendered is not None else render_html(document.source.markdown)
    linked = _linked(rendered)
    for node in document.html:  # an author's own `<a href="http://www.x.com">www.x.com</a>` is no autolink
        if "www." in node.text:
            linked.subtract(_linked(node.text))
    found = Counter(text[span.start : span.end] for span in candidates)
    return [span for span in candidates if found[text[span.start : span.end]] == linked[text[span.start : span.end]]]


def _linked(rendered: str) -> Counter[str]:
    """How many times each ``www.`` text is linked, as GitHub links it, in ``rendered``."""
    return Counter(
        html.unescape(shown)
        for href, shown in _RENDERED_WWW.findall(rendered)
        if unquote(html.unescape(href)) == unquote(html.unescape(shown))
    )


def _www_candidates(document: Document) -> Iterator[Span]:
    from ..document import Heading, Paragraph
    from ..document.parser import iter_blocks

    text = document.text
    positions = []
    position = text.find("www.")
    while position >= 0:
        if position == 0 or text[position - 1] in _OPENERS:
            positions.append(position)
        position = text.find("www.", position + 4)
    if not positions:
        return
    regions = [(block.span, False) for block in iter_blocks(document.blocks) if isinstance(block, Paragraph | Heading)]
    regions += [(row.span, True) for table in document.tables for row in table.rows]
    regions.sort(key=lambda region: region[0].start)
    region_starts = [span.start for span, _ in regions]
    links = [link.span for link in document.links]
    excluded = _merged(links + [node.span for node in document.html] + document.code_spans)
    excluded_starts = [span.start for span in excluded]
    last_end = 0
    for position in positions:
        index = bisect_right(region_starts, position) - 1
        if position < last_end or index < 0 or position not in regions[index][0]:
            continue
        if not _inside(excluded, excluded_starts, position):
            region, in_table = regions[index]
            last_end = _autolink_end(text, position, region.end, in_table)
            yield Span(position, last_end)


def _merged(spans: list[Span]) -> list[Span]:
    """The places ``spans`` cover, as sorted spans that do not overlap."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda span: span.start):
        if out and span.start < out[-1].end:
            if span.end > out[-1].end:
                out[-1] = Span(out[-1].start, span.end)
        else:
            out.append(span)
    return out


def _inside(spans: list[Span], starts: list[int], offset: int) -> bool:
    index = bisect_right(starts, offset) - 1
    return index >= 0 and offset in spans[index]


def _autolink_end(text: str, start: int, limit: int, in_table: bool) -> int:
    """cmark-gfm's end of a ``www.`` autolink: the next blank or ``<`` (``|`` in a table), then
    trailing punctuation, an unbalanced ``)`` and an entity-like ``&name;`` dropped."""
    end = start
    while end < limit and text[end] not in _BLANKS and text[end] != "<" and not (in_table and text[end] == "|"):
        end += 1
    opening, closing = text.count("(", start, end), text.count(")", start, end)
    while end > start:
        char = text[end - 1]
        if char in _TRAILING:
            end -= 1
        elif char == ";":
            back = end - 2
            while back > start and text[back].isascii() and text[back].isalpha():
                back -= 1
            end = back if back < end - 2 and text[back] == "&" else end - 1
        elif char == ")" and closing > opening:
            end -= 1
            closing -= 1
        else:
            break
    return end
