"""AL413 unmatched-punctuation: brackets and quotes left open in prose; apostrophes, emoticons,
numbering, code, URLs and link syntax left alone."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from lintutil import lint

from awesome_lint.engine import Linter, select_rules

Expected = list[tuple[int, int, int, int, str]]


def at(column: int, message: str, line: int = 1) -> tuple[int, int, int, int, str]:
    return (line, column, line, column, message)


OPEN_PAREN = 'unmatched "(": no ")" closes it'
CLOSE_PAREN = 'unmatched ")": no "(" opens it'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- [Foo](https://foo.example) - A tool (for Go and Rust.\n", [at(39, OPEN_PAREN)]),
        ("- [Foo](https://foo.example) - A tool for Go) and Rust.\n", [at(45, CLOSE_PAREN)]),
        ("- [Nmap Cheat Sheet)](https://n.example) - Cheats.\n", [at(20, CLOSE_PAREN)]),  # in the link text
        ("- [Foo](https://foo.example - A tool.\n", [at(8, OPEN_PAREN)]),  # a link that lost its `)`
        ("- [Foo (https://foo.example) - A tool.\n", [at(3, 'unmatched "[": no "]" closes it')]),
        ("Works with Python 3) and more.\n", [at(20, CLOSE_PAREN)]),  # one `3)` inside a line is no numbering
        ("(a (b) c\n", [at(1, OPEN_PAREN)]),  # the outer one: the inner pair closes first
        ("He said “hello and left.\n", [at(9, 'unmatched "“": no "”" closes it')]),
        ("He said hello” and left.\n", [at(14, 'unmatched "”": no "”" closes it')]),
        ("A “quoted” word and a ”stray one.\n", [at(23, 'unmatched "”": no "“" opens it')]),
        ("‘Open never closed.\n", [at(1, 'unmatched "‘": no "’" closes it')]),
        ("‘We don’t close it.\n", [at(1, 'unmatched "‘": no "’" closes it')]),
        ('He said "hello and left.\n', [at(9, "unmatched '\"': no '\"' closes it")]),
        ('Revert "improve errors" and "fix tests (Ruben)\n', [at(29, "unmatched '\"': no '\"' closes it")]),
        ('Improve errors" (Ruben Bridgewater)\n', [at(15, "unmatched '\"': no '\"' opens it")]),
        ("„Hallo, sagte er.\n", [at(1, 'unmatched "„": no "“" closes it')]),
        ("« Bonjour » et «salut.\n", [at(16, 'unmatched "«": no "»" closes it')]),
        ("»Hallo« und »Welt.\n", [at(13, 'unmatched "»": no "«" closes it')]),
        ("「こんにちは\n", [at(1, 'unmatched "「": no "」" closes it')]),
        ("ファイル（Dropbox のリンク。\n", [at(5, 'unmatched "（": no "）" closes it')]),
        ("书名》\n", [at(3, 'unmatched "》": no "《" opens it')]),
        ("【注意\n", [at(1, 'unmatched "【": no "】" closes it')]),
        ("مرحبا (بالعالم\n", [at(7, OPEN_PAREN)]),  # right to left: the same code points, mirrored when shown
        ("שלום עולם)\n", [at(10, CLOSE_PAREN)]),
        ("# Heading (draft\n", [at(11, OPEN_PAREN)]),
        ("> A quote (inside\n> a block quote.\n", [at(11, OPEN_PAREN)]),
        ("First line, and\nthe second (one.\n", [at(12, OPEN_PAREN, line=2)]),
        ("| Name | Notes |\n|---|---|\n| Foo | Fast (really |\n", [at(14, OPEN_PAREN, line=3)]),
    ],
)
def test_unmatched_marks_are_reported(text: str, expected: Expected) -> None:
    assert lint(text, "unmatched-punctuation") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("An aside (opened here\n\nand closed in the next paragraph).\n", [at(10, OPEN_PAREN), at(33, CLOSE_PAREN, 3)]),
        ("- An item (opened\n- closed in the next)\n", [at(11, OPEN_PAREN), at(21, CLOSE_PAREN, 2)]),
        ("| (ab | cd) |\n|---|---|\n", [at(3, OPEN_PAREN), at(11, CLOSE_PAREN)]),  # a cell is a unit of its own
        ("# Title (\n\nText).\n", [at(9, OPEN_PAREN), at(5, CLOSE_PAREN, 3)]),
    ],
)
def test_a_pair_never_spans_two_blocks(text: str, expected: Expected) -> None:
    assert lint(text, "unmatched-punctuation") == expected


@pytest.mark.parametrize(
    "text",
    [
        "(see [the docs](https://docs.example/a_(b)))\n",  # link text is prose; its URL is not
        "[Foo](https://foo.example) (a [link](https://l.example) inside).\n",
        "(see https://en.wikipedia.org/wiki/Foo_(bar) and https://x.example)\n",
        "[Foo](https://foo.example \"a title (with one\")\n",
        "<https://foo.example/(>\n",
        "![a (b](https://img.example/i.png) and ![c)][img]\n\n[img]: https://img.example/c.png\n",
        "- [Foo](https://foo.example) [![Build (beta](https://img.shields.io/b.svg)](https://ci.example) - Fast.\n",
        "`(` and `“` are in code.\n\n```\nprint((1)\n```\n\n    indented (code\n",
        '<span title="(">x</span> and\n\n<div>\n( "\n</div>\n',
        "<!-- a comment ( -->\n",
        "[label]: https://foo.example/a \"title (x\"\n\nText [label].\n",
        "---\ntitle: \"half (open\n---\n\nText.\n",  # front matter is no prose
        "- [ ] a task\n- [x] done\n",
        "Text[^1].\n\n[^1]: A note (here).\n",
        "- [Foo](https://foo.example) - Fast 🚀 (really 🎉).\n",
        "Nice :) and ;-) and :( sad :-( and :] too.\n",
        "A smile (like this :)\n",
        "1) install 2) run 3) profit\n",
        "Steps: a) one, b) two.\n",
        "(1) first (2) second (iv) fourth\n",
        "1) Only one, at the start of a line.\n",
        "(Python 3)\n",
        "don’t users’ ’90s ‘quoted’ ‘don’t’ rock ‘n’ roll it‘s the users‘ data\n",
        "Node.js 19 will be ‘Current' release.\n",  # mixed marks, but a pair
        "Splitting multiple ‘=‘ in value.\n",
        "A “quoted“ word.\n",
        "“Foo\" said he.\n",
        'A 27" monitor, a 13.3" laptop and 5\'10" tall.\n',
        'צה"ל and ארה"ב\n',  # Hebrew gershayim
        "„Hallo“, sagte er.\n\nKliknij „Szczegóły”.\n\n”Hej” sa han. ’Hej’ sa hon.\n",
        "Kliknite »Podrobnosti«.\n\n« Bonjour » et «salut»\n",
        "Read more » and « Back\n",  # a lone guillemet is an arrow
        "（PDF) and (PDF）\n",  # mixed widths still pair
        "「こんにちは」『本』《书》【注】〈一〉〔二〕［三］（四）\n",
        "A percentile in the range (0, 100] and [0, 1).\n",
        'U+0022 ("), U+005B (\\[) and the "(" key.\n',
        "doc: add missing ) in CONTRIBUTING.md, fix misplaced ( in a test\n",
        "Treat ()[]\"' as word boundaries.\n",
        "(a [b) c]\n",  # crossed pairs: each kind is matched on its own
        '"バージョン "リンクよりも "最新 "リンク\n',  # an even number of straight quotes pairs up
        "مرحبا (بالعالم) و «أهلا»\n",
        "(שלום) עולם\n",
        '여러 작업물의 경우 "제작자"는 설명이 필요합니다.\n',  # Korean puts its particle right after the quote
    ],
)
def test_balanced_named_and_non_prose_marks_are_quiet(text: str) -> None:
    assert lint(text, "unmatched-punctuation") == []


def test_there_is_no_fix() -> None:
    """Which half is missing, and where it goes, is a guess: nothing is offered, not even unsafe."""
    result = Linter(select_rules(["AL413"])).lint_text("A tool (for Go.\n", "README.md")
    assert [(f.code, f.fix) for f in result.findings] == [("AL413", None)]


# --- properties --------------------------------------------------------------------------------

WORDS = ["tool", "Go", "fast", "日本語", "中文", "مرحبا", "שלום", "Straße", "🚀"]
NOISE = [*WORDS, "3", "2b", ":)", ";-)", "don’t", "users’", "’90s", 'צה"ל']
"""Words whose marks are no pair: numbers before a `)`, smileys, apostrophes, gershayim."""
PAIRS = [
    ("(", ")"), ("[", "]"), ("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"), ("（", "）"), ("《", "》"),
    ("【", "】"), ("〈", "〉"), ("«", "»"), ('"', '"'),
]  # fmt: skip


@st.composite
def balanced(draw: st.DrawFn, words: list[str] = WORDS, depth: int = 0, straight: bool = False) -> str:
    """Words and nested pairs, siblings apart (`[a] (b)` is no link). No straight quote inside another."""
    items = []
    for _ in range(draw(st.integers(1, 3))):
        if depth < 3 and draw(st.booleans()):
            opener, closer = draw(st.sampled_from([p for p in PAIRS if not (straight and p[0] == '"')]))
            inner = draw(balanced(words, depth + 1, straight or opener == '"'))
            items.append(opener + inner + closer)
        else:
            items.append(draw(st.sampled_from(words)))
    return " ".join(items)


@settings(deadline=None)
@given(balanced(NOISE), st.sampled_from(["", "- [Foo](https://foo.example) - ", "# ", "> ", "| a | "]))
def test_balanced_prose_is_quiet(text: str, lead: str) -> None:
    source = lead + text + ("|\n|---|---|\n" if lead.startswith("|") else "\n")
    assert lint(source, "unmatched-punctuation") == []


@settings(deadline=None)
@given(balanced(), st.data())
def test_one_mark_taken_away_is_reported_once(text: str, data: st.DataObject) -> None:
    """Take one bracket or quote away (not a `‘`, since the `’` left is as well an apostrophe, and not
    a guillemet, which alone is an arrow): exactly one finding, on a mark of the same kind."""
    kinds = {"(": "(（)）", "（": "(（)）", ")": "(（)）", "）": "(（)）", "“": "“”", "”": "“”", "’": "‘’"}
    removable = [i for i, char in enumerate(text) if char in "()[]“”’「」『』（）《》【】〈〉\""]
    assume(removable)
    index = data.draw(st.sampled_from(removable))
    removed = text[index]
    found = lint(text[:index] + text[index + 1 :] + "\n", "unmatched-punctuation")
    assert len(found) == 1, found
    line, column, end_line, end_column, message = found[0]
    assert (line, end_line, end_column) == (1, 1, column)
    left = (text[:index] + text[index + 1 :])[column - 1]
    assert left in kinds.get(removed, next(o + c for o, c in PAIRS if removed in (o, c)))
    assert message.startswith(f"unmatched {left!r}: " if left == '"' else f'unmatched "{left}": ')


@settings(deadline=None)
@given(balanced(NOISE), st.text(alphabet="()[]“”‘’「」（）《》\"«» x", min_size=1, max_size=12))
def test_code_spans_do_not_count(text: str, code: str) -> None:
    assert lint(f"{text} `{code}` {text}\n", "unmatched-punctuation") == []
