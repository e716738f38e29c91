import pytest
from lintutil import lint


def insecure(text: str) -> list[tuple[int, int, int, int, str]]:
    return lint(text, "insecure-url")


def test_inline_link_reported_at_the_url() -> None:
    assert insecure("- [Foo](http://foo.com/a) - Foo.\n") == [
        (1, 9, 1, 24, 'insecure URL "http://foo.com/a": use https://')
    ]


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("![logo](http://img.com/x.png)\n", (1, 9, 1, 28)),
        ("see <http://auto.com/x> here\n", (1, 6, 1, 22)),
        ("bare http://bare.com/x here\n", (1, 6, 1, 22)),
        ("[a](<http://angle.com/a b>)\n", (1, 6, 1, 25)),
        ('[a](http://t.com/x "title")\n', (1, 5, 1, 18)),
        ("> - [q](http://quote.com)\n", (1, 9, 1, 24)),
        ("| a | b |\n|---|---|\n| [x](http://cell.com) | y |\n", (3, 7, 3, 21)),
        ("[![b](https://img.shields.io/x.svg)](http://badge.com)\n", (1, 38, 1, 53)),
        ("\ufeff[bom](http://bom.com)\n", (1, 7, 1, 20)),
        ("---\ntitle: x\n---\n[fm](http://fm.com)\n", (4, 6, 4, 18)),
        ("a\r\nb\r\n[crlf](http://crlf.com)\r\n", (3, 8, 3, 22)),
        ("[caps](HTTP://CAPS.COM)\n", (1, 8, 1, 22)),
    ],
)
def test_every_kind_of_link(text: str, position: tuple[int, int, int, int]) -> None:
    findings = insecure(text)
    assert [f[:4] for f in findings] == [position]


def test_reference_definition_reported_once_at_the_definition() -> None:
    text = "Use [a][r] and [b][r] and [r].\n\n[r]: http://ref.com/x 'T'\n"
    assert insecure(text) == [(3, 6, 3, 21, 'insecure URL "http://ref.com/x": use https://')]


def test_two_urls_on_one_line() -> None:
    text = "- [a](http://x.com/1) - [b](http://x.com/1)\n"
    assert [f[:2] for f in insecure(text)] == [(1, 7), (1, 29)]


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8080/x",
        "http://app.localhost/",
        "http://127.0.0.1/",
        "http://127.8.9.1:3000",
        "http://[::1]:8080/",
        "http://10.1.2.3/",
        "http://172.16.0.1/",
        "http://172.31.255.255/",
        "http://192.168.1.1/",
        "http://printer.local/",
        "http://abcdefghijklmnop.onion/",
        "https://secure.com/",
        "ftp://files.com/",
        "mailto:a@b.com",
    ],
)
def test_local_hosts_and_other_schemes_are_quiet(url: str) -> None:
    assert insecure(f"[x]({url})\n") == []


def test_public_addresses_next_to_private_ranges_are_reported() -> None:
    assert len(insecure("[x](http://172.32.0.1/) [y](http://11.0.0.1/)\n")) == 2


@pytest.mark.parametrize(
    "text",
    [
        "`http://code.com`\n",
        "```\n[a](http://fenced.com)\n```\n",
        "    [a](http://indented.com)\n",
        "<!-- [a](http://comment.com) -->\n",
        "---\nurl: http://frontmatter.com\n---\n",
    ],
)
def test_code_comments_and_front_matter_are_not_links(text: str) -> None:
    assert insecure(text) == []


def test_long_urls_are_shortened_in_the_message_not_the_span() -> None:
    url = "http://example.com/" + "a" * 100
    [(line, column, end_line, end_column, message)] = insecure(f"[x]({url})\n")
    assert (line, column, end_line, end_column) == (1, 5, 1, 4 + len(url))
    assert message == f'insecure URL "{url[:79]}…": use https://'
