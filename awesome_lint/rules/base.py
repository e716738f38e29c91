"""What a rule is: metadata next to the code that checks.

A rule module defines one subclass of :class:`Rule`; defining it registers it,
so adding a rule means adding one module (and its test module), nothing else.
The class docstring is the rule's long explanation, shown by the command line
and the README.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from ..document import Document
from ..findings import Severity, Violation

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..document import Span
    from ..online.answers import OnlineClient, Request
    from ..project import Project

_CODE = re.compile(r"AL\d{3}")
_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")

REGISTRY: dict[str, type[Rule]] = {}
"""Every known rule class, by code."""

DOCS_URL = "https://github.com/awesome-lint/awesome-lint/blob/main/docs/rules.md"
"""The page that documents every rule (``awesome-lint rules --output-format docs`` writes it)."""

_NOT_IN_ANCHOR = re.compile(r"[^\w\- ]")


def heading_anchor(heading: str) -> str:
    """The id GitHub gives a heading, so that a link can point into a rendered Markdown page.

    GitHub lowercases the text, drops every character that is not a letter, a digit, a space, a
    hyphen or an underscore, and turns spaces into hyphens (a repeated heading gets a ``-1``
    suffix, which the rules' headings never need: codes and names are unique).
    """
    return _NOT_IN_ANCHOR.sub("", heading.lower()).replace(" ", "-")


FORBID_EXTRA = {"extra": "forbid"}
"""Set as ``__pydantic_config__`` on an options dataclass: an unknown key is an error, not ignored."""


@dataclass(frozen=True)
class NoOptions:
    """A rule without options."""

    __pydantic_config__ = FORBID_EXTRA


class Rule:
    """Base class of all rules (not a rule itself)."""

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    """One line, imperative, shown in rule listings."""
    severity: ClassVar[Severity] = Severity.ERROR
    fixable: ClassVar[bool] = False
    list_only: ClassVar[bool] = False
    """Checks an awesome list's conventions: runs only on the files ``list-files`` names (readmes)."""
    npm: ClassVar[tuple[str, ...]] = ()
    """The npm awesome-lint rule ids it replaces: their suppression comments silence this rule."""
    needs_project: ClassVar[bool] = False
    """Checks the repository around the file: the engine calls :meth:`check_project` with a read-only
    view of it instead of :meth:`check`, and skips the rule where there is no repository (standard input)."""
    default: ClassVar[bool] = True
    """False for an opinionated rule that runs only when selected by name, code or prefix (or ``ALL``)."""
    online: ClassVar[bool] = False
    """Needs answers from the network: runs only in an online run (``--online``), where the engine
    calls :meth:`requests`, has them checked, then calls :meth:`check_online`. A rule that is not
    online may still define both, to do better online (insecure-url verifies HTTPS)."""
    selectable: ClassVar[bool] = True
    """False for AL000 internal-error: documented like a rule, but always on and never run as one."""
    Options: ClassVar[type[Any]] = NoOptions
    """A frozen dataclass of the rule's settings (``[tool.awesome-lint.rules.NAME]``), every field
    with a default. A dataclass, not a pydantic model, so that start-up does not import pydantic;
    the configuration loader validates it with pydantic when a configuration file exists."""

    def __init__(self, options: Any = None) -> None:
        self.options = options if options is not None else self.Options()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if inspect.isabstract(cls) or "code" not in cls.__dict__:
            return
        if not _CODE.fullmatch(cls.code):
            raise ValueError(f"{cls.__name__}: rule code {cls.code!r} is not AL and three digits")
        if not _NAME.fullmatch(cls.name):
            raise ValueError(f"{cls.__name__}: rule name {cls.name!r} is not kebab-case")
        for other in REGISTRY.values():
            if other.code == cls.code or other.name == cls.name:
                if other.__qualname__ == cls.__qualname__ and other.__module__ == cls.__module__:
                    break  # the same module imported again
                raise ValueError(f"{cls.__name__}: {cls.code} {cls.name} clashes with {other.__name__}")
        if not cls.__doc__ or not cls.summary:
            raise ValueError(f"{cls.__name__}: a rule needs a summary and a docstring explanation")
        REGISTRY[cls.code] = cls

    @classmethod
    def explanation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def heading(cls) -> str:
        """The rule's heading in docs/rules.md, which :meth:`url` points at."""
        return f"{cls.code} {cls.name}"

    @classmethod
    def url(cls) -> str:
        """Where the rule is documented: editors and SARIF viewers link each finding to it."""
        return f"{DOCS_URL}#{heading_anchor(cls.heading())}"

    def check(self, document: Document) -> Iterator[Violation]:
        raise NotImplementedError

    def check_project(self, document: Document, project: Project) -> Iterator[Violation]:
        raise NotImplementedError

    def requests(self, document: Document, client: OnlineClient) -> Iterator[tuple[Request, Span]]:
        """What an online run should check for this document, each with the span it is for (the
        changed-lines mode checks only what is on changed lines). ``client`` holds no answers yet."""
        return iter(())

    def check_online(self, document: Document, client: OnlineClient) -> Iterator[Violation]:
        """The findings with the answers of the checks in ``client``."""
        return self.check(document)

    @classmethod
    def asks_online(cls) -> bool:
        """Whether the rule has anything to ask the network."""
        return cls.requests is not Rule.requests
