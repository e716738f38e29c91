"""AL202 insecure-url."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase

from ..document import Document, LinkKind, Span
from ..findings import Applicability, Change, Edit, Fix, Violation
from ..urls import host, is_local_host, scheme
from .base import FORBID_EXTRA, Rule


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
      Reports links, images, autolinks, bare URLs and reference definitions
      whose URL uses `http://`. A reference definition is reported once, at
      the definition, however many links use it. Hosts where TLS is not
      expected are left alone: `localhost` and `*.localhost`, loopback and
      private networks (`127.0.0.0/8`, `::1`, `10.0.0.0/8`, `172.16.0.0/12`,
      `192.168.0.0/16`), `*.local` and `.onion` services.

    Why is this bad?
      A plain-HTTP link can be read and rewritten by anyone on the reader's
      network, and most sites have served HTTPS for years: an `http://` link
      in a list is usually just old. Browsers increasingly warn on it.

    Example
      ```markdown
      - [Google Architecture](http://highscalability.com/google-architecture)
      ```
      Reported at the URL. `--unsafe-fixes` changes the scheme to `https://`:
      unsafe, because offline nobody can tell whether the site serves TLS.

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
        for link in document.links:
            if link.kind is not LinkKind.REFERENCE and not (link.parent and link.parent.image):
                yield from self._check(link.url, link.url_span)
        for definition in document.definitions:
            yield from self._check(definition.url, definition.url_span)

    def _check(self, url: str, span: Span) -> Iterator[Violation]:
        if scheme(url) != "http":
            return
        name = host(url)
        if not is_local_host(name) and not any(fnmatchcase(name, pattern.lower()) for pattern in self.options.allow):
            # Unsafe: offline, nobody knows whether the site serves TLS.
            upgrade = Fix(
                (Edit(span.start, span.start + len("http"), "https"),),
                Applicability.UNSAFE,
                (Change("url", url, "https" + url[len("http") :]),),
            )
            yield Violation(span, f'insecure URL "{shorten(url)}": use https://', upgrade)
