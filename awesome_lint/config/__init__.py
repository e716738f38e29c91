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
(:mod:`awesome_lint.config_messages`). Reading one is :mod:`.model`'s work, imported (with
pydantic) only when a configuration file is actually read; finding files, here, takes
``os.path`` alone, so runs without one (or with a cached one) start fast.
"""

from __future__ import annotations

import os
import re

from ..findings import Severity
from ..records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

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


DEFAULT_LIST_FILES = ("readme.*",)
"""Which files are awesome lists when the configuration does not say: a readme, any case."""


class Settings(Record):
    """The configuration in force for some files: a file's keys, defaults for the rest.

    ``path``: the configuration file, or None (no file, or --isolated); ``root``: the folder
    that per-file-ignores and exclude patterns are relative to; ``rules``: rule name → its
    validated options as plain values (only rules the file configures). Plain values, not the
    rules' options dataclasses, so that settings read back from the cache name no rule module:
    a warm run imports no rule.
    """

    __slots__ = (
        "path",
        "root",
        "select",
        "ignore",
        "extend_select",
        "per_file_ignores",
        "exclude",
        "severity",
        "max_file_size",
        "rules",
        "list_files",
        "online",
        "link_check",
    )
    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(
        self,
        path: str | None = None,
        root: str | None = None,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        extend_select: list[str] | None = None,
        per_file_ignores: dict[str, list[str]] | None = None,
        exclude: list[str] | None = None,
        severity: dict[str, str] | None = None,
        max_file_size: int | None = None,
        rules: dict[str, dict[str, Any]] | None = None,
        list_files: list[str] | None = None,
        online: bool = False,
        link_check: dict[str, Any] | None = None,
    ) -> None:
        self.path = path
        self.root = root if root is not None else os.getcwd()
        self.select = select
        self.ignore = ignore if ignore is not None else []
        self.extend_select = extend_select if extend_select is not None else []
        self.per_file_ignores = per_file_ignores if per_file_ignores is not None else {}
        self.exclude = exclude if exclude is not None else []
        self.severity = severity if severity is not None else {}
        self.max_file_size = max_file_size
        self.rules = rules if rules is not None else {}
        self.list_files = list_files if list_files is not None else list(DEFAULT_LIST_FILES)
        """Globs of the files that are awesome lists: the list rules check only those."""
        self.online = online
        """``online = true``: run the online checks without ``--online``."""
        self.link_check = link_check if link_check is not None else {}
        """``[link-check]``: the link checker's settings as plain values (only the keys the file sets)."""

    def as_dict(self) -> dict[str, Any]:
        """The resolved settings as users write them (kebab-case keys), for --show-settings."""
        from dataclasses import asdict

        from ..rules import all_rules

        return {
            "config-file": self.path,
            "root": self.root,
            "select": self.select,
            "ignore": self.ignore,
            "extend-select": self.extend_select,
            "per-file-ignores": self.per_file_ignores,
            "exclude": self.exclude,
            "severity": self.severity,
            "max-file-size": self.max_file_size,
            "list-files": self.list_files,
            "online": self.online,
            "link-check": self._link_check(),
            "rules": {
                rule.name: self.rules.get(rule.name) or asdict(rule.Options())
                for rule in all_rules()
                if rule.Options.__dataclass_fields__
            },
        }


    def _link_check(self) -> dict[str, Any]:
        from dataclasses import asdict

        from ..online.settings import LinkCheckSettings

        values = asdict(LinkCheckSettings.from_values(self.link_check))
        return {key.replace("_", "-"): value for key, value in values.items()}


def find_config(directory: str) -> str | None:
    """The closest configuration file for files in ``directory`` (absolute), or None."""
    folder = directory
    while True:
        found = _config_in(folder)
        if found is not None:
            return found
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _config_in(folder: str) -> str | None:
    for name in CONFIG_FILES:
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate) and (name != "pyproject.toml" or _has_tool_table(candidate)):
            return candidate
    return None


def _has_tool_table(path: str) -> bool:
    try:
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
    except (OSError, UnicodeDecodeError):
        return False
    # A cheap look first: most pyproject.toml files never mention us.
    if "awesome-lint" not in text:
        return False
    from .model import read_toml

    return "awesome-lint" in read_toml(path, text).get("tool", {})


class Resolver:
    """The settings for each linted file, from its closest configuration file (cached per folder)."""

    def __init__(
        self, config: str | None = None, isolated: bool = False, loader: Callable[[str], Settings] | None = None
    ) -> None:
        self.fixed: Settings | None = None
        self.isolated = isolated
        self._load: Callable[[str], Settings] = loader or _load
        """Reads and validates one file; the run layer passes one that answers from its cache."""
        if config is not None:
            if os.path.isdir(config):
                raise ConfigError(_directory_given(config))
            if not os.path.isfile(config):
                raise ConfigError(f"{config}: no such configuration file")
            self.fixed = self._load(os.path.realpath(config))
        self._by_folder: dict[str, Settings] = {}
        self._by_file: dict[str | None, Settings] = {None: Settings()}

    def for_path(self, path: str | None) -> Settings:
        """The settings for the file at ``path`` (None: standard input, from the current directory)."""
        if self.fixed is not None:
            return self.fixed
        if self.isolated:
            return self._by_file[None]
        folder = os.path.dirname(os.path.abspath(path)) if path is not None else os.getcwd()
        settings = self._by_folder.get(folder)
        if settings is None:
            found = find_config(folder)
            settings = self._by_file.get(found)
            if settings is None:
                assert found is not None
                settings = self._by_file[found] = self._load(found)
            self._by_folder[folder] = settings
        return settings


def _load(path: str) -> Settings:
    from .model import load  # pydantic and the rules: only when a file is read

    return load(path)


def _directory_given(config: str) -> str:
    """The message for ``--config DIR``, pointing at the file in DIR that would be found there."""
    try:
        inside = _config_in(config)
    except ConfigError:  # an unreadable pyproject.toml is not worth a second error here
        inside = None
    hint = f"; did you mean --config {os.path.join(config, os.path.basename(inside))}?" if inside is not None else ""
    return (
        f"{config}: is a directory; --config takes a file "
        f"(pyproject.toml, awesome-lint.toml or .awesome-lint.toml){hint}"
    )


def config_severities(settings: Settings) -> dict[str, Severity]:
    """Rule code → the severity the configuration gives it (``off`` rules are not run at all)."""
    from ..rules import resolve

    out: dict[str, Severity] = {}
    for selector, level in settings.severity.items():
        if level != "off":
            for rule in resolve(selector):
                out[rule.code] = Severity(level)
    return out
