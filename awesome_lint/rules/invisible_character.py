"""AL302 invisible-character."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator

from ..document import Document, Span
from ..findings import Applicability, Change, Edit, Fix, Severity, Violation
from .base import Rule

_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: what "Trojan Source" (CVE-2021-42574) hides code with."""
_MARKS = frozenset("\u200e\u200f\u061c")
"""Left-to-right, right-to-left and Arabic letter marks: typography in right-to-left text."""
_SPACES = frozenset("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")
"""Every space separator but the space."""
_JOINERS = frozenset("\u200c\u200d")
_TAGS = "\U000e0020-\U000e007f"
_FORMAT = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0"
"""Zero-width characters, marks, bidirectional controls, soft hyphens, fillers: invisible in any mix."""
_CANDIDATE = re.compile(
    f"([{_TAGS}\U000e0001])[{_TAGS}]*"
    "|([\x01-\x08\x0b-\x1f\x7f-\x9f])[\x01-\x08\x0b-\x1f\x7f-\x9f]*"
    f"|([{_FORMAT}])[{_FORMAT}]*"
    "|([\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufffd])\\4*"
)
"""A run of one character that a reader cannot see (or U+FFFD), or a run of tag characters, of control
characters or of zero-width and format characters in any mix (one finding: GitHub shows none of them)."""

_JOINING_SCRIPTS = frozenset(
    {"ARABIC", "SYRIAC", "NKO", "MANDAIC", "MONGOLIAN", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI"}
    | {"ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA"}
)
"""Scripts whose letters a zero-width (non-)joiner shapes: Persian words, Hindi conjuncts."""
_SPACELESS_SCRIPTS = frozenset(("THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN", "JAVANESE", "BALINESE"))
"""Scripts written without spaces, where a zero-width space marks where a line may break."""
_FRENCH_BEFORE = frozenset(":;!?»›")
_FRENCH_AFTER = frozenset("«‹")
_DASHES = frozenset("\u2012\u2013\u2014\u2015")
_FLAG = "\U0001f3f4"
_CANCEL_TAG = "\U000e007f"


class InvisibleCharacter(Rule):
    r"""What it does
      Reports characters a reader cannot see but that change what the text
      means or where a link goes, each at the exact character (a run of them
      is one finding, named by its first character):
      - bidirectional controls (U+202A-U+202E, U+2066-U+2069), the "Trojan
        Source" class (CVE-2021-42574), an error;
      - C0 and C1 control characters other than tab and line feed, an error
        (a C1 control that Windows-1252 reads as a character is mojibake, and
        AL301's);
      - U+FFFD REPLACEMENT CHARACTER, which means a character was already
        lost when the text was decoded: an error, and no fix;
      - zero-width spaces, joiners and non-joiners, word joiners, invisible
        operators, soft hyphens, Hangul fillers, tag characters, and a BOM
        (U+FEFF) anywhere but at the start of the file;
      - left-to-right and right-to-left marks on a line without right-to-left
        letters;
      - no-break and other unusual spaces (U+00A0, U+202F, U+2007, ...) inside
        link text, inside URLs and next to an entry's ` - ` separator (a
        no-break space in the separator itself is AL401's to report).

      Code spans and code blocks are checked too: Trojan Source lives in code,
      and a zero-width space in a command breaks it when copied. Left alone: a
      zero-width joiner between emoji (family and profession sequences); joiners
      and non-joiners next to Arabic-script or Indic letters (Persian words,
      Hindi conjuncts); a zero-width space in Thai, Lao, Khmer, Myanmar or
      Tibetan, where it marks a line break; marks on a line with right-to-left
      letters; the tag characters of a flag emoji; unusual spaces in prose, a
      no-break space before `:;!?»` or after `«` (French typography) or between
      digits (`10 000`), and an ideographic space (U+3000) outside URLs.

    Why is this bad?
      A zero-width space in a URL breaks the link, and in a name it breaks
      search; a bidirectional control shows text, or code, in another order
      than the one it is in; a control character or U+FFFD means the text was
      damaged on its way. None of it shows in a review.

    Example
      ```markdown
      - [Foo](https://example.com/\u200bfoo) - A tool.
      ```
      With a real U+200B where `\u200b` stands, it is reported as
      `invisible character U+200B ZERO WIDTH SPACE in a URL: remove it`.
      `--fix` removes zero-width characters, soft hyphens, tag characters and
      control characters, and writes a space for an unusual space (or removes
      it at the edge of the link text or the URL). `--unsafe-fixes` also
      removes bidirectional controls and marks (right-to-left text may rely on
      them) and writes `%20` for an unusual space inside a URL. U+FFFD has no fix: only the author
      knows what was lost.

    Options
      None.
    """

    code = "AL302"
    name = "invisible-character"
    summary = "Remove characters a reader cannot see (zero-width spaces, bidirectional controls)"
    severity = Severity.WARNING
    fixable = True

    def check(self, document: Document) -> Iterator[Violation]:
        text = document.text
        if text.isascii() and not _CONTROL.search(text):
            return
        places = _Places(document)
        for match in _CANDIDATE.finditer(text):
            violation = _judge(text, match, places)
            if violation is not None:
                yield violation


_CONTROL = re.compile("[\x01-\x08\x0b-\x1f\x7f]")


class _Zone:
    """Spans of the text, merged, for lookups by position."""

    def __init__(self, spans: Iterable[Span]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted((span.start, span.end) for span in spans if span.end > span.start):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [start for start, _ in merged]
        self.spans = [Span(start, end) for start, end in merged]

    def at(self, offset: int) -> Span | None:
        index = bisect_right(self.starts, offset) - 1
        if index >= 0 and offset < self.spans[index].end:
            return self.spans[index]
        return None


_SEPARATOR = re.compile(r"[*_~]*([^\S\n]*)[-\u2013\u2014]([^\S\n]*)")


class _Places:
    """Where a character is: in a URL, in link text, next to an entry's separator; and what AL301 repairs."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.urls = _Zone(
            [link.url_span for link in document.links] + [definition.url_span for definition in document.definitions]
        )
        self.link_texts = _Zone(link.text_span for link in document.links if link.text_span is not None)
        separators: list[Span] = []
        for entry in document.entries:
            match = _SEPARATOR.match(document.text, entry.main_link.span.end, entry.span.end)
            if match is not None:
                separators += [Span(*match.span(1)), Span(*match.span(2))]
        self.separators = _Zone(separators)
        self._mojibake: _Zone | None = None

    def mojibake(self, offset: int) -> bool:
        """Whether AL301 repairs the text at ``offset`` (ftfy is asked only when a C1 control or a
        no-break space after a Latin-1 letter may be mojibake)."""
        if self._mojibake is None:
            from .mojibake import Mojibake

            self._mojibake = _Zone(span for span, _ in Mojibake().repairs(self.document))
        return self._mojibake.at(offset) is not None


def _judge(text: str, match: re.Match[str], places: _Places) -> Violation | None:
    start, end = match.span()
    char = match.group(1) or match.group(2) or match.group(3) or match.group(4)
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if match.group(1):
        return _tags(text, start, end, before, places)
    if char == "\ufffd":
        message = "U+FFFD REPLACEMENT CHARACTER: a character was lost when this text was decoded; write it again"
        return Violation(Span(start, end), message, severity=Severity.ERROR)
    url = places.urls.at(start)
    if char in _SPACES:
        return _space(text, start, end, char, places, url, before, after)
    run = match.group()
    if len(set(run)) > 1 and match.group(3):
        if url is None and set(run) <= _MARKS and _right_to_left_line(text, start):
            return None
        bidi = not _BIDI.isdisjoint(run)
        what = f" (the first of {end - start} invisible characters in a row" + (
            ", bidirectional controls among them)" if bidi else ")"
        )
        applicability = Applicability.UNSAFE if bidi or not _MARKS.isdisjoint(run) else Applicability.SAFE
        severity = Severity.ERROR if bidi else Severity.WARNING
        return _remove(text, start, start + 1, char, url, what, applicability, severity, end)
    if char in _BIDI:
        what = " (a bidirectional control: it reorders the text around it)"
        return _remove(text, start, end, char, url, what, Applicability.UNSAFE, Severity.ERROR)
    if match.group(2):
        c1 = [offset for offset in range(start, end) if text[offset] >= "\x80"]
        if any(places.mojibake(offset) for offset in c1):
            return None  # C1 controls that Windows-1252 reads as characters: mojibake, AL301's
        if len(set(run)) > 1:  # several control characters: one finding, named by the first
            what = f" (a control character, the first of {end - start} in a row)"
            return _remove(text, start, start + 1, char, url, what, Applicability.SAFE, Severity.ERROR, end)
        return _remove(text, start, end, char, url, " (a control character)", Applicability.SAFE, Severity.ERROR)
    if char in _MARKS:
        if url is None and _right_to_left_line(text, start):
            return None
        return _remove(text, start, end, char, url, "", Applicability.UNSAFE, Severity.WARNING)
    if url is None and _intended(char, text, start, end):
        return None
    return _remove(text, start, end, char, url, "", Applicability.SAFE, Severity.WARNING)


def _name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()


def _count(start: int, end: int) -> str:
    return f" ({end - start} in a row)" if end - start > 1 else ""


def _remove(
    text: str,
    start: int,
    end: int,
    char: str,
    url: Span | None,
    what: str,
    applicability: Applicability,
    severity: Severity,
    run_end: int = 0,
) -> Violation:
    """The finding for ``text[start:end]``; ``run_end`` ends a run of mixed characters that ``what`` names."""
    where = " in a URL" if url is not None else ""
    end = max(end, run_end)
    them = "them" if end - start > 1 else "it"
    count = "" if run_end else _count(start, end)
    message = f"invisible character {_name(char)}{what}{where}{count}: remove {them}"
    return Violation(Span(start, end), message, _edit(text, start, end, "", url, applicability), severity=severity)


def _edit(
    text: str, start: int, end: int, replacement: str, url: Span | None, applicability: Applicability, shown: str = ""
) -> Fix:
    """Replace ``text[start:end]``, declaring the URL it is in (as written, with ``shown`` for the replacement
    when it is a percent-escape) or the characters themselves."""
    if url is not None:
        old = text[url.start : url.end]
        new = old[: start - url.start] + (shown or replacement) + old[end - url.start :]
        return Fix((Edit(start, end, replacement),), applicability, (Change("url", old, new),))
    run = text[start:end]
    changes = [Change("text", run, replacement)]
    if not replacement:
        # GitHub drops the blanks at the ends of a line: those between a removed character and the
        # end of its line may go with it.
        back, blanks = start, _BLANKS.match(text, end)
        while back and text[back - 1] in " \t":
            back -= 1
        line_start = text.rfind("\n", 0, start) + 1
        at_start = not text[line_start:start].strip(" \t>")
        if back < start and text.startswith("\n", blanks.end() if blanks else end):
            changes.append(Change("text", text[back:end], ""))
        if blanks is not None and at_start:
            changes.append(Change("text", text[start : blanks.end()], ""))
        if at_start:
            # At the start of a line it hid what the line starts with (a heading's `#`, a list's `-`,
            # a BOM where two files were joined): removing it gives the line its own rendering back.
            # (After a line break: GitHub skips a BOM that starts a snippet.)
            line_end = text.find("\n", end)
            rest = text[end : len(text) if line_end < 0 else line_end]
            changes.append(Change("block", "\n" + run + rest, rest))
    return Fix((Edit(start, end, replacement),), applicability, tuple(changes))


_BLANKS = re.compile(r"[ \t]+")


def _space(
    text: str, start: int, end: int, char: str, places: _Places, url: Span | None, before: str, after: str
) -> Violation | None:
    """A no-break or other unusual space: reported only where it breaks a link or an entry's layout."""
    if url is not None:
        edge = start == url.start or end == url.end
        replacement, applicability = ("", Applicability.SAFE) if edge else ("%20", Applicability.UNSAFE)
        message = f"invisible character {_name(char)} in a URL{_count(start, end)}: "
        message += "remove it" if edge else "write %20"
        fix = _edit(text, start, end, replacement, url, applicability, shown="" if edge else " ")
        return Violation(Span(start, end), message, fix)
    if char == "\u3000" or after in _FRENCH_BEFORE or before in _FRENCH_AFTER or (before + after).isdigit():
        return None
    if before in _DASHES or after in _DASHES:
        return None  # `Vuex\u200a—\u200aThe Missing Primer`: a title's typography, as its author wrote it
    if before in ("\u00c2", "\u00c3") and places.mojibake(start):
        return None  # `Ã ` is `à` whose no-break space became a space: AL301's
    label = places.link_texts.at(start)
    if label is not None:
        edge = start == label.start or end == label.end
        where, replacement = " in link text", "" if edge else " "
    elif places.separators.at(start) is not None and char != "\u00a0":
        where, replacement = " next to the separator", " "
    else:
        return None
    action = "remove it" if not replacement else "write a space"
    message = f"invisible character {_name(char)}{where}{_count(start, end)}: {action}"
    return Violation(Span(start, end), message, _edit(text, start, end, replacement, None, Applicability.SAFE))


def _tags(text: str, start: int, end: int, before: str, places: _Places) -> Violation | None:
    """Tag characters: a flag emoji's (🏴 and tags ending with CANCEL TAG), or hidden ASCII text."""
    if before == _FLAG and text[end - 1] == _CANCEL_TAG:
        return None
    hidden = "".join(chr(ord(char) - 0xE0000) for char in text[start:end] if char != _CANCEL_TAG)
    spelt = f' (they spell "{hidden}")' if hidden.isprintable() and hidden.strip() else ""
    message = f"invisible tag characters U+{ord(text[start]):04X}…{spelt}: remove them"
    fix = _edit(text, start, end, "", places.urls.at(start), Applicability.SAFE)
    return Violation(Span(start, end), message, fix, severity=Severity.ERROR)


def _script(char: str) -> str:
    """The first word of the character's name: its script, for letters and marks (`ARABIC LETTER ...`)."""
    return unicodedata.name(char, "").partition(" ")[0] if char else ""


def _emoji(char: str) -> bool:
    code = ord(char) if char else 0
    return 0x1F000 <= code <= 0x1FAFF or 0x2190 <= code <= 0x2BFF or char in "\u00a9\u00ae\u203c\u2049\u2122\u3030"


def _intended(char: str, text: str, start: int, end: int) -> bool:
    """Whether a zero-width character does a job where it is: joins an emoji or shapes a script."""
    after = text[end] if end < len(text) else ""
    back = start
    while back and text[back - 1] in "\ufe0e\ufe0f\u20e3":  # variation selectors, keycap
        back -= 1
    before = text[back - 1] if back else ""
    if char == "\u200d" and _emoji(before) and _emoji(after):
        return True
    if char in _JOINERS and (_script(before) in _JOINING_SCRIPTS or _script(after) in _JOINING_SCRIPTS):
        return True
    if char == "\u200b" and (_script(before) in _SPACELESS_SCRIPTS or _script(after) in _SPACELESS_SCRIPTS):
        return True
    return char == "\u180e" and "MONGOLIAN" in (_script(before), _script(after))


def _right_to_left_line(text: str, offset: int) -> bool:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start : len(text) if end < 0 else end]
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in line if char not in _MARKS and char > "\x7f")
