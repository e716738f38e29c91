"""AL502 unreachable-link: a warning that says what happened, never an error."""

from __future__ import annotations

import pytest
from onlineutil import answers, failing, lint_answered

URL = "https://example.com/page"


@pytest.mark.parametrize(
    "reason",
    [
        "server error 503 Service Unavailable after 3 tries",
        "no answer in time after 3 tries",
        "rate limited: 429 Too Many Requests, asking to wait 120 s",
        "403 Forbidden: the site seems to turn robots away",
        "the redirects go round in a loop (2 hops, back to https://example.com/page)",
    ],
)
def test_the_message_says_which_failure_it_was(reason: str) -> None:
    client = answers({URL: failing(URL, "unreachable", reason)})
    assert lint_answered(f"- [Page]({URL}) - A page.\n", client, "unreachable-link") == [
        (1, 10, 1, 33, f'link "{URL}" could not be reached: {reason}', None)
    ]


def test_it_is_a_warning_and_dead_links_are_not_its_business() -> None:
    from awesome_lint.engine import Linter, select_rules

    linter = Linter(select_rules(["AL502"]))
    linter.client = answers(
        {
            URL: failing(URL, "unreachable", "server error 500 Internal Server Error"),
            "https://gone.example/": failing("https://gone.example/", "dead", "the server answers 404 Not Found"),
        }
    )
    result = linter.lint_text(f"[a]({URL}) [b](https://gone.example/)\n", "README.md")
    assert [(finding.code, finding.severity) for finding in result.findings] == [("AL502", "warning")]
