"""AL418 creative-commons-license: a warning naming the software licence found instead."""

import pytest
from lintutil import lint_in

RULE = "creative-commons-license"
LIST = "# Awesome Things\n"
MIT = "MIT License\n\nCopyright (c) 2024 Someone\n\nPermission is hereby granted, free of charge, to any person\n"


@pytest.mark.parametrize(
    "text",
    [
        "Creative Commons Legal Code\n\nCC0 1.0 Universal\n",
        "Attribution 4.0 International\n\nhttps://creativecommons.org/licenses/by/4.0/\n",
        "CC0\n",
        "CC-BY-4.0\n",
    ],
)
def test_creative_commons_licences_are_quiet(text: str) -> None:
    assert lint_in({"README.md": LIST, "LICENSE": text}, RULE) == []


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (MIT, "the MIT License"),
        ("          Apache License\n          Version 2.0, January 2004\n", "the Apache License"),
        ("GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n", "the GNU General Public License"),
        ("All rights reserved.\n", "a licence"),
    ],
)
def test_other_licences_are_a_warning_that_names_them(text: str, what: str) -> None:
    message = f"LICENSE is {what}, not a Creative Commons licence: awesome lists use CC0-1.0 or CC-BY-4.0"
    assert lint_in({"README.md": LIST, "LICENSE": text}, RULE) == [(1, 1, 1, 16, message)]


def test_no_licence_is_left_to_license_file() -> None:
    assert lint_in({"README.md": LIST}, RULE) == []
