"""AL101 list-numbering."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from ..document import Document, ListBlock, ListItem, Span
from ..findings import Applicability, Change, Edit, Fix, Violation
from .base import FORBID_EXTRA, Rule

Style = Literal["one", "ordered"]


@dataclass(frozen=True)
class ListNumberingOptions:
    __pydantic_config__ = FORBID_EXTRA

    style: Literal["one-or-ordered", "one", "ordered"] = "one-or-ordered"
    """``one-or-ordered``: each list (or document) keeps the style that needs fewer changes."""
    scope: Literal["list", "document"] = "list"
    """``document``: one style for every ordered list of the file."""


def numbering(numbers: list[int], style: Style) -> list[int]:
    """What ``numbers`` should be in ``style``, starting from the first number."""
    first = numbers[0]
    return [first] * len(numbers) if style == "one" else [first + index for index in range(len(numbers))]


def misses(numbers: list[int], style: Style) -> int:
    """How many items ``style`` would renumber."""
    return sum(a != b for a, b in zip(numbers, numbering(numbers, style), strict=True))


def expected_numbers(numbers: list[int]) -> tuple[list[int], Style]:
    """The numbering a list should have, and the style it keeps.

    "one" repeats the first number, "ordered" counts up from it; a list keeps
    whichever needs fewer items renumbered (a tie goes to "ordered").
    """
    style: Style = "one" if misses(numbers, "one") < misses(numbers, "ordered") else "ordered"
    return numbering(numbers, style), style


class ListNumbering(Rule):
    """What it does
      Checks that each ordered list is numbered consistently: either every item
      carries the first item's number ("one" style: `1. 1. 1.`), or the numbers
      count up by one from the first ("ordered" style: `1. 2. 3.`, `0) 1) 2)`,
      `10. 11. 12.`). Each list keeps whichever of the two styles needs fewer
      items renumbered; a tie goes to "ordered". Each run of consecutive items
      that break the list's style is one finding, at the first of them and
      spanning the run, with one fix for the whole run (the JSON output lists
      every item of the run under `parts`). Lists and items are the ones GitHub
      renders (cmark-gfm's block structure): a line GitHub reads as text is no
      item, and a list GitHub splits in two is two lists.

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
      counts up from 1)`. `--fix` renumbers it (a safe fix), keeping the
      delimiter and re-indenting the item's continuation lines when the number
      gets wider, so `9.` becoming `10.` keeps a nested list inside its item.
      Like every fix, it is applied as safe only when cmark-gfm renders the
      fixed list exactly as before; a number past nine digits gets no fix
      (CommonMark would no longer read it as a list item).

    Options
      `style` (`"one-or-ordered"`, `"one"`, `"ordered"`; default
      `"one-or-ordered"`): force one style instead of letting each list keep
      the one that needs fewer changes. `scope` (`"list"` or `"document"`;
      default `"list"`): with `"document"`, one style for every ordered list of
      the file, the one that needs fewer changes over all of them.
      ```toml
      [tool.awesome-lint.rules.list-numbering]
      style = "one"
      ```
    """

    code = "AL101"
    npm = ("ordered-list-marker-value",)
    name = "list-numbering"
    summary = "Number the items of an ordered list consistently (1. 2. 3. or 1. 1. 1.)"
    fixable = True
    Options = ListNumberingOptions
    options: ListNumberingOptions

    def check(self, document: Document) -> Iterator[Violation]:
        lists = [block for block in document.lists if block.ordered and len(block.items) > 1]
        forced: Style | None = None
        if self.options.style != "one-or-ordered":
            forced = self.options.style
        elif self.options.scope == "document":
            numbers = [[item.number or 0 for item in block.items] for block in lists]
            one = sum(misses(n, "one") for n in numbers)
            forced = "one" if one < sum(misses(n, "ordered") for n in numbers) else "ordered"
        for block in lists:
            yield from self._check_list(block, forced, document.text)

    def _check_list(self, block: ListBlock, forced: Style | None, text: str) -> Iterator[Violation]:
        numbers = [item.number or 0 for item in block.items]
        if forced is None:
            expected, style = expected_numbers(numbers)
        else:
            expected, style = numbering(numbers, forced), forced
        described = f"numbers every item {expected[0]}" if style == "one" else f"counts up from {expected[0]}"
        index = 0
        while index < len(numbers):
            if numbers[index] == expected[index]:
                index += 1
                continue
            end = index
            while end < len(numbers) and numbers[end] != expected[end]:
                end += 1
            items = block.items[index:end]
            found, wanted = numbers[index:end], expected[index:end]
            context = Span(block.items[0].marker_span.start, max(block.items[-1].end_line_offset - 1, 0))
            fixes = [
                _renumber_one(text, item, want, index + offset == 0)
                for offset, (item, want) in enumerate(zip(items, wanted, strict=True))
            ]
            pieces = tuple(
                Violation(
                    item.marker_span,
                    f"{_misnumbered([number], [want], style)} (this list {described})",
                    fix,
                    context=context,
                )
                for item, number, want, fix in zip(items, found, wanted, fixes, strict=True)
            )
            yield Violation(
                Span(items[0].marker_span.start, items[-1].marker_span.end),
                f"{_misnumbered(found, wanted, style)} (this list {described})",
                _joined(fixes),
                pieces=pieces if len(pieces) > 1 else (),
                context=context,
            )
            index = end


def _misnumbered(found: list[int], wanted: list[int], style: Style) -> str:
    """``list item number 1 should be 3``, or for a run ``list items numbered 21 to 131 should be 20 to 130``."""
    if len(found) == 1:
        return f"list item number {found[0]} should be {wanted[0]}"
    if all(b - a == 1 for a, b in pairwise(found)):
        numbered = f"{found[0]} to {found[-1]}"
    elif len(found) <= 4:
        numbered = ", ".join(map(str, found))
    else:
        numbered = f"{found[0]}, {found[1]}, …, {found[-1]}"
    should = f"all be {wanted[0]}" if style == "one" else f"be {wanted[0]} to {wanted[-1]}"
    return f"{len(found)} list items numbered {numbered} should {should}"


def _renumber_one(text: str, item: ListItem, number: int, first: bool) -> Fix | None:
    """Renumber one item; none when the number would not be a list marker."""
    if number > MAX_NUMBER:
        return None  # CommonMark allows 9 digits: a longer "number" starts no list item
    fix = renumber(text, item, number)
    if first:  # the list's first number is what GitHub renders: its start
        return Fix(fix.edits, fix.applicability, (Change("start", str(item.number), str(number)),))
    return fix


def _joined(fixes: list[Fix | None]) -> Fix | None:
    """One fix for a run of items, from each item's own; none if one item cannot be fixed."""
    if any(fix is None for fix in fixes):
        return None
    present = [fix for fix in fixes if fix is not None]
    unsafe = any(fix.applicability is Applicability.UNSAFE for fix in present)
    return Fix(
        tuple(edit for fix in present for edit in fix.edits),
        Applicability.UNSAFE if unsafe else Applicability.SAFE,
        tuple(change for fix in present for change in fix.changes),
    )


MAX_NUMBER = 999_999_999


def renumber(text: str, item: ListItem, number: int) -> Fix:
    """Give ``item`` a new number, keeping its delimiter, zero padding and the item's structure.

    When the marker gets wider or narrower (``9.`` → ``10.``), the item's content column
    may move (not always: a tab after the marker goes to the next tab stop). Continuation
    lines indented to the old content column (a nested list, a code block, a second
    paragraph) move with it, so they stay inside the item. Columns are visual (a tab stops
    every 4), and spaces are added or removed just before a line's first character, after
    any tabs. When the column moves left, a line between the new and the old column (a lazy
    line, or the block after the item) would change meaning whatever its indentation, and
    a tab-indented line cannot move by less than a tab stop: such a fix is unsafe.
    """
    marker = item.marker
    digits = marker[:-1]
    width = len(digits) if digits.startswith("0") else 1
    new = f"{number:0{width}d}{marker[-1]}"
    start = item.marker_span.start
    edits = [Edit(start, start + len(digits), new[:-1])]
    line_start = text.rfind("\n", 0, start) + 1
    marker_line_end = text.find("\n", start)
    marker_line = text[line_start : len(text) if marker_line_end < 0 else marker_line_end]
    at_marker = start - line_start
    old_column = len(marker_line[: item.content_column].expandtabs(4))
    renumbered = marker_line[:at_marker] + new + marker_line[at_marker + len(marker) : item.content_column]
    delta = len(renumbered.expandtabs(4)) - old_column
    if len(new) != len(marker) and "\t" in marker_line[: item.content_column]:
        # A tab before the content of a marker that changes width: parsers disagree on where
        # its tab stop is inside containers (mistune counts from the container), so the
        # structure after renumbering cannot be promised.
        return Fix(tuple(edits), Applicability.UNSAFE)
    if not delta or marker_line_end < 0:
        return Fix(tuple(edits))
    # The block-quote markers before the item, which its continuation lines repeat: only these
    # are skipped, so that a quote nested inside the item moves with the item's content.
    quote = marker_line[: marker_line.rfind(">", 0, at_marker) + 1]
    outer = re.compile(rf"(?:[ \t]*>){{{quote.count('>')}}}") if quote else None
    applicability = Applicability.SAFE
    pos = marker_line_end
    while pos >= 0:
        begin = pos + 1
        end = text.find("\n", begin)
        end = len(text) if end < 0 else end
        line = text[begin:end]
        prefix = outer.match(line) if outer is not None else None
        after = prefix.end() if prefix is not None else 0
        body = line[after:].lstrip(" \t")
        first = len(line) - len(body)
        indent = len(line[:first].expandtabs(4))
        inside = begin < item.end_line_offset
        quoted = outer is None or prefix is not None
        if body and quoted and old_column + min(delta, 0) <= indent < old_column:
            applicability = Applicability.UNSAFE  # lazy text, or the next block, would join the item
        elif quoted and inside and indent >= old_column:
            # Blank lines too: inside a code block, their spaces past the column are content.
            at = begin + first
            if delta > 0:
                edits.append(Edit(at, at, " " * delta))
            elif line[first + delta : first] == " " * -delta:
                edits.append(Edit(at + delta, at, ""))
            else:
                applicability = Applicability.UNSAFE  # tabs: cannot move left by less than a tab stop
        if not inside and body:
            break  # the first line after the item has been looked at
        pos = end if end < len(text) else -1
    return Fix(tuple(edits), applicability)
