"""AL415 broken-relative-link: relative links and images resolved as GitHub resolves them."""

import subprocess
from pathlib import Path

import pytest
from conftest import command, command_env
from lintutil import lint, lint_in

from awesome_lint.engine import Linter, select_rules
from awesome_lint.fixes.select import fix_until_stable
from awesome_lint.project import MemoryProject

RULE = "broken-relative-link"


def test_a_link_to_a_missing_file_is_reported_on_its_destination() -> None:
    files = {"README.md": "# A\n\nSee [the guide](docs/guide.md) and ![logo](logo.png).\n", "logo.png": ""}
    assert lint_in(files, RULE) == [(3, 17, 3, 29, '"docs/guide.md" does not exist in the repository')]


@pytest.mark.parametrize(
    "link",
    [
        "docs/guide.md",
        "./docs/guide.md",
        "/docs/guide.md",  # from the repository's root
        "docs/guide.md#install",
        "docs/guide.md?plain=1",
        "docs/",
        "docs",
        "docs/my%20notes.md",
        "../../issues",  # leaves the repository: GitHub's issues page
        "https://example.com/x",
        "mailto:a@example.com",
        "#section",
        "//cdn.example.com/x.js",
    ],
)
def test_links_that_resolve_are_quiet(link: str) -> None:
    files = {
        "README.md": f"# A\n\n[x]({link})\n\n## Section\n",
        "docs/guide.md": "",
        "docs/my notes.md": "",
    }
    assert lint_in(files, RULE) == []


def test_a_file_in_a_subfolder_links_from_its_own_folder() -> None:
    files = {
        "docs/index.md": "[up](../README.md) [here](guide.md) [no](README.md)\n",
        "README.md": "",
        "docs/guide.md": "",
    }
    assert lint_in(files, RULE, document="docs/index.md") == [
        (1, 42, 1, 50, '"README.md" does not exist in the repository')
    ]


def test_a_reference_definition_used_twice_is_reported_once_on_the_definition() -> None:
    files = {"README.md": "[a][g] and [b][g]\n\n[g]: missing.md\n"}
    assert lint_in(files, RULE) == [(3, 6, 3, 15, '"missing.md" does not exist in the repository')]


def test_a_case_mismatch_names_the_file_and_the_fix_respells_it() -> None:
    text = "Read the [guidelines](Contributing.md) first.\n"
    files = {"README.md": text, "contributing.md": "Be kind.\n"}
    assert lint_in(files, RULE) == [
        (1, 23, 1, 37, '"Contributing.md" does not exist; the file is spelt "contributing.md"')
    ]
    linter = Linter(select_rules([RULE]))

    def fixes(data: bytes) -> list[tuple[str, object]]:
        found = linter.lint_bytes(data, "README.md", MemoryProject(files)).findings
        return [(f.code, f.fix) for f in found if f.fix is not None]

    fixed = fix_until_stable(text.encode(), "README.md", fixes, unsafe=False)[0]  # type: ignore[arg-type]
    assert fixed == b"Read the [guidelines](contributing.md) first.\n"


def test_without_a_repository_the_rule_does_not_run() -> None:
    assert lint("[x](missing.md)\n", RULE) == []


def test_the_command_line_resolves_links_in_the_repository_on_disk(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("")
    (tmp_path / "README.md").write_text("# A\n\n[a](docs/a.md) [b](docs/b.md)\n")
    done = subprocess.run(
        [*command(real_rules=True), "--select", RULE, "--no-cache", "README.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=command_env(),
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    expected = 'README.md:3:20: error: AL415 [broken-relative-link] "docs/b.md" does not exist in the repository'
    assert expected in done.stdout


def test_a_web_address_without_its_scheme_is_left_to_malformed_url() -> None:
    files = {"README.md": "[Postman](www.postman.com/team/overview) [yt](youtube.com/playlist?list=1)\n"}
    assert lint_in(files, RULE) == []
    assert [finding[:2] for finding in lint_in(files, RULE, "malformed-url")] == [(1, 11), (1, 47)]


def test_a_missing_file_named_like_a_host_gets_a_hint() -> None:
    # `about.me` may be a file: malformed-url leaves it alone, and it does not exist.
    files = {"README.md": "[About](about.me) [Logo](logo.ai)\n"}
    hint = "does not exist in the repository; a web address needs https:// in front"
    assert lint_in(files, RULE) == [(1, 9, 1, 16, f'"about.me" {hint}'), (1, 26, 1, 32, f'"logo.ai" {hint}')]
