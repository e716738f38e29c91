import pytest
from lintutil import lint


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
def test_empty_headings_are_reported(text: str, expected: list[tuple[int, int, int, int, str]]) -> None:
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
    ],
)
def test_headings_with_text_are_quiet(text: str) -> None:
    assert lint(text, "empty-heading") == []
