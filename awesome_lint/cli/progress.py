"""The online checks' progress bar: on a terminal only, on one line of standard error."""

from __future__ import annotations

import sys
import time
from typing import TextIO

_WIDTH = 24
_EVERY = 0.1
"""Seconds between redraws: a thousand URLs answered from the cache must not print a thousand lines."""


class ProgressBar:
    """``checking links [#####·····] 120/450 · 3 failed · ETA 0:42``, redrawn in place."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.monotonic()
        self._drawn = 0.0
        self._shown = False

    def __call__(self, done: int, total: int, failed: int) -> None:
        now = time.monotonic()
        if done < total and now - self._drawn < _EVERY:
            return
        self._drawn = now
        filled = _WIDTH * done // total if total else _WIDTH
        eta = ""
        if 0 < done < total:
            left = (now - self.started) / done * (total - done)
            eta = f" · ETA {int(left) // 60}:{int(left) % 60:02d}"
        line = f"checking links [{'#' * filled}{'·' * (_WIDTH - filled)}] {done}/{total} · {failed} failed{eta}"
        self.stream.write(f"\r\x1b[2K{line}")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        """Clear the bar, so that the report starts on a clean line."""
        if self._shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
