"""AL411 table-of-contents: the Contents section against the sections, every mismatch reported."""

import pytest
from lintutil import lint

HEAD = "# Awesome Things\n\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEAD + "## Contents\n\n- [Editors](#editors)\n\n## Editors\n\n## Linters\n",
            [(5, 3, 5, 21, 'the table of contents lacks the section "Linters" (line 9)')],
        ),
        (
            HEAD + "## Contents\n\n- [Linters](#linters)\n- [Editors](#editors)\n\n## Editors\n\n## Linters\n",
            [(5, 3, 5, 21, '"#linters" is out of order: list the sections as they come')],
        ),
        (
            HEAD + "## Contents\n\n- [Editors](#editors)\n- [Editors](#editors)\n\n## Editors\n",
            [(6, 3, 6, 21, 'the table of contents lists "#editors" twice')],
        ),
        (
            HEAD + "## Intro\n\n## Contents\n\n- [Intro](#intro)\n- [Tools](#tools)\n\n## Tools\n",
            [
                (5, 1, 5, 2, "the Contents section should be the first section, before the others"),
                (7, 3, 7, 17, '"#intro" is a section before the Contents: not one to list'),
            ],
        ),
        (
            HEAD
            + "## Contents\n\n- [News](#news)\n  - [Newsletters](#newsletters)\n- [Blogs](#blogs)\n"
            "  - [Newsletters](#newsletters)\n\n## News\n### Newsletters\n## Blogs\n### Newsletters\n",
            [
                (8, 5, 8, 31, 'the table of contents lists "#newsletters" twice'),
                (
                    13,
                    1,
                    13,
                    3,
                    'a second section named "Newsletters" (the first is on line 11): '
                    "the table of contents can only jump to the first",
                ),
            ],
        ),
        (HEAD + "## Contents\n\nSee below.\n\n## Tools\n", [(3, 1, 3, 2, "the Contents section has no list of links")]),
    ],
)
def test_mismatches_are_all_reported(text: str, expected: list[tuple[int, int, int, int, str]]) -> None:
    assert lint(text, "table-of-contents") == expected


@pytest.mark.parametrize(
    "text",
    [
        HEAD + "## Contents\n\n- [Editors](#editors)\n  - [Vim](#vim)\n- [Linters](#linters)\n\n"
        "## Editors\n### Vim\n## Linters\n## Contributing\n## License\n",
        # The main heading and Contents itself may be listed, and headings below level 3.
        HEAD + "## Contents\n\n- [Awesome Things](#awesome-things)\n  - [Contents](#contents)\n"
        "  - [Tools](#tools)\n    - [Deep](#deep)\n\n## Tools\n#### Deep\n",
        # A repeated name reached by its own anchor.
        HEAD + "## Contents\n\n- [A](#a)\n  - [More](#more)\n- [B](#b)\n  - [More](#more-1)\n\n"
        "## A\n### More\n## B\n### More\n",
        # An HTML anchor just before a heading names it too.
        HEAD + '## Contents\n\n- [Tools](#my-tools)\n\n<a name="my-tools"></a>\n## Tools\n',
        HEAD + "## Table of Contents\n\n- [工具](#工具)\n\n## 工具\n",
        HEAD + "## Tools\n\nNo table of contents at all.\n",
    ],
)
def test_a_table_in_step_is_quiet(text: str) -> None:
    assert lint(text, "table-of-contents") == []
