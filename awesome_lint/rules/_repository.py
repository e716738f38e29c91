"""What the repository rules share: where GitHub looks for a repository's files, and where a
finding about a missing or wrong file is reported in the list."""

from __future__ import annotations

from ..document import Document, Span

CONTRIBUTING = ("CONTRIBUTING.md", ".github/CONTRIBUTING.md", "docs/CONTRIBUTING.md")
"""The places GitHub links a contributing guide from (names matched case-insensitively)."""
LICENSES = tuple(
    f"{name}{suffix}" for name in ("LICENSE", "LICENCE", "COPYING") for suffix in ("", ".md", ".txt", ".rst")
)
CODES_OF_CONDUCT = tuple(
    f"{folder}{name}.md" for folder in ("", ".github/", "docs/") for name in ("CODE_OF_CONDUCT", "CODE-OF-CONDUCT")
)


def first_line(document: Document) -> Span:
    """The list's first line after any front matter: a file-level finding is reported there, where
    an editor and a pull request's annotations show it."""
    source = document.source
    start = source.line_start(source.front_matter_lines + 1) if source.front_matter_lines else 0
    end = document.text.find("\n", start)
    end = len(document.text) if end < 0 else end
    return Span(start, max(end, start))


def line_of(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in a repository file's text, for messages."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
