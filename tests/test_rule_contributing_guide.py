"""AL416 contributing-guide: GitHub's places, any case, not empty; reported on the list's first line."""

import pytest
from lintutil import lint, lint_in

RULE = "contributing-guide"
LIST = "# Awesome Things\n\n- [A](https://a.example) - A thing.\n"


@pytest.mark.parametrize(
    "name", ["contributing.md", "CONTRIBUTING.md", ".github/contributing.md", "docs/Contributing.md"]
)
def test_a_guide_in_any_of_githubs_places_is_enough(name: str) -> None:
    assert lint_in({"README.md": LIST, name: "Open a pull request.\n"}, RULE) == []


def test_a_missing_guide_is_reported_on_the_first_line() -> None:
    assert lint_in({"README.md": LIST, "notes/contributing.md": "x"}, RULE) == [
        (1, 1, 1, 16, "no contributing guide: add contributing.md (GitHub links it from every new pull request)")
    ]


def test_an_empty_guide_is_reported_with_its_name() -> None:
    assert lint_in({"README.md": LIST, ".github/CONTRIBUTING.md": " \n\n"}, RULE) == [
        (1, 1, 1, 16, "the contributing guide .github/CONTRIBUTING.md is empty")
    ]


def test_a_folder_named_like_the_guide_is_not_a_guide() -> None:
    assert lint_in({"README.md": LIST, "contributing.md/x.txt": "x"}, RULE)[0][4].startswith("no contributing guide")


def test_front_matter_moves_the_finding_to_the_first_line_after_it() -> None:
    text = "---\ntitle: x\n---\n# Awesome\n"
    assert lint_in({"README.md": text}, RULE) == [
        (4, 1, 4, 9, "no contributing guide: add contributing.md (GitHub links it from every new pull request)")
    ]


def test_only_list_files_and_only_with_a_repository() -> None:
    assert lint_in({"notes.md": LIST}, RULE, document="notes.md") == []
    assert lint(LIST, RULE) == []
