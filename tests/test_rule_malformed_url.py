"""AL203 malformed-url: destinations that cannot be what their author meant, and their repairs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lintutil import lint

from awesome_lint.engine import Linter, select_rules
from awesome_lint.findings import Applicability, Fix
from awesome_lint.fixes.referee import judge
from awesome_lint.fixes.select import fix_until_stable
from awesome_lint.rules.malformed_url import problem

RULE = "malformed-url"
MISSING = '"https://" is missing: GitHub takes it for a file in the repository'


def malformed(text: str) -> list[tuple[int, int, int, int, str]]:
    return lint(text, RULE)


TYPO = '"{}" is not a scheme; write "{}://"'
SLASH = 'one slash after "http:"; write "http://"'
TWICE = "the scheme is written twice"
TWO = "two URLs in one destination"
STRAY = 'a stray "](": two destinations run together'


@pytest.mark.parametrize(
    ("text", "columns", "url", "reason"),
    [
        ("- [Ansible](http:/ansible.com) - A.\n", (13, 29), "http:/ansible.com", SLASH),
        ("[a](http//x.com/a)\n", (5, 17), "http//x.com/a", 'the colon of "http://" is missing'),
        ("[a](https//x.com)\n", (5, 16), "https//x.com", 'the colon of "https://" is missing'),
        ("[a](htps://x.com)\n", (5, 16), "htps://x.com", TYPO.format("htps", "https")),
        ("[a](htttp://x.com)\n", (5, 17), "htttp://x.com", TYPO.format("htttp", "http")),
        ("[a](ttps://x.com)\n", (5, 16), "ttps://x.com", TYPO.format("ttps", "https")),
        ("[a](htpts://x.com)\n", (5, 17), "htpts://x.com", TYPO.format("htpts", "https")),
        ("[a](http:///x.com)\n", (5, 17), "http:///x.com", '3 slashes after "http:"; write "http://"'),
        ("[a](https://https://x.com)\n", (5, 25), "https://https://x.com", TWICE),
        ("[a](http://https//x.com)\n", (5, 23), "http://https//x.com", TWICE),
        ("[a](https://)\n", (5, 12), "https://", 'no host after "https://"'),
        ("[a](https:///)\n", (5, 13), "https:///", 'no host after "https:///"'),
        ("[Alamofire](github.com/Alamofire/Alamofire)\n", (13, 42), "github.com/Alamofire/Alamofire", MISSING),
        ("[a](www.example.com)\n", (5, 19), "www.example.com", MISSING),
        ("[a](www.example.md)\n", (5, 18), "www.example.md", MISSING),
        ("[Docker](get.docker.com)\n", (10, 23), "get.docker.com", MISSING),
        ("[a](example.de/x)\n", (5, 16), "example.de/x", MISSING),
        ("[a](my-app.vercel.app/docs)\n", (5, 26), "my-app.vercel.app/docs", MISSING),
        ("[yt](youtube.com/playlist?list=1)\n", (6, 32), "youtube.com/playlist?list=1", MISSING),
        ("![logo](github.com/o/r/raw/main/logo.png)\n", (9, 40), "github.com/o/r/raw/main/logo.png", MISSING),
        ("see <htps://x.com> here\n", (6, 17), "htps://x.com", TYPO.format("htps", "https")),
        ("[a](< https://x.com >)\n", (6, 20), " https://x.com ", "spaces around the URL"),
        ("[a](<https://exa mple.com/x>)\n", (6, 27), "https://exa mple.com/x", "a space in the host name"),
        ("[a](<https://a.com/x https://b.com/y>)\n", (6, 36), "https://a.com/x https://b.com/y", TWO),
        ("[a](<htps://a.com/My File.pdf>)\n", (6, 29), "htps://a.com/My File.pdf", TYPO.format("htps", "https")),
        ("[a](https://a.com](https://b.com))\n", (18, 19), "https://a.com](https://b.com)", STRAY),
        ("[a]([https://a.com](https://a.com))\n", (19, 20), "[https://a.com](https://a.com)", STRAY),
    ],
)
def test_each_kind_is_reported_at_the_destination(text: str, columns: tuple[int, int], url: str, reason: str) -> None:
    assert malformed(text) == [(1, columns[0], 1, columns[1], f'malformed URL "{url}": {reason}')]


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("> - [q](http//quote.com)\n", (1, 9, 1, 23)),
        ("| a | b |\n|---|---|\n| [x](htps://cell.com) | y |\n", (3, 7, 3, 21)),
        ("- [中文](github.com/a/b) - 中文说明。\n", (1, 8, 1, 21)),
        ("- [עברית](www.example.co.il) - תיאור.\n", (1, 11, 1, 27)),
        ("- [Foo](http:/foo.com) [![Stars](https://img.shields.io/x.svg)](https://foo.com) 🚀\n", (1, 9, 1, 21)),
        ("a\r\nb\r\n[crlf](HTTP:/CRLF.COM)\r\n", (3, 8, 3, 21)),
    ],
)
def test_every_place_a_link_can_be(text: str, position: tuple[int, int, int, int]) -> None:
    assert [finding[:4] for finding in malformed(text)] == [position]


def test_a_reference_definition_is_reported_once_at_the_definition() -> None:
    text = "Use [a][r] and [b][r].\n\n[r]: github.com/x/y 'T'\n"
    assert malformed(text) == [(3, 6, 3, 19, f'malformed URL "github.com/x/y": {MISSING}')]


@pytest.mark.parametrize(
    "url",
    [
        "docs/setup.md",
        "README.md",
        "image.png",
        "v1.2/notes",
        "index.html",
        "install.sh",  # a script, though .sh is a top-level domain
        "logo.ai",
        "about.me",
        "Safari.app/Contents/Info.plist",  # a macOS bundle
        "./github.com/x",
        "/github.com/x",
        "http/server.md",  # a folder named http
        "../../issues",
        "#anchor",
        "?plain=1",
        "mailto:someone@example.com",
        "data:image/png;base64,iVBORw0KGgo=",
        "file:///etc/hosts",
        "ftp://ftp.example.com/pub",
        "http://[::1]:8080/",
        "https://example.com/a//b",
        "https://web.archive.org/web/2020/https://example.com/x",
        "https://example.com/?next=http://x.com",
        "hxxp://defanged.example.com",  # written so on purpose in security lists
        "htcp://cache.example.com",  # a real scheme one letter away from http
        "<https://example.com/My File.pdf>",  # GitHub encodes the space: it may be the file's name
        "<docs/my notes.md>",
        "https://en.wikipedia.org/wiki/Go_(game)",
    ],
)
def test_destinations_that_may_be_meant_are_quiet(url: str) -> None:
    assert malformed(f"- [Name]({url}) - Text.\n") == []


@pytest.mark.parametrize(
    "text",
    [
        "Visit www.example.com or github.com/x/y in text.\n",  # GitHub's autolinks, or plain text
        "`[a](http:/x.com)` in code\n",
        "```\n[a](htps://x.com)\n```\n",
        "[中文](https://example.com) [عربي](https://ar.example.com/مرحبا) [😀](https://emoji.example.com)\n",
        "<someone@example.com>\n",
        "[a](http:/x.com\n",  # not a link
    ],
)
def test_text_that_is_no_link_destination_is_quiet(text: str) -> None:
    assert malformed(text) == []


def fixed(text: str) -> str:
    linter = Linter(select_rules([RULE]))

    def fixes(data: bytes) -> list[tuple[str, Fix]]:
        return [(f.code, f.fix) for f in linter.lint_bytes(data, "README.md").findings if f.fix is not None]

    return fix_until_stable(text.encode(), "README.md", fixes, unsafe=False)[0].decode()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[a](http:/x.com)\n", "[a](http://x.com)\n"),
        ("[a](http//x.com)\n", "[a](http://x.com)\n"),
        ("[a](HTTP:///x.com)\n", "[a](HTTP://x.com)\n"),
        ("[a](htps://x.com)\n", "[a](https://x.com)\n"),
        ("[a](htps:/x.com)\n", "[a](https://x.com)\n"),
        ("[a](https://https://x.com/p)\n", "[a](https://x.com/p)\n"),
        ("[a](https://http:/x.com)\n", "[a](http://x.com)\n"),
        ("[a](github.com/o/r)\n", "[a](https://github.com/o/r)\n"),
        ("![i](www.x.com/i.png)\n", "![i](https://www.x.com/i.png)\n"),
        ("[a][r]\n\n[r]: www.x.com 'T'\n", "[a][r]\n\n[r]: https://www.x.com 'T'\n"),
        ("see <htps://x.com> here\n", "see <https://x.com> here\n"),
        ("[a](< https://x.com >)\n", "[a](<https://x.com>)\n"),
        ("[a]([https://x.com/?a=1&b=2](https://x.com/?a=1&b=2))\n", "[a](https://x.com/?a=1&b=2)\n"),
        ("[a](https://x.com](https://x.com))\n", "[a](https://x.com)\n"),
    ],
)
def test_the_fix_writes_the_url_meant(text: str, expected: str) -> None:
    assert fixed(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "[a](https://a.com](https://b.com))\n",  # which one?
        "[a](<https://exa mple.com>)\n",
        "[a](https://)\n",
        "[a](htts://x.com)\n",  # http or https?
        "[a](htps://x.com/a\\_b)\n",  # an escape: the repair is not written over it
        "[a](http:/x.com/&amp;)\n",
    ],
)
def test_no_fix_where_the_url_meant_is_not_certain(text: str) -> None:
    [finding] = Linter(select_rules([RULE])).lint_text(text, "README.md").findings
    assert finding.fix is None


@pytest.mark.parametrize(
    "text",
    [
        "- [a](http:/x.com) - A.\n",
        "- [a](github.com/o/r) - A.\n",
        "see <htps://x.com/a> here\n",
        "[![b](https://img.shields.io/x.svg)](www.x.com)\n",
        "[a][r]\n\n[r]: http//x.com\n",
    ],
)
def test_the_rendering_check_accepts_each_fix_as_safe(text: str) -> None:
    [finding] = Linter(select_rules([RULE])).lint_text(text, "README.md").findings
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    [judged] = judge(text, [finding.fix])
    assert judged is not None and judged.applicability is Applicability.SAFE, judged.note if judged else None


_LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)
_PATH = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789-._~/%?=&#", max_size=30)


@given(
    st.sampled_from(["http", "https", "HTTPS"]),
    st.lists(_LABEL, min_size=1, max_size=3),
    st.sampled_from(["com", "org", "io", "de", "app"]),
    _PATH,
)
def test_well_formed_web_urls_are_quiet(web: str, labels: list[str], tld: str, path: str) -> None:
    assert problem(f"{web}://{'.'.join(labels)}.{tld}/{path}") is None


@given(
    st.sampled_from(["http", "https"]),
    st.lists(_LABEL, min_size=1, max_size=3),
    st.sampled_from(["com", "org", "io", "de", "app"]),
    _PATH,
    st.sampled_from(["{s}:/{r}", "{s}//{r}", "{s}:///{r}", "https://{s}://{r}", "http://{s}//{r}"]),
)
def test_each_mistake_is_repaired_to_the_url_meant(
    web: str, labels: list[str], tld: str, path: str, mistake: str
) -> None:
    rest = f"{'.'.join(labels)}.{tld}/{path}"
    found = problem(mistake.format(s=web, r=rest))
    assert found is not None and found.fixed == f"{web}://{rest}"


@given(st.lists(_LABEL, min_size=1, max_size=3), st.sampled_from(["com", "org", "io", "dev"]), _PATH)
def test_a_host_without_its_scheme_gets_https(labels: list[str], tld: str, path: str) -> None:
    url = f"{'.'.join(labels)}.{tld}/{path}"
    found = problem(url)
    assert found is not None and found.fixed == f"https://{url}"
