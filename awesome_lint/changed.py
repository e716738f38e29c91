"""Changed-lines mode: which lines a branch added or changed, from git.

A pull request is judged on its own lines: the lines that differ between the
merge base of a ref and HEAD, plus uncommitted changes and untracked files
(``git diff MERGE_BASE`` compares the working tree with the merge base).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable

from .errors import ChangedLinesError
from .records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .findings import Finding

_HUNK = re.compile(r"@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", '"': '"', "\\": "\\"}


class ChangedLines:
    """Lines added or changed since the merge base of ``base`` and HEAD, by real file path."""

    def __init__(self, base: str, cwd: str = ".") -> None:
        self.root = _git(["rev-parse", "--show-toplevel"], cwd, "not inside a git repository").strip()
        merge_base = _git(
            ["merge-base", base, "HEAD"],
            cwd,
            f"cannot find the merge base of {base!r} and HEAD: is {base!r} a branch, tag or commit "
            "of this repository (in CI, fetch it first)?",
        ).strip()
        diff = _git(
            [
                "-c",
                "core.quotePath=false",
                "diff",
                "--no-color",
                "--no-ext-diff",
                "--find-renames",
                "-U0",
                merge_base,
                "--",
            ],
            self.root,
            "git diff failed",
        )
        self.lines: dict[str, set[int]] = {}
        self.deletions: dict[str, set[int]] = {}
        """Per file, the line that now follows lines the branch deleted."""
        current: set[int] | None = None
        deleted: set[int] | None = None
        for line in diff.split("\n"):
            if line.startswith("+++ "):
                target = line[4:]
                current = None
                if target != "/dev/null":
                    path = _unquote(target)
                    path = path[2:] if path.startswith("b/") else path
                    current = self.lines.setdefault(self._key(path), set())
                    deleted = self.deletions.setdefault(self._key(path), set())
            elif line.startswith("@@") and current is not None and deleted is not None:
                match = _HUNK.match(line)
                if match:
                    start, count = int(match[1]), int(match[2] if match[2] is not None else 1)
                    current.update(range(start, start + count))
                    if count == 0:  # lines removed after line ``start``
                        deleted.add(start + 1)
        untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], self.root, "git ls-files failed")
        self.untracked = {self._key(path) for path in untracked.split("\0") if path}

    def _key(self, relative: str) -> str:
        return os.path.realpath(os.path.join(self.root, relative))

    def scope(self, path: str) -> Scope | None:
        """The lines of ``path`` a finding must touch to be reported; None when the whole file is new."""
        key = os.path.realpath(path)
        if key in self.untracked:
            return None
        return Scope(frozenset(self.lines.get(key, ())), frozenset(self.deletions.get(key, ())))

    def changed(self, path: str, lines: Iterable[int]) -> bool:
        """Whether any of ``lines`` of ``path`` is new."""
        key = os.path.realpath(path)
        if key in self.untracked:
            return True
        changed = self.lines.get(key)
        return changed is not None and any(line in changed for line in lines)


class Scope(Record):
    """The lines of one file that a branch changed, and the lines that follow lines it deleted."""

    __slots__ = ("lines", "after_deletions")

    def __init__(self, lines: frozenset[int], after_deletions: frozenset[int] = frozenset()) -> None:
        self.lines = lines
        self.after_deletions = after_deletions

    def place(self, finding: Finding) -> int | None:
        """The line to report ``finding`` at, or None when the branch did not cause it.

        A finding on a changed line stays where it is. A finding about a structure (a
        list whose numbering broke) is also caused by a change anywhere in the structure
        before its own last line, an item inserted, removed or moved: it is reported at
        the last such change.
        """
        own = range(finding.line, finding.end_line + 1)
        if any(line in self.lines for line in own):
            return finding.line
        if finding.context is None:
            return None
        first = finding.context[0]
        causes = [line for line in self.lines if first <= line <= finding.end_line]
        causes += [line for line in self.after_deletions if first < line <= finding.end_line]
        return max(causes) if causes else None


class ChangedLinesIndex:
    """Changed lines of files in any repository: each file is judged against its own repository.

    A run may name files of several checkouts, or run from outside the one it lints,
    so the repository is found from each file's folder, not from the current directory.
    """

    def __init__(self, base: str) -> None:
        self.base = base
        self._by_folder: dict[str, ChangedLines] = {}
        self._by_root: dict[str, ChangedLines] = {}

    def for_file(self, path: str) -> ChangedLines:
        """The changed lines of the repository holding ``path``; :class:`ChangedLinesError` outside one."""
        folder = os.path.dirname(os.path.abspath(path))
        found = self._by_folder.get(folder)
        if found is None:
            try:
                root = _git(["rev-parse", "--show-toplevel"], folder, "not inside a git repository").strip()
            except ChangedLinesError as exc:
                raise ChangedLinesError(f"{path}: {exc}") from None
            found = self._by_root.get(root)
            if found is None:
                found = self._by_root[root] = ChangedLines(self.base, root)
            self._by_folder[folder] = found
        return found

    def changed(self, path: str, lines: Iterable[int]) -> bool:
        return self.for_file(path).changed(path, lines)

    def scope(self, path: str) -> Scope | None:
        return self.for_file(path).scope(path)


def _git(args: list[str], cwd: str, failure: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="surrogateescape"
        )
    except FileNotFoundError:
        raise ChangedLinesError("git is not installed, and changed-lines mode needs it") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise ChangedLinesError(f"{failure} (git: {detail[-1] if detail else 'exit ' + str(done.returncode)})")
    return done.stdout


def _unquote(path: str) -> str:
    """Undo git's C-style quoting of unusual paths (``"a\\tb"``)."""
    if not (path.startswith('"') and path.endswith('"')):
        return path
    body, out, i = path[1:-1], bytearray(), 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in "01234567" and i + 3 < len(body) + 1:
                out.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            out += _ESCAPES.get(nxt, nxt).encode()
            i += 2
            continue
        out += char.encode("utf-8", "surrogateescape")
        i += 1
    return out.decode("utf-8", "surrogateescape")
