"""Shapes of input refused before parsing: what no list looks like, and would cost far more than it is worth.

Memory follows the number of lines and inline nodes, not bytes: each line is at
least one block, each link a handful of positioned nodes, and inside cmark-gfm
each emphasis marker or escape is a node of its own. A list has a line or a
markup character every 15 to 70 bytes; a hostile file can have one every two
(2 MiB of ``#`` lines, ``*a`` repeated), and nesting hundreds of levels deep is
a valid document no list needs. Counting is a few milliseconds per megabyte,
done on the bytes before anything is decoded into nodes.
"""

from __future__ import annotations

import re

BYTES_PER_UNIT = 500
"""Peak memory of linting, per line or markup character (see :func:`markup_units`), measured on
the densest shapes (headings, one-character items, links on one line, emphasis runs)."""
MIN_BYTES_PER_UNIT = 10
"""Below this many bytes per unit a large file is refused. Real lists have 15 to 70."""
UNITS_PER_LIMIT = 20
"""A file may have up to ``max_file_size // UNITS_PER_LIMIT`` units whatever its density."""
MAX_NESTING = 1000
"""More block quote or list markers than this at the start of one line is refused."""

_RUNS = re.compile(rb"[*_~]+([^\s*_~]?)")
"""No lookahead: a run followed by a lookahead backtracks once per marker, quadratic on ``***...``."""
_NESTING = re.compile(r"^(?:[ \t]*(?:>|[-+*][ \t]|\d{1,9}[.)][ \t]))" + f"{{{MAX_NESTING}}}", re.MULTILINE)
"""Each ``>`` or list marker opens one level; indentation alone nests only one level per two
columns, which the size limit bounds."""


def markup_units(data: bytes) -> int:
    """Lines, plus what may start an inline node: ``[``, ``<``, a backtick, ``|`` (at half), ``\\``,
    ``&``, and a run of ``*``, ``_`` or ``~`` that something other than a blank follows (one that
    may open emphasis: ``*a*a*a`` makes a node per marker, a line of ``***`` makes one)."""
    count = data.count
    lines = count(b"\n") + count(b"\r") - count(b"\r\n") + (not data.endswith((b"\n", b"\r")))
    inline = count(b"[") + count(b"<") + count(b"`") + count(b"|") // 2 + count(b"\\") + count(b"&")
    runs = _RUNS.findall(data)  # each run of markers, and the character after it (empty: a blank or the end)
    return lines + inline + len(runs) - runs.count(b"")


def refusal(data: bytes, text: str, max_file_size: int) -> str | None:
    """Why the file is refused before parsing, or None."""
    units = markup_units(data)
    if units > max_file_size // UNITS_PER_LIMIT and len(data) < units * MIN_BYTES_PER_UNIT:
        return _too_dense(len(data), units, max_file_size)
    if _NESTING.search(text):
        return (
            f"nested more than {MAX_NESTING:,} levels deep (block quotes or list markers at the start of a line): "
            "no list nests that deep, and each level costs memory in every parser; refused"
        )
    return None


def _too_dense(size: int, units: int, limit: int) -> str:
    megabytes = units * BYTES_PER_UNIT // 1_000_000
    return (
        f"too dense to lint: {units:,} lines and markup characters ([ < ` | * _ ~ \\ &) in {size:,} bytes, one "
        f"every {size / units:.1f} bytes (lists have one every 15 or more); parsing would take about {megabytes:,} "
        f"MB of memory. More than {limit // UNITS_PER_LIMIT:,} at under {MIN_BYTES_PER_UNIT} bytes each is "
        "refused; raise --max-file-size if this really is one Markdown list"
    )
