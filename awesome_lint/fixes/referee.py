"""The referee: a fix is safe only if GitHub's rendering changes exactly as the fix says it will.

Every fix carries the :class:`~awesome_lint.findings.Change` list of what it
means to change on GitHub (a list's ``start``, a link's ``href``, repaired
characters, an element removed). The referee renders the text with cmark-gfm
(:func:`~awesome_lint.document.cmark.render_html`, GitHub's own parser) before
and after the edits and compares the two HTML documents, tag by tag and text by
text, with the whitespace HTML ignores left out. A difference that no change
explains (a nested quote that became text, a code block that lost a space, a
list item that moved) makes a safe fix unsafe, with the difference as its note;
an unsafe fix keeps the note, for ``--show-fixes``.

The comparison itself is :mod:`awesome_lint.fixes.compare`.

Rules know nothing of this: the engine asks the referee about every fix the
rules propose, and ``--fix`` asks again about each round of fixes applied
together. That is what lets any rule's fix be trusted as safe.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable, Sequence

from ..findings import Applicability, Edit, Fix
from .compare import Render, render_github, rendering_change
from .edits import EditError, sorted_checked
from .select import conflicts_with_taken

__all__ = ["MAX_RENDERS", "apply_to_text", "judge", "rendering_change", "round_renders_as_meant"]


# --------------------------------------------------------------------------- judging fixes


def apply_to_text(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` applied (they must not conflict: :class:`EditError` otherwise)."""
    pieces: list[str] = []
    position = 0
    for edit in sorted_checked(edits):
        if edit.end > len(text):
            raise EditError(f"edit ends at offset {edit.end}, past the end of the text ({len(text)})")
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement.replace("\r\n", "\n").replace("\r", "\n"))
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def round_renders_as_meant(before: bytes, after: bytes, fixes: Sequence[Fix], render: Render = render_github) -> bool:
    """Whether fixes applied together (``before`` to ``after``) change the rendering only as they mean to."""
    from ..source import Source

    changes = [change for fix in fixes for change in fix.changes]
    old, new = Source.from_bytes(before, "<before>").markdown, Source.from_bytes(after, "<after>").markdown
    return rendering_change(render(old), render(new), changes, render) is None


def judge(
    text: str,
    fixes: Sequence[Fix | None],
    render: Render = render_github,
    before: str | None = None,
    as_parsed: Callable[[str], str] | None = None,
    unsafe: bool = True,
) -> list[Fix | None]:
    """The fixes again, each judged against GitHub's rendering of ``text``.

    A safe fix whose rendering differs beyond its changes becomes unsafe, with the
    difference as its note; an unsafe one keeps its applicability and gets the note.
    Fixes are judged in groups that do not conflict, each group rendered once; a group
    that fails is split in halves until the fixes at fault are found, so a file with a
    thousand good fixes costs two renderings and one bad fix among them a few more.
    ``as_parsed`` turns a text into what is rendered (front matter blanked), and ``before``
    is the rendering of ``text`` when the caller has it already. Without ``unsafe`` the unsafe
    fixes are left as they are: they are never applied without ``--unsafe-fixes``, and their
    notes only matter to ``--show-fixes``.
    """
    alone = render  # block snippets are rendered as they are, front matter and all
    if as_parsed is not None:
        render = _composed(render, as_parsed)
    out = list(fixes)
    pending = [
        index
        for index, fix in enumerate(fixes)
        if fix is not None and fix.edits and (unsafe or fix.applicability is Applicability.SAFE)
    ]
    if not pending:
        return out
    if before is None:
        before = render(text)
    budget = [MAX_RENDERS]
    for applicability in (Applicability.SAFE, Applicability.UNSAFE):
        group = [index for index in pending if fixes[index].applicability is applicability]  # type: ignore[union-attr]
        while group:
            chosen, group, broken = _compatible(group, fixes)
            failed = [(index, "its edits overlap") for index in broken]
            failed += _bisect(text, before, chosen, fixes, (render, alone), budget)
            for index, problem in failed:
                fix = fixes[index]
                assert fix is not None
                out[index] = Fix(
                    fix.edits,
                    Applicability.UNSAFE,
                    fix.changes,
                    note=f"it would change more than it means to on GitHub: {problem}",
                )
    return out


def _composed(render: Render, as_parsed: Callable[[str], str]) -> Render:
    def composed(text: str) -> str:
        return render(as_parsed(text))

    return composed


def _compatible(group: list[int], fixes: Sequence[Fix | None]) -> tuple[list[int], list[int], list[int]]:
    """The fixes of ``group`` that apply together (in order of their first edit), the others, and
    those whose own edits conflict (which never apply)."""
    chosen: list[int] = []
    rest: list[int] = []
    broken: list[int] = []
    taken: list[tuple[int, int]] = []  # sorted, pairwise free of conflicts
    for index in sorted(group, key=lambda i: min((e.start, e.end) for e in fixes[i].edits)):  # type: ignore[union-attr]
        edits = fixes[index].edits  # type: ignore[union-attr]
        try:
            own = sorted_checked(edits)
        except EditError:
            broken.append(index)
            continue
        if any(conflicts_with_taken(taken, edit) for edit in own):
            rest.append(index)
            continue
        chosen.append(index)
        for edit in own:
            insort(taken, (edit.start, edit.end))
    return chosen, rest, broken


MAX_RENDERS = 200
"""Renderings one file's fixes may take to find the ones at fault; past it, every fix of a failing
group is taken for one at fault (a file where hundreds of fixes fail is not worth the wait)."""


def _bisect(
    text: str,
    before: str,
    chosen: list[int],
    fixes: Sequence[Fix | None],
    renders: tuple[Render, Render],
    budget: list[int],
) -> list[tuple[int, str]]:
    """The fixes of ``chosen`` that fail, each with what it would change (``renders``: of the
    text, and of a block change's snippets)."""
    render, alone = renders
    if not chosen:
        return []
    if budget[0] <= 0:
        return [(index, "not judged alone: too many fixes of this file fail together") for index in chosen]
    group = [fixes[index] for index in chosen]
    edits = [edit for fix in group if fix is not None for edit in fix.edits]
    changes = [change for fix in group if fix is not None for change in fix.changes]
    budget[0] -= 1
    try:
        problem = rendering_change(before, render(apply_to_text(text, edits)), changes, alone)
    except EditError as exc:
        problem = f"its edits cannot be applied ({exc})"
    if problem is None:
        return []
    if len(chosen) == 1:
        return [(chosen[0], problem)]
    middle = len(chosen) // 2
    return _bisect(text, before, chosen[:middle], fixes, renders, budget) + _bisect(
        text, before, chosen[middle:], fixes, renders, budget
    )
