"""AL407 awesome-badge."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document, Heading, Link
from ..findings import Change, Edit, Fix, Violation
from .base import Rule
from .main_heading import main_headings

BADGE = re.compile(r"https?://awesome\.re/badge(?:-flat2?)?\.svg", re.IGNORECASE)
OLD_BADGE = re.compile(
    r"https?://(?:cdn\.rawgit\.com/sindresorhus/awesome/|cdn\.jsdelivr\.net/gh/sindresorhus/awesome@|"
    r"raw\.githubusercontent\.com/sindresorhus/awesome/)[0-9a-f]+/media/badge(?:-flat2?)?\.svg",
    re.IGNORECASE,
)
"""The badge's earlier addresses (a pinned copy of the same image in the awesome repository)."""
TARGET = re.compile(r"https?://(?:awesome\.re|github\.com/sindresorhus/awesome)/?(?:[#?].*)?", re.IGNORECASE)
_HTML_BADGE = re.compile(r'<a\s[^>]*href="([^"]*)"[^>]*>\s*<img\s[^>]*src="(https?://awesome\.re/badge[^"]*)"', re.I)
MARKDOWN = "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)"


class AwesomeBadge(Rule):
    """What it does
      Checks that the main heading carries the awesome badge: an
      `awesome.re/badge.svg`, `badge-flat.svg` or `badge-flat2.svg` image
      linked to `https://awesome.re` or `https://github.com/sindresorhus/awesome`,
      in the Markdown heading or in an HTML `<h1>`.

    Why is this bad?
      The badge is how a reader knows the list belongs to the awesome family
      and how the awesome index recognises it; its guidelines ask for it next
      to the title.

    Example
      ```markdown
      # Awesome Things
      ```
      Reported: add `[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)`
      to the heading. No fix: where it goes in a heading with other badges is
      the author's choice. A badge from one of its old addresses (a pinned
      copy on `cdn.rawgit.com` or `cdn.jsdelivr.net`) is reported with a safe
      fix to `https://awesome.re/badge.svg`.

    Options
      None. It replaces the npm awesome-lint's `awesome-badge`.
    """

    code = "AL407"
    name = "awesome-badge"
    summary = "Put the awesome badge in the main heading"
    fixable = True
    list_only = True
    npm = ("awesome-badge",)

    def check(self, document: Document) -> Iterator[Violation]:
        headings = main_headings(document)
        if not headings:
            return  # main-heading reports the missing heading
        first = headings[0]
        if isinstance(first, Heading):
            images = [link for link in first.links if link.image and BADGE.fullmatch(link.url.strip("<>"))]
            old = [link for link in first.links if link.image and OLD_BADGE.fullmatch(link.url.strip("<>"))]
            if not images and old:
                image = old[0]
                url = image.url.strip("<>")
                current = "https://awesome.re/" + url.rsplit("/", 1)[-1]
                start = document.text.find(url, image.url_span.start)
                yield Violation(
                    image.url_span,
                    f"the awesome badge comes from an old address: use {current}",
                    Fix((Edit(start, start + len(url), current),), changes=(Change("url", url, current),)),
                )
                return
            if not images:
                yield Violation(first.span, f"the main heading has no awesome badge: add {MARKDOWN}")
                return
            if not any(_linked(image) for image in images):
                yield Violation(images[0].span, "link the awesome badge to https://awesome.re")
            return
        html = next((node for node in document.html if node.span.start <= first.start < node.span.end), None)
        block = html.text[first.start - html.span.start :] if html is not None else ""
        heading = block[: block.lower().find("</h1>") + 5] if "</h1>" in block.lower() else block
        badge = _HTML_BADGE.search(heading)
        if badge is None:
            yield Violation(first, f"the main heading has no awesome badge: add {MARKDOWN} (or its HTML)")
        elif not TARGET.fullmatch(badge.group(1)):
            yield Violation(first, "link the awesome badge to https://awesome.re")


def _linked(image: Link) -> bool:
    parent = image.parent
    return parent is not None and TARGET.fullmatch(parent.url.strip("<>")) is not None
