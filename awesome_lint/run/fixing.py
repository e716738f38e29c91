"""``--fix`` and ``--diff`` for one file: fix until stable, then write (or diff) and report what is left.

Fixes are applied to the original bytes (BOM, line endings and every untouched
byte kept), each round judged against GitHub's rendering, and written
atomically, never over a file that changed on disk since it was read
(:mod:`awesome_lint.fixes`).
"""

from __future__ import annotations

from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..engine import Linter
    from ..findings import FileResult, Fix
    from .jobs import Job


def fix_job(linter: Linter, job: Job, *, write: bool, unsafe: bool) -> FileResult:
    from ..fixes.diff import unified_diff
    from ..fixes.referee import round_renders_as_meant
    from ..fixes.select import fix_until_stable
    from ..fixes.write import FileChangedError, write_atomic

    def lint(content: bytes) -> FileResult:  # each version of the file sees the repository afresh
        return linter.lint_bytes(content, job.display, linter.project_for(job.path))

    first = lint(job.data)
    if first.error is not None or first.internal_error:
        return first
    scope = job.scope

    def fixes(content: bytes) -> list[tuple[str, Fix]]:
        result = first if content is job.data else lint(content)
        found = result.findings
        if scope is not None:
            found = [finding for finding in found if scope.place(finding) is not None]
        return [(finding.code, finding.fix) for finding in found if finding.fix is not None]

    applied: list[Fix] = []
    # In changed-lines mode one round: later rounds would need the scope carried through the edits.
    rounds = 1 if scope is not None else 10
    fixed_data, codes, _ = fix_until_stable(
        job.data, job.display, fixes, unsafe=unsafe, max_rounds=rounds, check=round_renders_as_meant, applied=applied
    )
    result = first if fixed_data is job.data else lint(fixed_data)
    result.fixed = codes
    result.changes = [_described(code, fix) for code, fix in zip(codes, applied, strict=True)]
    if not write:
        result.diff = unified_diff(job.data, fixed_data, job.display)
    elif job.path is None or job.buffer:
        result.fixed_data = fixed_data
    elif fixed_data != job.data:
        assert job.stamp is not None
        try:
            write_atomic(Path(job.path), fixed_data, job.stamp)
        except FileChangedError as exc:
            return _unfixed(first, str(exc))
        except OSError as exc:
            return _unfixed(first, f"cannot write the fixed file: {exc.strerror or exc}")
    return result


def _unfixed(first: FileResult, error: str) -> FileResult:
    """The findings as they were before fixing, next to why the fixes were not written."""
    first.error = error
    first.fixed = []
    return first


def _described(code: str, fix: Fix) -> str:
    """``AL202: the link goes to https://… instead of http://…``: what the fix changed on GitHub."""
    return f"{code}: {fix.describe()}"
