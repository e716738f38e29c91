"""The loopback servers of the comparison with lychee, and the list both tools check.

Every case's URL is on a server started here on 127.0.0.1, so nothing leaves the machine. The
servers count every request they get, per path and method, so the page says what each tool
sent, not what it says it sent. The TLS server counts handshakes and the silent port
connections, since neither ever sees a request; nothing can count at a refused port.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from lychee_cases import CONNECTIONS, HTTP, SILENT, TLS, Case, Route

CERTIFICATES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "online"
"""The online tests' self-signed certificate and its key."""
CERTIFICATE = CERTIFICATES / "selfsigned.pem"
KEY = CERTIFICATES / "selfsigned.key"


class _HTTPServer(ThreadingHTTPServer):
    """Counts connections, and for TLS does the handshake in the request's thread, so that a
    failed handshake is counted and holds up nobody."""

    daemon_threads = True

    def __init__(self, site: Site, context: ssl.SSLContext | None) -> None:
        self.site = site
        self.context = context
        super().__init__(("127.0.0.1", 0), _Handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        self.site.count(CONNECTIONS, "")
        if self.context is None:
            super().finish_request(request, client_address)
            return
        request.settimeout(10)
        try:
            secure = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            super().finish_request(secure, client_address)
        finally:
            secure.close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_HEAD(self) -> None:
        self.server.site.answer(self, "HEAD")

    def do_GET(self) -> None:
        self.server.site.answer(self, "GET")


class Site:
    """An HTTP (or HTTPS) server on 127.0.0.1 that answers each path as its :class:`Route` says
    (404 for any other path) and counts every request per method and path."""

    def __init__(self, routes: Mapping[str, Route], *, tls: bool = False) -> None:
        self.routes = dict(routes)
        self.counts: Counter[tuple[str, str]] = Counter()
        self._per_path: Counter[str] = Counter()
        self._lock = threading.Lock()
        context = None
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(CERTIFICATE, KEY)
        self.scheme = "https" if tls else "http"
        self.server = _HTTPServer(self, context)
        self.port: int = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def count(self, method: str, path: str) -> int:
        """Record a request; how many the path has had, this one included."""
        with self._lock:
            self.counts[method, path] += 1
            self._per_path[path] += 1
            return self._per_path[path]

    def reset(self) -> None:
        with self._lock:
            self.counts.clear()
            self._per_path.clear()

    def answer(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        path = handler.path.split("?", 1)[0]
        nth = self.count(method, path)
        route = self.routes.get(path, Route((404,)))
        status = route.statuses[min(nth, len(route.statuses)) - 1]
        if method == "HEAD" and route.head is not None:
            status = route.head
        handler.send_response(status)
        for name, value in route.headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class SilentPort:
    """Accepts connections, counts them, reads nothing and answers nothing until it is reset."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.listener.settimeout(0.05)
        self.port: int = self.listener.getsockname()[1]
        self.connections = 0
        self._held: list[socket.socket] = []
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
                self._held.append(connection)

    def reset(self) -> None:
        with self._lock:
            for connection in self._held:
                connection.close()
            self._held.clear()
            self.connections = 0

    def close(self) -> None:
        self._closed.set()
        self._thread.join()
        self.listener.close()
        self.reset()


def free_port() -> int:
    """A port nobody listens on (it was free a moment ago): connecting is refused."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port: int = probe.getsockname()[1]
    probe.close()
    return port


@dataclass
class Servers:
    http: Site
    tls: Site
    silent: SilentPort
    refused: int

    def url(self, case: Case) -> str:
        if case.server == HTTP:
            return self.http.url(case.target)
        if case.server == TLS:
            return self.tls.url(case.target)
        port = self.silent.port if case.server == SILENT else self.refused
        return f"http://127.0.0.1:{port}/{case.key}"

    def reset(self) -> None:
        self.http.reset()
        self.tls.reset()
        self.silent.reset()

    def requests(self, case: Case) -> Counter[str] | None:
        """What the case's URL was sent since the last reset: requests per method, or (TLS and
        silent) connections; None for the refused port, where nothing can count."""
        if case.server == HTTP:
            found: Counter[str] = Counter()
            for (method, path), number in self.http.counts.items():
                if method != CONNECTIONS and case.owns(path):
                    found[method] += number
            return found
        if case.server == TLS:
            return Counter({CONNECTIONS: self.tls.counts[CONNECTIONS, ""]})
        if case.server == SILENT:
            return Counter({CONNECTIONS: self.silent.connections})
        return None

    def unclaimed(self, known: Sequence[Case]) -> Counter[str]:
        """Requests to HTTP paths no case owns (a tool asking for something else)."""
        found: Counter[str] = Counter()
        for (method, path), number in self.http.counts.items():
            if method != CONNECTIONS and not any(case.owns(path) for case in known):
                found[f"{method} {path}"] += number
        return found


@contextmanager
def serve(known: Sequence[Case]) -> Iterator[Servers]:
    routes: dict[str, Route] = {}
    tls_routes: dict[str, Route] = {}
    for case in known:
        (tls_routes if case.server == TLS else routes).update(case.routes)
    http, tls, silent = Site(routes), Site(tls_routes, tls=True), SilentPort()
    try:
        yield Servers(http, tls, silent, free_port())
    finally:
        http.close()
        tls.close()
        silent.close()


def markdown_list(known: Sequence[Case], servers: Servers) -> tuple[str, dict[int, Case]]:
    """The list both tools check, and the case on each of its lines."""
    lines = ["# Link checker comparison", ""]
    where: dict[int, Case] = {}
    for case in known:
        for _ in range(case.listed):
            lines.append(f"- [{case.key}]({servers.url(case)}) - {case.title}.")
            where[len(lines)] = case
    return "\n".join(lines) + "\n", where
