"""AL410 broken-anchor: links to sections that do not exist, with GitHub's anchors."""

import pytest
from lintutil import lint

from awesome_lint.document import parse_document
from awesome_lint.source import Source


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Engine & Runtime", "engine--runtime"),
        ("Awesome C++ [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)", "awesome-c-"),
        ("Tools 🔧 and more", "tools--and-more"),
        ("Node.js", "nodejs"),
        ("Über Café", "über-café"),
        ("中文 标题", "中文-标题"),
        ("`code` here", "code-here"),
        ("Hello, World!", "hello-world"),
        ("[Linked](https://x.example) *em*", "linked-em"),
        ("snake_case and __init__", "snake_case-and-init"),  # an underscore inside a word is text
        ("_emphasis_ here", "emphasis-here"),
    ],
)
def test_anchors_are_githubs(heading: str, anchor: str) -> None:
    document = parse_document(Source.from_text(f"## {heading}\n"))
    assert list(document.anchors) == [anchor]


def test_repeated_headings_are_numbered_as_on_github() -> None:
    document = parse_document(Source.from_text("## Tools\n## Tools\n## Tools-1\n## Tools\n"))
    assert list(document.anchors) == ["tools", "tools-1", "tools-1-1", "tools-2"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- [Editors](#editor)\n\n## Editors\n",
            [(1, 13, 1, 19, 'no heading has the anchor "#editor"; did you mean "#editors"?')],
        ),
        ("See [x](#nowhere).\n\n## Tools\n", [(1, 9, 1, 16, 'no heading has the anchor "#nowhere"')]),
        ("[ref][r]\n\n[r]: #gone\n", [(3, 6, 3, 10, 'no heading has the anchor "#gone"')]),
    ],
)
def test_broken_anchors_are_reported_at_the_url(text: str, expected: list[tuple[int, int, int, int, str]]) -> None:
    assert lint(text, "broken-anchor") == expected


@pytest.mark.parametrize(
    "text",
    [
        "- [Engine & Runtime](#engine--runtime)\n\n## Engine & Runtime\n",
        "- [Robótica](#rob&#x00F3;tica)\n\n## Robótica\n",
        "- [Robótica](#rob%C3%B3tica)\n\n## Robótica\n",
        "- [Tools](#Tools)\n\n## Tools\n",  # GitHub matches anchors whatever their case
        '[Jump](#here)\n\n<a name="here"></a>\n',
        '[Jump](#there)\n\n<div id="there">x</div>\n',
        "[Top](#)\n",  # empty-link's business
        "[Site](https://x.example/#frag)\n",
        "- [中文](#中文-标题)\n\n## 中文 标题\n",
        "- [Second](#tools-1)\n\n## Tools\n## Tools\n",
    ],
)
def test_anchors_that_exist_are_quiet(text: str) -> None:
    assert lint(text, "broken-anchor") == []
