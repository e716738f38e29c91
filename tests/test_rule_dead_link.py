"""AL501 dead-link: what is gone, where it is written, and only online."""

from __future__ import annotations

from lintutil import lint
from onlineutil import answers, failing, lint_answered, ok

GONE = "https://example.com/gone"


def test_every_kind_of_url_is_checked_at_its_position() -> None:
    text = (
        "# Awesome\n\n"
        f"- [Link]({GONE}) - A link.\n"
        f"- ![Image]({GONE}) and <{GONE}> and {GONE} bare.\n"
        "- [Ref][r] - By reference.\n\n"
        f'<a href="{GONE}">html</a>\n\n'
        f"[r]: {GONE}\n"
    )
    client = answers({GONE: failing(GONE, "dead", "the server answers 404 Not Found", 404)})
    message = f'dead link "{GONE}": the server answers 404 Not Found'
    assert lint_answered(text, client, "dead-link") == [
        (3, 10, 3, 33, message, None),
        (4, 12, 4, 35, message, None),
        (4, 43, 4, 66, message, None),
        (4, 73, 4, 96, message, None),
        (7, 10, 7, 33, message, None),
        (9, 6, 9, 29, message, None),  # the definition, once, not each link that uses it
    ]


def test_a_fragment_is_not_part_of_the_request() -> None:
    client = answers({GONE: failing(GONE, "dead", "the server answers 410 Gone", 410)})
    assert [row[4] for row in lint_answered(f"[a]({GONE}#part)\n", client, "dead-link")] == [
        f'dead link "{GONE}#part": the server answers 410 Gone'
    ]


def test_working_unreachable_and_unchecked_links_are_not_dead() -> None:
    text = "[a](https://a.example/)\n[b](https://b.example/)\n[c](https://c.example/)\n"
    client = answers(
        {
            "https://a.example/": ok("https://a.example/"),
            "https://b.example/": failing("https://b.example/", "unreachable", "server error 503", 503),
        }
    )
    assert lint_answered(text, client, "dead-link") == []


def test_offline_the_rule_does_not_run() -> None:
    assert lint(f"[a]({GONE})\n", "dead-link") == []


def test_other_schemes_and_relative_links_are_never_asked() -> None:
    from awesome_lint.document import parse_document
    from awesome_lint.online.answers import LinkRequest, OnlineClient
    from awesome_lint.rules.dead_link import DeadLink
    from awesome_lint.source import Source

    text = "[a](mailto:x@example.com) [b](ftp://example.com/) [c](docs/x.md) [d](#top) [e](https://ok.example/p)\n"
    document = parse_document(Source.from_text(text, "README.md"))
    asked = [request for request, _ in DeadLink().requests(document, OnlineClient())]
    assert asked == [LinkRequest("https://ok.example/p")]


def test_a_suppression_comment_silences_it_and_is_never_unused() -> None:
    comment = "<!-- awesome-lint-disable-next-line dead-link -->\n"
    text = f"{comment}[a]({GONE})\n\n{comment}[b](https://fine.example/)\n"
    client = answers(
        {
            GONE: failing(GONE, "dead", "the server answers 404 Not Found", 404),
            "https://fine.example/": ok("https://fine.example/"),
        }
    )
    assert lint_answered(text, client, "dead-link", "AL001") == []
    assert lint(text, "dead-link", "AL001") == []  # offline: not unused either
