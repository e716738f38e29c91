"""AL411 table-of-contents: the Contents section against the sections, every mismatch reported."""

import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import given, settings
from hypothesis import strategies as st
from lintutil import lint

from awesome_lint.document import parse_document
from awesome_lint.engine import Linter, select_rules
from awesome_lint.findings import Applicability, Edit, Fix
from awesome_lint.fixes.referee import round_renders_as_meant
from awesome_lint.fixes.select import fix_until_stable
from awesome_lint.source import Source

HEAD = "# Awesome Things\n\n"


def github(text: str) -> str:
    """GitHub's HTML of ``text`` (cmark-gfm, raw HTML kept)."""
    html: str = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
    return html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEAD + "## Contents\n\n- [Editors](#editors)\n\n## Editors\n\n## Linters\n",
            [(5, 3, 5, 21, 'the table of contents lacks the section "Linters" (line 9)')],
        ),
        (
            HEAD + "## Contents\n\n- [Linters](#linters)\n- [Editors](#editors)\n\n## Editors\n\n## Linters\n",
            [(5, 3, 5, 21, '"#linters" is out of order: list the sections as they come')],
        ),
        (
            HEAD + "## Contents\n\n- [Editors](#editors)\n- [Editors](#editors)\n\n## Editors\n",
            [(6, 3, 6, 21, 'the table of contents lists "#editors" twice')],
        ),
        (
            HEAD + "## Intro\n\n## Contents\n\n- [Intro](#intro)\n- [Tools](#tools)\n\n## Tools\n",
            [
                (5, 1, 5, 2, "the Contents section should be the first section, before the others"),
                (7, 3, 7, 17, '"#intro" is a section before the Contents: not one to list'),
            ],
        ),
        (
            HEAD
            + "## Contents\n\n- [News](#news)\n  - [Newsletters](#newsletters)\n- [Blogs](#blogs)\n"
            "  - [Newsletters](#newsletters)\n\n## News\n### Newsletters\n## Blogs\n### Newsletters\n",
            [
                (8, 5, 8, 31, 'the table of contents lists "#newsletters" twice'),
                (
                    13,
                    1,
                    13,
                    3,
                    'a second section named "Newsletters" (the first is on line 11): '
                    "the table of contents can only jump to the first",
                ),
            ],
        ),
        (HEAD + "## Contents\n\nSee below.\n\n## Tools\n", [(3, 1, 3, 2, "the Contents section has no list of links")]),
        # A heading's own anchor wins over an `<a name>` that repeats it (GitHub jumps to the first).
        (
            HEAD + '## Contents\n\n- [Tools](#tools)\n- [More](#more)\n\n## Tools\n## More\n<a name="tools"></a>\n'
            "## Other Tools\n",
            [(6, 3, 6, 15, 'the table of contents lacks the section "Other Tools" (line 11)')],
        ),
    ],
)
def test_mismatches_are_all_reported(text: str, expected: list[tuple[int, int, int, int, str]]) -> None:
    assert lint(text, "table-of-contents") == expected


@pytest.mark.parametrize(
    "text",
    [
        HEAD + "## Contents\n\n- [Editors](#editors)\n  - [Vim](#vim)\n- [Linters](#linters)\n\n"
        "## Editors\n### Vim\n## Linters\n## Contributing\n## License\n",
        # The main heading and Contents itself may be listed, and headings below level 3.
        HEAD + "## Contents\n\n- [Awesome Things](#awesome-things)\n  - [Contents](#contents)\n"
        "  - [Tools](#tools)\n    - [Deep](#deep)\n\n## Tools\n#### Deep\n",
        # A repeated name reached by its own anchor.
        HEAD + "## Contents\n\n- [A](#a)\n  - [More](#more)\n- [B](#b)\n  - [More](#more-1)\n\n"
        "## A\n### More\n## B\n### More\n",
        # An HTML anchor just before a heading names it too.
        HEAD + '## Contents\n\n- [Tools](#my-tools)\n\n<a name="my-tools"></a>\n## Tools\n',
        HEAD + "## Table of Contents\n\n- [工具](#工具)\n\n## 工具\n",
        HEAD + "## Tools\n\nNo table of contents at all.\n",
    ],
)
def test_a_table_in_step_is_quiet(text: str) -> None:
    assert lint(text, "table-of-contents") == []


# --------------------------------------------------------------------------- the fix: the table written again

LINTER = Linter(select_rules(["AL411"]))
CHECK = Linter(select_rules(["AL410", "AL411"]))


def fixed(text: str) -> str:
    def fixes(data: bytes) -> list[tuple[str, Fix]]:
        return [(f.code, f.fix) for f in LINTER.lint_bytes(data, "README.md").findings if f.fix is not None]

    data, _, _ = fix_until_stable(text.encode(), "README.md", fixes, unsafe=False, check=round_renders_as_meant)
    return data.decode()


def left(text: str) -> list[str]:
    """The messages of AL410 and AL411 about ``text``."""
    return [f.message for f in CHECK.lint_text(text, "README.md").findings]


@pytest.mark.parametrize(
    ("table", "sections", "result"),
    [
        # Flat, dash: the missing section where it comes.
        ("- [A](#a)\n- [C](#c)\n", "## A\n## B\n## C\n", "- [A](#a)\n- [B](#b)\n- [C](#c)\n"),
        # Star bullets, four spaces a level; the table goes to `###`, so a new `###` is listed too.
        (
            "* [Editors](#editors)\n    * [Vim](#vim)\n* [Linters](#linters)\n",
            "## Editors\n### Vim\n### Emacs\n## Formatters\n## Linters\n",
            "* [Editors](#editors)\n    * [Vim](#vim)\n    * [Emacs](#emacs)\n* [Formatters](#formatters)\n"
            "* [Linters](#linters)\n",
        ),
        # A flat table still lists the `###` sections (the rule wants them): one step deeper.
        ("+ [A](#a)\n", "## A\n### A1\n## B\n", "+ [A](#a)\n  + [A1](#a1)\n+ [B](#b)\n"),
        # Tabs, and the order the sections come in.
        ("- [B](#b)\n- [A](#a)\n\t- [A1](#a1)\n", "## A\n### A1\n## B\n", "- [A](#a)\n\t- [A1](#a1)\n- [B](#b)\n"),
        # Repeated names: each by its own anchor; code, emoji, CJK, markup characters as plain text.
        (
            "- [Tools](#tools)\n",
            "## Tools\n## The `jq` tool\n## 工具 🔧\n## Tools\n## C++ & *C#*\n## 1 \\* 2 [x]\n",
            "- [Tools](#tools)\n- [The jq tool](#the-jq-tool)\n- [工具 🔧](#工具-)\n- [Tools](#tools-1)\n"
            "- [C++ & C#](#c--c)\n- [1 \\* 2 \\[x\\]](#1--2-x)\n",
        ),
        # Right-to-left names.
        ("- [עברית](#עברית)\n", "## עברית\n## العربية\n", "- [עברית](#עברית)\n- [العربية](#العربية)\n"),
        # Repeats and a stale entry go; an entry keeps its own text; the exempt sections stay as listed.
        (
            "- [Bee](#b)\n- [A](#a)\n- [A again](#a)\n- [Gone](#gone)\n- [Contributing](#contributing)\n",
            "## A\n## B\n## Contributing\n## License\n",
            "- [A](#a)\n- [Bee](#b)\n- [Contributing](#contributing)\n",
        ),
        # The main heading wrapping the sections, Contents itself, and another page at the end stay.
        (
            "- [Awesome Things](#awesome-things)\n  - [Contents](#contents)\n  - [B](#b)\n"
            "- [Website](https://example.com)\n",
            "## A\n### A1\n## B\n",
            "- [Awesome Things](#awesome-things)\n  - [Contents](#contents)\n  - [A](#a)\n    - [A1](#a1)\n"
            "  - [B](#b)\n- [Website](https://example.com)\n",
        ),
        # Most `###` entries sit under a `##` indented by mistake: each goes one below its `##`.
        (
            "- [A](#a)\n  - [B](#b)\n    - [B1](#b1)\n    - [B2](#b2)\n- [C](#c)\n  - [C1](#c1)\n",
            "## A\n## B\n### B1\n### B2\n## C\n### C1\n### C2\n",
            "- [A](#a)\n- [B](#b)\n  - [B1](#b1)\n  - [B2](#b2)\n- [C](#c)\n  - [C1](#c1)\n  - [C2](#c2)\n",
        ),
        # A section before the Contents is not one to list.
        ("- [Intro](#intro)\n- [A](#a)\n", "## A\n", "- [A](#a)\n"),
        # An `<a name>` the table links keeps working; a table that lists a `####` lists every `####`.
        (
            "- [A](#a)\n    - [Deep](#my-deep)\n",
            '## A\n<a name="my-deep"></a>\n#### Deep\n#### Deeper\n## B\n',
            "- [A](#a)\n    - [Deep](#my-deep)\n    - [Deeper](#deeper)\n- [B](#b)\n",
        ),
    ],
)
def test_the_fix_writes_the_table_again_in_its_style(table: str, sections: str, result: str) -> None:
    intro = "## Intro\n\n" if "#intro" in table else ""
    page = HEAD + intro + "## Contents\n\n{}\n" + sections
    text = page.format(table)
    assert fixed(text) == page.format(result)
    assert [m for m in left(page.format(result)) if "first section" not in m] == []


def test_a_table_with_a_lone_cr_is_rewritten_line_for_line() -> None:
    # Each line keeps its own ending: a lone CR written before the blank line's LF would fuse with it.
    text = "# Awesome Things\n\n## Contents\n\n- [B](#b)\r- [A](#a)\n\n## A\n\n## B\n"
    assert fixed(text).encode() == b"# Awesome Things\n\n## Contents\n\n- [A](#a)\r- [B](#b)\n\n## A\n\n## B\n"


def test_the_fix_keeps_the_line_endings_and_the_lines_it_does_not_change() -> None:
    lf = HEAD + "## Contents\n\n- [A](#a)\n  - [A1](#a1)\n- [C](#c)\n\n## A\n### A1\n## B\n## C\n"
    text = lf.replace("\n", "\r\n")
    assert fixed(text) == text.replace("- [C](#c)\r\n", "- [B](#b)\r\n- [C](#c)\r\n")
    [finding] = LINTER.lint_text(text, "README.md").findings
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    at = lf.index("- [C]")
    assert finding.fix.edits == (Edit(at, at, "- [B](#b)\n"),)
    assert finding.fix.describe() == "3 lines rewritten as 4"


def test_one_finding_carries_the_fix_the_first_in_the_file() -> None:
    text = HEAD + "## Contents\n\n- [C](#c)\n- [A](#a)\n\n## A\n## B\n## C\n"
    found = LINTER.lint_text(text, "README.md").findings
    assert [(f.line, f.message, f.fixable) for f in found] == [
        (5, '"#c" is out of order: list the sections as they come', True),
        (6, 'the table of contents lacks the section "B" (line 9)', False),
    ]
    assert fixed(text) == HEAD + "## Contents\n\n- [A](#a)\n- [B](#b)\n- [C](#c)\n\n## A\n## B\n## C\n"


@pytest.mark.parametrize(
    "table",
    [
        "- [A](#a)\n\n- [C](#c)\n",  # loose: written again tight, it would render otherwise
        "1. [A](#a)\n2. [C](#c)\n",  # numbered
        "- [A](#a), [C](#c)\n",  # two links on a line
        "- [A](#a)\n  more about A\n- [C](#c)\n",  # a continuation line
        "- Sections\n  - [A](#a)\n  - [C](#c)\n",  # a label without a link
        "- [A](#a)\n- [Website](https://example.com)\n- [C](#c)\n",  # another page between sections
    ],
)
def test_a_table_not_plain_enough_is_reported_and_left_alone(table: str) -> None:
    text = HEAD + "## Contents\n\n" + table + "\n## A\n## B\n## C\n"
    found = LINTER.lint_text(text, "README.md").findings
    assert 'the table of contents lacks the section "B" (line ' in found[0].message
    assert all(f.fix is None for f in found)
    assert fixed(text) == text


def test_a_table_of_reference_links_is_only_an_unsafe_fix() -> None:
    text = HEAD + "## Contents\n\n- [A][a]\n- [C](#c)\n\n## A\n## B\n## C\n\n[a]: #a\n"
    [finding] = LINTER.lint_text(text, "README.md").findings
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert finding.fix.note == (
        "it would change more than it means to on GitHub: "
        "'- [A][a]\\n- [C](#c)\\n' renders otherwise in its place than on its own"
    )
    assert fixed(text) == text


@pytest.mark.parametrize(
    "text",
    [
        HEAD + "## Contents\n\n- [A](#a)\n- [B](#b)\n\n## A\n## B\n## License\n",
        HEAD + "## Contents\n\n- [A](#a)\n  - [A1](#a1)\n\n## A\n### A1\n",
    ],
)
def test_a_table_in_step_has_no_fix(text: str) -> None:
    assert LINTER.lint_text(text, "README.md").findings == []
    assert fixed(text) == text


# --------------------------------------------------------------------------- GitHub's anchors, as the oracle


class _Page(HTMLParser):
    """The text of each heading, and the ``href`` of each link of the first list after Contents."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self.toc: list[str] = []
        self._heading: list[str] | None = None
        self._level = 0
        self._lists = 0
        self._state = "before"  # "contents" after the Contents heading, "in" inside its list, "done"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HEADING_TAGS:
            self._heading, self._level = [], int(tag[1])
        elif tag == "ul" and self._state in ("contents", "in"):
            self._state, self._lists = "in", self._lists + 1
        elif tag == "a" and self._state == "in":
            self.toc.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in HEADING_TAGS and self._heading is not None:
            text = "".join(self._heading)
            self.headings.append((self._level, text))
            if self._state == "before" and text == "Contents":
                self._state = "contents"
            self._heading = None
        elif tag == "ul" and self._state == "in":
            self._lists -= 1
            self._state = "done" if not self._lists else "in"

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)


HEADING_TAGS = {f"h{level}" for level in range(1, 7)}


def github_ids(headings: list[tuple[int, str]]) -> list[str]:
    """github-slugger's ids of rendered heading texts (written here again, from the HTML's text)."""
    out: list[str] = []
    for _, text in headings:
        base = "".join(
            "-" if c == " " else c
            for c in text.lower()
            if c in "-_ " or unicodedata.category(c)[0] in "LMN" or unicodedata.category(c) == "Pc"
        )
        anchor, count = base, 0
        while anchor in out:
            count += 1
            anchor = f"{base}-{count}"
        out.append(anchor)
    return out


NAMES = ["Tools", "Tools", "C", "C++", "工具", "Café", "The `jq` tool", "Emoji 🔥", "עברית", "العربية", "A & B",
         "[Linked](https://x.example)", "Ünïcode"]  # fmt: skip


@st.composite
def stale_page(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A list whose table is out of step, in some style, and the anchors its table should link."""
    sections = draw(st.lists(st.tuples(st.sampled_from([2, 3]), st.sampled_from(NAMES)), min_size=1, max_size=8))
    sections[0] = (2, sections[0][1])
    exempt = draw(st.sampled_from([[], ["Contributing"], ["Contributing", "License"]]))
    headings = [(1, "Awesome Things"), (2, "Contents")] + sections + [(2, name) for name in exempt]
    source = [f"{'#' * level} {name}\n" for level, name in headings]
    rendered = _Page()
    rendered.feed(github("".join(source)))
    ids = github_ids(rendered.headings)
    bullet = draw(st.sampled_from("-*+"))
    step = draw(st.sampled_from(["  ", "    ", "\t"]))
    wrapped = draw(st.booleans())  # awesome-go's style: every entry under the main heading's
    entries = [
        (level - 2 + wrapped, f"[{text}](#{anchor})")
        for (level, _), (_, text), anchor in zip(headings[2:], rendered.headings[2:], ids[2:], strict=True)
    ]
    kept = draw(st.lists(st.sampled_from(range(len(entries))), min_size=1, unique=True))
    wanted = [f"#{anchor}" for i, anchor in enumerate(ids[2:]) if i < len(sections) or i in kept]
    stale = [entries[i] for i in kept] + draw(st.lists(st.just((wrapped, "[Gone](#gone)")), max_size=1))
    stale[0] = (wrapped, stale[0][1])  # a table starts at its top: four spaces in, it would be code
    if wrapped:
        stale.insert(0, (0, "[Awesome Things](#awesome-things)"))
        wanted.insert(0, "#awesome-things")
    table = "".join(f"{step * depth}{bullet} {content}\n" for depth, content in stale if depth <= 1 + wrapped)
    text = source[0] + "\n" + source[1] + "\n" + table + "\n" + "".join(source[2:])
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text, wanted


@settings(deadline=None, max_examples=200)
@given(stale_page())
def test_after_the_fix_the_table_links_every_section_in_order(case: tuple[str, list[str]]) -> None:
    text, wanted = case
    after = fixed(text)
    if not LINTER.lint_text(text, "README.md").findings:  # only the stale "#gone", broken-anchor's
        assert after == text
        return
    assert left(after) == []
    page = _Page()
    page.feed(github(after))
    ids = set(github_ids(page.headings))
    hrefs = [unquote(href) for href in page.toc]
    assert all(href[1:] in ids for href in hrefs)
    assert hrefs == wanted


STALE_REAL = {"awesome-mac.md", "awesome-machine-learning.md", "awesome-php.md"}
"""Corpus lists whose own table is reported (see docs/conventions.md)."""


def test_a_real_table_made_stale_is_written_back_as_it_was(real_list: Path) -> None:
    """A real table, one leaf entry left out and two top-level groups swapped: the fix gives it back."""
    text = Source.from_bytes(real_list.read_bytes(), real_list.name).text
    document = parse_document(Source.from_text(text, "README.md"))
    contents = next((h for h in document.headings if h.level == 2 and "contents" in h.text.casefold()), None)
    if contents is None or LINTER.lint_text(text, "README.md").findings:
        assert contents is None or real_list.name in STALE_REAL
        return
    block = next(b for b in document.lists if b.depth == 0 and b.items[0].marker_span.start > contents.span.end)
    start = text.rfind("\n", 0, block.items[0].marker_span.start) + 1
    old = text[start : block.items[-1].end_line_offset]
    lines = old.splitlines(keepends=True)

    def depth(line: str) -> int:
        return len(line) - len(line.lstrip())

    def subtree(i: int) -> int:
        """Where the entry on line ``i`` and the ones nested in it end."""
        j = i + 1
        while j < len(lines) and depth(lines[j]) > depth(lines[i]):
            j += 1
        return j

    # Two neighbouring sections at the depth most entries have swap places (awesome-go's are under its title).
    most = max(set(map(depth, lines)), key=[depth(line) for line in lines].count)
    i = next(i for i, line in enumerate(lines) if depth(line) == most and i > 1)
    j = subtree(i)
    assert depth(lines[j]) == most
    k = subtree(j)
    shuffled = lines[:i] + lines[j:k] + lines[i:j] + lines[k:]
    exempt = ("[contributing]", "[footnotes]", "[related lists]", "[license]")
    leaf = next(
        i
        for i in range(3, len(shuffled) - 1)
        if depth(shuffled[i + 1]) <= depth(shuffled[i]) and not shuffled[i].lstrip()[2:].casefold().startswith(exempt)
    )
    del shuffled[leaf]
    stale = text[:start] + "".join(shuffled) + text[start + len(old) :]
    assert LINTER.lint_text(stale, "README.md").findings
    assert fixed(stale) == text

