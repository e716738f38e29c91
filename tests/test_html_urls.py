"""URLs in raw HTML (``Document.html_urls``): what is read, and exactly where it is written."""

from __future__ import annotations

import html

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from awesome_lint.document import Document, parse_document
from awesome_lint.source import Source


def urls_of(text: str) -> list[tuple[str, str, str, int, int]]:
    """(tag, attribute, url, line, column) of each HTML URL; columns are 1-based characters."""
    document = parse_document(Source.from_text(text))
    out = []
    for found in document.html_urls:
        assert document.text[found.span.start : found.span.end] == found.url
        position = document.position(found.span.start)
        out.append((found.tag, found.attribute, found.url, position.line, position.column))
    return out


def document_of(text: str) -> Document:
    return parse_document(Source.from_text(text))


def test_inline_and_block_html_at_the_attribute_value() -> None:
    text = 'Text <a href="http://a.com/x">a</a>.\n\n<p align="center">\n  <img src="https://b.com/y.png">\n</p>\n'
    assert urls_of(text) == [("a", "href", "http://a.com/x", 1, 15), ("img", "src", "https://b.com/y.png", 4, 13)]


@pytest.mark.parametrize(
    ("tag", "column"),
    [
        ('<a href="http://q.com">', 10),
        ("<a href='http://q.com'>", 10),
        ("<a href=http://q.com>", 9),
        ('<a  HREF = "http://q.com" >', 13),
        ('<A Href="http://q.com">', 10),
        ('<a class="x" href="http://q.com" title="t">', 20),
        ('<a\nhref="http://q.com">', 7),
    ],
)
def test_quoting_spacing_and_case(tag: str, column: int) -> None:
    [(name, attribute, url, line, found_column)] = urls_of(f"{tag}q</a>\n")
    assert (name, attribute, url) == ("a", "href", "http://q.com")
    assert (line, found_column) == (tag.count("\n") + 1, column)


def test_entities_are_kept_as_written() -> None:
    [(_, _, url, _, _)] = urls_of('<a href="http://q.com/?a=1&amp;b=2">q</a>\n')
    assert url == "http://q.com/?a=1&amp;b=2"
    assert html.unescape(url) == "http://q.com/?a=1&b=2"


def test_every_srcset_candidate_with_its_own_place() -> None:
    text = (
        "<picture>\n"
        '  <source srcset="http://a.com/1.png 1x,https://a.com/2.png 2x , data:image/png;base64,AA,BB 3x"'
        ' media="(prefers-color-scheme: dark)">\n'
        "</picture>\n"
    )
    assert urls_of(text) == [
        ("source", "srcset", "http://a.com/1.png", 2, 19),
        ("source", "srcset", "https://a.com/2.png", 2, 41),
        ("source", "srcset", "data:image/png;base64,AA,BB", 2, 66),
    ]


def test_a_srcset_url_ending_in_commas_loses_them() -> None:
    assert [url for _, _, url, _, _ in urls_of('<img srcset="a.png,, b.png 2x">\n')] == ["a.png", "b.png"]


@pytest.mark.parametrize(
    "text",
    [
        '<!-- <a href="http://comment.com">x</a> -->\n',
        'Text <!-- <img src="http://comment.com/x.png"> --> more.\n',
        '<div>\n<!--\n<a href="http://comment.com">\n-->\n</div>\n',
        '<script>var s = \'<a href="http://script.com">\';</script>\n',
        '<svg xmlns="http://www.w3.org/2000/svg" width="10"></svg>\n',
        '<a name="anchor" title="http://title.com">x</a>\n',
        '`<a href="http://code.com">`\n',
        '```html\n<a href="http://fenced.com">\n```\n',
        '&lt;a href="http://escaped.com"&gt;\n',
        "<a href>empty</a> <img src=''>\n",
    ],
)
def test_no_url_outside_url_attributes_of_real_tags(text: str) -> None:
    assert urls_of(text) == []


def test_a_tag_over_two_lines_of_a_quote() -> None:
    assert urls_of('> Text <a\n> href="http://q.com">q</a>\n') == [("a", "href", "http://q.com", 2, 9)]


def test_positions_inside_quotes_and_list_items() -> None:
    text = '> <div>\n> <a href="http://q.com/x">q</a>\n> </div>\n\n'
    text += '- item\n\n  <p>\n    <img src="http://i.com">\n  </p>\n'
    assert urls_of(text) == [("a", "href", "http://q.com/x", 2, 12), ("img", "src", "http://i.com", 8, 15)]


def test_cjk_rtl_and_emoji_around() -> None:
    text = '- 中文 <a href="http://cjk.com">链接</a> 😀 <img src="http://emoji.com/😀.png">\n- عربي <a href="http://rtl.com">رابط</a>\n'
    assert urls_of(text) == [
        ("a", "href", "http://cjk.com", 1, 15),
        ("img", "src", "http://emoji.com/😀.png", 1, 50),
        ("a", "href", "http://rtl.com", 2, 17),
    ]


_VALUE = st.lists(st.sampled_from([*"abc/:.?=%-_#é中😀", "&amp;", "&#47;"]), min_size=1, max_size=20).map("".join)
_PREFIX = st.sampled_from(["", "Text ", "- ", "> ", "- item\n\n  ", "1. ", "| a |\n|---|\n| "])
_CONTINUATION = {"": "", "Text ": "", "- ": "  ", "> ": "> ", "- item\n\n  ": "  ", "1. ": "   "}
"""How a paragraph started by each prefix goes on to its next line (a table row cannot)."""


@given(
    value=_VALUE,
    quote=st.sampled_from(['"', "'", ""]),
    prefix=_PREFIX,
    attribute=st.sampled_from(["href", "SRC"]),
    split=st.booleans(),
)
def test_the_span_is_the_value_as_written(value: str, quote: str, prefix: str, attribute: str, split: bool) -> None:
    assume(quote or "=" not in value)  # an unquoted value has no `=` (HTML reads `href==x` as `href=x`)
    gap = "\n" + _CONTINUATION[prefix] if split and prefix in _CONTINUATION else " "
    text = f'{prefix}<a title="t"{gap}{attribute}={quote}{value}{quote} x>link</a> after\n'
    document = document_of(text)
    [found] = document.html_urls
    assert found.url == value
    assert found.attribute == attribute.lower()
    assert found.span.start == text.index(f"{attribute}={quote}{value}") + len(attribute) + 1 + len(quote)
    assert document.text[found.span.start : found.span.end] == value
