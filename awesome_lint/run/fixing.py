"""``--fix`` and ``--diff`` for one file: fix until stable, then write (or diff) and report what is left.

Fixes are applied to the original bytes (BOM, line endings and every untouched
byte kept) and written atomically, never over a file that changed on disk
since it was read (:mod:`awesome_lint.fixer`).
"""

from __future__ import annotations

from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..engine import Linter
    from ..findings import FileResult, Fix
    from .jobs import Job


def fix_job(linter: Linter, job: Job, *, write: bool, unsafe: bool) -> FileResult:
    from ..findings import FileResult
    from ..fixer import FileChangedError, fix_until_stable, write_atomic

    first = linter.lint_bytes(job.data, job.display)
    if first.error is not None or first.internal_error:
        return first

    def fixes(content: bytes) -> list[tuple[str, Fix]]:
        result = first if content is job.data else linter.lint_bytes(content, job.display)
        return [(finding.code, finding.fix) for finding in result.findings if finding.fix is not None]

    fixed_data, codes, _ = fix_until_stable(job.data, job.display, fixes, unsafe=unsafe)
    result = first if fixed_data is job.data else linter.lint_bytes(fixed_data, job.display)
    result.fixed = codes
    if not write:
        result.diff = unified_diff(job.data, fixed_data, job.display)
    elif job.path is None:
        result.fixed_data = fixed_data
    elif fixed_data != job.data:
        assert job.stamp is not None
        try:
            write_atomic(Path(job.path), fixed_data, job.stamp)
        except FileChangedError as exc:
            return FileResult(job.display, error=str(exc))
        except OSError as exc:
            return FileResult(job.display, error=f"cannot write the fixed file: {exc.strerror or exc}")
    return result


def unified_diff(before: bytes, after: bytes, path: str) -> str:
    import difflib

    if before == after:
        return ""
    old = before.decode("utf-8", "surrogateescape").split("\n")
    new = after.decode("utf-8", "surrogateescape").split("\n")
    lines = difflib.unified_diff(old, new, f"a/{path}", f"b/{path}", lineterm="")
    return "".join(line + "\n" for line in lines)
