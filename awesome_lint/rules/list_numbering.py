"""AL101 list-numbering."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document, ListBlock
from ..findings import Violation
from .base import Rule


def expected_numbers(numbers: list[int]) -> tuple[list[int], str]:
    """The numbering a list should have, and the style it keeps.

    "one" repeats the first number, "ordered" counts up from it; a list keeps
    whichever needs fewer items renumbered (a tie goes to "ordered").
    """
    first = numbers[0]
    ordered = [first + index for index in range(len(numbers))]
    one = [first] * len(numbers)
    misses_ordered = sum(a != b for a, b in zip(numbers, ordered, strict=True))
    misses_one = sum(a != b for a, b in zip(numbers, one, strict=True))
    if misses_one < misses_ordered:
        return one, "one"
    return ordered, "ordered"


class ListNumbering(Rule):
    """What it does
      Checks that each ordered list is numbered consistently: either every item
      carries the first item's number ("one" style: `1. 1. 1.`), or the numbers
      count up by one from the first ("ordered" style: `1. 2. 3.`, `0) 1) 2)`,
      `10. 11. 12.`). Each list keeps whichever of the two styles needs fewer
      items renumbered; a tie goes to "ordered". Every item that breaks the
      list's style is reported at its number with the number it should have.

    Why is this bad?
      Renderers ignore every number but the first, so a list written
      `1. 2. 3. 1. 1.` shows as 1 to 5 on GitHub while the source says
      otherwise; the mismatch hides where items were inserted or removed, and
      pull requests that add an item in the middle keep making it worse.

    Example
      ```markdown
      1. [Raft](https://raft.github.io/)
      2. [Paxos](https://example.com/paxos)
      1. [ePaxos](https://example.com/epaxos)
      ```
      The third item is reported: `list item number 1 should be 3 (this list
      counts up from 1)`.
    """

    code = "AL101"
    name = "list-numbering"
    summary = "Number the items of an ordered list consistently (1. 2. 3. or 1. 1. 1.)"

    def check(self, document: Document) -> Iterator[Violation]:
        for block in document.lists:
            yield from self._check_list(block)

    def _check_list(self, block: ListBlock) -> Iterator[Violation]:
        if not block.ordered or len(block.items) < 2:
            return
        numbers = [item.number or 0 for item in block.items]
        expected, style = expected_numbers(numbers)
        described = f"numbers every item {expected[0]}" if style == "one" else f"counts up from {expected[0]}"
        for item, found, want in zip(block.items, numbers, expected, strict=True):
            if found != want:
                yield Violation(
                    item.marker_span,
                    f"list item number {found} should be {want} (this list {described})",
                )
