"""Autofix plumbing: edits land on the original bytes, fixes are chosen deterministically, writes are atomic.

The kill test at the end SIGKILLs processes in the middle of ``write_atomic``
on a 20 MB file and checks the file is always exactly the old or the new
content. A killed writer may leave its temporary ``.NAME.*.tmp`` file behind
(nothing can remove it once the process is gone); the target is never damaged.
"""

from __future__ import annotations

import os
import random
import re
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awesome_lint.findings import Applicability, Edit, Fix
from awesome_lint.fixes.edits import EditError, apply_edits, edits_conflict
from awesome_lint.fixes.select import fix_until_stable, select_fixes, select_fixes_with_codes
from awesome_lint.fixes.write import FileChangedError, FileStamp, write_atomic
from awesome_lint.source import Source, SourceError

BOM = b"\xef\xbb\xbf"


def text_of(data: bytes) -> str:
    return Source.from_bytes(data, "<test>").text


# --------------------------------------------------------------------------- apply_edits: exact bytes


@pytest.mark.parametrize(
    ("data", "edits", "expected"),
    [
        pytest.param(b"a\nb\nc\n", [Edit(2, 3, "B")], b"a\nB\nc\n", id="lf"),
        pytest.param(b"a\r\nb\r\nc\r\n", [Edit(2, 3, "B")], b"a\r\nB\r\nc\r\n", id="crlf"),
        pytest.param(b"a\rb\rc\r", [Edit(2, 3, "B")], b"a\rB\rc\r", id="cr-only"),
        pytest.param(
            b"one\r\ntwo\nthree\rfour",
            [Edit(0, 3, "1"), Edit(4, 7, "2"), Edit(8, 13, "3"), Edit(14, 18, "4")],
            b"1\r\n2\n3\r4",
            id="mixed-endings",
        ),
        pytest.param(BOM + b"# T\r\n- x\r\n", [Edit(2, 3, "Title")], BOM + b"# Title\r\n- x\r\n", id="bom"),
        pytest.param(BOM + b"# T\n", [Edit(0, 0, "<!-- x -->\n")], BOM + b"<!-- x -->\n# T\n", id="bom-start"),
        pytest.param(b"a\nb", [Edit(2, 3, "c")], b"a\nc", id="no-final-newline"),
        pytest.param(b"a\nb", [Edit(3, 3, "!")], b"a\nb!", id="no-final-newline-append"),
        pytest.param(b"\ta\tb\r\n\t\tc\n", [Edit(3, 4, "X\tY")], b"\ta\tX\tY\r\n\t\tc\n", id="tabs"),
        pytest.param(b"abc\r\ndef\r\n", [Edit(0, 1, "A")], b"Abc\r\ndef\r\n", id="very-start"),
        pytest.param(b"abc\r\ndef\r\n", [Edit(8, 8, "ghi\n")], b"abc\r\ndef\r\nghi\r\n", id="very-end"),
        pytest.param(b"abc\r\ndef", [Edit(7, 7, "\n")], b"abc\r\ndef\r\n", id="add-final-newline"),
        pytest.param(b"abc\r\ndef", [Edit(6, 7, "")], b"abc\r\nde", id="delete-last-char"),
        pytest.param(b"abc", [Edit(3, 3, "\n")], b"abc\n", id="no-ending-anywhere"),
        pytest.param(b"- a\r\n- c\r\n", [Edit(4, 4, "- b\n")], b"- a\r\n- b\r\n- c\r\n", id="insert-line"),
        pytest.param(b"a\r\nb\r\nc\r\n", [Edit(2, 4, "")], b"a\r\nc\r\n", id="delete-line-crlf"),
        pytest.param(b"a\rb\rc\r", [Edit(2, 4, "")], b"a\rc\r", id="delete-line-cr"),
        pytest.param(b"a\r\nb", [Edit(1, 3, "")], b"a", id="delete-last-line"),
        pytest.param(b"a\r\nb\r\n", [Edit(0, 4, "")], b"", id="delete-everything"),
        pytest.param(b"- a\r\n- b\r\n", [Edit(3, 3, "\n- new")], b"- a\r\n- new\r\n- b\r\n", id="newline-in-crlf"),
        pytest.param(b"x\r\ny\r\n", [Edit(0, 1, "1\n2\n3")], b"1\r\n2\r\n3\r\ny\r\n", id="newlines-in-crlf"),
        pytest.param(b"x\ry\r", [Edit(0, 1, "1\n2")], b"1\r2\ry\r", id="newline-in-cr"),
        # The line where the edit starts decides, not the file's majority.
        pytest.param(b"a\r\nb\r\nc\nd\r\n", [Edit(4, 5, "c\nc")], b"a\r\nb\r\nc\nc\nd\r\n", id="newline-own-line"),
        # No ending on the last line: the dominant one; a tie goes to the first seen.
        pytest.param(b"a\r\nb\r\nc\nd", [Edit(7, 7, "\ne")], b"a\r\nb\r\nc\nd\r\ne", id="newline-dominant"),
        pytest.param(b"a\nb\r\nc", [Edit(5, 5, "\nd")], b"a\nb\r\nc\nd", id="newline-dominant-tie"),
        pytest.param(b"a\r\nb", [Edit(1, 1, "\r\nx\ry")], b"a\r\nx\r\ny\r\nb", id="cr-in-replacement"),
        pytest.param(b"x\n", [Edit(0, 0, "1"), Edit(0, 1, "2")], b"12\n", id="insertion-before-span"),
        pytest.param(b"x\n", [Edit(0, 1, "2"), Edit(1, 1, "3")], b"23\n", id="insertion-after-span"),
        pytest.param(b"abcd", [Edit(2, 4, "Y"), Edit(0, 2, "X")], b"XY", id="touching-unsorted"),
    ],
)
def test_apply_edits_exact_bytes(data: bytes, edits: list[Edit], expected: bytes) -> None:
    assert apply_edits(data, edits) == expected


def test_non_ascii_before_and_inside_edits() -> None:
    line = "é日本🎉 café ñ"
    data = f"{line}\r\n→ {line}\r\n".encode()
    # Offsets count code points: "café" is [5, 9) on the first line.
    assert apply_edits(data, [Edit(5, 9, "CAFÈ")]) == f"é日本🎉 CAFÈ ñ\r\n→ {line}\r\n".encode()
    # Inside multi-byte text, several edits on one line, on the second line too.
    second = len(line) + 1
    edits = [Edit(1, 3, "中文"), Edit(3, 4, ""), Edit(10, 11, "n"), Edit(second, second + 1, "->")]
    assert apply_edits(data, edits) == f"é中文 café n\r\n-> {line}\r\n".encode()
    # The end of a non-ASCII line: before its ending.
    assert apply_edits(data, [Edit(11, 11, "!")]) == f"{line}!\r\n→ {line}\r\n".encode()


def test_no_edits_is_identity() -> None:
    data = BOM + b"a\r\nb\rc\n\td"
    assert apply_edits(data, []) is data


@pytest.mark.parametrize(
    "edits",
    [
        pytest.param([Edit(0, 3, "x"), Edit(2, 4, "y")], id="spans-overlap"),
        pytest.param([Edit(1, 3, "x"), Edit(1, 3, "x")], id="same-span-twice"),
        pytest.param([Edit(2, 2, "x"), Edit(2, 2, "y")], id="two-insertions-same-offset"),
        pytest.param([Edit(0, 4, "x"), Edit(2, 2, "y")], id="insertion-inside-span"),
        pytest.param([Edit(0, 9, "x")], id="past-the-end"),
        pytest.param([Edit(3, 2, "x")], id="reversed"),
        pytest.param([Edit(-1, 0, "x")], id="negative"),
    ],
)
def test_invalid_edits_raise(edits: list[Edit]) -> None:
    with pytest.raises(ValueError):
        apply_edits(b"abc\r\ndef", edits)


def test_fusing_a_lone_cr_with_an_lf_raises() -> None:
    # Deleting "b" would leave "a\r" + "\n": one CRLF ending, one line fewer.
    with pytest.raises(EditError, match="would not read back"):
        apply_edits(b"a\rb\n", [Edit(2, 3, "")])


def test_a_rewritten_block_keeps_each_lines_own_ending_where_it_was() -> None:
    data = b"# A\n\n- [B](#b)\r- [A](#a)\r\n\n## A\n"
    text = Source.from_bytes(data, "x.md").text
    start, end = text.index("- [B]"), text.index("\n\n## A") + 1
    # Line for line: the first line's lone CR, the second's CRLF (a lone CR written before the
    # blank line's LF would fuse with it, and the edit could not apply at all).
    assert apply_edits(data, [Edit(start, end, "- [A](#a)\n- [B](#b)\n")]) == b"# A\n\n- [A](#a)\r- [B](#b)\r\n\n## A\n"
    # More lines than the edit spans: the extra ones take the last spanned line's ending.
    assert apply_edits(b"a\r\nb\n", [Edit(0, 1, "x\ny\nz")]) == b"x\r\ny\r\nz\r\nb\n"


def test_not_utf8_raises_source_error() -> None:
    with pytest.raises(SourceError):
        apply_edits(b"caf\xe9\n", [Edit(0, 1, "C")])


def test_long_file_is_linear() -> None:
    # 20 000 non-ASCII lines, an edit on each: quadratic mapping would take minutes.
    line = "- [Ünïcödé](https://example.com/ü) — ☃ description\r\n"
    count = 20_000
    data = (line * count).encode()
    width = len(line) - 1
    edits = [Edit(i * width + 3, i * width + 10, "Unicode") for i in range(count)]
    started = time.perf_counter()
    result = apply_edits(data, edits)
    assert time.perf_counter() - started < 2
    assert result == line.replace("Ünïcödé", "Unicode").encode() * count


# --------------------------------------------------------------------------- apply_edits: property

LINE_CHARS = st.sampled_from([*"ab #-.[]()", "\t", "é", "日", "🎉", "\u00a0", "ß", "\ufeff"])
ENDINGS = ["\n", "\r\n", "\r"]


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(st.tuples(st.text(LINE_CHARS, max_size=10), st.sampled_from(ENDINGS)), max_size=8))
    last = draw(st.text(LINE_CHARS, max_size=10))  # empty: the file ends with a newline (or is empty)
    bom = "\ufeff" if draw(st.booleans()) else ""
    return (bom + "".join(content + ending for content, ending in lines) + last).encode()


@st.composite
def documents_and_edits(draw: st.DrawFn) -> tuple[bytes, list[Edit]]:
    data = draw(documents())
    size = len(text_of(data))
    points = sorted(draw(st.lists(st.integers(0, size), max_size=8)))
    replacements = st.text(st.sampled_from([*"xy", "\n", "ü", "\t"]), max_size=4)
    edits: list[Edit] = []
    for start, end in zip(points[::2], points[1::2], strict=False):
        edit = Edit(start, end, draw(replacements))
        if not any(edits_conflict(edit, other) for other in edits):
            edits.append(edit)
    return data, draw(st.permutations(edits))


def oracle(data: bytes, edits: list[Edit]) -> tuple[list[bytes], list[bytes], str]:
    """The original bytes around each edit, each replacement's bytes, and the edited text, the slow way."""
    original = data.decode()
    index = 1 if original.startswith("\ufeff") else 0
    char_of: list[int] = []  # text offset -> index in `original`
    endings: dict[int, str] = {}  # text offset of each "\n" -> the original ending
    while index < len(original):
        char_of.append(index)
        if original.startswith("\r\n", index):
            endings[len(char_of) - 1] = "\r\n"
            index += 2
        else:
            if original[index] in "\r\n":
                endings[len(char_of) - 1] = original[index]
            index += 1
    char_of.append(len(original))
    counts = Counter(endings[offset] for offset in sorted(endings))
    dominant = counts.most_common(1)[0][0] if counts else "\n"  # ties: first seen

    def byte_of(offset: int) -> int:
        return len(original[: char_of[offset]].encode())

    text = text_of(data)
    around: list[bytes] = []
    rendered: list[bytes] = []
    edited: list[str] = []
    position, text_position = 0, 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        around.append(data[position : byte_of(edit.start)])
        # The k-th "\n" of a replacement is the k-th spanned line's ending (the last one's for more).
        following = sorted(offset for offset in endings if offset >= edit.start)
        stop = next((offset for offset in following if offset >= edit.end), None)
        spanned = [endings[offset] for offset in following if stop is None or offset <= stop]
        if stop is None:
            spanned.append(dominant)  # the last line, which has no ending of its own
        parts = edit.replacement.split("\n")
        written = parts[0] + "".join(spanned[min(i, len(spanned) - 1)] + part for i, part in enumerate(parts[1:]))
        rendered.append(written.encode())
        edited.append(text[text_position : edit.start] + edit.replacement)
        position, text_position = byte_of(edit.end), edit.end
    around.append(data[position:])
    edited.append(text[text_position:])
    return around, rendered, "".join(edited)


@settings(max_examples=500, deadline=None)
@given(documents_and_edits())
def test_bytes_outside_edits_are_unchanged(case: tuple[bytes, list[Edit]]) -> None:
    data, edits = case
    assert apply_edits(data, []) == data
    around, rendered, edited = oracle(data, edits)
    naive = around[0] + b"".join(r + a for r, a in zip(rendered, around[1:], strict=True))
    if text_of(naive) != edited:
        # A lone CR fused with an LF, or a U+FEFF uncovered at the start: refused rather than misapplied.
        assert (b"\r" in data and b"\n" in data) or "\ufeff".encode() in data
        with pytest.raises(EditError):
            apply_edits(data, edits)
        return
    result = apply_edits(data, edits)
    # Split the result around the replacements: what is left is the original, piece by piece.
    position = 0
    for piece, replacement in zip(around, [*rendered, b""], strict=True):
        assert result[position : position + len(piece)] == piece
        position += len(piece)
        assert result[position : position + len(replacement)] == replacement
        position += len(replacement)
    assert position == len(result)
    assert text_of(result) == edited
    assert result.startswith(BOM) == data.startswith(BOM)


@given(documents())
def test_no_edits_property(data: bytes) -> None:
    assert apply_edits(data, []) == data
    size = len(text_of(data))
    assert apply_edits(data, [Edit(size, size, "")]) == data
    assert apply_edits(data, [Edit(0, 0, "")]) == data


# --------------------------------------------------------------------------- select_fixes


def fix(*spans: tuple[int, int], unsafe: bool = False, text: str = "x") -> Fix:
    return Fix(
        tuple(Edit(start, end, text) for start, end in spans),
        Applicability.UNSAFE if unsafe else Applicability.SAFE,
    )


def test_select_fixes_is_deterministic() -> None:
    pairs = [
        ("AL101", fix((10, 12))),
        ("AL102", fix((0, 3))),
        ("AL201", fix((2, 5))),  # overlaps AL102's
        ("AL301", fix((5, 5))),
        ("AL302", fix((20, 22), (30, 31))),
        ("AL303", fix((21, 21))),  # strictly inside AL302's first edit
    ]
    expected = [("AL102", pairs[1][1]), ("AL301", pairs[3][1]), ("AL101", pairs[0][1]), ("AL302", pairs[4][1])]
    rng = random.Random(7)
    for _ in range(50):
        shuffled = pairs[:]
        rng.shuffle(shuffled)
        assert select_fixes_with_codes(shuffled, unsafe=False) == expected
        assert select_fixes(shuffled, unsafe=False) == [f for _, f in expected]


def test_unsafe_fixes_skipped_unless_asked() -> None:
    safe, unsafe = fix((0, 1)), fix((5, 6), unsafe=True)
    assert select_fixes([("AL101", safe), ("AL102", unsafe)], unsafe=False) == [safe]
    assert select_fixes([("AL101", safe), ("AL102", unsafe)], unsafe=True) == [safe, unsafe]
    # A skipped unsafe fix does not block a safe one it overlaps.
    later = fix((5, 7))
    assert select_fixes([("AL102", unsafe), ("AL103", later)], unsafe=False) == [later]


def test_overlapping_fix_skipped() -> None:
    first, second = fix((0, 5)), fix((3, 8))
    assert select_fixes([("AL201", second), ("AL101", first)], unsafe=False) == [first]
    # Any edit of a fix counts: the second edit of `several` overlaps `first`.
    several = fix((6, 7), (9, 10))
    blocker = fix((9, 12))
    assert select_fixes([("AL101", several), ("AL102", blocker)], unsafe=False) == [several]


def test_ties_by_code() -> None:
    # Both insert at offset 0: the order of the inserted texts would be arbitrary, so only one applies.
    a, b = fix((0, 0), text="a"), fix((0, 0), text="b")
    assert select_fixes([("AL201", a), ("AL101", b)], unsafe=False) == [b]
    assert select_fixes([("AL101", b), ("AL201", a)], unsafe=False) == [b]
    # Same position and code: the order given.
    assert select_fixes([("AL101", a), ("AL101", b)], unsafe=False) == [a]


def test_touching_fixes_both_apply() -> None:
    left, right, insertion = fix((0, 2)), fix((2, 4)), fix((2, 2))
    assert select_fixes([("AL1", left), ("AL2", right), ("AL3", insertion)], unsafe=False) == [
        left,
        insertion,
        right,
    ]


def test_fixes_without_edits_or_with_conflicting_edits_skipped() -> None:
    empty = Fix(())
    broken = fix((0, 3), (2, 4))
    fine = fix((5, 6))
    assert select_fixes([("AL1", empty), ("AL2", broken), ("AL3", fine)], unsafe=False) == [fine]


@st.composite
def fix_lists(draw: st.DrawFn) -> list[tuple[str, Fix]]:
    spans = st.tuples(st.integers(0, 30), st.integers(0, 4)).map(lambda s: (s[0], s[0] + s[1]))
    return [
        (draw(st.sampled_from(["AL1", "AL2", "AL3"])), fix(*draw(st.lists(spans, min_size=1, max_size=3))))
        for _ in range(draw(st.integers(0, 12)))
    ]


@given(fix_lists())
def test_select_fixes_against_brute_force(pairs: list[tuple[str, Fix]]) -> None:
    accepted = select_fixes_with_codes(pairs, unsafe=False)
    # The slow definition: in order, keep each fix that conflicts neither with itself nor with what was kept.
    order = sorted(pairs, key=lambda p: (min((e.start, e.end) for e in p[1].edits), p[0]))
    kept: list[tuple[str, Fix]] = []
    for code, candidate in order:
        edits = candidate.edits
        own = any(edits_conflict(edits[i], edits[j]) for i in range(len(edits)) for j in range(i))
        other = any(edits_conflict(e, k) for _, f in kept for k in f.edits for e in edits)
        if not own and not other:
            kept.append((code, candidate))
    assert accepted == kept


# --------------------------------------------------------------------------- fix_until_stable

NUMBER = re.compile(r"^(\d+)\.", re.MULTILINE)


def renumber(data: bytes) -> list[tuple[str, Fix]]:
    """A toy list-numbering rule: items count up from 1."""
    text = text_of(data)
    fixes = []
    for expected, match in enumerate(NUMBER.finditer(text), start=1):
        if int(match.group(1)) != expected:
            fixes.append(("AL101", Fix((Edit(match.start(1), match.end(1), str(expected)),))))
    return fixes


def replace_word(old: str, new: str, code: str) -> Callable[[bytes], list[tuple[str, Fix]]]:
    def lint(data: bytes) -> list[tuple[str, Fix]]:
        text = text_of(data)
        return [(code, Fix((Edit(m.start(), m.end(), new),))) for m in re.finditer(re.escape(old), text)]

    return lint


def test_fix_until_stable_renumbers_and_keeps_bytes() -> None:
    data = BOM + b"# List\r\n\r\n1. a\r\n1. b\r\n7. c\r\n\t12. not an item\r\n4. d"
    fixed, codes, rounds = fix_until_stable(data, "list.md", renumber, unsafe=False)
    assert fixed == BOM + b"# List\r\n\r\n1. a\r\n2. b\r\n3. c\r\n\t12. not an item\r\n4. d"
    assert codes == ["AL101", "AL101"]
    assert rounds == 1


def test_fix_until_stable_replaces_words() -> None:
    lint = replace_word("colour", "color", "AL301")
    fixed, codes, rounds = fix_until_stable(b"colour, colour\rcolours\r", "x.md", lint, unsafe=False)
    assert (fixed, codes, rounds) == (b"color, color\rcolors\r", ["AL301"] * 3, 1)


def test_fix_until_stable_nothing_to_fix() -> None:
    data = b"1. a\n2. b\n"
    assert fix_until_stable(data, "x.md", renumber, unsafe=False) == (data, [], 0)
    # Fixes that change nothing end the loop too.
    same = replace_word("a", "a", "AL1")
    assert fix_until_stable(data, "x.md", same, unsafe=False) == (data, [], 0)
    assert fix_until_stable(b"1. a\n1. b\n", "x.md", renumber, unsafe=False, max_rounds=0) == (
        b"1. a\n1. b\n",
        [],
        0,
    )


def test_fix_until_stable_oscillation_is_bounded() -> None:
    calls = 0

    def flip(data: bytes) -> list[tuple[str, Fix]]:
        nonlocal calls
        calls += 1
        text = text_of(data)
        start = text.index("yes") if "yes" in text else text.index("no")
        word = text[start : start + 3].rstrip("\n")
        return [("AL9", Fix((Edit(start, start + len(word), "no" if word == "yes" else "yes"),)))]

    fixed, codes, rounds = fix_until_stable(b"yes\r\n", "x.md", flip, unsafe=False, max_rounds=5)
    assert (fixed, codes, rounds) == (b"no\r\n", ["AL9"] * 5, 5)
    assert calls == 5


def test_fix_until_stable_overlapping_fixes_take_two_rounds() -> None:
    def lint(data: bytes) -> list[tuple[str, Fix]]:
        return replace_word("foo bar", "FOO bar", "AL1")(data) + replace_word("bar", "BAR", "AL2")(data)

    fixed, codes, rounds = fix_until_stable(b"foo bar\n", "x.md", lint, unsafe=False)
    assert (fixed, codes, rounds) == (b"FOO BAR\n", ["AL1", "AL2"], 2)


def test_fix_until_stable_unsafe() -> None:
    def lint(data: bytes) -> list[tuple[str, Fix]]:
        text = text_of(data)
        found = text.find("http://")
        if found < 0:
            return []
        return [("AL301", Fix((Edit(found, found + 4, "https"),), Applicability.UNSAFE))]

    data = b"<http://a> <http://b>\n"
    assert fix_until_stable(data, "x.md", lint, unsafe=False) == (data, [], 0)
    assert fix_until_stable(data, "x.md", lint, unsafe=True) == (b"<https://a> <https://b>\n", ["AL301"] * 2, 2)


def test_fix_until_stable_skips_a_fix_that_cannot_apply() -> None:
    # In a file mixing lone CR and LF endings, deleting "b" would fuse "\r" and "\n": that fix is left out.
    def lint(data: bytes) -> list[tuple[str, Fix]]:
        text = text_of(data)
        fixes = [("AL1", Fix((Edit(2, 3, ""),)))] if text[2] == "b" else []
        if "c" in text:
            fixes.append(("AL2", Fix((Edit(text.index("c"), text.index("c") + 1, "C"),))))
        return fixes

    assert fix_until_stable(b"a\rb\nc\n", "x.md", lint, unsafe=False) == (b"a\rb\nC\n", ["AL2"], 1)


# --------------------------------------------------------------------------- write_atomic


def temporaries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def read_and_stamp(path: Path) -> tuple[bytes, FileStamp]:
    data = path.read_bytes()
    return data, FileStamp.of(path, data)


@pytest.mark.parametrize("mode", [0o640, 0o755, 0o600, 0o644])
def test_write_atomic_keeps_permissions_and_content(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(b"old\r\n")
    path.chmod(mode)
    _data, stamp = read_and_stamp(path)
    new = BOM + b"new \xc3\xa9\r\n\tcontent"
    write_atomic(path, new, stamp)
    assert path.read_bytes() == new
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o044])
def test_write_atomic_refuses_a_read_only_file_though_its_folder_is_writable(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(b"old\n")
    path.chmod(mode)
    _data, stamp = read_and_stamp(path)
    with pytest.raises(PermissionError, match="the file is read-only"):
        write_atomic(path, b"new\n", stamp)
    path.chmod(0o600)
    assert path.read_bytes() == b"old\n"
    assert temporaries(tmp_path) == []


def test_write_atomic_follows_symlinks(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "list.md"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    link = tmp_path / "README.md"
    link.symlink_to(Path("real") / "list.md")
    _data, stamp = read_and_stamp(link)
    write_atomic(link, b"new\n", stamp)
    assert link.is_symlink()
    assert os.readlink(link) == str(Path("real") / "list.md")
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert temporaries(tmp_path) == temporaries(tmp_path / "real") == []


def test_write_atomic_refuses_a_changed_file(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(b"old content\n")
    _data, stamp = read_and_stamp(path)
    # Same size, same modification time: only the hash can tell.
    path.write_bytes(b"new content\n")
    os.utime(path, ns=(stamp.mtime_ns, stamp.mtime_ns))
    with pytest.raises(FileChangedError, match="changed on disk while it was being fixed; nothing was written"):
        write_atomic(path, b"fixed content\n", stamp)
    assert path.read_bytes() == b"new content\n"
    assert temporaries(tmp_path) == []


def test_write_atomic_refuses_a_touched_or_removed_file(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(b"content\n")
    _data, stamp = read_and_stamp(path)
    os.utime(path, ns=(stamp.mtime_ns + 10**9, stamp.mtime_ns + 10**9))
    with pytest.raises(FileChangedError, match="run again"):
        write_atomic(path, b"fixed\n", stamp)
    assert path.read_bytes() == b"content\n"
    path.unlink()
    with pytest.raises(FileChangedError):
        write_atomic(path, b"fixed\n", stamp)
    assert not path.exists()
    assert temporaries(tmp_path) == []


def test_write_atomic_stamp_taken_after_a_change_still_refuses(tmp_path: Path) -> None:
    # The file changed between the read and the stamp: the stamp's hash is of the old bytes.
    path = tmp_path / "README.md"
    path.write_bytes(b"content\n")
    data = path.read_bytes()
    path.write_bytes(b"CONTENT\n")
    stamp = FileStamp.of(path, data)
    with pytest.raises(FileChangedError):
        write_atomic(path, b"fixed\n", stamp)
    assert path.read_bytes() == b"CONTENT\n"


@pytest.mark.parametrize("change", ["edit", "remove"])
def test_write_atomic_refuses_a_change_during_the_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(b"old\n")
    _data, stamp = read_and_stamp(path)
    real_fsync = os.fsync

    def fsync_while_an_editor_saves(fd: int) -> None:
        if change == "edit":
            path.write_bytes(b"saved by an editor meanwhile\n")
        else:
            path.unlink(missing_ok=True)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_while_an_editor_saves)
    with pytest.raises(FileChangedError):
        write_atomic(path, b"new\n", stamp)
    monkeypatch.undo()
    assert path.exists() == (change == "edit")
    if change == "edit":
        assert path.read_bytes() == b"saved by an editor meanwhile\n"
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize("failing", ["replace", "fsync", "write", "chmod"])
def test_write_atomic_failure_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(b"old\n")
    _data, stamp = read_and_stamp(path)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(path, b"new\n", stamp)
    monkeypatch.undo()
    assert path.read_bytes() == b"old\n"
    assert temporaries(tmp_path) == []


def test_write_atomic_unchanged_data_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(b"same\n")
    data, stamp = read_and_stamp(path)
    inode = path.stat().st_ino
    write_atomic(path, data, stamp)
    assert path.stat().st_ino == inode
    assert path.stat().st_mtime_ns == stamp.mtime_ns


def test_write_atomic_replaces_the_inode(tmp_path: Path) -> None:
    # A reader holding the old file keeps reading the old content: the new one is a new file.
    path = tmp_path / "README.md"
    path.write_bytes(b"old\n")
    _data, stamp = read_and_stamp(path)
    with open(path, "rb") as reader:
        write_atomic(path, b"new\n", stamp)
        assert reader.read() == b"old\n"
    assert path.read_bytes() == b"new\n"


# --------------------------------------------------------------------------- the kill test

WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from awesome_lint.fixes.write import FileStamp, write_atomic

    OLD = b"old line, plain LF\\n" * 1_000_000
    NEW = b"new line \\xc3\\xa9, CRLF\\r\\n" * 800_000
    path = Path(sys.argv[1])
    data = path.read_bytes()
    stamp = FileStamp.of(path, data)
    new = NEW if data == OLD else OLD
    real_write = os.write

    def slow_write(fd, chunk):
        # Write 1 MB at a time, with a pause: a kill lands in the middle of the data more often.
        time.sleep(0.002)
        return real_write(fd, chunk[: 1 << 20])

    os.write = slow_write
    print("ready", flush=True)
    started = time.perf_counter()
    write_atomic(path, new, stamp)
    print(time.perf_counter() - started, flush=True)
    """
)
OLD = b"old line, plain LF\n" * 1_000_000
NEW = b"new line \xc3\xa9, CRLF\r\n" * 800_000


def start_writer(path: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True, cwd=path.parent
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    return child


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_kill_during_write_leaves_old_or_new_content(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(OLD)
    # One undisturbed run measures how long a write takes.
    child = start_writer(path)
    out, _ = child.communicate(timeout=60)
    assert child.returncode == 0
    duration = float(out)
    assert path.read_bytes() == NEW
    rng = random.Random(20240501)
    outcomes: Counter[str] = Counter()
    rounds = 30
    for round_ in range(rounds):
        before = path.read_bytes()
        child = start_writer(path)
        # Spread the kills from before the temporary file exists to after the replacement.
        time.sleep((round_ + rng.random()) / rounds * 1.5 * duration)
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        after = path.read_bytes()
        assert after in (OLD, NEW), "the file was damaged by a kill"
        outcomes["killed" if child.returncode == -signal.SIGKILL else "finished"] += 1
        outcomes["kept" if after == before else "replaced"] += 1
        # Leftovers come only from killed writers, are named after the file, and are never the target.
        leftovers = temporaries(tmp_path)
        assert len(leftovers) <= 1
        assert all(re.fullmatch(r"\.README\.md\..+\.tmp", name) for name in leftovers)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["README.md", *leftovers])
        outcomes["left a temporary file"] += len(leftovers)
        for name in leftovers:  # 20 MB each: do not let them slow the next rounds down
            (tmp_path / name).unlink()
    # Kills landed before and after the replacement, and some in the middle of writing.
    assert outcomes["killed"] >= 10, outcomes
    assert outcomes["kept"] >= 1, outcomes
    assert outcomes["replaced"] >= 1, outcomes
    assert outcomes["left a temporary file"] >= 1, outcomes
