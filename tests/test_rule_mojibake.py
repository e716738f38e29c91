"""AL301 mojibake, linted through the real engine.

The real-list checks run on the vendored lists, and in the corpus tier (``--corpus=DIR``)
on the shared corpus's 18 lists and its 215 free-programming-books files too.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from realdata import Corpus

from awesome_lint.document import Span, parse_document
from awesome_lint.engine import Linter, select_rules
from awesome_lint.findings import Finding, Severity
from awesome_lint.rules import REGISTRY
from awesome_lint.rules.mojibake import Mojibake
from awesome_lint.source import Source

Expected = tuple[int, int, int, int, str]


def findings(text: str) -> list[Finding]:
    return Linter(select_rules(["mojibake"])).lint_text(text).findings


def located(text: str) -> list[Expected]:
    return [(f.line, f.column, f.end_line, f.end_column, f.message) for f in findings(text)]


def msg(bad: str, good: str) -> str:
    return f'mojibake "{bad}" should be "{good}"'


def shown(text: str) -> str:
    """The rule's way of quoting: printable as is, invisible characters as Python escapes."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


_CP1252: dict[int, str] = {}
for _byte in range(0x80, 0x100):
    try:
        _CP1252[_byte] = bytes([_byte]).decode("cp1252")
    except UnicodeDecodeError:
        _CP1252[_byte] = chr(_byte)


def corrupt(text: str) -> str:
    """``text`` saved as UTF-8 and read back as Windows-1252: the classic mojibake."""
    return "".join(chr(b) if b < 0x80 else _CP1252[b] for b in text.encode("utf-8"))


# --- firing cases: exact positions (1-based, end inclusive) and exact messages -------------------

FIRING = [
    pytest.param("LinkedInâ€™s\n", [(1, 9, 1, 11, msg("â€™", "’"))], id="apostrophe"),
    pytest.param(
        "# Blogs\n\n- [LinkedIn Engineering](https://engineering.linkedin.com) - LinkedInâ€™s blog.\n",
        [(3, 70, 3, 72, msg("â€™", "’"))],
        id="list-item-with-link",
    ),
    pytest.param("CafÃ©\n", [(1, 4, 1, 5, msg("Ã©", "é"))], id="e-acute"),
    pytest.param("Fast â€” and free\n", [(1, 6, 1, 8, msg("â€”", "—"))], id="em-dash"),
    pytest.param("Ã¼ber\n", [(1, 1, 1, 2, msg("Ã¼", "ü"))], id="u-umlaut-at-line-start"),
    pytest.param("Hello: Ð¿Ñ€Ð¸Ð²ÐµÑ‚!\n", [(1, 8, 1, 19, msg("Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "привет"))], id="cyrillic"),
    pytest.param("Smile ðŸ˜€\n", [(1, 7, 1, 10, msg("ðŸ˜€", "😀"))], id="emoji"),
    pytest.param("CafÃƒÂ©\n", [(1, 4, 1, 7, msg("ÃƒÂ©", "é"))], id="double-encoded"),
    pytest.param(
        "â€œquotedâ€\x9d\n",
        [(1, 1, 1, 3, msg("â€œ", "“")), (1, 10, 1, 12, msg("â€\\x9d", "”"))],
        id="quotes-with-c1-control",
    ),
    pytest.param("Â© 2024 Foo\n", [(1, 1, 1, 2, msg("Â©", "©"))], id="copyright-widened-over-unchanged-char"),
    pytest.param("xÃ©Â©y\n", [(1, 2, 1, 5, msg("Ã©Â©", "é©"))], id="look-alike-not-misaligned"),
    pytest.param("Fooâ„¢ bar\n", [(1, 4, 1, 6, msg("â„¢", "™"))], id="trademark-ftfy-misses"),
    pytest.param("âš¡ fast\n", [(1, 1, 1, 3, msg("âš¡", "⚡"))], id="high-voltage-ftfy-misses"),
    pytest.param("voilÃ  le travail\n", [(1, 5, 1, 6, msg("Ã ", "à"))], id="lost-no-break-space"),
    pytest.param(
        "Ã¤ Ã¶ Ã¼ ÃŸ\n",
        [
            (1, 1, 1, 2, msg("Ã¤", "ä")),
            (1, 4, 1, 5, msg("Ã¶", "ö")),
            (1, 7, 1, 8, msg("Ã¼", "ü")),
            (1, 10, 1, 11, msg("ÃŸ", "ß")),
        ],
        id="several-on-a-line",
    ),
    pytest.param("naïve résumé, but LinkedInâ€™s\n", [(1, 27, 1, 29, msg("â€™", "’"))], id="next-to-legit-accents"),
    pytest.param(
        "# Title\r\n\r\n- [Café](https://a.example) - CafÃ© au lait\r\n",
        [(3, 34, 3, 35, msg("Ã©", "é"))],
        id="crlf-file",
    ),
    pytest.param("\ufeffCafÃ© list\n", [(1, 4, 1, 5, msg("Ã©", "é"))], id="bom-at-file-start"),
    pytest.param(
        "> - outer\n>   - [Inner](https://example.com) - Ã¼ber fast\n",
        [(2, 38, 2, 39, msg("Ã¼", "ü"))],
        id="nested-list-in-quote",
    ),
    pytest.param(
        "- a\n  - b\n    - [c](https://example.com) - LinkedInâ€™s\n",
        [(3, 42, 3, 44, msg("â€™", "’"))],
        id="third-level-list",
    ),
    pytest.param("## CafÃ©s\n", [(1, 7, 1, 8, msg("Ã©", "é"))], id="heading"),
    pytest.param(
        "| Name | Note |\n|---|---|\n| `CafÃ©` | CafÃ© |\n", [(3, 16, 3, 17, msg("Ã©", "é"))], id="table-cell"
    ),
    pytest.param("Use `CafÃ©` not CafÃ©\n", [(1, 20, 1, 21, msg("Ã©", "é"))], id="beside-a-code-span"),
    pytest.param("---\ntitle: x\n---\n# CafÃ©\n", [(4, 6, 4, 7, msg("Ã©", "é"))], id="after-front-matter"),
    pytest.param("priceÂ\u00a0tag\n", [(1, 6, 1, 7, msg("Â\\xa0", "\\xa0"))], id="invisible-escaped"),
    pytest.param(
        "He said â€œhiâ€ and left\n",
        [(1, 9, 1, 11, msg("â€œ", "“")), (1, 14, 1, 15, msg("â€", "”"))],
        id="closing-quote-with-lost-byte",
    ),
    pytest.param(
        "ðŸ‘¨â€ðŸ‘©â€ðŸ‘§ family\n",
        [(1, 1, 1, 16, msg("ðŸ‘¨â€ðŸ‘©â€ðŸ‘§", "👨\\u200d👩\\u200d👧"))],
        id="emoji-zwj-sequence-with-lost-bytes",
    ),
    pytest.param("ï»¿# Title\n", [(1, 1, 1, 3, msg("ï»¿", ""))], id="misread-bom-removed"),
]


@pytest.mark.parametrize(("text", "expected"), FIRING)
def test_fires_with_exact_position_and_message(text: str, expected: list[Expected]) -> None:
    assert located(text) == expected


def test_finding_identity() -> None:
    (finding,) = findings("CafÃ©\n")
    assert (finding.code, finding.rule, finding.severity) == ("AL301", "mojibake", Severity.ERROR)


@pytest.mark.parametrize(("text", "expected"), FIRING)
def test_repairs_match_findings_and_restore_text(text: str, expected: list[Expected]) -> None:
    document = parse_document(Source.from_text(text))
    repairs = Mojibake().repairs(document)
    assert len(repairs) == len(expected)
    for (span, repair), (line, column, end_line, end_column, message) in zip(repairs, expected, strict=True):
        start, end = document.span_positions(span)
        assert (start.line, start.column, end.line, end.column) == (line, column, end_line, end_column)
        assert message == msg(shown(document.text[span.start : span.end]), shown(repair))
    assert not located(apply(document.text, repairs))


# --- quiet cases ---------------------------------------------------------------------------------

LEGITIMATE = [
    "naïve résumé",
    "SÃO PAULO",
    "INFORMAÇÃO",
    "NÃO É POSSÍVEL",
    "A MAÇÃ É VERMELHA, AMANHÃ É OUTRO DIA",
    "Καλημέρα κόσμε",
    "Привет, мир! Съешь же ещё этих мягких французских булок",
    "中文字符，日本語のテキスト，한국어",
    "مرحبا بالعالم",
    "नमस्ते दुनिया",
    "😀 🚀 ✨ ⭐ ★ ✔ ❤️ 👍🏽 🟢",
    "“curly” ‘single’ it’s",
    "„Hallo“ « Bonjour » ‚ja‘",
    "£5 €10 ¥3",
    "a×b÷c ±1 ½ 90°",
    "┌─┬─┐ │ ├─┼─┤ └─┴─┘ ═ ║ ░▒▓█",
    "ÎNVĂȚĂMÂNTUL ROMÂNESC",
    "Straße, Größe, Ärger, ÜBER",
    "Zürich, Ærø, Łódź, Dvořák, İstanbul",
    "Crème brûlée à la française; déjà vu",
    "Señor Ñandú ¿qué? ¡sí!",
    "Tomáš Holan, Martin Mareš, Šťastný, Žluťoučký kůň",
    "© 2024 Foo™ ® ℹ",
    "√2 ≈ 1.41 ≤ ≥ ≠ ∞",
    "→ ← ⇒ ⌘ ⌥ ⇧ • · … — –",
    "Tiếng Việt: Hà Nội, Đà Nẵng",
    "Það er gott, þorn",
    "«café» and „Übung“",
]

CONTEXTS = [
    pytest.param("{}\n", id="paragraph"),
    pytest.param("- [Name](https://example.com) - {}.\n", id="list-item"),
    pytest.param("## {}\n", id="heading"),
    pytest.param("| a | b |\n|---|---|\n| {} | x |\n", id="table"),
    pytest.param("> - nested\n>   - {}\n", id="nested-in-quote"),
]


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("sample", LEGITIMATE)
def test_legitimate_text_is_quiet(sample: str, context: str) -> None:
    assert located(context.format(sample)) == []


SKIPPED = [
    pytest.param("Use `LinkedInâ€™s` here\n", id="code-span"),
    pytest.param("Use ``CafÃ© ` x`` here\n", id="double-backtick-code-span"),
    pytest.param("- [x](https://example.com) - `CafÃ©`\n", id="code-span-in-list-item"),
    pytest.param("> `CafÃ©`\n", id="code-span-in-quote"),
    pytest.param("# T\n\n```\nCafÃ© â€” ðŸ˜€\n```\n", id="fenced-code-block"),
    pytest.param("~~~python\nx = 'â€™'\n~~~\n", id="tilde-fence"),
    pytest.param("- item\n\n  ```\n  CafÃ©\n  ```\n", id="fenced-code-in-list"),
    pytest.param("> ```\n> CafÃ©\n> ```\n", id="fenced-code-in-quote"),
    pytest.param("# T\n\n    CafÃ©\n", id="indented-code-block"),
    pytest.param("```\nCafÃ©\n", id="unclosed-fence"),
    pytest.param("---\ntitle: CafÃ©\ndescription: LinkedInâ€™s\n---\n# Title\n", id="front-matter"),
    pytest.param("---\ntitle: CafÃ©\n...\n# Title\n", id="front-matter-dots"),
]


@pytest.mark.parametrize("text", SKIPPED)
def test_code_and_front_matter_are_skipped(text: str) -> None:
    assert located(text) == []


# --- metadata and cost ---------------------------------------------------------------------------


def test_rule_metadata() -> None:
    assert REGISTRY["AL301"] is Mojibake
    assert Mojibake.name == "mojibake"
    assert Mojibake.severity is Severity.ERROR
    assert "\n" not in Mojibake.summary
    explanation = Mojibake.explanation()
    headings = [line for line in explanation.splitlines() if line and not line.startswith(" ")]
    assert headings == ["What it does", "Why is this bad?", "Example"]


def test_ftfy_is_imported_only_when_a_line_needs_it() -> None:
    script = (
        "import sys\n"
        "from awesome_lint.engine import Linter, select_rules\n"
        "linter = Linter(select_rules(['mojibake']))\n"
        "assert not linter.lint_text('# Plain\\n\\nnaïve résumé “quotes” ★ 😀 Привет\\n').findings\n"
        "assert 'ftfy' not in sys.modules, 'ftfy imported for clean text'\n"
        "assert linter.lint_text('CafÃ©\\n').findings\n"
        "assert 'ftfy' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


# --- the corpus ----------------------------------------------------------------------------------


def apply(text: str, repairs: list[tuple[Span, str]]) -> str:
    """``text`` with each span replaced by its repair (spans must not overlap)."""
    out: list[str] = []
    pos = 0
    for span, repair in sorted(repairs, key=lambda item: item[0].start):
        assert span.start >= pos
        out += [text[pos : span.start], repair]
        pos = span.end
    return "".join([*out, text[pos:]])


_MESSAGE = re.compile(r'mojibake "(.*)" should be "(.*)"', re.DOTALL)


def assert_findings_are_real(source: Source, found: list[Finding]) -> None:
    for finding in found:
        assert finding.code == "AL301", finding.message
        assert finding.line == finding.end_line
        line = source.line_text(finding.line)
        flagged = line[finding.column - 1 : finding.end_column]
        match = _MESSAGE.fullmatch(finding.message)
        assert match is not None, finding.message
        assert match.group(1) == shown(flagged)
        assert not flagged.isascii()


def test_real_list_findings_are_real(real_list: Path) -> None:
    source = Source.from_bytes(real_list.read_bytes(), real_list.name)
    found = Linter(select_rules(["mojibake"])).lint_source(source).findings
    print(f"{real_list.name}: {len(found)} findings")
    assert_findings_are_real(source, found)
    non_ascii_lines = sum(1 for line in source.text.split("\n") if not line.isascii())
    assert len(found) <= non_ascii_lines


def test_real_list_misread_as_cp1252_is_found_and_repaired(real_list: Path) -> None:
    original = Source.from_bytes(real_list.read_bytes(), real_list.name).text
    source = Source.from_text(corrupt(original), real_list.name)
    found = Linter(select_rules(["mojibake"])).lint_source(source).findings
    assert_findings_are_real(source, found)
    document = parse_document(source)
    repairs = Mojibake().repairs(document)
    assert len(repairs) == len(found)
    code_lines: set[int] = set()
    for span in document.code_spans:
        start, end = document.span_positions(span)
        code_lines.update(range(start.line, end.line + 1))
    repaired = apply(source.text, repairs).split("\n")
    expected = original.split("\n")
    assert len(repaired) == len(expected)
    wrong = [
        (number, line)
        for number, (line, want) in enumerate(zip(repaired, expected, strict=True), start=1)
        if line != want and number not in code_lines
    ]
    assert wrong == []


@pytest.mark.corpus
def test_many_languages_are_quiet(corpus: Corpus) -> None:
    """free-programming-books: 215 lists, some 7,400 non-ASCII lines in dozens of languages, no mojibake."""
    linter = Linter(select_rules(["mojibake"]))
    found = [
        f"{path.name}:{finding.line}: {finding.message}"
        for path in corpus.books
        for finding in linter.lint_file(path).findings
    ]
    assert found == []
