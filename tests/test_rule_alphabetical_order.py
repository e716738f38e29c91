"""AL414 alphabetical-order: off by default, what it reports and where, what stays quiet, and a fix
that moves whole items, checked against GitHub's rendering."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lintutil import lint

from awesome_lint.document import parse_document
from awesome_lint.document.cmark import render_html
from awesome_lint.engine import Linter, select_rules
from awesome_lint.findings import Applicability, Fix
from awesome_lint.fixes.edits import apply_edits
from awesome_lint.fixes.select import fix_until_stable
from awesome_lint.rules.alphabetical_order import AlphabeticalOrder
from awesome_lint.source import Source

LINTER = Linter(select_rules(["alphabetical-order"]))
OUT = '"{}" is out of alphabetical order: it sorts {}'


def item(name: str, description: str = "") -> str:
    return f"- [{name}](https://{name.lower().replace(' ', '-')}.example){description}\n"


def entries(*names: str) -> str:
    return "".join(item(name) for name in names)


def fixed(data: bytes, unsafe: bool = False) -> bytes:
    """The bytes after every fix, each round's fixes applied together (without the check of their
    joint rendering the command makes, so that fixes which only work alone are caught)."""

    def fixes(current: bytes) -> list[tuple[str, Fix]]:
        return [(f.code, f.fix) for f in LINTER.lint_bytes(current, "README.md").findings if f.fix is not None]

    out, _, _ = fix_until_stable(data, "README.md", fixes, unsafe=unsafe)
    return out


def unordered(html: str) -> str:
    """A rendering with the items of every ``<ul>`` sorted, innermost first: what is left when only
    the order of sibling items may differ."""
    stack: list[tuple[str, list[str], list[str]]] = [("", [], [])]
    position = 0
    for match in re.finditer(r"<(/?)(ul|ol|li)\b[^>]*>", html):
        kind, pieces, items = stack[-1]
        pieces.append(html[position : match.start()])
        position = match.end()
        closing, name = match.groups()
        if name != "li" and not closing:
            stack.append((name, [], []))
        elif name == "li" and not closing:
            pieces[:] = [match.group()]
        elif name == "li":
            items.append("".join(pieces) + match.group())
            pieces.clear()
        else:
            stack.pop()
            body = "".join(sorted(items) if kind == "ul" else items)
            stack[-1][1].append(f"<{kind}>{body}</{kind}>")
    stack[-1][1].append(html[position:])
    return "".join(stack[0][1])


def test_off_by_default_and_selected_by_name_code_prefix_or_all() -> None:
    text = entries("Zebra", "Apple")
    assert "AL414" not in [rule.code for rule in select_rules()]
    assert "AL414" not in [f.code for f in Linter().lint_text(text, "README.md").findings]
    for selector in ("alphabetical-order", "AL414", "AL41", "ALL"):
        codes = [f.code for f in Linter(select_rules([selector])).lint_text(text, "README.md").findings]
        assert "AL414" in codes, selector


def test_extend_select_on_the_command_line_and_in_pyproject(
    run: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    (tmp_path / "README.md").write_text(entries("Zebra", "Apple"), encoding="utf-8")
    assert "AL414" not in run("README.md", real_rules=True).stdout
    assert (
        "README.md:1:3: warning: AL414 [alphabetical-order]"
        in run("--extend-select", "AL414", "README.md", real_rules=True).stdout
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.awesome-lint]\nextend-select = ["alphabetical-order"]\n', encoding="utf-8"
    )
    assert "README.md:1:3: warning: AL414 [alphabetical-order]" in run("README.md", real_rules=True).stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- [Zebra](https://zebra.example) - Stripes.\n- [Apple](https://apple.example) - Fruit.\n"
            "- [Mango](https://mango.example) - Fruit too.\n",
            [(1, 3, 1, 32, OUT.format("Zebra", 'after "Mango"'))],
        ),
        (entries("Banana", "Apple", "Cherry"), [(1, 3, 1, 34, OUT.format("Banana", 'between "Apple" and "Cherry"'))]),
        (entries("Apple", "Cherry", "Banana"), [(2, 3, 2, 34, OUT.format("Cherry", 'after "Banana"'))]),
        (entries("Banana", "Cherry", "Apple"), [(3, 3, 3, 32, OUT.format("Apple", 'before "Banana"'))]),
        (
            entries("Delta", "Charlie", "Bravo", "Alpha"),
            [(1, 3, 1, 32, OUT.format("Delta", 'after "Alpha" (3 of the list\'s 4 items are out of place)'))],
        ),
        # Each nesting level on its own: the outer list is in order, the nested one is not.
        (
            item("Tools") + "  - [Yarn](https://y.example)\n  - [Npm](https://n.example)\n" + item("Utilities"),
            [(2, 5, 2, 29, OUT.format("Yarn", 'after "Npm"'))],
        ),
        (
            "> - [Beta](https://b.example)\n> - [Alpha](https://a.example)\n",
            [(1, 5, 1, 29, OUT.format("Beta", 'after "Alpha"'))],
        ),
        # The name is the link after a badge, an emoji, emphasis.
        (
            "- [![CI](https://img.example/ci.svg)](https://ci.example) [Zed](https://z.example)\n"
            "- **[Alpha](https://a.example)**\n",
            [(1, 59, 1, 82, OUT.format("Zed", 'after "Alpha"'))],
        ),
        (
            "- 🚀 [Rocket](https://r.example)\n- [Apple](https://a.example)\n",
            [(1, 5, 1, 31, OUT.format("Rocket", 'after "Apple"'))],
        ),
        (
            "- [Émile](https://e.example)\n- [Eagle](https://a.example)\n",
            [(1, 3, 1, 28, OUT.format("Émile", 'after "Eagle"'))],
        ),
        # Names in other scripts stay where they are; the Latin ones around them are checked.
        (
            entries("Vue", "中文文档", "Angular"),
            [(1, 3, 1, 28, OUT.format("Vue", 'after "Angular"'))],
        ),
    ],
)
def test_reported_at_the_misplaced_name(text: str, expected: list[tuple[int, int, int, int, str]]) -> None:
    assert lint(text, "alphabetical-order") == expected


@pytest.mark.parametrize(
    "text",
    [
        entries("Apple", "Banana", "Cherry"),
        entries("apple", "Banana", "cherry"),  # case
        entries("Echo", "Émile", "Fox"),  # accents
        entries("Ode", "Øresund", "Pear"),  # letters that NFKD leaves whole
        entries("The Apple", "Banana", "The Cherry"),  # a leading The ignored...
        entries("Banana", "The Apple"),  # ...or not
        entries("Go 2", "Go 10"),  # numbers as numbers...
        entries("Go 10", "Go 2"),  # ...or digit by digit
        entries("Go kit", "GoCV"),  # word by word...
        entries("GoCV", "Go kit"),  # ...or letter by letter
        entries("Calibre Web", "Calibre"),  # as the source lines sort
        entries("@angular", "Apollo"),  # leading punctuation as programs sort...
        entries("Angular", "@babel", "Cypress"),  # ...or ignored
        entries("[Beta] Game", "2D Game", "Chess"),  # punctuation before digits
        entries("Flask&rlm;", "Flask - Project&rlm;"),  # an entity, an invisible mark
        entries("Zebra"),  # one item
        "1. [Zebra](https://z.example)\n2. [Apple](https://a.example)\n",  # ordered: the order is the point
        "- [Zebra](#zebra)\n- [Apple](#apple)\n",  # the table of contents
        "- Zebra tools\n- [Apple](https://a.example)\n",  # an item without a name
        "- <https://z.example>\n- <https://a.example>\n",  # named by URL
        "- [Zebra](https://z.example)\n\n  - [Apple](https://a.example)\n",  # two levels
        entries("北京", "上海", "广州"),  # CJK: no trusted collation
        entries("Vue 中文文档", "Angular 中文"),  # mixed scripts: which goes first depends on the language
        entries("שלום", "אבג"),  # Hebrew, right to left
        entries("مرحبا", "أهلا"),  # Arabic
        entries("Яндекс", "Авито"),  # Cyrillic
        entries("Vue", "中文", "Angular", "日本語"),  # half or more in other scripts
        entries("Stash", "µStreamer", "Tube"),  # a Greek µ stays where it is
        "- [🚀](https://r.example)\n- [Apple](https://a.example)\n",  # a name without letters
        # The name is not a badge's alt text.
        "- [![Zeta](https://img.example/z.svg)](https://z.example) [Alpha](https://a.example)\n"
        "- [Beta](https://b.example)\n",
    ],
)
def test_quiet(text: str) -> None:
    assert lint(text, "alphabetical-order") == []


def test_a_list_not_meant_to_be_alphabetical_is_silenced_by_a_comment() -> None:
    text = "<!-- awesome-lint-disable alphabetical-order -->\n" + entries("Zebra", "Apple")
    text += "<!-- awesome-lint-enable alphabetical-order -->\n\n" + entries("Yak", "Bee")
    assert lint(text, "alphabetical-order") == [(6, 3, 6, 28, OUT.format("Yak", 'after "Bee"'))]


def test_the_rule_proposes_a_safe_fix_that_moves_whole_items() -> None:
    text = "- [Zebra](https://z.example)\n  - [Stripe](https://s.example)\n\n  More.\n- [Apple](https://a.example)\n"
    document = parse_document(Source.from_text(text, "README.md"))
    (violation,) = AlphabeticalOrder().check(document)
    assert violation.fix is not None
    assert violation.fix.applicability is Applicability.SAFE
    assert [change.kind for change in violation.fix.changes] == ["order"]
    moved = apply_edits(text.encode(), violation.fix.edits).decode()
    assert (
        moved
        == "- [Apple](https://a.example)\n- [Zebra](https://z.example)\n  - [Stripe](https://s.example)\n\n  More.\n"
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (entries("Cherry", "Apple", "Banana"), entries("Apple", "Banana", "Cherry")),
        # Loose: the blank lines stay between the items.
        (
            item("Cherry") + "\n" + item("Apple") + "\n" + item("Banana"),
            item("Apple") + "\n" + item("Banana") + "\n" + item("Cherry"),
        ),
        # Each gap stays where it was: the list keeps its shape.
        (
            item("Cherry") + item("Apple") + "\n" + item("Banana"),
            item("Apple") + item("Banana") + "\n" + item("Cherry"),
        ),
        # Nested lists and further paragraphs move with their item.
        (
            item("Zed")
            + "  - [Yak](https://y.example)\n  - [Xen](https://x.example)\n\n  More on Zed.\n\n"
            + item("Alpha"),
            item("Alpha")
            + "\n"
            + item("Zed")
            + "  - [Xen](https://x.example)\n  - [Yak](https://y.example)\n\n  More on Zed.\n",
        ),
        # An outer list and a nested one both out of order: the two fixes never edit the same lines.
        (
            "- [Go](https://g.example)\n  - [Ant](https://a.example)\n- [Ada](https://ada.example)\n"
            "- [Ant](https://a.example)\n  - [Go](https://g.example)\n  - [Ada](https://ada.example)\n"
            "  - [Ant](https://a.example)",
            "- [Ada](https://ada.example)\n- [Ant](https://a.example)\n  - [Ada](https://ada.example)\n"
            "  - [Ant](https://a.example)\n  - [Go](https://g.example)\n- [Go](https://g.example)\n"
            "  - [Ant](https://a.example)",
        ),
        # No final line break: the line that ends the file keeps ending it.
        (
            "- [Beta](https://b.example)\n- [Alpha](https://a.example)",
            "- [Alpha](https://a.example)\n- [Beta](https://b.example)",
        ),
        # In a quote, with tabs and mixed indentation inside an item.
        (
            "> - [Beta](https://b.example)\n>\n> - [Alpha](https://a.example)\n",
            "> - [Alpha](https://a.example)\n>\n> - [Beta](https://b.example)\n",
        ),
        (
            "- [Java](https://j.example)\n\t- [RxJava](https://rx.example)\n \t- [J2ME](https://j2.example)\n",
            "- [Java](https://j.example)\n \t- [J2ME](https://j2.example)\n\t- [RxJava](https://rx.example)\n",
        ),
        # Markers in different columns, each still left of the content of the item before it.
        (
            " * [Beta](https://b.example)\n* [Alpha](https://a.example)\n",
            "* [Alpha](https://a.example)\n * [Beta](https://b.example)\n",
        ),
        # Reference links: their definitions are the document's.
        (
            "- [Beta][b]\n- [Alpha][a]\n\n[a]: https://a.example\n[b]: https://b.example 'B'\n",
            "- [Alpha][a]\n- [Beta][b]\n\n[a]: https://a.example\n[b]: https://b.example 'B'\n",
        ),
        # Names in other scripts keep their place; the others are sorted around them.
        (entries("Vue", "中文文档", "Angular", "React"), entries("Angular", "中文文档", "React", "Vue")),
    ],
)
def test_safe_fix(before: str, after: str) -> None:
    assert fixed(before.encode()).decode() == after
    assert lint(after, "alphabetical-order") == []


def test_the_fix_keeps_crlf_line_endings() -> None:
    before = (
        "# A\r\n\r\n- [Beta](https://b.example)\r\n  - [Sub](https://s.example)\r\n- [Alpha](https://a.example)\r\n"
    )
    after = "# A\r\n\r\n- [Alpha](https://a.example)\r\n- [Beta](https://b.example)\r\n  - [Sub](https://s.example)\r\n"
    assert fixed(before.encode()) == after.encode()


def test_footnotes_would_be_renumbered_so_the_fix_is_only_unsafe() -> None:
    text = "- [Beta](https://b.example)[^1]\n- [Alpha](https://a.example)[^2]\n\n[^1]: One.\n[^2]: Two.\n"
    (finding,) = LINTER.lint_text(text, "README.md").findings
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.UNSAFE
    assert finding.fix.note.startswith("it would change more than it means to on GitHub")
    assert fixed(text.encode()).decode() == text
    assert fixed(text.encode(), unsafe=True).decode().startswith("- [Alpha](https://a.example)[^2]\n- [Beta]")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("- - [Beta](https://b.example)\n  - [Alpha](https://a.example)\n", (1, 5)),  # a line with an outer marker
        # Markers in different columns: `   - [Beta]` after `- [Alpha]` would be nested in it.
        ("   - [Beta](https://b.example)\n- [Alpha](https://a.example)\n", (1, 6)),
    ],
)
def test_no_fix_when_moving_lines_could_change_the_structure(text: str, place: tuple[int, int]) -> None:
    (finding,) = LINTER.lint_text(text, "README.md").findings
    assert ((finding.line, finding.column), finding.fix) == (place, None)


def test_github_renders_the_same_items_now_sorted() -> None:
    before = (
        "# List\n\n## Tools\n\n"
        + item("Zed", " - Last. [![Stars](https://img.example/s.svg)](https://s.example)")
        + item("Émile", " - Accented.")
        + "- [Alpha](https://a.example) - First.\n  Continued.\n  - [Yak](https://y.example)\n  - [Xen](https://x.example)\n"
        + item("Mango", " - 中文说明。")
    )
    after = fixed(before.encode()).decode()
    old, new = render_html(before), render_html(after)
    assert old != new
    assert Counter(_outer_items(old)) != Counter(_outer_items(new))  # the nested list is sorted too
    assert unordered(old) == unordered(new)
    names = [re.search(r">([^<]+)</a>", li)[1] for li in _outer_items(new)]  # type: ignore[index]
    assert names == ["Alpha", "Émile", "Mango", "Zed"]


def test_flat_list_li_elements_are_the_same_multiset() -> None:
    before = entries("Delta", "Alpha", "Charlie", "Bravo")
    after = fixed(before.encode()).decode()
    old, new = render_html(before), render_html(after)
    assert Counter(re.findall(r"<li>.*?</li>", old)) == Counter(re.findall(r"<li>.*?</li>", new))
    assert re.findall(r">(\w+)</a>", new) == ["Alpha", "Bravo", "Charlie", "Delta"]


def _outer_items(html: str) -> list[str]:
    """The ``<li>`` elements of the first list, nested ones inside their parents."""
    out, depth, start = [], 0, 0
    for match in re.finditer(r"<li>|</li>", html):
        if match.group() == "<li>":
            depth += 1
            if depth == 1:
                start = match.start()
        else:
            depth -= 1
            if depth == 0:
                out.append(html[start : match.end()])
    return out


# --------------------------------------------------------------------------- properties

NAMES = st.text(alphabet="abcdefgh", min_size=1, max_size=4)
Item = tuple[str, list[str]]


@dataclass(frozen=True)
class Drawn:
    items: list[Item]
    """Each item's name and lines: a nested list, a continuation line, a second paragraph."""
    gaps: list[bool]
    """Whether a blank line follows each item but the last."""
    container: str
    """``""``, ``"> "`` (a quote) or ``"  "`` (nested in an outer item)."""
    newline: str
    final: bool
    """Whether the file ends with a line break."""

    def text(self, order: list[Item], nested_sorted: bool = False) -> bytes:
        lines: list[str] = []
        for (_, item_lines), gap in zip(order, [*self.gaps, False], strict=True):
            lines += _sorted_lines(item_lines) if nested_sorted else item_lines
            lines += [""] if gap else []
        lines = [self.container + line if line else self.container.rstrip() for line in lines]
        if self.container == "  ":
            lines.insert(0, "- [outer](https://outer.example)")
        return (self.newline.join(lines) + (self.newline if self.final else "")).encode()


@st.composite
def lists(draw: st.DrawFn) -> Drawn:
    names = draw(st.lists(NAMES, min_size=2, max_size=6, unique=True))
    items: list[Item] = []
    for name in names:
        lines = [f"- [{name}](https://{name}.example) - About {name}."]
        if draw(st.booleans()):
            lines.append(f"  more about {name}.")
        subs = draw(st.lists(NAMES, max_size=3, unique=True))
        lines += [f"  - [{sub}](https://{sub}.example)" for sub in subs]
        if draw(st.booleans()):
            lines += ["", f"  Also {name}."]
        items.append((name, lines))
    gaps = draw(st.lists(st.booleans(), min_size=len(names) - 1, max_size=len(names) - 1))
    container = draw(st.sampled_from(["", "> ", "  "]))
    return Drawn(items, gaps, container, draw(st.sampled_from(["\n", "\r\n"])), draw(st.booleans()))


def _sorted_lines(lines: list[str]) -> list[str]:
    """An item's lines with its nested list sorted, as the fix leaves them."""
    subs = [line for line in lines if line.startswith("  - ")]
    if not subs:
        return lines
    first = lines.index(subs[0])
    return lines[:first] + sorted(subs, key=lambda line: line[5 : line.index("]")]) + lines[first + len(subs) :]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lists())
def test_fix_is_a_permutation_of_whole_items(drawn: Drawn) -> None:
    before = drawn.text(drawn.items)
    findings = LINTER.lint_bytes(before, "README.md").findings
    assert all(f.fix is not None and f.fix.applicability is Applicability.SAFE for f in findings), findings
    after = fixed(before)
    assert after == drawn.text(sorted(drawn.items), nested_sorted=True)
    assert sorted(before.splitlines()) == sorted(after.splitlines())  # not a byte lost, not one added
    assert LINTER.lint_bytes(after, "README.md").findings == []
    old, new = render_html(before.decode()), render_html(after.decode())
    assert unordered(old) == unordered(new)
