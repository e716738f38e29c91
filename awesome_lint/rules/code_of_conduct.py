"""AL419 code-of-conduct."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document
from ..findings import Violation
from ..project import Project
from ._repository import CODES_OF_CONDUCT, first_line, line_of
from .base import Rule

_PLACEHOLDER = re.compile(r"\[INSERT (?:EMAIL ADDRESS|CONTACT METHOD)\]", re.IGNORECASE)
"""The Contributor Covenant's placeholders: 1.4 asks for an email address, 2.x for a contact method."""


class CodeOfConduct(Rule):
    """What it does
      Reports a code of conduct (`code_of_conduct.md` or `code-of-conduct.md`,
      at the root, in `.github/` or in `docs/`) that is empty or still holds
      the Contributor Covenant's placeholder, `[INSERT EMAIL ADDRESS]` or
      `[INSERT CONTACT METHOD]`. The finding is on the list's first line and
      names the file, line and column of the placeholder. A repository without
      a code of conduct is not reported: the awesome guidelines do not require
      one.

    Why is this bad?
      The placeholder leaves people who need to report abuse with nobody to
      write to.

    Example
      `code-of-conduct.md` copied from the Contributor Covenant 1.4 and not
      edited: `code-of-conduct.md:34:65 still has the placeholder "[INSERT
      EMAIL ADDRESS]": put in how to reach you`.

    Options
      None. It replaces the npm awesome-lint's `awesome-code-of-conduct`.
    """

    code = "AL419"
    name = "code-of-conduct"
    summary = "Fill in the code of conduct's contact placeholder"
    list_only = True
    needs_project = True
    npm = ("awesome-code-of-conduct",)

    def check_project(self, document: Document, project: Project) -> Iterator[Violation]:
        found = project.find(CODES_OF_CONDUCT)
        if found is None:
            return
        text = project.read_text(found) or ""
        if not text.strip():
            yield Violation(first_line(document), f"the code of conduct {found} is empty")
            return
        placeholder = _PLACEHOLDER.search(text)
        if placeholder is not None:
            line, column = line_of(text, placeholder.start())
            yield Violation(
                first_line(document),
                f'{found}:{line}:{column} still has the placeholder "{placeholder.group()}": put in how to reach you',
            )
