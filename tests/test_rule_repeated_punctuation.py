"""AL405 repeated-punctuation: `!!`, `??`, `,,`, full-width forms; code, URLs and titles left alone."""

import pytest
from lintutil import lint

from awesome_lint.engine import Linter, select_rules
from awesome_lint.findings import Fix
from awesome_lint.fixes.select import fix_until_stable


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- [Foo](https://foo.example) - The best ever!!\n", [(1, 45, 1, 46, '"!!": write "!" once')]),
        ("Really?? Yes.\n", [(1, 7, 1, 8, '"??": write "?" once')]),
        ("One,, two.\n", [(1, 4, 1, 5, '",,": write "," once')]),
        ("好！！\n", [(1, 2, 1, 3, '"！！": write "！" once')]),
        ("等等～～\n", [(1, 3, 1, 4, '"～～": write "～" once')]),
        ("Wow!!!\n", [(1, 4, 1, 6, '"!!!": write "!" once')]),
    ],
)
def test_repeated_marks_are_reported(text: str, expected: list[tuple[int, int, int, int, str]]) -> None:
    assert lint(text, "repeated-punctuation") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Wait... what?!\n",
        "A std::list and Code::Blocks.\n",
        "`a!!b` and\n\n```\nx??y\n```\n",
        "[Foo](https://foo.example/?a=1!!)\n",
        "[node.js 怒濤の50サンプル!!](https://n.example)\n",  # a title, as its author wrote it
        "<div>\nHey!!\n</div>\n",  # an HTML block is not Markdown prose
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n",
        "¡Hola! ¿Qué?\n",
        "مرحبا! كيف حالك؟\n",
    ],
)
def test_single_marks_and_code_are_quiet(text: str) -> None:
    assert lint(text, "repeated-punctuation") == []


def test_the_fix_is_unsafe_and_writes_one_mark() -> None:
    linter = Linter(select_rules(["AL405"]))

    def fixes(data: bytes) -> list[tuple[str, Fix]]:
        return [(f.code, f.fix) for f in linter.lint_bytes(data, "README.md").findings if f.fix is not None]

    text = b"- [Foo](https://foo.example) - Best!! Really??\n"
    assert fix_until_stable(text, "README.md", fixes, unsafe=False)[0] == text
    once = b"- [Foo](https://foo.example) - Best! Really?\n"
    assert fix_until_stable(text, "README.md", fixes, unsafe=True)[0] == once
