"""AL412 product-name."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ..document import Document, Span
from ..findings import Change, Edit, Fix, Severity, Violation
from .base import FORBID_EXTRA, Rule


@cache
def table() -> dict[str, str]:
    """The curated names, lower case → as their owners write them (``product_names.json``)."""
    data = json.loads(resources.files(__package__).joinpath("product_names.json").read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in data["names"].items()}


@dataclass(frozen=True)
class ProductNameOptions:
    __pydantic_config__ = FORBID_EXTRA

    extra: dict[str, str] = field(default_factory=dict)
    """More names: ``{"fastapi" = "FastAPI"}`` (the key in any case)."""
    ignore: tuple[str, ...] = ()
    """Names of the table to leave alone, in any case: ``["docker"]``."""


class ProductName(Rule):
    """What it does
      Reports product names written with the wrong capitals: `Javascript`,
      `Github`, `nodejs`, `Mongodb`, `macos` (for `JavaScript`, `GitHub`,
      `Node.js`, `MongoDB`, `macOS`), from a curated table kept as data
      (`product_names.json`). Whole words only: `javascript.` at the end of
      a sentence is found, `github.com`, `my-github-action` and `GithubClient`
      are not; words in capitals only (`IOS`, an acronym of its own) are left
      alone. Code, URLs, HTML and links are never checked: a link's text is
      the name of a project or the title of a page, as its authors write it
      (`[graphql](…)` is that project's name). A safe fix writes the name as
      its owner does.

    Why is this bad?
      A list that writes `Javascript` and `Github` looks careless, and readers
      searching for the right spelling may miss the entry.

    Example
      ```markdown
      - [Foo](https://foo.example) - A Javascript library for Github actions.
      ```
      Two findings; `--fix` writes `JavaScript` and `GitHub`.

    Options
      `extra` (table of name → spelling): names to add. `ignore` (list): names
      of the table to leave alone.
      ```toml
      [tool.awesome-lint.rules.product-name]
      extra = { fastapi = "FastAPI" }
      ignore = ["docker"]
      ```
      It replaces the npm awesome-lint's `awesome-spell-check`.
    """

    code = "AL412"
    name = "product-name"
    summary = "Write product names as their owners do (`JavaScript`, `GitHub`)"
    severity = Severity.WARNING
    fixable = True
    npm = ("awesome-spell-check",)
    Options = ProductNameOptions
    options: ProductNameOptions

    def check(self, document: Document) -> Iterator[Violation]:
        names = {**table(), **{key.lower(): value for key, value in self.options.extra.items()}}
        for word in self.options.ignore:
            names.pop(word.lower(), None)
        if not names:
            return
        pattern = _pattern(tuple(sorted(names, key=len, reverse=True)))
        text = document.text
        skip = _merged(
            [(span.start, span.end) for span in document.code_spans]
            + [(link.url_span.start, link.url_span.end) for link in document.links]
            + [(link.span.start, link.span.end) for link in document.links]
            + [(node.span.start, node.span.end) for node in document.html]
            + [(d.span.start, d.span.end) for d in document.definitions]
        )
        starts = [start for start, _ in skip]
        source = document.source
        begin = source.line_start(source.front_matter_lines + 1) if source.front_matter_lines else 0
        for match in pattern.finditer(text, begin):
            found = match.group()
            right = names[found.lower()]
            if found == right or (found.isupper() and len(found) > 1):
                continue
            index = bisect_right(starts, match.start()) - 1
            if index >= 0 and match.start() < skip[index][1]:
                continue
            yield Violation(
                Span(match.start(), match.end()),
                f'"{found}" is written "{right}"',
                Fix((Edit(match.start(), match.end(), right),), changes=(Change("text", found, right),)),
            )


@cache
def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Whole words: not inside a path, a domain, an identifier or a hyphenated name."""
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"(?<![\w./@#-])(?:{alternatives})(?![\w/@-]|\.\w)", re.IGNORECASE)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
