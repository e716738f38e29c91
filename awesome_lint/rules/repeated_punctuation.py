"""AL405 repeated-punctuation."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from ..document import Document, Span
from ..findings import Applicability, Change, Edit, Fix, Severity, Violation
from .base import Rule

_REPEATED = re.compile(r"([!?,！？，～。、])\1+")
"""Two or more of the same mark: `!!`, `??`, `,,`, `！！`, `～～`. Not `...` (an ellipsis) nor `?!`, and
not `::` or `;;`, which are C++, Perl and shell (`std::list`, `Code::Blocks`)."""


class RepeatedPunctuation(Rule):
    """What it does
      Reports a punctuation mark written twice or more in a row in prose:
      `!!`, `??`, `,,` and their full-width forms (`！！`, `？？`, `，，`, `～～`,
      `。。`, `、、`). An ellipsis (`...`), `?!`, `::` (`std::list`) and
      anything in code, URLs, HTML and link text (the title of a book or a
      video, as its author wrote it) are left alone.

    Why is this bad?
      Descriptions in a curated list are meant to inform, not to shout; a
      doubled comma or colon is usually a typo.

    Example
      ```markdown
      - [Foo](https://foo.example) - The best tool ever!!
      ```
      `!!` is reported; `--unsafe-fixes` writes one `!` (unsafe: the author
      may have meant the emphasis).

    Options
      None. It replaces the npm awesome-lint's `no-repeat-punctuation`.
    """

    code = "AL405"
    name = "repeated-punctuation"
    summary = "Write a punctuation mark once (`!` not `!!`)"
    severity = Severity.WARNING
    fixable = True
    npm = ("no-repeat-punctuation",)

    def check(self, document: Document) -> Iterator[Violation]:
        text = document.text
        if not _REPEATED.search(text):
            return
        skip = sorted(
            [(span.start, span.end) for span in document.code_spans]
            + [(link.url_span.start, link.url_span.end) for link in document.links]
            + [(link.span.start, link.span.end) for link in document.links if link.text_span is not None]
            + [(html.span.start, html.span.end) for html in document.html]
            + [(d.span.start, d.span.end) for d in document.definitions]
        )
        merged: list[tuple[int, int]] = []
        for start, end in skip:  # merged, so that one bisection finds the enclosing stretch
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        starts = [start for start, _ in merged]
        front = document.source.line_start(document.source.front_matter_lines + 1)
        for match in _REPEATED.finditer(text, front if document.source.front_matter_lines else 0):
            index = bisect_right(starts, match.start()) - 1
            if index >= 0 and match.start() < merged[index][1]:
                continue
            if _in_table_separator(text, match.start()):
                continue
            run, mark = match.group(), match.group(1)
            yield Violation(
                Span(match.start(), match.end()),
                f'"{run}": write "{mark}" once',
                Fix((Edit(match.start(), match.end(), mark),), Applicability.UNSAFE, (Change("text", run, mark),)),
            )


def _in_table_separator(text: str, offset: int) -> bool:
    """``|:--|--:|`` rows hold colons that are alignment, not punctuation."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start : len(text) if end < 0 else end].strip()
    return bool(line) and set(line) <= set("|:- \t")
