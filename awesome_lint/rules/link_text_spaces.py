"""AL403 link-text-spaces."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document, LinkKind, Span
from ..findings import Applicability, Change, Edit, Fix, Severity, Violation
from .base import Rule

_BLANK = " \t"


class LinkTextSpaces(Rule):
    """What it does
      Reports spaces just inside the brackets of a link's text:
      `[ Supporting 200 Billion Records ](https://…)`. `--fix` removes them
      (a safe fix: GitHub renders the same link with the same words, without
      the underlined blanks).

    Why is this bad?
      GitHub underlines the spaces as part of the link, so the entry looks
      misaligned next to its neighbours; it is usually a copy-paste leftover.

    Example
      ```markdown
      - [ Foo ](https://foo.example) - Fast.
      ```
      Use instead `- [Foo](https://foo.example) - Fast.`

    Options
      None.
    """

    code = "AL403"
    name = "link-text-spaces"
    summary = "Write link text without spaces inside the brackets"
    severity = Severity.WARNING
    fixable = True

    def check(self, document: Document) -> Iterator[Violation]:
        text = document.text
        for link in document.links:
            label = link.text_span
            if label is None or link.image or link.kind not in (LinkKind.INLINE, LinkKind.REFERENCE):
                continue
            inside = text[label.start : label.end]
            stripped = inside.strip(_BLANK)
            if not stripped or stripped == inside or "\n" in inside:
                continue
            lead = len(inside) - len(inside.lstrip(_BLANK))
            trail = len(inside) - len(inside.rstrip(_BLANK))
            edits = []
            if lead:
                edits.append(Edit(label.start, label.start + lead, ""))
            if trail:
                edits.append(Edit(label.end - trail, label.end, ""))
            where = "start and end" if lead and trail else "start" if lead else "end"
            # Around markup the space is a text node of its own: more than the words change.
            applicability = Applicability.UNSAFE if any(char in stripped for char in "*_`[<") else Applicability.SAFE
            yield Violation(
                Span(label.start, label.end),
                f'spaces at the {where} of the link text "[{_short(inside)}]": GitHub underlines them',
                Fix(tuple(edits), applicability, (Change("text", inside, stripped),)),
            )


def _short(text: str) -> str:
    """The text, or its two ends around "…": the spaces are at the ends."""
    return text if len(text) <= 50 else text[:24] + "…" + text[-24:]
