"""Real Markdown for the tests: the copies vendored in tests/data, and the shared corpus when asked for.

The vendored copies make a fresh clone's suite complete on its own; the shared corpus
(18 lists and 215 free-programming-books files, 4.7 MB under assorted licences, so not
vendored) is the opt-in tier that conftest.py wires to ``--corpus=DIR``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SPEC = DATA / "spec"
VENDORED_LISTS: tuple[Path, ...] = tuple(sorted((DATA / "lists").glob("*.md")))

CORPUS_ENV = "AWESOME_LINT_CORPUS"
CORPUS_LISTS = 18
CORPUS_BOOKS = 215


class CorpusError(Exception):
    """The corpus folder named for the tier is missing or incomplete: a usage error, never a skip."""


@dataclass(frozen=True)
class Corpus:
    """The shared corpus the tier runs on, checked complete before any test is collected."""

    root: Path
    lists: tuple[Path, ...]
    books: tuple[Path, ...]

    @property
    def files(self) -> tuple[Path, ...]:
        return self.lists + self.books

    @classmethod
    def load(cls, root: Path) -> Corpus:
        """The corpus at ``root``; a partial one would let the tier pass on what it never saw."""
        if not root.is_dir():
            raise CorpusError(f"{root} is not a folder")
        lists = tuple(sorted((root / "lists").glob("*.md")))
        books = tuple(sorted((root / "free-programming-books").rglob("*.md")))
        if (len(lists), len(books)) != (CORPUS_LISTS, CORPUS_BOOKS):
            raise CorpusError(
                f"{root} should hold lists/ with {CORPUS_LISTS} *.md files and free-programming-books/ "
                f"with {CORPUS_BOOKS}; it has {len(lists)} and {len(books)}"
            )
        return cls(root, lists, books)
