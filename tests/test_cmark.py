"""GitHub's block structure as the parser reads it from cmark-gfm: XML and node walk agree, pieces
of a large file join up to the whole, and nothing nests without bound."""

from __future__ import annotations

import json
import random

import pytest
from realdata import SPEC, VENDORED_LISTS

from awesome_lint.document import cmark, parse_document
from awesome_lint.source import Source


def tree(block: cmark.Block) -> list[object]:
    return [
        (
            child.kind,
            child.start_line,
            child.start_column,
            child.end_line,
            child.end_column,
            child.attribute,
            child.literal,
            child.quotes,
            tree(child),
        )
        for child in block.children
    ]


def spec_examples() -> list[str]:
    return [example["markdown"] for example in json.loads((SPEC / "commonmark.json").read_text(encoding="utf-8"))]


def library() -> cmark._Library:
    cmark.parse_blocks("")
    assert cmark._LIBRARY is not None
    return cmark._LIBRARY


def test_the_node_walk_reads_what_the_xml_says() -> None:
    """Two readings of one parse: the XML (the fast path) and the C API node by node (for deep files)."""
    lib = library()
    texts = spec_examples() + [path.read_text(encoding="utf-8") for path in VENDORED_LISTS]
    for text in texts:
        data = text.encode("utf-8")
        from_xml, walked = cmark.read_xml(lib.xml(data)[0]), lib.walk(data)
        assert tree(from_xml) == tree(walked), text


def test_a_large_file_parsed_in_pieces_is_the_whole_file(monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(5)
    sections = []
    for index in range(60):
        body = [f"## Section {index}", ""]
        for item in range(rnd.randint(3, 12)):
            body.append(f"{item + 1}. [P{index}-{item}](https://example.com/{index}/{item}) - Described.")
        if index % 7 == 3:  # a fence with headings inside: a cut there would split the code block
            body += ["", "```", "", "## not a heading", "", "```"]
        if index % 11 == 5:  # an HTML comment with blank lines and a heading inside
            body += ["", "<!--", "", "## hidden", "", "-->"]
        sections.append("\n".join(body) + "\n")
    text = "# Awesome\n\n" + "\n".join(sections)
    whole = tree(cmark.parse_blocks(text))
    monkeypatch.setattr(cmark, "CHUNK", 300)
    assert len(cmark._boundaries(text)) > 20
    assert tree(cmark.parse_blocks(text)) == whole


def test_footnote_definitions_come_back_in_source_order() -> None:
    root = cmark.parse_blocks("Text[^b] and[^a].\n\n[^a]: A.\n\n[^b]: B.\n")
    assert [(block.kind, block.start_line) for block in root.children] == [
        ("paragraph", 1),
        ("footnote_definition", 3),
        ("footnote_definition", 5),
    ]


@pytest.mark.parametrize("deep", [">" * 200 + " [x](http://a.example)\n", "- " * 200 + "[x](http://a.example)\n"])
def test_blocks_nested_past_the_limit_are_flattened_with_their_positions(deep: str) -> None:
    text = "a\n\n" + deep
    document = parse_document(Source.from_text(text))
    (link,) = document.links
    assert text[link.url_span.start : link.url_span.end] == "http://a.example"

    def depth(blocks: list[cmark.Block], level: int = 0) -> int:
        return max([level, *(depth(block.children, level + 1) for block in blocks)])

    assert depth(cmark.parse_blocks(text).children) <= cmark.MAX_DEPTH + 1


def test_labels_resolve_as_on_github() -> None:
    """The first definition wins; a lazy line keeps its leading blank, which starts no definition."""
    text = "[a]: /one\n[A]: /two\n\n- x\n\n  [b]: /three\n [c]: /four\n"
    assert cmark.resolve_labels(text, ["a", "b", "c", "nope"]) == ["/one", "/three", None, None]
    document = parse_document(Source.from_text(text + "\n[see][c]\n"))
    assert [(d.label, d.used) for d in document.definitions] == [("a", True), ("A", False), ("b", True)]
    assert document.links == []  # `[see][c]` resolves to nothing: ` [c]: /four` is text, as on GitHub


def test_lines_before_a_table_header_are_text_as_on_github() -> None:
    """cmark-gfm splits the paragraph a table grows from: the lines before the header row become a
    paragraph with no position and no definitions, so ``[x]: url`` there is text with a link in it."""
    text = "> [x]: https://example.com/one\n> see https://example.com/two\n> | a | b |\n> |---|---|\n\n[x]\n"
    document = parse_document(Source.from_text(text))
    assert document.definitions == []
    starts = [document.position(link.span.start) for link in document.links]
    assert [(link.url, where.line, where.column) for link, where in zip(document.links, starts, strict=True)] == [
        ("https://example.com/one", 1, 8),
        ("https://example.com/two", 2, 7),
    ]
    assert [document.source.text[row.span.start : row.span.end] for row in document.tables[0].rows] == ["| a | b |"]
