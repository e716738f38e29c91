"""Configuration files: finding them, validating them, resolving them for a file.

``[tool.awesome-lint]`` in ``pyproject.toml``, or the same keys at the top of
``.awesome-lint.toml`` or ``awesome-lint.toml``. For each linted file the
closest configuration wins: the file's folder is searched, then its parents;
in one folder ``.awesome-lint.toml`` beats ``awesome-lint.toml``, which beats a
``pyproject.toml`` that has a ``[tool.awesome-lint]`` table (a pyproject.toml
without one is passed over). ``--config PATH`` uses that file for every file
and ``--isolated`` uses none. Command-line options then apply on top:
``--select`` replaces ``select``; ``--ignore``, ``--extend-select``,
``--exclude`` add to the file's lists; ``--max-file-size`` replaces it.

Every key is validated by pydantic with unknown keys forbidden; a bad file is
a :class:`ConfigError` whose message names the file, the key (with a
did-you-mean for typos) and what was expected, in TOML's words
(:mod:`awesome_lint.config_messages`). pydantic is imported only when
a configuration file is actually read, so runs without one start fast.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .findings import Severity

if TYPE_CHECKING:
    from pydantic import BaseModel

CONFIG_FILES = (".awesome-lint.toml", "awesome-lint.toml", "pyproject.toml")
"""Searched in each folder in this order; the first one that configures awesome-lint wins."""

SEVERITIES = ("error", "warning", "off")

_SIZE = re.compile(r"(\d+(?:\.\d*)?|\.\d+)\s*([kmg]?)(i?)(b?)", re.IGNORECASE)
_SIZE_POWERS = {"": 0, "k": 1, "m": 2, "g": 3}


class ConfigError(Exception):
    """A configuration that cannot be used; the message says where and why."""


def parse_size(text: str | int) -> int:
    """``500KB``, ``5MB``, ``1MiB``, ``2048`` → bytes (KB and MB are powers of 1000, KiB and MiB of 1024)."""
    if isinstance(text, int) and not isinstance(text, bool):
        if text <= 0:
            raise ValueError(f"invalid size {text!r}: it must be at least one byte")
        return text
    match = _SIZE.fullmatch(str(text).strip())
    if not match or (match[3] and not match[2]):
        raise ValueError(f"invalid size {text!r}: use a number of bytes, or 500KB, 5MB, 1MiB")
    number, prefix, binary, _ = match.groups()
    size = int(float(number) * (1024 if binary else 1000) ** _SIZE_POWERS[prefix.lower()])
    if size <= 0:
        raise ValueError(f"invalid size {text!r}: it must be at least one byte")
    return size


@dataclass
class Settings:
    """The configuration in force for some files: a file's keys, defaults for the rest."""

    path: Path | None = None
    """The configuration file, or None (no file, or --isolated)."""
    root: Path = field(default_factory=Path.cwd)
    """The folder that per-file-ignores and exclude patterns are relative to."""
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    max_file_size: int | None = None
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Rule name → its validated options, as plain values (only rules the file configures). Plain
    values, not the rules' options dataclasses, so that settings read back from the cache name
    no rule module: a warm run imports no rule."""

    def as_dict(self) -> dict[str, Any]:
        """The resolved settings as users write them (kebab-case keys), for --show-settings."""
        from dataclasses import asdict

        from .rules import all_rules

        return {
            "config-file": str(self.path) if self.path else None,
            "root": str(self.root),
            "select": self.select,
            "ignore": self.ignore,
            "extend-select": self.extend_select,
            "per-file-ignores": self.per_file_ignores,
            "exclude": self.exclude,
            "severity": self.severity,
            "max-file-size": self.max_file_size,
            "rules": {
                rule.name: self.rules.get(rule.name) or asdict(rule.Options())
                for rule in all_rules()
                if rule.Options.__dataclass_fields__
            },
        }


def find_config(directory: Path) -> Path | None:
    """The closest configuration file for files in ``directory``, or None."""
    for folder in (directory, *directory.parents):
        found = _config_in(folder)
        if found is not None:
            return found
    return None


def _config_in(folder: Path) -> Path | None:
    for name in CONFIG_FILES:
        candidate = folder / name
        if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
            return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    # A cheap look first: most pyproject.toml files never mention us.
    return "awesome-lint" in text and "awesome-lint" in _read_toml(path, text).get("tool", {})


def load(path: Path) -> Settings:
    """Read and validate one configuration file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{_shown(path)}: cannot read the configuration: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{_shown(path)}: the configuration is not UTF-8 text") from None
    data = _read_toml(path, text)
    table = "[tool.awesome-lint]" if path.name == "pyproject.toml" else ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("awesome-lint", {})
        if not isinstance(data, dict):
            raise ConfigError(f"{_shown(path)}: [tool.awesome-lint] must be a table")
    return validate(data, path, table)


def _read_toml(path: Path, text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10
        import tomli as tomllib
    try:
        data: dict[str, Any] = tomllib.loads(text)
        return data
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{_shown(path)}: invalid TOML: {exc}") from None


def validate(data: dict[str, Any], path: Path, table: str = "") -> Settings:
    """Validate the keys of a configuration table; ``table`` names it in messages."""
    from pydantic import ValidationError

    model = config_model()
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        from .config_messages import describe

        raise ConfigError(describe(exc.errors(), model, _shown(path), path.name, table)) from None
    values = parsed.model_dump()
    from dataclasses import asdict

    from .rules import all_rules

    rules: dict[str, dict[str, Any]] = {}
    for rule in all_rules():
        if rule.Options.__dataclass_fields__ and rule.name in data.get("rules", {}):
            rules[rule.name] = asdict(getattr(cast(Any, parsed).rules, _field(rule.name)))
    return Settings(
        path=path,
        root=path.parent,
        select=values["select"],
        ignore=values["ignore"],
        extend_select=values["extend_select"],
        per_file_ignores=values["per_file_ignores"],
        exclude=values["exclude"],
        severity=values["severity"],
        max_file_size=values["max_file_size"],
        rules=rules,
    )


def _field(name: str) -> str:
    return name.replace("-", "_")


def _check_selectors(selectors: list[str]) -> list[str]:
    from .rules import resolve

    for selector in selectors:
        try:
            resolve(selector)
        except KeyError:
            raise ValueError(_unknown_rule(selector)) from None
    return selectors


def _unknown_rule(selector: str) -> str:
    import difflib

    from .rules import all_rules

    names = [rule.name for rule in all_rules()] + [rule.code for rule in all_rules()]
    close = difflib.get_close_matches(selector, names, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else "; `awesome-lint rules` lists them"
    return f"unknown rule {selector!r}{hint}"


def _file_size(value: object) -> int:
    """``max-file-size`` from TOML: an integer or a size string; a boolean or a fraction of a byte is no size."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 5e6 is a whole number of bytes
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return parse_size(value)
    from .config_messages import toml_value

    why = "a boolean is not a size; use" if isinstance(value, bool) else "use"
    raise ValueError(
        f"invalid size {toml_value(value)}: {why} a whole number of bytes, or a string such as '500KB', '5MB' or '1MiB'"
    )


@cache
def config_model() -> type[BaseModel]:
    """The pydantic model of a configuration table, built from the registered rules."""
    from typing import Literal

    from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

    from .rules import all_rules

    kebab = ConfigDict(extra="forbid", alias_generator=lambda name: name.replace("_", "-"), validate_default=True)
    option_fields: dict[str, Any] = {
        _field(rule.name): (rule.Options, Field(default_factory=rule.Options, description=rule.summary))
        for rule in all_rules()
        if rule.Options.__dataclass_fields__
    }
    rule_options = create_model("RuleOptions", __config__=kebab, **option_fields)

    class AwesomeLintConfig(BaseModel):
        """awesome-lint configuration: [tool.awesome-lint] in pyproject.toml, or awesome-lint.toml."""

        model_config = kebab

        select: list[str] | None = Field(
            None, description="Rules to run (codes, code prefixes or names); default: all."
        )
        ignore: list[str] = Field(default_factory=list, description="Rules not to run.")
        extend_select: list[str] = Field(default_factory=list, description="Rules to run on top of `select`.")
        per_file_ignores: dict[str, list[str]] = Field(
            default_factory=dict,
            description="Glob (relative to this file's folder, or a file name) → rules not to run on matching files.",
        )
        exclude: list[str] = Field(
            default_factory=list, description="Globs of files and folders to skip when walking directories."
        )
        severity: dict[str, Literal["error", "warning", "off"]] = Field(
            default_factory=dict, description="Rule → its severity: error, warning, or off (not run)."
        )
        max_file_size: int | str | None = Field(
            None, description="Files above this size are refused: bytes, or 500KB, 5MB, 1MiB. Default 2MiB."
        )
        rules: rule_options = Field(  # type: ignore[valid-type]
            default_factory=rule_options, description="Per-rule options, one table per rule name."
        )

        @field_validator("select", "ignore", "extend_select")
        @classmethod
        def _selectors(cls, value: list[str] | None) -> list[str] | None:
            return None if value is None else _check_selectors(value)

        @field_validator("severity")
        @classmethod
        def _severity_keys(cls, value: dict[str, str]) -> dict[str, str]:
            _check_selectors(list(value))
            return value

        @field_validator("per_file_ignores")
        @classmethod
        def _per_file(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
            for selectors in value.values():
                _check_selectors(selectors)
            return value

        @field_validator("max_file_size", mode="before")
        @classmethod
        def _size(cls, value: object) -> int | None:
            return None if value is None else _file_size(value)

    return AwesomeLintConfig


def json_schema() -> dict[str, Any]:
    schema = config_model().model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "awesome-lint"
    return schema


def _shown(path: Path) -> str:
    """``path`` relative to the current directory when it is below it, as users typed paths."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class Resolver:
    """The settings for each linted file, from its closest configuration file (cached per folder)."""

    def __init__(
        self, config: str | None = None, isolated: bool = False, loader: Callable[[Path], Settings] | None = None
    ) -> None:
        self.fixed: Settings | None = None
        self.isolated = isolated
        self._load = loader or load
        """Reads and validates one file; the run layer passes one that answers from its cache."""
        if config is not None:
            path = Path(config)
            if path.is_dir():
                raise ConfigError(_directory_given(config, path))
            if not path.is_file():
                raise ConfigError(f"{config}: no such configuration file")
            self.fixed = self._load(path.resolve())
        self._by_folder: dict[Path, Settings] = {}
        self._by_file: dict[Path | None, Settings] = {None: Settings()}

    def for_path(self, path: str | None) -> Settings:
        """The settings for the file at ``path`` (None: standard input, from the current directory)."""
        if self.fixed is not None:
            return self.fixed
        if self.isolated:
            return self._by_file[None]
        folder = Path(os.path.abspath(path)).parent if path is not None else Path.cwd()
        settings = self._by_folder.get(folder)
        if settings is None:
            found = find_config(folder)
            settings = self._by_file.get(found)
            if settings is None:
                assert found is not None
                settings = self._by_file[found] = self._load(found)
            self._by_folder[folder] = settings
        return settings


def _directory_given(config: str, path: Path) -> str:
    """The message for ``--config DIR``, pointing at the file in DIR that would be found there."""
    try:
        inside = _config_in(path)
    except ConfigError:  # an unreadable pyproject.toml is not worth a second error here
        inside = None
    hint = f"; did you mean --config {os.path.join(config, inside.name)}?" if inside is not None else ""
    return (
        f"{config}: is a directory; --config takes a file "
        f"(pyproject.toml, awesome-lint.toml or .awesome-lint.toml){hint}"
    )


def config_severities(settings: Settings) -> dict[str, Severity]:
    """Rule code → the severity the configuration gives it (``off`` rules are not run at all)."""
    from .rules import resolve

    out: dict[str, Severity] = {}
    for selector, level in settings.severity.items():
        if level != "off":
            for rule in resolve(selector):
                out[rule.code] = Severity(level)
    return out
