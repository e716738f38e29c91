"""Rule documentation comes from the rules' own metadata: the README table, docs/rules.md and `awesome-lint rule`."""

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import cmarkgfm
import pytest

from awesome_lint.config.model import read_toml
from awesome_lint.rules import all_rules, markdown_table, rules_document
from awesome_lint.rules.base import DOCS_URL

README = Path(__file__).resolve().parents[1] / "README.md"
RULES_PAGE = README.parent / "docs" / "rules.md"


def test_the_readme_rules_table_is_current() -> None:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"<!-- rules table:[^\n]*-->\n(.*?)<!-- end of rules table -->", text, re.DOTALL)
    assert match, "the README lost its rules table markers"
    assert match.group(1) == markdown_table(), "regenerate it: awesome-lint rules --output-format markdown"


def test_the_rules_page_is_current() -> None:
    assert RULES_PAGE.read_text(encoding="utf-8") == rules_document(), (
        "regenerate it: awesome-lint rules --output-format docs > docs/rules.md"
    )


def test_the_docs_output_format_prints_the_rules_page() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "rules", "--output-format", "docs"],
        capture_output=True,
        check=True,
    )
    assert done.stdout.decode("utf-8") == rules_document()


def github_slug(heading: str) -> str:
    """GitHub's anchor for a heading, written out again so that the test does not trust the code."""
    kept = "".join(char for char in heading.lower() if char.isalnum() or char in " -_")
    return kept.replace(" ", "-")


def page_headings(text: str) -> list[str]:
    """The page's level-2 headings, not the ones inside the Markdown examples' code blocks."""
    found: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif line.startswith("## ") and not fenced:
            found.append(line[3:])
    return found


def test_every_rule_url_points_at_its_heading_on_the_rules_page() -> None:
    headings = page_headings(RULES_PAGE.read_text(encoding="utf-8"))
    anchors = [github_slug(heading) for heading in headings]
    assert len(set(anchors)) == len(anchors), "two headings would share an anchor"
    for rule in all_rules(documented=True):
        url = rule.url()
        page, _, anchor = url.partition("#")
        assert page == DOCS_URL
        assert page.endswith("/blob/main/docs/rules.md")
        assert anchor in anchors, f"{rule.code}: {url} names no heading of docs/rules.md"
        assert headings[anchors.index(anchor)] == f"{rule.code} {rule.name}"
    assert all_rules(documented=True)[0].url() == f"{DOCS_URL}#al000-internal-error"


def test_the_rules_page_keeps_its_code_blocks_closed() -> None:
    text = RULES_PAGE.read_text(encoding="utf-8")
    fences = [line for line in text.splitlines() if line.lstrip().startswith("```")]
    assert fences and len(fences) % 2 == 0, "a fenced code block is left open"
    html = cmarkgfm.github_flavored_markdown_to_html(text)
    for rule in all_rules(documented=True):
        # An unclosed fence would swallow every later heading into a code block.
        assert f"<h2>{rule.code} {rule.name}</h2>" in html, rule.code
    for section in ("What it does", "Why is this bad?", "Example"):
        assert html.count(f"<strong>{section}</strong>") == len(all_rules(documented=True))
    # One code block per pair of fences: no fence was read as text, and no body was left indented
    # enough to become an indented code block.
    assert html.count("<pre") == len(fences) // 2


def test_the_rules_page_shows_each_rules_facts_and_option_defaults() -> None:
    text = rules_document()
    rules = all_rules(documented=True)
    assert page_headings(text) == [f"{rule.code} {rule.name}" for rule in rules]
    starts = [text.index(f"\n## {rule.code} {rule.name}\n") for rule in rules]
    for rule, start, end in zip(rules, starts, [*starts[1:], len(text)], strict=True):
        section = text[start:end]
        assert f"Default severity: `{rule.severity.value}`" in section
        assert f"Online only: {'yes' if rule.online else 'no'}" in section
        assert f"Off by default: {'no' if rule.default else 'yes'}" in section
        for npm in rule.npm:
            assert f"`{npm}`" in section
        for option in rule.Options.__dataclass_fields__:
            assert f"\n{option} = " in section, f"{rule.name}: no default for {option}"
    numbering = text[starts[3] : starts[4]]
    assert rules[3].code == "AL101"
    defaults = '```toml\n[tool.awesome-lint.rules.list-numbering]\nstyle = "one-or-ordered"\nscope = "list"\n```'
    assert defaults in numbering
    assert "Fixable: yes" in numbering and "Replaces npm awesome-lint: `ordered-list-marker-value`" in numbering
    assert "[tool.awesome-lint.rules.product-name]\nextra = {}\nignore = []\n```" in text


def test_the_option_defaults_on_the_rules_page_are_the_rules_defaults() -> None:
    """Each defaults block reads back, as TOML, to the values of the rule's options dataclass."""
    lead = re.escape("The defaults, written as in `pyproject.toml`:\n\n```toml\n")
    blocks = re.findall(lead + r"(.*?)```", rules_document(), re.DOTALL)
    read: dict[str, object] = {}
    for block in blocks:
        read.update(read_toml("docs/rules.md", block)["tool"]["awesome-lint"]["rules"])
    with_options = [rule for rule in all_rules(documented=True) if dataclasses.fields(rule.Options)]
    assert with_options
    for rule in with_options:
        expected = {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in dataclasses.asdict(rule.Options()).items()
        }
        assert read[rule.name] == expected, rule.name


def test_the_table_has_a_row_per_rule() -> None:
    rows = markdown_table().splitlines()[2:]
    assert [row.split(" | ")[0].lstrip("| ") for row in rows] == [rule.code for rule in all_rules(documented=True)]


@pytest.mark.parametrize("rule", all_rules(documented=True), ids=lambda rule: rule.name)
def test_rule_command_prints_the_explanation(rule: type) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "rule", rule.name],  # type: ignore[attr-defined]
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    first, _, rest = done.stdout.partition("\n")
    assert first == f"{rule.code} {rule.name}"  # type: ignore[attr-defined]
    assert rule.summary in rest  # type: ignore[attr-defined]
    for section in ("What it does", "Why is this bad?", "Example"):
        assert section in rest
    if rule.Options.__dataclass_fields__:  # type: ignore[attr-defined]
        assert "Options" in rest
        for option in rule.Options.__dataclass_fields__:  # type: ignore[attr-defined]
            assert f"`{option}`" in rest, f"{rule.name}: option {option} is not documented"


def test_rules_command_json() -> None:
    import json

    done = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "rules", "--output-format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(done.stdout)
    assert [row["code"] for row in rows] == [rule.code for rule in all_rules(documented=True)]
    assert set(rows[0]) == {"code", "name", "severity", "fixable", "online", "summary"}
    assert [row["code"] for row in rows if row["online"]] == ["AL501", "AL502", "AL503", "AL504", "AL505"]


def test_the_readme_quick_start_output_is_true() -> None:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"What the first command prints[^\n]*:\n\n```text\n(.*?)```", text, re.DOTALL)
    assert match, "the README lost its quick-start output block"
    done = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "examples/awesome-distributed-systems.md"],
        cwd=README.parent,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == match.group(1)
