"""AL504 archived-repository."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document, Span
from ..findings import Severity, Violation
from ._web import github_repository, repository_requests, web_urls
from .base import Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..online.answers import OnlineClient, Request


class ArchivedRepository(Rule):
    """What it does
      Online only. Asks the GitHub REST API about every repository the file
      links to (`https://github.com/OWNER/REPO`, with any path after it) and
      reports the archived ones. `GITHUB_TOKEN`, when set, raises the API's
      rate limit from 60 to 5,000 requests an hour; when the limit is reached
      the remaining repositories are reported as unchecked, never as fine.
      A repository is asked about once per run, however often it is linked.

    Why is this bad?
      An archived repository is read-only: no fixes, no releases, no answers
      to issues. A list that recommends it should say so, or recommend a
      living project instead.

    Example
      ```markdown
      - [old-tool](https://github.com/someone/old-tool) - Does a thing.
      ```
      `repository "someone/old-tool" is archived: read-only, it gets no more
      changes`.

    Options
      None. `github-api` in `[tool.awesome-lint.link-check]` sets the API's
      address, for GitHub Enterprise (`https://HOST/api/v3`, whose links are
      then the ones on `HOST`).
    """

    code = "AL504"
    name = "archived-repository"
    summary = "Link to a GitHub repository that is archived"
    severity = Severity.WARNING
    online = True

    def requests(self, document: Document, client: OnlineClient) -> Iterator[tuple[Request, Span]]:
        return repository_requests(document, client)

    def check_online(self, document: Document, client: OnlineClient) -> Iterator[Violation]:
        for item in web_urls(document):
            repository = github_repository(item.url, client.github_hosts)
            if repository is None:
                continue
            answer = client.repository(repository.host, repository.owner, repository.name)
            if answer is not None and answer.archived:
                name = answer.full_name or f"{repository.owner}/{repository.name}"
                yield Violation(item.span, f'repository "{name}" is archived: read-only, it gets no more changes')
