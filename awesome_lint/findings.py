"""What rules report, and what every output format renders."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .document.nodes import Span


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Violation:
    """What a rule yields: where and what. The engine adds the rule's identity and positions."""

    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place, as users and machines read it (positions are 1-based, ends inclusive).

    A plain dataclass: a large list makes thousands, and importing pydantic costs
    more than a whole small lint run. The JSON report validates and serialises
    it with pydantic, which understands dataclasses.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    rule: str
    severity: Severity
    message: str
    fixable: bool = False

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)
