"""AL000 internal-error: documentation for the finding awesome-lint reports about itself."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..findings import Violation
from .base import Rule


class InternalError(Rule):
    """What it does
      Reports that awesome-lint itself failed on a file: the Markdown parser,
      a rule or the suppression comments raised an exception. The finding sits
      at line 1 and names where the failure happened; the other rules still
      ran and their findings are reported. The run exits with status 2.

    Why is this bad?
      A file that awesome-lint could not check completely may hide problems,
      so the run must not pass. It is a bug in awesome-lint, never in the list:
      please report it with the file (set `AWESOME_LINT_DEBUG=1` to see the
      traceback).

    Example
      ```text
      README.md:1:1: error: AL000 [internal-error] internal error in rule AL201 (duplicate-url): ValueError: ...
      ```

    Options
      None. This finding cannot be selected, ignored, given another severity
      or silenced by a suppression comment.
    """

    code = "AL000"
    name = "internal-error"
    summary = "awesome-lint failed on this file (a bug to report; always on)"
    selectable = False

    def check(self, document: Document) -> Iterator[Violation]:
        return iter(())
