"""AL402 empty-link."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document, LinkKind
from ..findings import Violation
from .base import Rule


class EmptyLink(Rule):
    """What it does
      Reports links that lead nowhere or show nothing: `[text]()` and
      `[text](<>)` (no destination), `[text](#)` (the top of the page),
      and `[](https://…)` (no text, so nothing to click). A link whose text is
      an image (a badge) has something to click and is left alone, and so are
      images themselves.

    Why is this bad?
      An empty destination is a placeholder someone forgot to fill in; a link
      without text is invisible on GitHub. Either way a reader cannot follow it.

    Example
      ```markdown
      - [Foo]() - Fast.
      - [](https://bar.example) - Small.
      ```
      Both links are reported. There is no fix: only the author knows the URL
      or the name.

    Options
      None.
    """

    code = "AL402"
    name = "empty-link"
    summary = "Give every link a destination and some text"

    def check(self, document: Document) -> Iterator[Violation]:
        for link in document.links:
            if link.image or link.kind in (LinkKind.AUTOLINK, LinkKind.BARE):
                continue
            url = link.url.strip()
            if link.kind is LinkKind.INLINE and url in ("", "<>"):
                yield Violation(link.span, f'empty link destination: "[{_short(link.text)}]()" goes nowhere')
            elif url == "#":
                where = f'link "[{_short(link.text)}](#)"'
                yield Violation(link.span, f"{where} goes to the top of the page: link a section")
            elif not link.text.strip() and not any(inner.parent is link for inner in document.links):
                yield Violation(link.span, "link without text: GitHub shows nothing to click")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"
