import pytest
from lintutil import lint

from awesome_lint.engine import Linter, select_rules
from awesome_lint.findings import Applicability
from awesome_lint.fixes.referee import apply_to_text


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


def fixed(text: str) -> list[tuple[str, str]]:
    """(the text after each finding's fix alone, the referee's note on it): the fix the user gets."""
    result = Linter(select_rules(["insecure-url"])).lint_text(text, "README.md")
    assert result.error is None and not result.internal_error
    out = []
    for finding in result.findings:
        assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
        out.append((apply_to_text(text, finding.fix.edits), finding.fix.note))
    return out


def test_the_fix_writes_https_and_github_renders_only_that() -> None:
    assert fixed("- [Foo](http://foo.com/a) - Foo.\n") == [("- [Foo](https://foo.com/a) - Foo.\n", "")]


@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("[x](http://a.com/?a=1&amp;b=2)\n", "[x](https://a.com/?a=1&amp;b=2)\n"),
        ("[x](http://a.com/a\\_b)\n", "[x](https://a.com/a\\_b)\n"),
        ("<http://a.com/?a&amp;b>\n", "<https://a.com/?a&amp;b>\n"),
        ("[r]\n\n[r]: http://a.com/?a&amp;b\n", "[r]\n\n[r]: https://a.com/?a&amp;b\n"),
    ],
)
def test_escapes_and_entities_do_not_demote_the_fix(text: str, after: str) -> None:
    assert fixed(text) == [(after, "")]


# --- raw HTML ----------------------------------------------------------------------------------


def test_html_link_reported_at_the_attribute_value() -> None:
    assert insecure('<a href="http://foo.com/a">Foo</a>\n') == [
        (1, 10, 1, 25, 'insecure URL "http://foo.com/a": use https://')
    ]


@pytest.mark.parametrize(
    ("text", "positions"),
    [
        ("<p align=\"center\">\n  <img src='http://img.com/logo.png' width=100>\n</p>\n", [(2, 13, 2, 35)]),
        ("Text <IMG SRC=http://img.com/x.png> more.\n", [(1, 15, 1, 34)]),
        (
            '<picture>\n  <source srcset="http://a.com/d.png 1x, https://a.com/e.png 2x, http://a.com/f.png 3x">\n'
            "</picture>\n",
            [(2, 19, 2, 36), (2, 66, 2, 83)],
        ),
        ('> <div>\n> <a href="http://q.com/x">q</a>\n> </div>\n', [(2, 12, 2, 25)]),
        ('- 中文 <a href="http://cjk.com/x">链接</a> 说明\n', [(1, 15, 1, 30)]),
        ('- عربي <a href="http://rtl.com">رابط</a> نص 😀\n', [(1, 17, 1, 30)]),
        ('[![b](https://img.shields.io/x.svg)](https://x.com) <a href="http://badge.com">b</a>\n', [(1, 62, 1, 77)]),
    ],
)
def test_urls_in_html(text: str, positions: list[tuple[int, int, int, int]]) -> None:
    assert [finding[:4] for finding in insecure(text)] == positions


def test_html_fix_changes_the_scheme_only() -> None:
    text = '<a href="http://foo.com/?a=1&amp;b=2"><img src=http://img.com/y.png></a>\n'
    assert fixed(text) == [
        ('<a href="https://foo.com/?a=1&amp;b=2"><img src=http://img.com/y.png></a>\n', ""),
        ('<a href="http://foo.com/?a=1&amp;b=2"><img src=https://img.com/y.png></a>\n', ""),
    ]


def test_one_srcset_candidate_fixed_at_a_time() -> None:
    text = '<img srcset="http://a.com/1.png 1x, http://a.com/2.png 2x">\n'
    assert fixed(text) == [
        ('<img srcset="https://a.com/1.png 1x, http://a.com/2.png 2x">\n', ""),
        ('<img srcset="http://a.com/1.png 1x, https://a.com/2.png 2x">\n', ""),
    ]


@pytest.mark.parametrize(
    "text",
    [
        '<a href="https://secure.com">x</a> <img src="https://secure.com/x.png">\n',
        '<!-- <a href="http://comment.com">x</a> -->\n',
        '<div>\n<!-- <img src="http://comment.com/x.png"> -->\n</div>\n',
        '<a href="http://localhost:3000">dev</a> <img src="http://0.0.0.0:8080/x.png">\n',
        '<img src="data:image/png;base64,iVBORw0KGgo=" srcset="data:image/png;base64,AA,BB 2x">\n',
        '<svg xmlns="http://www.w3.org/2000/svg"></svg>\n',
        '<a title="http://title.com" name="x">x</a>\n',
        '`<a href="http://code.com">`\n',
        '- 中文 <a href="https://cjk.com">链接</a> عربي\n',
    ],
)
def test_quiet_html(text: str) -> None:
    assert insecure(text) == []


# --- bare www. ---------------------------------------------------------------------------------


def test_bare_www_reported_as_the_http_link_github_makes() -> None:
    assert insecure("Visit www.example.com/help for more.\n") == [
        (1, 7, 1, 26, 'insecure URL "www.example.com/help": GitHub links it with http://; write https://')
    ]


@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("Home: www.example.com/a.\n", "Home: https://www.example.com/a.\n"),
        ("- See (www.example.com/a_(b)), ok\n", "- See (https://www.example.com/a_(b)), ok\n"),
        ("*www.e.org*\n", "*https://www.e.org*\n"),
        ("| a | b |\n|---|---|\n| www.cell.com | y |\n", "| a | b |\n|---|---|\n| https://www.cell.com | y |\n"),
        ("- 😀 项目 www.example.cn。\n", "- 😀 项目 https://www.example.cn。\n"),
        ("- نص www.example.com نص\n", "- نص https://www.example.com نص\n"),
        ("# Site www.example.com\n", "# Site https://www.example.com\n"),
        ("> www.quote.com?a=1&b=2\n", "> https://www.quote.com?a=1&b=2\n"),
    ],
)
def test_www_fix_writes_https_before_it_and_github_renders_only_that(text: str, after: str) -> None:
    assert fixed(text) == [(after, "")]


@pytest.mark.parametrize(
    "text",
    [
        "`www.code.com`\n",
        "```\nwww.fenced.com\n```\n",
        "[www.label.com](https://label.com)\n",
        "![www.alt.com](https://img.com/x.png)\n",
        "<www.angle.com>\n",
        "<div>\nwww.html-block.com\n</div>\n",
        '<a href="https://x.com">www.x.com</a>\n',
        "www.under_score.com and www.a.b_c.com\n",
        "[unclosed www.bracket.com\n",
        "x.www.example.com and awww.example.com and https://www.secure.com\n",
        "www.localhost:3000 and www.printer.local\n",
        "[x](www.relative.com)\n",
        "<!-- www.comment.com -->\n",
    ],
)
def test_www_that_github_does_not_link_over_http_is_quiet(text: str) -> None:
    assert insecure(text) == []


def test_www_reported_only_where_github_links_it() -> None:
    text = "[see www.same.com\n\nand www.same.com here\n"
    # One is in an unclosed bracket, which cmark-gfm does not autolink in: found twice, linked once.
    assert insecure(text) == []
    assert [finding[:2] for finding in insecure("www.a.com and www.a.com\n")] == [(1, 1), (1, 15)]


# --- local addresses and malformed URLs ----------------------------------------------------------


@pytest.mark.parametrize("url", ["http://0.0.0.0:8000/", "http://[::]:8080/", "http://0.0.0.0"])
def test_unspecified_addresses_are_local(url: str) -> None:
    assert insecure(f"[x]({url})\n") == []


def test_addresses_next_to_unspecified_ones_are_reported() -> None:
    assert len(insecure("[x](http://0.0.0.1/) [y](http://[::2]/)\n")) == 2


@pytest.mark.parametrize(
    "text",
    [
        "[x](http:/x.com)\n",
        "[x](http:x.com)\n",
        "[x](http:///x.com)\n",
        "[x](http:\\\\x.com)\n",
        "[x](http://)\n",
        '<a href="http:/x.com">x</a>\n',
        "[r]\n\n[r]: http:/x.com\n",
    ],
)
def test_urls_that_are_not_well_formed_http_are_left_to_malformed_url(text: str) -> None:
    assert insecure(text) == []


# --- online: HTTPS verified ------------------------------------------------------------------


def test_online_https_verified_makes_the_fix_safe() -> None:
    from onlineutil import answers, fix_answered, lint_answered, ok

    text = "- [A](http://example.com/a) - x.\n"
    client = answers(
        {"http://example.com/a": ok("http://example.com/a"), "https://example.com/a": ok("https://example.com/a")}
    )
    assert lint_answered(text, client, "insecure-url") == [
        (1, 7, 1, 26, 'insecure URL "http://example.com/a": use https:// (HTTPS verified)', "safe")
    ]
    assert fix_answered(text, client, "insecure-url") == "- [A](https://example.com/a) - x.\n"


def test_online_https_that_fails_or_leads_elsewhere_gets_no_fix() -> None:
    from onlineutil import answers, failing, lint_answered, ok

    text = "[A](http://a.example/) [B](http://b.example/)\n"
    client = answers(
        {
            "http://a.example/": ok("http://a.example/"),
            "https://a.example/": failing("https://a.example/", "dead", "the connection to a.example:443 was refused"),
            "http://b.example/": ok("http://b.example/"),
            "https://b.example/": ok("https://b.example/", final="https://hosting.example/welcome"),
        }
    )
    assert lint_answered(text, client, "insecure-url") == [
        (
            1,
            5,
            1,
            21,
            'insecure URL "http://a.example/": https:// was tried and failed: '
            "the connection to a.example:443 was refused",
            None,
        ),
        (1, 28, 1, 44, 'insecure URL "http://b.example/": the https:// address leads elsewhere '
         "(https://hosting.example/welcome); no fix", None),
    ]


def test_online_an_unchecked_url_keeps_the_offline_finding() -> None:
    from onlineutil import answers, lint_answered

    assert lint_answered("[A](http://a.example/)\n", answers(), "insecure-url") == [
        (1, 5, 1, 21, 'insecure URL "http://a.example/": use https://', "unsafe")
    ]
