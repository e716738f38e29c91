"""AL417 license-file: a licence file at the root, in any of its usual spellings."""

import pytest
from lintutil import lint_in

RULE = "license-file"
LIST = "# Awesome Things\n"


@pytest.mark.parametrize("name", ["LICENSE", "license", "LICENSE.md", "Licence.txt", "COPYING"])
def test_a_licence_file_is_enough(name: str) -> None:
    assert lint_in({"README.md": LIST, name: "CC0 1.0 Universal\n"}, RULE) == []


def test_a_missing_licence_is_reported_on_the_first_line() -> None:
    assert lint_in({"README.md": LIST, "docs/LICENSE": "CC0"}, RULE) == [
        (1, 1, 1, 16, "no licence file: add a LICENSE file (awesome lists use CC0-1.0 or CC-BY-4.0)")
    ]


def test_an_empty_licence_is_reported() -> None:
    assert lint_in({"README.md": LIST, "LICENSE": "\n"}, RULE) == [(1, 1, 1, 16, "the licence file LICENSE is empty")]
