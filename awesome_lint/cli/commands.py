"""The commands that describe rather than lint: ``rules``, ``rule NAME`` and ``config --schema``."""

from __future__ import annotations

import argparse
import json

from .output import PROG, error, output


def rules_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog=f"{PROG} rules", description="List every rule.", allow_abbrev=False)
    parser.add_argument(
        "--output-format",
        type=str.lower,
        choices=["text", "json", "markdown", "docs"],
        default="text",
        help="markdown: the README's table of rules; docs: the page of every rule's explanation (docs/rules.md)",
    )
    args = parser.parse_args(argv)

    from ..rules import all_rules, markdown_table, rules_document

    if args.output_format == "markdown":
        return output(markdown_table(), None, 0)
    if args.output_format == "docs":
        return output(rules_document(), None, 0)

    rows = [
        {
            "code": rule.code,
            "name": rule.name,
            "severity": rule.severity.value,
            "fixable": rule.fixable,
            "online": rule.online,
            "summary": rule.summary,
        }
        for rule in all_rules(documented=True)
    ]
    if args.output_format == "json":
        return output(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", None, 0)
    table = [["CODE", "NAME", "SEVERITY", "FIXABLE", "SUMMARY"]]
    table += [[str(row[key]) for key in ("code", "name", "severity")] for row in rows]
    for cells, row in zip(table[1:], rows, strict=True):
        cells += ["yes" if row["fixable"] else "no", str(row["summary"])]
    widths = [max(len(cells[i]) for cells in table) for i in range(4)]
    lines = ["  ".join([*(cells[i].ljust(widths[i]) for i in range(4)), cells[4]]) for cells in table]
    return output("".join(line + "\n" for line in lines), None, 0)


def config_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} config", description="Describe the configuration file format.", allow_abbrev=False
    )
    parser.add_argument(
        "--schema", action="store_true", required=True, help="print the JSON Schema of the configuration"
    )
    parser.parse_args(argv)

    from ..config.model import json_schema

    return output(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", None, 0)


def rule_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog=f"{PROG} rule", description="Explain one rule.", allow_abbrev=False)
    parser.add_argument("name", metavar="NAME-OR-CODE", help="a rule code (AL101) or name (list-numbering)")
    args = parser.parse_args(argv)

    from ..rules import resolve

    try:
        matched = resolve(args.name, documented=True)
    except KeyError:
        error(f"unknown rule {args.name!r}; `{PROG} rules` lists them")
        return 2
    if len(matched) != 1:
        names = ", ".join(f"{rule.code} ({rule.name})" for rule in matched)
        error(f"{args.name!r} names {len(matched)} rules: {names}; give one code or name")
        return 2
    rule = matched[0]
    return output(f"{rule.code} {rule.name}\n\n{rule.summary}\n\n{rule.explanation()}\n", None, 0)
