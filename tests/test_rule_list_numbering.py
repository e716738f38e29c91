import pytest
from lintutil import lint

from awesome_lint.rules.list_numbering import expected_numbers


def numbering(text: str) -> list[tuple[int, int, int, int, str]]:
    return lint(text, "list-numbering")


@pytest.mark.parametrize(
    "text",
    [
        "1. a\n2. b\n3. c\n",
        "1. a\n1. b\n1. c\n",
        "0) a\n1) b\n2) c\n",
        "10. a\n11. b\n",
        "7. a\n7. b\n",
        "5. only one\n",
        "- a\n- b\n",
        "1. a\n\n2. b\n\n3. c\n",  # a blank line does not end a list
        "1. a\n2. b\n\n    1. code, not a list\n",
        "```\n1. a\n5. b\n```\n",
        "1. a\n   1. x\n   2. y\n2. b\n",
    ],
)
def test_consistent_lists_are_quiet(text: str) -> None:
    assert numbering(text) == []


def test_ordered_list_with_a_gap() -> None:
    assert numbering("1. a\n2. b\n4. c\n") == [
        (3, 1, 3, 2, "list item number 4 should be 3 (this list counts up from 1)")
    ]


def test_one_style_list_with_a_stray_number() -> None:
    assert numbering("1. a\n1. b\n1. c\n2. d\n") == [
        (4, 1, 4, 2, "list item number 2 should be 1 (this list numbers every item 1)")
    ]


def test_a_tie_goes_to_ordered() -> None:
    # 1 2 1 1: "ordered" misses items 3 and 4, "one" only item 2: "one" wins.
    assert [f[0] for f in numbering("1. a\n2. b\n1. c\n1. d\n")] == [2]
    # 1 2 3 1 1: two misses either way: "ordered"; the two make one run.
    assert numbering("1. a\n2. b\n3. c\n1. d\n1. e\n") == [
        (4, 1, 5, 2, "2 list items numbered 1, 1 should be 4 to 5 (this list counts up from 1)")
    ]


def test_lists_start_where_their_first_item_says() -> None:
    assert numbering("3) a\n4) b\n6) c\n") == [
        (3, 1, 3, 2, "list item number 6 should be 5 (this list counts up from 3)")
    ]


def test_marker_position_in_nested_containers() -> None:
    text = "> - x\n>   1. a\n>   3. b\n>   3. c\n"
    assert numbering(text) == [(3, 5, 3, 6, "list item number 3 should be 2 (this list counts up from 1)")]


def test_multi_digit_marker_span_and_indent() -> None:
    text = "".join(f"  {n}. item\n" for n in [8, 9, 10, 12])
    assert numbering(text) == [(4, 3, 4, 5, "list item number 12 should be 11 (this list counts up from 8)")]


def test_a_paragraph_ends_the_list() -> None:
    # Two lists, each consistent on its own.
    assert numbering("1. a\n2. b\n\ntext\n\n1. c\n2. d\n") == []


def test_nested_lists_are_checked_on_their_own() -> None:
    text = "1. a\n   1. x\n   1. y\n   2. z\n2. b\n"
    assert numbering(text) == [(4, 4, 4, 5, "list item number 2 should be 1 (this list numbers every item 1)")]


def test_expected_numbers() -> None:
    assert expected_numbers([1, 2, 3, 1, 1, 1, 1]) == ([1, 1, 1, 1, 1, 1, 1], "one")
    assert expected_numbers([5, 6, 6]) == ([5, 6, 7], "ordered")
    assert expected_numbers([5, 5, 6]) == ([5, 5, 5], "one")
    assert expected_numbers([0, 1, 1]) == ([0, 1, 2], "ordered")
