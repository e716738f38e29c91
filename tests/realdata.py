"""Real Markdown for the tests: the copies vendored in tests/data (sources in its README)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SPEC = DATA / "spec"
VENDORED_LISTS: tuple[Path, ...] = tuple(sorted((DATA / "lists").glob("*.md")))
