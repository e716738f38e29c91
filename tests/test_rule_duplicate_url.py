import pytest
from lintutil import lint


def duplicates(text: str) -> list[tuple[int, int, int, int, str]]:
    return lint(text, "duplicate-url")


def test_second_entry_reported_at_its_url_naming_the_first_line() -> None:
    text = "- [A](https://a.com/x) - A.\n- [B](https://b.com)\n- [A again](https://a.com/x) - A.\n"
    assert duplicates(text) == [
        (3, 13, 3, 27, 'duplicate URL "https://a.com/x" (first listed on line 1); remove one of the entries')
    ]


@pytest.mark.parametrize(
    "second",
    [
        "http://a.com/x",
        "https://A.COM/x",
        "https://a.com/x/",
        "https://a.com:443/x",
        "http://a.com:80/x",
        "<https://a.com/x>",
    ],
)
def test_urls_are_normalised(second: str) -> None:
    text = f"- [A](https://a.com/x)\n- [B]({second})\n"
    assert [f[0] for f in duplicates(text)] == [2]


@pytest.mark.parametrize(
    "second",
    ["https://a.com/x?page=2", "https://a.com/x#part", "https://a.com/X", "https://a.com:8443/x", "https://b.com/x"],
)
def test_different_resources_are_quiet(second: str) -> None:
    assert duplicates(f"- [A](https://a.com/x)\n- [B]({second})\n") == []


def test_every_repeat_is_reported() -> None:
    text = "- [a](https://a.com)\n- [b](https://a.com)\n- [c](https://a.com)\n"
    assert [(f[0], f[4][-43:]) for f in duplicates(text)] == [
        (2, "(first listed on line 1); remove one of the entries"[-43:]),
        (3, "(first listed on line 1); remove one of the entries"[-43:]),
    ]


def test_only_main_links_are_compared() -> None:
    text = (
        "## Contents\n\n- [Tools](#tools)\n\n## Tools\n\n"
        "See [Foo](https://foo.com) for more.\n\n"
        "- [Foo](https://foo.com) - Like [Bar](https://bar.com).\n"
        "- [Bar](https://bar.com) - Works with [Foo](https://foo.com).\n"
        "- [Tools](#tools)\n"
    )
    assert duplicates(text) == []


def test_table_rows_and_list_items_are_entries() -> None:
    text = "| Name | Link |\n|---|---|\n| Foo | [site](https://foo.com) |\n\n- [Foo](https://foo.com)\n"
    assert [f[:2] for f in duplicates(text)] == [(5, 9)]


def test_badge_next_to_the_project_link_is_not_a_duplicate() -> None:
    text = (
        "- [Foo](https://github.com/foo/foo) [![Stars](https://img.shields.io/github/stars/foo/foo)]"
        "(https://github.com/foo/foo/stargazers) - Foo.\n"
        "- [Bar](https://github.com/bar/bar) [![Stars](https://img.shields.io/github/stars/bar/bar)]"
        "(https://github.com/bar/bar/stargazers) - Bar.\n"
    )
    assert duplicates(text) == []


def test_entries_may_start_with_emphasis_or_a_task_box() -> None:
    text = "- **[Foo](https://foo.com)** - x\n- [ ] [Foo](https://foo.com/)\n"
    assert [f[:2] for f in duplicates(text)] == [(2, 13)]


def test_reference_links_are_reported_at_the_entry() -> None:
    text = "- [Foo][f]\n- [Foo again][f]\n\n[f]: https://foo.com\n"
    assert [f[:4] for f in duplicates(text)] == [(2, 3, 2, 16)]


def test_non_web_urls_are_not_compared() -> None:
    assert duplicates("- [a](mailto:a@b.com)\n- [b](mailto:a@b.com)\n- [c](#x)\n- [d](#x)\n") == []


def test_nested_items_are_entries_too() -> None:
    text = "- Group\n  - [A](https://a.com)\n- [A](https://a.com)\n"
    assert [f[:2] for f in duplicates(text)] == [(3, 7)]
