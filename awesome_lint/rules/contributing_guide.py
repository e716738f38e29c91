"""AL416 contributing-guide."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..findings import Violation
from ..project import Project
from ._repository import CONTRIBUTING, first_line
from .base import Rule


class ContributingGuide(Rule):
    """What it does
      Reports a list whose repository has no contributing guide, or an empty
      one. GitHub's places count, names in any case: `contributing.md`,
      `.github/contributing.md` and `docs/contributing.md`. The finding is on
      the list's first line.

    Why is this bad?
      An awesome list grows through pull requests from strangers; the guide
      tells them what an entry needs, and GitHub links it on every new pull
      request and issue. The awesome guidelines require one.

    Example
      A repository with `README.md` and no `contributing.md`: reported, `no
      contributing guide: add contributing.md (GitHub links it from every new
      pull request)`.

    Options
      None. It replaces the npm awesome-lint's `awesome-contributing`.
    """

    code = "AL416"
    name = "contributing-guide"
    summary = "Give the list a contributing guide that is not empty"
    list_only = True
    needs_project = True
    npm = ("awesome-contributing",)

    def check_project(self, document: Document, project: Project) -> Iterator[Violation]:
        found = project.find(CONTRIBUTING)
        if found is None:
            yield Violation(
                first_line(document),
                "no contributing guide: add contributing.md (GitHub links it from every new pull request)",
            )
        elif not (project.read_text(found) or "").strip():
            yield Violation(first_line(document), f"the contributing guide {found} is empty")
