"""AL502 unreachable-link."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document, Span
from ..findings import Severity, Violation
from ._web import answered_links, link_requests
from .base import Rule
from .insecure_url import shorten

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..online.answers import OnlineClient, Request


class UnreachableLink(Rule):
    """What it does
      Online only. Reports http(s) URLs that could not be reached after the
      retries: a server error (5xx), no answer in time, a `429 Too Many
      Requests`, a `403`/`999` that looks like a wall against robots, a
      redirect loop or more than ten redirects. The message says which one it
      was. None of these means the page is gone: sites go down for an hour,
      and some turn every robot away, so this is a warning, never an error.

    Why is this bad?
      A link readers may not reach is worth a look, and a site that has been
      down for weeks is probably gone. But a warning, because the next run may
      well reach it.

    Example
      ```markdown
      - [Flaky](https://example.com/) - Answers 503 today.
      ```
      `link "https://example.com/" could not be reached: server error 503
      Service Unavailable after 3 tries`.

    Options
      Statuses that count as working on a host go in the link checker's
      settings, for example a site that answers robots with 403:
      ```toml
      [tool.awesome-lint.link-check.accept]
      "www.example.com" = [403]
      "*.example.org" = [403, 503]
      ```
    """

    code = "AL502"
    name = "unreachable-link"
    summary = "Link that could not be reached (5xx, timeout, bot protection, rate limit)"
    severity = Severity.WARNING
    online = True

    def requests(self, document: Document, client: OnlineClient) -> Iterator[tuple[Request, Span]]:
        return link_requests(document)

    def check_online(self, document: Document, client: OnlineClient) -> Iterator[Violation]:
        for item, answer in answered_links(document, client):
            if answer.state == "unreachable":
                yield Violation(item.span, f'link "{shorten(item.url)}" could not be reached: {answer.reason}')
