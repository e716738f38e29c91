"""AL402 empty-link: links without a destination or without text, at the link."""

import pytest
from lintutil import lint


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- [Foo]() - Fast.\n", [(1, 3, 1, 9, 'empty link destination: "[Foo]()" goes nowhere')]),
        ("See [Foo](<>).\n", [(1, 5, 1, 13, 'empty link destination: "[Foo]()" goes nowhere')]),
        ("- [](https://bar.example) - Small.\n", [(1, 3, 1, 25, "link without text: GitHub shows nothing to click")]),
        ("- [ ](https://bar.example)\n", [(1, 3, 1, 26, "link without text: GitHub shows nothing to click")]),
        (
            "Back to [top](#).\n",
            [(1, 9, 1, 16, 'link "[top](#)" goes to the top of the page: link a section')],
        ),
        ("> 中文 [链接]()\n", [(1, 6, 1, 11, 'empty link destination: "[链接]()" goes nowhere')]),
    ],
)
def test_empty_links_are_reported(text: str, expected: list[tuple[int, int, int, int, str]]) -> None:
    assert lint(text, "empty-link") == expected


@pytest.mark.parametrize(
    "text",
    [
        "- [Foo](https://foo.example) - Fast.\n",
        "[![badge](https://b.example/x.svg)](https://b.example)\n",  # a badge has something to click
        "![](https://img.example/y.png)\n",  # images are not links
        "[Section](#section)\n\n## Section\n",
        "[ref][r]\n\n[r]: https://r.example\n",
        "<https://auto.example>\n",
        "`[code]()`\n",
        "```\n[x]()\n```\n",
        "- [مرحبا](https://ar.example) - عربي.\n",
        "- [🚀](https://rocket.example) - Emoji as text.\n",
    ],
)
def test_links_that_lead_somewhere_are_quiet(text: str) -> None:
    assert lint(text, "empty-link") == []
