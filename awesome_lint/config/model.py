"""Reading a configuration file: TOML, then the pydantic model built from the rules' options.

Imported only when a configuration file is read (and not answered from the cache): pydantic and
the rules' modules are what it costs.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from typing import TYPE_CHECKING, Any

from . import ConfigError, Settings, parse_size

if TYPE_CHECKING:
    from pydantic import BaseModel


def load(path: str | os.PathLike[str], content: bytes | None = None) -> Settings:
    """Read and validate one configuration file (``content``: its bytes, when already read)."""
    path = os.fspath(path)
    try:
        if content is None:
            with open(path, "rb") as stream:
                content = stream.read()
        text = content.decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"{_shown(path)}: cannot read the configuration: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{_shown(path)}: the configuration is not UTF-8 text") from None
    data = read_toml(path, text)
    name = os.path.basename(path)
    table = "[tool.awesome-lint]" if name == "pyproject.toml" else ""
    if name == "pyproject.toml":
        data = data.get("tool", {}).get("awesome-lint", {})
        if not isinstance(data, dict):
            raise ConfigError(f"{_shown(path)}: [tool.awesome-lint] must be a table")
    return validate(data, path, table)


def read_toml(path: str, text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10
        import tomli as tomllib
    try:
        data: dict[str, Any] = tomllib.loads(text)
        return data
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{_shown(path)}: invalid TOML: {exc}") from None


def validate(data: dict[str, Any], path: str, table: str = "") -> Settings:
    """Validate the keys of a configuration table; ``table`` names it in messages."""
    from pydantic import ValidationError

    model = config_model()
    try:
        parsed: Any = model.model_validate(data)  # a model built from the rules at run time
    except ValidationError as exc:
        from ..config_messages import describe

        raise ConfigError(describe(exc.errors(), model, _shown(path), os.path.basename(path), table)) from None
    values = parsed.model_dump()
    from dataclasses import asdict

    from ..rules import all_rules

    rules: dict[str, dict[str, Any]] = {}
    for rule in all_rules():
        if rule.Options.__dataclass_fields__ and rule.name in data.get("rules", {}):
            rules[rule.name] = asdict(getattr(parsed.rules, _field(rule.name)))
    return Settings(
        path=path,
        root=os.path.dirname(path),
        select=values["select"],
        ignore=values["ignore"],
        extend_select=values["extend_select"],
        per_file_ignores=values["per_file_ignores"],
        exclude=values["exclude"],
        severity=values["severity"],
        max_file_size=values["max_file_size"],
        rules=rules,
        list_files=values["list_files"],
    )


def _field(name: str) -> str:
    return name.replace("-", "_")


def _check_selectors(selectors: list[str]) -> list[str]:
    from ..rules import resolve

    for selector in selectors:
        try:
            resolve(selector)
        except KeyError:
            raise ValueError(_unknown_rule(selector)) from None
    return selectors


def _unknown_rule(selector: str) -> str:
    import difflib

    from ..rules import all_rules

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
    from ..config_messages import toml_value

    why = "a boolean is not a size; use" if isinstance(value, bool) else "use"
    raise ValueError(
        f"invalid size {toml_value(value)}: {why} a whole number of bytes, or a string such as '500KB', '5MB' or '1MiB'"
    )


@cache
def config_model() -> type[BaseModel]:
    """The pydantic model of a configuration table, built from the registered rules."""
    from typing import Literal

    from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

    from ..rules import all_rules

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
        list_files: list[str] = Field(
            default_factory=lambda: ["readme.*"],
            description="Globs of the files that are awesome lists (a file name, any case, or a path relative to "
            "this file's folder): the list rules check only these, the generic rules every Markdown file.",
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


def _shown(path: str) -> str:
    """``path`` relative to the current directory when it is below it, as users typed paths."""
    here = os.path.join(os.getcwd(), "")
    return path[len(here) :] if path.startswith(here) else path
