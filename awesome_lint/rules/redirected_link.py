"""AL503 redirected-link."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from ..document import Document, Span
from ..findings import Applicability, Change, Edit, Fix, Severity, Violation
from ._web import WebUrl, answered_links, github_repository, link_requests
from .base import Rule
from .insecure_url import shorten

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..online.answers import OnlineClient, Request

_LOGIN_PATH = re.compile(
    r"(?i)/(?:log-?in|sign-?in|sign_in|sign-?up|auth(?:orize)?|sso|sessions?|oauth2?|"
    r"accounts?/login|users/sign_in|u/login|ServiceLogin|cas/login)(?:[/.?#]|$)"
)
_LOGIN_HOST = re.compile(r"(?i)^(?:login|auth|accounts|account|sso|signin|id|idp)\.")
_LOGIN_QUERY = re.compile(r"(?i)(?:^|&)(?:return_?to|returnurl|redirect_uri|redirect_url|continue|next)=")
_PARKING_HOSTS = (
    "sedoparking.com",
    "sedo.com",
    "parkingcrew.net",
    "bodis.com",
    "dan.com",
    "afternic.com",
    "hugedomains.com",
    "above.com",
    "domainmarket.com",
    "undeveloped.com",
    "parklogic.com",
    "buydomains.com",
    "efty.com",
    "domainnamesales.com",
    "uniregistry.com",
    "squadhelp.com",
    "atom.com",
)
_PARKING_PATH = re.compile(r"(?i)^/(?:lander|forsale|for-sale|domain-for-sale|parked)(?:[/.?#]|$)")
_PARKING_HOST = re.compile(r"(?i)^ww\d+\.")
_WRITABLE = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+")
_ENTITY = re.compile(r"&[A-Za-z0-9#]+;")


class RedirectedLink(Rule):
    """What it does
      Online only. Reports a link whose server answers with a permanent
      redirect (`301 Moved Permanently` or `308 Permanent Redirect`) to
      another address, followed through at most ten hops, and fixes it to the
      address the permanent redirects lead to (a fragment is kept). Temporary
      redirects (`302`, `303`, `307`) are not reported: the site means the old
      address to stay. The fix is not offered when the redirect leads to a
      login page, to a parked domain (a domain marketplace or a parking
      page), or from a specific page to a site's home page: those are the
      signs of a page that is gone, for a person to look at. An `http://`
      link redirected to its own `https://` form is left to insecure-url, and
      a GitHub repository that moved to moved-repository.

    Why is this bad?
      The old address works today, but only as long as the site keeps the
      redirect; every reader pays a round trip, and the list shows an address
      the site itself has given up.

    Example
      ```markdown
      - [Project](https://old.example.com/project) - Moved in 2021.
      ```
      `redirected link "https://old.example.com/project": it has moved
      permanently to "https://example.com/project"`; `--fix` writes the new
      address.

    Options
      None. The link checker's settings are in
      `[tool.awesome-lint.link-check]`.
    """

    code = "AL503"
    name = "redirected-link"
    summary = "Link that redirects permanently (301, 308) to another address"
    severity = Severity.WARNING
    fixable = True
    online = True

    def requests(self, document: Document, client: OnlineClient) -> Iterator[tuple[Request, Span]]:
        return link_requests(document)

    def check_online(self, document: Document, client: OnlineClient) -> Iterator[Violation]:
        for item, answer in answered_links(document, client):
            if answer.moved_to is None or not answer.ok:
                continue
            target = answer.moved_to
            if _only_https(item.url, target) or _repository_moved(item.url, client):
                continue
            fragment = item.url.partition("#")[2]
            if fragment and "#" not in target:
                target = f"{target}#{fragment}"
            message = f'redirected link "{shorten(item.url)}": it has moved permanently to "{shorten(target)}"'
            why = suspicious(item.url, target)
            if why is not None:
                yield Violation(item.span, f"{message}; not rewritten, since it leads {why}")
                continue
            yield Violation(item.span, message, _fix(item, target))


def suspicious(old: str, new: str) -> str | None:
    """Why a redirect to ``new`` looks like the page is gone rather than moved, or None."""
    before, after = urlsplit(old), urlsplit(new)
    host = (after.hostname or "").lower()
    if _LOGIN_PATH.search(after.path) or _LOGIN_HOST.match(host) or _LOGIN_QUERY.search(after.query):
        return "to a login page"
    if any(host == parked or host.endswith("." + parked) for parked in _PARKING_HOSTS):
        return "to a domain marketplace or parking page"
    parked_host = _PARKING_HOST.match(host) and not _PARKING_HOST.match(before.hostname or "")
    if _PARKING_PATH.match(after.path) or parked_host:
        return "to a domain parking page"
    if before.path not in ("", "/") and after.path in ("", "/") and not after.query:
        return "from a page to the site's home page"
    return None


def _only_https(old: str, new: str) -> bool:
    return old[:7].lower() == "http://" and new[:8].lower() == "https://" and old[7:] == new[8:]


def _repository_moved(url: str, client: OnlineClient) -> bool:
    repository = github_repository(url, client.github_hosts)
    if repository is None:
        return False
    answer = client.repository(repository.host, repository.owner, repository.name)
    return answer is not None and answer.state == "moved"


def _fix(item: WebUrl, target: str) -> Fix | None:
    """Write ``target`` in place of the URL, when it needs no escaping where it goes."""
    if not _WRITABLE.fullmatch(target) or _ENTITY.search(target) or (item.html and "&" in target):
        return None
    if target[-1] in ".,:;!?'*":  # a bare URL would lose it; other forms would not, but keep one rule
        return None
    return Fix(
        (Edit(item.span.start, item.span.end, target),),
        Applicability.SAFE,
        (Change("url", item.url, target),),
    )
