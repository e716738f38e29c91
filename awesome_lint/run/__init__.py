"""A run: targets and settings in, results out.

The command line, the GitHub Action's summary and the language server all call
:func:`run`; none of them collects files, resolves settings, lints, fixes or
filters changed lines itself. What a run does, in order:

1. expand the paths into targets (:mod:`awesome_lint.files`) and find each
   target's settings (:mod:`awesome_lint.config`), skipping excluded files;
2. read every file once, here, and answer what it can from the result cache
   (:mod:`.cache`) — never with ``--fix`` or ``--diff``;
3. lint, fix or diff the rest (:mod:`.jobs`), in parallel processes when there
   is enough Markdown to pay for them, with output identical to one process;
4. in changed-lines mode, set aside the findings on lines the branch did not
   change (they stay in :attr:`~awesome_lint.engine.FileResult.hidden`, for
   reports such as SARIF that cover whole files).

Problems that stop a run before any file (a bad configuration or selector, an
unknown ``--diff-base``) raise :class:`RunError`; a problem with one file is that
file's ``error`` and the others are still linted.
"""

from __future__ import annotations

import contextlib
import os
import time

from ..records import Record

TYPE_CHECKING = False

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from ..config import Resolver, Settings
    from ..engine import Linter
    from ..files import Target
    from ..findings import FileResult
    from ..fixes.write import FileStamp
    from ..online.checking import OnlineStats
    from .cache import Cache
    from .jobs import Job

CACHE_DIR_ENV = "AWESOME_LINT_CACHE_DIR"
NO_CACHE_ENV = "AWESOME_LINT_NO_CACHE"


class RunError(Exception):
    """A problem that stops the run before any file is linted: the message says what and where."""


class RunOptions(Record):
    """What the user asked for; every field has the default of a bare ``awesome-lint PATH``.

    ``select`` replaces the configuration's (None keeps it); ``extend_select``, ``ignore`` and
    ``exclude`` add to it. ``jobs``: processes to lint with (None: one per CPU; 1: this one).
    ``cache_dir``: default ``.awesome-lint-cache`` in the project root (:func:`cache_directory`).
    ``keep_sources``: attach each file's :class:`~awesome_lint.source.Source` to its result
    (for source excerpts).
    """

    __slots__ = (
        "select",
        "extend_select",
        "ignore",
        "exclude",
        "force_exclude",
        "config",
        "isolated",
        "max_file_size",
        "list_files",
        "stdin_filename",
        "fix",
        "diff",
        "unsafe_fixes",
        "diff_base",
        "jobs",
        "cache",
        "cache_dir",
        "keep_sources",
        "judge_unsafe",
        "online",
    )

    def __init__(
        self,
        *,
        select: Sequence[str] | None = None,
        extend_select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        exclude: Sequence[str] = (),
        force_exclude: bool = False,
        config: str | None = None,
        isolated: bool = False,
        max_file_size: int | None = None,
        list_files: Sequence[str] | None = None,
        stdin_filename: str | None = None,
        fix: bool = False,
        diff: bool = False,
        unsafe_fixes: bool = False,
        diff_base: str | None = None,
        jobs: int | None = None,
        cache: bool = True,
        cache_dir: str | None = None,
        keep_sources: bool = False,
        judge_unsafe: bool = False,
        online: bool | None = None,
    ) -> None:
        self.select = select
        self.extend_select = extend_select
        self.ignore = ignore
        self.exclude = exclude
        self.force_exclude = force_exclude
        self.config = config
        self.isolated = isolated
        self.max_file_size = max_file_size
        self.list_files = None if list_files is None else list(list_files)
        """``--list-files``: replaces the configuration's ``list-files``."""
        self.stdin_filename = stdin_filename
        self.fix = fix
        self.diff = diff
        self.unsafe_fixes = unsafe_fixes
        self.diff_base = diff_base
        self.jobs = jobs
        self.cache = cache
        self.cache_dir = cache_dir
        self.keep_sources = keep_sources
        self.judge_unsafe = judge_unsafe or unsafe_fixes
        """Judge unsafe fixes against GitHub's rendering too (for --show-fixes and --unsafe-fixes)."""
        self.online = online
        """``--online`` (True) or ``--no-online`` (False); None: the configuration's ``online``."""

    def replace(self, *, cache: bool | None = None, diff_base: str | None = None) -> RunOptions:
        """A copy with another ``cache`` or ``diff_base`` (what the GitHub Action changes)."""
        copy = RunOptions()
        for name in self.__slots__:
            setattr(copy, name, getattr(self, name))
        if cache is not None:
            copy.cache = cache
        if diff_base is not None:
            copy.diff_base = diff_base
        return copy


class RunResult(Record):
    """``results``: one per target, in the order the paths named them, then the paths that yielded
    nothing; ``timings``: seconds per phase (collect, read, lint, filter); ``settings``: the
    settings in force for each result's path."""

    __slots__ = ("results", "timings", "workers", "cache", "settings", "online")
    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(
        self,
        results: list[FileResult],
        timings: dict[str, float] | None = None,
        workers: int = 1,
        cache: Cache | None = None,
        settings: dict[str, Settings] | None = None,
        online: OnlineStats | None = None,
    ) -> None:
        self.results = results
        self.timings = timings if timings is not None else {}
        self.workers = workers
        self.cache = cache
        self.settings = settings if settings is not None else {}
        self.online = online
        """What the online checks did, in an online run."""


def run(
    paths: Sequence[str],
    options: RunOptions,
    *,
    stdin: Callable[[int], bytes] | None = None,
    log: Callable[[str], None] | None = None,
    progress: Callable[[int, int, int], None] | None = None,
    buffers: Mapping[str, bytes] | None = None,
) -> RunResult:
    """Lint (or fix, or diff) ``paths``. ``stdin(limit)`` reads standard input, at most ``limit + 1`` bytes.

    ``buffers`` maps absolute paths to the bytes to lint instead of the file's (an editor's unsaved
    text): everything else (configuration, repository, cache) is the file's, and ``--fix`` returns
    the fixed bytes in ``fixed_data`` instead of writing them.

    ``log`` receives verbose messages (which configuration applies to which file, cache
    hits); phase timings are in the result. ``progress(done, total, failed)`` follows the
    online checks.
    """
    from ..config import ConfigError
    from ..errors import ChangedLinesError, SelectionError
    from .selection import NoRulesError

    started = time.perf_counter()
    timings: dict[str, float] = {}
    try:
        resolver = make_resolver(options)
        changed = None
        if options.diff_base is not None:
            from ..changed import ChangedLinesIndex

            changed = ChangedLinesIndex(options.diff_base)
        planned = _plan(paths, options, resolver, log)
        online = online_enabled(options, run_settings(planned, resolver))
        if changed is not None:
            for target, _ in planned.targets:
                if target.path is not None:
                    changed.for_file(target.path)  # every repository and --diff-base checked before any work
    except (ConfigError, SelectionError, NoRulesError) as exc:
        raise RunError(str(exc)) from None
    except ChangedLinesError as exc:
        raise RunError(f"--diff-base: {exc}") from None
    timings["collect"] = time.perf_counter() - started

    mark = time.perf_counter()
    # Online, findings depend on the network as well as the bytes: no result cache (the links have theirs).
    cache = open_cache(options, resolver) if not (options.fix or options.diff or online) else None
    results: list[FileResult | None] = [None] * len(planned.targets)
    jobs: list[Job] = []
    job_slots: list[int] = []
    keys: dict[int, str] = {}
    for slot, (target, index) in enumerate(planned.targets):
        settings = planned.settings_list[index]
        buffer = buffers.get(os.path.abspath(target.path)) if buffers and target.path is not None else None
        read = (buffer, None) if buffer is not None else _read(target, max_file_size(settings, options), options, stdin)
        if isinstance(read, str):
            from ..findings import FileResult

            results[slot] = FileResult(target.display, error=read)
            continue
        data, stamp = read
        if cache is not None and target.path is not None:
            key = cache.key(fingerprint(settings, options, target.display), data)
            findings = cache.get(key, target.display, _replay(target.path))
            if findings is not None:
                from ..findings import FileResult

                results[slot] = FileResult(target.display, findings=findings, cached=True)
                if log:
                    log(f"{target.display}: from the cache")
                if options.keep_sources:
                    _attach_source(results[slot], data)
                continue
            keys[slot] = key
        from .jobs import Job

        scope = None
        if changed is not None and target.path is not None and (options.fix or options.diff):
            scope = changed.scope(target.path)
        jobs.append(Job(index, target.display, target.path, data, stamp, scope, buffer is not None))
        job_slots.append(slot)
    timings["read"] = time.perf_counter() - mark

    mark = time.perf_counter()
    done: list[FileResult] = []
    workers = 1
    online_stats = None
    if jobs:  # a warm run with every file answered from the cache needs no engine at all
        from .jobs import DIFF, FIX, LINT, cpu_count, run_jobs, workers_for

        linters = _linters(planned.settings_list, {job.linter for job in jobs}, options)
        if online:
            mark_online = time.perf_counter()
            online_stats = _online(linters, jobs, changed, options, resolver, run_settings(planned, resolver), progress)
            timings["online"] = time.perf_counter() - mark_online
        mode = DIFF if options.diff else FIX if options.fix else LINT
        requested = options.jobs if options.jobs is not None else cpu_count()
        workers = workers_for(jobs, requested)
        done = run_jobs(linters, jobs, mode, options.unsafe_fixes, workers, _crashed)
    for slot, job, result in zip(job_slots, jobs, done, strict=True):
        results[slot] = result
        if cache is not None and slot in keys and result.error is None and not result.internal_error:
            cache.put(keys[slot], result.findings, result.project_reads)
        if options.keep_sources and result.source is None and result.error is None:
            _attach_source(result, job.data)
        if log:
            phases = ", ".join(f"{name} {seconds * 1000:.1f} ms" for name, seconds in result.timings.items())
            log(f"{job.display}: linted ({phases})")
    timings["lint"] = time.perf_counter() - mark

    final = [result for result in results if result is not None]
    if changed is not None:
        mark = time.perf_counter()
        _filter_changed(final, changed)
        timings["filter"] = time.perf_counter() - mark
    from ..findings import FileResult

    final += [FileResult(path, error=message) for path, message in planned.errors]
    settings_of = {target.display: planned.settings_list[index] for target, index in planned.targets}
    return RunResult(final, timings, workers, cache, settings_of, online_stats)


def online_enabled(options: RunOptions, settings: Settings) -> bool:
    """``--online`` / ``--no-online``, else ``online`` in the run's configuration (:func:`run_settings`)."""
    if options.online is not None:
        return options.online
    return settings.online


def run_settings(planned: _Plan, resolver: Resolver) -> Settings:
    """The settings that decide what belongs to the run as a whole (``online``, ``[link-check]``): those
    of the first file linted (for a list, its own configuration; for an editor, the document's), else
    those for the current directory."""
    if planned.targets:
        return planned.settings_list[planned.targets[0][1]]
    return resolver.for_path(None)


def _online(
    linters: dict[int, Linter],
    jobs: list[Job],
    changed: object,
    options: RunOptions,
    resolver: Resolver,
    settings: Settings,
    progress: Callable[[int, int, int], None] | None,
) -> OnlineStats:
    from ..changed import ChangedLinesIndex
    from ..online.checking import OnlineUnavailable
    from .online import check_online

    assert changed is None or isinstance(changed, ChangedLinesIndex)
    folder = cache_directory(options, resolver) if cache_enabled(options) else None
    try:
        return check_online(linters, jobs, changed, settings, folder, progress)
    except OnlineUnavailable as exc:
        raise RunError(str(exc)) from None


class _Plan(Record):
    """The targets, each with the index of its settings in ``settings_list``, and the paths that
    yielded nothing."""

    __slots__ = ("targets", "settings_list", "errors")
    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(
        self, targets: list[tuple[Target, int]], settings_list: list[Settings], errors: list[tuple[str, str]]
    ) -> None:
        self.targets = targets
        self.settings_list = settings_list
        self.errors = errors


def _linters(settings_list: Sequence[Settings], needed: set[int], options: RunOptions) -> dict[int, Linter]:
    """A linter for each settings that has files to lint: built only on a cache miss, so that a
    warm run imports no rule, no engine and no parser."""
    from ..config import ConfigError
    from ..errors import SelectionError
    from .selection import NoRulesError, build_linter

    try:
        return {index: build_linter(settings_list[index], options) for index in sorted(needed)}
    except (ConfigError, SelectionError, NoRulesError) as exc:
        raise RunError(str(exc)) from None


def fingerprint(settings: Settings, options: RunOptions, path: str) -> str:
    """Everything but the bytes that decides a file's findings: the selection on the command line and
    in the configuration, severities, rule options and the per-file ignores that match ``path``.

    Computed from settings, not from a linter, so that a cache hit needs no rule module; the
    build id in the cache key covers what the rules make of these settings.
    """
    import json

    from ..files import is_list_file, per_file_match

    matched = {
        pattern: selectors
        for pattern, selectors in settings.per_file_ignores.items()
        if path != "-" and per_file_match(path, pattern, settings.root)
    }
    return json.dumps(
        [
            options.select and list(options.select),
            list(options.extend_select),
            list(options.ignore),
            settings.select,
            settings.extend_select,
            settings.ignore,
            settings.severity,
            settings.rules,
            matched,
            is_list_file(path, list_files(settings, options), settings.root),
            options.judge_unsafe,
        ],
        sort_keys=True,
    )


def _replay(path: str) -> Callable[[list[tuple[str, str, str]]], bool]:
    """Whether the repository around ``path`` still answers what its cached findings read of it."""

    def valid(reads: list[tuple[str, str, str]]) -> bool:
        from ..project import disk_project, still_valid

        project = disk_project(path)
        return project is not None and still_valid(project, reads)

    return valid


def list_files(settings: Settings, options: RunOptions) -> list[str]:
    """The globs of the list files: ``--list-files``, else the configuration's ``list-files``."""
    return list(options.list_files) if options.list_files is not None else list(settings.list_files)


def max_file_size(settings: Settings, options: RunOptions) -> int:
    from ..files import DEFAULT_MAX_FILE_SIZE

    return options.max_file_size or settings.max_file_size or DEFAULT_MAX_FILE_SIZE


def make_resolver(options: RunOptions) -> Resolver:
    """The configuration files in force, validated; cached settings are used when the cache is on."""
    from ..config import ConfigError, Resolver

    if options.config is not None and options.isolated:
        raise ConfigError(
            "--config and --isolated cannot be used together: --isolated ignores every configuration file"
        )
    loader = _cached_loader(options) if cache_enabled(options) else None
    return Resolver(options.config, options.isolated, loader=loader)


def _cached_loader(options: RunOptions) -> Callable[[str], Settings]:
    """Load a configuration file through the cache: pydantic is imported only when the file changed."""

    def loader(path: str) -> Settings:
        from ..config.model import load
        from .cache import CACHE_DIR_NAME, Cache

        try:
            with open(path, "rb") as stream:
                content = stream.read()
        except OSError:
            return load(path)  # which says why it cannot be read
        beside = os.path.join(os.path.dirname(path), CACHE_DIR_NAME)
        cache = Cache(options.cache_dir or os.environ.get(CACHE_DIR_ENV) or beside)
        cached = cache.get_settings(path, content)
        if cached is not None:
            return cached
        settings = load(path, content)  # the bytes the entry is keyed by, even if the file changes meanwhile
        cache.put_settings(path, content, settings)
        return settings

    return loader


def _plan(paths: Sequence[str], options: RunOptions, resolver: Resolver, log: Callable[[str], None] | None) -> _Plan:
    from ..files import collect, find_readme, is_excluded

    chosen = list(paths)
    if not chosen:
        if options.stdin_filename is not None:
            chosen = ["-"]
        else:
            readme = find_readme()
            if readme is None:
                raise RunError(
                    "no readme.md in the current directory (looked for readme.md and readme.markdown "
                    "in any case); name the files or directories to lint, e.g. `awesome-lint docs/list.md`"
                )
            chosen = [readme]
    collected = collect(chosen, options.stdin_filename, options.exclude, options.force_exclude)
    settings_list: list[Settings] = []
    by_settings: dict[int, int] = {}
    targets: list[tuple[Target, int]] = []
    for target in collected.targets:
        settings = resolver.for_path(target.path if target.path is not None else options.stdin_filename)
        excludable = (target.walked or options.force_exclude) and target.path is not None
        if excludable and target.path and is_excluded(target.path, settings.exclude, settings.root):
            if log:
                log(f"{target.display}: excluded by {settings.path or 'the command line'}")
            continue
        index = by_settings.get(id(settings))
        if index is None:
            index = by_settings[id(settings)] = len(settings_list)
            settings_list.append(settings)
        targets.append((target, index))
        if log:
            log(f"{target.display}: configuration {settings.path or '(none: defaults)'}")
    return _Plan(targets, settings_list, collected.errors)


def _read(
    target: Target, limit: int, options: RunOptions, stdin: Callable[[int], bytes] | None
) -> tuple[bytes, FileStamp | None] | str:
    """The bytes to lint and, for files, their stamp for a later write; or why they cannot be read."""
    if target.path is None:
        data = stdin(limit) if stdin is not None else b""
        if len(data) > limit:
            return (
                f"standard input is above the {limit:,}-byte limit; raise it with --max-file-size "
                "if this really is one Markdown list"
            )
        return data, None
    from ..files import read_file

    read = read_file(target.path, limit)
    if isinstance(read, str):
        return read
    stamp = None
    if options.fix:
        from pathlib import Path

        from ..fixes.write import FileStamp

        try:
            stamp = FileStamp.of(Path(target.path), read)
        except OSError as exc:
            return f"cannot read: {exc.strerror or exc}"
    return read, stamp


def _attach_source(result: FileResult | None, data: bytes) -> None:
    from ..source import Source, SourceError

    if result is not None:
        with contextlib.suppress(SourceError):
            result.source = Source.from_bytes(data, result.path)


def _crashed(job: Job, why: str) -> FileResult:
    from ..findings import FileResult

    return FileResult(job.display, error=f"internal error: {why}; please report this")


def _filter_changed(results: list[FileResult], changed: object) -> None:
    from ..changed import ChangedLinesIndex
    from ..engine import INTERNAL_ERROR_CODE

    assert isinstance(changed, ChangedLinesIndex)
    for result in results:
        if result.error is not None or result.path == "-":
            continue
        scope = changed.scope(result.path)
        if scope is None:
            continue
        kept = []
        for finding in result.findings:
            line = finding.line if finding.code == INTERNAL_ERROR_CODE else scope.place(finding)
            if line is None:
                result.hidden.append(finding)
                continue
            if line != finding.line:  # reported at the change that caused it
                finding.line, finding.column = line, 1
            kept.append(finding)
        result.findings = kept


def cache_directory(options: RunOptions, resolver: Resolver) -> str:
    """``--cache-dir``, else ``$AWESOME_LINT_CACHE_DIR``, else ``.awesome-lint-cache`` in the project root:
    the folder of the configuration file in force for the current directory, or the current directory."""
    chosen = options.cache_dir or os.environ.get(CACHE_DIR_ENV)
    if chosen:
        return chosen
    from .cache import CACHE_DIR_NAME

    settings = resolver.for_path(None)
    root = os.path.dirname(settings.path) if settings.path is not None else os.getcwd()
    return os.path.join(root, CACHE_DIR_NAME)


def cache_enabled(options: RunOptions) -> bool:
    """``--no-cache`` and ``$AWESOME_LINT_NO_CACHE`` (any value but empty, 0, false or no) turn the cache off."""
    return options.cache and os.environ.get(NO_CACHE_ENV, "").strip().lower() in ("", "0", "false", "no")


def open_cache(options: RunOptions, resolver: Resolver) -> Cache | None:
    if not cache_enabled(options):
        return None
    from .cache import Cache

    return Cache(cache_directory(options, resolver))
