"""AL505 moved-repository: the new OWNER/REPO written into the URL, the rest kept."""

from __future__ import annotations

from onlineutil import answers, fix_answered, lint_answered, repository


def test_a_moved_repository_is_reported_and_fixed_keeping_the_path() -> None:
    text = (
        "- [Tool](https://github.com/old-owner/tool) - Does things.\n"
        "- [Guide](https://github.com/old-owner/tool/wiki/Guide#start) - How.\n"
    )
    client = answers({}, {"old-owner/tool": repository("new-owner/tool-ng", "moved")})
    message = 'repository "old-owner/tool" has moved to "new-owner/tool-ng"'
    assert lint_answered(text, client, "moved-repository") == [
        (1, 10, 1, 42, message, "safe"),
        (2, 11, 2, 60, message, "safe"),
    ]
    assert fix_answered(text, client, "moved-repository") == (
        "- [Tool](https://github.com/new-owner/tool-ng) - Does things.\n"
        "- [Guide](https://github.com/new-owner/tool-ng/wiki/Guide#start) - How.\n"
    )


def test_a_case_difference_is_no_move_and_unchecked_repositories_are_quiet() -> None:
    client = answers({}, {"Owner/Tool": repository("owner/tool")})
    text = "[a](https://github.com/Owner/Tool) [b](https://github.com/other/thing)\n"
    assert lint_answered(text, client, "moved-repository") == []


def test_a_dot_git_suffix_is_kept() -> None:
    client = answers({}, {"old/tool": repository("new/tool", "moved")})
    assert fix_answered("[a](https://github.com/old/tool.git)\n", client, "moved-repository") == (
        "[a](https://github.com/new/tool.git)\n"
    )
