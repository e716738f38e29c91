"""The web addresses of a document, as the online rules check them (plain classes, not dataclasses:
every offline run imports this module, and building dataclasses costs start-up time).

Every http(s) URL that GitHub links to: links, images, autolinks and bare URLs,
reference definitions (once, at the definition, however many links use them) and
URLs in raw HTML, each with the span of the URL as written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from ..document import Document, LinkKind, Span
from ..records import Record
from ..urls import unescape

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..online.answers import LinkAnswer, OnlineClient, Request

_WEB = re.compile(r"(?i)https?://[^/\\\s]")

_NOT_OWNERS = frozenset(
    """about account apps blog codespaces collections contact customer-stories dashboard enterprise events
    explore features git-guides github-copilot home issues join login logout marketplace mobile new
    notifications organizations orgs password_reset premium-support pricing pulls readme resources search
    security sessions settings signup site solutions sponsors stars team topics trending users watching""".split()  # noqa: SIM905  # words read better than a list
)
_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")
_REPO = re.compile(r"[A-Za-z0-9._-]+")


class WebUrl(Record):
    """``url`` as GitHub links it (escapes and entities resolved), ``span`` the URL as written;
    ``html``: in raw HTML (an attribute value), where a fix must write HTML."""

    __slots__ = ("url", "span", "html")

    def __init__(self, url: str, span: Span, html: bool = False) -> None:
        self.url = url
        self.span = span
        self.html = html


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


class Repository(Record):
    """A repository on a GitHub host; ``start``–``end``: where ``OWNER/REPO`` is in the URL (for a
    fix that writes the new name there)."""

    __slots__ = ("host", "owner", "name", "start", "end")

    def __init__(self, host: str, owner: str, name: str, start: int, end: int) -> None:
        self.host = host
        self.owner = owner
        self.name = name
        self.start = start
        self.end = end


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


def link_requests(document: Document) -> Iterator[tuple[Request, Span]]:
    """A link check of every web URL of the document (the online answers are imported only online)."""
    from ..online.answers import LinkRequest, request_url

    for item in web_urls(document):
        yield LinkRequest(request_url(item.url)), item.span


def repository_requests(document: Document, client: OnlineClient) -> Iterator[tuple[Request, Span]]:
    """A GitHub API question for every repository the document links to."""
    from ..online.answers import RepoRequest

    for item in web_urls(document):
        repository = github_repository(item.url, client.github_hosts)
        if repository is not None:
            yield RepoRequest(repository.host, repository.owner, repository.name), item.span


def answered_links(document: Document, client: OnlineClient) -> Iterator[tuple[WebUrl, LinkAnswer]]:
    """Each web URL of the document that was checked in this run, with its answer."""
    for item in web_urls(document):
        answer = client.link(item.url)
        if answer is not None:
            yield item, answer
