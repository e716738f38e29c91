from collections.abc import Iterator

import pytest

from awesome_lint.document import Document
from awesome_lint.engine import INTERNAL_ERROR_CODE, Linter, SelectionError, select_rules
from awesome_lint.findings import Violation
from awesome_lint.rules import REGISTRY, Rule, all_rules


@pytest.fixture
def broken_rule() -> Iterator[type[Rule]]:
    class Broken(Rule):
        """What it does
        Fails, to prove that one failing rule does not take down the run.
        """

        code = "AL998"
        name = "broken-for-test"
        summary = "Always fails"

        def check(self, document: Document) -> Iterator[Violation]:
            raise RuntimeError("boom")

    try:
        yield Broken
    finally:
        REGISTRY.pop("AL998", None)


def test_a_failing_rule_reports_an_internal_error_and_the_others_still_run(broken_rule: type[Rule]) -> None:
    linter = Linter([broken_rule, *select_rules(["insecure-url"])])
    result = linter.lint_text("[a](http://a.com)\n", "list.md")
    codes = [finding.code for finding in result.findings]
    assert codes == [INTERNAL_ERROR_CODE, "AL202"]
    assert result.internal_error
    message = result.findings[0].message
    assert message.startswith("internal error in rule AL998 (broken-for-test): RuntimeError: boom at test_engine.py:")
    assert result.findings[0].path == "list.md"


def test_findings_are_sorted_by_position_whatever_the_rule_order() -> None:
    text = "1. [a](http://a.com)\n3. [b](https://b.com)\n\n##\n"
    result = Linter().lint_text(text)
    assert [(f.line, f.column, f.code) for f in result.findings] == [
        (1, 8, "AL202"),
        (2, 1, "AL101"),
        (4, 1, "AL102"),
    ]


def test_rules_have_complete_metadata() -> None:
    rules = all_rules()
    assert {rule.name for rule in rules} >= {
        "list-numbering",
        "duplicate-url",
        "insecure-url",
        "mojibake",
        "empty-heading",
    }
    for rule in rules:
        explanation = rule.explanation()
        assert "What it does" in explanation and "Why is this bad?" in explanation and "Example" in explanation
        assert rule.summary and not rule.summary.endswith(".")


def test_a_rule_with_a_bad_code_is_refused() -> None:
    with pytest.raises(ValueError, match="is not AL and three digits"):

        class Bad(Rule):
            """Bad."""

            code = "X1"
            name = "bad"
            summary = "Bad"


def test_a_rule_clashing_with_another_is_refused() -> None:
    with pytest.raises(ValueError, match="clashes with ListNumbering"):

        class Clash(Rule):
            """Clash."""

            code = "AL101"
            name = "another-name"
            summary = "Clash"


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        (
            None,
            [],
            # AL414 alphabetical-order is off by default
            ["AL001", "AL002", "AL101", "AL102", "AL201", "AL202", "AL203", "AL301", "AL302"]
            + [f"AL4{n:02d}" for n in range(1, 20) if n != 14]
            + [f"AL50{n}" for n in range(1, 6)],  # online rules: selected, and run only online
        ),
        (["AL41"], [], [f"AL41{n}" for n in range(10)]),  # a prefix selects it
        (["alphabetical-order"], [], ["AL414"]),
        (["AL2"], [], ["AL201", "AL202", "AL203"]),
        (["ALL"], ["mojibake", "invisible-character", "AL1", "AL0", "AL4", "AL5"], ["AL201", "AL202", "AL203"]),
        (["list-numbering", "al202"], [], ["AL101", "AL202"]),
    ],
)
def test_selection(select: list[str] | None, ignore: list[str], expected: list[str]) -> None:
    assert [rule.code for rule in select_rules(select, ignore)] == expected


def test_unknown_selector_names_the_known_rules() -> None:
    with pytest.raises(SelectionError, match=r"unknown rule selector 'list-numbring'; known rules: AL001"):
        select_rules(["list-numbring"])


def test_file_errors_are_reported_not_raised() -> None:
    linter = Linter(max_file_size=100)
    assert linter.lint_bytes(b"x" * 101, "big.md").error == (
        "file is 101 bytes, above the 100-byte limit; raise it with --max-file-size if this really is one Markdown list"
    )
    assert linter.lint_bytes(b"ok\n\xff\n", "bad.md").error == (
        "not valid UTF-8: byte 0xff at line 2, column 1 (byte offset 3); save the file as UTF-8"
    )
    assert linter.lint_bytes(b"a\x00b", "bin.md").error == (
        "not a text file: NUL byte at line 1, column 2 (byte offset 1)"
    )
