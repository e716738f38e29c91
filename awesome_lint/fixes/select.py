"""Choosing fixes that do not conflict, and fixing until the text is stable."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable

from ..findings import Applicability, Edit, Fix
from .edits import EditError, apply_edits, edits_conflict, sorted_checked


def _first_edit(fix: Fix) -> tuple[int, int]:
    return min((edit.start, edit.end) for edit in fix.edits)


def select_fixes_with_codes(fixes: Iterable[tuple[str, Fix]], unsafe: bool) -> list[tuple[str, Fix]]:
    """Like :func:`select_fixes`, keeping each accepted fix's rule code."""
    candidates = [(code, fix) for code, fix in fixes if fix.edits]
    # sorted() is stable: equal positions and codes keep the order they were given in.
    candidates.sort(key=lambda pair: (_first_edit(pair[1]), pair[0]))
    accepted: list[tuple[str, Fix]] = []
    taken: list[tuple[int, int]] = []  # the accepted edits' spans, sorted; pairwise free of conflicts
    for code, fix in candidates:
        if fix.applicability is Applicability.UNSAFE and not unsafe:
            continue
        try:
            own = sorted_checked(fix.edits)
        except EditError:
            continue  # a fix whose own edits conflict cannot be applied
        if any(conflicts_with_taken(taken, edit) for edit in own):
            continue
        for edit in own:
            taken.insert(bisect_left(taken, (edit.start, edit.end)), (edit.start, edit.end))
        accepted.append((code, fix))
    return accepted


def conflicts_with_taken(taken: list[tuple[int, int]], edit: Edit) -> bool:
    """Whether ``edit`` conflicts with one of ``taken``.

    ``taken`` is sorted and free of conflicts, so its ends never decrease: only the
    neighbours on either side of where ``edit`` would be inserted can conflict with it.
    """
    index = bisect_left(taken, (edit.start, edit.end))
    for neighbour in taken[max(index - 1, 0) : index + 1]:
        if edits_conflict(Edit(neighbour[0], neighbour[1], ""), edit):
            return True
    return False


def select_fixes(fixes: Iterable[tuple[str, Fix]], unsafe: bool) -> list[Fix]:
    """The fixes to apply together this round, chosen deterministically.

    ``fixes`` are ``(rule code, fix)`` pairs. They are taken in order of their
    first edit (lowest start, then lowest end), ties broken by rule code, then
    by the order given. Unsafe fixes are skipped unless ``unsafe``; a fix is
    skipped if one of its edits conflicts (:func:`edits_conflict`) with an edit
    of a fix already accepted, or if its own edits conflict with each other;
    fixes without edits are skipped. The caller applies the accepted fixes,
    lints again and repeats: skipped fixes get their turn in a later round.
    """
    return [fix for _, fix in select_fixes_with_codes(fixes, unsafe)]


def fix_until_stable(
    data: bytes,
    path: str,
    lint: Callable[[bytes], list[tuple[str, Fix]]],
    unsafe: bool,
    max_rounds: int = 10,
    *,
    check: Callable[[bytes, bytes, list[Fix]], bool] | None = None,
    applied: list[Fix] | None = None,
) -> tuple[bytes, list[str], int]:
    """Apply fixes, lint again, repeat until nothing changes, for at most ``max_rounds`` rounds.

    ``lint`` returns the ``(rule code, fix)`` pairs for some bytes. Each round
    applies the fixes :func:`select_fixes` accepts. It stops when no fix
    applies or the bytes stop changing, or after ``max_rounds`` rounds.

    Returns the final bytes, the code of each applied fix (in order, one per
    fix), and the number of rounds that changed the bytes. A count equal to
    ``max_rounds`` means the bound was reached and fixes may not have
    converged (rules undoing each other): the caller's final lint shows what
    is left. When a round's fixes cannot be applied together (:class:`EditError`:
    one of them would, say, fuse a lone CR and an LF into one line ending), the
    fixes that cannot apply even alone are left out and the others applied.
    ``path`` names the file for the caller's benefit; ``lint`` closes over it.

    ``check(before, after, fixes)`` judges a round of several safe fixes applied
    together (each was judged alone when it was proposed): when it says no, the
    round applies only its first fix. ``applied`` receives each applied fix, in
    the order of the codes.
    """
    codes: list[str] = []
    rounds = 0
    while rounds < max_rounds:
        accepted = select_fixes_with_codes(lint(data), unsafe)
        if not accepted:
            break
        try:
            fixed = apply_edits(data, [edit for _, fix in accepted for edit in fix.edits])
        except EditError:
            accepted = [(code, fix) for code, fix in accepted if _applies(data, fix)]
            try:
                fixed = apply_edits(data, [edit for _, fix in accepted for edit in fix.edits])
            except EditError:
                fixed, accepted = _first_applicable(data, accepted)
        if (
            check is not None
            and len(accepted) > 1
            and all(fix.applicability is Applicability.SAFE for _, fix in accepted)
            and not check(data, fixed, [fix for _, fix in accepted])
        ):
            fixed, accepted = _first_applicable(data, accepted[:1])
        if fixed == data:
            break
        data = fixed
        codes.extend(code for code, _ in accepted)
        if applied is not None:
            applied.extend(fix for _, fix in accepted)
        rounds += 1
    return data, codes, rounds


def _applies(data: bytes, fix: Fix) -> bool:
    try:
        apply_edits(data, fix.edits)
    except EditError:
        return False
    return True


def _first_applicable(data: bytes, accepted: list[tuple[str, Fix]]) -> tuple[bytes, list[tuple[str, Fix]]]:
    for code, fix in accepted:
        try:
            return apply_edits(data, fix.edits), [(code, fix)]
        except EditError:
            continue
    return data, []

