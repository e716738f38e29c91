"""Run rules over documents: selection, isolation of failures, ordering."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from time import perf_counter
from typing import Any

from .document import Document, parse_document
from .errors import SelectionError
from .files import DEFAULT_MAX_FILE_SIZE, read_file, too_large
from .findings import FileResult, Finding, Severity
from .limits import refusal
from .project import Project
from .rules import Rule, all_rules, default_rules, resolve
from .source import Source, SourceError, decode
from .suppressions import apply_suppressions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .document import Span
    from .online.answers import OnlineClient, Request

INTERNAL_ERROR_CODE = "AL000"
INTERNAL_ERROR_NAME = "internal-error"


def select_rules(select: Sequence[str] | None = None, ignore: Sequence[str] = ()) -> list[type[Rule]]:
    """The rules to run: ``select`` minus ``ignore``, by code, code prefix or name.

    Without ``select``, the default rules: every rule but the opinionated ones, which run
    only when a selector names them (``ALL`` and a code prefix do).
    """
    chosen: dict[str, type[Rule]] = {}
    if select is None:
        chosen.update((rule.code, rule) for rule in default_rules())
    for selector in select or ():
        chosen.update((rule.code, rule) for rule in _resolve(selector))
    for selector in ignore:
        for rule in _resolve(selector):
            chosen.pop(rule.code, None)
    return [chosen[code] for code in sorted(chosen)]


def _resolve(selector: str) -> list[type[Rule]]:
    try:
        return resolve(selector)
    except KeyError:
        with suppress(KeyError):
            always = resolve(selector, documented=True)
            names = ", ".join(f"{rule.code} ({rule.name})" for rule in always)
            raise SelectionError(f"{names} cannot be selected or ignored: it is always reported") from None
        known = ", ".join(f"{rule.code} ({rule.name})" for rule in all_rules())
        raise SelectionError(f"unknown rule selector {selector!r}; known rules: {known}") from None


class Linter:
    """Lints files with one set of rules and settings.

    ``options`` maps a rule name to its options; ``severities`` a rule code to the
    severity that replaces its default; ``per_file_ignores`` pairs a glob (relative
    to ``root``, or a bare file name) with the codes not reported for matching files.
    """

    def __init__(
        self,
        rules: Iterable[type[Rule]] | None = None,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        *,
        options: Mapping[str, Any] | None = None,
        severities: Mapping[str, Severity] | None = None,
        per_file_ignores: Sequence[tuple[str, frozenset[str]]] = (),
        root: str | None = None,
        list_files: Sequence[str] | None = ("readme.*",),
        judge_unsafe: bool = True,
    ):
        options = options or {}
        self.rules = [rule(options.get(rule.name)) for rule in (default_rules() if rules is None else rules)]
        self.max_file_size = max_file_size
        self.severities = dict(severities or {})
        self.per_file_ignores = list(per_file_ignores)
        self.root = root
        self.list_files = None if list_files is None else list(list_files)
        """Globs of the files the list rules check (as ``list-files``: by default the readme); None: every file."""
        self.judge_unsafe = judge_unsafe
        """Whether unsafe fixes are judged too (their notes are for --show-fixes); safe ones always are."""
        self.client: OnlineClient | None = None
        """In an online run, the answers of the run's checks: the online rules run with it, and
        without it (offline) they do not run at all."""

    def _ignored_codes(self, path: str) -> frozenset[str]:
        """Codes that per-file-ignores turn off for ``path``."""
        if not self.per_file_ignores or path == "-":
            return frozenset()
        from .files import per_file_match

        codes: set[str] = set()
        for pattern, ignored in self.per_file_ignores:
            if per_file_match(path, pattern, self.root):
                codes |= ignored
        return frozenset(codes)

    def lint_text(self, text: str, path: str = "<string>", project: Project | None = None) -> FileResult:
        return self.lint_source(Source.from_text(text, path), project)

    @property
    def needs_project(self) -> bool:
        """Whether a rule reads the repository around the file (:mod:`awesome_lint.project`)."""
        return any(rule.needs_project for rule in self.rules)

    def project_for(self, path: str | os.PathLike[str] | None) -> Project | None:
        """The git repository on disk of the file at ``path``, when a rule needs it; None for standard
        input and outside a repository."""
        if path is None or not self.needs_project:
            return None
        from .project import disk_project

        return disk_project(os.fspath(path))

    def lint_bytes(self, data: bytes, path: str, project: Project | None = None) -> FileResult:
        source = self._source(data, path)
        if isinstance(source, FileResult):
            return source
        return self.lint_source(source, project)

    def _source(self, data: bytes, path: str) -> Source | FileResult:
        """The text to lint, or the result saying why there is none."""
        if len(data) > self.max_file_size:
            return FileResult(path, error=too_large(len(data), self.max_file_size))
        try:
            text = decode(data)
        except SourceError as exc:
            return FileResult(path, error=str(exc))
        refused = refusal(data, text, self.max_file_size)
        if refused is not None:
            return FileResult(path, error=refused)
        return Source.from_text(text, path)

    @property
    def asks_online(self) -> bool:
        """Whether a rule has something to ask the network in an online run."""
        return any(type(rule).asks_online() for rule in self.rules)

    def online_requests(
        self, data: bytes, path: str, client: OnlineClient, keep: Callable[[int], bool] | None = None
    ) -> set[Request]:
        """What the rules that run on this file want checked online; ``keep(line)`` chooses the
        lines whose URLs count (the changed lines of a pull request). Pure: nothing is sent."""
        source = self._source(data, path)
        if isinstance(source, FileResult):
            return set()
        wanted: set[Request] = set()
        with _no_cyclic_gc():
            try:
                document = parse_document(source)
            except Exception:  # reported when the file is linted
                return wanted
            for rule in self._rules_for(path, online=True):
                if not type(rule).asks_online():
                    continue
                try:
                    asked: list[tuple[Request, Span]] = list(rule.requests(document, client))
                except Exception:  # the rule fails again when it runs, and is reported then
                    continue
                for request, span in asked:
                    if keep is None or keep(document.position(span.start).line):
                        wanted.add(request)
        return wanted

    def _rules_for(self, path: str, *, online: bool) -> list[Rule]:
        """The rules that run on ``path``: not ignored for it, list rules on list files only, online
        rules in an online run only."""
        ignored = self._ignored_codes(path)
        is_list = self.list_files is None or _is_list(path, self.list_files, self.root)
        return [
            rule
            for rule in self.rules
            if rule.code not in ignored
            and not (rule.list_only and not is_list)
            and not (rule.online and not online)
        ]

    def lint_file(self, path: str | os.PathLike[str], display: str | None = None) -> FileResult:
        """Lint a file on disk; the repository rules see the repository it is in."""
        shown = display if display is not None else os.fspath(path)
        data = read_file(path, self.max_file_size)
        if isinstance(data, str):
            return FileResult(shown, error=data)
        return self.lint_bytes(data, shown, self.project_for(path))

    def lint_source(self, source: Source, project: Project | None = None) -> FileResult:
        """Lint ``source``; ``project`` is the repository the repository rules see (None: they do not run)."""
        with _no_cyclic_gc():
            result = self._lint_source(source, project)
        if project is not None:
            result.project_reads = list(project.reads)
        return result

    def _lint_source(self, source: Source, project: Project | None) -> FileResult:
        result = FileResult(source.path, source=source)
        started = perf_counter()
        try:
            document = parse_document(source)
        except Exception as exc:  # a parser bug must not take down the run
            result.findings.append(_internal_error(source.path, "the Markdown parser", exc))
            return result
        parsed = perf_counter()
        result.timings["parse"] = parsed - started
        ignored = self._ignored_codes(source.path)
        client = self.client
        for rule in self._rules_for(source.path, online=client is not None):
            if rule.needs_project and project is None:
                continue
            configured = self.severities.get(rule.code)  # it wins over a violation's own severity
            try:
                if project is not None and rule.needs_project:
                    violations = rule.check_project(document, project)
                elif client is not None and type(rule).asks_online():
                    violations = rule.check_online(document, client)
                else:
                    violations = rule.check(document)
                for violation in violations:
                    result.findings.append(
                        Finding.at(
                            document,
                            violation.span,
                            rule.code,
                            rule.name,
                            configured or violation.severity or rule.severity,
                            violation.message,
                            violation.fix,
                            violation.pieces,
                            violation.context,
                        )
                    )
            except Exception as exc:  # one failing rule must not take down the others
                result.findings.append(_internal_error(source.path, f"rule {rule.code} ({rule.name})", exc))
        checked = perf_counter()
        result.timings["rules"] = checked - parsed
        # --- suppression comments (awesome_lint.suppressions): drop silenced findings, add AL001/AL002
        try:
            # A list rule that does not run on this file is still judged: a comment for it silences nothing.
            # An online rule never is: its findings come and go with the network.
            active = {rule.code for rule in self.rules if rule.code not in ignored and not rule.online}
            result.findings = apply_suppressions(document, result.findings, active, self.severities)
        except Exception as exc:  # a bug there must not take down the run
            result.findings.append(_internal_error(source.path, "the suppression comments", exc))
        # --- end of suppression comments
        result.findings.sort(key=Finding.sort_key)
        for finding in result.findings:
            finding.pieces = ()  # only the suppression comments needed them
        suppressed = perf_counter()
        result.timings["suppressions"] = suppressed - checked
        try:
            _judge_fixes(document, result.findings, self.judge_unsafe)
        except Exception as exc:  # a bug there must not take down the run
            result.findings.append(_internal_error(source.path, "the fix check", exc))
        result.timings["fix check"] = perf_counter() - suppressed
        return result


def _judge_fixes(document: Document, findings: list[Finding], unsafe: bool) -> None:
    """Let GitHub's rendering judge every proposed fix (:mod:`awesome_lint.fixes.referee`)."""
    if not any(finding.fix is not None for finding in findings):
        return
    from .fixes.referee import judge

    source = document.source
    as_parsed = None
    if source.front_matter_lines:  # rendered as the parser saw it: front matter lines blanked
        lines, end = source.front_matter_lines, source.line_start(source.front_matter_lines + 1)
        as_parsed = lambda text: "\n" * lines + text[end:]  # noqa: E731
    fixes = [finding.fix for finding in findings]
    judged = judge(source.text, fixes, before=document.rendered, as_parsed=as_parsed, unsafe=unsafe)
    for finding, fix in zip(findings, judged, strict=True):
        finding.fix = fix


def _is_list(path: str, patterns: Sequence[str], root: str | None) -> bool:
    from .files import is_list_file

    return is_list_file(path, patterns, root)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cycle collector while one file is linted.

    Parsing allocates hundreds of thousands of small dicts and lists, which keeps
    triggering collections that find nothing: a quarter of the time on awesome-go.
    The collector runs again between files, so cycles do not pile up.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _internal_error(path: str, where: str, exc: Exception) -> Finding:
    import traceback

    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    location = f" at {os.path.basename(frame.filename)}:{frame.lineno}" if frame else ""
    return Finding(
        path=path,
        line=1,
        column=1,
        end_line=1,
        end_column=1,
        code=INTERNAL_ERROR_CODE,
        rule=INTERNAL_ERROR_NAME,
        severity=Severity.ERROR,
        message=f"internal error in {where}: {type(exc).__name__}: {exc}{location}; please report this",
    )
