"""AL102 empty-heading: headings that GitHub renders without any text."""

import pytest
from lintutil import lint

from awesome_lint.engine import Linter, select_rules
from awesome_lint.findings import Applicability, Fix
from awesome_lint.fixes.select import fix_until_stable

SHOWS_NOTHING = "GitHub shows no text"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("##\n", [(1, 1, 1, 2, "empty heading (level 2)")]),
        ("#   #\n", [(1, 1, 1, 5, "empty heading (level 1)")]),
        ("### ###\n", [(1, 1, 1, 7, "empty heading (level 3)")]),
        ("#\t\n", [(1, 1, 1, 2, "empty heading (level 1)")]),
        ("text\n\n  ##\n", [(3, 3, 3, 4, "empty heading (level 2)")]),
        ("- item\n\n  ##\n", [(3, 3, 3, 4, "empty heading (level 2)")]),
        ("> ####\n", [(1, 3, 1, 6, "empty heading (level 4)")]),
    ],
)
def test_headings_without_text_are_reported(text: str, expected: list[tuple[int, int, int, int, str]]) -> None:
    assert lint(text, "empty-heading") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## <!-- TODO -->\n", [(1, 1, 1, 16, f"empty heading (level 2): {SHOWS_NOTHING}")]),
        ("## <!-- a -->  <!-- b --> ##\n", [(1, 1, 1, 28, f"empty heading (level 2): {SHOWS_NOTHING}")]),
        ('### <a name="tools"></a>\n', [(1, 1, 1, 24, f"empty heading (level 3): {SHOWS_NOTHING}")]),
        ("## [](https://example.com)\n", [(1, 1, 1, 26, f"empty heading (level 2): {SHOWS_NOTHING}")]),
        ("## [][r]\n\n[r]: https://example.com\n", [(1, 1, 1, 8, f"empty heading (level 2): {SHOWS_NOTHING}")]),
        ("## ![](logo.png)\n", [(1, 1, 1, 16, f"empty heading (level 2): {SHOWS_NOTHING}")]),
        ('## <img src="logo.png">\n', [(1, 1, 1, 23, f"empty heading (level 2): {SHOWS_NOTHING}")]),
        ("## &nbsp;\n", [(1, 1, 1, 9, f"empty heading (level 2): {SHOWS_NOTHING}")]),
        ("## &#160; &#x200B;\n", [(1, 1, 1, 18, f"empty heading (level 2): {SHOWS_NOTHING}")]),
        ("## \u200b\n", [(1, 1, 1, 4, f"empty heading (level 2): {SHOWS_NOTHING}")]),
        ("## \u3164\n", [(1, 1, 1, 4, f"empty heading (level 2): {SHOWS_NOTHING}")]),
        ("## **&nbsp;**\n", [(1, 1, 1, 13, f"empty heading (level 2): {SHOWS_NOTHING}")]),
        ("## *<!-- x -->*\n", [(1, 1, 1, 15, f"empty heading (level 2): {SHOWS_NOTHING}")]),
        ("## <b></b><br>\n", [(1, 1, 1, 14, f"empty heading (level 2): {SHOWS_NOTHING}")]),
        ("> ## &nbsp;\n", [(1, 3, 1, 11, f"empty heading (level 2): {SHOWS_NOTHING}")]),
        # Setext headings: the text line and its underline.
        ("&nbsp;\n===\n", [(1, 1, 2, 3, f"empty heading (level 1): {SHOWS_NOTHING}")]),
        ("[](https://example.com)\n---\n", [(1, 1, 2, 3, f"empty heading (level 2): {SHOWS_NOTHING}")]),
        ("> &nbsp;\n> &nbsp;\n> ---\n", [(1, 3, 3, 5, f"empty heading (level 2): {SHOWS_NOTHING}")]),
    ],
)
def test_headings_that_render_empty_are_reported(text: str, expected: list[tuple[int, int, int, int, str]]) -> None:
    assert lint(text, "empty-heading") == expected


@pytest.mark.parametrize(
    "text",
    [
        "# Title\n",
        "## `code`\n",
        "# #hashtag\n",
        "#hashtag is not a heading\n",
        "```\n##\n```\n",
        "    ##\n",
        "Setext\n======\n",
        "---\ntitle: x\n---\n# Real\n",
        "## 中文\n",
        "## 한국어\n",
        "## مرحبا\n",
        "## עברית\n",
        "## 🚀\n",
        "## 👨\u200d👩\u200d👧\n",
        "## :rocket:\n",
        "## ![Logo](logo.png)\n",
        '## <img src="logo.png" alt="Logo">\n',
        "## [![Build](https://img.shields.io/badge/x-y-green)](https://example.com)\n",
        "## [Tools](https://example.com)\n",
        '## <a name="tools"></a>Tools\n',
        "## Tools <!-- TODO -->\n",
        # Emphasis markers around nothing are not emphasis: GitHub shows them as they are.
        "## **\n",
        "## __\n",
        "## ** **\n",
        "## ****\n",
        "## ~~\n",
        "## \\*\n",
        "## &amp;\n",
        "## <!--\n",  # an unclosed comment is text
        "## C #\n",
        "C#\n==\n",
        "<!-- a comment -->\n===\n",  # a comment is an HTML block: `===` is a paragraph
    ],
)
def test_headings_with_text_are_quiet(text: str) -> None:
    assert lint(text, "empty-heading") == []


def fixed(text: str, unsafe: bool) -> str:
    linter = Linter(select_rules(["AL102"]))

    def fixes(data: bytes) -> list[tuple[str, Fix]]:
        return [(f.code, f.fix) for f in linter.lint_bytes(data, "README.md").findings if f.fix is not None]

    return fix_until_stable(text.encode(), "README.md", fixes, unsafe=unsafe)[0].decode()


@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("# T\n\n## <!-- TODO -->\ntext\n", "# T\n\ntext\n"),
        ("# T\n\n## [](https://example.com)\n\n## Tools\n", "# T\n\n\n## Tools\n"),
        ("# T\n\n&nbsp;\n---\ntext\n", "# T\n\ntext\n"),
        ("# T\n\n> &nbsp;\n> ===\n", "# T\n\n>\n"),
        ("# T\n\n- item\n\n  ## &nbsp;\n", "# T\n\n- item\n\n"),
        ("# T\n\n## &nbsp;", "# T"),
    ],
)
def test_the_fix_removes_the_heading_and_is_unsafe(text: str, after: str) -> None:
    assert fixed(text, unsafe=False) == text
    assert fixed(text, unsafe=True) == after


@pytest.mark.parametrize(
    "text",
    [
        '# T\n\n- [Tools](#tools)\n\n## <a name="tools"></a>\n',
        "# T\n\n## <a id='top'></a>\n",
        '# T\n\n> ## <span id="x"></span>\n',
    ],
)
def test_a_heading_that_holds_an_anchor_gets_no_fix(text: str) -> None:
    findings = Linter(select_rules(["AL102"])).lint_text(text, "README.md").findings
    assert [(f.message, f.fix) for f in findings] == [(f"empty heading (level 2): {SHOWS_NOTHING}", None)]
    assert fixed(text, unsafe=True) == text


def test_a_commented_out_anchor_is_no_anchor() -> None:
    findings = Linter(select_rules(["AL102"])).lint_text('## <!-- <a name="x"></a> -->\n', "README.md").findings
    assert [f.fix.applicability if f.fix else None for f in findings] == [Applicability.UNSAFE]
