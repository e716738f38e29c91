"""The output formats, on hand-built findings: exact strings."""

from __future__ import annotations

import json

import pytest

from awesome_lint.engine import FileResult
from awesome_lint.findings import Applicability, Finding, Fix, Severity
from awesome_lint.report import FORMATS, ReportOptions, get_renderer, github, render, rule_counts, text
from awesome_lint.report import json as json_report
from awesome_lint.source import Source

PLAIN = ReportOptions()
SOURCE = ReportOptions(show_source=True)


def finding(
    line: int = 1,
    column: int = 1,
    end_line: int | None = None,
    end_column: int | None = None,
    *,
    path: str = "README.md",
    code: str = "AL202",
    rule: str = "insecure-url",
    severity: Severity = Severity.ERROR,
    message: str = "insecure URL",
    fixable: bool = False,
    unsafe: bool = False,
) -> Finding:
    fix = Fix((), Applicability.UNSAFE if unsafe else Applicability.SAFE) if fixable else None
    return Finding(
        path=path,
        line=line,
        column=column,
        end_line=line if end_line is None else end_line,
        end_column=column if end_column is None else end_column,
        code=code,
        rule=rule,
        severity=severity,
        message=message,
        fixable=fixable,
        fix=fix,
    )


def result(text_: str, *findings: Finding, path: str = "README.md") -> FileResult:
    return FileResult(path, list(findings), source=Source.from_text(text_, path))


# --- text --------------------------------------------------------------------------------------


def test_text_line_format() -> None:
    found = finding(3, 7, 3, 22, message='insecure URL "http://a.example": use https://')
    assert text.format_finding(found) == (
        'README.md:3:7: error: AL202 [insecure-url] insecure URL "http://a.example": use https://'
    )


def test_text_report_sorted_by_path_line_column_with_summary() -> None:
    a = result("x\n", finding(2, 5, path="b.md"), finding(1, 9, path="b.md"), path="b.md")
    b = result("y\n", finding(1, 3, path="a.md", code="AL101", rule="list-numbering"), path="a.md")
    assert render("text", [a, b], PLAIN) == (
        "a.md:1:3: error: AL101 [list-numbering] insecure URL\n"
        "b.md:1:9: error: AL202 [insecure-url] insecure URL\n"
        "b.md:2:5: error: AL202 [insecure-url] insecure URL\n"
        "Found 3 errors in 2 files.\n"
    )


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        ([], "All checks passed!"),
        ([FileResult("a.md")], "All checks passed!"),
        ([FileResult("a.md", [finding()])], "Found 1 error in 1 file."),
        ([FileResult("a.md", [finding(fixable=True)])], "Found 1 error (1 fixable with --fix) in 1 file."),
        (
            [FileResult("a.md", [finding(), finding(2, fixable=True)]), FileResult("b.md", [finding(fixable=True)])],
            "Found 3 errors (2 fixable with --fix) in 2 files.",
        ),
        (
            [FileResult("a.md", [finding(fixable=True, unsafe=True), finding(2)])],
            "Found 2 errors (1 fixable with --unsafe-fixes) in 1 file.",
        ),
        (
            [FileResult("a.md", [finding(fixable=True), finding(2, fixable=True, unsafe=True)])],
            "Found 2 errors (1 fixable with --fix, 1 more with --unsafe-fixes) in 1 file.",
        ),
        (
            [FileResult("a.md", [finding()], fixed=["AL101", "AL301"]), FileResult("b.md", fixed=["AL101"])],
            "Found 4 problems (3 fixed, 1 remaining: 1 error) in 2 files.",
        ),
        ([FileResult("a.md", [finding(), finding(2)]), FileResult("b.md")], "Found 2 errors in 1 file."),
        (
            [FileResult("a.md", [finding(severity=Severity.WARNING), finding(2, severity=Severity.WARNING)])],
            "Found 2 warnings (no errors) in 1 file.",
        ),
        (
            [FileResult("a.md", [finding(fixable=True), finding(2, severity=Severity.WARNING)])],
            "Found 1 error and 1 warning (1 fixable with --fix) in 1 file.",
        ),
        (
            [FileResult("a.md", [finding(severity=Severity.WARNING)], fixed=["AL101"])],
            "Found 2 problems (1 fixed, 1 remaining: 1 warning) in 1 file.",
        ),
        ([FileResult("a.md", fixed=["AL101", "AL101"])], "Found 2 problems (2 fixed, 0 remaining) in 1 file."),
        (
            [FileResult("a.md"), FileResult("x.md", error="no such file")],
            "No problems found, but 1 path could not be checked.",
        ),
        (
            [FileResult("a.md", [finding()]), FileResult("x", error="e"), FileResult("y", error="e")],
            "Found 1 error in 1 file; 2 paths could not be checked.",
        ),
    ],
)
def test_summary_wording(results: list[FileResult], expected: str) -> None:
    assert text.summary(results) == expected
    assert render("text", results, PLAIN).endswith(expected + "\n")


def test_quiet_prints_findings_only() -> None:
    quiet = ReportOptions(quiet=True)
    assert render("text", [result("x\n")], quiet) == ""
    expected = "README.md:1:1: error: AL202 [insecure-url] insecure URL\n"
    assert render("text", [result("x\n", finding())], quiet) == expected


def test_caret_under_span() -> None:
    line = "- [A](http://a.example) - A."
    found = finding(2, 7, 2, 22)
    assert render("text", [result(f"# T\n{line}\n", found)], SOURCE) == (
        "README.md:2:7: error: AL202 [insecure-url] insecure URL\n"
        " 2 | - [A](http://a.example) - A.\n"
        "   |       ^^^^^^^^^^^^^^^^\n"
        "\n"
        "Found 1 error in 1 file.\n"
    )


def test_caret_after_a_tab() -> None:
    # The tab is shown as spaces up to the next multiple of 4, and the carets follow it.
    source = Source.from_text("1.\tab\tcd\n")
    assert text.source_excerpt(source, finding(1, 4, 1, 8)) == [
        " 1 | 1.  ab  cd",
        "   |     ^^^^^^",
    ]


def test_caret_with_wide_characters() -> None:
    # Each CJK character takes two cells: the carets move right by two per character before
    # the span, and are doubled under the ones inside it.
    source = Source.from_text("- [中文](http://a) 说明。\n")
    assert text.source_excerpt(source, finding(1, 8, 1, 15)) == [
        " 1 | - [中文](http://a) 说明。",
        "   | " + " " * 9 + "^" * 8,
    ]
    assert text.source_excerpt(source, finding(1, 18, 1, 20)) == [
        " 1 | - [中文](http://a) 说明。",
        "   | " + " " * 19 + "^" * 6,
    ]


def test_caret_with_combining_mark() -> None:
    source = Source.from_text("e\u0301 x\n")  # é as e + combining acute: one cell
    assert text.source_excerpt(source, finding(1, 4)) == [" 1 | e\u0301 x", "   |   ^"]


def test_multi_line_span_underlines_the_rest_of_the_first_line() -> None:
    source = Source.from_text("ab cdef\nghi\n")
    assert text.source_excerpt(source, finding(1, 4, 2, 2)) == [" 1 | ab cdef", "   |    ^^^^"]


def test_span_at_end_of_line_gets_one_caret() -> None:
    source = Source.from_text("abc\n\n")
    assert text.source_excerpt(source, finding(1, 4)) == [" 1 | abc", "   |    ^"]
    assert text.source_excerpt(source, finding(2, 1)) == [" 2 |", "   | ^"]


def test_excerpt_gutter_width_follows_line_number() -> None:
    source = Source.from_text("x\n" * 11)
    assert text.source_excerpt(source, finding(11, 1)) == [" 11 | x", "    | ^"]


def test_control_characters_cannot_reach_the_terminal() -> None:
    source = Source.from_text("a\x1b[31mb\n")
    assert text.source_excerpt(source, finding(1, 1)) == [" 1 | a\u241b[31mb", "   | ^"]
    assert text.format_finding(finding(message="bad\nline\x1b")) == (
        "README.md:1:1: error: AL202 [insecure-url] bad\\nline\\x1b"
    )


def test_colour() -> None:
    found = finding(1, 1, 1, 3, severity=Severity.WARNING)
    out = render("text", [result("abc\n", found)], ReportOptions(color=True, show_source=True))
    assert "\x1b[33m" in out  # warnings in yellow
    assert "\x1b[1mREADME.md\x1b[0m:1:1:" in out
    assert "\x1b[1m\x1b[33m^^^\x1b[0m" in out
    no_colour = render("text", [result("abc\n", found)], SOURCE)
    assert "\x1b" not in no_colour


def test_statistics_text() -> None:
    results = [
        FileResult("a.md", [finding(), finding(2), finding(3, code="AL101", rule="list-numbering")]),
        FileResult("b.md", [finding(1, code="AL301", rule="mojibake", fixable=True)] * 12),
    ]
    options = ReportOptions(statistics=True)
    assert render("text", results, options) == (
        "  12  AL301  mojibake\n"
        "   2  AL202  insecure-url\n"
        "   1  AL101  list-numbering\n"
        "Found 15 errors (12 fixable with --fix) in 2 files.\n"
    )
    assert render("text", [], options) == "All checks passed!\n"
    # A format without its own statistics falls back to the text table.
    assert render("github", results, options) == render("text", results, options)


def test_statistics_json() -> None:
    results = [FileResult("a.md", [finding(), finding(2, fixable=True)])]
    assert json.loads(render("json", results, ReportOptions(statistics=True))) == [
        {"code": "AL202", "name": "insecure-url", "count": 2, "fixable": 1}
    ]
    assert rule_counts([]) == []


# --- json --------------------------------------------------------------------------------------


def test_json_fields_and_values() -> None:
    found = finding(3, 7, 4, 2, severity=Severity.WARNING, message='说明 "q"', fixable=True)
    out = render("json", [FileResult("README.md", [found])], PLAIN)
    assert json.loads(out) == [
        {
            "path": "README.md",
            "line": 3,
            "column": 7,
            "end_line": 4,
            "end_column": 2,
            "code": "AL202",
            "rule": "insecure-url",
            "severity": "warning",
            "message": '说明 "q"',
            "fixable": True,
            "applicability": "safe",
            "parts": [],
        }
    ]
    assert out.startswith('[\n  {\n    "path": "README.md",\n    "line": 3,')
    assert "说明" in out  # not \u escapes
    assert out.endswith("}\n]\n")


def test_json_lists_each_part_of_a_run_and_the_fix_applicability() -> None:
    run = finding(4, 1, 6, 2, code="AL101", rule="list-numbering", fixable=True, unsafe=True)
    run.parts = ((4, 1, 4, 2), (5, 1, 5, 2), (6, 1, 6, 3))
    [data] = json.loads(render("json", [FileResult("README.md", [run])], PLAIN))
    assert data["applicability"] == "unsafe"
    assert data["parts"] == [
        {"line": 4, "column": 1, "end_line": 4, "end_column": 2},
        {"line": 5, "column": 1, "end_line": 5, "end_column": 2},
        {"line": 6, "column": 1, "end_line": 6, "end_column": 3},
    ]
    [plain] = json.loads(render("json", [FileResult("README.md", [finding()])], PLAIN))
    assert (plain["fixable"], plain["applicability"], plain["parts"]) == (False, None, [])


def test_json_empty_and_failures_left_out() -> None:
    assert render("json", [], PLAIN) == "[]\n"
    assert render("json", [FileResult("x.md", error="no such file")], PLAIN) == "[]\n"


def test_json_sorted() -> None:
    results = [FileResult("b.md", [finding(path="b.md")]), FileResult("a.md", [finding(2), finding(1, 5)])]
    out = json.loads(json_report.render(results, PLAIN))
    assert [(item["path"], item["line"]) for item in out] == [("README.md", 1), ("README.md", 2), ("b.md", 1)]


# --- github ------------------------------------------------------------------------------------


def test_github_annotation() -> None:
    found = finding(12, 3, 12, 9, code="AL101", rule="list-numbering", message="expected 2")
    assert render("github", [FileResult("README.md", [found])], PLAIN) == (
        "::error file=README.md,line=12,endLine=12,col=3,endColumn=9,title=AL101 list-numbering::expected 2\n"
    )


def test_github_warning_and_multi_line_span_without_columns() -> None:
    found = finding(2, 3, 4, 1, severity=Severity.WARNING, message="m")
    assert github.annotation(found) == "::warning file=README.md,line=2,endLine=4,title=AL202 insecure-url::m"


def test_github_escaping() -> None:
    found = finding(
        1,
        1,
        path="docs/a:b,c%d.md",
        rule="odd:name,x%",
        message="100% sure:\r\nnot, really",
    )
    assert github.annotation(found) == (
        "::error file=docs/a%3Ab%2Cc%25d.md,line=1,endLine=1,col=1,endColumn=1,"
        "title=AL202 odd%3Aname%2Cx%25::100%25 sure:%0D%0Anot, really"
    )
    assert github.escape_data("%0A") == "%250A"  # % first, so escapes are not escaped twice
    assert github.escape_property("a:b,c\n%") == "a%3Ab%2Cc%0A%25"


def test_github_failed_file_annotated() -> None:
    results = [FileResult("bad.md", error="not valid UTF-8: byte 0xff at line 1, column 1")]
    assert render("github", results, PLAIN) == (
        "::error file=bad.md,title=awesome-lint::not valid UTF-8: byte 0xff at line 1, column 1\n"
    )
    assert render("github", [], PLAIN) == ""


# --- registry ----------------------------------------------------------------------------------


def test_registry() -> None:
    assert list(FORMATS) == ["text", "json", "github", "sarif"]
    assert get_renderer("json") is json_report.render
    assert get_renderer("text", statistics=True) is text.render_statistics
    with pytest.raises(KeyError):
        get_renderer("xml")


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_a_line_separator_quoted_in_a_message_keeps_every_report_line_whole(name: str) -> None:
    from awesome_lint.engine import Linter, select_rules

    linted = Linter(select_rules(["insecure-url"])).lint_text("http://x.example\u2028\n", "x.md")
    [finding] = linted.findings
    assert finding.message == 'insecure URL "http://x.example\\u2028": use https://'
    out = render(name, [linted], PLAIN)
    if name == "github":
        assert out.splitlines() == [out.rstrip("\n")]
    assert "\u2028" not in out
