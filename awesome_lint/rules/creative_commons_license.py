"""AL418 creative-commons-license."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document
from ..findings import Severity, Violation
from ..project import Project
from ._repository import LICENSES, first_line
from .base import Rule

_CREATIVE_COMMONS = re.compile(r"creative\s+commons|creativecommons\.org|\bCC0\b|\bCC[- ]BY\b", re.IGNORECASE)
"""Every Creative Commons legal code names itself and links creativecommons.org; a short file that
only says "CC0" or "CC-BY-4.0" counts too."""
_NAMED = (
    ("MIT License", re.compile(r"\bMIT License\b|Permission is hereby granted, free of charge", re.IGNORECASE)),
    ("Apache License", re.compile(r"Apache License", re.IGNORECASE)),
    ("GNU General Public License", re.compile(r"GNU (?:AFFERO |LESSER )?GENERAL PUBLIC LICENSE", re.IGNORECASE)),
    ("BSD licence", re.compile(r"Redistribution and use in source and binary forms", re.IGNORECASE)),
    ("Unlicense", re.compile(r"This is free and unencumbered software", re.IGNORECASE)),
)


class CreativeCommonsLicense(Rule):
    """What it does
      Warns when the list's licence file is not a Creative Commons licence:
      an MIT, Apache, GPL, BSD or other software licence. The finding is on
      the list's first line and names the licence it recognised.

    Why is this bad?
      A list is content, not code: software licences speak of "the Software"
      and its source code, which a list has none of. The awesome guidelines
      ask for a Creative Commons licence, CC0 preferably.

    Example
      A `LICENSE` holding the MIT License: `LICENSE is the MIT License, not a
      Creative Commons licence: awesome lists use CC0-1.0 or CC-BY-4.0`.

    Options
      None. A warning: a list may have reasons for its licence.
    """

    code = "AL418"
    name = "creative-commons-license"
    summary = "License the list under Creative Commons"
    severity = Severity.WARNING
    list_only = True
    needs_project = True

    def check_project(self, document: Document, project: Project) -> Iterator[Violation]:
        found = project.find(LICENSES)
        if found is None:
            return  # license-file reports that
        text = project.read_text(found) or ""
        if not text.strip() or _CREATIVE_COMMONS.search(text):
            return
        known = next((name for name, pattern in _NAMED if pattern.search(text)), None)
        what = f"the {known}" if known else "a licence"
        yield Violation(
            first_line(document),
            f"{found} is {what}, not a Creative Commons licence: awesome lists use CC0-1.0 or CC-BY-4.0",
        )
