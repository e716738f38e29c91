"""AL301 mojibake: text that was decoded with the wrong encoding."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from difflib import SequenceMatcher
from functools import cache
from itertools import accumulate

from ..document import Document, Span
from ..findings import Applicability, Change, Edit, Fix, Severity, Violation
from .base import Rule


def _byte_table() -> dict[str, int]:
    """The byte each character stands for when UTF-8 was read as Windows-1252 or Latin-1.

    The five bytes Windows-1252 leaves undefined read as their C1 control (as in
    ftfy's "sloppy" codec), and so does every C1 control, the Latin-1 reading.
    """
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        try:
            table[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:
            table[chr(byte)] = byte
    for byte in range(0x80, 0xA0):
        table.setdefault(chr(byte), byte)
    return table


_BYTE = _byte_table()
_CONTINUATION = "".join(char for char, byte in _BYTE.items() if byte < 0xC0)
"""What UTF-8 continuation bytes (0x80-0xBF) look like once misread."""

# Characters that start mojibake: the Windows-1252/Latin-1 readings of UTF-8 lead
# bytes (Â Ã â Ð ð ...), stray C1 controls, and the leads of the rarer Windows-1251
# (вЂ...) and MacRoman (√© ‚Äô ...) readings. One character class, so the whole
# text is scanned at C speed and only lines holding one of them are looked at.
_LEAD = re.compile("[\x80-\x9f\xc2-\xf4\u0432\u0152\u221a\u2248\u201a\u00ac\u2021\u201e\u25ca]")
# Within such a line, what really looks like mojibake: the lead of a two- or four-byte
# sequence and a continuation byte (`Ã©`, `ðŸ`); the lead of a three-byte sequence and
# two (`â€™`, `ä¸\xad`: those leads are everyday lowercase letters, and Czech writes
# `Tomáš`); `â€` whose last byte was lost; a lead whose no-break space became a space
# (`Ã ` for `à`); a C1 control; Windows-1251 `вЂ`; a MacRoman lead and another
# non-ASCII character. Only these lines reach ftfy.
_CANDIDATE = re.compile(
    f"[\xc2-\xdf\xf0-\xf4][{re.escape(_CONTINUATION)}]"
    f"|[\xe0-\xef][{re.escape(_CONTINUATION)}]{{2}}"
    "|\u00e2\u20ac"
    "|[\xc2\xc3] "
    "|[\x80-\x9f]"
    "|\u0432\u0402"
    "|[\u0152\u221a\u2248\u201a\u00ac\u2021\u201e\u25ca][^\x00-\x7f]"
)
_NON_ASCII = re.compile("[^\x00-\x7f]+")
# ftfy judges `â„¢` (™) and `âš¡` (⚡) clean. A three-byte sequence starting with
# 0xE2 is punctuation or a symbol (U+2000-U+2BFF here), and `â` followed by two
# continuation bytes is not something any language writes, so repair those too.
_SYMBOL = re.compile(f"\u00e2[{re.escape(_CONTINUATION)}]{{2}}")

# Windows-1252 has no character for bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D, and many
# tools drop them: `”` (E2 80 9D) then reads `â€` alone, and ftfy would take the
# next space for a lost no-break space and suggest `†`. Put the byte back first:
# 0x8D (a zero-width joiner) between emoji, 0x9D (`”`) before a space, punctuation
# or the line end (before a letter the lost character is anyone's guess).
# A straight quote after `â€` was a curly one that someone straightened: the last byte of
# an em dash (E2 80 94 reads `â€”`) or an en dash (`â€“`); the em dash is the likelier.
_LOST_BYTE = re.compile(f"\u00e2\u20ac(?:(\u00f0)|(\")|(?![\\w{re.escape(_CONTINUATION)}]))")
_STRAIGHTENED = "\u00e2\u20ac\""


def _restore_lost_byte(match: re.Match[str]) -> str:
    if match.group(1):
        return "\u00e2\u20ac\x8d\u00f0"
    return "\u00e2\u20ac\u201d" if match.group(2) else "\u00e2\u20ac\x9d"


def _repair_symbol(match: re.Match[str]) -> str:
    run = match.group()
    try:
        char = bytes(_BYTE[c] for c in run).decode("utf-8")
    except UnicodeDecodeError:
        return run
    return char if "\u2000" <= char < "\u2c00" else run


@cache
def _ftfy() -> tuple[Callable[[str], bool], Callable[[str], str]]:
    """ftfy's badness test and an encoding-only fixer (imported on first need: it is slow to import)."""
    import ftfy
    from ftfy.badness import is_bad

    config = ftfy.TextFixerConfig(
        uncurl_quotes=False,
        fix_character_width=False,
        fix_latin_ligatures=False,
        normalization=None,
        unescape_html=False,
        remove_control_chars=False,
        fix_line_breaks=False,
        remove_terminal_escapes=False,
        fix_surrogates=False,
        explain=False,
    )

    def fix(text: str) -> str:
        return str(ftfy.fix_encoding(text, config))

    return is_bad, fix


def _show(text: str) -> str:
    """``text`` as is, with Python escapes for characters one cannot see (``\\x9d``, ``\\xa0``)."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def _needs(byte: int) -> int:
    """How many continuation bytes follow UTF-8 lead ``byte`` (0 for anything else)."""
    if 0xC2 <= byte <= 0xDF:
        return 1
    if 0xE0 <= byte <= 0xEF:
        return 2
    if 0xF0 <= byte <= 0xF4:
        return 3
    return 0


def _pending(run: str) -> int:
    """Continuation bytes still missing at the end of ``run`` read as misread UTF-8 bytes."""
    pending = 0
    for char in run:
        byte = _BYTE.get(char)
        if byte is None:
            return 0
        pending = pending - 1 if 0x80 <= byte < 0xC0 and pending else _needs(byte)
    return pending


def _diff(line: str, fixed: str) -> list[tuple[int, int, str]]:
    """The bad runs of ``line`` (start, end, repair), from a diff against its repaired form.

    Repairs leave ASCII alone, except where a lost no-break space is restored (``Ã `` is
    ``à``). So when both lines have the same ASCII text, their non-ASCII runs pair up one
    to one and only changed pairs are diffed: linear, and no diff can align a repaired
    character with a look-alike far away. Otherwise the lines are diffed between their
    longest common ASCII-bounded prefix and suffix.
    """
    if _NON_ASCII.split(line) == _NON_ASCII.split(fixed):
        out: list[tuple[int, int, str]] = []
        for old, new in zip(_NON_ASCII.finditer(line), _NON_ASCII.finditer(fixed), strict=True):
            if old.group() != new.group():
                base = old.start()
                runs = _runs(old.group(), new.group())
                out.extend((base + start, base + end, repair) for start, end, repair in runs)
        return out
    limit = min(len(line), len(fixed))
    head = 0
    while head < limit and line[head] == fixed[head]:
        head += 1
    while head and not line[head - 1].isascii():
        head -= 1
    tail = 0
    while tail < limit - head and line[-1 - tail] == fixed[-1 - tail]:
        tail += 1
    while tail and not line[-tail].isascii():
        tail -= 1
    middle = _runs(line[head : len(line) - tail], fixed[head : len(fixed) - tail])
    return [
        (head + start, head + end, repair)
        for start, end, repair in middle
        if _plausible(line[head + start : head + end], repair)
    ]


def _plausible(bad: str, repair: str) -> bool:
    """Whether a repair that swallows ASCII is the one case that does: a lost no-break space.

    ``Ã `` is ``à`` whose no-break space became a space, so the repair is a Latin-1 letter.
    ftfy also reads genuine text that way: in Czech ``Tomáš wrote``, ``áš `` would become
    ``ᚠ``, eating the space. Any other repair that swallows ASCII is taken for that.
    """
    if bad.isascii() or not any(char.isascii() for char in bad):
        return True
    if bad.endswith(_STRAIGHTENED) and repair.endswith("\u2014"):
        return True  # a dash whose last byte became a straight quote
    return bool(repair) and all("\u00a0" <= char <= "\u00ff" for char in repair)


def _runs(line: str, fixed: str) -> list[tuple[int, int, str]]:
    """The bad runs of ``line`` (start, end, repair), from a diff against its repaired form.

    Diffs can align a repaired character with a look-alike in the mojibake (``Ã©Â©`` to
    ``é©`` matches the first ``©``), so changes separated only by non-ASCII characters
    make one run, and a run is widened over the rest of a UTF-8 sequence that the diff
    left out (``Â©`` to ``©`` deletes just ``Â``).
    """
    merged: list[list[int]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, line, fixed, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if merged and _glues(line[merged[-1][1] : i1]):
            merged[-1][1], merged[-1][3] = i2, j2
        else:
            merged.append([i1, i2, j1, j2])
    runs: list[tuple[int, int, str]] = []
    for index, (i1, i2, j1, j2) in enumerate(merged):
        floor = runs[-1][1] if runs else 0
        ceiling = merged[index + 1][0] if index + 1 < len(merged) else len(line)
        # Left: a run that starts inside a UTF-8 sequence takes in the bytes before it.
        if i1 < i2 and _is_continuation(line[i1]):
            back = i1
            while back > floor and i1 - back < 3 and _is_continuation(line[back - 1]):
                back -= 1
            if back > floor and _needs(_BYTE.get(line[back - 1], 0)) > i1 - back:
                j1 -= i1 - back + 1
                i1 = back - 1
        if i1 == i2 and i1 > floor:  # a pure insertion: show the character before it
            i1, j1 = i1 - 1, j1 - 1
        # Right: complete a UTF-8 sequence left open.
        pending = _pending(line[i1:i2])
        while pending and i2 < ceiling and _is_continuation(line[i2]):
            i2, j2, pending = i2 + 1, j2 + 1, pending - 1
        if i1 == i2 and i2 < ceiling:
            i2, j2 = i2 + 1, j2 + 1
        runs.append((i1, i2, fixed[j1:j2].replace("\ufeff", "")))
    return runs


def _is_continuation(char: str) -> bool:
    return 0x80 <= _BYTE.get(char, 0) < 0xC0


def _glues(gap: str) -> bool:
    """Whether unchanged text between two changes belongs to the same bad run."""
    return all(char in _BYTE for char in gap)


class Mojibake(Rule):
    """What it does
      Finds mojibake: text that was saved as UTF-8 and then read with another encoding
      (usually Windows-1252 or Latin-1, sometimes twice), so that each accented letter,
      curly quote, dash or emoji turned into two to four odd characters. Lines that are
      plain ASCII cost nothing; other lines are judged with ftfy's mojibake heuristic and
      repaired with ftfy's encoding fixes only (quotes stay curly, nothing is normalised).
      Code spans, code blocks and YAML front matter are not checked.

    Why is this bad?
      Readers see `LinkedInâ€™s` where the author wrote `LinkedIn’s` and `CafÃ©` for
      `Café`: the text looks broken and project names become unsearchable. It happens
      when text is copied through a tool or a web page that guessed the wrong encoding,
      and it spreads: a list that holds it gets copied with it.

    Example
      ```markdown
      - [Engineering blog](https://example.com) - LinkedInâ€™s engineering blog.
      - [CafÃ©](https://example.com) - Ã¼ber-fast â€” and free.
      ```

      Use instead:

      ```markdown
      - [Engineering blog](https://example.com) - LinkedIn’s engineering blog.
      - [Café](https://example.com) - über-fast — and free.
      ```
    """

    code = "AL301"
    name = "mojibake"
    summary = "Repair text that was decoded with the wrong encoding (`CafÃ©` for `Café`)"
    severity = Severity.ERROR
    fixable = True

    def check(self, document: Document) -> Iterator[Violation]:
        urls = sorted(
            [(link.url_span.start, link.url_span.end) for link in document.links]
            + [(definition.url_span.start, definition.url_span.end) for definition in document.definitions]
        )
        for span, repair in self.repairs(document):
            found = document.text[span.start : span.end]
            in_url = _inside(urls, span)
            guess = _STRAIGHTENED in found
            yield Violation(
                span=span,
                message=f'mojibake "{_show(found)}" should be "{_show(repair)}"'
                + (" (in a URL: check where the link should go)" if in_url else "")
                + (' (or "\u2013": the last byte became a straight quote)' if guess else ""),
                # A damaged URL may be what the server knows it by, and a dash with a straightened
                # quote may have been an en dash: repairing either is a guess.
                fix=Fix(
                    (Edit(span.start, span.end, repair),),
                    Applicability.UNSAFE if in_url or guess else Applicability.SAFE,
                    (Change("url" if in_url else "text", found, repair),),
                ),
            )

    def repairs(self, document: Document) -> list[tuple[Span, str]]:
        """Every bad run outside code and front matter, and the text that should replace it."""
        text = document.text
        if text.isascii():
            return []
        source = document.source
        fm = source.front_matter_lines
        pos = source.line_start(fm + 1) if fm < source.line_count else len(text)
        codes = document.code_spans
        starts = [span.start for span in codes]
        reach = list(accumulate((span.end for span in codes), max))
        out: list[tuple[Span, str]] = []
        search = _LEAD.search
        while (match := search(text, pos)) is not None:
            line_start = text.rfind("\n", 0, match.start()) + 1
            line_end = text.find("\n", match.start())
            if line_end < 0:
                line_end = len(text)
            pos = line_end + 1
            line = _mask(text, line_start, line_end, codes, starts, reach)
            if not _CANDIDATE.search(line):
                continue
            for start, end, repair in _line_repairs(line):
                out.append((Span(line_start + start, line_start + end), repair))
        return out


def _inside(spans: list[tuple[int, int]], span: Span) -> bool:
    """Whether ``span`` overlaps one of ``spans`` (``(start, end)`` pairs, sorted, not nested)."""
    index = bisect_right(spans, (span.start, span.end))
    return any(start < span.end and span.start < end for start, end in spans[max(index - 1, 0) : index + 1])


def _mask(text: str, start: int, end: int, codes: list[Span], starts: list[int], reach: list[int]) -> str:
    """``text[start:end]`` with code spans and code blocks blanked out."""
    line = text[start:end]
    first = bisect_right(reach, start)
    last = bisect_right(starts, end - 1)
    if first >= last:
        return line
    chars = list(line)
    for span in codes[first:last]:
        for offset in range(max(span.start, start), min(span.end, end)):
            chars[offset - start] = " "
    return "".join(chars)


def _line_repairs(line: str) -> list[tuple[int, int, str]]:
    is_bad, fix = _ftfy()
    restored = _LOST_BYTE.sub(_restore_lost_byte, line)
    fixed = fix(restored) if is_bad(restored) else restored
    if fixed == restored:
        fixed = line
    fixed = _SYMBOL.sub(_repair_symbol, fixed)
    if fixed == line:
        return []
    return _diff(line, fixed)
