"""AL409 license-section."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document
from ..findings import Violation
from .base import Rule

_LICENSE = re.compile(r"licen[cs]e|licensing", re.IGNORECASE)
_MARKUP = re.compile(r"[*_`#\s:]+|\[|\]\([^)]*\)|[^\w\s]")


class LicenseSection(Rule):
    """What it does
      Reports a `License` (or `Licence`) section heading in the list.

    Why is this bad?
      The awesome guidelines put the licence in a `LICENSE` file, where GitHub
      shows it in the sidebar; a section at the end of the readme repeats it
      and is usually out of date.

    Example
      ```markdown
      ## License

      CC0
      ```
      The heading is reported. No fix: move the licence to a `LICENSE` file.

    Options
      None. It replaces the npm awesome-lint's `awesome-license`.
    """

    code = "AL409"
    name = "license-section"
    summary = "Keep the licence in a LICENSE file, not in a section"
    list_only = True
    npm = ("awesome-license",)

    def check(self, document: Document) -> Iterator[Violation]:
        for heading in document.headings:
            words = _MARKUP.sub(" ", heading.text).split()
            if len(words) == 1 and _LICENSE.fullmatch(words[0]):
                yield Violation(
                    heading.span,
                    f'a "{heading.text.strip()}" section: put the licence in a LICENSE file, where GitHub shows it',
                )
