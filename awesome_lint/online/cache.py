"""The link cache: answers kept for a while, so that a pre-commit hook or a scheduled run
does not ask the same sites again and again.

An SQLite file (``links.sqlite3`` in the result cache's folder): SQLite's locking keeps it
whole when several runs read and write at once, and a run that cannot use it (locked for
too long, unreadable, not a database) checks without it rather than fail. It is safe to
delete. Each entry holds what was observed and when; how long it counts is decided when
it is read, so changing ``cache-age`` or ``failure-cache-age`` applies at once.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Mapping
from typing import Any

FILE_NAME = "links.sqlite3"
_VERSION = "1"
_BUSY_SECONDS = 10.0


class LinkCache:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problem: str | None = None
        """Why the cache is not used in this run (None: it is)."""
        self._connection: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._connection is not None or self.problem is not None:
            return self._connection
        try:
            os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=_BUSY_SECONDS, isolation_level=None)
            connection.execute(
                "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, checked REAL, failed INTEGER, value TEXT)"
            )
        except (sqlite3.Error, OSError) as exc:
            self.problem = f"the link cache {self.path} cannot be used ({exc}); checking without it"
            return None
        self._connection = connection
        return connection

    def get(self, keys: Iterable[str], max_age: float, failure_max_age: float) -> dict[str, dict[str, Any]]:
        """The entries still fresh for ``keys``: successes younger than ``max_age`` seconds,
        failures younger than ``failure_max_age``."""
        connection = self._connect()
        wanted = [f"{_VERSION}\0{key}" for key in keys]
        if connection is None or not wanted:
            return {}
        now = time.time()
        found: dict[str, dict[str, Any]] = {}
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                rows = connection.execute(
                    f"SELECT key, checked, failed, value FROM answers WHERE key IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
                for key, checked, failed, value in rows:
                    age = now - float(checked)
                    if 0 <= age < (failure_max_age if failed else max_age):
                        found[key.split("\0", 1)[1]] = json.loads(value)
        except (sqlite3.Error, ValueError) as exc:
            self.problem = f"the link cache {self.path} cannot be read ({exc}); checking without it"
            return {}
        return found

    def put(self, entries: Mapping[str, tuple[bool, dict[str, Any]]]) -> None:
        """Keep ``entries`` (key → (failed, value)), all in one transaction."""
        connection = self._connect()
        if connection is None or not entries:
            return
        now = time.time()
        rows = [(f"{_VERSION}\0{key}", now, int(failed), json.dumps(value)) for key, (failed, value) in entries.items()]
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)", rows)
            connection.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            self.problem = f"the link cache {self.path} cannot be written ({exc}); the answers are not kept"

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
