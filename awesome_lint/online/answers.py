"""What the online rules are handed: a client that answers from checks already made.

Rules never do I/O. An online run asks each online rule what it wants checked
(:class:`LinkRequest`, :class:`RepoRequest`), checks all of it at once, politely
(:mod:`.links`, :mod:`.github`), and then hands the rules the same
:class:`OnlineClient`, now holding the answers. A URL nobody asked about, or one
left out by the configuration or the changed-lines filter, has no answer: the
rules then report nothing for it.

Everything here is plain data (no httpx), so that rules import it freely and a
client crosses into worker processes as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

OK, DEAD, UNREACHABLE, UNCHECKED = "ok", "dead", "unreachable", "unchecked"
"""A link's verdict: it works; it is gone (404, 410, no such host, connection refused, TLS failure);
it could not be reached (5xx, timeout, bot protection, rate limiting: maybe only for now); or the
run did not get to it (time budget, rate limit)."""


@dataclass(frozen=True, order=True)
class LinkRequest:
    """Check this http(s) URL (its fragment is never sent, so it is not part of the request)."""

    url: str


@dataclass(frozen=True, order=True)
class RepoRequest:
    """Ask the GitHub API about repository ``owner/name`` on ``host``."""

    host: str
    owner: str
    name: str


Request = LinkRequest | RepoRequest


@dataclass(frozen=True)
class LinkAnswer:
    """How a URL answered, followed through its redirects.

    ``status``: the last HTTP status (None when no answer came); ``reason``: what happened, in
    words for a message; ``redirects``: each hop as (status, the URL it went to);
    ``moved_to``: where the leading permanent redirects (301, 308) lead, when they lead elsewhere.
    """

    url: str
    state: str
    reason: str
    status: int | None = None
    redirects: tuple[tuple[int, str], ...] = ()
    moved_to: str | None = None
    final_url: str | None = None

    @property
    def ok(self) -> bool:
        return self.state == OK


@dataclass(frozen=True)
class RepoAnswer:
    """What the GitHub API says about a repository: ``state`` is ``ok``, ``archived``, ``moved``
    (``full_name`` is where it is now; it may be archived too), ``missing`` or ``unchecked``."""

    owner: str
    name: str
    state: str
    full_name: str = ""
    archived: bool = False
    reason: str = ""


@dataclass
class OnlineClient:
    """The online rules' view of the web: the answers of this run's checks, looked up by URL.

    ``github_hosts``: the web hosts whose ``/OWNER/REPO`` links are asked about through the
    GitHub API (github.com, or a GitHub Enterprise host).
    """

    github_hosts: frozenset[str] = frozenset({"github.com", "www.github.com"})
    links: dict[str, LinkAnswer] = field(default_factory=dict)
    repositories: dict[tuple[str, str, str], RepoAnswer] = field(default_factory=dict)

    def link(self, url: str) -> LinkAnswer | None:
        """The answer for ``url`` (fragment aside), or None when it was not checked in this run."""
        return self.links.get(request_url(url))

    def repository(self, host: str, owner: str, name: str) -> RepoAnswer | None:
        return self.repositories.get(repo_key(host, owner, name))

    def add(self, links: Mapping[str, LinkAnswer], repositories: Iterable[tuple[RepoRequest, RepoAnswer]]) -> None:
        self.links.update(links)
        for request, answer in repositories:
            self.repositories[repo_key(request.host, request.owner, request.name)] = answer


def request_url(url: str) -> str:
    """``url`` as it is requested: without its fragment (servers never see it)."""
    return url.split("#", 1)[0]


def repo_key(host: str, owner: str, name: str) -> tuple[str, str, str]:
    """GitHub names are case-insensitive: one key for ``Owner/Repo`` and ``owner/repo``."""
    return host.lower(), owner.lower(), name.lower()
