"""AL001 unused-suppression and AL002 invalid-suppression.

Both rules judge suppression comments, which only makes sense once every other
rule has run: their ``check`` reports nothing, and the suppression pass
(:mod:`awesome_lint.suppressions`) produces their findings when they are selected.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..findings import Severity, Violation
from .base import Rule


class UnusedSuppression(Rule):
    """What it does
      Reports an awesome-lint suppression comment (`awesome-lint-disable`,
      `-disable-line`, `-disable-next-line`, `-disable-file`) that silenced
      nothing, at the comment, naming each rule of it that had no finding to
      silence. A comment that names a rule not selected in this run (with
      `--select`, `--ignore` or the configuration) is not reported: another
      configuration may need it; a comment without a rule list is only judged
      when every rule ran. `<!--lint ...-->` comments of the npm awesome-lint
      are not judged: they may be there for that tool.

    Why is this bad?
      A suppression outlives the problem it hid: once the list item is fixed
      or removed, the comment stays, and silently hides the next real problem
      on that line or in that section.

    Example
      ```markdown
      <!-- awesome-lint-disable-next-line list-numbering -->
      1. [Raft](https://raft.github.io/)
      2. [Paxos](https://example.com/paxos)
      ```
      The comment is reported: `unused suppression: no list-numbering finding
      to silence here`. Silence this rule itself by naming it, e.g.
      `<!-- awesome-lint-disable-file unused-suppression -->`: comments without
      a rule list silence every rule except this one and `invalid-suppression`.
    """

    code = "AL001"
    name = "unused-suppression"
    summary = "Remove suppression comments that silence nothing"
    severity = Severity.WARNING

    def check(self, document: Document) -> Iterator[Violation]:
        yield from ()


class InvalidSuppression(Rule):
    """What it does
      Reports an awesome-lint suppression comment that names an unknown rule
      (rules are named by code, code prefix or name: `AL101`, `AL1`,
      `list-numbering`), or whose keyword is misspelled
      (`awesome-lint-disable-nextline`), at the comment, with the closest
      known name. The unknown name silences nothing. Unknown rule ids in the
      npm awesome-lint's `<!--lint ...-->` comments are ignored quietly: they
      name that tool's rules.

    Why is this bad?
      A misspelled rule name silences nothing, so the comment looks like it
      works while the finding it was meant to hide keeps failing the build,
      or, worse, the author gives up and disables every rule.

    Example
      ```markdown
      <!-- awesome-lint-disable-next-line list-numbring -->
      1. [Raft](https://raft.github.io/)
      3. [Paxos](https://example.com/paxos)
      ```
      The comment is reported: `unknown rule "list-numbring" in suppression
      comment; did you mean "list-numbering"?`.
    """

    code = "AL002"
    name = "invalid-suppression"
    summary = "Name only known rules in suppression comments"
    severity = Severity.WARNING

    def check(self, document: Document) -> Iterator[Violation]:
        yield from ()
