"""The unified diff of ``--diff``: one that ``git apply`` and ``patch -p1`` apply as it is.

Lines are split after each ``\\n`` only, as git and patch split them: a CRLF line
keeps its CR, a file with lone CR endings is one line, and a last line without a
line ending is marked ``\\ No newline at end of file``.
"""

from __future__ import annotations

import difflib
import os


def unified_diff(before: bytes, after: bytes, path: str) -> str:
    """The diff from ``before`` to ``after`` of the file at ``path`` (empty when they are equal)."""
    if before == after:
        return ""
    old = _lines(before.decode("utf-8", "surrogateescape"))
    new = _lines(after.decode("utf-8", "surrogateescape"))
    name = diff_path(path)
    out: list[str] = []
    for line in difflib.unified_diff(old, new, f"a/{name}", f"b/{name}", n=3):
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    """The lines of ``text``, each with its ``\\n`` (the last one may have none)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def diff_path(path: str) -> str:
    """The path as the diff names it: relative to the working directory when it is inside it,
    otherwise without its leading ``/`` (``a//home/me/list.md`` applies nowhere)."""
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        if not relative.startswith(os.pardir):
            return relative.replace(os.sep, "/")
        return path.lstrip("/\\").replace(os.sep, "/")
    return path.replace(os.sep, "/")
