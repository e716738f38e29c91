"""Shared fixtures: run the real command in a subprocess, with the real rules or with test rules."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

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
