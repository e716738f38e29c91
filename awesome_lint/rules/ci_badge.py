"""AL408 no-ci-badge."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document
from ..findings import Violation
from .base import Rule

CI = re.compile(
    r"https?://(?:[\w.-]+\.)?(?:travis-ci\.(?:org|com)|circleci\.com|ci\.appveyor\.com|dl\.circleci\.com)/"
    r"|https?://github\.com/[^/\s]+/[^/\s]+/(?:actions/)?workflows/[^\s]*badge\.svg"
    r"|https?://img\.shields\.io/(?:travis|circleci|appveyor|github/(?:actions/)?workflow)/",
    re.IGNORECASE,
)
_BUILD = re.compile(r"\bbuild(?: status| passing)?\b", re.IGNORECASE)


class NoCiBadge(Rule):
    """What it does
      Reports CI badges in the list: Travis, CircleCI, AppVeyor and GitHub
      Actions status images (and shields.io's versions of them), or any image
      whose text says "build status".

    Why is this bad?
      A list is content, not a build: a CI badge tells a reader nothing about
      the entries, and the awesome guidelines ask lists to leave them out.

    Example
      ```markdown
      # Awesome Things [![Build Status](https://travis-ci.org/me/things.svg)](https://travis-ci.org/me/things)
      ```
      The badge is reported. No fix: removing an image is the author's call.

    Options
      None. It replaces the npm awesome-lint's `awesome-no-ci-badge`.
    """

    code = "AL408"
    name = "no-ci-badge"
    summary = "Leave CI badges out of the list"
    list_only = True
    npm = ("awesome-no-ci-badge",)

    def check(self, document: Document) -> Iterator[Violation]:
        for link in document.links:
            if not link.image:
                continue
            url = link.url.strip("<>")
            if CI.match(url) or (link.text and _BUILD.fullmatch(link.text.strip())):
                where = link.parent if link.parent is not None else link
                shown = link.text or (url if len(url) <= 60 else url[:59] + "…")
                yield Violation(where.span, f'a CI badge ("{shown}"): a list is no build, leave it out')
