"""Suppression comments: silence findings from inside the Markdown.

Our comments (keyword case-insensitive, blanks anywhere between the parts)::

    <!-- awesome-lint-disable RULES -->            from this line to a matching enable, else the end of the file
    <!-- awesome-lint-enable RULES -->             ends those rules' disabled ranges on the line before it
    <!-- awesome-lint-disable-line RULES -->       the line(s) of the comment itself
    <!-- awesome-lint-disable-next-line RULES -->  the line after the comment's last line
    <!-- awesome-lint-disable-file RULES -->       the whole file, wherever the comment is

RULES are codes (``AL101``), code prefixes (``AL1``), names (``list-numbering``)
or ``ALL``, separated by commas and/or blanks, as ``--select`` takes them. No
RULES (or ``ALL``) means every rule except ``AL001 unused-suppression`` and
``AL002 invalid-suppression``: a comment hides problems with comments only
when it names those rules. ``enable`` after a ``disable`` of all rules
re-enables just the rules it names. A finding is silenced when its first line
lies in a disabled range for its rule; internal errors (AL000) never are.

The npm awesome-lint's comments (remark-message-control) keep working::

    <!--lint disable RULE ...-->  <!--lint enable RULE ...-->  <!--lint ignore RULE ...-->

``ignore`` silences the lines of the next block: the first block, at any depth,
that starts after the comment (for ``ignore`` before a list, the whole list).
No RULE means every rule except AL001 and AL002. Their rule ids are mapped to
ours through :func:`npm_rules`; other ids (that tool's rules we do not have,
or our own names, which that tool does not know) are ignored quietly, so a
comment naming only those silences nothing, and is never reported.

A comment is an HTML comment the Markdown parser saw as HTML (block or
inline): ``<!-- ... -->`` in a code span, a code block or the front matter is
text, not a comment.

A comment that looks meant to be one of ours but is misspelt (``<!--
awesome lint disable -->``, ``<!-- awesome_lint-disable -->``) silences
nothing and is reported as invalid; what counts as such a near-miss is defined
in :mod:`awesome_lint.rules.suppression`.

Unused and invalid comments are findings of the rules in
:mod:`awesome_lint.rules.suppression`, made here since they depend on the other
rules' findings. An ``awesome-lint-disable*`` comment is unused when a rule it
names had no finding to silence in its range; a name is only judged when every
rule it stands for ran (a rule not selected, ignored for this file or crashed
may need the comment in another run), and names of AL001 itself never are.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from functools import cache

from .document import BlockQuote, Document, ListBlock, Span, Table
from .document.nodes import Block
from .findings import Finding, Severity
from .rules import Rule, all_rules, default_rules, resolve
from .rules.suppression import InvalidSuppression, UnusedSuppression, closest_keyword, near_miss


def npm_rules() -> dict[str, str]:
    """npm awesome-lint rule ids (remark-lint's and its own) and the rule of ours that checks the same thing.

    Each rule names the ids it replaces (``Rule.npm``). Only true correspondences:
    ``double-link`` flags an entry's main link listed twice, as ``duplicate-url`` does;
    ``ordered-list-marker-value`` flags item numbers that break the list's numbering, as
    ``list-numbering`` does. The npm tool checks no empty headings, ``http://`` links or
    mojibake, so ``empty-heading``, ``insecure-url`` and ``mojibake`` have no npm id.
    """
    return {npm: rule.name for rule in all_rules() for npm in rule.npm}


META_CODES = frozenset({UnusedSuppression.code, InvalidSuppression.code})
"""Rules that a comment without a rule list does not silence."""

OURS = ("disable", "enable", "disable-line", "disable-next-line", "disable-file")
_OPENS = frozenset({"disable", "disable-line", "disable-next-line", "disable-file"})
_NEAR = "near-miss"
"""The kind of a comment that is none of ours but looks meant to be."""
_PREFIX = "awesome-lint-"
_INTERNAL_ERROR = "AL000"
"""``engine.INTERNAL_ERROR_CODE`` (the engine imports this module): never silenced."""
_END = 1 << 62
"""Past the last line: a range that runs to the end of the file."""

# One pass over each HTML node: an HTML comment that starts with one of the keywords,
# or with the tool's name spelt some other way (a possible near-miss, judged in Python).
_COMMENT = (
    r"<!--\s*(?:awesome-lint-(?P<ours>[a-z]+(?:[-_][a-z]+)*)|lint\s+(?P<npm>disable|enable|ignore)(?=\s|-->)"
    r"|(?P<near>awesome[-_\s]*lint))"
    r"(?P<rules>.*?)-->"
)
_SEPARATORS = r"[\s,]+"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Compiled on the first comment: a list without comments does not pay for it."""
    return re.compile(_COMMENT, re.IGNORECASE | re.DOTALL), re.compile(_SEPARATORS)


# Plain classes, not dataclasses: generating dataclass methods costs milliseconds at import.
class _Selector:
    """One entry of a comment's rule list (or the whole missing list), and whether it silenced anything."""

    __slots__ = ("codes", "shown", "used")

    def __init__(self, shown: str, codes: frozenset[str]) -> None:
        self.shown = shown
        """The rule's name, a prefix as written, or "" for every rule."""
        self.codes = codes
        self.used = False


class _Directive:
    __slots__ = ("first_line", "kind", "last_line", "meant", "ours", "selectors", "span", "unknown")

    def __init__(self, kind: str, ours: bool, span: Span, first_line: int, last_line: int) -> None:
        self.kind = kind
        self.ours = ours
        self.span = span
        self.first_line = first_line
        self.last_line = last_line
        self.selectors: list[_Selector] = []
        self.unknown: list[str] = []
        """Rule names of our comment that name no rule (or the misspelled keyword, for a bad kind)."""
        self.meant: str | None = None
        """For a bad kind: the keyword it probably stands for."""


class _Range:
    __slots__ = ("first", "last", "selector")

    def __init__(self, first: int, last: int, selector: _Selector) -> None:
        self.first = first
        self.last = last
        self.selector = selector


def apply_suppressions(
    document: Document,
    findings: list[Finding],
    active: Collection[str],
    severities: Mapping[str, Severity] | None = None,
) -> list[Finding]:
    """``findings`` without those silenced by comments, plus AL001/AL002 findings, sorted.

    ``active`` are the codes of the rules that ran on this document: only they
    can make a comment unused, and AL001/AL002 are reported only when active.
    ``severities`` replaces rules' default severities, as for every rule.
    """
    if not document.html:
        return findings
    directives = list(_directives(document))
    if not directives:
        return findings
    ranges = _ranges(document, directives)
    kept: list[Finding] = []
    for finding in findings:
        if not finding.pieces:
            if not _silenced(finding, ranges):
                kept.append(finding)
            continue
        # A run of items: a comment may silence some of them; the others stay, each on its own.
        loud = [piece for piece in finding.pieces if not _silenced(piece, ranges)]
        kept += [finding] if len(loud) == len(finding.pieces) else loud
    extra: list[Finding] = []
    if InvalidSuppression.code in active:
        extra += _invalid(document, directives, severities or {})
    # A crashed rule found nothing: its comments cannot be judged in this run.
    if UnusedSuppression.code in active and not any(finding.code == _INTERNAL_ERROR for finding in findings):
        extra += _unused(document, directives, frozenset(active), severities or {})
    kept += (finding for finding in extra if not _silenced(finding, ranges))
    kept.sort(key=Finding.sort_key)
    return kept


def _directives(document: Document) -> Iterator[_Directive]:
    text = document.text
    position = document.position
    every = frozenset(rule.code for rule in all_rules()) - META_CODES
    comment, separators = _patterns()
    seen: set[int] = set()
    for node in document.html:
        if "<!--" not in node.text:
            continue
        for match in comment.finditer(text, node.span.start, node.span.end):
            if match.start() in seen:  # nodes should not overlap; never judge a comment twice
                continue
            seen.add(match.start())
            span = Span(match.start(), match.end())
            first, last = position(span.start).line, position(span.end - 1).line
            if match["near"] is not None:
                near = near_miss(match["near"], match["rules"], OURS)
                if near is not None:
                    directive = _Directive(_NEAR, True, span, first, last)
                    directive.unknown.append(near[0])
                    directive.meant = near[1]
                    yield directive
                continue
            words = [word for word in separators.split(match["rules"]) if word.strip(">")]
            npm = match["npm"]
            if npm is not None:
                directive = _Directive(npm.lower(), False, span, first, last)
                _npm_selectors(directive, words, every)
            else:
                kind = match["ours"].lower()
                directive = _Directive(kind, True, span, first, last)
                if kind not in OURS:
                    directive.unknown.append(_PREFIX + match["ours"])
                    directive.meant = closest_keyword(kind, OURS)
                else:
                    _our_selectors(directive, words, every)
            yield directive


def _our_selectors(directive: _Directive, words: list[str], every: frozenset[str]) -> None:
    if not words:
        directive.selectors.append(_Selector("", every))
    for word in words:
        if word.upper() == "ALL":
            directive.selectors.append(_Selector("", every))
            continue
        try:
            rules = resolve(word)
        except KeyError:
            directive.unknown.append(word)
            continue
        directive.selectors.append(_Selector(_shown(word, rules), frozenset(rule.code for rule in rules)))


def _npm_selectors(directive: _Directive, words: list[str], every: frozenset[str]) -> None:
    if not words:
        directive.selectors.append(_Selector("", every))
    known = npm_rules()
    for word in words:
        ours = known.get(word)
        if ours is None:
            continue
        try:
            rules = resolve(ours)
        except KeyError:  # a registry without that rule (tests replace it)
            continue
        directive.selectors.append(_Selector(ours, frozenset(rule.code for rule in rules)))


def _shown(word: str, rules: list[type[Rule]]) -> str:
    """How a comment's rule is named in messages: the rule's name, or the prefix as written."""
    return rules[0].name if len(rules) == 1 else word


def _ranges(document: Document, directives: list[_Directive]) -> dict[str, list[_Range]]:
    """Each code's silenced line ranges (inclusive), with the selector that silences them."""
    ranges: dict[str, list[_Range]] = {}
    opened: dict[str, list[_Range]] = {}
    extents: list[tuple[int, int]] | None = None
    for directive in directives:
        kind = directive.kind
        if kind == "enable":
            closing: set[str] = set()
            for selector in directive.selectors:
                closing |= selector.codes if selector.shown else set(opened)
            for code in closing:
                for open_range in opened.pop(code, []):
                    open_range.last = directive.first_line - 1
            continue
        if kind == "disable":
            first, last = directive.first_line, _END
        elif kind == "disable-line":
            first, last = directive.first_line, directive.last_line
        elif kind == "disable-next-line":
            first = last = directive.last_line + 1
        elif kind == "disable-file":
            first, last = 1, _END
        elif kind == "ignore":
            if extents is None:
                extents = _block_extents(document)
            found = _next_block(extents, directive.span.end)
            if found is None:
                continue
            first, last = document.position(found[0]).line, document.position(found[1] - 1).line
        else:  # a misspelled keyword
            continue
        for selector in directive.selectors:
            for code in selector.codes:
                new = _Range(first, last, selector)
                ranges.setdefault(code, []).append(new)
                if kind == "disable":
                    opened.setdefault(code, []).append(new)
    return ranges


def _silenced(finding: Finding, ranges: dict[str, list[_Range]]) -> bool:
    silenced = False
    for candidate in ranges.get(finding.code, ()):
        if candidate.first <= finding.line <= candidate.last:
            candidate.selector.used = True
            silenced = True
    return silenced


def _block_extents(document: Document) -> list[tuple[int, int]]:
    """(start, end) offsets of every block, depth first in document order."""
    from .document.parser import iter_blocks  # the parser module is loaded only to parse

    out: list[tuple[int, int]] = []
    for block in iter_blocks(document.blocks):
        extent = _extent(block)
        if extent is not None:
            out.append(extent)
    return out


def _extent(block: Block) -> tuple[int, int] | None:
    if isinstance(block, ListBlock):
        if not block.items:
            return None
        return block.items[0].marker_span.start, max(block.items[-1].end_line_offset, block.items[0].marker_span.end)
    if isinstance(block, Table):
        if not block.rows:
            return None
        return block.rows[0].span.start, block.rows[-1].span.end
    if isinstance(block, BlockQuote):
        inner = [extent for extent in map(_extent, block.blocks) if extent is not None]
        return (inner[0][0], max(end for _, end in inner)) if inner else None
    span = block.span
    return (span.start, span.end) if span.end > span.start else None


def _next_block(extents: list[tuple[int, int]], after: int) -> tuple[int, int] | None:
    """The block that starts first at or after offset ``after`` (the outermost one on a tie)."""
    best: tuple[int, int] | None = None
    for extent in extents:
        if extent[0] >= after and (best is None or extent[0] < best[0]):
            best = extent
    return best


def _invalid(document: Document, directives: list[_Directive], severities: Mapping[str, Severity]) -> Iterator[Finding]:
    rules = all_rules()
    candidates = {rule.name: rule.name for rule in rules} | {rule.code.lower(): rule.code for rule in rules}
    for directive in directives:
        if not directive.ours:
            continue
        for word in directive.unknown:
            if directive.kind not in OURS:
                hint = f'; did you mean "{_PREFIX}{directive.meant}"?' if directive.meant else ""
                message = f'unknown suppression comment "{word}"{hint}'
            else:
                message = f'unknown rule "{word}" in suppression comment' + _did_you_mean(word, candidates)
            yield _finding(document, directive.span, InvalidSuppression, message, severities)


def _did_you_mean(word: str, candidates: dict[str, str]) -> str:
    import difflib

    close = difflib.get_close_matches(word.lower(), list(candidates), n=1)
    return f'; did you mean "{candidates[close[0]]}"?' if close else ""


def _unused(
    document: Document, directives: list[_Directive], active: frozenset[str], severities: Mapping[str, Severity]
) -> Iterator[Finding]:
    defaults = frozenset(rule.code for rule in default_rules() if not rule.online)
    online = frozenset(rule.code for rule in all_rules() if rule.online)
    for directive in directives:
        if not directive.ours or directive.kind not in _OPENS:
            continue
        unused = [
            selector
            for selector in directive.selectors
            if not selector.used
            and selector.codes
            # "every rule" is judged when the default rules ran: an opinionated rule left off is no reason
            # to keep a comment
            and (selector.codes & defaults if not selector.shown else selector.codes - online) <= active
            and (selector.codes - online if selector.shown else True)
            and UnusedSuppression.code not in selector.codes
        ]
        if not unused:
            continue
        names = list(dict.fromkeys(selector.shown for selector in unused if selector.shown))
        if any(not selector.shown for selector in unused):
            what = "no finding"
        elif len(names) == 1:
            what = f"no {names[0]} finding"
        else:
            what = f"no {', '.join(names[:-1])} or {names[-1]} finding"
        message = f"unused suppression: {what} to silence here"
        yield _finding(document, directive.span, UnusedSuppression, message, severities)


def _finding(
    document: Document, span: Span, rule: type[Rule], message: str, severities: Mapping[str, Severity]
) -> Finding:
    return Finding.at(document, span, rule.code, rule.name, severities.get(rule.code, rule.severity), message)
