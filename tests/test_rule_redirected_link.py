"""AL503 redirected-link: permanent redirects reported and fixed, except where the move looks like a loss."""

from __future__ import annotations

import pytest
from onlineutil import answers, fix_answered, lint_answered, moved, ok, repository

OLD = "https://old.example/project"
NEW = "https://new.example/project/"


def test_a_permanent_redirect_is_fixed_in_place() -> None:
    text = f"# List\n\n- [Project]({OLD}) - Moved.\n\n[ref]: {OLD}\n"
    client = answers({OLD: moved(OLD, NEW)})
    message = f'redirected link "{OLD}": it has moved permanently to "{NEW}"'
    assert lint_answered(text, client, "redirected-link") == [
        (3, 13, 3, 39, message, "safe"),
        (5, 8, 5, 34, message, "safe"),
    ]
    assert fix_answered(text, client, "redirected-link") == f"# List\n\n- [Project]({NEW}) - Moved.\n\n[ref]: {NEW}\n"


def test_the_fix_keeps_a_fragment_and_rewrites_an_html_attribute() -> None:
    text = f'- [A]({OLD}#install) - x.\n\n<a href="{OLD}">B</a>\n'
    client = answers({OLD: moved(OLD, NEW)})
    assert fix_answered(text, client, "redirected-link") == f'- [A]({NEW}#install) - x.\n\n<a href="{NEW}">B</a>\n'


def test_escapes_in_the_written_url_are_replaced_whole() -> None:
    written = "https://old.example/a\\_b"
    client = answers({"https://old.example/a_b": moved("https://old.example/a_b", "https://new.example/a_b")})
    assert fix_answered(f"[A]({written})\n", client, "redirected-link") == "[A](https://new.example/a_b)\n"


@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("https://old.example/login?next=/project", "to a login page"),
        ("https://accounts.example.com/ServiceLogin", "to a login page"),
        ("https://sso.example.org/", "to a login page"),
        ("https://www.hugedomains.com/domain_profile.cfm?d=old", "to a domain marketplace or parking page"),
        ("https://old.example/lander", "to a domain parking page"),
        ("https://old.example/", "from a page to the site's home page"),
    ],
)
def test_a_redirect_that_looks_like_a_loss_is_reported_without_a_fix(target: str, why: str) -> None:
    client = answers({OLD: moved(OLD, target)})
    assert lint_answered(f"[A]({OLD})\n", client, "redirected-link") == [
        (
            1,
            5,
            1,
            31,
            f'redirected link "{OLD}": it has moved permanently to "{target}"; not rewritten, since it leads {why}',
            None,
        )
    ]
    assert fix_answered(f"[A]({OLD})\n", client, "redirected-link") == f"[A]({OLD})\n"


def test_a_home_page_moving_to_another_home_page_is_fixed() -> None:
    client = answers({"https://old.example/": moved("https://old.example/", "https://new.example/")})
    assert fix_answered("[A](https://old.example/)\n", client, "redirected-link") == "[A](https://new.example/)\n"


def test_a_target_that_would_need_escaping_is_not_written() -> None:
    target = "https://new.example/a (b)"
    client = answers({OLD: moved(OLD, target)})
    (row,) = lint_answered(f"[A]({OLD})\n", client, "redirected-link")
    assert row[5] is None


def test_no_redirect_and_temporary_redirects_are_quiet() -> None:
    from awesome_lint.online.answers import LinkAnswer

    temporary = LinkAnswer(OLD, "ok", "200 OK", 200, ((302, NEW),), moved_to=None, final_url=NEW)
    client = answers({OLD: temporary, NEW: ok(NEW)})
    assert lint_answered(f"[A]({OLD}) [B]({NEW})\n", client, "redirected-link") == []


def test_an_http_link_redirected_to_its_https_form_is_left_to_insecure_url() -> None:
    client = answers({"http://example.com/a": moved("http://example.com/a", "https://example.com/a")})
    assert lint_answered("[A](http://example.com/a)\n", client, "redirected-link") == []


def test_a_moved_github_repository_is_left_to_moved_repository() -> None:
    url = "https://github.com/old/tool"
    client = answers({url: moved(url, "https://github.com/new/tool")}, {"old/tool": repository("new/tool", "moved")})
    assert lint_answered(f"[A]({url})\n", client, "redirected-link") == []
    client = answers({url: moved(url, "https://github.com/new/tool")})  # the API was not asked
    assert [row[5] for row in lint_answered(f"[A]({url})\n", client, "redirected-link")] == ["safe"]
