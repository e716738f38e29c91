"""The cases of the comparison with lychee: one URL each, and how its server answers.

A case is a URL on one of four servers on 127.0.0.1 (:mod:`lychee_servers` runs them): a
200, a 404, a 410, redirect chains, a loop, servers that fail once and then answer, a server
that turns everyone away, one that refuses HEAD, a port that accepts connections and never
answers, a port nobody listens on, a TLS server with a self-signed certificate, a URL listed
twice and one with a ``#fragment``. Each case owns the paths under its key, so the servers'
counters say what each case was sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

HTTP, TLS, SILENT, REFUSED = "http", "tls", "silent", "refused"
"""Where a case's URL points: the plain HTTP server, the self-signed TLS server, the port that
accepts and never answers, the port nobody listens on."""

CONNECTIONS = "connections"
"""The counter of a server that never sees an HTTP request: connections accepted."""


@dataclass(frozen=True)
class Route:
    """How the HTTP server answers one path: ``statuses`` are for successive requests to the path
    (any method; the last one repeats), ``head`` the status HEAD gets when it differs."""

    statuses: tuple[int, ...] = (200,)
    headers: Mapping[str, str] = field(default_factory=dict)
    head: int | None = None


def moved(status: int, to: str) -> Route:
    return Route((status,), {"Location": to})


@dataclass(frozen=True)
class Case:
    key: str
    """The first segment of every path of the case, ``NN-name``: the list's order and its sort order."""
    title: str
    """What the server does, for the report."""
    server: str
    target: str = ""
    """The path listed (with its fragment, if any); empty for the silent and the refused port, whose
    URL is the port and the key."""
    routes: Mapping[str, Route] = field(default_factory=dict)
    listed: int = 1
    note: str = ""
    """Why the two tools differ here, when they do (as lychee 0.24.2 behaved)."""

    def owns(self, path: str) -> bool:
        return path == f"/{self.key}" or path.startswith(f"/{self.key}/")


def cases() -> list[Case]:
    """The cases, in the list's order.

    awesome-lint checks a run's URLs in sorted order, a few at a time per host, and once a host
    answers a HEAD with 405 it asks that host with GET only. Every case sits on the one host
    127.0.0.1, so the HEAD-405 case comes last among the HTTP cases: the 404, 410 and 403 cases,
    whose HEAD is asked again with GET, are then counted with both requests on every run, as
    they would be on hosts of their own.
    """
    chain = "/04-chain-301"
    eleven = "/08-eleven-redirects"
    return [
        Case("01-ok", "200 OK", HTTP, "/01-ok", {"/01-ok": Route()}),
        Case("02-not-found", "404 Not Found", HTTP, "/02-not-found", {"/02-not-found": Route((404,))}),
        Case("03-gone", "410 Gone", HTTP, "/03-gone", {"/03-gone": Route((410,))}),
        Case(
            "04-chain-301",
            "301 → 301 → 301 → 200",
            HTTP,
            f"{chain}/1",
            {
                f"{chain}/1": moved(301, f"{chain}/2"),
                f"{chain}/2": moved(301, f"{chain}/3"),
                f"{chain}/3": moved(301, f"{chain}/end"),
                f"{chain}/end": Route(),
            },
            note="lychee follows redirects without a finding (a count in its summary, the chain with `-v`) "
            "and offers no new address",
        ),
        Case(
            "05-moved-308",
            "308 → 200",
            HTTP,
            "/05-moved-308/old",
            {"/05-moved-308/old": moved(308, "/05-moved-308/new"), "/05-moved-308/new": Route()},
            note="as for the 301s",
        ),
        Case(
            "06-found-302",
            "302 → 200",
            HTTP,
            "/06-found-302/old",
            {"/06-found-302/old": moved(302, "/06-found-302/new"), "/06-found-302/new": Route()},
        ),
        Case(
            "07-loop",
            "301 a → b, 301 b → a",
            HTTP,
            "/07-loop/a",
            {"/07-loop/a": moved(301, "/07-loop/b"), "/07-loop/b": moved(301, "/07-loop/a")},
            note="lychee follows the loop to its limit and reports the last 301 as a rejected status, an error; "
            "awesome-lint names the loop, a warning",
        ),
        Case(
            "08-eleven-redirects",
            "11 × 301, then 200",
            HTTP,
            f"{eleven}/0",
            {
                **{f"{eleven}/{hop}": moved(301, f"{eleven}/{hop + 1}") for hop in range(11)},
                f"{eleven}/11": Route(),
            },
            note="lychee reports the 11th redirect's 301 as a rejected status, an error; awesome-lint: a warning",
        ),
        Case(
            "09-503-then-200",
            "503 once, then 200",
            HTTP,
            "/09-503-then-200",
            {"/09-503-then-200": Route((503, 200))},
            note="lychee does not retry a 503",
        ),
        Case(
            "10-503-always",
            "503 to every request",
            HTTP,
            "/10-503-always",
            {"/10-503-always": Route((503,))},
            note="lychee: an error (the 503 not retried); awesome-lint: a warning, since a 503 may pass",
        ),
        Case(
            "11-429-then-200",
            "429 with Retry-After: 1 once, then 200",
            HTTP,
            "/11-429-then-200",
            {"/11-429-then-200": Route((429, 200), {"Retry-After": "1"})},
        ),
        Case(
            "12-forbidden",
            "403 to everything",
            HTTP,
            "/12-forbidden",
            {"/12-forbidden": Route((403,))},
            note="lychee: an error; awesome-lint: a warning, a bot wall that a browser may well get through",
        ),
        Case("13-duplicate", "200 OK, listed twice", HTTP, "/13-duplicate", {"/13-duplicate": Route()}, listed=2),
        Case("14-fragment", "200 OK, with #section", HTTP, "/14-fragment#section", {"/14-fragment": Route()}),
        Case(
            "15-head-405",
            "HEAD 405, GET 200",
            HTTP,
            "/15-head-405",
            {"/15-head-405": Route(head=405)},
        ),
        Case(
            "16-self-signed",
            "TLS, self-signed certificate",
            TLS,
            "/16-self-signed",
            {"/16-self-signed": Route()},
        ),
        Case(
            "17-silent",
            "accepts the connection, never answers",
            SILENT,
        ),
        Case("18-refused", "connection refused (nobody listens)", REFUSED),
    ]
