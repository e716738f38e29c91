"""Loopback servers for the online tests: real HTTP on 127.0.0.1, started by the tests themselves.

A :class:`Site` answers each path as its :class:`Route` says (a status, headers, a delay, a
sequence of statuses for successive requests, another status for HEAD) and records every
request, with the most requests it ever had in flight at once. Nothing here reaches the
internet.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "fixtures" / "online"


@dataclass
class Route:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    statuses: list[int] = field(default_factory=list)
    """Statuses for successive requests (the last one repeats); overrides ``status``."""
    head: int | None = None
    """The status HEAD gets, when it differs (405: HEAD not allowed)."""
    body: bytes = b""


@dataclass
class Seen:
    method: str
    path: str
    at: float
    headers: dict[str, str]


class _Server(ThreadingHTTPServer):
    """With ``tls_context``, a connection that opens with a TLS handshake is served over TLS and
    any other as plain HTTP: one port for both ``http://`` and ``https://`` (as port 80 and 443
    would be), so that an ``http://`` URL's ``https://`` form reaches the same site."""

    tls_context: ssl.SSLContext | None = None

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = self.socket.accept()
        if self.tls_context is not None:
            connection.settimeout(5)
            try:
                first = connection.recv(1, socket.MSG_PEEK)
            except OSError:
                first = b""
            connection.settimeout(None)
            if first == b"\x16":
                connection = self.tls_context.wrap_socket(connection, server_side=True)
        return connection, address


class Site:
    def __init__(self, routes: dict[str, Route] | None = None, *, tls: bool = False, both: bool = False) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.seen: list[Seen] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_HEAD(self) -> None:
                site._answer(self, "HEAD")

            def do_GET(self) -> None:
                site._answer(self, "GET")

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.scheme = "http"
        if tls or both:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(DATA / "selfsigned.pem", DATA / "selfsigned.key")
            if both:
                self.server.tls_context = context
            else:
                self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
                self.scheme = "https"
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def requests_for(self, path: str) -> list[Seen]:
        return [seen for seen in self.seen if seen.path == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _answer(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        path = handler.path
        with self._lock:
            self.seen.append(Seen(method, path, time.monotonic(), dict(handler.headers.items())))
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            count = self._counts[path] = self._counts.get(path, 0) + 1
        try:
            route = self.routes.get(path.split("?")[0], Route(404))
            if route.delay:
                time.sleep(route.delay)
            status = route.statuses[min(count, len(route.statuses)) - 1] if route.statuses else route.status
            if method == "HEAD" and route.head is not None:
                status = route.head
            body = route.body if method == "GET" else b""
            handler.send_response(status)
            for name, value in route.headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(route.body)))
            handler.end_headers()
            if body:
                handler.wfile.write(body)
        finally:
            with self._lock:
                self.in_flight -= 1


def repo(full_name: str, *, archived: bool = False) -> Route:
    """A GitHub API answer for ``GET /repos/...``."""
    body = json.dumps({"full_name": full_name, "archived": archived}).encode()
    return Route(200, {"Content-Type": "application/json", "X-RateLimit-Remaining": "4999"}, body=body)


@contextmanager
def site(routes: dict[str, Route] | None = None, *, tls: bool = False, both: bool = False) -> Iterator[Site]:
    server = Site(routes, tls=tls, both=both)
    try:
        yield server
    finally:
        server.close()


@contextmanager
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def refused_port() -> int:
    """A port nobody listens on: connecting is refused."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port: int = probe.getsockname()[1]
    probe.close()
    return port


FAST = """
[link-check]
timeout = 1
backoff = 0.05
retries = 1
max-retry-after = 5
"""
"""Settings that keep the tests quick: short time-outs, short back-off."""


def project(tmp_path: Path, readme: str, config: str = FAST, *, online: bool = True) -> Path:
    """A folder with ``README.md`` and an ``awesome-lint.toml`` (``online = true`` and ``config``)."""
    (tmp_path / "README.md").write_text(readme, encoding="utf-8")
    head = "online = true\n" if online else ""
    (tmp_path / "awesome-lint.toml").write_text(head + config, encoding="utf-8")
    return tmp_path / "README.md"


CERTIFICATE = DATA / "selfsigned.pem"
"""Trusted by a test that sets ``SSL_CERT_FILE`` to it; for names 127.0.0.1, localhost, site.test, other.test."""


def fake_dns(monkeypatch: Any) -> None:
    """``*.test`` resolves to 127.0.0.1, loopback names and addresses resolve as usual, and every other
    name does not resolve: no DNS server is ever asked, so no test can reach the internet."""
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if isinstance(name, str) and name.lower().rstrip(".").endswith(".test"):
            return real("127.0.0.1", *args, **kwargs)
        if name in ("127.0.0.1", "localhost", "::1", None):
            return real(host, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def run_online(
    tmp_path: Path, monkeypatch: Any, readme: str, config: str = FAST, *, configured: bool = True, **options: Any
) -> Any:
    """Lint ``readme`` as README.md of a project in ``tmp_path`` (``config``, and ``online = true`` when
    ``configured``), from there, with no proxies, no token and no DNS but :func:`fake_dns`. ``options``
    are the run's (``online=False`` is ``--no-online``; ``select`` defaults to the online rules).
    The run's result."""
    from awesome_lint.run import RunOptions, run

    path = project(tmp_path, readme, config, online=configured)
    fake_dns(monkeypatch)
    monkeypatch.chdir(tmp_path)
    for key in list(os.environ):
        if "proxy" in key.lower():
            monkeypatch.delenv(key)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    options.setdefault("jobs", 1)
    options.setdefault("select", ["AL5"])  # the online rules, unless a test asks for others
    return run([path.name], RunOptions(**options))


def found(result: Any) -> list[tuple[int, int, str, str]]:
    """(line, column, code, message) of every finding of the run's first file."""
    return [(item.line, item.column, item.code, item.message) for item in result.results[0].findings]


# --- rules with answers given by hand: no network at all --------------------------------------


def answers(links: dict[str, Any] | None = None, repositories: dict[str, Any] | None = None) -> Any:
    """A client holding these answers: URL → LinkAnswer, ``owner/name`` (github.com) → RepoAnswer."""
    from awesome_lint.online.answers import OnlineClient, RepoRequest

    client = OnlineClient()
    client.add(
        links or {},
        [(RepoRequest("github.com", *key.split("/")), answer) for key, answer in (repositories or {}).items()],
    )
    return client


def ok(url: str, final: str | None = None) -> Any:
    from awesome_lint.online.answers import LinkAnswer

    return LinkAnswer(url, "ok", "200 OK", 200, final_url=final or url)


def failing(url: str, state: str, reason: str, status: int | None = None) -> Any:
    from awesome_lint.online.answers import LinkAnswer

    return LinkAnswer(url, state, reason, status, final_url=url)


def moved(url: str, to: str, status: int = 301) -> Any:
    from awesome_lint.online.answers import LinkAnswer

    return LinkAnswer(url, "ok", "200 OK", 200, ((status, to),), moved_to=to, final_url=to)


def repository(full_name: str, state: str = "ok", *, archived: bool = False) -> Any:
    from awesome_lint.online.answers import RepoAnswer

    owner, name = full_name.split("/")
    return RepoAnswer(owner, name, state, full_name, archived)


def lint_answered(text: str, client: Any, *rules: str) -> list[tuple[int, int, int, int, str, str | None]]:
    """(line, column, end line, end column, message, fix applicability or None) of each finding."""
    from awesome_lint.engine import Linter, select_rules

    linter = Linter(select_rules(list(rules)))
    linter.client = client
    result = linter.lint_text(text, "README.md")
    assert result.error is None and not result.internal_error, result.findings
    return [
        (f.line, f.column, f.end_line, f.end_column, f.message, f.fix.applicability.value if f.fix else None)
        for f in result.findings
    ]


def fix_answered(text: str, client: Any, *rules: str, unsafe: bool = False) -> str:
    """``text`` after ``--fix`` (``--unsafe-fixes``) with these answers, through the same checks."""
    from awesome_lint.engine import Linter, select_rules
    from awesome_lint.run.fixing import fix_job
    from awesome_lint.run.jobs import Job

    linter = Linter(select_rules(list(rules)))
    linter.client = client
    result = fix_job(linter, Job(0, "README.md", None, text.encode("utf-8")), write=True, unsafe=unsafe)
    assert result.fixed_data is not None
    return result.fixed_data.decode("utf-8")
