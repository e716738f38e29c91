"""Writing to the terminal: the report on stdout (or a file), messages on stderr, never a traceback."""

from __future__ import annotations

import contextlib
import os
import sys

PROG = "awesome-lint"


def output(text: str, output_file: str | None, status: int) -> int:
    """Write the report and return ``status``; 2 if the report cannot be written."""
    data = text.encode("utf-8", "backslashreplace")
    if output_file is not None:
        try:
            with open(output_file, "wb") as stream:
                stream.write(data)
        except OSError as exc:
            error(f"{output_file}: cannot write the report: {exc.strerror or exc}")
            return 2
        return status
    try:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:  # a replaced sys.stdout, as in tests
            sys.stdout.write(text)
            sys.stdout.flush()
    except BrokenPipeError:  # `awesome-lint | head`: the reader has gone, the result stands
        discard_stdout()
    return status


def write_stdout_bytes(data: bytes) -> None:
    """The fixed text of standard input goes to stdout, byte for byte."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        sys.stdout.write(data.decode("utf-8", "surrogateescape"))


def write_stderr(text: str) -> None:
    with contextlib.suppress(BrokenPipeError, ValueError):
        sys.stderr.write(text)
        sys.stderr.flush()


def discard_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def isatty(stream: object) -> bool:
    check = getattr(stream, "isatty", None)
    try:
        return bool(check and check())
    except ValueError:  # closed
        return False


def error(message: str) -> None:
    """One ``awesome-lint: error:`` line per line of ``message``."""
    _lines("error: ", message)


def warning(message: str) -> None:
    """One ``awesome-lint: warning:`` line per line of ``message``."""
    _lines("warning: ", message)


def info(message: str) -> None:
    """Verbose output: ``awesome-lint: message`` on stderr."""
    _lines("", message)


def _lines(kind: str, message: str) -> None:
    with contextlib.suppress(BrokenPipeError, ValueError):
        for line in message.splitlines() or [""]:
            print(f"{PROG}: {kind}{line}", file=sys.stderr, flush=True)
