"""Shared fixtures: run the real command in a subprocess, with the real rules or with test rules.

Also the corpus tier: tests marked ``corpus`` need the shared corpus and run only when it is
asked for, with ``--corpus=DIR`` or ``AWESOME_LINT_CORPUS=DIR`` (with a space instead of ``=``,
pytest takes an existing DIR outside the repository for a test path: pytest-dev/pytest#8846).
A fresh clone has no corpus, so the default suite must be complete without it; once asked for,
a missing or partial corpus stops the run, because a tier that quietly skipped would pass on
files it never linted.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from realdata import CORPUS_BOOKS, CORPUS_ENV, CORPUS_LISTS, DATA, VENDORED_LISTS, Corpus, CorpusError

REPO = Path(__file__).resolve().parent.parent

# In CI the property tests replay the same examples every run, so a landing never depends
# on the luck of the draw; locally they explore new examples each time (and keep failures
# in .hypothesis/ to replay them).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Replaces the registry with three private rules whose findings tests can predict,
# whatever the real rules become, then runs `python -m awesome_lint` as is.
TEST_RULES = '''
import re, runpy
from awesome_lint.document import Span
from awesome_lint.findings import Severity, Violation
from awesome_lint.rules import REGISTRY, all_rules
from awesome_lint.rules.base import Rule

all_rules()
REGISTRY.clear()

class TestHttp(Rule):
    """Reports http:// link URLs (a test rule)."""
    code = "AL991"
    name = "test-http"
    summary = "Test: no http links"
    def check(self, document):
        for link in document.links:
            if link.url.startswith("http://"):
                yield Violation(link.url_span, "http link " + link.url)

class TestTodo(Rule):
    """Reports TODO (a test rule)."""
    code = "AL992"
    name = "test-todo"
    summary = "Test: no TODO"
    severity = Severity.WARNING
    def check(self, document):
        for match in re.finditer("TODO", document.text):
            yield Violation(Span(match.start(), match.end()), "TODO left")

class TestCrash(Rule):
    """Crashes on CRASH (a test rule)."""
    code = "AL993"
    name = "test-crash"
    summary = "Test: crash"
    def check(self, document):
        if "CRASH" in document.text:
            raise RuntimeError("boom")
        return iter(())

runpy.run_module("awesome_lint", run_name="__main__", alter_sys=True)
'''


def command(real_rules: bool = False) -> list[str]:
    """The command line that runs awesome-lint, with the test rules unless ``real_rules``."""
    return [sys.executable, "-m", "awesome_lint"] if real_rules else [sys.executable, "-c", TEST_RULES]


def command_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment without the user's AWESOME_LINT_* and NO_COLOR, finding this checkout first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWESOME_LINT_") and k != "NO_COLOR"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra or {})
    return env


@pytest.fixture
def spawn(tmp_path: Path) -> Callable[..., subprocess.Popen[bytes]]:
    """``spawn(*args, env=None, **popen_kwargs)``: start the command (test rules) in ``tmp_path``."""

    def spawn(*args: str, env: dict[str, str] | None = None, **kwargs: Any) -> subprocess.Popen[bytes]:
        return subprocess.Popen([*command(), *args], cwd=tmp_path, env=command_env(env), **kwargs)

    return spawn


@pytest.fixture
def run(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """``run(*args, stdin=None, env=None, real_rules=False)``: the command in ``tmp_path``.

    By default the rules are the three test rules above (AL991 test-http, AL992
    test-todo warning, AL993 test-crash); ``real_rules=True`` runs the real ones.
    """

    def run(
        *args: str, stdin: str | bytes | None = None, env: dict[str, str] | None = None, real_rules: bool = False
    ) -> subprocess.CompletedProcess[str]:
        data = stdin.encode() if isinstance(stdin, str) else stdin
        done = subprocess.run(
            [*command(real_rules), *args],
            cwd=tmp_path,
            input=data if data is not None else b"",
            capture_output=True,
            env=command_env(env),
            timeout=60,
        )
        return subprocess.CompletedProcess(
            done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
        )

    return run


# ---------------------------------------------------------------------------
# The corpus tier

CORPUS_KEY = pytest.StashKey["Corpus | None"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--corpus",
        metavar="DIR",
        help=f"also run the corpus tier on DIR, the shared corpus holding lists/ ({CORPUS_LISTS} lists) "
        f"and free-programming-books/ ({CORPUS_BOOKS} files); default: ${CORPUS_ENV}. Write --corpus=DIR: "
        "pytest reads the DIR of '--corpus DIR' as a test path when DIR exists outside the repository",
    )


def _requested(config: pytest.Config) -> tuple[str, str] | None:
    """(the request as written, e.g. ``--corpus=DIR``; its folder), or None when the tier was not asked for."""
    option: str | None = config.getoption("corpus")
    if option:
        return f"--corpus={option}", option
    from_env = os.environ.get(CORPUS_ENV, "")
    return (f"{CORPUS_ENV}={from_env}", from_env) if from_env else None


def pytest_configure(config: pytest.Config) -> None:
    requested = _requested(config)
    corpus = None
    if requested is not None:
        shown, folder = requested
        try:
            corpus = Corpus.load((config.invocation_params.dir / folder).expanduser().resolve())
        except CorpusError as error:
            raise pytest.UsageError(f"the corpus tier was asked for ({shown}), but {error}") from None
    config.stash[CORPUS_KEY] = corpus


def pytest_report_header(config: pytest.Config) -> list[str]:
    corpus = config.stash[CORPUS_KEY]
    requested = _requested(config)
    if corpus is None or requested is None:
        return [
            "corpus tier: not requested, so its tests are deselected (the default suite uses the copies in "
            f"{DATA.relative_to(REPO).as_posix()}); run it with --corpus=DIR or {CORPUS_ENV}=DIR, "
            "DIR holding lists/ and free-programming-books/"
        ]
    return [
        f"corpus tier: {corpus.root}, {len(corpus.lists)} lists and {len(corpus.books)} "
        f"free-programming-books files ({requested[0]})"
    ]


def _param(path: Path, root: Path, prefix: str, *marks: pytest.MarkDecorator) -> object:
    return pytest.param(path, id=f"{prefix}/{path.relative_to(root).as_posix()}", marks=marks)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``real_list``: the vendored lists, plus the corpus lists in the tier; ``real_file``: and the books."""
    wanted = [name for name in ("real_list", "real_file") if name in metafunc.fixturenames]
    if not wanted:
        return
    (name,) = wanted
    params = [_param(path, DATA, "data") for path in VENDORED_LISTS]
    corpus = metafunc.config.stash[CORPUS_KEY]
    if corpus is not None:
        files = corpus.lists if name == "real_list" else corpus.files
        params += [_param(path, corpus.root, "corpus", pytest.mark.corpus) for path in files]
    metafunc.parametrize(name, params)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without a corpus, the tier's tests are deselected (counted in the summary), not skipped."""
    if config.stash[CORPUS_KEY] is not None:
        return
    tier = [item for item in items if item.get_closest_marker("corpus") is not None]
    if tier:
        config.hook.pytest_deselected(items=tier)
        items[:] = [item for item in items if item.get_closest_marker("corpus") is None]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A skip inside the tier that was asked for is a failure: skipping would hide unlinted files."""
    report = yield
    if report.skipped and not hasattr(report, "wasxfail") and item.get_closest_marker("corpus"):
        where = report.longrepr
        if isinstance(where, tuple):  # (path, line, "Skipped: reason")
            where = f"{where[2]} ({where[0]}:{where[1]})"
        report.outcome = "failed"
        report.longrepr = f"a test of the corpus tier, which was asked for, must not skip: {where}"
    return report


@pytest.fixture
def corpus(request: pytest.FixtureRequest) -> Corpus:
    """The shared corpus; only for tests marked ``corpus``, which run only when it was asked for."""
    found = request.config.stash[CORPUS_KEY]
    if found is None or request.node.get_closest_marker("corpus") is None:
        pytest.fail("the corpus fixture is for tests marked @pytest.mark.corpus, run with --corpus=DIR")
    return found
