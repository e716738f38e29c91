"""Which rules run on a file, and the linter that runs them: settings plus the command line's options."""

from __future__ import annotations

from collections.abc import Sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..config import Settings
    from ..engine import Linter
    from ..rules import Rule
    from . import RunOptions


class NoRulesError(ValueError):
    """A selection that leaves no rule to run: nothing would be checked, yet the run would pass."""


def choose_rules(
    select: Sequence[str] | None, extend_select: Sequence[str] | None, ignore: Sequence[str] | None
) -> list[type[Rule]]:
    """The rules to run: ``select`` (default: every rule) plus ``extend_select``, minus ``ignore``.

    Raises :class:`~awesome_lint.engine.SelectionError`, naming the option, for an unknown selector.
    """
    from ..engine import select_rules
    from ..errors import SelectionError

    for option, selectors in (("--select", select), ("--extend-select", extend_select), ("--ignore", ignore)):
        try:
            select_rules(selectors or [])
        except SelectionError as exc:
            raise SelectionError(f"{option}: {exc}") from None
    chosen = {rule.code: rule for rule in select_rules(select, ignore or ())}
    if extend_select:
        chosen.update((rule.code, rule) for rule in select_rules(extend_select, ignore or ()))
    return [chosen[code] for code in sorted(chosen)]


def build_linter(settings: Settings, options: RunOptions) -> Linter:
    """A linter for the files ``settings`` governs, with the command line's options on top.

    Raises :class:`NoRulesError` when the selection leaves nothing to run.
    """
    from ..config import config_severities
    from ..engine import Linter, select_rules
    from ..files import DEFAULT_MAX_FILE_SIZE

    off = [selector for selector, level in settings.severity.items() if level == "off"]
    select = list(options.select) if options.select is not None else settings.select
    ignore = [*settings.ignore, *options.ignore, *off]
    rules = choose_rules(select, [*settings.extend_select, *options.extend_select], ignore)
    if not rules:
        cli_alone = not choose_rules(options.select, options.extend_select, options.ignore)
        where = f" with the configuration in {settings.path}" if settings.path is not None and not cli_alone else ""
        ignore = list(options.ignore) if cli_alone else ignore
        raise NoRulesError(
            f"no rule is selected{where} (ignored: {', '.join(ignore) or 'none'}): nothing would be checked; "
            "select at least one rule"
        )
    per_file = [
        (pattern, frozenset(rule.code for rule in select_rules(selectors)))
        for pattern, selectors in settings.per_file_ignores.items()
    ]
    return Linter(
        rules,
        max_file_size=options.max_file_size or settings.max_file_size or DEFAULT_MAX_FILE_SIZE,
        options={name: rule_options(name, values) for name, values in settings.rules.items()},
        severities=config_severities(settings),
        per_file_ignores=per_file,
        root=settings.root,
        list_files=options.list_files if options.list_files is not None else settings.list_files,
        judge_unsafe=options.judge_unsafe,
    )


def rule_options(name: str, values: dict[str, Any]) -> Any:
    """The options dataclass of rule ``name`` from validated plain values (TOML arrays become tuples)."""
    from ..rules import resolve

    (rule,) = resolve(name)
    return rule.Options(**{key: _frozen(value) for key, value in values.items()})


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    return value
