"""AL410 broken-anchor."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from difflib import get_close_matches
from urllib.parse import unquote

from ..document import Document
from ..findings import Applicability, Change, Edit, Fix, Violation
from .base import Rule

_BACKSLASH = re.compile(r"\\([!-/:-@\[-`{-~])")


class BrokenAnchor(Rule):
    """What it does
      Reports links to a `#section` of the same document that no heading has:
      `[Tools](#tool)` when the heading is `## Tools`. Anchors are computed as
      GitHub computes them (lower case, punctuation and emoji dropped, spaces
      to `-`, `-1`, `-2` for repeated headings, letters of every script kept);
      `id` and `name` attributes written in HTML count too. When one anchor is
      close, the message names it and `--unsafe-fixes` links it.

    Why is this bad?
      A broken anchor leaves the reader at the top of the page, usually after
      a heading was renamed and the table of contents was not.

    Example
      ```markdown
      - [Editors](#editor)

      ## Editors
      ```
      Reported: `no heading has the anchor "#editor"; did you mean "#editors"?`

    Options
      None.
    """

    code = "AL410"
    name = "broken-anchor"
    summary = "Link only to sections that exist"
    fixable = True

    def check(self, document: Document) -> Iterator[Violation]:
        anchors = document.anchors
        folded = {anchor.casefold() for anchor in anchors}
        for link in document.links:
            url = link.url.strip("<>")
            if not url.startswith("#") or url == "#" or link.image:
                continue
            target = unquote(html.unescape(_BACKSLASH.sub(r"\1", url[1:])))
            if target in anchors or target.casefold() in folded or target.startswith("user-content-"):
                continue
            close = get_close_matches(target.casefold(), list(anchors), n=1, cutoff=0.75)
            message = f'no heading has the anchor "{url}"'
            fix = None
            if close:
                message += f'; did you mean "#{close[0]}"?'
                start = document.text.find(url, link.url_span.start)
                if start >= 0:
                    # Unsafe: the closest heading may not be the one the link meant.
                    fix = Fix(
                        (Edit(start, start + len(url), "#" + close[0]),),
                        Applicability.UNSAFE,
                        (Change("url", url, "#" + close[0]),),
                    )
            yield Violation(link.url_span, message, fix)
