"""The linter never crashes, never hangs and never reports a position outside the file.

* Every CommonMark and GFM spec example lints without an internal error, with
  in-range positions, and gives the same findings with CRLF line endings and
  with a BOM (both are normalised away, so lines and columns must not move).
* Pathological inputs (deep nesting, megabyte lines, unclosed brackets, the
  nested-emphasis case that is quadratic in mistune) each finish within a
  timeout in a child process, so a hang fails the test instead of the run.
* Unreadable input (invalid UTF-8, not text, oversized) gives a user-facing
  ``.error``, never an internal error.
* Random Markdown-heavy text (hypothesis) lints cleanly.

The spec examples are the copies in ``tests/data/spec`` (sources and licences in
``tests/data/README.md``), so every clone runs all of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from realdata import SPEC

from awesome_lint.document import parse_document
from awesome_lint.engine import FileResult, Linter
from awesome_lint.source import Source

SPEC_FILES = ("commonmark.json", "gfm-spec.txt", "gfm-extensions.txt", "gfm-regression.txt")
FENCE = "`" * 32
TIMEOUT = 20.0
"""Seconds a pathological input may take in its child process before it counts as a hang."""

LINTER = Linter()


# ---------------------------------------------------------------------------
# Checks shared by every test


def _lines(text: str) -> list[str]:
    # Lines as the linter counts them: split on "\n" only (never str.splitlines(),
    # which also splits on U+2028, form feeds and other separators).
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def check_result(result: FileResult, label: str = "") -> None:
    """No internal error, and every finding's range lies inside the file."""
    internal = [f.message for f in result.findings if f.code == "AL000"]
    assert not result.internal_error, f"{label}: internal error: {internal}"
    assert result.source is not None, f"{label}: no source (error: {result.error})"
    lines = _lines(result.source.text)
    for finding in result.findings:
        where = f"{label}: {finding.code} {finding.rule} at {finding.line}:{finding.column}-"
        where += f"{finding.end_line}:{finding.end_column} ({finding.message})"
        assert 1 <= finding.line <= len(lines), where
        assert 1 <= finding.end_line <= len(lines), where
        # A column may point one past the last character (an end-of-line or end-of-file finding).
        assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1, where
        assert 1 <= finding.end_column <= len(lines[finding.end_line - 1]) + 1, where
        assert (finding.end_line, finding.end_column) >= (finding.line, finding.column), where


def check_document(text: str, label: str = "") -> None:
    """Every node span of the parsed document lies in the text; URLs are where they are written."""
    source = Source.from_text(text)
    document = parse_document(source)
    size = len(source.text)
    spans = []
    for link in document.links:
        spans += [("link", link.span), ("url", link.url_span)]
        if link.text_span is not None:
            spans.append(("link text", link.text_span))
        written = source.text[link.url_span.start : link.url_span.end]
        assert written == link.url, f"{label}: {link.kind.value} link URL {link.url!r} written as {written!r}"
    for definition in document.definitions:
        spans += [("definition", definition.span), ("definition url", definition.url_span)]
    for block in document.lists:
        for item in block.items:
            spans.append(("marker", item.marker_span))
            written = source.text[item.marker_span.start : item.marker_span.end]
            assert written == item.marker, f"{label}: list marker {item.marker!r} written as {written!r}"
            assert item.marker_span.end <= item.end_line_offset <= size, f"{label}: list item end"
    for heading in document.headings:
        spans.append(("heading", heading.span))
        if heading.marker_span is not None:
            spans.append(("heading marker", heading.marker_span))
            marker = source.text[heading.marker_span.start : heading.marker_span.end]
            assert marker and set(marker) == {"#"}, f"{label}: heading marker written as {marker!r}"
    spans += [("code", code.span) for code in document.code]
    spans += [("html", html.span) for html in document.html]
    spans += [("table row", row.span) for table in document.tables for row in table.rows]
    for kind, span in spans:
        assert 0 <= span.start <= span.end <= size, f"{label}: {kind} span {span} outside 0..{size}"


def _key(result: FileResult) -> list[tuple[object, ...]]:
    return [(f.line, f.column, f.end_line, f.end_column, f.code, f.severity, f.message) for f in result.findings]


def check_variants(text: str, label: str = "") -> None:
    """The text, its CRLF version and its BOM version lint alike (positions included)."""
    plain = LINTER.lint_text(text)
    check_result(plain, label)
    crlf = LINTER.lint_text(text.replace("\n", "\r\n"))
    check_result(crlf, f"{label} (CRLF)")
    assert _key(crlf) == _key(plain), f"{label}: CRLF line endings change the findings"
    bom = LINTER.lint_text("\ufeff" + text)
    check_result(bom, f"{label} (BOM)")
    assert _key(bom) == _key(plain), f"{label}: a BOM changes the findings"
    if "\x00" not in text:  # a NUL byte makes a file not text
        bom_bytes = LINTER.lint_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"), "bom.md")
        assert bom_bytes.error is None, f"{label} (BOM, CRLF, bytes): {bom_bytes.error}"
        assert _key(bom_bytes) == _key(plain), f"{label}: a BOM with CRLF changes the findings"


# ---------------------------------------------------------------------------
# (a) spec examples


def _gfm_examples(path: Path) -> list[tuple[str, str]]:
    """Examples of a cmark-gfm spec file: the Markdown before the `.` line, `→` as a tab."""
    examples: list[tuple[str, str]] = []
    buffer: list[str] = []
    state = start = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if state == 0 and line.startswith(FENCE + " example"):
            state, buffer, start = 1, [], number
        elif state == 1 and line == ".":
            examples.append((f"{path.name}:{start}", "".join(f"{x}\n" for x in buffer).replace("→", "\t")))
            state = 2
        elif state == 1:
            buffer.append(line)
        elif state == 2 and line == FENCE:
            state = 0
    return examples


def _spec_examples() -> list[tuple[str, str]]:
    if not all((SPEC / name).is_file() for name in SPEC_FILES):
        return []
    cases = json.loads((SPEC / "commonmark.json").read_text(encoding="utf-8"))
    examples = [(f"commonmark.json:{case['example']}", case["markdown"]) for case in cases]
    for name in SPEC_FILES[1:]:
        examples += _gfm_examples(SPEC / name)
    return examples


EXAMPLES = _spec_examples()


def test_spec_examples_present() -> None:
    missing = [name for name in SPEC_FILES if not (SPEC / name).is_file()]
    assert not missing, f"spec files missing from {SPEC}: {', '.join(missing)}"
    # 652 CommonMark examples; 673 + 28 + 19 in the cmark-gfm files.
    assert len(EXAMPLES) == 652 + 673 + 28 + 19


@pytest.mark.parametrize(("label", "text"), EXAMPLES, ids=[label for label, _ in EXAMPLES])
def test_spec_example(label: str, text: str) -> None:
    check_variants(text, label)
    check_document(text, label)


# ---------------------------------------------------------------------------
# (b) pathological inputs, each in a child process with a timeout

_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    from awesome_lint.engine import Linter

    data = Path(sys.argv[1]).read_bytes()
    start = time.perf_counter()
    result = Linter().lint_bytes(data, sys.argv[1])
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_mb = rss / 2**20 if sys.platform == "darwin" else rss / 1024
    lines = (result.source.text.count("\\n") + 1) if result.source is not None else 0
    json.dump({
        "seconds": seconds,
        "rss_mb": rss_mb,
        "error": result.error,
        "internal": [f.message for f in result.findings if f.code == "AL000"],
        "lines": lines,
        "findings": [[f.line, f.column, f.end_line, f.end_column, f.code] for f in result.findings],
    }, sys.stdout)
    """
)


def run_isolated(data: bytes, tmp_path: Path, name: str = "input.md") -> dict[str, Any]:
    """Lint ``data`` in a fresh interpreter; fail on a timeout or a crash of the process."""
    path = tmp_path / name
    path.write_bytes(data)
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{len(data):,} bytes: no result after {TIMEOUT:.0f} s (a hang)")
    assert done.returncode == 0, f"child process failed ({done.returncode}):\n{done.stderr[-3000:]}"
    report: dict[str, Any] = json.loads(done.stdout)
    report["wall"] = time.perf_counter() - started
    print(
        f"{len(data):>10,} B: lint {report['seconds']:.2f} s, max RSS {report['rss_mb']:.0f} MB, "
        f"{len(report['findings'])} findings"
    )
    return report


MAX_RSS_MB = 1500
"""mistune needs ~500 bytes per `*` (1 MB of `*` peaks near 550 MB): far above that is a regression."""


def check_isolated(report: dict[str, Any]) -> None:
    assert not report["internal"], f"internal error: {report['internal']}"
    assert report["rss_mb"] < MAX_RSS_MB, f"peak memory {report['rss_mb']:.0f} MB"
    assert report["error"] is None, f"refused: {report['error']}"
    lines = report["lines"]
    assert isinstance(lines, int)
    for line, column, end_line, end_column, code in report["findings"]:
        assert 1 <= line <= end_line <= lines, (code, line, end_line, lines)
        assert column >= 1 and (end_line, end_column) >= (line, column), (code, line, column)


def _nested_emphasis(n: int) -> str:
    # cmark-gfm's "nested strong emph" case: quadratic or worse in mistune 3.4's emphasis parser
    # (77 s at n=8000); the parser disables emphasis, so this must be fast.
    return "*a **a " * n + "b" + " a** a*" * n + "\n"


PATHOLOGICAL: dict[str, str] = {
    "empty": "",
    "only-front-matter": "---\ntitle: x\n---\n",
    "unterminated-front-matter": "---\ntitle: x\n",
    "front-matter-no-newline": "---\ntitle: x\n---",
    # 900 levels: under the refusal at 1,000 (awesome_lint.limits), and far past the 64 levels
    # below which blocks keep their own containers (deeper ones are flattened, positions kept).
    "nested-quotes": ">" * 900 + " a [x](http://a.example)\n",
    "nested-quotes-spaced": "> " * 900 + "a\n",
    "nested-list-markers": "- " * 900 + "a\n",
    "nested-ordered-markers": "1. " * 900 + "a\n",
    "deep-list-indentation": "".join("  " * i + "- a\n" for i in range(1_000)),
    "very-long-line": "a" * 1_000_000,
    "nested-emphasis-8000": _nested_emphasis(8_000),
    "unclosed-brackets": "[" * 100_000,
    "unclosed-image-brackets": "![" * 50_000,
    "closing-brackets-parens": "](" * 50_000,
    "backticks": "`" * 100_000,
    "backtick-runs": "`a ``b " * 20_000,
    "angle-brackets": "<" * 100_000,
    "only-carriage-returns": "\r" * 100_000,
    "control-characters": "".join(chr(c) for c in range(1, 32) if c not in (10, 13)) * 1_000 + "\x7f\n",
    "line-separators": ("a\u2028b\u2029c\x0bd\x0ce\x1cf\x1dg\x1eh\x85i\n") * 5_000,
    "many-empty-headings": "#\n" * 20_000,
    "table-many-columns": "|" + "a|" * 20_000 + "\n|" + "-|" * 20_000 + "\n|" + "[x](http://a.com)|" * 2_000 + "\n",
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological(name: str, tmp_path: Path) -> None:
    check_isolated(run_isolated(PATHOLOGICAL[name].encode("utf-8"), tmp_path))


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    ["a-million-stars", "twenty-thousand-links-one-line", "ordered-list-20000", "star-a-50000"],
)
def test_pathological_slow(name: str, tmp_path: Path) -> None:
    text = {
        # 1 MB is under the default 2 MiB limit, so it must be linted; mistune needs ~500 B per `*`.
        "a-million-stars": lambda: "*" * 1_000_000,
        "twenty-thousand-links-one-line": lambda: " ".join(f"[l{i}](http://e.com/{i % 500})" for i in range(20_000)),
        "ordered-list-20000": lambda: "".join(f"{i % 7}. [a{i}](https://e.com/{i})\n" for i in range(20_000)),
        # Below the density refusal (a tenth of 2 MiB in units): cmark-gfm makes a node per `*a`.
        "star-a-50000": lambda: "*a" * 50_000,
    }[name]()
    report = run_isolated(text.encode("utf-8"), tmp_path)
    check_isolated(report)


def test_line_numbers_ignore_unicode_line_separators() -> None:
    # U+2028, U+2029, \x0b, \x0c, \x1c-\x1e and \x85 are not line endings in Markdown.
    text = "# Title\n\na\u2028b\x0cc\x0bd\x85e\u2029f\x1cg\n[x](http://example.com) and more\n"
    document = parse_document(Source.from_text(text))
    (link,) = document.links
    position = document.position(link.url_span.start)
    assert (position.line, position.column) == (4, 5)
    result = LINTER.lint_text(text)
    check_result(result, "separators")
    insecure = [f for f in result.findings if f.rule == "insecure-url"]
    if any(rule.name == "insecure-url" for rule in LINTER.rules):
        assert [(f.line, f.column) for f in insecure] == [(4, 5)], result.findings


def test_lone_carriage_returns_are_line_endings() -> None:
    text = "# Title\r\r[x](http://example.com)\r"
    document = parse_document(Source.from_text(text))
    (link,) = document.links
    assert (document.position(link.url_span.start).line, document.position(link.url_span.start).column) == (3, 5)
    check_result(LINTER.lint_text(text), "CR")


# Minimal cases found by the random tests below, kept so that they stay fixed.
EDGE_CASES = {
    # A list item whose text starts with Unicode white space (NBSP, U+2028, form feed):
    # links were placed on the line after the item (past the end of the file).
    "list-item-nbsp-link": "- \xa0[a](http://a.com)\n",
    "list-item-nbsp-bare-url": "1. \xa0http://a.com\n",
    "list-item-ideographic-space": "1. \u3000http://a.com\n",
    "list-item-line-separator": "- \u2028[a](http://a.com)\n",
    "list-item-form-feed": "- \x0chttp://a.com\n",
    "list-item-nbsp-continuation-lines": "- \xa0a\nb\nhttp://a.com\n",
    # Blocks that run to the end of a file without a final newline ended one past the text.
    "unclosed-fence-no-final-newline": "```\n*",
    "indented-code-no-final-newline": "\tZ",
    "html-block-no-final-newline": "<!-- x -->",
}


@pytest.mark.parametrize("name", list(EDGE_CASES))
def test_edge_case(name: str) -> None:
    check_variants(EDGE_CASES[name], name)
    check_document(EDGE_CASES[name], name)


# ---------------------------------------------------------------------------
# Input that cannot be linted: a reason for the user, never an internal error


def test_invalid_utf8_names_the_line() -> None:
    result = LINTER.lint_bytes(b"# T\n\nok\nbad \xff byte\n", "bad.md")
    assert result.error is not None and not result.internal_error
    assert "UTF-8" in result.error and "line 4" in result.error, result.error


def test_truncated_utf8_at_end() -> None:
    result = LINTER.lint_bytes("# T\n\né".encode()[:-1], "cut.md")
    assert result.error is not None and "line 3" in result.error, result.error


def test_binary_is_refused() -> None:
    result = LINTER.lint_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.md")
    assert result.error is not None and not result.internal_error
    assert result.error == "not a text file: NUL byte at line 3, column 1 (byte offset 8)", result.error


def test_oversized_is_refused(tmp_path: Path) -> None:
    linter = Linter(max_file_size=1000)
    data = b"- [a](https://a.com)\n" * 100  # 2,100 bytes
    result = linter.lint_bytes(data, "big.md")
    assert result.error is not None and not result.findings
    assert "1,000" in result.error or "1000" in result.error, result.error
    path = tmp_path / "big.md"
    path.write_bytes(data)
    from_file = linter.lint_file(path)
    assert from_file.error is not None and ("1,000" in from_file.error or "1000" in from_file.error)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert LINTER.lint_file(tmp_path / "nope.md").error
    assert LINTER.lint_file(tmp_path).error


# ---------------------------------------------------------------------------
# Random Markdown-heavy text

_PIECES = [
    *"*_[]()<>!#>-+.|\\`~\n\t\r ",
    *"abcXYZ019",
    "http://",
    "https://",
    "http://a.com",
    "https://b.org/x",
    "www.c.io",
    "[a](http://a.com)",
    "[a][b]",
    "[b]: http://b.com\n",
    "1. ",
    "2) ",
    "- ",
    "> ",
    "# ",
    "---\n",
    "```\n",
    "    ",
    "<!-- x -->",
    "é",
    "日本",
    "😀",
    "\u00a0",
    "\u2028",
    "\x0c",
    "\ufeff",
    "Ã©",
    "â€™",
]

markdownish = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdownish)
def test_random_markdown(text: str) -> None:
    result = LINTER.lint_text(text)
    check_result(result, repr(text))
    check_document(text, repr(text))
    # Compare line-ending variants on the normalised text (a lone \r is already a line ending).
    normalised = Source.from_text(text).text
    if not normalised.startswith("\ufeff"):  # only one BOM is stripped: a second one is text
        check_variants(normalised, repr(text))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_random_unicode(text: str) -> None:
    check_result(LINTER.lint_text(text), repr(text))
    data = text.encode("utf-8", errors="surrogatepass")
    result = LINTER.lint_bytes(data, "x.md")
    if result.error is None:
        check_result(result, repr(text))
    else:
        assert not result.internal_error
