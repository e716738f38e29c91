"""Properties of ``--fix`` on the awesome-list conventions: generated readmes with injected defects.

A hypothesis strategy writes readmes (linted as ``README.md``, so the list rules run, with
every rule selected, off-by-default ones too): a main heading with or without its badge, a
``## Contents`` list, sections of entries ``- [Name](https://…) - Description.`` (nested
ones too), a Contributing section, a BOM or not, LF, CRLF or mixed line endings, a final
newline or not. Entries carry the defects of :data:`DEFECTS` (a separator that is a dash or a
no-break space, no space after the marker, no final period, a lower-case start, spaces inside
the link text, ``!!``, ``Github``), or none; correct ones hold CJK, Arabic, Hebrew, emoji,
badges next to the link, code spans and product names where they are left alone. Safe fixes,
then unsafe ones:

* keep the BOM, every line and its ending, and change each line only as :data:`DEFECTS` allow
  (an oracle that knows the defects, not the rules: each defect names what its fix may change);
* keep GitHub's rendering: the same tags with the same attributes (every ``href``), the same
  heading anchors, and texts that differ only as the defects allow;
* leave nothing a fix of their kind would fix, and change nothing when run again;
* leave correct entries byte for byte.

A rule's defects are injected only when the rule exists and has a fix; a rule whose fix is
written later gets its defects here, as a :class:`Defect` in :data:`DEFECTS` (what to inject,
what the fix may change, how to tell it is gone). Table-of-contents defects (a section left out,
one out of order) are injected when AL411 table-of-contents has a fix: its regeneration may add,
move and delete the lines of the Contents list, which are then checked as a table of contents
instead (a tight list of links to the sections, in order). Entries stay in alphabetical order,
so that AL414 alphabetical-order (off by default, run here) has nothing to move.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_fix_properties import BOM, split_lines

from awesome_lint.document import Document, parse_document
from awesome_lint.document.cmark import render_html
from awesome_lint.engine import Linter, select_rules
from awesome_lint.findings import Applicability, Fix
from awesome_lint.fixes.select import fix_until_stable
from awesome_lint.source import Source

RULES = {rule.code: rule for rule in select_rules(["ALL"])}
"""Every rule, the off-by-default ones too: a rule written later is run here as soon as it exists."""
LINTER = Linter(RULES.values())
PATH = "README.md"
"""A list file: the list rules run."""


def fixable(code: str) -> bool:
    """Whether rule ``code`` exists and has a fix: its defects are injected only then."""
    return code in RULES and RULES[code].fixable


@lru_cache(maxsize=256)
def _fixes(data: bytes) -> tuple[tuple[str, Fix], ...]:
    return tuple((f.code, f.fix) for f in LINTER.lint_bytes(data, PATH).findings if f.fix)


def fixes_of(data: bytes) -> list[tuple[str, Fix]]:
    """What ``--fix`` gives ``fix_until_stable``: every finding's fix, with its rule code (each text linted once)."""
    return list(_fixes(data))


def fix(data: bytes, unsafe: bool) -> bytes:
    return fix_until_stable(data, PATH, fixes_of, unsafe=unsafe)[0]


# --------------------------------------------------------------------------- entries and what fixes may change

PRODUCTS = {"github": "GitHub", "javascript": "JavaScript", "nodejs": "Node.js", "typescript": "TypeScript",
            "mongodb": "MongoDB", "youtube": "YouTube", "vscode": "VS Code"}  # fmt: skip
"""The product names injected, as their owners write them: the oracle's own table, not the rule's."""
MISCASED = ("Github", "github", "Javascript", "nodejs", "NodeJS", "Nodejs", "Typescript", "Mongodb", "Youtube",
            "Vscode")  # fmt: skip
"""The miscased spellings injected: only these (and the right ones) may change into each other."""
_SPELLINGS = {spelling: spelling.lower() for spelling in MISCASED} | {right: key for key, right in PRODUCTS.items()}
_ALTERNATIVES = "|".join(map(re.escape, sorted(_SPELLINGS, key=len, reverse=True)))
_PRODUCT = re.compile(rf"(?<![\w./@#-])(?:{_ALTERNATIVES})(?![\w/@-]|\.\w)")
"""A product name as a whole word, as the rule's documentation says: not in ``github.com`` nor ``my-github``."""
_BADGE = r"\[!\[[^\]]*\]\([^)\s]*\)\]\([^)\s]*\)"
_MARKUP = re.compile(rf"({_BADGE}|!?\[[^\]]*\]\([^)\s]*\)|`[^`]*`|https?://\S+)")
"""What a description's fixes leave alone: badges, links, images, code spans, bare URLs."""
_ENTRY = re.compile(
    r"(?P<indent> *)(?P<marker>[-*])(?P<gap> *)\[(?P<name>[^\]]*)\]\((?P<url>[^)\s]*)\)"
    rf"(?P<marks>(?: ?(?:{_BADGE}|🔥|⭐))*)(?:(?P<separator>[ \t\u00a0]*[-–—−][ \t\u00a0]*)(?P<description>.*))?"
)
_HEADING = re.compile(r"#{2,3} ")
_REPEATED = re.compile(r"([!?,])\1+")
_FINAL_PERIOD = re.compile(rf"\.(?=(?: *(?:{_BADGE}))* *\Z)")
_TERMINAL = re.compile(rf"[.!?。](?:(?: *(?:{_BADGE}))* *\Z)")


@dataclass(frozen=True)
class Entry:
    """One entry line, in its parts."""

    indent: str
    marker: str
    gap: str
    name: str
    url: str
    marks: str = ""
    separator: str = ""
    description: str = ""

    def line(self) -> str:
        link = f"{self.indent}{self.marker}{self.gap}[{self.name}]({self.url})"
        return link + self.marks + self.separator + self.description

    @classmethod
    def parse(cls, line: str) -> Entry | None:
        match = _ENTRY.fullmatch(line)
        return None if match is None else cls(**{k: v or "" for k, v in match.groupdict().items()})


def plain(text: str, change: Callable[[str], str]) -> str:
    """``text`` with ``change`` applied to its prose only, not to its markup."""
    return "".join(part if index % 2 else change(part) for index, part in enumerate(_MARKUP.split(text)))


def canonical_products(text: str) -> str:
    return _PRODUCT.sub(lambda m: f"⟨{_SPELLINGS[m.group()]}⟩", text)


def miscased(text: str) -> bool:
    return any(m.group() in MISCASED for m in _PRODUCT.finditer(text))


def prose(entry: Entry) -> str:
    return "".join(_MARKUP.split(entry.description)[::2])


@dataclass(frozen=True)
class Defect:
    """A defect a rule fixes: how to inject it, what its fix may change, how to tell it is still there."""

    kind: str
    """What the defect is, for the statistics; one defect of a kind per entry."""
    code: str
    safe: bool
    """Whether its fix is safe: the safe run may change only what safe defects may."""
    inject: Callable[[Entry], Entry]
    applies: Callable[[Entry], bool]
    present: Callable[[Entry], bool]
    may_change: Callable[[Entry], Entry]
    """The entry with what the fix may change made canonical: the same before and after fixing."""
    structural: bool = False
    """Its fix changes GitHub's tags (the line becomes a list item): compared after ``may_change``."""
    childless: bool = False
    """Injected only into entries without nested entries."""


def in_prose(pattern: str, replacement: str) -> Callable[[Entry], Entry]:
    """An injection: the first match of ``pattern`` in the description's prose replaced."""

    def inject(entry: Entry) -> Entry:
        parts = _MARKUP.split(entry.description)
        for index in range(0, len(parts), 2):
            parts[index], done = re.subn(pattern, replacement, parts[index], count=1)
            if done:
                break
        return replace(entry, description="".join(parts))

    return inject


def _starts_with_word(entry: Entry) -> bool:
    return re.match(r"[A-Z][a-z]+ ", entry.description) is not None and not _PRODUCT.match(entry.description)


def _ends_with_word(entry: Entry) -> bool:
    return re.search(rf"[a-z]\.(?: {_BADGE})? *\Z", entry.description) is not None


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _without_period(entry: Entry) -> Entry:
    return replace(entry, description=_FINAL_PERIOD.sub("", entry.description, count=1))


SEPARATORS = (" – ", " — ", "\u00a0-\u00a0", " -\u00a0", " -", "- ", "  -  ", " − ", "\t- ")
"""The wrong separators injected: only these may become ``" - "``."""


def separator(bad: str) -> Defect:
    return Defect(
        "separator", "AL401", True, lambda e: replace(e, separator=bad), lambda e: bool(e.separator),
        lambda e: e.separator == bad, lambda e: replace(e, separator=" - ") if e.separator in SEPARATORS else e,
    )  # fmt: skip


def link_text(spaced: str) -> Defect:
    return Defect(
        "spaces in the link text", "AL403", True, lambda e: replace(e, name=spaced.replace("x", e.name)),
        lambda e: True, lambda e: e.name != e.name.strip(" \t"), lambda e: replace(e, name=e.name.strip(" \t")),
    )  # fmt: skip


def repeated(mark: str) -> Defect:
    return Defect(
        "repeated punctuation", "AL405", False, in_prose(r"(\w)[.,]? ", rf"\1{mark} "),
        lambda e: re.search(r"\w ", prose(e)) is not None, lambda e: _REPEATED.search(prose(e)) is not None,
        lambda e: replace(e, description=plain(e.description, lambda t: _REPEATED.sub(r"\1", t))),
    )  # fmt: skip


def product(spelling: str) -> Defect:
    return Defect(
        "miscased product name", "AL412", True, in_prose(r" (\w)", rf" {spelling} \1"),
        lambda e: re.search(r" \w", prose(e)) is not None, lambda e: miscased(prose(e)),
        lambda e: replace(e, description=plain(e.description, canonical_products)),
    )  # fmt: skip


DEFECTS: tuple[Defect, ...] = (
    *map(separator, SEPARATORS),
    Defect(
        "no space after the marker", "AL401", False, lambda e: replace(e, gap=""), lambda e: len(e.indent) <= 3,
        lambda e: not e.gap, lambda e: replace(e, gap=" "), structural=True,
        # Childless: the entries nested under `-[x](…)` would join the list before it (or start one that
        # takes in the entries after them), out of alphabetical order there: AL414 would rightly move them.
        childless=True,
    ),
    Defect(
        "no final period", "AL401", True, _without_period, _ends_with_word,
        lambda e: bool(e.description) and not _TERMINAL.search(e.description), _without_period,
    ),
    Defect(
        "lower-case start", "AL401", False, lambda e: replace(e, description=_lower(e.description)),
        _starts_with_word, lambda e: e.description[:1].islower(),
        lambda e: replace(e, description=_lower(e.description)),
    ),
    *map(link_text, [" x ", " x", "x  "]),
    *map(repeated, ["!!", "??", ",,", "!!!"]),
    *map(product, [spelling for spelling in MISCASED if spelling != "Nodejs"]),
)  # fmt: skip
"""Every defect injected. A new rule's: a :class:`Defect` here (and the rule's code)."""
HEADING_PRODUCTS = ("Github", "Javascript", "Typescript", "Mongodb", "Youtube", "Nodejs")
"""Miscased names for section headings: only those whose fix keeps the heading's anchor. Not ``Vscode``:
``VS Code`` moves the anchor the Contents list links to, so the rendering check leaves that fix unsafe
(tested in test_referee), which this oracle does not model."""


def normalise(line: str, unsafe: bool) -> str:
    """``line`` with what the applied fixes may change made canonical."""
    entry = Entry.parse(line)
    if entry is None:
        return canonical_products(line) if _HEADING.match(line) else line
    for defect in DEFECTS:
        if defect.safe or unsafe:
            entry = defect.may_change(entry)
    return entry.line()


def structure_normalised(text: str) -> str:
    """``text`` with the structural fixes' changes made: what the tags are compared on."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        entry = Entry.parse(line)
        if entry is not None:
            for defect in DEFECTS:
                entry = defect.may_change(entry) if defect.structural else entry
            lines[index] = entry.line()
    return "\n".join(lines)


def text_normalised(text: str, unsafe: bool) -> str:
    """A rendered text node with what the fixes may change made canonical (coarser than :func:`normalise`)."""
    text = re.sub(r"[ \t\u00a0]*[-–—−][ \t\u00a0]*", "-", text.replace("&quot;", '"'))
    text = canonical_products(text).strip().removesuffix(".")
    if unsafe:
        text = re.sub(r"[^\W\d_]", lambda m: m.group().lower(), _REPEATED.sub(r"\1", text), count=1)
    return text


# --------------------------------------------------------------------------- generated readmes

NAMES = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliet", "Kilo"]
NAMES += ["Github Stats", "nodejs-starter", "Lima Javascript"]  # product names in link text: left alone
SECTIONS = ["Tools", "Libraries", "Frameworks", "Resources", "Books", "Articles", "Videos", "Editors"]
FIRST = ["Fast", "Small", "Simple", "Modern", "Tiny", "Friendly"]
WORDS = ["tool", "for", "building", "apps", "with", "plugins", "and", "themes", "in", "the", "terminal"]
CORRECT = [
    "高速で軽量なツール。", "一个轻量级的框架。", "빠르고 작은 도구입니다.", "مكتبة سريعة وخفيفة.",
    "ספרייה קטנה ומהירה.",
    "🚀 Rockets for the terminal.", "Fast ⚡ and small.", "`npx alpha` runs it.", "Prints `wow!!` and `nodejs` logs.",
    "A GitHub Action for JavaScript and Node.js.", "Hosted at https://github.com/alpha/alpha.",
    "Wraps [Github](https://github.com) data.", "Fast tool. [![CI](https://img.shields.io/badge/ci.svg)](https://ci.example)",
]  # fmt: skip
"""Descriptions without defects (some of them take defects all the same)."""
MARKS = ["", "", "", " 🔥", " [![Stars](https://img.shields.io/github/stars/o/r.svg)](https://github.com/o/r)"]
BADGE = " [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)"


@st.composite
def description(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(CORRECT))
    words = [draw(st.sampled_from(FIRST)), *draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))]
    if draw(st.booleans()):
        markup = draw(st.sampled_from(["`cli`", "[docs](https://docs.example)"]))
        words.insert(draw(st.integers(1, len(words) - 1)), markup)
    trailing = draw(st.sampled_from(["", "", " [![CI](https://img.shields.io/ci.svg)](https://ci.example)"]))
    return " ".join(words) + "." + trailing + draw(st.sampled_from(["", "", "", " ", "  "]))


@dataclass(frozen=True)
class Readme:
    lines: tuple[str, ...]
    endings: tuple[str, ...]
    bom: bool
    correct: frozenset[int]
    """The lines of entries without defects: byte for byte the same after fixing."""
    defects: tuple[tuple[int, Defect], ...]
    toc: tuple[int, int] | None = None
    """The Contents list's lines ``[from, to)`` when a fix may rewrite them (AL411 has a fix)."""

    @property
    def data(self) -> bytes:
        body = "".join(line + ending for line, ending in zip(self.lines, self.endings, strict=True))
        return (BOM if self.bom else b"") + body.encode("utf-8")


def slug(heading: str) -> str:
    return heading.lower().replace(" ", "-")


class Builder:
    """Lines of a readme, with what each entry's line holds."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.correct: set[int] = set()
        self.defects: list[tuple[int, Defect]] = []

    def entry(self, entry: Entry, defects: list[Defect]) -> None:
        for defect in defects:
            entry = defect.inject(entry)
            self.defects.append((len(self.lines), defect))
        if not defects:
            self.correct.add(len(self.lines))
        self.lines.append(entry.line())


@st.composite
def readme(draw: st.DrawFn) -> Readme:
    out = Builder()
    kinds: dict[str, list[Defect]] = {}
    for defect in DEFECTS:
        if fixable(defect.code):
            kinds.setdefault(defect.kind, []).append(defect)
    out.lines += [f"# Awesome Things{BADGE if draw(st.booleans()) else ''}", "", "> A curated list of things.", ""]
    sections = [
        f"{draw(st.sampled_from(HEADING_PRODUCTS))} {name}" if draw(st.integers(0, 4)) == 0 else name
        for name in draw(st.lists(st.sampled_from(SECTIONS), min_size=1, max_size=3, unique=True))
    ]
    toc = None
    if draw(st.integers(0, 3)):
        out.lines += ["## Contents", ""]
        listed = [f"- [{name}](#{slug(name)})" for name in sections]
        if fixable("AL411") and len(listed) > 1 and draw(st.booleans()):  # a section left out, or out of order
            at = draw(st.integers(0, len(listed) - 1))
            moved = [listed[at], *listed[:at], *listed[at + 1 :]]
            listed = listed[:at] + listed[at + 1 :] if draw(st.booleans()) else moved
            toc = (len(out.lines), len(out.lines) + len(listed))
        out.lines += [*listed, ""]
    marker = draw(st.sampled_from("-*"))
    urls = iter(range(1, 1000))

    def entries(indent: str, count: int) -> None:
        # In alphabetical order, so that the opinionated alphabetical-order rule finds nothing.
        names = draw(st.lists(st.sampled_from(NAMES), min_size=count, max_size=count, unique=True))
        for name in sorted(names, key=str.casefold):
            entry = Entry(indent, marker, " ", name, f"https://example.com/{next(urls)}")
            if draw(st.integers(0, 5)):
                marks = draw(st.sampled_from(MARKS))
                entry = replace(entry, marks=marks, separator=" - ", description=draw(description()))
            children = 0 if indent else draw(st.sampled_from([0, 0, 0, 1, 2]))
            defects = []
            if draw(st.integers(0, 2)):  # up to three defects, of as many kinds
                chosen = draw(st.lists(st.sampled_from(list(kinds)), max_size=3, unique=True))
                drawn = [draw(st.sampled_from(kinds[kind])) for kind in chosen]
                defects = [d for d in drawn if d.applies(entry) and not (d.childless and children)]
            out.entry(entry, defects)
            if children:
                entries(draw(st.sampled_from(["  ", "    "])), children)

    for section in sections:
        out.lines += [f"## {section}", ""]
        entries("", draw(st.integers(1, 4)))
        out.lines.append("")
    out.lines += ["## Contributing", "", "Read the [guide](contributing.md) first."]
    if draw(st.booleans()):
        out.lines.append("")  # a final line ending: the last line is the empty one after it
    style = draw(st.sampled_from(["\n", "\r\n", "mixed"]))
    # A lone CR before an empty line would make one CRLF of the two endings: only on lines with text.
    # (The Contents list too: a rewrite keeps each line's ending where it was.)
    lone_cr = [bool(line) for line in out.lines[1:]]
    endings = [
        draw(st.sampled_from(["\n", "\r\n", "\r" if cr else "\n"])) if style == "mixed" else style for cr in lone_cr
    ]
    bom = draw(st.integers(0, 3)) == 0
    return Readme(tuple(out.lines), (*endings, ""), bom, frozenset(out.correct), tuple(out.defects), toc)


# --------------------------------------------------------------------------- the properties


@lru_cache(maxsize=256)
def parsed(data: bytes) -> Document:
    return parse_document(Source.from_bytes(data, PATH))


def rendering(text: str) -> tuple[list[str], list[str]]:
    """GitHub's tags, attributes and all, and the texts between them."""
    html = render_html(text)
    return re.findall(r"<[^>]*>", html), re.split(r"<[^>]*>", html)


def without(text: str, lines: tuple[int, int] | None) -> str:
    """``text`` without the 0-based ``lines`` ``[from, to)``."""
    if lines is None:
        return text
    split = text.split("\n")
    return "\n".join(split[: lines[0]] + split[lines[1] :])


def item_lines(document: Document) -> set[int]:
    """The 0-based lines where GitHub starts a list item."""
    position = document.source.position
    return {position(item.marker_span.start).line - 1 for block in document.lists for item in block.items}


def check_fixes(doc: Readme, unsafe: bool, record: Callable[[str], object] = event) -> bytes:
    """Fix ``doc`` (safe fixes, or all of them) and check every property; the fixed bytes.

    ``record`` gets what happened: the rounds, each defect fixed or left, the Contents rewritten.
    """
    mode = "unsafe" if unsafe else "safe"
    data = doc.data
    fixed, _, rounds = fix_until_stable(data, PATH, fixes_of, unsafe=unsafe)
    record(f"{mode}: fixed in {rounds} round(s)")

    # Every line and its ending kept, changed only as the defects allow.
    bom, old = split_lines(data)
    fixed_bom, new = split_lines(fixed)
    assert fixed_bom == bom
    start, stop = doc.toc or (len(old), len(old))
    shift = len(new) - len(old)  # only the Contents list may grow or shrink
    assert doc.toc is not None or shift == 0, "lines were added or deleted"
    pairs = [(index, index) for index in range(start)] + [(index, index + shift) for index in range(stop, len(old))]
    for before, after in pairs:
        (old_line, old_ending), (new_line, new_ending) = old[before], new[after]
        assert new_ending == old_ending, f"line {before + 1}: its ending changed"
        assert normalise(new_line, unsafe) == normalise(old_line, unsafe), f"line {before + 1}: {new_line!r}"
        if before in doc.correct:
            assert new_line == old_line, f"line {before + 1}: a correct entry was changed"
    document = parsed(fixed)
    if doc.toc is not None:
        check_contents(document, new[start : stop + shift])
        # The lines written anew end as lines of the file do: the first's, or the next line's.
        assert {ending for _, ending in new[start : stop + shift]} <= {ending for _, ending in old}
        record(f"{mode}: table of contents {'kept' if old[start:stop] == new[start : stop + shift] else 'rewritten'}")
    items = item_lines(document)
    for line, defect in doc.defects:
        if defect.safe != unsafe:
            at = line if line < start else line + shift
            entry = Entry.parse(new[at][0])
            outcome = "fixed" if entry is not None and not defect.present(entry) else "left"
            record(f"{mode}: {defect.code} {defect.kind} {outcome}{'' if at in items else ' (no item)'}")

    # GitHub renders the same tags, anchors and (as far as the defects allow) texts.
    assert document.heading_anchors == parsed(data).heading_anchors
    old_text = without(parsed(data).text, doc.toc)
    new_text = without(document.text, (start, stop + shift) if doc.toc else None)
    if unsafe:
        old_text, new_text = structure_normalised(old_text), structure_normalised(new_text)
    (old_tags, old_texts), (new_tags, new_texts) = rendering(old_text), rendering(new_text)
    assert new_tags == old_tags
    for old_node, new_node in zip(old_texts, new_texts, strict=True):
        assert text_normalised(new_node, unsafe) == text_normalised(old_node, unsafe), (old_node, new_node)

    # Converged: nothing left that a fix of this kind would fix; so fixing again changes nothing.
    left = [(code, f) for code, f in fixes_of(fixed) if unsafe or f.applicability is Applicability.SAFE]
    assert not left, [(f.code, f.line, f.message) for f in LINTER.lint_bytes(fixed, PATH).findings if f.fix]
    assert fix(fixed, unsafe) == fixed
    return fixed


def check_contents(document: Document, lines: list[tuple[str, bytes]]) -> None:
    """The Contents list's ``lines`` are a tight list of links to each section after it, in order."""
    headings = list(zip(document.heading_anchors, document.headings, strict=True))
    contents = next(index for index, (_, heading) in enumerate(headings) if heading.text.strip() == "Contents")
    sections = headings[contents + 1 :]
    wanted = [anchor for anchor, h in sections if h.level in (2, 3) and h.text.strip() != "Contributing"]
    tags, _ = rendering("\n".join(line for line, _ in lines))
    assert tags == ["<ul>", *[tag for a in wanted for tag in ("<li>", f'<a href="#{a}">', "</a>", "</li>")], "</ul>"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(readme())
def test_fixes_keep_the_readme(doc: Readme) -> None:
    check_fixes(doc, unsafe=False)
    check_fixes(doc, unsafe=True)


# --------------------------------------------------------------------------- fixed examples: the fixes happen


def every_defect() -> Readme:
    """A readme with one entry for each defect of :data:`DEFECTS`, then one for each correct description."""
    out = Builder()
    out.lines += [f"# Awesome Things{BADGE}", "", "> A curated list of things.", "", "## Tools", ""]
    for index, defect in enumerate([*DEFECTS, *[None] * len(CORRECT)]):
        description = "Fast tool for the terminal." if defect is not None else CORRECT[index - len(DEFECTS)]
        entry = Entry("", "-", " ", f"Entry {index:02d}", f"https://example.com/{index}", "", " - ", description)
        assert defect is None or defect.applies(entry), defect
        out.entry(entry, [] if defect is None else [defect])
    out.lines += ["", "## Contributing", "", "Read the [guide](contributing.md) first.", ""]
    endings = (*["\n"] * (len(out.lines) - 1), "")
    return Readme(tuple(out.lines), endings, bom=False, correct=frozenset(out.correct), defects=tuple(out.defects))


def test_every_defect_is_fixed() -> None:
    doc = every_defect()
    assert {defect.kind for _, defect in doc.defects} == {defect.kind for defect in DEFECTS}
    for unsafe in (False, True):
        events: list[str] = []
        _, lines = split_lines(check_fixes(doc, unsafe, events.append))
        for line, defect in doc.defects:
            entry = Entry.parse(lines[line][0])
            assert entry is not None
            assert defect.present(entry) == (not defect.safe and not unsafe), (defect, lines[line][0])
        mode = "unsafe" if unsafe else "safe"
        wanted = {f"{mode}: {d.code} {d.kind} fixed" for d in DEFECTS if d.safe != unsafe}
        assert wanted <= set(events), events


EXAMPLE = [
    "\ufeff# Awesome Things [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)",
    "",
    "> A curated list of things.",
    "",
    "## Contents",
    "",
    "- [Libraries](#libraries)",
    "- [Github Tools](#github-tools)",
    "",
    "## Github Tools",
    "",
    "- [Alpha](https://a.example) – Fast tool for Javascript apps",
    "- [ Bravo ](https://b.example) - small and nodejs friendly!!",
    "  - [Charlie](https://c.example) - 高速で軽量なツール。",
    "-[Delta](https://d.example) - Wraps [Github](https://github.com) data.",
    "",
    "## Libraries",
    "",
    "- [Echo](https://e.example) [![Stars](https://img.shields.io/x.svg)](https://x.example) - مكتبة سريعة وخفيفة.",
    "- [Foxtrot](https://f.example) 🔥 -\u00a0Rockets for the terminal",
    "",
    "## Contributing",
    "",
    "Read the [guide](contributing.md) first.",
]
SAFE = {
    6: "- [Github Tools](#github-tools)",  # in the order of the sections; link text is the author's
    7: "- [Libraries](#libraries)",
    9: "## GitHub Tools",
    11: "- [Alpha](https://a.example) - Fast tool for JavaScript apps.",
    12: "- [Bravo](https://b.example) - small and Node.js friendly!!",
    19: "- [Foxtrot](https://f.example) 🔥 - Rockets for the terminal.",
}
UNSAFE = SAFE | {
    12: "- [Bravo](https://b.example) - Small and Node.js friendly!",
    14: "- [Delta](https://d.example) - Wraps [Github](https://github.com) data.",
}


def test_a_readme_fixed_byte_for_byte() -> None:
    # BOM, CRLF, no final newline; the Japanese, the Arabic and the linked `Github` left as they are.
    data = "\r\n".join(EXAMPLE).encode()
    for unsafe, changed in ((False, SAFE), (True, UNSAFE)):
        expected = [changed.get(index, line) for index, line in enumerate(EXAMPLE)]
        assert fix(data, unsafe) == "\r\n".join(expected).encode()
