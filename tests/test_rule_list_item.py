"""AL401 list-item: the entry format `- [Name](url) - Description.`, its fixes, and what stays quiet."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from lintutil import lint

from awesome_lint.engine import Linter, select_rules
from awesome_lint.findings import Applicability, Fix
from awesome_lint.fixes.select import fix_until_stable

LINTER = Linter(select_rules(["list-item"]))

SEP = 'separate the description with " - ", not "{}"{}'
END = 'end the description with "." (or "!", "?", "…")'
NO_SEP = 'separate the description from the link with " - " (a hyphen between spaces)'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- [Foo](https://f.example) – Fast.\n", [(1, 27, 1, 29, SEP.format(" – ", " (an en dash)"))]),
        ("- [Foo](https://f.example) — Fast.\n", [(1, 27, 1, 29, SEP.format(" — ", " (an em dash)"))]),
        ("- [Foo](https://f.example)\u00a0- Fast.\n", [(1, 27, 1, 29, SEP.format("\\u00a0- ", " (a no-break space)"))]),
        ("- [Foo](https://f.example) -Fast.\n", [(1, 27, 1, 28, SEP.format(" -", " (a space is missing)"))]),
        ("- [Foo](https://f.example) - Fast\n", [(1, 33, 1, 33, END)]),
        ("- [Foo](https://f.example) - Fast ![b](https://b.example/x.svg)\n", [(1, 33, 1, 33, END)]),
        ("- [Foo](https://f.example) - Fast. [MIT] [site](https://s.example)\n", []),
        ("- [Foo](https://f.example) - Great tool 🚀\n", [(1, 39, 1, 39, END)]),  # before the emoji
        ("- [Foo](https://f.example) `x` - Fast.\n", [(1, 27, 1, 27, NO_SEP)]),  # a letter in code is no marker
        ("- [Foo](https://f.example) - 很快\n", [(1, 31, 1, 31, 'end the description with "。" (or "！", "？")')]),
        (
            "- [Foo](https://f.example) - fast.\n",
            [(1, 30, 1, 30, 'start the description with a capital letter: "f" → "F"')],
        ),
        (
            "- [Foo](https://f.example) - Foo is fast.\n",
            [(1, 30, 1, 32, 'the description starts by repeating the item\'s name "Foo": say what it is instead')],
        ),
        (
            "- [Foo](https://f.example) Fast.\n",
            [(1, 27, 1, 27, 'separate the description from the link with " - " (a hyphen between spaces)')],
        ),
        (
            "-[Foo](https://f.example) - Fast.\n",
            [(1, 1, 1, 1, 'put a space after the list marker "-": without it GitHub shows this line as text')],
        ),
        ("  1. [Foo](https://f.example) – Fast.\n", [(1, 30, 1, 32, SEP.format(" – ", " (an en dash)"))]),
    ],
)
def test_entries_are_checked_at_the_exact_place(text: str, expected: list[tuple[int, int, int, int, str]]) -> None:
    assert lint(text, "list-item") == expected


@pytest.mark.parametrize(
    "text",
    [
        "- [Foo](https://f.example) - Fast and small.\n",
        "- [Foo](https://f.example)\n",  # a link alone
        "- Plain text, not an entry\n",
        "- [Foo](https://f.example) - 日本語の説明です。\n",
        "- [Foo](https://f.example) - 中文说明！\n",
        "- [Foo](https://f.example) - وصف عربي.\n",  # right to left
        "- [Foo](https://f.example) - תיאור בעברית.\n",
        "- [Foo](https://f.example) - 🚀 Fast rockets.\n",
        "- [Foo](https://f.example) :zap: - Fast.\n",
        "- [Foo](https://f.example) [![Stars](https://img.example/s.svg)](https://s.example) - Fast.\n",
        "- [Foo](https://f.example) - “Quoted” start.\n",
        "- [Foo](https://f.example) - iOS toolkit.\n",
        "- [Foo](https://f.example) - npm package.\n",
        "- [Foo](https://f.example) - `foo` does it.\n",
        "- [Foo](https://f.example) - `foo --bar`\n",  # only code: a command
        "- [Foo](https://f.example) - A thing (see the docs.)\n",
        "- [Foo](https://f.example) - A thing.[^1]\n\n[^1]: Note.\n",
        "- [Foo][foo] - Fast.\n\n[foo]: https://f.example\n",
        "- [Foo](https://f.example) - Café, naïve, Ærø.\n",
        "- [Foo](https://f.example) - /usr/bin helper.\n",
        "- [Foo](https://f.example) **[Deprecated]**\n",
        "- [Foo](https://f.example) (2019)\n",
        "```\n-[Foo](https://f.example) - not markdown\n```\n",
        # Markers a list's legend defines, emoji after the full stop, a final link that ends the sentence
        # (the npm comparison's cases: awesome-selfhosted, awesome-microservices, awesome-go, awesome-falsehood).
        "- [DVinyl](https://d.example) `⚠` - Modern collection manager.\n",
        "- [CALM](https://c.example/x.pdf) :small_orange_diamond:<sup>PDF</sup> - Consistency as monotonicity.\n",
        "- [Foo](https://f.example) - Monitor application performance! 🚀\n",
        "- [Foo](https://f.example) - Look on the bright side. ☀️\n",
        "- [Foo](https://f.example) - Read [why you don't validate.](https://t.example/x)\n",
        # The table of contents, and everything before the first section after it, is left alone.
        "# A\n\n## Contents\n\n- [Tools](#tools)\n\n## Tools\n\n- [Foo](https://f.example) - Fast.\n",
    ],
)
def test_correct_entries_are_quiet(text: str) -> None:
    assert lint(text, "list-item") == []


def fixed(text: str, unsafe: bool = False) -> str:
    def fixes(data: bytes) -> list[tuple[str, Fix]]:
        return [(f.code, f.fix) for f in LINTER.lint_bytes(data, "README.md").findings if f.fix is not None]

    data, _, _ = fix_until_stable(text.encode(), "README.md", fixes, unsafe=unsafe)
    return data.decode()


@pytest.mark.parametrize(
    ("text", "safe", "unsafe"),
    [
        (
            "- [Foo](https://f.example) – fast and small\n",
            "- [Foo](https://f.example) - fast and small.\n",
            "- [Foo](https://f.example) - Fast and small.\n",
        ),
        (
            "- [Foo](https://f.example) - Fast ![b](https://b.example/x.svg)\n",
            "- [Foo](https://f.example) - Fast. ![b](https://b.example/x.svg)\n",
            "- [Foo](https://f.example) - Fast. ![b](https://b.example/x.svg)\n",
        ),
        (
            "-[Foo](https://f.example) - Fast.\n",
            "-[Foo](https://f.example) - Fast.\n",
            "- [Foo](https://f.example) - Fast.\n",
        ),
    ],
)
def test_fixes(text: str, safe: str, unsafe: str) -> None:
    assert fixed(text) == safe
    assert fixed(text, unsafe=True) == unsafe


def test_safe_fixes_change_only_the_separator_and_the_final_period_on_github() -> None:
    text = "# A\n\n- [Foo](https://f.example) – Fast\n  - [Bar](https://b.example) — Nested\n"
    after = fixed(text)
    html = cmarkgfm.github_flavored_markdown_to_html
    assert html(after, options=Options.CMARK_OPT_UNSAFE) == html(text, options=Options.CMARK_OPT_UNSAFE).replace(
        " – Fast", " - Fast."
    ).replace(" — Nested", " - Nested.")


@pytest.mark.parametrize("then", ["https://b.example", "www.example.com"])
def test_the_separator_fix_is_safe_before_a_bare_url(then: str) -> None:
    text = f"- [A](https://a.example) – See {then} for more.\n"
    [finding] = Linter(select_rules(["AL401"])).lint_text(text, "README.md").findings
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE, finding.fix.note


def test_only_list_files_are_checked(tmp_path: Path) -> None:
    def reported(*options: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-m", "awesome_lint", "--select", "AL401", *options, "README.md", "CONTRIBUTING.md"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        return [line.split(":")[0] for line in done.stdout.splitlines()[:-1]]

    for name in ("README.md", "CONTRIBUTING.md"):
        (tmp_path / name).write_text("- [Foo](https://f.example) – Fast.\n", encoding="utf-8")
    assert reported() == ["README.md"]
    (tmp_path / "awesome-lint.toml").write_text('list-files = ["CONTRIBUTING.md"]\n', encoding="utf-8")
    assert reported() == ["CONTRIBUTING.md"]
    # The command line replaces the configuration's list, and a warm run is not answered for the other.
    assert reported("--list-files", "*.md") == ["CONTRIBUTING.md", "README.md"]
    assert reported("--list-files", "readme.*") == ["README.md"]


def test_the_npm_suppression_comments_silence_it() -> None:
    text = "<!--lint disable awesome-list-item-->\n- [Foo](https://f.example) – fast\n"
    assert lint(text, "list-item") == []
    text = "<!--lint ignore no-repeat-item-in-description-->\n- [Foo](https://f.example) - Foo.\n"
    assert lint(text, "list-item") == []
