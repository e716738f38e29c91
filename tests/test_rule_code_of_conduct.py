"""AL419 code-of-conduct: the Contributor Covenant's placeholder, with the file's own line and column."""

import pytest
from lintutil import lint_in

RULE = "code-of-conduct"
LIST = "# Awesome Things\n"
COVENANT_14 = (
    "# Contributor Covenant Code of Conduct\n\n## Enforcement\n\n"
    "Instances of abusive behavior may be reported by contacting the project team at [INSERT EMAIL ADDRESS].\n"
)


def test_the_placeholder_is_reported_with_where_it_is() -> None:
    assert lint_in({"README.md": LIST, "code-of-conduct.md": COVENANT_14}, RULE) == [
        (
            1,
            1,
            1,
            16,
            'code-of-conduct.md:5:81 still has the placeholder "[INSERT EMAIL ADDRESS]": put in how to reach you',
        )
    ]


def test_the_version_2_placeholder_in_github_folder() -> None:
    text = "reported to the community leaders responsible for enforcement at\n[INSERT CONTACT METHOD].\n"
    [(_, _, _, _, message)] = lint_in({"README.md": LIST, ".github/CODE_OF_CONDUCT.md": text}, RULE)
    assert message == (
        '.github/CODE_OF_CONDUCT.md:2:1 still has the placeholder "[INSERT CONTACT METHOD]": put in how to reach you'
    )


def test_an_empty_code_of_conduct_is_reported() -> None:
    assert lint_in({"README.md": LIST, "code_of_conduct.md": ""}, RULE) == [
        (1, 1, 1, 16, "the code of conduct code_of_conduct.md is empty")
    ]


@pytest.mark.parametrize(
    "files",
    [
        {},  # none: the guidelines do not require one
        {"code-of-conduct.md": COVENANT_14.replace("[INSERT EMAIL ADDRESS]", "abuse@example.com")},
    ],
)
def test_a_filled_in_or_missing_code_of_conduct_is_quiet(files: dict[str, str]) -> None:
    assert lint_in({"README.md": LIST, **files}, RULE) == []
