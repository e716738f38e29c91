"""The link checker's settings: ``[tool.awesome-lint.link-check]``, every key with a default.

Plain values (durations already in seconds), so that they are cached with the rest of the
settings and cross into the checker without pydantic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

DEFAULT_GITHUB_API = "https://api.github.com"
PROJECT_URL = "https://github.com/awesome-lint/awesome-lint"


@dataclass(frozen=True)
class LinkCheckSettings:
    timeout: float = 20.0
    """Seconds to wait for a connection or an answer."""
    max_concurrency: int = 32
    """Requests in flight at once, over all hosts."""
    max_concurrency_per_host: int = 2
    """Requests in flight at once to one host."""
    retries: int = 2
    """Further tries of a request that failed in a way that may pass (5xx, 429, timeout, reset)."""
    backoff: float = 1.0
    """Seconds before the first retry; doubled for each further one, with up to 50 % jitter."""
    max_retry_after: float = 60.0
    """The longest ``Retry-After`` honoured; a server asking for more is reported unreachable."""
    budget: float = 600.0
    """Seconds for all checks; the URLs not checked by then are reported as unchecked."""
    cache_age: float = 86400.0
    """How long a working link's answer is reused (seconds)."""
    failure_cache_age: float = 3600.0
    """How long a failure is reused: shorter, so that a site that was down is soon asked again."""
    cache_file: str | None = None
    """Default ``links.sqlite3`` in the result cache's folder."""
    include: tuple[str, ...] = ()
    """Regular expressions: when given, only URLs matching one are checked."""
    exclude: tuple[str, ...] = ()
    """Regular expressions of URLs never checked."""
    exclude_private: bool = False
    """Skip loopback, private and link-local addresses (``localhost``, ``127.0.0.1``, ``10.x``, ``192.168.x``…)."""
    accept: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    """Host (or ``*.example.com``) → HTTP statuses that count as working there."""
    github_api: str = DEFAULT_GITHUB_API
    """The GitHub REST API: GitHub Enterprise's is ``https://HOST/api/v3``."""

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> LinkCheckSettings:
        """From validated plain values (kebab-case or snake_case keys)."""
        known = {item.name for item in fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in values.items():
            name = key.replace("-", "_")
            if name not in known or (value is None and name != "cache_file"):
                continue
            if name in ("include", "exclude"):
                value = tuple(value)
            elif name == "accept":
                value = {host.lower(): tuple(statuses) for host, statuses in value.items()}
            kwargs[name] = value
        return cls(**kwargs)

    @property
    def github_hosts(self) -> frozenset[str]:
        """The web host whose links the API answers for: github.com, or the Enterprise host."""
        match = re.match(r"https?://([^/:]+)(?::\d+)?/api/v3/?$", self.github_api)
        if match and match[1].lower() != "api.github.com":
            return frozenset({match[1].lower()})
        return frozenset({"github.com", "www.github.com"})


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d|w)?", re.IGNORECASE)
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(value: object) -> float:
    """``30``, ``"30s"``, ``"10m"``, ``"6h"``, ``"1d"``, ``"2w"`` → seconds."""
    if isinstance(value, bool):
        raise ValueError("a boolean is not a duration; use seconds, or a string such as '30s', '10m', '6h', '1d'")
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError(f"invalid duration {value!r}: it cannot be negative")
        return float(value)
    if isinstance(value, str):
        match = _DURATION.fullmatch(value.strip())
        if match:
            return float(match[1]) * _UNITS[(match[2] or "s").lower()]
    raise ValueError(f"invalid duration {value!r}: use seconds, or a string such as '30s', '10m', '6h', '1d', '1w'")
