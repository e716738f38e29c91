"""AL504 archived-repository: every link into an archived repository, found through the API's answers."""

from __future__ import annotations

from onlineutil import answers, lint_answered, repository


def test_links_into_an_archived_repository_are_reported() -> None:
    text = (
        "- [Tool](https://github.com/someone/old-tool) - Does things.\n"
        "- [Docs](https://github.com/Someone/Old-Tool/blob/main/README.md#usage) - Its docs.\n"
        "- [Live](https://github.com/someone/live-tool) - Alive.\n"
    )
    client = answers(
        {},
        {
            "someone/old-tool": repository("someone/old-tool", "archived", archived=True),
            "someone/live-tool": repository("someone/live-tool"),
        },
    )
    message = 'repository "someone/old-tool" is archived: read-only, it gets no more changes'
    assert lint_answered(text, client, "archived-repository") == [
        (1, 10, 1, 44, message, None),
        (2, 10, 2, 70, message, None),
    ]


def test_the_requests_name_each_repository_once_and_skip_pages_that_are_no_repository() -> None:
    from awesome_lint.document import parse_document
    from awesome_lint.online.answers import OnlineClient, RepoRequest
    from awesome_lint.rules.archived_repository import ArchivedRepository
    from awesome_lint.source import Source

    text = (
        "[a](https://github.com/o/r) [b](https://github.com/o/r.git) [c](https://github.com/topics/python) "
        "[d](https://github.com/o) [e](https://gitlab.com/o/r) [f](https://www.github.com/x/y/issues)\n"
    )
    document = parse_document(Source.from_text(text, "README.md"))
    asked = {request for request, _ in ArchivedRepository().requests(document, OnlineClient())}
    assert asked == {RepoRequest("github.com", "o", "r"), RepoRequest("www.github.com", "x", "y")}


def test_an_enterprise_host_is_asked_about_when_the_api_is_its_own() -> None:
    from awesome_lint.online.settings import LinkCheckSettings

    assert LinkCheckSettings(github_api="https://git.example.com/api/v3").github_hosts == frozenset({"git.example.com"})
    assert LinkCheckSettings().github_hosts == frozenset({"github.com", "www.github.com"})
