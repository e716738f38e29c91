"""The rule registry: every module in this package defines and registers rules."""

from __future__ import annotations

import dataclasses
import importlib
import json
import pkgutil
import textwrap
from typing import Any

from .base import REGISTRY, Rule

__all__ = ["REGISTRY", "Rule", "all_rules", "default_rules", "markdown_table", "resolve", "rules_document"]

_LOADED = False


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    for module in pkgutil.iter_modules(__path__):
        if module.name != "base" and not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    _LOADED = True


def all_rules(*, documented: bool = False) -> list[type[Rule]]:
    """Every rule that can be selected, ordered by code; with ``documented``, AL000 internal-error too."""
    _load()
    return [REGISTRY[code] for code in sorted(REGISTRY) if documented or REGISTRY[code].selectable]


def default_rules() -> list[type[Rule]]:
    """The rules that run when nothing is selected: all but the opinionated ones (``default = False``)."""
    return [rule for rule in all_rules() if rule.default]


def resolve(selector: str, *, documented: bool = False) -> list[type[Rule]]:
    """Rules named by a selector: a code (``AL101``), a code prefix (``AL1``, ``ALL``) or a name.

    With ``documented``, AL000 internal-error is found too (it is documented, never selected).
    Raises ``KeyError`` for a selector that names nothing.
    """
    rules = all_rules(documented=documented)
    wanted = selector.strip()
    if wanted.upper() == "ALL":
        return rules
    by_name = [rule for rule in rules if rule.name == wanted.lower()]
    if by_name:
        return by_name
    prefix = wanted.upper()
    matched = [rule for rule in rules if rule.code.startswith(prefix)] if prefix.startswith("AL") else []
    if not matched:
        raise KeyError(selector)
    return matched


def markdown_table() -> str:
    """The README's table of rules, generated from the rules' own metadata."""
    lines = [
        "| code | name | default severity | fixable | what it checks | options |",
        "|---|---|---|---|---|---|",
    ]
    for rule in all_rules(documented=True):
        options = ", ".join(f"`{name}`" for name in rule.Options.__dataclass_fields__) or ""
        fixable = "yes" if rule.fixable else ""
        summary = rule.summary if rule.default else f"{rule.summary} (off by default: select it)"
        if rule.online:
            summary += " (online only: `--online`)"
        lines.append(
            f"| {rule.code} | `{rule.name}` | {rule.severity.value} | {fixable} | {summary} | {options} |"
        )
    return "\n".join(lines) + "\n"


_INTRO = """\
# Rules

Every rule of awesome-lint: what it checks, why, an example and its options. Each rule has
its own heading, the address that editors and SARIF viewers (GitHub code scanning) link a
finding to. `awesome-lint rule NAME` prints the same explanation in the terminal, and
`awesome-lint rules` lists the rules.

This page is generated from the rules' own metadata by
`awesome-lint rules --output-format docs > docs/rules.md`, and a test fails when it is out of
date: edit a rule's docstring, not this page.
"""


def rules_document() -> str:
    """docs/rules.md, generated from the rules' own metadata like the README's table."""
    parts = [_INTRO]
    for rule in all_rules(documented=True):
        parts.append(_rule_section(rule))
    return "\n".join(parts)


def _rule_section(rule: type[Rule]) -> str:
    npm = ", ".join(f"`{name}`" for name in rule.npm) or "none"
    facts = [
        f"Default severity: `{rule.severity.value}`",
        f"Fixable: {_yes(rule.fixable)}",
        f"Online only: {_yes(rule.online)}",
        f"Off by default: {_yes(not rule.default)}",
        f"Replaces npm awesome-lint: {npm}",
    ]
    lines = [f"## {rule.heading()}", "", rule.summary, "", " · ".join(facts), ""]
    lines += _explanation(rule.explanation())
    defaults = _defaults(rule)
    if defaults:
        lines += ["The defaults, written as in `pyproject.toml`:", "", "```toml", *defaults, "```", ""]
    return "\n".join(lines)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _explanation(text: str) -> list[str]:
    """The explanation's sections as Markdown: a bold line each, then its body dedented.

    The explanation indents each section's body under its unindented name, which suits the
    terminal; Markdown gives indentation meaning (four spaces start a code block, a fence's
    indentation is taken off its code), so each body is dedented as a whole: its fences start
    at the margin and the code inside them keeps its own relative indentation.
    """
    lines: list[str] = []
    body: list[str] = []

    def flush() -> None:
        if body:
            lines.extend(textwrap.dedent("\n".join(body)).strip("\n").splitlines())
            lines.append("")
            body.clear()

    for line in text.splitlines():
        if line and not line[0].isspace():
            flush()
            lines += [f"**{line}**", ""]
        else:
            body.append(line)
    flush()
    return lines


def _defaults(rule: type[Rule]) -> list[str]:
    """The rule's options with their defaults, as TOML lines under the rule's table."""
    fields = dataclasses.fields(rule.Options)
    if not fields:
        return []
    options = rule.Options()
    return [f"[tool.awesome-lint.rules.{rule.name}]"] + [
        f"{field.name} = {_toml(getattr(options, field.name))}" for field in fields
    ]


def _toml(value: Any) -> str:
    """A default as TOML: the option types are strings, booleans, numbers, lists and tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, tuple | list | frozenset | set):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{json.dumps(str(key), ensure_ascii=False)} = {_toml(item)}" for key, item in value.items())
        return "{ " + items + " }" if items else "{}"
    raise TypeError(f"no TOML for an option default of type {type(value).__name__}")
