"""AL001 unused-suppression and AL002 invalid-suppression.

Both rules judge suppression comments, which only makes sense once every other
rule has run: their ``check`` reports nothing, and the suppression pass
(:mod:`awesome_lint.suppressions`) produces their findings when they are selected.

A near-miss of our comments is reported by AL002, so that a typo cannot pass
for a working suppression. It is an HTML comment whose first word is the
tool's name spelt ``awesome`` and ``lint`` joined by a blank, ``_``, ``-`` or
nothing (any case), then blanks, ``-``, ``_`` or ``:`` (or nothing), then a
keyword: one to three words of letters joined by blanks, ``-`` or ``_`` that,
joined by ``-``, are within an edit distance (an insertion, a deletion, a
substitution or a swap of adjacent letters each count one) of 1 from
``disable`` or ``enable``, or of 2 from the longer keywords. Of the readings,
the one of most words wins if it is at most one edit away (``disable next
line`` and ``disable nextline`` are ``disable-next-line``), else the closest
(``disable list-numbering`` is ``disable``, not ``disable-line``). The same
distance decides the did-you-mean of an unknown keyword after
``awesome-lint-``, which is ours whatever follows and always reported. Quiet: the name after another word
(``<!-- checked by awesome-lint -->``), the name alone, or followed by words
that are no such keyword (``<!-- awesome-lint: see the docs -->``, ``<!--
awesome lint rules -->``). The npm tool's ``<!--lint ...-->`` comments are not
judged so: they may be there for that tool.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

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
      known name. So is a comment that starts with the tool's name spelt
      otherwise and a keyword or a near misspelling of one
      (`<!-- awesome lint disable -->`, `<!-- awesomelint-disabled -->`).
      The unknown name or comment silences nothing. Unknown rule ids in the
      npm awesome-lint's `<!--lint ...-->` comments are ignored quietly: they
      name that tool's rules; so are comments that merely mention the tool
      (`<!-- checked by awesome-lint -->`, `<!-- awesome-lint: see the docs -->`).

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


def near_miss(name: str, rest: str, keywords: tuple[str, ...]) -> tuple[str, str] | None:
    """(the comment's first words as written, the keyword they stand for) if they are a near-miss.

    ``name`` is the tool's name as the comment spells it and ``rest`` what
    follows it up to ``-->``.
    """
    found = _keyword_words().match(rest)
    if found is None:
        return None
    words = [word for word in found.groups() if word is not None]
    best: tuple[bool, int, int, str] | None = None  # the smallest wins
    for count in range(1, len(words) + 1):
        closest = _closest("-".join(words[:count]), keywords)
        if closest is not None:
            reading = (closest[0] > 1, -count, closest[0], closest[1])
            best = reading if best is None or reading < best else best
    if best is None:
        return None
    written = name + rest[: found.end(-best[1])]
    return " ".join(written.split()), best[3]


def closest_keyword(word: str, keywords: tuple[str, ...]) -> str | None:
    """The keyword ``word`` is a typo of: within 1 edit of a short keyword, 2 of a long one."""
    closest = _closest(word, keywords)
    return closest[1] if closest else None


def _closest(word: str, keywords: tuple[str, ...]) -> tuple[int, str] | None:
    word = word.lower().replace("_", "-")
    best: tuple[int, str] | None = None
    for keyword in keywords:
        limit = 1 if len(keyword) <= len("disable") else 2
        if abs(len(word) - len(keyword)) <= limit:
            distance = _distance(word, keyword)
            if distance <= limit and (best is None or distance < best[0]):
                best = (distance, keyword)
    return best


@cache
def _keyword_words() -> re.Pattern[str]:
    """Up to three words after the name; compiled on the first near-miss candidate only."""
    return re.compile(r"[-_:\s]*([a-z]+)(?:[-_\s]+([a-z]+))?(?:[-_\s]+([a-z]+))?", re.IGNORECASE)


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance: swapping two adjacent letters is one typo, not two."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, previous = previous, current
    return previous[-1]
