"""The rule registry: every module in this package defines and registers rules."""

from __future__ import annotations

import importlib
import pkgutil

from .base import REGISTRY, Rule

__all__ = ["REGISTRY", "Rule", "all_rules", "default_rules", "markdown_table", "resolve"]

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
