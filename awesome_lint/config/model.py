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
        online=values["online"],
        link_check=_set_keys(values["link_check"], data.get("link-check")),
    )


def _set_keys(values: dict[str, Any], written: object) -> dict[str, Any]:
    """The validated link-check values of the keys the file sets (the others keep their defaults)."""
    if not isinstance(written, dict):
        return {}
    return {key: value for key, value in values.items() if key.replace("_", "-") in written or key in written}


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
    link_check_model = _link_check_model(kebab)

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
        online: bool = Field(
            False,
            strict=True,
            description="Run the online checks (dead links, redirects, archived repositories) without --online.",
        )
        link_check: link_check_model = Field(  # type: ignore[valid-type]
            default_factory=link_check_model, description="The link checker's settings, for the online checks."
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


def _link_check_model(config: Any) -> type[BaseModel]:
    """``[link-check]``: every key of :class:`~awesome_lint.online.settings.LinkCheckSettings`."""
    import re

    from pydantic import BaseModel, Field, field_validator

    from ..online.settings import LinkCheckSettings, parse_duration

    defaults = LinkCheckSettings()
    duration = "Seconds, or a string such as '30s', '10m', '6h', '1d'."

    class LinkCheck(BaseModel):
        """The link checker's settings (online checks only)."""

        model_config = config

        timeout: float | str = Field(defaults.timeout, description="How long to wait for an answer. " + duration)
        max_concurrency: int = Field(defaults.max_concurrency, ge=1, le=256, description="Requests at once.")
        max_concurrency_per_host: int = Field(
            defaults.max_concurrency_per_host, ge=1, le=64, description="Requests at once to one host."
        )
        retries: int = Field(defaults.retries, ge=0, le=10, description="Further tries of a request that may pass.")
        backoff: float | str = Field(
            defaults.backoff, description="Wait before the first retry, doubled after. " + duration
        )
        max_retry_after: float | str = Field(
            defaults.max_retry_after, description="The longest Retry-After honoured. " + duration
        )
        budget: float | str = Field(
            defaults.budget, description="Time for all checks; what is left is reported unchecked. " + duration
        )
        cache_age: float | str = Field(
            defaults.cache_age, description="How long a working link's answer is reused. " + duration
        )
        failure_cache_age: float | str = Field(
            defaults.failure_cache_age, description="How long a failure's answer is reused. " + duration
        )
        cache_file: str | None = Field(None, description="The link cache; default links.sqlite3 in the cache folder.")
        include: list[str] = Field(
            default_factory=list, description="Regular expressions: only matching URLs are checked."
        )
        exclude: list[str] = Field(default_factory=list, description="Regular expressions of URLs never checked.")
        exclude_private: bool = Field(
            False, strict=True, description="Skip loopback, private and link-local addresses."
        )
        accept: dict[str, list[int]] = Field(
            default_factory=dict, description="Host (or *.example.com) → HTTP statuses that count as working there."
        )
        github_api: str = Field(defaults.github_api, description="The GitHub REST API (Enterprise: https://HOST/api/v3).")

        @field_validator(
            "timeout", "backoff", "max_retry_after", "budget", "cache_age", "failure_cache_age", mode="before"
        )
        @classmethod
        def _duration(cls, value: object) -> float:
            return parse_duration(value)

        @field_validator("include", "exclude")
        @classmethod
        def _patterns(cls, value: list[str]) -> list[str]:
            for pattern in value:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
            return value

        @field_validator("accept")
        @classmethod
        def _statuses(cls, value: dict[str, list[int]]) -> dict[str, list[int]]:
            for host, statuses in value.items():
                for status in statuses:
                    if not 100 <= status <= 999:
                        raise ValueError(f"{host}: {status} is not an HTTP status (100 to 999)")
            return {host.lower(): statuses for host, statuses in value.items()}

        @field_validator("github_api")
        @classmethod
        def _api(cls, value: str) -> str:
            if not re.match(r"https?://[^/\s]+", value):
                raise ValueError(f"{value!r} is not an http(s) URL")
            return value.rstrip("/")

    return LinkCheck


def json_schema() -> dict[str, Any]:
    schema = config_model().model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "awesome-lint"
    return schema


def _shown(path: str) -> str:
    """``path`` relative to the current directory when it is below it, as users typed paths."""
    here = os.path.join(os.getcwd(), "")
    return path[len(here) :] if path.startswith(here) else path
