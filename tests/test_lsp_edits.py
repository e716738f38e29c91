"""The server's positions and edits without a client: encodings, the smallest edit, suppression comments."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from awesome_lint.engine import Linter, select_rules
from awesome_lint.lsp.edits import comment_style, renders_alike, smallest_edit, suppression
from awesome_lint.lsp.positions import UTF8, UTF16, UTF32, Converter, choose_encoding, lines_of, units

TEXTS = st.text(alphabet=st.sampled_from([*"ab \n\r\t", "😀", "中", "é", "\u200d", "\ufeff"]), max_size=40)


def test_the_encoding_we_prefer() -> None:
    assert choose_encoding(None) == UTF16
    assert choose_encoding([UTF16]) == UTF16
    assert choose_encoding([UTF16, UTF8]) == UTF8
    assert choose_encoding([UTF8, UTF32]) == UTF32


@given(TEXTS, st.data())
def test_positions_count_code_units_from_the_line_start(text: str, data: st.DataObject) -> None:
    inside_crlf = {match.start() + 1 for match in re.finditer(r"\r\n", text)}
    offset = data.draw(st.integers(0, len(text)).filter(lambda n: n not in inside_crlf))
    before = text[:offset]
    breaks = list(re.finditer(r"\r\n|\r|\n", before))
    line_start = breaks[-1].end() if breaks else 0
    for encoding in (UTF8, UTF16, UTF32):
        assert Converter(text, encoding).position_of(offset) == (len(breaks), units(before[line_start:], encoding))


def test_lines_split_as_the_protocol_splits_them() -> None:
    assert lines_of("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    assert lines_of("a\n") == ["a", ""]


@given(TEXTS, TEXTS)
def test_the_smallest_edit_makes_the_new_text(old: str, new: str) -> None:
    start, end, replacement = smallest_edit(old, new)
    assert old[:start] + replacement + old[end:] == new
    assert len(replacement) <= len(new)


def test_comments_follow_the_lists_own_style() -> None:
    assert comment_style("no comments here") == (" ", False)
    assert comment_style("<!--awesome-lint-disable-next-line AL201-->\n") == ("", True)
    assert comment_style("<!--  awesome-lint-disable duplicate-url  -->\n") == ("  ", False)


ENTRY = st.sampled_from(
    [
        "- [A](http://a.example) - An entry.",
        "* [B](http://b.example) - Another.",
        "1. [C](http://c.example) - Numbered.",
        "  - [D](http://d.example) - Nested.",
        "| [E](http://e.example) | a cell |",
        "Some text with http://f.example in it.",
        "",
        "## Heading http://g.example",
        "> - [H](http://h.example) - Quoted.",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(ENTRY, min_size=1, max_size=8), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_an_offered_comment_keeps_the_rendering_and_silences_its_finding(
    entries: list[str], ending: str, next_line: bool
) -> None:
    text = ending.join(["# List", "", *entries]) + ending
    linter = Linter(select_rules(["AL202", "AL001", "AL002"]))
    before = [f for f in linter.lint_text(text, "README.md").findings if f.code == "AL202"]
    for finding in before:
        commented = suppression(text, finding.line - 1, finding.code, "insecure-url", next_line=next_line)
        if commented is None:
            continue
        assert renders_alike(text, commented)
        assert commented.replace(ending, "\n").count("\n") == text.replace(ending, "\n").count("\n") + next_line
        after = linter.lint_text(commented, "README.md").findings
        assert [f for f in after if f.code in ("AL001", "AL002")] == []
        assert not [f for f in after if f.code == "AL202" and f.message == finding.message and
                    f.line == finding.line + next_line]


def test_a_comment_between_two_items_goes_inside_the_first() -> None:
    text = "# A\n\n- [a](x) - y.\n- [b](z) - w.\n"
    assert suppression(text, 3, "AL501", "dead-link", next_line=True) == (
        "# A\n\n- [a](x) - y.\n  <!-- awesome-lint-disable-next-line dead-link -->\n- [b](z) - w.\n"
    )
    # before the first item it stays at the list's own indentation
    assert suppression(text, 2, "AL501", "dead-link", next_line=True) == (
        "# A\n\n<!-- awesome-lint-disable-next-line dead-link -->\n- [a](x) - y.\n- [b](z) - w.\n"
    )


def test_no_comment_line_is_offered_inside_a_table() -> None:
    text = "# A\n\n| a | b |\n|---|---|\n| [x](y) | z |\n"
    assert suppression(text, 4, "AL501", "dead-link", next_line=True) is None
    assert suppression(text, 4, "AL501", "dead-link", next_line=False) == (
        "# A\n\n| a | b |\n|---|---|\n| [x](y) | z | <!-- awesome-lint-disable-line dead-link -->\n"
    )


def test_the_line_ending_of_the_line_is_kept() -> None:
    text = "# A\r\n\r\n- [a](x) - y.\r\n"
    assert suppression(text, 2, "AL501", "dead-link", next_line=True) == (
        "# A\r\n\r\n<!-- awesome-lint-disable-next-line dead-link -->\r\n- [a](x) - y.\r\n"
    )
