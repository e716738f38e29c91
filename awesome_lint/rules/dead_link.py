"""AL501 dead-link."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document, Span
from ..findings import Violation
from ._web import answered_links, link_requests
from .base import Rule
from .insecure_url import shorten

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..online.answers import OnlineClient, Request


class DeadLink(Rule):
    """What it does
      Online only (`--online`, or `online = true`). Checks every http(s) URL
      of the file (links, images, autolinks, bare URLs, reference definitions,
      URLs in raw HTML) and reports the ones that are gone: the server answers
      `404 Not Found` or `410 Gone` (also at the end of redirects), the host
      name does not resolve, the connection is refused, or the TLS handshake
      keeps failing (an expired or self-signed certificate). A `404` to HEAD
      is asked again with GET before it counts. Everything that may pass, a
      5xx answer, a timeout, a bot wall, is unreachable-link's, never this
      rule's.

    Why is this bad?
      A dead link in a curated list is a recommendation of nothing. Links rot
      quietly: the list looks fine until a reader clicks.

    Example
      ```markdown
      - [Gone](https://example.com/removed-page) - A page that answers 404.
      ```
      Reported at the URL: `dead link "https://example.com/removed-page": the
      server answers 404 Not Found`. One link can be kept with
      `<!-- awesome-lint-disable-next-line dead-link -->` above it.

    Options
      The link checker's settings are in `[tool.awesome-lint.link-check]`
      (time-outs, concurrency, retries, the cache, `include` and `exclude`
      patterns, statuses accepted per host): see the README's "Online checks".
    """

    code = "AL501"
    name = "dead-link"
    summary = "Link to a page that is gone (404, 410, no such host, refused, TLS failure)"
    online = True

    def requests(self, document: Document, client: OnlineClient) -> Iterator[tuple[Request, Span]]:
        return link_requests(document)

    def check_online(self, document: Document, client: OnlineClient) -> Iterator[Violation]:
        for item, answer in answered_links(document, client):
            if answer.state == "dead":
                yield Violation(item.span, f'dead link "{shorten(item.url)}": {answer.reason}')
