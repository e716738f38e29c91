"""The web addresses of a document, as the online rules check them.

Every http(s) URL that GitHub links to: links, images, autolinks and bare URLs,
reference definitions (once, at the definition, however many links use them) and
URLs in raw HTML, each with the span of the URL as written.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..document import Document, LinkKind, Span
from ..urls import unescape

_WEB = re.compile(r"(?i)https?://[^/\\\s]")

_NOT_OWNERS = frozenset(
    """about account apps blog codespaces collections contact customer-stories dashboard enterprise events
    explore features git-guides github-copilot home issues join login logout marketplace mobile new
    notifications organizations orgs password_reset premium-support pricing pulls readme resources search
    security sessions settings signup site solutions sponsors stars team topics trending users watching""".split()  # noqa: SIM905  # words read better than a list
)
_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")
_REPO = re.compile(r"[A-Za-z0-9._-]+")


@dataclass(frozen=True)
class WebUrl:
    url: str
    """As GitHub links it: escapes and entities resolved."""
    span: Span
    """The URL as written."""
    html: bool = False
    """In raw HTML (an attribute value), where a fix must write HTML."""


def web_urls(document: Document) -> list[WebUrl]:
    found: list[WebUrl] = []
    for link in document.links:
        if link.kind is LinkKind.REFERENCE or (link.parent and link.parent.image):
            continue
        found.append(WebUrl(_resolved(link.url, link.kind), link.url_span))
    for definition in document.definitions:
        found.append(WebUrl(unescape(definition.url), definition.url_span))
    for url in document.html_urls:
        found.append(WebUrl(html.unescape(url.url), url.span, html=True))
    found = [item for item in found if _WEB.match(item.url) and _requestable(item.url)]
    found.sort(key=lambda item: item.span.start)
    return found


def _resolved(url: str, kind: LinkKind) -> str:
    if kind is LinkKind.BARE:
        return url
    return html.unescape(url) if kind is LinkKind.AUTOLINK else unescape(url)


def _requestable(url: str) -> bool:
    """Whether ``url`` names a host (and a port, if any) that a request can go to."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  # raises for a port that is no number
    except ValueError:
        return False
    return bool(parts.hostname) and not any(character.isspace() for character in url)


@dataclass(frozen=True)
class Repository:
    host: str
    owner: str
    name: str
    start: int
    end: int
    """Where ``OWNER/REPO`` is in the URL (for a fix that writes the new name there)."""


def github_repository(url: str, hosts: frozenset[str]) -> Repository | None:
    """The repository a ``https://github.com/OWNER/REPO…`` URL is in, on one of ``hosts``."""
    match = re.match(r"(?i)https?://([^/?#]+)/([^/?#]+)/([^/?#]+)", url)
    if match is None or match[1].lower() not in hosts:
        return None
    owner, name = match[2], match[3]
    end = match.end(3)
    if name.lower().endswith(".git"):
        name, end = name[:-4], end - 4
    if owner.lower() in _NOT_OWNERS or not _OWNER.fullmatch(owner) or not _REPO.fullmatch(name) or name in (".", ".."):
        return None
    return Repository(match[1].lower(), owner, name, match.start(2), end)
