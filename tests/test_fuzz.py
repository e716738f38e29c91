"""Fuzzing the whole pipeline: whatever the bytes, no crash, no hang, no finding outside the file.

Each example goes through what a run does with a file: decode, parse, every
rule, suppressions, every output format (statistics too), ``--diff`` (the fixes,
unsafe ones included, until stable, and the diff) and ``--fix`` on a real file
through the run layer. Three kinds of input: arbitrary bytes (the decoder's
refusals), arbitrary text, and Markdown-like text assembled from the fragments
that make parsers and fixers stumble (container markers, fences, tabs, long
numbers, brackets, HTML, suppression comments, mojibake, every line ending).

The default profile is short, so that the suite stays quick; CI replays a fixed
set (``derandomize``). The long profile, for a night's fuzzing::

    AWESOME_LINT_FUZZ_EXAMPLES=200000 pytest tests/test_fuzz.py -p no:cacheprovider

Failures are kept in ``.hypothesis/`` and replayed first on the next run. An
example that runs longer than :data:`HANG_SECONDS` fails as a hang.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awesome_lint.engine import FileResult, Linter
from awesome_lint.report import FORMATS, ReportOptions, render
from awesome_lint.run import RunOptions, run
from awesome_lint.run.jobs import DIFF, LINT, Job, process
from awesome_lint.source import Source, SourceError

EXAMPLES = int(os.environ.get("AWESOME_LINT_FUZZ_EXAMPLES", "150"))
HANG_SECONDS = 20
"""Far above what any example of a few KB takes (milliseconds): only a hang gets there."""

LINTER = Linter()
REPORTS = [ReportOptions(), ReportOptions(color=True, show_source=True), ReportOptions(statistics=True)]

FRAGMENTS = [
    "\n", "\n", "\n", "\r\n", "\r", "\n\n", " ", "  ", "   ", "    ", "\t", " \t",
    "- ", "* ", "+ ", "1. ", "2) ", "10. ", "999999999. ", "1000000000. ", "0. ", "01. ",
    "> ", ">", "> > ", ">\t", "#", "# ", "## ", "###### ", "####### ", "#\t",
    "```", "~~~", "```sh", "    code", "---", "***", "___", "===", "--- ", "-", "=",
    "|", "| a | b |", "|---|---|", "| --- |", ":-:",
    "[", "]", "(", ")", "[a]", "[a](", "](", "[a]: ", "[a]:", "[^1]", "[^1]: note", "![", "![img](x.png)",
    "[Name](https://example.com/a) - Description.", "[Name](http://example.com/a)", "[x][a]", "[a][]",
    "<https://example.com>", "<http://example.com>", "https://example.com/path", "http://x.example", "www.example.com",
    "<", ">", "<br>", "<div>", "</div>", "<img src=\"x\"/>", "<a href=\"http://a.example\">a</a>", "<!--", "-->",
    "<!-- awesome-lint-disable -->", "<!-- awesome-lint-disable-next-line AL101 -->", "<!-- awesome-lint enable -->",
    "<!--lint disable double-link-->", "<!--lint ignore-->", "<!-- awesome-lint-disable-file mojibake -->",
    "*", "**", "_", "__", "~~", "`", "``", "\\", "\\[", "&amp;", "&#x27;", "&", "\"", "'", "“", "”",
    "â€™", "Ã©", "CafÃ©", "Ã", "â€", "é", "中文", "。", "（", "）", "مرحبا", "😀", "\u200b", "\u2028", "\xa0", "\x0b",
    "\ufeff", "\x85", "a", "word", "Awesome", "Description.", "1", "9", "99",
]


def markdown_like() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(FRAGMENTS), max_size=300).map("".join)


@contextmanager
def hang_guard() -> Iterator[None]:
    def hung(signum: int, frame: object) -> None:
        raise TimeoutError(f"one example took more than {HANG_SECONDS} s: a hang")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check_findings(result: FileResult, data: bytes) -> None:
    assert not result.internal_error, [f.message for f in result.findings if f.code == "AL000"]
    source = Source.from_bytes(data, "fuzz.md")
    lines = source.text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    lines = lines or [""]
    for finding in result.findings:
        where = f"{finding.line}:{finding.column}-{finding.end_line}:{finding.end_column} {finding.code}"
        assert 1 <= finding.line <= finding.end_line <= len(lines), where
        assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1, where
        assert 1 <= finding.end_column <= len(lines[finding.end_line - 1]) + 1, where
        assert (finding.line, finding.column) <= (finding.end_line, finding.end_column), where
        assert finding.message and "\n" not in finding.message, where


def check_reports(result: FileResult) -> None:
    for name in FORMATS:
        for options in REPORTS:
            if options.statistics and name not in ("text", "json"):
                continue
            out = render(name, [result], options)
            if name in ("json", "sarif"):
                json.loads(out)
            elif name == "github":
                assert all(line.startswith(("::error ", "::warning ")) for line in out.splitlines())


def pipeline(data: bytes) -> None:
    with hang_guard():
        try:
            Source.from_bytes(data, "fuzz.md")
        except SourceError as exc:
            message = str(exc)
            assert message and "\n" not in message
            result = process(LINTER, Job(0, "fuzz.md", None, data), LINT, unsafe=False)
            assert result.error == message and not result.findings
            return
        result = process(LINTER, Job(0, "fuzz.md", None, data), LINT, unsafe=False)
        assert result.error is None, result.error
        check_findings(result, data)
        check_reports(result)
        diffed = process(LINTER, Job(0, "fuzz.md", None, data), DIFF, unsafe=True)
        assert diffed.error is None, diffed.error
        assert not diffed.internal_error
        assert not diffed.diff or diffed.fixed, "a diff without a fix"


SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    pipeline(data)


@SETTINGS
@given(st.text(max_size=2000))
def test_arbitrary_text(text: str) -> None:
    pipeline(text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(markdown_like())
def test_markdown_like_text(text: str) -> None:
    pipeline(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=max(EXAMPLES // 5, 20), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_like(), st.booleans())
def test_fix_and_diff_through_the_run_layer(tmp_path_factory: pytest.TempPathFactory, text: str, unsafe: bool) -> None:
    """What `--diff` shows is what `--fix` writes, and a second `--fix` changes nothing."""
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "list.md"
    data = text.encode("utf-8", "surrogatepass")
    path.write_bytes(data)
    with hang_guard():
        diffed = run([str(path)], RunOptions(cache=False, jobs=1, unsafe_fixes=unsafe, diff=True)).results
        assert path.read_bytes() == data  # --diff writes nothing
        fixed = run([str(path)], RunOptions(cache=False, jobs=1, unsafe_fixes=unsafe, fix=True)).results
        after = path.read_bytes()
        again = run([str(path)], RunOptions(cache=False, jobs=1, unsafe_fixes=unsafe, fix=True)).results
    (first,), (second,), (third,) = diffed, fixed, again
    if first.error is not None:
        assert second.error == first.error
        return
    assert not first.internal_error and not second.internal_error and not third.internal_error
    assert first.fixed == second.fixed
    assert bool(first.diff) is (after != data)
    assert path.read_bytes() == after, "a second --fix changed the file"
    assert third.fixed == []
    path.unlink()
