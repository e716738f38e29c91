"""One file's work (lint, fix or diff) and how files are spread over processes.

A job carries the bytes the run read, so every file is read once, in the
parent, and a worker never touches the file system except to write a fix.
Workers return results without their ``Source`` (the parent rebuilds it from
the bytes when a report needs source lines), so what crosses the process
boundary is small and the output does not depend on where a file was linted. The repository
rules are the exception: they read what they need of the repository around the file
(:mod:`awesome_lint.project`) where the file is linted.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..changed import Scope
    from ..engine import Linter
    from ..findings import FileResult
    from ..fixes.write import FileStamp

LINT, FIX, DIFF = "lint", "fix", "diff"

MIN_PARALLEL_BYTES = 256 * 1024
"""Below this much Markdown to parse, starting processes costs more than it saves."""
BYTES_PER_WORKER = 128 * 1024
"""A worker is started for at least this much Markdown."""


@dataclass(frozen=True)
class Job:
    linter: int
    """The key of this file's linter among the run's linters (one per distinct settings)."""
    display: str
    path: str | None
    """None: standard input."""
    data: bytes
    stamp: FileStamp | None = None
    """What the file was when read, so that a fix is never written over a file that changed since."""
    scope: Scope | None = None
    """In changed-lines mode, the lines whose findings may be fixed; None: every finding."""
    buffer: bool = False
    """The bytes are an editor's, not the file's: a fix is returned, never written."""


def process(linter: Linter, job: Job, mode: str, unsafe: bool) -> FileResult:
    """Lint, fix or diff one file; never raises for a problem with the file itself."""
    started = time.perf_counter()
    if mode == LINT:
        result = linter.lint_bytes(job.data, job.display, linter.project_for(job.path))
    else:
        from .fixing import fix_job

        result = fix_job(linter, job, write=mode == FIX, unsafe=unsafe)
    result.timings["total"] = time.perf_counter() - started
    return result


_WORKER_LINTERS: Mapping[int, Linter] = {}


def _init_worker(linters: Mapping[int, Linter]) -> None:
    global _WORKER_LINTERS
    _WORKER_LINTERS = linters


def _work(job: Job, mode: str, unsafe: bool) -> FileResult:
    result = process(_WORKER_LINTERS[job.linter], job, mode, unsafe)
    result.source = None  # rebuilt by the parent when needed: no need to send it back
    return result


def workers_for(jobs: Sequence[Job], requested: int) -> int:
    """How many processes pay for these jobs: 1 (in-process) unless there is enough to share."""
    if requested <= 1 or len(jobs) < 2:
        return 1
    total = sum(len(job.data) for job in jobs)
    if total < MIN_PARALLEL_BYTES:
        return 1
    return max(1, min(requested, len(jobs), total // BYTES_PER_WORKER))


def run_jobs(
    linters: Mapping[int, Linter],
    jobs: Sequence[Job],
    mode: str,
    unsafe: bool,
    workers: int,
    crashed: Callable[[Job, str], FileResult],
) -> list[FileResult]:
    """The result of each job, in the order of ``jobs``, from ``workers`` processes (1: this one).

    The biggest files go first, so that no worker is left with a large file at the
    end. A worker that dies (killed, out of memory) breaks the whole pool: the files
    that had no result yet are then tried again one by one, each in a process of its
    own, so that only the file that kills its process fails (``crashed`` turns it
    into a result) and the others are still linted.
    """
    if workers <= 1:
        return [process(linters[job.linter], job, mode, unsafe) for job in jobs]

    import gc

    gc.freeze()  # the parent's objects stay where they are: no copy-on-write from the collector
    try:
        order = sorted(range(len(jobs)), key=lambda index: -len(jobs[index].data))
        results = _pooled(linters, jobs, order, mode, unsafe, workers)
        for index in order:
            if results[index] is None:
                results[index] = _pooled(linters, jobs, [index], mode, unsafe, 1)[index] or crashed(
                    jobs[index], "the process linting it stopped (killed, or out of memory)"
                )
    finally:
        gc.unfreeze()
    return [result for result in results if result is not None]


def _pooled(
    linters: Mapping[int, Linter], jobs: Sequence[Job], order: Sequence[int], mode: str, unsafe: bool, workers: int
) -> list[FileResult | None]:
    """Results of ``jobs[i]`` for ``i`` in ``order`` from a pool of ``workers``; None where the pool broke."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # fork shares the imported modules and the linters with the workers at no cost; it is
    # only safe on Linux (macOS system libraries are not fork-safe), so elsewhere the default.
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    results: list[FileResult | None] = [None] * len(jobs)
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(linters,)
    ) as pool:
        futures = {index: pool.submit(_work, jobs[index], mode, unsafe) for index in order}
        for index, future in futures.items():
            try:
                results[index] = future.result()
            except BrokenProcessPool:
                results[index] = None
    return results


def cpu_count() -> int:
    """CPUs this process may use (its affinity mask, where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1
