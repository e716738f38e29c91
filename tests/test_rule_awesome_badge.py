"""AL407 awesome-badge: the badge in the main heading, linked to awesome.re."""

import pytest
from lintutil import lint

from awesome_lint.engine import Linter, select_rules
from awesome_lint.findings import Fix
from awesome_lint.fixes.select import fix_until_stable

MISSING = "the main heading has no awesome badge: add [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)"
OLD = "https://cdn.rawgit.com/sindresorhus/awesome/d7305f38d29fed78fa85652e3a63e154dd8e8829/media/badge.svg"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Awesome Things\n", [(1, 1, 1, 16, MISSING)]),
        ("# Awesome Things ![Awesome](https://awesome.re/badge.svg)\n", [(1, 18, 1, 57, "link the awesome badge to https://awesome.re")]),
        (
            f"# Awesome Things [![Awesome]({OLD})](https://awesome.re)\n",
            [(1, 30, 1, 129, "the awesome badge comes from an old address: use https://awesome.re/badge.svg")],
        ),
        ('<h1 align="center">Awesome</h1>\n', [(1, 1, 1, 3, MISSING + " (or its HTML)")]),
    ],
)
def test_badge_problems(text: str, expected: list[tuple[int, int, int, int, str]]) -> None:
    assert lint(text, "awesome-badge") == expected


@pytest.mark.parametrize(
    "text",
    [
        "# Awesome Things [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n",
        "# Awesome Things [![Awesome](https://awesome.re/badge-flat2.svg)](https://github.com/sindresorhus/awesome)\n",
        '<h1>Awesome <a href="https://awesome.re"><img src="https://awesome.re/badge.svg" alt="Awesome"></a></h1>\n',
        "No main heading at all: main-heading's business.\n",
    ],
)
def test_good_badges_are_quiet(text: str) -> None:
    assert lint(text, "awesome-badge") == []


def test_the_old_address_is_fixed_safely() -> None:
    linter = Linter(select_rules(["AL407"]))

    def fixes(data: bytes) -> list[tuple[str, Fix]]:
        return [(f.code, f.fix) for f in linter.lint_bytes(data, "README.md").findings if f.fix is not None]

    text = f"# Awesome Things [![Awesome]({OLD})](https://awesome.re)\n".encode()
    fixed = fix_until_stable(text, "README.md", fixes, unsafe=False)[0]
    assert fixed == b"# Awesome Things [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n"
