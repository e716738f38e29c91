"""AL302 invisible-character: characters a reader cannot see, at the exact character, and what is left alone."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lintutil import lint

from awesome_lint.engine import Linter, select_rules
from awesome_lint.findings import Applicability, Fix
from awesome_lint.fixes.select import fix_until_stable

ZWSP = "invisible character U+200B ZERO WIDTH SPACE"
NBSP = "invisible character U+00A0 NO-BREAK SPACE"
BIDI = "(a bidirectional control: it reorders the text around it)"
CONTROL = "(a control character): remove it"
IDEOGRAPHIC = "invisible character U+3000 IDEOGRAPHIC SPACE"
FIRST_OF_3 = "(a control character, the first of 3 in a row): remove them"


@pytest.mark.parametrize(
    ("text", "line", "column", "end_column", "message"),
    [
        ("Hello\u200bworld\n", 1, 6, 6, f"{ZWSP}: remove it"),
        ("x\u200b\u200b\u200by\n", 1, 2, 4, f"{ZWSP} (3 in a row): remove them"),
        ("- [Foo](https://example.com/\u200bfoo) - A tool.\n", 1, 29, 29, f"{ZWSP} in a URL: remove it"),
        ("<https://example.com/\u200b>\n", 1, 22, 22, f"{ZWSP} in a URL: remove it"),
        ("[a][r]\n\n[r]: https://example.com/\u200b\n", 3, 26, 26, f"{ZWSP} in a URL: remove it"),
        ("```\nrm -rf /tmp/\u200bx\n```\n", 2, 13, 13, f"{ZWSP}: remove it"),
        ("Go\u200b\u200balKicker 对于编译\n", 1, 3, 4, f"{ZWSP} (2 in a row): remove them"),
        ("a\u200db\n", 1, 2, 2, "invisible character U+200D ZERO WIDTH JOINER: remove it"),
        ("Auf\u200clage\n", 1, 4, 4, "invisible character U+200C ZERO WIDTH NON-JOINER: remove it"),
        ("a\u2060b\n", 1, 2, 2, "invisible character U+2060 WORD JOINER: remove it"),
        ("x\ufeffy\n", 1, 2, 2, "invisible character U+FEFF ZERO WIDTH NO-BREAK SPACE: remove it"),
        ("Ku\u00adbiak\n", 1, 3, 3, "invisible character U+00AD SOFT HYPHEN: remove it"),
        ("A\u3164B\n", 1, 2, 2, "invisible character U+3164 HANGUL FILLER: remove it"),
        ("A\u202eB\n", 1, 2, 2, f"invisible character U+202E RIGHT-TO-LEFT OVERRIDE {BIDI}: remove it"),
        ("`level\u2066`\n", 1, 7, 7, f"invisible character U+2066 LEFT-TO-RIGHT ISOLATE {BIDI}: remove it"),
        ("\u200f hello\n", 1, 1, 1, "invisible character U+200F RIGHT-TO-LEFT MARK: remove it"),
        ("a\x07b\n", 1, 2, 2, f"invisible character U+0007 {CONTROL}"),
        ("a\x1bb\n", 1, 2, 2, f"invisible character U+001B {CONTROL}"),
        ("a\x9db\n", 1, 2, 2, f"invisible character U+009D {CONTROL}"),
        ("a\x8fb\n", 1, 2, 2, f"invisible character U+008F {CONTROL}"),
        (
            "caf\ufffd au lait\n",
            1,
            4,
            4,
            "U+FFFD REPLACEMENT CHARACTER: a character was lost when this text was decoded; write it again",
        ),
        (
            "hi \U000e0069\U000e0067\U000e006e there\n",
            1,
            4,
            6,
            'invisible tag characters U+E0069… (they spell "ign"): remove them',
        ),
        # Unusual spaces: in link text, in URLs, next to an entry's separator.
        ("- [Foo\u00a0Bar](https://x.example) - Desc.\n", 1, 7, 7, f"{NBSP} in link text: write a space"),
        ("- [\u00a0Foo](https://x.example) - Desc.\n", 1, 4, 4, f"{NBSP} in link text: remove it"),
        ("| [Foo\u00a0Bar](https://x.example) | x |\n|---|---|\n", 1, 7, 7, f"{NBSP} in link text: write a space"),
        (
            "![Foo\u2009Bar](https://x.example/a.png)\n",
            1,
            6,
            6,
            "invisible character U+2009 THIN SPACE in link text: write a space",
        ),
        ("[x](https://a.example/b\u00a0c)\n", 1, 24, 24, f"{NBSP} in a URL: write %20"),
        ("[x](https://a.example/b\u00a0)\n", 1, 24, 24, f"{NBSP} in a URL: remove it"),
        ("[x](https://a.example/\u3000)\n", 1, 23, 23, f"{IDEOGRAPHIC} in a URL: remove it"),
        (
            "- [Foo](https://x.example)\u2009- Desc.\n",
            1,
            27,
            27,
            "invisible character U+2009 THIN SPACE next to the separator: write a space",
        ),
        (
            "- **[Foo](https://x.example)** -\u202fDesc.\n",
            1,
            33,
            33,
            "invisible character U+202F NARROW NO-BREAK SPACE next to the separator: write a space",
        ),
    ],
)
def test_invisible_characters_are_reported(text: str, line: int, column: int, end_column: int, message: str) -> None:
    assert lint(text, "invisible-character") == [(line, column, line, end_column, message)]


def test_each_character_is_reported_where_it_is() -> None:
    assert lint("`access\u202e \u2066level` and\u200b[a\u00a0b](https://x.example/\u200b)\n", "AL302") == [
        (1, 8, 1, 8, f"invisible character U+202E RIGHT-TO-LEFT OVERRIDE {BIDI}: remove it"),
        (1, 10, 1, 10, f"invisible character U+2066 LEFT-TO-RIGHT ISOLATE {BIDI}: remove it"),
        (1, 21, 1, 21, f"{ZWSP}: remove it"),
        (1, 24, 1, 24, f"{NBSP} in link text: write a space"),
        (1, 46, 1, 46, f"{ZWSP} in a URL: remove it"),
    ]


@pytest.mark.parametrize(
    ("text", "end_column", "message"),
    [
        ("a\u200b\u200cb\n", 3, f"{ZWSP} (the first of 2 invisible characters in a row): remove them"),
        (
            "a\u200b\u202e\u202cb\n",
            4,
            f"{ZWSP} (the first of 3 invisible characters in a row, bidirectional controls among them): remove them",
        ),
        ("a\x07\x08\x81b\n", 4, f"invisible character U+0007 {FIRST_OF_3}"),
    ],
)
def test_a_run_of_invisible_characters_is_one_finding(text: str, end_column: int, message: str) -> None:
    assert lint(text, "AL302") == [(1, 2, 1, end_column, message)]


def test_controls_and_bidirectional_controls_are_errors_the_others_warnings() -> None:
    findings = Linter(select_rules(["AL302"])).lint_text("a\u202eb\x07c\ufffdd\u200be\n", "README.md").findings
    assert [(f.column, f.severity.value) for f in findings] == [
        (2, "error"),
        (4, "error"),
        (6, "error"),
        (8, "warning"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Plain ASCII text, tabs\tand all.\n",
        "\ufeff# Title\n",  # the BOM that starts a file is no character of the text
        "Family: 👨\u200d👩\u200d👧, coder: 👩🏽\u200d💻, rainbow: 🏳\ufe0f\u200d🌈, heart on fire: ❤\ufe0f\u200d🔥\n",
        "Persian: می\u200cخواهم، کتاب\u200cها\n",
        "Hindi: क्\u200dष, Malayalam: ന്\u200d, Kannada: ಕ\u200cಕ\n",
        "Thai: ภาษา\u200bไทย, Khmer: ជំនាន់\u200bថ្មី\n",
        "Hebrew: שלום\u200f hello, Persian: آموزش \u200e0 تا \u200e100\n",
        "Hebrew: שלום\u200f\u200e hello\n",
        "Arabic: مرحبا\u061c!\n",
        "A flag: \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f.\n",
        "Prose\u00a0with a no-break space, and a\u2009thin one.\n",
        "[Bonjour\u00a0! Quoi\u00a0? «\u00a0Oui\u00a0»](https://x.example)\n",
        "[10\u202f000 trucs](https://x.example)\n",
        "[Vuex For The Clueless\u200a—\u200aThe Missing Primer](https://x.example)\n",
        "[ケヴィン・ケリー著作選集\u3000１](https://x.example)\n",
        "- [Foo](https://x.example)\u00a0- Desc.\n",  # the separator itself is AL401's
        "`(CC\u00a0BY-NC-SA)`\n",
        "<strong>Your brand\u202f→\u202fhere 🚀</strong>\n",
        "don\x92t, \x80 and \x9f\n",  # C1 controls that Windows-1252 reads as characters: mojibake, AL301's
        "Ã\u00a0 la [Ã\u00a0 la](https://x.example)\n",  # mojibake: AL301's
        "中文，日本語、한국어 and عربي and עברית\n",
    ],
)
def test_characters_that_do_a_job_are_quiet(text: str) -> None:
    assert lint(text, "invisible-character") == []


def fixed(text: str, unsafe: bool) -> str:
    linter = Linter(select_rules(["AL302"]))

    def fixes(data: bytes) -> list[tuple[str, Fix]]:
        return [(f.code, f.fix) for f in linter.lint_bytes(data, "README.md").findings if f.fix is not None]

    return fix_until_stable(text.encode(), "README.md", fixes, unsafe=unsafe)[0].decode()


@pytest.mark.parametrize(
    ("text", "safe", "unsafe"),
    [
        ("Hello\u200bworld\n", "Helloworld\n", "Helloworld\n"),
        ("foo \u200b\nbar\n", "foo \nbar\n", "foo \nbar\n"),
        ("- [Foo](https://example.com/\u200bfoo) - A tool.\n", "- [Foo](https://example.com/foo) - A tool.\n", None),
        ("[a][r]\n\n[r]: https://example.com/\u200b\n", "[a][r]\n\n[r]: https://example.com/\n", None),
        ("Ku\u00adbiak and a\x07b\n", "Kubiak and ab\n", None),
        ("hi \U000e0069\U000e0067\U000e006e there\n", "hi  there\n", None),
        ("x\n\n\ufeff# Title\n", "x\n\n# Title\n", None),
        ("x\n\n> \ufeff- item\n", "x\n\n> - item\n", None),
        ("- [Foo\u00a0Bar](https://x.example) - Desc.\n", "- [Foo Bar](https://x.example) - Desc.\n", None),
        ("- [\u00a0Foo](https://x.example) - Desc.\n", "- [Foo](https://x.example) - Desc.\n", None),
        ("- [Foo](https://x.example)\u2009- Desc.\n", "- [Foo](https://x.example) - Desc.\n", None),
        ("[x](https://a.example/b\u00a0)\n", "[x](https://a.example/b)\n", None),
        ("[x](https://a.example/b\u00a0c)\n", "[x](https://a.example/b\u00a0c)\n", "[x](https://a.example/b%20c)\n"),
        ("A\u202eB\n", "A\u202eB\n", "AB\n"),
        ("a\u200b\u202eb\n", "a\u200b\u202eb\n", "ab\n"),
        ("x\n\n\u200b- item\n", "x\n\n- item\n", None),
        ("\u200f hello\n", "\u200f hello\n", " hello\n"),
        ("a\x9db\n", "ab\n", None),
        ("caf\ufffd\n", "caf\ufffd\n", "caf\ufffd\n"),
    ],
)
def test_fixes(text: str, safe: str, unsafe: str | None) -> None:
    assert fixed(text, unsafe=False) == safe
    assert fixed(text, unsafe=True) == (safe if unsafe is None else unsafe)


@pytest.mark.parametrize(
    "text",
    [
        "Hello\u200bworld and soft\u00adhyphen\n",
        "- [Foo\u00a0Bar](https://x.example/\u200ba) - Desc.\n",
        "x\n\n\ufeff# Title\n",
        "- [Foo](https://x.example)\u2009- Desc.\n",
    ],
)
def test_the_safe_fixes_are_the_ones_the_rendering_check_lets_through(text: str) -> None:
    findings = Linter(select_rules(["AL302"])).lint_text(text, "README.md").findings
    assert findings
    for finding in findings:
        assert finding.fix is not None
        assert (finding.fix.applicability, finding.fix.note) == (Applicability.SAFE, "")


INVISIBLE = "\u200b\u00a0\u202e\u200d\ufeff\u00ad\x07\x81"


@given(
    st.text(
        alphabet=st.sampled_from([*"ab -[]()<>`*\n", *INVISIBLE]),
        max_size=40,
    )
)
def test_every_finding_is_one_run_of_invisible_characters_named_by_the_first(text: str) -> None:
    findings = Linter(select_rules(["AL302"])).lint_text(text, "README.md").findings
    lines = text.removeprefix("\ufeff").split("\n")  # the BOM that starts a file is not part of its text
    for finding in findings:
        assert finding.line == finding.end_line
        run = lines[finding.line - 1][finding.column - 1 : finding.end_column]
        assert run and set(run) <= set(INVISIBLE), finding
        assert finding.message.startswith(f"invisible character U+{ord(run[0]):04X} "), finding
