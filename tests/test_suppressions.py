"""Suppression comments: our forms, the npm awesome-lint's forms, and the AL001/AL002 rules that judge them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from awesome_lint.document import Document, parse_document
from awesome_lint.engine import Linter, select_rules
from awesome_lint.findings import Severity, Violation
from awesome_lint.rules import REGISTRY, Rule
from awesome_lint.source import Source
from awesome_lint.suppressions import apply_suppressions, npm_rules

ALL = ["ALL"]


def found(text: str, select: list[str] | None = None, ignore: tuple[str, ...] = ()) -> list[tuple[int, int, str]]:
    """(line, column, code) of each finding, in report order; each item of a run of misnumbered items."""
    result = Linter(select_rules(select, list(ignore))).lint_text(text)
    assert result.error is None and not result.internal_error, result.findings
    return [
        (line, column, f.code)
        for f in result.findings
        for line, column in ([(part[0], part[1]) for part in f.parts] or [(f.line, f.column)])
    ]


def detailed(text: str, select: list[str] | None = None) -> list[tuple[int, int, int, int, str, str]]:
    result = Linter(select_rules(select)).lint_text(text)
    assert not result.internal_error, result.findings
    return [(f.line, f.column, f.end_line, f.end_column, f.code, f.message) for f in result.findings]


# Line 2 has an insecure URL, lines 5 and 6 break the numbering, line 8 is an empty heading.
BASE = """# Title
- [A](http://a.example)

1. one
3. three
4. four

##
"""
BASE_FINDINGS = [(2, 7, "AL202"), (5, 1, "AL101"), (6, 1, "AL101"), (8, 1, "AL102")]


def test_the_base_text_has_the_findings_the_other_tests_silence() -> None:
    assert found(BASE) == BASE_FINDINGS


# --- our forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rules", ["AL202", "insecure-url", "AL2", "al20", "INSECURE-URL", "ALL", ""])
def test_disable_next_line_by_code_name_prefix_or_all(rules: str) -> None:
    text = (
        f"# Title\n<!-- awesome-lint-disable-next-line {rules} -->\n- [A](http://a.example)\n- [B](http://b.example)\n"
    )
    assert found(text) == [(4, 7, "AL202")]


def test_disable_next_line_is_the_line_after_the_comments_last_line() -> None:
    text = "# Title\n<!--\n  awesome-lint-disable-next-line\n  insecure-url\n-->\n- [A](http://a.example)\n"
    assert found(text) == []
    # A blank line in between: the next line is the blank one, and the comment silenced nothing.
    text = "# Title\n<!-- awesome-lint-disable-next-line insecure-url -->\n\n- [A](http://a.example)\n"
    assert found(text) == [(2, 1, "AL001"), (4, 7, "AL202")]


def test_disable_line_inline_in_a_list_item() -> None:
    text = (
        "# Title\n"
        "- [A](http://a.example) <!-- awesome-lint-disable-line insecure-url -->\n"
        "- [B](http://b.example) <!-- awesome-lint-disable-line list-numbering -->\n"
    )
    assert found(text) == [(3, 7, "AL202"), (3, 25, "AL001")]


def test_disable_line_covers_every_line_of_a_multi_line_comment() -> None:
    text = (
        "# Title\n- [A](http://a.example) <!-- awesome-lint-disable-line\n  insecure-url -->\n- [B](http://b.example)\n"
    )
    assert found(text) == [(4, 7, "AL202")]


def test_disable_and_enable_make_a_range() -> None:
    text = BASE.replace("1. one", "<!-- awesome-lint-disable list-numbering -->\n1. one").replace(
        "##", "<!-- awesome-lint-enable list-numbering -->\n\n1. a\n3. b\n\n##"
    )
    # Lines: 4 disable, 6 and 7 silenced, 9 enable, 12 reported again, 14 the empty heading.
    assert found(text) == [(2, 7, "AL202"), (12, 1, "AL101"), (14, 1, "AL102")]


def test_disable_without_enable_runs_to_the_end_of_the_file() -> None:
    text = BASE.replace("1. one", "<!-- awesome-lint-disable AL1 -->\n1. one")
    assert found(text) == [(2, 7, "AL202")]


def test_disable_does_not_reach_back() -> None:
    text = BASE + "<!-- awesome-lint-disable -->\n"
    assert found(text) == [*BASE_FINDINGS, (9, 1, "AL001")]


def test_enable_a_rule_after_disabling_all() -> None:
    text = "<!-- awesome-lint-disable -->\n" + BASE.replace("1. one", "<!-- awesome-lint-enable AL101 -->\n1. one")
    assert found(text) == [(7, 1, "AL101"), (8, 1, "AL101")]


def test_enable_all_after_disabling_some() -> None:
    text = "<!-- awesome-lint-disable AL101, AL202 -->\n" + BASE.replace(
        "1. one", "<!-- awesome-lint-enable -->\n1. one"
    )
    # AL101 was disabled on lines 1 to 4 only, where it had nothing to silence.
    assert found(text) == [(1, 1, "AL001"), (7, 1, "AL101"), (8, 1, "AL101"), (10, 1, "AL102")]


def test_disable_file_at_the_end_of_the_file() -> None:
    text = BASE + "\n<!-- awesome-lint-disable-file list-numbering empty-heading -->\n"
    assert found(text) == [(2, 7, "AL202")]


@pytest.mark.parametrize(
    "rules", ["AL101,AL202,AL102", "AL101 AL202 AL102", "AL101, insecure-url,,empty-heading", "AL1\tAL2"]
)
def test_rule_lists_separated_by_commas_and_or_blanks(rules: str) -> None:
    assert found(f"<!-- awesome-lint-disable-file {rules} -->\n" + BASE) == []


@pytest.mark.parametrize(
    "comment",
    [
        "<!--awesome-lint-disable-file AL202-->",
        "<!--   AWESOME-LINT-DISABLE-FILE   al202   -->",
        "<!--\tAwesome-Lint-Disable-File\n insecure-url\n-->",
    ],
)
def test_keyword_is_case_insensitive_and_blanks_do_not_matter(comment: str) -> None:
    assert found(BASE + "\n" + comment + "\n") == BASE_FINDINGS[1:]


def test_a_comment_mentioning_the_keyword_later_is_not_a_directive() -> None:
    text = BASE + "\n<!-- to do: awesome-lint-disable-file AL202 -->\n"
    assert found(text) == BASE_FINDINGS


def test_several_comments_in_one_html_block() -> None:
    text = (
        "# Title\n\n"
        "<p>\n<!-- awesome-lint-disable-next-line AL202 -->\n"
        '<a href="x">x</a> <!-- awesome-lint-disable-file AL101 --></p>\n\n'
        "- [A](http://a.example)\n\n1. a\n3. b\n"
    )
    assert found(text) == [(4, 1, "AL001"), (7, 7, "AL202")]


def test_a_blockquoted_multi_line_comment() -> None:
    text = "# Title\n> <!-- awesome-lint-disable-next-line\n> insecure-url -->\n> [A](http://a.example)\n"
    assert found(text) == []


# --- the npm awesome-lint's forms ---------------------------------------------------------------

DUPLICATES = """# Title

- [A](https://a.example) - One.
- [A](https://a.example) - Again.
"""


def test_npm_disable_double_link() -> None:
    assert found(DUPLICATES) == [(4, 7, "AL201")]
    assert found("<!--lint disable double-link-->\n" + DUPLICATES) == []


def test_npm_enable_ends_the_range() -> None:
    text = (
        "<!--lint disable double-link-->\n"
        + DUPLICATES
        + "\n<!--lint enable double-link-->\n"
        + ("- [A](https://a.example) - Third.\n")
    )
    assert found(text) == [(8, 7, "AL201")]


def test_npm_ignore_before_an_ordered_list_silences_the_whole_list_only() -> None:
    text = (
        "# Title\n\n"
        "<!--lint ignore ordered-list-marker-value-->\n"
        "1. a\n3. b\n5. c\n   1. nested\n   3. nested\n\n"
        "Between.\n\n"
        "1. x\n3. y\n"
    )
    assert found(text) == [(13, 1, "AL101")]


def test_npm_ignore_in_a_list_item_silences_the_next_block_at_any_depth() -> None:
    text = (
        "# Title\n\n"
        "- [A](https://a.example) - One.\n"
        "- [B](https://b.example) - Two. <!--lint ignore double-link-->\n"
        "- [A](https://a.example) - Again.\n"
        "- [B](https://b.example) - Again.\n"
    )
    assert found(text) == [(6, 7, "AL201")]


def test_npm_ignore_without_rules_silences_every_rule_in_the_next_block() -> None:
    text = "# Title\n<!--lint ignore-->\n- [A](http://a.example)\n\nText [B](http://b.example).\n"
    assert found(text) == [(5, 10, "AL202")]


def test_npm_disable_and_enable_without_rules() -> None:
    text = "<!--lint disable-->\n" + BASE.replace("1. one", "<!--lint enable-->\n1. one")
    assert found(text) == [(7, 1, "AL101"), (8, 1, "AL101"), (10, 1, "AL102")]


def test_npm_ignore_in_a_paragraph_silences_the_next_paragraph() -> None:
    text = "# Title\n\nSee <!--lint ignore--> [A](http://a.example).\n\nAnd [B](http://b.example).\n\n[C](http://c.example)\n"
    assert found(text) == [(3, 28, "AL202"), (7, 5, "AL202")]


def test_npm_ignore_at_the_end_silences_nothing() -> None:
    assert found(BASE + "\n<!--lint ignore-->\n") == BASE_FINDINGS


def test_npm_unknown_ids_are_ignored_quietly() -> None:
    for comment in (
        "<!--lint disable awesome-list-item-->",
        "<!--lint disable no-dead-urls double-lnk-->",
        "<!--lint disable list-numbering AL101-->",  # our names mean nothing in the npm tool's comments
        "<!--lint ignore awesome-spell-check-->",
    ):
        assert found(BASE.replace("1. one", comment + "\n1. one")) == [
            (2, 7, "AL202"),
            (6, 1, "AL101"),
            (7, 1, "AL101"),
            (9, 1, "AL102"),
        ], comment


def test_npm_known_and_unknown_ids_together() -> None:
    text = "<!--lint disable awesome-list-item double-link-->\n" + DUPLICATES
    assert found(text) == []


def test_npm_comments_are_never_reported_unused() -> None:
    assert found("<!--lint disable double-link ordered-list-marker-value-->\n# Title\n") == []


def test_npm_mapping_names_real_rules() -> None:
    known = npm_rules()
    assert {"double-link": "duplicate-url", "ordered-list-marker-value": "list-numbering"}.items() <= known.items()
    for ours in known.values():
        assert select_rules([ours])


# --- AL001 unused-suppression and AL002 invalid-suppression --------------------------------------


def test_unused_suppression_positions_and_messages() -> None:
    text = (
        "# Title\n"
        "<!-- awesome-lint-disable-next-line list-numbering -->\n"
        "- [A](https://a.example)\n"
        "- [B](http://b.example) <!-- awesome-lint-disable-line AL202 AL1 mojibake -->\n"
        "<!-- awesome-lint-disable-next-line -->\n"
        "\n"
        "<!-- awesome-lint-disable empty-heading -->\n"
        "<!-- awesome-lint-enable empty-heading -->\n"
        "<!-- awesome-lint-disable-file AL301 AL301 -->\n"
    )
    assert detailed(text) == [
        (2, 1, 2, 54, "AL001", "unused suppression: no list-numbering finding to silence here"),
        (4, 25, 4, 77, "AL001", "unused suppression: no AL1 or mojibake finding to silence here"),
        (5, 1, 5, 39, "AL001", "unused suppression: no finding to silence here"),
        (7, 1, 7, 43, "AL001", "unused suppression: no empty-heading finding to silence here"),
        (9, 1, 9, 46, "AL001", "unused suppression: no mojibake finding to silence here"),
    ]


def test_unused_suppression_is_a_warning() -> None:
    result = Linter(select_rules(None)).lint_text("# Title\n<!-- awesome-lint-disable-file mojibake -->\n")
    [finding] = result.findings
    assert (finding.code, finding.rule, finding.severity, finding.fixable) == (
        "AL001",
        "unused-suppression",
        Severity.WARNING,
        False,
    )
    assert finding.path == "<string>"


def test_a_rule_not_selected_is_not_reported_unused() -> None:
    text = "# Title\n<!-- awesome-lint-disable-file insecure-url -->\n<!-- awesome-lint-disable-next-line -->\n\n"
    assert found(text, ["AL001", "AL101"]) == []
    assert found(text, None, ("mojibake",)) == [(2, 1, "AL001")]
    assert found(text) == [(2, 1, "AL001"), (3, 1, "AL001")]


def test_a_prefix_is_judged_only_when_all_its_rules_ran() -> None:
    text = "# Title\n<!-- awesome-lint-disable-file AL2 -->\n"
    assert found(text, ["AL001", "AL201"]) == []
    assert found(text, ["AL001", "AL2"]) == [(2, 1, "AL001")]


def test_nothing_is_unused_when_a_rule_crashed() -> None:
    class Crashing(Rule):
        """What it does
        Fails, so that its findings are unknown.
        """

        code = "AL997"
        name = "crashing-for-test"
        summary = "Always fails"

        def check(self, document: Document) -> Iterator[Violation]:
            raise RuntimeError("boom")

    try:
        result = Linter([Crashing, *select_rules(["AL0"])]).lint_text("<!-- awesome-lint-disable-file AL997 -->\n")
    finally:
        REGISTRY.pop("AL997", None)
    assert [finding.code for finding in result.findings] == ["AL000"]


def test_enable_comments_are_never_unused() -> None:
    assert found("# Title\n<!-- awesome-lint-enable -->\n<!-- awesome-lint-enable AL101 -->\n") == []


def test_invalid_suppression_positions_and_messages() -> None:
    text = (
        "# Title\n"
        "<!-- awesome-lint-disable-next-line insecure-ulr -->\n"
        "- [A](http://a.example)\n"
        "\n"
        "<!-- awesome-lint-disable-file AL2O1, AL301 -->\n"
        "<!-- awesome-lint-disable-nextline AL202 -->\n"
        "- [B](https://b.example) <!-- awesome-lint-enable bogus -->\n"
    )
    assert detailed(text, ["AL002", "AL2"]) == [
        (2, 1, 2, 52, "AL002", 'unknown rule "insecure-ulr" in suppression comment; did you mean "insecure-url"?'),
        (3, 7, 3, 22, "AL202", 'insecure URL "http://a.example": use https://'),
        (5, 1, 5, 47, "AL002", 'unknown rule "AL2O1" in suppression comment; did you mean "AL201"?'),
        (
            6,
            1,
            6,
            44,
            "AL002",
            'unknown suppression comment "awesome-lint-disable-nextline"; '
            'did you mean "awesome-lint-disable-next-line"?',
        ),
        (7, 26, 7, 59, "AL002", 'unknown rule "bogus" in suppression comment'),
    ]


def test_an_invalid_name_silences_nothing_and_is_not_also_unused() -> None:
    text = "# Title\n<!-- awesome-lint-disable-next-line nope -->\n- [A](http://a.example)\n"
    assert found(text) == [(2, 1, "AL002"), (3, 7, "AL202")]
    assert found(text, ALL, ("AL002",)) == [(3, 7, "AL202")]


def test_the_suppression_rules_are_selectable_and_ignorable() -> None:
    text = "# Title\n<!-- awesome-lint-disable-next-line nope -->\n<!-- awesome-lint-disable-file AL301 -->\n"
    assert found(text) == [(2, 1, "AL002"), (3, 1, "AL001")]
    assert found(text, ["AL0", "AL3"]) == [(2, 1, "AL002"), (3, 1, "AL001")]
    assert found(text, ["AL0"]) == [(2, 1, "AL002")]  # mojibake did not run: its comment may be needed
    assert found(text, ["unused-suppression", "mojibake"]) == [(3, 1, "AL001")]
    assert found(text, ALL, ("AL001",)) == [(2, 1, "AL002")]
    assert found(text, ALL, ("AL0",)) == []


def test_the_suppression_rules_are_silenced_only_when_named() -> None:
    text = "# Title\n<!-- awesome-lint-disable -->\n<!-- awesome-lint-disable-next-line nope -->\n\n"
    assert found(text) == [(2, 1, "AL001"), (3, 1, "AL002")]
    text = "# Title\n<!-- awesome-lint-disable AL0 -->\n<!-- awesome-lint-disable-next-line nope -->\n\n"
    assert found(text) == []
    text = "# Title\n<!-- awesome-lint-disable-file unused-suppression -->\n<!-- awesome-lint-disable-file AL301 -->\n"
    assert found(text) == []
    text = "# Title\n<!-- awesome-lint-disable-line nope invalid-suppression AL301 unused-suppression -->\n"
    assert found(text) == []


def test_duplicate_disables_are_both_used() -> None:
    text = "<!-- awesome-lint-disable AL202 -->\n<!-- awesome-lint-disable AL202 -->\n" + BASE
    assert found(text) == [(7, 1, "AL101"), (8, 1, "AL101"), (10, 1, "AL102")]


# --- near-misses of our comments (AL002) ---------------------------------------------------------


def unknown_comment(written: str, meant: str) -> str:
    return f'unknown suppression comment "{written}"; did you mean "awesome-lint-{meant}"?'


@pytest.mark.parametrize(
    ("comment", "end_column", "written", "meant"),
    [
        ("<!-- awesome-lint disable AL101 -->", 35, "awesome-lint disable", "disable"),
        ("<!-- awesomelint-disable AL101 -->", 34, "awesomelint-disable", "disable"),
        ("<!-- awesome_lint-disable AL101 -->", 35, "awesome_lint-disable", "disable"),
        ("<!-- awesome lint disable -->", 29, "awesome lint disable", "disable"),
        ("<!-- awesome-lint-disabled AL101 -->", 36, "awesome-lint-disabled", "disable"),
        ("<!-- awesome-lint-disable-next-lines AL101 -->", 46, "awesome-lint-disable-next-lines", "disable-next-line"),
        ("<!-- awesome-lint-disable_next_line AL101 -->", 45, "awesome-lint-disable_next_line", "disable-next-line"),
        ("<!-- AWESOME LINT DISABLE NEXT LINE AL101 -->", 45, "AWESOME LINT DISABLE NEXT LINE", "disable-next-line"),
        ("<!-- awesome lint disable nextline AL101 -->", 44, "awesome lint disable nextline", "disable-next-line"),
        ("<!-- awesome-lint: disable AL101 -->", 36, "awesome-lint: disable", "disable"),
        ("<!-- awesome-lint disbale-next-line -->", 39, "awesome-lint disbale-next-line", "disable-next-line"),
        ("<!-- awesome-lint disablenextline -->", 37, "awesome-lint disablenextline", "disable-next-line"),
        ("<!-- awesomelintdisable-file -->", 32, "awesomelintdisable-file", "disable-file"),
        ("<!-- awesome lint enabl -->", 27, "awesome lint enabl", "enable"),
        # The closest reading wins over a longer one two edits away: list-numbering is a rule.
        ("<!-- awesome-lint disable list-numbering -->", 44, "awesome-lint disable", "disable"),
    ],
)
def test_near_misses_are_reported_with_what_was_meant(comment: str, end_column: int, written: str, meant: str) -> None:
    assert detailed(f"# Title\n{comment}\n", ["AL002"]) == [
        (2, 1, 2, end_column, "AL002", unknown_comment(written, meant))
    ]


def test_near_misses_inline_and_over_several_lines() -> None:
    text = (
        "# Title\n"
        "- [A](https://a.example) <!-- awesome_lint-disable-line AL101 -->\n"
        "<!-- awesome lint\n  disable-file\n-->\n"
    )
    assert detailed(text, ["AL002"]) == [
        (2, 26, 2, 65, "AL002", unknown_comment("awesome_lint-disable-line", "disable-line")),
        (3, 1, 5, 3, "AL002", unknown_comment("awesome lint disable-file", "disable-file")),
    ]


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- this list is checked by awesome-lint -->",
        "<!-- awesome-lint: see the docs -->",
        "<!-- awesome-lint -->",
        "<!-- awesome lint rules apply here -->",
        "<!-- Awesome Lint table -->",  # two edits from enable: one is the most for a short keyword
        "<!-- awesome-lint enbl -->",
        "<!-- awesome-lint disabling checks -->",
        "<!-- awesome-linter disable -->",  # not the tool's name
        "<!-- to do: awesome lint disable AL202 -->",
        "<!--lint disabled double-link-->",  # the npm tool's comments are not judged
        "`<!-- awesome lint disable -->`",
    ],
)
def test_comments_that_merely_mention_the_tool_stay_quiet(comment: str) -> None:
    assert found(BASE + "\n" + comment + "\n") == BASE_FINDINGS


def test_an_unknown_keyword_after_our_prefix_gets_no_far_fetched_suggestion() -> None:
    assert detailed("# Title\n<!-- awesome-lint-rocks -->\n", ["AL002"]) == [
        (2, 1, 2, 27, "AL002", 'unknown suppression comment "awesome-lint-rocks"')
    ]


def test_a_near_miss_silences_nothing() -> None:
    text = "# Title\n<!-- awesome lint disable-next-line insecure-url -->\n- [A](http://a.example)\n"
    assert found(text) == [(2, 1, "AL002"), (3, 7, "AL202")]


def test_near_misses_are_silenced_like_other_invalid_comments() -> None:
    text = "# Title\n<!-- awesome lint disable -->\n"
    assert found(text) == [(2, 1, "AL002")]
    assert found(text, ALL, ("invalid-suppression",)) == []
    assert found("<!-- awesome-lint-disable-file AL0 -->\n" + text) == []


# --- what is not a comment ------------------------------------------------------------------------


def test_comments_in_code_are_text() -> None:
    text = (
        "# Title\n\n"
        "`<!-- awesome-lint-disable-file -->` and `<!--lint disable-->`\n\n"
        "```markdown\n<!-- awesome-lint-disable-file nope -->\n<!--lint disable-->\n```\n\n"
        "    <!-- awesome-lint-disable-file -->\n\n"
        "- [A](http://a.example)\n"
    )
    assert found(text) == [(12, 7, "AL202")]


def test_comments_in_front_matter_are_text() -> None:
    text = "---\ntitle: <!-- awesome-lint-disable-file -->\nx: <!--lint disable-->\n---\n# Title\n- [A](http://a.example)\n"
    assert found(text) == [(6, 7, "AL202")]


def test_crlf_file() -> None:
    text = (
        "# Title\r\n"
        "<!-- awesome-lint-disable-next-line\r\n  insecure-url -->\r\n"
        "- [A](http://a.example)\r\n"
        "- [B](http://b.example) <!-- awesome-lint-disable-line list-numbering -->\r\n"
        "<!--lint ignore ordered-list-marker-value-->\r\n"
        "1. a\r\n3. b\r\n"
    )
    assert detailed(text) == [
        (5, 7, 5, 22, "AL202", 'insecure URL "http://b.example": use https://'),
        (5, 25, 5, 73, "AL001", "unused suppression: no list-numbering finding to silence here"),
    ]


def test_a_list_without_comments_pays_nothing() -> None:
    document = parse_document(Source.from_text("# Title\n- [A](http://a.example) <br>\n"))
    findings = Linter(select_rules(None)).lint_text(document.text).findings
    assert apply_suppressions(document, findings, {"AL202"}) is findings
