"""AL415 broken-relative-link."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote

from ..document import Document
from ..findings import Applicability, Change, Edit, Fix, Violation
from ..project import Project
from .base import Rule
from .malformed_url import problem

_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_BACKSLASH = re.compile(r"\\([!-/:-@\[-`{-~])")
_HOST = re.compile(r"(?:www\.)?(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|app|co|me|ai)(?:/|$)", re.IGNORECASE)
"""A path that starts like a host name: a web address written without its scheme, which GitHub
takes for a file in the repository (malformed-url reports those it is sure of: ``github.com/x``;
a missing ``logo.ai`` or ``example.me`` gets the hint)."""


class BrokenRelativeLink(Rule):
    """What it does
      Reports a relative link or image whose file does not exist in the
      repository: `[Guide](docs/guide.md)`, `![Logo](media/logo.svg)`. Paths
      are resolved as GitHub resolves them: from the linking file's folder, or
      from the repository's root for `/path`, with `#section` and `?query` set
      aside and percent-escapes decoded. The spelling must match exactly, as
      on GitHub; when only the case differs, the message names the file and
      `--fix` writes its spelling. Links that leave the repository
      (`../../issues`, which GitHub turns into the repository's issues page)
      are not checked, nor are web addresses written without their scheme
      (`github.com/owner/repo`), which malformed-url reports.

    Why is this bad?
      GitHub shows a 404 page for the link; it usually means a file was
      renamed or moved and the list was not updated.

    Example
      ```markdown
      Read the [contribution guidelines](Contributing.md) first.
      ```
      With `contributing.md` in the repository: `"Contributing.md" does not
      exist; the file is spelt "contributing.md"`, fixed to `contributing.md`.

    Options
      None.
    """

    code = "AL415"
    name = "broken-relative-link"
    summary = "Link only to files that exist in the repository"
    fixable = True
    needs_project = True

    def check_project(self, document: Document, project: Project) -> Iterator[Violation]:
        here = posixpath.dirname(project.document)
        seen: set[int] = set()
        for link in document.links:
            url = link.url.strip("<>")
            if not url or url.startswith(("#", "?", "//")) or _SCHEME.match(url):
                continue
            if problem(link.url) is not None:
                continue  # malformed-url's (github.com/x, http//x): one finding is enough
            if link.url_span.start in seen:  # a reference definition, used twice: reported once
                continue
            seen.add(link.url_span.start)
            path = unquote(html.unescape(_BACKSLASH.sub(r"\1", re.split(r"[#?]", url, maxsplit=1)[0])))
            if not path:
                continue
            target = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(here, path))
            if target == ".." or target.startswith("../"):
                continue  # outside the repository: on GitHub, a page such as ../../issues
            if project.kind("" if target == "." else target) is not None:
                continue
            spelt = project.respelt(target)
            written = re.split(r"[#?]", url, maxsplit=1)[0]
            if spelt is None:
                hint = "; a web address needs https:// in front" if _HOST.match(path) else ""
                yield Violation(link.url_span, f'"{written}" does not exist in the repository{hint}')
                continue
            fix = None
            corrected = _respelt(written, target, spelt)
            start = document.text.find(written, link.url_span.start, link.url_span.end)
            if corrected is not None and start >= 0:
                fix = Fix(
                    (Edit(start, start + len(written), corrected),),
                    Applicability.SAFE,
                    (Change("url", written, corrected),),
                )
            yield Violation(
                link.url_span, f'"{written}" does not exist; the file is spelt "{posixpath.basename(spelt)}"', fix
            )


def _respelt(written: str, target: str, spelt: str) -> str | None:
    """``written`` with the parts whose case differs from ``spelt`` respelt; None when the link is
    written with escapes or dots that make the parts not line up."""
    if "%" in written or "\\" in written or "&" in written:
        return None
    old_parts, new_parts = target.split("/"), spelt.split("/")
    parts = written.split("/")
    # the written link's last parts are the target's last parts (what ../ and ./ resolved)
    tail = [part for part in parts if part not in ("", ".", "..")]
    if len(tail) > len(old_parts) or [p.casefold() for p in tail] != [p.casefold() for p in old_parts[-len(tail) :]]:
        return None
    replacements = iter(new_parts[len(new_parts) - len(tail) :])
    return "/".join(next(replacements) if part not in ("", ".", "..") else part for part in parts)
