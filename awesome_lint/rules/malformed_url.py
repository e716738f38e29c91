"""AL203 malformed-url."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from ..document import Document, LinkKind, Span
from ..findings import Applicability, Change, Edit, Fix, Violation
from ..urls import scheme, unescape
from .base import Rule
from .insecure_url import shorten

_FRONT = re.compile(r"([A-Za-z]{3,6})(:/+|//+)")
"""What may be an ``http://`` as written: a word, then a colon and slashes, or two slashes without the
colon (one slash without it is a folder: ``http/server.md``)."""
_WEB = ("http", "https")
_NOT_TYPOS = frozenset({"htcp", "shttp"})
"""Real schemes one letter away from http (a typo'd scheme is any other such word)."""
_DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+([A-Za-z]{2,})")
_ALONE_TLDS = frozenset({"com", "org", "net", "io", "dev", "co", "edu", "gov", "info", "xyz"})
"""Top-level domains that name no kind of file: ``example.com`` alone is a host. ``.sh``, ``.ai``,
``.app``, ``.so``, ``.ly``, ``.md``, ``.py``, ``.rs`` and the like are also file extensions
(``install.sh``, ``logo.ai``, ``Safari.app``), so such a name alone is taken for a file."""
_PATH_TLDS = _ALONE_TLDS | {
    *("app", "me", "ai", "gg", "so", "tv", "ly", "sh", "cc", "fm", "to", "us", "uk", "eu", "de", "fr", "jp", "cn"),
    *("ru", "ca", "nl", "ch", "it", "es", "se", "br", "au", "kr", "pl", "in", "be", "at", "dk", "fi", "no", "cz"),
}
"""Top-level domains of a host followed by a path (``github.com/owner/repo``, ``example.de/x``): no
folder is named like that (a ``Name.app/`` bundle aside, which starts with a capital)."""


class Problem(NamedTuple):
    reason: str
    fixed: str | None
    """The destination as meant, when there is no doubt about it."""
    at: tuple[int, int] | None = None
    """Where in the written destination the mistake is, when it is not the whole of it."""


def problem(written: str) -> Problem | None:
    """What is wrong with a link destination (as written: escapes and entities kept), if anything."""
    url = unescape(written)
    plain = url == written  # a repair is written over the source only where it reads as it is
    found = _problem(url, written)
    if found is not None and not plain:
        return Problem(found.reason, None, found.at)
    return found


def _problem(url: str, written: str) -> Problem | None:
    if url != url.strip():
        return Problem("spaces around the URL", url.strip() or None)
    stray = written.find("](")
    if stray >= 0:
        return Problem('a stray "](": two destinations run together', _halves(url), (stray, stray + 2))
    if any(char.isspace() for char in url) and scheme(url) in _WEB:
        host = re.split(r"[/?#]", url.partition("://")[2], maxsplit=1)[0]
        if any(char.isspace() for char in host):
            return Problem("a space in the host name", None)
        if re.search(r"\shttps?:", url, re.IGNORECASE):
            return Problem("two URLs in one destination", None)
    front = _FRONT.match(url)
    if front is not None:
        return _scheme_problem(url, front)
    if scheme(url) or url.startswith(("/", ".", "#", "?")):
        return None
    if _host_like(url):
        return Problem('"https://" is missing: GitHub takes it for a file in the repository', f"https://{url}")
    return None


def _scheme_problem(url: str, front: re.Match[str]) -> Problem | None:
    word, slashes = front.groups()
    meant = _web_scheme(word)
    if meant is None:
        return None
    rest = url[front.end() :]
    fixed: str | None = f"{word if meant == word.lower() else meant}://{rest}"
    if all(_one_edit(word.lower(), web) for web in _WEB):
        fixed = None  # `htts`: http or https?
    if meant != word.lower():
        reason = f'"{word}" is not a scheme; write "{meant}://"'
    elif not slashes.startswith(":"):
        reason = f'the colon of "{word}://" is missing'
    elif slashes == ":/":
        reason = f'one slash after "{word}:"; write "{word}://"'
    elif slashes != "://":
        reason = f'{len(slashes) - 1} slashes after "{word}:"; write "{word}://"'
    else:
        reason = ""
    inner = _FRONT.match(rest)
    if inner is not None and _web_scheme(inner.group(1)) is not None:
        again = _scheme_problem(rest, inner)
        return Problem("the scheme is written twice", again.fixed if again is not None else rest)
    if not rest or rest.startswith(("/", "?", "#")):
        return Problem(f'no host after "{word}{slashes}"', None)
    return Problem(reason, fixed) if reason else None


def _web_scheme(word: str) -> str | None:
    """``http`` or ``https`` when ``word`` is one of them or a typo of one (``https`` when it may be either)."""
    lower = word.lower()
    if lower in _WEB:
        return lower
    if lower in _NOT_TYPOS:
        return None
    near = [meant for meant in ("https", "http") if _one_edit(lower, meant)]
    return near[0] if near else None


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one insertion, deletion, substitution or swap of neighbours."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1:
            return a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        return len(diff) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _host_like(url: str) -> bool:
    """Whether a relative destination starts with a host name: a web address without its scheme."""
    first = re.split(r"([/?#])", url, maxsplit=1)
    domain = _DOMAIN.fullmatch(first[0])
    if domain is None:
        return False
    if first[0].lower().startswith("www."):
        return True
    tld = domain.group(1).lower()
    if len(first) == 1:
        return tld in _ALONE_TLDS
    if tld == "app" and first[0].count(".") == 1 and first[0][0].isupper():
        return False  # a macOS bundle: Safari.app/Contents
    return tld in _PATH_TLDS


def _halves(url: str) -> str | None:
    """``https://x`` for ``https://x](https://x)`` or ``[https://x](https://x)``: the same URL twice."""
    match = re.fullmatch(r"\[?(.+?)\]\((.+)\)", url)
    if match is not None and match.group(1) == match.group(2) and "](" not in match.group(2):
        return match.group(2)
    return None


class MalformedUrl(Rule):
    """What it does
      Reports link, image and autolink destinations and reference
      definitions that cannot be what their author meant:

      - a scheme with a typo or a slash too few or too many: `htps://x`,
        `htttp://x`, `http//x` (no colon), `http:/x`, `http:///x`;
      - a scheme written twice: `https://https://x`, `http://https//x`;
      - no host: `https://`, `https:///`;
      - a web address without its scheme: `github.com/owner/repo`,
        `www.example.com`, `get.docker.com`, which GitHub takes for a file
        of the repository;
      - spaces around the URL (`< https://x >`), in its host, or between two
        URLs;
      - a stray `](`: `[https://x](https://x)` written as the destination.

      A name that may be a file is left alone: `install.sh`, `logo.ai`,
      `README.md`, `v1.2/notes`, `Safari.app/Contents`. A host name alone is
      taken for a web address only with a top-level domain that no file
      extension shares (`.com`, `.org`, `.net`, `.io`, `.dev`, `.edu`, ...);
      followed by a path, with the common ones too (`example.de/x`,
      `x.vercel.app/docs`). Bare URLs in text are GitHub's autolinks and are
      not checked, nor is a space in a URL's path (GitHub encodes it as
      `%20`; it may be the file's name), nor `hxxp://` (defanged on purpose).

    Why is this bad?
      GitHub renders such a link, and it does not lead where it should: a
      missing colon or scheme makes it a path in the repository (a 404
      page), a typo'd scheme is one no browser knows, and what a browser
      makes of `http:/x` or of a space is its own guess.

    Example
      ```markdown
      - [Ansible](http:/www.ansible.com) - Configuration management.
      - [Alamofire](github.com/Alamofire/Alamofire) - HTTP networking.
      ```
      Both are reported; `--fix` writes `http://www.ansible.com` and
      `https://github.com/Alamofire/Alamofire`. A repair is made only when
      the URL meant is certain: a typo'd scheme, a slash, a colon, a doubled
      scheme, a missing `https://`, spaces around the URL, or the same URL
      twice around `](`. Spaces inside a URL are only reported.

    Options
      None.
    """

    code = "AL203"
    name = "malformed-url"
    summary = "Write URLs a browser can follow (`https://x`, not `htps://x` or `github.com/x`)"
    fixable = True

    def check(self, document: Document) -> Iterator[Violation]:
        for link in document.links:
            if link.kind in (LinkKind.INLINE, LinkKind.AUTOLINK):
                yield from self._check(document, link.url, link.url_span, link.kind is LinkKind.AUTOLINK)
        for definition in document.definitions:
            yield from self._check(document, definition.url, definition.url_span, False)

    def _check(self, document: Document, url: str, span: Span, autolink: bool) -> Iterator[Violation]:
        found = problem(url)
        if found is None or (autolink and not scheme(url)):
            return
        written = document.text[span.start : span.end]
        where = span
        if found.at is not None and written == url:
            where = Span(span.start + found.at[0], span.start + found.at[1])
        fix = None
        if found.fixed is not None and written == url:
            change = Change("url", url, found.fixed)
            fix = Fix((Edit(span.start, span.end, found.fixed),), Applicability.SAFE, (change,))
        yield Violation(where, f'malformed URL "{shorten(url)}": {found.reason}', fix)
