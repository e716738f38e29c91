"""AL404 heading-increment: a skipped heading level, at the heading."""

import pytest
from lintutil import lint


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "# A\n\n### B\n",
            [(3, 1, 3, 3, "heading level 3 right after level 1: use level 2 (a heading level was skipped)")],
        ),
        (
            "# A\n## B\n#### C\n",
            [(3, 1, 3, 4, "heading level 4 right after level 2: use level 3 (a heading level was skipped)")],
        ),
        (
            "A\n===\n\nB\n---\n\n#### C\n",
            [(7, 1, 7, 4, "heading level 4 right after level 2: use level 3 (a heading level was skipped)")],
        ),
        (
            "# 标题\n\n### 小节\n",
            [(3, 1, 3, 3, "heading level 3 right after level 1: use level 2 (a heading level was skipped)")],
        ),
    ],
)
def test_skipped_levels_are_reported(text: str, expected: list[tuple[int, int, int, int, str]]) -> None:
    assert lint(text, "heading-increment") == expected


@pytest.mark.parametrize(
    "text",
    [
        "# A\n## B\n### C\n## D\n# E\n",  # going back up any number of levels is fine
        "### Starts deep\n#### Then one more\n",
        "# A\n\n    ### indented code\n",
        "# A\n\n```\n### code\n```\n",
        "# عنوان\n## قسم\n",
    ],
)
def test_one_level_at_a_time_is_quiet(text: str) -> None:
    assert lint(text, "heading-increment") == []
