"""GitHub's parser as the referee of every fix.

The oracle here is cmark-gfm through ``cmarkgfm``'s public Python API (what PyPI
and GitHub render), not the linter's own rendering helper: a safe fix must leave
that HTML as it was, apart from what the fix means to change. The defects found
by comparing with cmark-gfm are pinned down with their exact bytes, and a
hypothesis generator of adversarial lists (nested quotes, ordered and bullet lists,
fences, indented code, HTML blocks, tables, headings, tabs, lazy lines, CRLF) checks
the whole promise: after the safe fixes GitHub renders every such list as before,
and every list-numbering finding sits where GitHub starts an item. The long profile::

    AWESOME_LINT_REFEREE_EXAMPLES=100000 pytest tests/test_referee.py -p no:cacheprovider
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from github_html import render
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awesome_lint.engine import Linter, select_rules
from awesome_lint.findings import Applicability, Change, Edit, Fix
from awesome_lint.fixes.referee import apply_to_text, judge, rendering_change
from awesome_lint.fixes.select import fix_until_stable
from awesome_lint.source import Source

LINTER = Linter(select_rules(["AL101", "AL102", "AL201", "AL202", "AL301"]))
"""The rules whose safe fixes (renumbering, mojibake) mean to change nothing but a list's start here;
malformed-url and invisible-character mean to change links and text, and test that themselves."""
EXAMPLES = int(os.environ.get("AWESOME_LINT_REFEREE_EXAMPLES", "2000"))
"""CI replays a fixed set of this many (the ``ci`` profile); the long profile sets 100000."""


def github(text: str) -> str:
    """GitHub's HTML of ``text``, raw HTML kept."""
    return cmarkgfm.github_flavored_markdown_to_html(
        text, options=Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
    )


def without_starts(html: str) -> str:
    return re.sub(r'<ol start="\d+">', "<ol>", html)


class Counting:
    """A renderer that counts how often it is asked."""

    def __init__(self) -> None:
        self.renders = 0

    def __call__(self, markdown: str) -> str:
        self.renders += 1
        return github(markdown)


def squeezed(html: str) -> str:
    """``html`` without the whitespace between tags, which renders as nothing."""
    return re.sub(r">\s+", ">", html)


def fixed(text: str, unsafe: bool = False) -> str:
    def fixes(data: bytes) -> list[tuple[str, Fix]]:
        return [(f.code, f.fix) for f in LINTER.lint_bytes(data, "x.md").findings if f.fix is not None]

    data, _, _ = fix_until_stable(text.encode(), "x.md", fixes, unsafe=unsafe)
    return data.decode()


def findings(text: str, code: str | None = None) -> list[tuple[int, int, str, str | None]]:
    """``(line, column, message, applicability)`` of each finding (of rule ``code``)."""
    return [
        (f.line, f.column, f.message, None if f.fix is None else f.fix.applicability.value)
        for f in LINTER.lint_text(text, "x.md").findings
        if code is None or f.code == code
    ]


# --------------------------------------------------------------------------- comparing renderings


def test_identical_renderings_differ_in_nothing() -> None:
    html = github("1. a\n2. b\n")
    assert rendering_change(html, html) is None


def test_line_breaks_between_blocks_are_not_a_difference_but_text_is_compared_exactly() -> None:
    assert rendering_change("<ul>\n<li>a</li>\n</ul>\n", "<ul><li>a</li></ul>") is None
    assert rendering_change("<li>\n<h2></h2>\ntext</li>", "<li>text</li>", [Change("remove", "h2")]) is None
    assert rendering_change("<p>a  b</p>", "<p>a b</p>") == "'a  b' would become 'a b'"
    assert rendering_change("<p>a\n<div>x</div></p>", "<p>a\n <div>x</div></p>") is not None


def test_whitespace_inside_pre_is_a_difference() -> None:
    problem = rendering_change("<pre><code>  a\n</code></pre>\n", "<pre><code> a\n</code></pre>\n")
    assert problem == "'  a' would become ' a'"


def test_a_list_start_is_explained_only_by_its_change() -> None:
    before, after = github("3. a\n4. b\n"), github("1. a\n2. b\n")
    assert rendering_change(before, after, [Change("start", "3", "1")]) is None
    assert rendering_change(before, after) == "'<ol start=\"3\">' would become '<ol>'"
    assert rendering_change(before, after, [Change("start", "3", "2")]) is not None


def test_a_url_change_explains_the_href_and_the_autolink_text() -> None:
    before, after = github("<http://x.example/café>\n"), github("<https://x.example/café>\n")
    assert rendering_change(before, after, [Change("url", "http://x.example/café", "https://x.example/café")]) is None


def test_a_text_change_does_not_explain_a_changed_url() -> None:
    before, after = github("[Café](https://x.example/cafÃ©)\n"), github("[Café](https://x.example/café)\n")
    assert rendering_change(before, after, [Change("text", "Ã©", "é")]) is not None
    assert rendering_change(before, after, [Change("url", "Ã©", "é")]) is None


def test_a_removal_explains_only_the_element_removed() -> None:
    before, after = github("a\n\n##\n\n## B\n"), github("a\n\n## B\n")
    assert rendering_change(before, after, [Change("remove", "h2")]) is None
    assert rendering_change(before, after, [Change("remove", "h3")]) == "'<h2></h2>' would disappear"


def test_a_structural_change_is_described() -> None:
    before, after = github("> a\n> > b\n"), github("> a\n>  b\n")
    assert rendering_change(before, after) is not None


def test_judge_demotes_a_safe_fix_that_breaks_the_structure_and_keeps_the_good_ones() -> None:
    text = "1. a\n2. b\n\nx\n"
    good = Fix((Edit(12, 12, ""),))  # changes nothing
    bad = Fix((Edit(0, 0, "> "),))  # the list goes into a quote
    judged = judge(text, [good, None, bad])
    assert judged[0] is good and judged[1] is None
    assert judged[2] is not None and judged[2].applicability is Applicability.UNSAFE
    assert judged[2].note.startswith("it would change more than it means to on GitHub: ")


def test_judge_finds_the_bad_fix_among_many_by_halving() -> None:
    text = "".join(f"- [x{i}](https://x.example/{i})\n" for i in range(64))
    offsets = [text.index(f"x{i}]") for i in range(64)]
    fixes: list[Fix | None] = [Fix((Edit(at, at, ""),)) for at in offsets]
    fixes[37] = Fix((Edit(offsets[37] - 3, offsets[37] - 3, "#"),))  # "-#" is no longer an item
    counting = Counting()
    judged = judge(text, fixes, counting)
    renders = counting.renders
    assert [i for i, fix in enumerate(judged) if fix is not None and fix.applicability is Applicability.UNSAFE] == [37]
    assert renders <= 2 + 2 * 7  # before, then two halves per level down to the one at fault


def test_apply_to_text_applies_in_order_and_refuses_conflicts() -> None:
    assert apply_to_text("abcdef", [Edit(4, 5, "E"), Edit(0, 1, "A")]) == "AbcdEf"
    with pytest.raises(ValueError):
        apply_to_text("abc", [Edit(0, 2, ""), Edit(1, 3, "")])


# --------------------------------------------------------------------------- the defects, exact bytes


@pytest.mark.parametrize(
    ("text", "result"),
    [
        # Inside a quote, the inner ">" of a nested quote moves with the item's content.
        ("> 9. nine\n> 10. ten\n> 9. eleven\n>    > note\n", "> 9. nine\n> 10. ten\n> 11. eleven\n>     > note\n"),
        # Whitespace-only lines of a fenced block in the item are content too.
        (
            "8. a\n9. b\n8. c\n   ```\n   x\n     \n   y\n   ```\n",
            "8. a\n9. b\n10. c\n    ```\n    x\n      \n    y\n    ```\n",
        ),
    ],
)
def test_renumbering_moves_what_is_inside_the_item(text: str, result: str) -> None:
    assert fixed(text) == result
    assert without_starts(github(result)) == without_starts(github(text))


def test_no_renumbering_past_nine_digits() -> None:
    text = "999999998. a\n999999999. b\n1. c\n"
    assert render(text).ordered_starts == [999999998]
    found = findings(text, "AL101")
    assert [(line, fix) for line, _, _, fix in found] == [(3, None)]
    assert fixed(text) == text


@pytest.mark.parametrize(
    ("text", "result"), [("- ##\n  text\n- b\n", "-\n  text\n- b\n"), ("> ##\n> text\n", ">\n> text\n")]
)
def test_unsafe_empty_heading_fix_in_a_container_removes_only_the_heading(text: str, result: str) -> None:
    assert fixed(text, unsafe=True) == result
    assert squeezed(github(result)) == squeezed(github(text)).replace("<h2></h2>", "")


@pytest.mark.parametrize("text", ["a\n\n##", "a\n##", "##", "a\n\n## ##"])
def test_removing_a_last_empty_heading_adds_no_final_newline(text: str) -> None:
    result = fixed(text, unsafe=True)
    assert not result.endswith("\n")
    assert "#" not in result


def test_mojibake_in_a_url_is_reported_but_not_repaired_as_safe() -> None:
    text = "- [Cafe](https://ex.com/cafÃ©) - Nice.\n"
    [(line, column, message, applicability)] = findings(text, "AL301")
    assert (line, column, applicability) == (1, 28, "unsafe")
    assert message == 'mojibake "Ã©" should be "é" (in a URL: check where the link should go)'
    assert fixed(text) == text


def test_an_em_dash_whose_last_byte_became_a_straight_quote_is_repaired_as_a_dash() -> None:
    text = 'Fast â€" and free.\n'
    found = findings(text, "AL301")
    assert [(message, fix) for _, _, message, fix in found] == [
        ('mojibake "â€"" should be "—" (or "–": the last byte became a straight quote)', "unsafe")
    ]
    assert fixed(text) == text
    assert fixed(text, unsafe=True) == "Fast — and free.\n"


# --------------------------------------------------------------------------- one finding per run


def test_a_run_of_misnumbered_items_is_one_finding_with_every_item_as_a_part() -> None:
    text = "".join(f"{n}. item\n" for n in [1, 2, 3, 5, 6, 7, 8, 9])
    result = LINTER.lint_text(text, "x.md")
    [finding] = result.findings
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (4, 1, 8, 2)
    assert finding.message == "5 list items numbered 5 to 9 should be 4 to 8 (this list counts up from 1)"
    assert finding.parts == tuple((line, 1, line, 2) for line in range(4, 9))
    assert fixed(text) == "".join(f"{n}. item\n" for n in range(1, 9))


def test_separate_runs_are_separate_findings() -> None:
    text = "1. a\n3. b\n3. c\n4. d\n9. e\n7. f\n"
    assert [(line, message) for line, _, message, _ in findings(text, "AL101")] == [
        (2, "list item number 3 should be 2 (this list counts up from 1)"),
        (5, "2 list items numbered 9, 7 should be 5 to 6 (this list counts up from 1)"),
    ]


# --------------------------------------------------------------------------- the differential property


@st.composite
def inline(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(["text", "[a](https://a.example)", "`code`", "<span>x</span>", "*em*", "a | b"]))


KINDS = ["text", "lazy", "fence", "code", "html", "table", "heading", "quote", "blank", "list"]


def item_body(draw: st.DrawFn, indent: str, depth: int) -> list[str]:
    """Continuation lines of an item whose content starts at ``indent``; some indented less."""
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(KINDS))
        short = indent[: draw(st.integers(0, len(indent)))]
        if kind == "text":
            lines.append(indent + draw(inline()))
        elif kind == "lazy":
            lines.append(short + draw(inline()))
        elif kind == "fence":
            lines += [indent + "```", indent + "x", short + "  ", indent + "  y", short + "```"]
        elif kind == "code":
            lines += ["", indent + "    code", indent + "\tcode"]
        elif kind == "html":
            lines += [indent + "<div>", short + "x", indent + "</div>", ""]
        elif kind == "table":
            lines += [indent + "| a | b |", indent + "|---|---|", short + "| 1 | 2 |"]
        elif kind == "heading":
            lines.append(short + draw(st.sampled_from(["## h", "##", "# #"])))
        elif kind == "quote":
            lines.append(indent + "> " + draw(inline()))
            lines.append(short + ">    > nested")
        elif kind == "blank":
            lines.append(draw(st.sampled_from(["", " ", indent + "  "])))
        elif depth < 2:
            lines += adversarial_list_lines(draw, indent, depth + 1)
    return lines


def adversarial_list_lines(draw: st.DrawFn, indent: str, depth: int) -> list[str]:
    lines: list[str] = []
    ordered = draw(st.booleans())
    delimiter = draw(st.sampled_from([".", ")"]))
    number = draw(st.integers(0, 12))
    for _ in range(draw(st.integers(2, 5))):
        number = max(0, number + draw(st.sampled_from([1, 1, 1, 0, 2, -1])))
        marker = f"{number}{delimiter}" if ordered else draw(st.sampled_from(["-", "*", "+"]))
        gap = draw(st.sampled_from([" ", " ", "  ", "   ", "\t", " \t"]))
        lines.append(indent + marker + gap + draw(inline()))
        content = indent + " " * (len(marker) + max(1, len(gap.expandtabs(4))))
        lines += item_body(draw, content, depth)
    return lines


@st.composite
def adversarial(draw: st.DrawFn) -> str:
    blocks: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        quote = draw(st.sampled_from(["", "", "> ", ">", "> > "]))
        lines = adversarial_list_lines(draw, "", 0)
        blocks.append("\n".join(quote + line if line or quote else line for line in lines))
    text = "\n\n".join(blocks) + "\n"
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


def check_against_github(text: str) -> None:
    data = text.encode()
    before = github(text)
    source = Source.from_bytes(data, "x.md")
    rendered = render(source.text)
    for finding in LINTER.lint_bytes(data, "x.md").findings:
        if finding.code == "AL101":
            for line, column, _, _ in finding.parts or ((finding.line, finding.column, 0, 0),):
                offset = source.line_start(line) + column - 1
                assert offset in rendered.items, f"list-numbering on {line}:{column}, where GitHub starts no item"
    after = fixed(source.text)
    assert without_starts(github(after)) == without_starts(before)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(adversarial())
def test_safe_fixes_render_the_same_on_github(text: str) -> None:
    check_against_github(text)


def drifting(text: str, seed: int) -> str:
    """``text`` with every bullet item numbered instead, the numbers drifting as hand edits leave them."""
    import random

    chance = random.Random(seed)
    number = 0

    def renumber(match: re.Match[str]) -> str:
        nonlocal number
        # The second item always skips a number, so that any list of two or more items drifts.
        number += (2 if number == 1 else chance.choice([1, 1, 1, 1, 0, 2, -1])) if number else 1
        number = max(number, 1)
        return f"{match[1]}{number}. "

    return re.sub(r"^([ \t]*)[-*+] ", renumber, text, flags=re.MULTILINE)


def test_real_lists_numbered_with_drift_are_fixed_to_the_same_rendering(real_list: Path) -> None:
    original = Source.from_bytes(real_list.read_bytes(), real_list.name).text
    text = drifting(original, seed=len(real_list.name))
    if len(re.findall(r"^[ \t]*[-*+] ", original, flags=re.MULTILINE)) < 2:  # awesome-java: quotes, no items
        assert not findings(text, "AL101")
        return
    assert findings(text, "AL101"), "the drift left nothing to renumber"
    after = fixed(text)
    assert after != text
    assert without_starts(github(after)) == without_starts(github(text))
    assert not findings(after, "AL101") or all(fix != "safe" for *_, fix in findings(after, "AL101"))


def test_judging_a_file_where_every_fix_fails_takes_bounded_renderings() -> None:
    from awesome_lint.fixes.referee import MAX_RENDERS

    text = "".join(f"- [x{i}](https://x.example/{i})\n" for i in range(1000))
    starts = [text.index(f"- [x{i}]") for i in range(1000)]
    fixes: list[Fix | None] = [Fix((Edit(at, at + 1, "#"),)) for at in starts]
    counting = Counting()
    judged = judge(text, fixes, counting)
    renders = counting.renders
    assert all(fix is not None and fix.applicability is Applicability.UNSAFE for fix in judged)
    assert renders <= MAX_RENDERS + 1


def test_a_fix_whose_own_edits_overlap_is_set_aside_not_judged_forever() -> None:
    broken = Fix((Edit(0, 3, "x"), Edit(1, 2, "y")))
    [judged] = judge("abcd\n", [broken], github)
    assert judged is not None and judged.applicability is Applicability.UNSAFE
    assert judged.note == "it would change more than it means to on GitHub: its edits overlap"


# --------------------------------------------------------------------------- blocks rewritten as a whole

STALE = "- [A](#a)\n- [C](#c)\n"
FRESH = "- [A](#a)\n- [B](#b)\n- [C](#c)\n"
PAGE = "# T\n\n## Contents\n\n{}\n## A\n\n## B\n\n## C\n\n{}"


def test_a_block_change_explains_exactly_its_replacement() -> None:
    before, after = github(PAGE.format(STALE, "- x\n")), github(PAGE.format(FRESH, "- x\n"))
    assert rendering_change(before, after, [Change("block", STALE, FRESH)]) is None
    assert rendering_change(before, after) == "'<li><a href=\"#b\">B</a></li>' would appear"
    assert rendering_change(before, after, [Change("block", STALE, "- [A](#a)\n- [B](#bb)\n- [C](#c)\n")]) is not None
    assert Change("block", STALE, FRESH).describe() == "2 lines rewritten as 3"
    assert Change("block", FRESH, "- [C](#c)\n- [B](#b)\n- [A](#a)\n").describe() == "3 lines rewritten as a whole"


def test_an_order_change_explains_only_a_reordering() -> None:
    old = "- [B](https://b.example)\n  - y\n  - x\n- [A](https://a.example)\n"
    sorted_ = "- [A](https://a.example)\n- [B](https://b.example)\n  - x\n  - y\n"
    before, after = github(PAGE.format(old, "- x\n")), github(PAGE.format(sorted_, "- x\n"))
    assert rendering_change(before, after, [Change("order", old, sorted_)]) is None
    assert Change("order", old, sorted_).describe() == "the list's items are reordered"
    # The same replacement, but an item's text changed too: more than the order.
    changed = sorted_.replace("[A]", "[AA]")
    problem = rendering_change(before, github(PAGE.format(changed, "- x\n")), [Change("order", old, changed)])
    assert problem is not None and problem.endswith("would change more than the order of its items")
    # An ordered list's order is its meaning.
    numbered = "1. b\n2. a\n"
    swapped = "1. a\n2. b\n"
    before, after = github(PAGE.format(numbered, "")), github(PAGE.format(swapped, ""))
    assert rendering_change(before, after, [Change("order", numbered, swapped)]) is not None


def test_a_block_change_does_not_explain_another_change_elsewhere() -> None:
    change = Change("block", STALE, FRESH)
    before = github(PAGE.format(STALE, "- x\n"))
    assert rendering_change(before, github(PAGE.format(FRESH, "- y\n")), [change]) == "'x' would become 'y'"
    # The same list twice: the change explains rewriting either one, not both.
    before = github(PAGE.format(STALE, STALE))
    assert rendering_change(before, github(PAGE.format(STALE, FRESH)), [change]) is None
    assert rendering_change(before, github(PAGE.format(FRESH, STALE)), [change]) is None
    assert rendering_change(before, github(PAGE.format(FRESH, FRESH)), [change]) is not None
    assert rendering_change(before, github(PAGE.format(FRESH, FRESH)), [change, change]) is None


@pytest.mark.parametrize(
    ("page", "old", "new"),
    [
        # The reference is defined outside the snippet: alone, "[A][a]" is text.
        ("{}\n[a]: #a\n", "- [A][a]\n", "- [A][a]\n- [B](#b)\n"),
        # In a quote, the lines after the first carry the quote's "> ": alone, they are a quote of their own.
        ("> {}", "- [A](#a)\n> - [C](#c)\n", "- [A](#a)\n> - [B](#b)\n> - [C](#c)\n"),
    ],
)
def test_a_block_that_renders_otherwise_in_its_place_explains_nothing(page: str, old: str, new: str) -> None:
    before, after = github(page.format(old)), github(page.format(new))
    problem = rendering_change(before, after, [Change("block", old, new)], github)
    assert problem is not None and problem.endswith("renders otherwise in its place than on its own")


def test_judge_keeps_a_block_fix_safe_and_renders_each_snippet_once() -> None:
    text = PAGE.format(STALE, "- x\n")
    start = text.index(STALE)
    good = Fix((Edit(start, start + len(STALE), FRESH),), changes=(Change("block", STALE, FRESH),))
    at = text.index("- x")
    bad = Fix((Edit(at, at + 3, "- y"),), changes=(Change("block", "- x\n", "- z\n"),))
    counting = Counting()
    judged = judge(text, [good, bad], counting)
    assert judged[0] is good
    assert judged[1] is not None and judged[1].applicability is Applicability.UNSAFE
    assert judged[1].note == "it would change more than it means to on GitHub: 'z' would become 'y'"
    # The text before, the pair together, each alone; the four snippets once each.
    assert counting.renders == 4 + 4


def test_a_heading_respelt_under_a_link_to_its_anchor_is_not_safe() -> None:
    # cmark-gfm writes no heading ids; GitHub derives them from the text, so respelling moves them.
    linked = "- [Vscode Tips](#vscode-tips)\n\n## Vscode Tips\n"
    change = [Change("text", "Vscode", "VS Code")]
    before, after = github(linked), github(linked.replace("## Vscode", "## VS Code"))
    assert rendering_change(before, after, change) == (
        "the heading anchor #vscode-tips would change, and a link of the document points to it"
    )
    alone = "## Vscode Tips\n"
    assert rendering_change(github(alone), github("## VS Code Tips\n"), change) is None


def test_two_changes_of_one_text_that_overlap_are_explained_together() -> None:
    # An entry's separator fix and its final full stop, each declared with the words around it.
    text = "- [A](https://a.example) – Awesome libraries and hidden gems\n"
    fixed_text = "- [A](https://a.example) - Awesome libraries and hidden gems.\n"
    changes = [
        Change("text", " – Awesome libraries and", " - Awesome libraries and"),
        Change("text", "libraries and hidden gems", "libraries and hidden gems."),
    ]
    assert rendering_change(github(text), github(fixed_text), changes) is None
    assert rendering_change(github(text), github(fixed_text), changes[:1]) is not None


@pytest.mark.parametrize(
    ("text", "fixed_text", "changes"),
    [
        # A change declared for one place is not required where its words occur elsewhere.
        (
            "Use vuejs at repo://vuejs/x\n",
            "Use Vue.js at repo://vuejs/x\n",
            [Change("text", "vuejs", "Vue.js")],
        ),
        # One change inside the words of another: a respelt name in the words before a full stop.
        (
            "- [W](https://w.example) - Built on NodeJS, Git and Markdown\n",
            "- [W](https://w.example) - Built on Node.js, Git and Markdown.\n",
            [
                Change("text", "NodeJS", "Node.js"),
                Change("text", "on NodeJS, Git and Markdown", "on NodeJS, Git and Markdown."),
            ],
        ),
        # Two changes whose words overlap.
        (
            "- [D](https://d.example) - Diagrams for vue.js, inspired by react\n",
            "- [D](https://d.example) - Diagrams for Vue.js, inspired by react.\n",
            [
                Change("text", "vue.js", "Vue.js"),
                Change("text", "e.js, inspired by react", "e.js, inspired by react."),
            ],
        ),
    ],
)
def test_changes_are_explained_where_they_apply(text: str, fixed_text: str, changes: list[Change]) -> None:
    assert rendering_change(github(text), github(fixed_text), changes) is None
    # and they explain nothing else: a word no change names still counts
    assert rendering_change(github(text), github(fixed_text.replace(" ", " really ", 1)), changes) is not None
