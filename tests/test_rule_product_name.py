"""AL412 product-name: product names written as their owners do, from a curated table."""

import pytest
from lintutil import lint

from awesome_lint.engine import Linter, select_rules
from awesome_lint.findings import Fix
from awesome_lint.fixes.select import fix_until_stable
from awesome_lint.rules.product_name import ProductNameOptions, table


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- [Foo](https://foo.example) - A Javascript library for Github.\n",
            [(1, 34, 1, 43, '"Javascript" is written "JavaScript"'), (1, 57, 1, 62, '"Github" is written "GitHub"')],
        ),
        ("Written in javascript.\n", [(1, 12, 1, 21, '"javascript" is written "JavaScript"')]),
        ("Runs on nodejs, macos and ios.\n", [
            (1, 9, 1, 14, '"nodejs" is written "Node.js"'),
            (1, 17, 1, 21, '"macos" is written "macOS"'),
            (1, 27, 1, 29, '"ios" is written "iOS"'),
        ]),
        ("## Mongodb tools\n", [(1, 4, 1, 10, '"Mongodb" is written "MongoDB"')]),
        ("用 Javascript 写的。\n", [(1, 3, 1, 12, '"Javascript" is written "JavaScript"')]),
    ],
)
def test_miswritten_names_are_reported(text: str, expected: list[tuple[int, int, int, int, str]]) -> None:
    assert lint(text, "product-name") == expected


@pytest.mark.parametrize(
    "text",
    [
        "A JavaScript library on GitHub, for Node.js and macOS.\n",
        "See github.com/owner/repo and my-github-action and GithubClient.\n",
        "Cisco IOS and NPM in capitals are acronyms of their own.\n",
        "`javascript` in code, and\n\n```\ngithub\n```\n",
        "[github](https://github.com/x/y) is a project's name as it writes it.\n",
        "<div>Github</div>\n",
        ".NET, notion and llama are fine.\n",
        "https://javascript.example/github\n",
    ],
)
def test_correct_names_and_other_places_are_quiet(text: str) -> None:
    assert lint(text, "product-name") == []


def test_options_add_and_leave_out_names() -> None:
    options = ProductNameOptions(extra={"FastAPI": "FastAPI"}, ignore=("github",))
    linter = Linter(select_rules(["AL412"]), options={"product-name": options})
    found = [f.message for f in linter.lint_text("Fastapi on Github.\n", "README.md").findings]
    assert found == ['"Fastapi" is written "FastAPI"']


def test_the_fix_is_safe_and_checked_by_the_rendering() -> None:
    linter = Linter(select_rules(["AL412"]))

    def fixes(data: bytes) -> list[tuple[str, Fix]]:
        return [(f.code, f.fix) for f in linter.lint_bytes(data, "README.md").findings if f.fix is not None]

    text = b"- [Foo](https://foo.example) - A Javascript library for Github.\n"
    fixed = fix_until_stable(text, "README.md", fixes, unsafe=False)[0]
    assert fixed == b"- [Foo](https://foo.example) - A JavaScript library for GitHub.\n"


def test_the_table_is_data_with_lower_case_keys() -> None:
    names = table()
    assert names["github"] == "GitHub" and names["nodejs"] == "Node.js"
    assert all(key == key.lower() for key in names)
