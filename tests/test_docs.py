"""Rule documentation comes from the rules' own metadata: the README table and `awesome-lint rule`."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from awesome_lint.rules import all_rules, markdown_table

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_rules_table_is_current() -> None:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"<!-- rules table:[^\n]*-->\n(.*?)<!-- end of rules table -->", text, re.DOTALL)
    assert match, "the README lost its rules table markers"
    assert match.group(1) == markdown_table(), "regenerate it: awesome-lint rules --output-format markdown"


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
