"""AL408 no-ci-badge: CI status images in the list."""

import pytest
from lintutil import lint


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[![Build Status](https://travis-ci.org/me/x.svg)](https://travis-ci.org/me/x)\n",
            [(1, 1, 1, 77, 'a CI badge ("Build Status"): a list is no build, leave it out')],
        ),
        (
            "![CI](https://github.com/me/x/actions/workflows/ci.yml/badge.svg)\n",
            [(1, 1, 1, 65, 'a CI badge ("CI"): a list is no build, leave it out')],
        ),
        (
            "![ci](https://circleci.com/gh/me/x.svg?style=svg)\n",
            [(1, 1, 1, 49, 'a CI badge ("ci"): a list is no build, leave it out')],
        ),
    ],
)
def test_ci_badges_are_reported(text: str, expected: list[tuple[int, int, int, int, str]]) -> None:
    assert lint(text, "no-ci-badge") == expected


@pytest.mark.parametrize(
    "text",
    [
        "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n",
        "![Stars](https://img.shields.io/github/stars/me/x)\n",
        "[Travis CI](https://travis-ci.org) - A hosted CI service.\n",  # a link to a CI service is an entry
    ],
)
def test_other_images_are_quiet(text: str) -> None:
    assert lint(text, "no-ci-badge") == []
