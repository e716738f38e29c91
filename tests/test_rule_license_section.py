"""AL409 license-section: a License heading in the readme."""

import pytest
from lintutil import lint

MESSAGE = 'a "{}" section: put the licence in a LICENSE file, where GitHub shows it'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# A\n\n## License\n\nCC0\n", [(3, 1, 3, 10, MESSAGE.format("License"))]),
        ("## Licence\n", [(1, 1, 1, 10, MESSAGE.format("Licence"))]),
        ("## 📜 License:\n", [(1, 1, 1, 13, MESSAGE.format("📜 License:"))]),
    ],
)
def test_license_sections_are_reported(text: str, expected: list[tuple[int, int, int, int, str]]) -> None:
    assert lint(text, "license-section") == expected


@pytest.mark.parametrize(
    "text",
    ["## Licenses of the tools\n", "## Open-source license checkers\n", "- [License](https://l.example) - Tool.\n"],
)
def test_other_headings_are_quiet(text: str) -> None:
    assert lint(text, "license-section") == []
