"""From what a server did to a verdict: the facts of one check, and what they mean.

An :class:`Observation` is what happened, and is what the cache keeps; :func:`classify`
turns it into a :class:`~.answers.LinkAnswer` with the settings in force, so that a new
``accept`` list applies to cached answers too.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from fnmatch import fnmatchcase
from typing import Any
from urllib.parse import urlsplit

from .answers import DEAD, OK, UNREACHABLE, LinkAnswer

DNS, NO_DNS_AT_ALL, REFUSED, CERTIFICATE, TLS, TIMEOUT, NETWORK, LOOP, TOO_MANY, INVALID = (
    "dns",
    "no-dns",
    "refused",
    "certificate",
    "tls",
    "timeout",
    "network",
    "loop",
    "too-many-redirects",
    "invalid",
)
"""Why no final answer came: the host name does not resolve; no host name resolved at all (an
offline machine); the connection was refused; the server's certificate is not valid (self-signed,
expired, another name: final, never retried); the TLS handshake failed otherwise; no answer in time;
another network failure (reset, unreachable network, a broken answer); redirects that loop; more
than :data:`MAX_REDIRECTS` of them; a URL the client cannot send at all (a host that is no valid name)."""

MAX_REDIRECTS = 10
PERMANENT = frozenset({301, 308})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
GONE = frozenset({404, 410})
RETRYABLE_ERRORS = frozenset({TLS, TIMEOUT, NETWORK})

_PHRASES = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    408: "Request Timeout",
    410: "Gone",
    429: "Too Many Requests",
    451: "Unavailable For Legal Reasons",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    999: "Request Denied",
}


@dataclass(frozen=True)
class Observation:
    """``status``: the final HTTP status (None: ``error`` says why there was none); ``hops``: each
    redirect as (status, the URL it led to); ``tries``: how often the last request was sent, over the
run's passes (the retry pass follows the redirects again, so the passes may have ended on different hops);
    ``detail``: the error's own words (a TLS verify message, an exception)."""

    url: str
    status: int | None = None
    hops: tuple[tuple[int, str], ...] = ()
    error: str | None = None
    detail: str = ""
    tries: int = 1
    retry_after: float | None = None

    @property
    def failed(self) -> bool:
        """Whether this may be different soon (cached for less time, tried again in the retry pass)."""
        return self.error is not None or self.status is None or not 200 <= self.status < 300

    @property
    def retryable(self) -> bool:
        return (self.error in RETRYABLE_ERRORS) or (self.status is not None and retryable_status(self.status))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Observation:
        hops = tuple((int(status), str(url)) for status, url in data.get("hops", ()))
        return cls(
            url=str(data["url"]),
            status=data.get("status"),
            hops=hops,
            error=data.get("error"),
            detail=str(data.get("detail", "")),
            tries=int(data.get("tries", 1)),
            retry_after=data.get("retry_after"),
        )


def retryable_status(status: int) -> bool:
    """5xx and 429 may pass; 501 (not implemented) will not."""
    return status == 429 or (500 <= status < 600 and status != 501)


def phrase(status: int) -> str:
    text = _PHRASES.get(status)
    return f"{status} {text}" if text else str(status)


def accepted(url: str, status: int, accept: Mapping[str, tuple[int, ...]]) -> bool:
    """Whether ``accept`` (host glob → statuses) counts ``status`` as working for ``url``'s host."""
    if not accept:
        return False
    host = (urlsplit(url).hostname or "").lower()
    return any(status in statuses for pattern, statuses in accept.items() if fnmatchcase(host, pattern))


def classify(observation: Observation, accept: Mapping[str, tuple[int, ...]] | None = None) -> LinkAnswer:
    """The verdict on one URL. Only a clear "gone" is dead: 404 and 410, a host name that does not
    resolve, a refused connection, a TLS handshake that keeps failing. Everything that may pass
    (5xx, 429, timeouts, bot walls) is unreachable, and says which it was."""
    accept = accept or {}
    hops = observation.hops
    final = hops[-1][1] if hops else observation.url
    moved_to = _moved_to(observation.url, hops)
    after = f" (after {len(hops)} redirect{'s' if len(hops) != 1 else ''}, at {final})" if hops else ""
    tries = f" after {observation.tries} tries" if observation.tries > 1 else ""

    def answer(state: str, reason: str) -> LinkAnswer:
        return LinkAnswer(observation.url, state, reason, observation.status, hops, moved_to, final)

    error = observation.error
    if error is not None:
        detail = f": {observation.detail}" if observation.detail else ""
        if error == DNS:
            return answer(DEAD, f"the host name {_host(final)} does not resolve{after}")
        if error == REFUSED:
            return answer(DEAD, f"the connection to {_netloc(final)} was refused{after}")
        if error == CERTIFICATE:
            return answer(DEAD, f"the TLS certificate of {_netloc(final)} is not valid{detail}{after}")
        if error == TLS:
            return answer(DEAD, f"the TLS handshake with {_netloc(final)} failed{tries}{detail}{after}")
        if error == TIMEOUT:
            return answer(UNREACHABLE, f"no answer in time{tries}{after}")
        if error == LOOP:
            return answer(UNREACHABLE, f"the redirects go round in a loop ({len(hops)} hops, back to {final})")
        if error == TOO_MANY:
            return answer(UNREACHABLE, f"more than {MAX_REDIRECTS} redirects (the last to {final})")
        if error == INVALID:
            return answer(UNREACHABLE, f"the URL cannot be requested{detail}")
        if error == NO_DNS_AT_ALL:
            return answer(UNREACHABLE, "no host name resolved in this run: is this machine offline?")
        return answer(UNREACHABLE, f"the connection failed{tries}{detail}{after}")
    status = observation.status
    assert status is not None
    if 200 <= status < 300 or accepted(final, status, accept):
        return answer(OK, phrase(status) + after)
    if status in GONE:
        return answer(DEAD, f"the server answers {phrase(status)}{after}")
    if status == 429:
        wait = f", asking to wait {observation.retry_after:g} s" if observation.retry_after else ""
        return answer(UNREACHABLE, f"rate limited: {phrase(status)}{wait}{tries}{after}")
    if status in (403, 999):
        return answer(UNREACHABLE, f"{phrase(status)}: the site seems to turn robots away{after}")
    if status >= 500:
        return answer(UNREACHABLE, f"server error {phrase(status)}{tries}{after}")
    if 300 <= status < 400:
        return answer(UNREACHABLE, f"a {status} redirect without a Location{after}")
    return answer(UNREACHABLE, f"the server answers {phrase(status)}{after}")


def _moved_to(url: str, hops: tuple[tuple[int, str], ...]) -> str | None:
    """Where the leading permanent redirects lead: a temporary hop after them is not part of the move."""
    target = None
    for status, location in hops:
        if status not in PERMANENT:
            break
        target = location
    return target if target is not None and target != url else None


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _netloc(url: str) -> str:
    return urlsplit(url).netloc or url


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After``: seconds, or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
