"""AL403 link-text-spaces: `[ Foo ](url)`, its safe fix, and what stays quiet."""

import pytest
from lintutil import lint

from awesome_lint.engine import Linter, select_rules
from awesome_lint.findings import Fix
from awesome_lint.fixes.select import fix_until_stable

MESSAGE = 'spaces at the {} of the link text "[{}]": GitHub underlines them'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- [ Supporting 200 Billion Records ](https://a.example) - A.\n",
            [(1, 4, 1, 35, MESSAGE.format("start and end", " Supporting 200 Billion Records "))],
        ),
        ("See [Foo ](https://b.example).\n", [(1, 6, 1, 9, MESSAGE.format("end", "Foo "))]),
        ("> [\tBar](https://c.example)\n", [(1, 4, 1, 7, MESSAGE.format("start", "\tBar"))]),
        ("[ 中文 ](https://d.example)\n", [(1, 2, 1, 5, MESSAGE.format("start and end", " 中文 "))]),
    ],
)
def test_spaces_inside_link_text_are_reported(text: str, expected: list[tuple[int, int, int, int, str]]) -> None:
    assert lint(text, "link-text-spaces") == expected


@pytest.mark.parametrize(
    "text",
    [
        "[Foo](https://a.example)\n",
        "[Foo bar](https://a.example)\n",
        "![ alt ](https://img.example/a.png)\n",  # alt text is not underlined
        "[ ](https://a.example)\n",  # empty: empty-link's business
        "`[ Foo ](https://a.example)`\n",
        "[ 🚀 ]\n",  # not a link
        "[עברית](https://he.example)\n",
    ],
)
def test_link_text_without_edge_spaces_is_quiet(text: str) -> None:
    assert lint(text, "link-text-spaces") == []


def fixed(text: str) -> str:
    linter = Linter(select_rules(["AL403"]))

    def fixes(data: bytes) -> list[tuple[str, Fix]]:
        return [(f.code, f.fix) for f in linter.lint_bytes(data, "README.md").findings if f.fix is not None]

    return fix_until_stable(text.encode(), "README.md", fixes, unsafe=False)[0].decode()


def test_the_fix_removes_only_the_spaces() -> None:
    text = "- [ Foo ](https://a.example) - A.\n- [ Bar ][b]\n\n[b]: https://b.example\n"
    assert fixed(text) == "- [Foo](https://a.example) - A.\n- [Bar][b]\n\n[b]: https://b.example\n"


def test_a_fix_that_would_change_the_rendering_more_is_not_safe() -> None:
    # Around markup the space is a text node of its own: removing it is more than the words.
    text = "[ **Bold** ](https://c.example)\n"
    assert fixed(text) == text
    [finding] = Linter(select_rules(["AL403"])).lint_text(text, "README.md").findings
    assert finding.fix is not None and finding.fix.applicability.value == "unsafe"
