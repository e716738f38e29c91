"""SARIF output: valid against the official 2.1.0 schema, and the positions code scanning shows."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from awesome_lint.rules import all_rules

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

LIST = "# Awesome\n\n1. [A](http://a.com/x) - A.\n3. [B](https://b.com) - B.\n\n##\n"


def sarif(tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--output-format", "sarif", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    return done.returncode, json.loads(done.stdout)


@pytest.fixture
def lists(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "my list.md").write_text(LIST, encoding="utf-8")
    (tmp_path / "clean.md").write_text("# Clean\n\n- [A](https://a.com)\n", encoding="utf-8")
    return tmp_path


def test_sarif_validates_against_the_schema(lists: Path) -> None:
    status, log = sarif(lists, "docs", "clean.md")
    assert status == 1
    jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER).validate(log)


def test_results_carry_rule_level_message_and_full_region(lists: Path) -> None:
    _, log = sarif(lists, "docs")
    [run] = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    results = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"],
        )
        for r in run["results"]
    ]
    region = {"startLine": 3, "startColumn": 8, "endLine": 3, "endColumn": 22}
    assert results == [
        ("AL202", "error", "docs/my%20list.md", region),
        ("AL101", "error", "docs/my%20list.md", {"startLine": 4, "startColumn": 1, "endLine": 4, "endColumn": 3}),
        ("AL102", "error", "docs/my%20list.md", {"startLine": 6, "startColumn": 1, "endLine": 6, "endColumn": 3}),
    ]
    assert run["results"][0]["message"]["text"] == 'insecure URL "http://a.com/x": use https://'
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_rules_are_described(lists: Path) -> None:
    _, log = sarif(lists, "clean.md")
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "awesome-lint"
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    rule = by_id["AL101"]
    assert rule["name"] == "list-numbering"
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert rule["shortDescription"]["text"].startswith("Number the items")
    assert "What it does" in rule["fullDescription"]["text"] and rule["help"]["text"]
    assert rule["helpUri"] == (
        "https://github.com/awesome-lint/awesome-lint/blob/main/docs/rules.md#al101-list-numbering"
    )
    for rule_class in all_rules(documented=True):
        assert by_id[rule_class.code]["helpUri"] == rule_class.url()
    assert log["runs"][0]["results"] == []


def test_unreadable_files_become_notifications(lists: Path) -> None:
    (lists / "bad.md").write_bytes(b"ok\n\xff\n")
    status, log = sarif(lists, "bad.md", "clean.md")
    assert status == 2
    jsonschema.Draft7Validator(SCHEMA).validate(log)
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["message"]["text"].startswith("bad.md: not valid UTF-8: byte 0xff at line 2, column 1")


def test_a_run_of_misnumbered_items_lists_each_item_as_a_related_location(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("1. a\n2. b\n5. c\n6. d\n", encoding="utf-8")
    status, log = sarif(tmp_path, "a.md")
    assert status == 1
    jsonschema.Draft7Validator(SCHEMA).validate(log)
    [result] = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 1,
        "endLine": 4,
        "endColumn": 3,
    }
    assert [r["physicalLocation"]["region"]["startLine"] for r in result["relatedLocations"]] == [3, 4]
