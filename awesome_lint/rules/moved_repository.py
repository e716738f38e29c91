"""AL505 moved-repository."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document, Span
from ..findings import Applicability, Change, Edit, Fix, Severity, Violation
from ._web import github_repository, repository_requests, web_urls
from .base import Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..online.answers import OnlineClient, Request


class MovedRepository(Rule):
    """What it does
      Online only. Asks the GitHub REST API about every repository the file
      links to, as archived-repository does, and reports the ones that were
      renamed or transferred: the API answers with another `full_name`. The
      fix writes the new `OWNER/REPO` into the URL and keeps the rest of it
      (a path, a query, a fragment). A difference in letter case alone is no
      move (GitHub names are case-insensitive).

    Why is this bad?
      GitHub redirects the old name for now, but only until someone creates
      a repository under it, and then the link silently points at something
      else.

    Example
      ```markdown
      - [tool](https://github.com/old-owner/tool) - Does a thing.
      ```
      `repository "old-owner/tool" has moved to "new-owner/tool"`; `--fix`
      writes `https://github.com/new-owner/tool`.

    Options
      None (see archived-repository for the API's address).
    """

    code = "AL505"
    name = "moved-repository"
    summary = "Link to a GitHub repository that was renamed or transferred"
    severity = Severity.WARNING
    fixable = True
    online = True

    def requests(self, document: Document, client: OnlineClient) -> Iterator[tuple[Request, Span]]:
        return repository_requests(document, client)

    def check_online(self, document: Document, client: OnlineClient) -> Iterator[Violation]:
        text = document.text
        for item in web_urls(document):
            repository = github_repository(item.url, client.github_hosts)
            if repository is None:
                continue
            answer = client.repository(repository.host, repository.owner, repository.name)
            if answer is None or answer.state != "moved":
                continue
            old = f"{repository.owner}/{repository.name}"
            message = f'repository "{old}" has moved to "{answer.full_name}"'
            fix = None
            written = text[item.span.start : item.span.end]
            if written == item.url:  # the URL as written is the URL linked: the name is where it says
                new_url = item.url[: repository.start] + answer.full_name + item.url[repository.end :]
                fix = Fix(
                    (Edit(item.span.start + repository.start, item.span.start + repository.end, answer.full_name),),
                    Applicability.SAFE,
                    (Change("url", item.url, new_url),),
                )
            yield Violation(item.span, message, fix)
