"""Properties of ``--fix`` on whole awesome lists, and the command line's fixing path end to end.

* A hypothesis property generates awesome-list documents (headings, some empty; ordered
  lists numbered anywhere from 1 to 120 with ``.`` or ``)``, whose items hold links,
  descriptions, mojibake and http:// links, nested lists, second paragraphs, fenced code;
  bullet lists; block quotes; paragraphs; YAML front matter; a BOM; LF, CRLF, CR or mixed
  line endings; sometimes no final newline) and fixes each in process as ``_fix_target``
  does. Safe fixes keep the BOM, every line and its ending; change only list numbers,
  mojibake and the indentation of item continuation lines; leave nothing to repair and
  nothing to renumber but what only an unsafe fix can; are idempotent; keep every list,
  item and nesting level. Unsafe fixes also upgrade every http:// link and delete every
  empty heading, and change nothing else.
* A kill test SIGKILLs ``python -m awesome_lint --fix`` at random moments on a 1.5 MB
  list: the file is always exactly the original or exactly the fully fixed list.
* Exact-bytes command line tests: BOM and CRLF kept, ``9.`` → ``10.`` keeps a nested list
  inside its item, ``--diff``, standard input, ``--unsafe-fixes``, suppression comments.
* Regression tests at the end pin down the bugs these tests found.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import command, command_env
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from awesome_lint.document import parse_document
from awesome_lint.engine import Linter
from awesome_lint.findings import Applicability, FileResult, Fix
from awesome_lint.fixes.edits import EditError, apply_edits
from awesome_lint.fixes.select import fix_until_stable
from awesome_lint.source import Source

BOM = b"\xef\xbb\xbf"
LINE_ENDING = re.compile(rb"\r\n|\r|\n")

# Mojibake tokens (UTF-8 read as Windows-1252) and their repairs.
MOJIBAKE = {good.encode("utf-8").decode("cp1252"): good for good in "’“—éüöñ"}
assert MOJIBAKE["â€™"] == "’" and MOJIBAKE["Ã©"] == "é" and MOJIBAKE["â€”"] == "—" and MOJIBAKE["Ã¼"] == "ü"

LINTER = Linter()


def fixes_of(data: bytes) -> list[tuple[str, Fix]]:
    """What ``_fix_target`` gives ``fix_until_stable``: every finding's fix, with its rule code."""
    return [(f.code, f.fix) for f in LINTER.lint_bytes(data, "x.md").findings if f.fix]


def fix(data: bytes, unsafe: bool) -> tuple[bytes, int]:
    fixed, _, rounds = fix_until_stable(data, "x.md", fixes_of, unsafe=unsafe)
    return fixed, rounds


def lint(data: bytes) -> FileResult:
    result = LINTER.lint_bytes(data, "x.md")
    assert result.error is None
    assert not result.internal_error, result.findings
    return result


def codes(result: FileResult) -> set[str]:
    return {finding.code for finding in result.findings}


def split_lines(data: bytes) -> tuple[bool, list[tuple[str, bytes]]]:
    """The BOM, and each line's text and ending as the fixer sees them.

    The last line has no ending: it is ``("", b"")`` when the file ends with a line ending.
    """
    has_bom = data.startswith(BOM)
    body = data[len(BOM) :] if has_bom else data
    lines: list[tuple[str, bytes]] = []
    pos = 0
    for match in LINE_ENDING.finditer(body):
        lines.append((body[pos : match.start()].decode("utf-8"), match.group()))
        pos = match.end()
    lines.append((body[pos:].decode("utf-8"), b""))
    return has_bom, lines


_PREFIX = re.compile(r"[> \t]*")
_MARKER_NUMBER = re.compile(r"\d+(?=[.)])")


def unmojibake(line: str) -> str:
    for bad, good in MOJIBAKE.items():
        line = line.replace(bad, good)
    return line


def normalise(line: str, https: bool = False) -> str:
    """``line`` without what the fixes may change.

    Mojibake tokens repaired, the blanks of the leading container prefix (block quote
    markers and indentation) dropped, a list marker's number replaced by ``#``; with
    ``https``, every ``http://`` made ``https://``.
    """
    line = unmojibake(line)
    if https:
        line = line.replace("http://", "https://")
    prefix = _PREFIX.match(line).group()  # type: ignore[union-attr]
    return prefix.replace(" ", "").replace("\t", "") + _MARKER_NUMBER.sub("#", line[len(prefix) :], count=1)


def indentation(line: str) -> str:
    return _PREFIX.match(line).group()  # type: ignore[union-attr]


def structure(data: bytes) -> list[tuple[bool, str, int, list[list[str]]]]:
    """Each list in source order: ordered, delimiter, depth, and the kinds of each item's blocks."""
    document = parse_document(Source.from_bytes(data, "x.md"))
    return [
        (
            block.ordered,
            block.delimiter,
            block.depth,
            [[type(child).__name__ for child in item.blocks] for item in block.items],
        )
        for block in document.lists
    ]


class Layout:
    """Which 0-based lines of a document are what, from its parse."""

    def __init__(self, data: bytes) -> None:
        source = Source.from_bytes(data, "x.md")
        document = parse_document(source)
        self.front_matter = source.front_matter_lines
        self.markers: set[int] = set()  # lines holding an ordered item's marker
        self.continuations: set[int] = set()  # lines after the marker line of an ordered item, inside it
        for block in document.lists:
            if not block.ordered:
                continue
            for item in block.items:
                first = source.position(item.marker_span.start).line - 1
                end = item.end_line_offset
                last = source.position(end).line - 1 if end < len(source.text) else source.line_count
                self.markers.add(first)
                self.continuations.update(range(first + 1, last))
        self.code: set[int] = set()
        for code in document.code:
            start = source.position(code.span.start).line - 1
            stop = source.position(max(code.span.end - 1, code.span.start)).line
            self.code.update(range(start, stop))
        self.empty_headings = {
            source.position(heading.span.start).line - 1
            for heading in document.headings
            if heading.atx and not heading.text.strip()
        }
        self.http_links = [link.url for link in document.links if link.url.startswith("http://")]


# --------------------------------------------------------------------------- generated documents

# Genuine non-ASCII text, which no repair may touch.
WORDS = ["fast", "tool", "library", "for", "the", "web", "data", "parser", "and", "naïve", "Dvořák", "café", "x"]
word = st.sampled_from(WORDS)
mojibake_word = st.builds(
    lambda before, token, after: before + token + after,
    st.sampled_from(["", "Caf", "LinkedIn", "a"]),
    st.sampled_from(sorted(MOJIBAKE)),
    st.sampled_from(["", "s", "ber", "n"]),
)
prose = st.lists(st.one_of(word, word, mojibake_word), min_size=1, max_size=6).map(" ".join)
url = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}/{path}",
    st.sampled_from(["http", "https", "https"]),
    st.sampled_from(["example.com", "github.com", "foo.org"]),
    st.integers(0, 10**6).map(str),
)
extra_link = st.one_of(
    st.just(""),
    st.just(""),
    url.map(lambda u: f" see <{u}>"),  # autolink
    url.map(lambda u: f" at {u} today"),  # bare URL
    st.builds(lambda text, u: f" and [{text}]({u})", word, url),
)
item_content = st.one_of(
    st.builds(lambda name, u, desc, more: f"[{name}]({u}) - {desc}{more}", prose, url, prose, extra_link),
    st.builds(lambda name, u: f"[{name}]({u})", prose, url),
    st.builds(lambda text, more: text + more, prose, extra_link),
)
# Starts around the places where numbers get wider or narrower.
START = st.one_of(st.sampled_from([1, 8, 9, 10, 11, 95, 98, 99, 100, 101, 120]), st.integers(1, 120))


@st.composite
def numbers(draw: st.DrawFn) -> list[int]:
    count = draw(st.integers(1, 7))
    mode = draw(st.sampled_from(["random", "ordered", "ordered", "one"]))
    if mode == "random":
        return draw(st.lists(st.integers(1, 120), min_size=count, max_size=count))
    start = draw(START)
    result = [start + index if mode == "ordered" else start for index in range(count)]
    for _ in range(draw(st.integers(0, 2))):
        result[draw(st.integers(0, count - 1))] = draw(st.integers(1, 120))
    return result


@st.composite
def ordered_list(draw: st.DrawFn, indent: int, depth: int, tabs: bool) -> list[str]:
    delimiter = draw(st.sampled_from(".)"))
    loose = draw(st.integers(0, 3)) == 0
    lines: list[str] = []
    for index, number in enumerate(draw(numbers())):
        digits = str(number)
        if draw(st.integers(0, 15)) == 0:  # zero padding, which renumbering keeps
            digits = digits.zfill(draw(st.integers(2, 3)))
        if index and loose:
            lines.append("")
        lines += draw(item(indent, digits + delimiter, depth, tabs))
    return lines


@st.composite
def bullet_list(draw: st.DrawFn, indent: int, depth: int, tabs: bool) -> list[str]:
    bullet = draw(st.sampled_from("-*"))
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        lines += draw(item(indent, bullet, depth, tabs))
    return lines


@st.composite
def item(draw: st.DrawFn, indent: int, marker: str, depth: int, tabs: bool) -> list[str]:
    """One list item and what it holds, indented to its content column.

    With ``tabs``, a top-level item may have a tab after its marker (content at the next
    tab stop). Not a nested one: there the parser (mistune) counts tab stops from the
    parent's content column, CommonMark from the start of the line.
    """
    content = draw(st.one_of(item_content, item_content, item_content, st.just("")))
    gap = draw(st.sampled_from([" ", " ", " ", "  ", "   ", "\t" if tabs and indent == 0 else " "]))
    if content:
        lines = [" " * indent + marker + gap + content]
        # The content column, visual: a tab goes to the next multiple of 4.
        column = len((" " * indent + marker + gap).expandtabs(4))
    else:  # an item that starts with a blank line: its content column is one past the marker
        lines = [" " * indent + marker]
        column = indent + len(marker) + 1
    kinds = ["none", "none", "continuation"]
    if depth < 2:
        kinds += ["bullets", "ordered", "ordered"]
    if content:  # an item cannot start with two blank lines, nor be lazily continued when empty
        kinds += ["paragraph", "paragraph", "code", "lazy"]
    kind = draw(st.sampled_from(kinds))
    pad = " " * column
    if kind in ("bullets", "ordered"):
        if content and draw(st.booleans()):
            # After a blank line a nested ordered list may start at any number (right
            # after a paragraph line, only a list starting at 1 interrupts it).
            lines.append("")
        nested = bullet_list if kind == "bullets" else ordered_list
        lines += draw(nested(column, depth + 1, tabs))
    elif kind == "continuation":
        lines.append(pad + draw(prose))
    elif kind == "paragraph":
        lines += ["", pad + draw(prose)]
        if draw(st.booleans()):
            lines.append(pad + draw(prose) + draw(extra_link))
    elif kind == "code":
        lines += [pad + "```", pad + "9. not a list, http://example.com/code Ã©", pad + "  indented", pad + "```"]
    elif kind == "lazy":
        # Paragraph continuation text indented less than the content column. When the
        # marker gets narrower it may end up at or past the new column, where it would
        # become content: such a renumbering is unsafe. `- x` there is lazy text only
        # where it would otherwise be indented code, 4 columns or more in (else it starts a list).
        lazy_indent = draw(st.integers(0, column - 1))
        body = (
            draw(st.sampled_from(["- x", "1. x"]))
            if depth == 0 and lazy_indent >= 4 and draw(st.booleans())
            else draw(prose)
        )
        lines.append(" " * lazy_indent + body)
    return lines


@st.composite
def heading(draw: st.DrawFn) -> list[str]:
    hashes = "#" * draw(st.integers(1, 3))
    if draw(st.integers(0, 2)) == 0:
        return [draw(st.sampled_from([hashes, f"{hashes} {hashes}", f"{hashes}   {hashes}"]))]
    return [f"{hashes} {draw(prose)}"]


@st.composite
def tabbed(draw: st.DrawFn, lines: list[str], tabs: bool) -> list[str]:
    """``lines``, some of them indented with a tab for their first four spaces (the same columns)."""
    if not tabs or draw(st.integers(0, 3)):
        return lines
    return ["\t" + line[4:] if line.startswith("    ") and draw(st.booleans()) else line for line in lines]


@st.composite
def block(draw: st.DrawFn, tabs: bool) -> list[str]:
    kind = draw(st.sampled_from(["heading", "paragraph", "ordered", "ordered", "ordered", "bullets", "quote"]))
    if kind == "heading":
        return draw(heading())
    if kind == "paragraph":
        return [draw(prose) + draw(extra_link) for _ in range(draw(st.integers(1, 2)))]
    if kind == "ordered":
        return draw(tabbed(draw(ordered_list(0, 0, tabs)), tabs))
    if kind == "bullets":
        return draw(tabbed(draw(bullet_list(0, 0, tabs)), tabs))
    # No tabs in block quotes: the parser (mistune) counts tab stops from the start of the
    # quote's content, CommonMark from the start of the line, so they disagree on where
    # `> 3.<TAB>c` has its content; and a tab right after `> ` does not reach column 4.
    return [f"> {line}" if line else ">" for line in draw(ordered_list(0, 1, False))]


# Front matter is not Markdown: nothing in it may change, though it looks fixable.
FRONT_MATTER = ["---", "title: CafÃ© list", "items: 9. http://example.com/front", "---"]


@st.composite
def document(draw: st.DrawFn, tabs: bool = True) -> bytes:
    """An awesome list; with ``tabs``, some lines indented with tabs."""
    lines: list[str] = list(FRONT_MATTER) if draw(st.integers(0, 4)) == 0 else []
    for lines_of_block in draw(st.lists(block(tabs), min_size=1, max_size=6)):
        if lines:
            lines.append("")
        lines += lines_of_block
    style = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    if style == "mixed":
        endings = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(lines), max_size=len(lines)))
    else:
        endings = [style] * len(lines)
    if draw(st.integers(0, 3)) == 0:
        endings[-1] = ""  # no final newline
    # A lone CR ending followed by an empty line ending in LF reads as one CRLF: that is
    # fine, every check below splits the bytes the way the fixer does.
    text = "".join(line + ending for line, ending in zip(lines, endings, strict=True))
    return (BOM if draw(st.booleans()) else b"") + text.encode("utf-8")


# --------------------------------------------------------------------------- the properties


def check_safe_fixes(data: bytes) -> None:
    fixed, rounds = fix(data, unsafe=False)
    assert rounds < 10, "the safe fixes did not converge"
    bom, lines = split_lines(data)
    fixed_bom, fixed_lines = split_lines(fixed)
    layout = Layout(data)

    # (a) The BOM and every line ending stay: safe fixes add and delete no line.
    assert fixed_bom == bom
    assert [ending for _, ending in fixed_lines] == [ending for _, ending in lines]

    # (b) Lines change only by what the fixes may change; front matter not at all.
    for index, ((old, _), (new, _)) in enumerate(zip(lines, fixed_lines, strict=True)):
        where = f"line {index + 1}: {old!r} -> {new!r}"
        if index < layout.front_matter:
            assert new == old, where
            continue
        assert normalise(new) == normalise(old), where
        if indentation(new) != indentation(old):
            assert index in layout.continuations, f"only item continuation lines are re-indented; {where}"
            event("a continuation line was re-indented")
            if _MARKER_NUMBER.match(new.lstrip(" >")) or new.lstrip(" >")[:2] in ("- ", "* "):
                event("a nested list moved with its item")
        old_number = _MARKER_NUMBER.match(old[len(indentation(old)) :])
        new_number = _MARKER_NUMBER.match(new[len(indentation(new)) :])
        if old_number and new_number and old_number.group() != new_number.group():
            assert index in layout.markers, f"only list markers are renumbered; {where}"
            event("renumbered" if len(old_number.group()) == len(new_number.group()) else "a marker changed width")
        if unmojibake(old) != old and unmojibake(new) == new:
            event("mojibake repaired")

    # (c) Nothing left to renumber or repair, but renumberings that would pull a lazy line
    # into the item (unsafe), and no mojibake token left outside code.
    for finding in lint(fixed).findings:
        assert finding.code != "AL301", finding
        if finding.code == "AL101":
            assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE, finding
            event("a renumbering was left: it is unsafe")
    for index, (line, _) in enumerate(fixed_lines):
        if index >= layout.front_matter and index not in layout.code:
            assert unmojibake(line) == line, f"mojibake left on line {index + 1}: {line!r}"

    # (d) Idempotent.
    again, applied, _ = fix_until_stable(fixed, "x.md", fixes_of, unsafe=False)
    assert again == fixed
    assert applied == []

    # (e) The same lists, items, nesting and blocks in each item.
    assert structure(fixed) == structure(data)


def check_unsafe_fixes(data: bytes) -> None:
    fixed, rounds = fix(data, unsafe=True)
    bom, lines = split_lines(data)
    fixed_bom, fixed_lines = split_lines(fixed)
    layout = Layout(data)
    assert fixed_bom == bom
    result = lint(fixed)
    # (f) Converged: no http:// link and no empty heading left, nothing to renumber or repair;
    # except an empty heading between a lone CR ending and its own LF ending: deleting its
    # line would fuse the two into one CRLF, apply_edits refuses, the other fixes still apply.
    assert rounds < 10, "the unsafe fixes did not converge"
    for finding in result.findings:
        if finding.fix is not None:
            assert finding.code == "AL102", finding
            with pytest.raises(EditError):
                apply_edits(fixed, finding.fix.edits)
            event("an empty heading cannot be deleted (lone CR before an LF)")
    assert not codes(result) & {"AL101", "AL202", "AL301"}, result.findings
    assert Layout(fixed).http_links == []
    again, applied, _ = fix_until_stable(fixed, "x.md", fixes_of, unsafe=True)
    assert again == fixed
    assert applied == []
    if layout.http_links:
        event("http:// links upgraded")
    if layout.empty_headings:
        event("empty headings deleted")

    # The result is the original lines, less some empty headings, each line changed only
    # by what the fixes may change (https:// for http:// too).
    # Deleting a last empty heading without a final newline takes the blank lines before it
    # too, so that the file still ends without a line ending (and so on, heading after heading).
    removable = set(layout.empty_headings)
    last = len(lines) - 1
    if last in removable and lines[last][1] == b"":
        before = last - 1
        while before >= layout.front_matter and (not lines[before][0].strip(" \t") or before in removable):
            removable.add(before)
            before -= 1
    kept: list[int] = []
    position = 0
    for index, (old, _) in enumerate(lines):
        if position < len(fixed_lines):
            new = fixed_lines[position][0]
            if new == old if index < layout.front_matter else normalise(new, True) == normalise(old, True):
                kept.append(index)
                position += 1
                continue
        assert index in removable, f"line {index + 1} was changed or deleted: {old!r}"
    if not kept:  # every line was an empty heading
        assert fixed_lines == [("", b"")]
        return
    assert position == len(fixed_lines), "lines were added"
    # Each kept line keeps its ending, except that deleting the last line (an empty heading
    # without a final newline) takes the ending before it: still no final newline.
    expected_endings = [lines[index][1] for index in kept]
    if kept[-1] != len(lines) - 1:
        expected_endings[-1] = b""
    assert [ending for _, ending in fixed_lines] == expected_endings


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(document())
def test_fixes_keep_the_document(data: bytes) -> None:
    check_safe_fixes(data)
    check_unsafe_fixes(data)


# --------------------------------------------------------------------------- the kill test


def big_list(size: int = 1_500_000) -> bytes:
    """A CRLF list of about ``size`` bytes (under the 2 MiB limit) that needs about 2,000 safe fixes.

    Items count up from 1, but every third is numbered ten times too high: the list keeps
    the "ordered" style and each of those is renumbered, narrower, re-indenting its second line.
    """
    description = "What this project does, why it matters and who maintains it, in a sentence or two. " * 2
    parts = ["# Big list\r\n\r\n"]
    total = len(parts[0])
    index = 1
    while total < size:
        number = index * 10 + 1 if index % 3 == 0 else index
        part = f"{number}. [Project {index}](https://example.com/p/{index}) - {description.strip()}\r\n"
        if index % 3 == 0:
            part += " " * len(f"{number}. ") + f"More about project {index}: a second line.\r\n"
        parts.append(part)
        total += len(part)
        index += 1
    return "".join(parts).encode("utf-8")


def start_fix(path: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*command(real_rules=True), "--fix", "--ignore", "AL4", path.name],
        cwd=path.parent,
        env=command_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def temporaries(directory: Path) -> list[Path]:
    return [path for path in directory.iterdir() if path.name.endswith(".tmp")]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_killing_fix_leaves_the_original_or_the_fixed_file(tmp_path: Path) -> None:
    original = big_list()
    assert 1_400_000 < len(original) < 2 * 1024 * 1024
    # One uninterrupted run, on a copy, gives the fully fixed file and the typical run time.
    reference = tmp_path / "reference" / "README.md"
    reference.parent.mkdir()
    reference.write_bytes(original)
    started = time.perf_counter()
    child = start_fix(reference)
    assert child.wait(timeout=120) == 0
    duration = time.perf_counter() - started
    fixed = reference.read_bytes()
    assert fixed != original
    assert fixed.count(b"\r\n") == original.count(b"\r\n") and b"\n" not in fixed.replace(b"\r\n", b"")
    assert len(lint(fixed).findings) == 0
    assert structure(fixed) == structure(original)

    path = tmp_path / "work" / "README.md"
    path.parent.mkdir()
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    timed_rounds, watched_rounds = 8, 4
    outcomes: Counter[str] = Counter()
    for round_ in range(timed_rounds + watched_rounds):
        path.write_bytes(original)
        child = start_fix(path)
        if round_ < timed_rounds:
            # Spread the kills over the whole run, from start-up to past the typical end.
            time.sleep((round_ + rng.random()) / timed_rounds * 1.1 * duration)
        else:
            # Kill as soon as the temporary file appears: in the middle of write_atomic.
            # (Poll only near the end, so as not to take the processor from the child.)
            time.sleep(0.7 * duration)
            deadline = time.perf_counter() + 3 * duration
            while not temporaries(path.parent) and child.poll() is None and time.perf_counter() < deadline:
                pass
        child.send_signal(signal.SIGKILL)  # a no-op if it already finished
        child.wait(timeout=60)
        after = path.read_bytes()
        assert after in (original, fixed), f"a kill left a damaged file (seed {seed}, round {round_})"
        killed = child.returncode == -signal.SIGKILL
        outcomes[f"{'killed' if killed else 'finished'}, {'original' if after == original else 'fixed'}"] += 1
        # A writer killed between creating its temporary file and renaming it leaves
        # `.README.md.*.tmp` behind (nothing can remove it once the process is gone);
        # the target itself is never damaged. Remove it for the next round.
        for leftover in temporaries(path.parent):
            assert re.fullmatch(r"\.README\.md\..+\.tmp", leftover.name), leftover
            outcomes["left a temporary file"] += 1
            leftover.unlink()
        assert [p.name for p in path.parent.iterdir()] == ["README.md"]
    print(f"seed {seed}, run time {duration:.2f} s:", dict(outcomes))
    assert outcomes["killed, original"] >= timed_rounds // 2, outcomes


# --------------------------------------------------------------------------- the command line, byte for byte


def run_cli(cwd: Path, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*command(real_rules=True), *args], cwd=cwd, input=stdin, capture_output=True, env=command_env(), timeout=60
    )


def test_fix_keeps_bom_and_crlf_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_bytes(
        BOM + b"# List\r\n"
        b"\r\n"
        b"1. [A](https://a.example) - Caf\xc3\x83\xc2\xa9 au lait\r\n"
        b"3. [B](https://b.example) - b\r\n"
        b"3. [C](https://c.example) - c"  # no final newline
    )
    done = run_cli(tmp_path, "--fix", "list.md")
    assert done.returncode == 0, done
    assert path.read_bytes() == (
        BOM + b"# List\r\n"
        b"\r\n"
        b"1. [A](https://a.example) - Caf\xc3\xa9 au lait\r\n"
        b"2. [B](https://b.example) - b\r\n"
        b"3. [C](https://c.example) - c"
    )
    assert b"(2 fixed, 0 remaining)" in done.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["list.md"]


def test_fix_keeps_mixed_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_bytes(b"# L\r\n\n1) [A](https://a.example) - a\r5) [B](https://b.example) - b\n\r\n")
    assert run_cli(tmp_path, "--fix", "list.md").returncode == 0
    assert path.read_bytes() == b"# L\r\n\n1) [A](https://a.example) - a\r2) [B](https://b.example) - b\n\r\n"


NINE = (
    b"# L\n"
    b"\n"
    b"8. [A](https://a.example) - a\n"
    b"9. [B](https://b.example) - b\n"
    b"9. [C](https://c.example) - c\n"
    b"   - [C1](https://c1.example) - nested\n"
    b"   - [C2](https://c2.example) - nested\n"
    b"\n"
    b"   A second paragraph of C.\n"
    b"\n"
    b"Not in the list.\n"
)
TEN = (
    b"# L\n"
    b"\n"
    b"8. [A](https://a.example) - a\n"
    b"9. [B](https://b.example) - b\n"
    b"10. [C](https://c.example) - c\n"
    b"    - [C1](https://c1.example) - nested\n"
    b"    - [C2](https://c2.example) - nested\n"
    b"\n"
    b"    A second paragraph of C.\n"
    b"\n"
    b"Not in the list.\n"
)


def test_nine_to_ten_keeps_the_nested_list_in_its_item(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_bytes(NINE)
    assert run_cli(tmp_path, "--fix", "list.md").returncode == 0
    assert path.read_bytes() == TEN
    # Without the re-indent the nested list and the paragraph would leave item 10.
    assert (
        structure(TEN)
        == structure(NINE)
        == [
            (True, ".", 0, [["Paragraph"], ["Paragraph"], ["Paragraph", "ListBlock", "Paragraph"]]),
            (False, "-", 1, [["Paragraph"], ["Paragraph"]]),
        ]
    )


def test_ten_to_two_dedents_the_nested_list(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_bytes(b"1. [A](https://a.example) - a\n10. [B](https://b.example) - b\n    - [B1](https://b1.example)\n")
    assert run_cli(tmp_path, "--fix", "list.md").returncode == 0
    assert (
        path.read_bytes()
        == b"1. [A](https://a.example) - a\n2. [B](https://b.example) - b\n   - [B1](https://b1.example)\n"
    )


def test_diff_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_bytes(NINE)
    done = run_cli(tmp_path, "--diff", "list.md")
    assert done.returncode == 1
    assert path.read_bytes() == NINE
    assert [p.name for p in tmp_path.iterdir()] == ["list.md"]
    assert done.stdout.decode() == (
        "--- a/list.md\n"
        "+++ b/list.md\n"
        "@@ -2,10 +2,10 @@\n"
        " \n"
        " 8. [A](https://a.example) - a\n"
        " 9. [B](https://b.example) - b\n"
        "-9. [C](https://c.example) - c\n"
        "-   - [C1](https://c1.example) - nested\n"
        "-   - [C2](https://c2.example) - nested\n"
        "+10. [C](https://c.example) - c\n"
        "+    - [C1](https://c1.example) - nested\n"
        "+    - [C2](https://c2.example) - nested\n"
        " \n"
        "-   A second paragraph of C.\n"
        "+    A second paragraph of C.\n"
        " \n"
        " Not in the list.\n"
    )
    assert "Would fix 1 problem." in done.stderr.decode()

    path.write_bytes(TEN)
    done = run_cli(tmp_path, "--diff", "list.md")
    assert (done.returncode, done.stdout) == (0, b"")
    assert path.read_bytes() == TEN


def test_fix_with_nothing_to_fix_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_bytes(TEN)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    before = path.stat()
    done = run_cli(tmp_path, "--fix", "list.md")
    assert done.returncode == 0, done
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert path.read_bytes() == TEN


def test_fix_of_standard_input_writes_the_text_to_stdout_and_the_report_to_stderr(tmp_path: Path) -> None:
    data = BOM + NINE.replace(b"\n", b"\r\n")
    done = run_cli(tmp_path, "--fix", "--select", "AL101", "-", stdin=data)
    assert done.returncode == 0, done
    assert done.stdout == BOM + TEN.replace(b"\n", b"\r\n")
    assert b"(1 fixed, 0 remaining)" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_unsafe_fixes_upgrade_http(tmp_path: Path) -> None:
    data = b"# L\n\n##\n\n- [A](http://a.example/x) - see <http://b.example> or http://c.example/y.\n"
    path = tmp_path / "list.md"
    path.write_bytes(data)
    done = run_cli(tmp_path, "--fix", "list.md")  # unsafe fixes are not applied...
    assert done.returncode == 1
    assert path.read_bytes() == data
    assert b"AL202" in done.stdout and b"AL102" in done.stdout
    done = run_cli(tmp_path, "--fix", "--unsafe-fixes", "list.md")  # ...unless asked for
    assert done.returncode == 0, done
    assert (
        path.read_bytes() == b"# L\n\n\n- [A](https://a.example/x) - see <https://b.example> or https://c.example/y.\n"
    )


def test_suppressed_findings_are_not_fixed(tmp_path: Path) -> None:
    data = (
        b"1. [A](https://a.example) - a\n"
        b"2. [B](https://b.example) - b\n"
        b"   <!-- awesome-lint-disable-next-line list-numbering -->\n"
        b"5. [C](https://c.example) - c\n"
        b"9. [D](https://d.example) - Caf\xc3\x83\xc2\xa9 <!-- awesome-lint-disable-line mojibake -->\n"
    )
    path = tmp_path / "list.md"
    path.write_bytes(data)
    done = run_cli(tmp_path, "--fix", "--show-fixes", "list.md")
    assert done.returncode == 0, done
    assert path.read_bytes() == data.replace(b"9. [D]", b"4. [D]")
    assert "1 × AL101 (list-numbering)" in done.stdout.decode()


# --------------------------------------------------------------------------- regressions: bugs these tests found


def test_mojibake_fix_keeps_genuine_accented_text() -> None:
    data = "- Tomáš wrote CafÃ©\n".encode()
    assert fix(data, unsafe=False)[0] == "- Tomáš wrote Café\n".encode()


def test_renumbering_keeps_a_tab_indented_nested_list() -> None:
    data = b"98. a\n99. b\n99. c\n\t- nested\n"
    fixed = fix(data, unsafe=False)[0]
    assert fixed.startswith(b"98. a\n99. b\n100. c\n")
    assert structure(fixed) == structure(data)


def test_narrower_renumbering_keeps_lazy_text_out_of_the_item() -> None:
    # `    - x` is lazy text under `100. b` but would be a nested list under `2. b` (and a list
    # of its own if moved left): no indentation keeps its meaning, so the fix is unsafe.
    data = b"1. a\n100. b\n    - x\n"
    assert fix(data, unsafe=False)[0] == data
    assert fix(data, unsafe=True)[0].startswith(b"1. a\n2. b\n")


def test_a_fix_that_cannot_apply_does_not_hold_back_the_others() -> None:
    data = b"# T\r##\n\n" + b"".join(b"- [x](http://example.com/%d)\n" % i for i in range(15))
    fixed = fix(data, unsafe=True)[0]
    assert b"http://" not in fixed


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"99. a\n1.\tb\n    - x\n", id="top level"),
        # mistune counts tab stops from the container, so inside a list `100.\t` and `2.\t` put
        # the content at different columns than CommonMark's absolute tab stops would.
        pytest.param(
            b"1.\n   1. [a](https://e.com/0) - a\n\n   100.\t[b](https://e.com/1)\n        - [c](https://e.com/2)\n",
            id="nested",
        ),
    ],
)
def test_renumbering_after_a_tab_keeps_the_nested_list(data: bytes) -> None:
    # A tab before the content of a marker that changes width: where its tab stop falls
    # cannot be promised, so the renumbering is an unsafe fix.
    assert fix(data, unsafe=False)[0] == data
    fixed = fix(data, unsafe=True)[0]
    assert b"\t" in fixed and fixed != data


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"8. a\n10. b\n   - x\n", id="a list after the list becomes a nested list"),
        pytest.param(b"8. a\n10. b\n\n   para\n", id="a paragraph after the list becomes the item's"),
    ],
)
def test_narrower_renumbering_keeps_the_next_block_out_of_the_item(data: bytes) -> None:
    fixed = fix(data, unsafe=False)[0]
    assert structure(fixed) == structure(data), fixed


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"1. a\n10. b\n\t- c\n\t  - d\n", id="tabs"),
        pytest.param(b"1. a\n10. b\n\t- c\n      - d\n", id="a tab, then spaces"),
    ],
)
def test_narrower_renumbering_moves_tab_indented_lines_too(data: bytes) -> None:
    # `\t- c` cannot move left by one column (a tab has no space to give), while `d` could:
    # no safe renumbering keeps the structure, so the fix is unsafe and --fix leaves it.
    assert fix(data, unsafe=False)[0] == data
    assert fix(data, unsafe=True)[0].startswith(b"1. a\n2. b\n")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"8. a\n9. b\n9. c\n   1. d\n      <div>\n        x\n      </div>\n", id="nested item, wider"),
        pytest.param(b"1. a\n10. b\n    1. c\n       <div>\n         x\n       </div>\n", id="nested item, narrower"),
        pytest.param(b"8. a\n9. b\n9. c\n   1. d\n     <div>\n   x\n     </div>\n", id="after the nested list"),
        pytest.param(b"8. a\n9. b\n9. c\n   1. d\n\n      <pre>\n        x\n\n         y\n      </pre>\n", id="a pre"),
        pytest.param(b"1. a\n10. b\n    1. c\n   <div>\n   x\n   </div>\n", id="after the list, joining the item"),
    ],
)
def test_renumbering_around_a_raw_html_block_keeps_what_github_renders(data: bytes) -> None:
    # A raw HTML block's indentation past its container's content column is content (GitHub shows
    # it as written; four more columns make it code), so when a number gets wider or narrower the
    # block must move exactly as the item's content does, or the renumbering is an unsafe fix.
    from awesome_lint.document.cmark import render_html

    def rendered(text: bytes) -> str:
        return re.sub(r'<ol start="\d+">', "<ol>", render_html(text.decode()))

    [finding] = [finding for finding in lint(data).findings if finding.code == "AL101"]
    assert finding.fix is not None
    fixed = fix(data, unsafe=False)[0]
    if finding.fix.applicability is Applicability.SAFE:
        assert fixed != data
        assert rendered(fixed) == rendered(data), fixed
    else:
        assert fixed == data
    assert re.search(rb"^(10|2)\. ", fix(data, unsafe=True)[0], re.MULTILINE)


def test_the_referee_sees_a_raw_html_block_indented_anew() -> None:
    # 9 → 10 moving the nested item and its <div> one column right, but not the line inside the
    # block: GitHub's HTML keeps that line's spaces ("  x" would become " x"), so it is no safe fix.
    from awesome_lint.findings import Edit
    from awesome_lint.fixes.referee import judge

    text = "8. a\n9. b\n9. c\n   1. d\n      <div>\n        x\n      </div>\n"
    lines = [text.index(line) for line in ("   1. d", "      <div>", "      </div>")]
    number = text.index("9. c")
    moved = Fix((Edit(number, number + 1, "10"), *(Edit(at, at, " ") for at in lines)))
    [judged] = judge(text, [moved])
    assert judged is not None and judged.applicability is Applicability.UNSAFE
    assert judged.note == "it would change more than it means to on GitHub: '  x' would become ' x'"
