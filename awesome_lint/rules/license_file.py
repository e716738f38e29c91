"""AL417 license-file."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..findings import Violation
from ..project import Project
from ._repository import LICENSES, first_line
from .base import Rule


class LicenseFile(Rule):
    """What it does
      Reports a list whose repository has no licence file at its root:
      `LICENSE`, `LICENCE` or `COPYING`, with or without `.md`, `.txt` or
      `.rst`, in any case. The finding is on the list's first line.

    Why is this bad?
      Without a licence nobody may reuse the list, and the awesome guidelines
      require one (CC0 is recommended). GitHub shows the licence file in the
      repository's sidebar.

    Example
      A repository with only `README.md`: reported, `no licence file: add a
      LICENSE file (awesome lists use CC0-1.0 or CC-BY-4.0)`. Whether the
      licence is a Creative Commons one is `creative-commons-license`'s
      concern.

    Options
      None.
    """

    code = "AL417"
    name = "license-file"
    summary = "Give the list a licence file"
    list_only = True
    needs_project = True

    def check_project(self, document: Document, project: Project) -> Iterator[Violation]:
        found = project.find(LICENSES)
        if found is None:
            yield Violation(
                first_line(document), "no licence file: add a LICENSE file (awesome lists use CC0-1.0 or CC-BY-4.0)"
            )
        elif not (project.read_text(found) or "").strip():
            yield Violation(first_line(document), f"the licence file {found} is empty")
