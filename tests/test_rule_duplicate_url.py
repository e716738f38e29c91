import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lintutil import lint

from awesome_lint.engine import Linter, select_rules
from awesome_lint.findings import Severity
from awesome_lint.rules.duplicate_url import DuplicateUrlOptions
from awesome_lint.urls import comparable


def duplicates(text: str) -> list[tuple[int, int, int, int, str]]:
    return lint(text, "duplicate-url")


def test_second_entry_reported_at_its_url_naming_the_first_line() -> None:
    text = "- [A](https://a.com/x) - A.\n- [B](https://b.com)\n- [A again](https://a.com/x) - A.\n"
    assert duplicates(text) == [
        (3, 13, 3, 27, 'duplicate URL "https://a.com/x" (first listed on line 1); remove one of the entries')
    ]


@pytest.mark.parametrize(
    "second",
    [
        "http://a.com/x",
        "https://A.COM/x",
        "https://a.com/x/",
        "https://a.com:443/x",
        "http://a.com:80/x",
        "<https://a.com/x>",
    ],
)
def test_urls_are_normalised(second: str) -> None:
    text = f"- [A](https://a.com/x)\n- [B]({second})\n"
    assert [f[0] for f in duplicates(text)] == [2]


@pytest.mark.parametrize(
    "second",
    ["https://a.com/x?page=2", "https://a.com/x#part", "https://a.com/X", "https://a.com:8443/x", "https://b.com/x"],
)
def test_different_resources_are_quiet(second: str) -> None:
    assert duplicates(f"- [A](https://a.com/x)\n- [B]({second})\n") == []


def test_every_repeat_is_reported() -> None:
    text = "- [a](https://a.com)\n- [b](https://a.com)\n- [c](https://a.com)\n"
    assert [(f[0], f[4][-43:]) for f in duplicates(text)] == [
        (2, "(first listed on line 1); remove one of the entries"[-43:]),
        (3, "(first listed on line 1); remove one of the entries"[-43:]),
    ]


def test_only_main_links_are_compared() -> None:
    text = (
        "## Contents\n\n- [Tools](#tools)\n\n## Tools\n\n"
        "See [Foo](https://foo.com) for more.\n\n"
        "- [Foo](https://foo.com) - Like [Bar](https://bar.com).\n"
        "- [Bar](https://bar.com) - Works with [Foo](https://foo.com).\n"
        "- [Tools](#tools)\n"
    )
    assert duplicates(text) == []


def test_table_rows_and_list_items_are_entries() -> None:
    text = "| Name | Link |\n|---|---|\n| Foo | [site](https://foo.com) |\n\n- [Foo](https://foo.com)\n"
    assert [f[:2] for f in duplicates(text)] == [(5, 9)]


def test_badge_next_to_the_project_link_is_not_a_duplicate() -> None:
    text = (
        "- [Foo](https://github.com/foo/foo) [![Stars](https://img.shields.io/github/stars/foo/foo)]"
        "(https://github.com/foo/foo/stargazers) - Foo.\n"
        "- [Bar](https://github.com/bar/bar) [![Stars](https://img.shields.io/github/stars/bar/bar)]"
        "(https://github.com/bar/bar/stargazers) - Bar.\n"
    )
    assert duplicates(text) == []


def test_entries_may_start_with_emphasis_or_a_task_box() -> None:
    text = "- **[Foo](https://foo.com)** - x\n- [ ] [Foo](https://foo.com/)\n"
    assert [f[:2] for f in duplicates(text)] == [(2, 13)]


def test_reference_links_are_reported_at_the_entry() -> None:
    text = "- [Foo][f]\n- [Foo again][f]\n\n[f]: https://foo.com\n"
    assert [f[:4] for f in duplicates(text)] == [(2, 3, 2, 16)]


def test_non_web_urls_are_not_compared() -> None:
    assert duplicates("- [a](mailto:a@b.com)\n- [b](mailto:a@b.com)\n- [c](#x)\n- [d](#x)\n") == []


def test_nested_items_are_entries_too() -> None:
    text = "- Group\n  - [A](https://a.com)\n- [A](https://a.com)\n"
    assert [f[:2] for f in duplicates(text)] == [(3, 7)]


# --- equivalent URLs: the same resource as a reader's browser reaches it


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("https://getmaxim.ai", "https://www.getmaxim.ai/"),
        ("https://a.com/caf%C3%A9", "https://a.com/café"),
        ("https://a.com/a%2fb", "https://a.com/a%2Fb"),
        ("https://a.com/%7Euser", "https://a.com/~user"),
        ("https://bücher.de/x", "https://xn--bcher-kva.de/x"),
        ("https://BÜCHER.de/x", "https://xn--bcher-kva.de/x"),
        ("https://a.com/a", "https://a.com/a#"),
        ("https://a.com/a", "https://a.com/a?"),
        ("https://aviationstack.com/", "https://aviationstack.com/?utm_source=Github&utm_medium=Referral"),
        ("https://a.com/?id=1&utm_source=x", "https://a.com/?id=1"),
        ("https://a.com/?q=caf%C3%A9", "https://a.com/?q=café"),
        ("https://a.com/a#caf%C3%A9", "https://a.com/a#café"),
    ],
)
def test_spellings_of_one_resource_are_duplicates(first: str, second: str) -> None:
    text = f"- [A]({first})\n- [B]({second})\n"
    assert [f[4] for f in duplicates(text)] == [
        f'duplicate URL "{second}" (first listed on line 1); remove one of the entries'
    ]


@pytest.mark.parametrize(
    "second",
    [
        "https://a.com/x?page=2",
        "https://a.com/x?id=1&utm_source=x",
        "https://a.com/x%2Fy",  # an escaped slash is not a path separator
        "https://a.com/X%C3%A9",
        "https://www2.a.com/x",
        "https://wwwa.com/x",
        "https://a.com/x#top",
    ],
)
def test_equivalence_stops_where_the_resource_may_differ(second: str) -> None:
    assert duplicates(f"- [A](https://a.com/x)\n- [B]({second})\n") == []


def test_www_is_its_own_host_when_asked() -> None:
    text = "- [A](https://a.com)\n- [B](https://www.a.com)\n"
    linter = Linter(select_rules(["duplicate-url"]), options={"duplicate-url": DuplicateUrlOptions(www="distinct")})
    assert linter.lint_text(text, "README.md").findings == []
    assert [f[0] for f in duplicates(text)] == [2]


@pytest.mark.parametrize(
    "host",
    ["💩.la", "a..b", "é" * 70 + ".com", "xn--zz.com", "[::1]", "例え.テスト", "a\u3002b", "\udcff.com"],
)
def test_odd_hosts_are_compared_without_failing(host: str) -> None:
    assert comparable(f"https://{host}/x") == comparable(f"https://{host}/x/")


# --- cross-listing: a project under two top-level sections


CROSS = (
    "# Awesome Sysadmin\n\n"
    "## Cloud Orchestration\n\n"
    "- [Ansible](https://www.ansible.com/) - Automation.\n"
    "- [Salt](https://saltproject.io) - Events.\n\n"
    "### Tools\n\n"
    "- [Salt Project](https://saltproject.io/) - Again.\n\n"
    "## Configuration Management\n\n"
    "- [Ansible](https://ansible.com) - Automation.\n"
    "- [Ansible again](https://ansible.com/) - Automation.\n"
)


def severities(text: str, **options: str) -> list[tuple[int, int, str, str]]:
    chosen = {"duplicate-url": DuplicateUrlOptions(**options)} if options else None  # type: ignore[arg-type]
    result = Linter(select_rules(["duplicate-url"]), options=chosen).lint_text(text, "README.md")
    return [(f.line, f.column, f.severity.value, f.message) for f in result.findings]


def test_a_repeat_in_another_section_is_a_warning_naming_both_sections() -> None:
    assert severities(CROSS) == [
        (
            10,
            18,
            "error",
            'duplicate URL "https://saltproject.io/" (first listed on line 6); remove one of the entries',
        ),
        (
            14,
            13,
            "warning",
            'duplicate URL "https://ansible.com" (first listed on line 5, under "Cloud Orchestration"; '
            'here under "Configuration Management")',
        ),
        (15, 19, "error", 'duplicate URL "https://ansible.com/" (first listed on line 14); remove one of the entries'),
    ]


def test_the_sections_option_makes_cross_listing_an_error_or_allows_it() -> None:
    assert [f[:3] for f in severities(CROSS, sections="error")] == [
        (10, 18, "error"),
        (14, 13, "error"),
        (15, 19, "error"),
    ]
    assert [f[:3] for f in severities(CROSS, sections="allow")] == [(10, 18, "error"), (15, 19, "error")]


def test_a_configured_severity_wins_over_the_cross_listing_warning() -> None:
    linter = Linter(select_rules(["duplicate-url"]), severities={"AL201": Severity.ERROR})
    assert [f.severity for f in linter.lint_text(CROSS, "README.md").findings] == [Severity.ERROR] * 3
    linter = Linter(select_rules(["duplicate-url"]), severities={"AL201": Severity.WARNING})
    assert [f.severity for f in linter.lint_text(CROSS, "README.md").findings] == [Severity.WARNING] * 3


def test_the_title_starts_a_section_and_an_empty_heading_none() -> None:
    text = "# Awesome\n\n- [A](https://a.com)\n\n##\n\n- [A](https://a.com)\n\n## B\n\n- [A](https://a.com)\n"
    assert severities(text) == [
        (7, 7, "error", 'duplicate URL "https://a.com" (first listed on line 3); remove one of the entries'),
        (
            11,
            7,
            "warning",
            'duplicate URL "https://a.com" (first listed on line 3, under "Awesome"; here under "B")',
        ),
    ]


def test_entries_before_any_heading_and_sections_of_one_name() -> None:
    text = "- [A](https://a.com)\n\n## Tools\n\n- [A](https://a.com)\n\n## Tools\n\n- [A](https://a.com)\n"
    assert [f[3] for f in severities(text)] == [
        'duplicate URL "https://a.com" (first listed on line 1, under the start of the file; here under "Tools")',
        'duplicate URL "https://a.com" (first listed on line 1, under the start of the file; here under "Tools")',
    ]
    text = "## Tools\n\n- [A](https://a.com)\n\n## Tools\n\n- [A](https://a.com)\n"
    assert [f[3] for f in severities(text)] == [
        'duplicate URL "https://a.com" (first listed on line 3, under "Tools" (line 1); here under "Tools" (line 5))'
    ]


def test_setext_and_cjk_rtl_section_titles() -> None:
    text = (
        "工具\n==\n\n- [《书》](https://书.cn/页)\n\n"
        "أدوات\n-----\n\n- [كتاب](https://xn--1jq.cn/%E9%A1%B5)\n\n"
        "## כלים\n\n- [ספר](https://example.com/ספר) - ספר.\n- [ספר](https://example.com/%D7%A1%D7%A4%D7%A8)\n"
    )
    assert [f[2:] for f in severities(text)] == [
        (
            "warning",
            'duplicate URL "https://xn--1jq.cn/%E9%A1%B5" (first listed on line 4, under "工具"; here under "أدوات")',
        ),
        (
            "error",
            'duplicate URL "https://example.com/%D7%A1%D7%A4%D7%A8" (first listed on line 13); '
            "remove one of the entries",
        ),
    ]


def test_badges_and_queries_stay_quiet_across_sections() -> None:
    text = (
        "## A\n\n- [Foo](https://github.com/foo/foo) [![Stars](https://img.shields.io/github/stars/foo/foo)]"
        "(https://github.com/foo/foo/stargazers) - 🔥 Foo.\n\n"
        "## B\n\n- [Foo docs](https://github.com/foo/foo?tab=readme) - Foo's docs.\n"
    )
    assert severities(text) == []


def test_the_sections_option_from_a_configuration_file(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(CROSS, encoding="utf-8")

    def found() -> list[tuple[int, str]]:
        done = subprocess.run(
            [sys.executable, "-m", "awesome_lint", "--output-format", "json", "README.md"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        assert done.returncode == 1, done.stderr
        return [(f["line"], f["severity"]) for f in json.loads(done.stdout) if f["code"] == "AL201"]

    assert found() == [(10, "error"), (14, "warning"), (15, "error")]
    (tmp_path / "awesome-lint.toml").write_text('[rules.duplicate-url]\nsections = "error"\n', encoding="utf-8")
    assert found() == [(10, "error"), (14, "error"), (15, "error")]
    (tmp_path / "awesome-lint.toml").write_text(
        '[rules.duplicate-url]\nsections = "allow"\nwww = "distinct"\n', encoding="utf-8"
    )
    assert found() == [(10, "error"), (15, "error")]  # www.ansible.com is another site now
    (tmp_path / "awesome-lint.toml").write_text('severity = { duplicate-url = "warning" }\n', encoding="utf-8")
    assert found() == [(10, "warning"), (14, "warning"), (15, "warning")]


def test_scope_all_compares_html_anchors_too() -> None:
    text = (
        '<p align="center"><a href="https://foo.com/">Foo</a> <img src="https://foo.com/logo.png"></p>\n\n'
        "- [Foo](https://foo.com) - Foo.\n"
        '- [Bar](https://bar.com) <a href="https://bar.com/"><img src="https://bar.com/badge.svg"></a> - Bar.\n'
        "- [Logo](https://foo.com/logo.png)\n"
    )
    options = {"duplicate-url": DuplicateUrlOptions(scope="all")}
    found = Linter(select_rules(["duplicate-url"]), options=options).lint_text(text, "README.md").findings
    assert [(f.line, f.column, f.message) for f in found] == [
        (3, 9, 'duplicate URL "https://foo.com" (first listed on line 1); remove one of the entries')
    ]
    assert duplicates(text) == []  # with scope "main", HTML is no entry's main link


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_comparable_never_fails(rest: str) -> None:
    for url in (f"https://{rest}", f"http://www.{rest}/{rest}?{rest}#{rest}"):
        key = comparable(url)
        assert key is None or key.startswith("//")


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "P", "S")), min_size=1))
def test_a_path_and_its_percent_encoding_are_one_resource(path: str) -> None:
    assert comparable(f"https://a.com/{quote(path)}") == comparable(f"https://a.com/{path}")


# --- a main link after a short prefix


@pytest.mark.parametrize(
    ("first", "second", "column"),
    [
        ("- 🔥 [a](https://a.com)", "- ⭐️⭐️ [a](https://a.com)", 12),
        ("- :fire: [a](https://a.com)", "- [a](https://a.com)", 7),
        ("- 《三体》 [链接](https://a.com)", "- 《三体》 [下载](https://a.com)", 13),
        ("- 【推荐】《书》 [链接](https://a.com)", "- [书](https://a.com)", 7),
        ("- MySQL - [awesome-mysql](https://a.com)", "- [awesome-mysql](https://a.com)", 19),
        ("- `BSD-3-Clause` - [BSD](https://a.com)", "- **MIT:** [MIT](https://a.com)", 18),
        ("- Node.js: [a](https://a.com)", "- [ ] C++ — [a](https://a.com)", 17),
        ("- App Shopper：[a](https://a.com)", "- 中文：[a](https://a.com)", 10),
        ("- ספר: [ספר](https://a.com)", "- كتاب - [كتاب](https://a.com)", 17),
    ],
)
def test_a_short_prefix_leaves_the_first_link_the_main_link(first: str, second: str, column: int) -> None:
    assert duplicates(f"{first}\n{second}\n") == [
        (2, column, 2, column + 12, 'duplicate URL "https://a.com" (first listed on line 1); remove one of the entries')
    ]


@pytest.mark.parametrize(
    "item",
    [
        "- See also the [a](https://a.com) site.",
        "- This is a rather long sentence: [a](https://a.com)",
        "- A paper about the topic - [a](https://a.com)",  # five words: a sentence
        "- 常に最短のリンクを選ぶ： https://a.com",
        "- Site: <https://a.com>",
        "- ![logo](https://a.com/logo.png) [a](https://a.com)",
        "- *New* 🔥 [a](https://a.com)",
        "- 《书》\n  [a](https://a.com)",
        "- (2019) [a](https://a.com)",
    ],
)
def test_text_that_is_no_short_prefix_leaves_the_link_a_reference(item: str) -> None:
    assert duplicates(f"- [a](https://a.com)\n{item}\n") == []


def test_a_badge_next_to_a_prefixed_link_is_part_of_its_entry() -> None:
    text = (
        "- 🔥 [Foo](https://github.com/foo/foo) [![Stars](https://img.shields.io/github/stars/foo/foo)]"
        "(https://github.com/foo/foo) - Foo.\n"
    )
    options = {"duplicate-url": DuplicateUrlOptions(scope="all")}
    assert Linter(select_rules(["duplicate-url"]), options=options).lint_text(text, "README.md").findings == []
