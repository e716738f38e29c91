"""AL406 main-heading: one level-1 heading (Markdown or HTML), in title case."""

import pytest
from lintutil import lint

NONE = "the list has no main heading: start it with a level-1 heading, such as `# Awesome Things`"
SECOND = "a second level-1 heading: the list's main heading is the one on line 1"
TITLE = (
    'write the main heading in title case: "awesome static analysis of things" → "Awesome Static Analysis of Things"'
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Intro.\n\n## Tools\n", [(1, 1, 1, 6, NONE)]),
        ("# Awesome A\n\n# Second\n", [(3, 1, 3, 1, SECOND)]),
        (
            '<h1 align="center">Awesome A</h1>\n\n# Second\n',
            [(3, 1, 3, 1, SECOND)],
        ),
        (
            "# awesome static analysis of things\n",
            [(1, 3, 1, 35, TITLE)],
        ),
    ],
)
def test_main_heading_problems(text: str, expected: list[tuple[int, int, int, int, str]]) -> None:
    assert lint(text, "main-heading") == expected


@pytest.mark.parametrize(
    "text",
    [
        "# Awesome Things [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\n## Tools\n",
        "# Awesome Node.js\n",
        "# Awesome iOS\n",
        "# Awesome .NET Core\n",
        "# Awesome Go 2024\n",
        "# Awesome Things for the Web\n",
        '<h1 align="center">\n  <img src="logo.svg" alt="Awesome">\n</h1>\n',
        "# 精选列表\n",
        "# قائمة رائعة\n",
        "Awesome Setext\n===\n",
        # sindresorhus/awesome and awesome-nodejs: a centred logo whose alt text is the title
        '<div align="center">\n\t<img width="500" src="media/logo.svg" alt="Awesome">\n</div>\n\nText\n',
    ],
)
def test_good_main_headings_are_quiet(text: str) -> None:
    assert lint(text, "main-heading") == []


def test_a_centred_image_without_alt_text_is_no_title() -> None:
    assert lint('<div align="center">\n<img src="x.svg" alt="">\n</div>\n\nText\n', "main-heading") == [
        (1, 1, 1, 20, "the list has no main heading: start it with a level-1 heading, such as `# Awesome Things`")
    ]


def test_only_list_files() -> None:
    from awesome_lint.engine import Linter, select_rules

    linter = Linter(select_rules(["main-heading"]))
    assert linter.lint_text("No heading.\n", "CONTRIBUTING.md").findings == []
    assert len(linter.lint_text("No heading.\n", "readme.md").findings) == 1
