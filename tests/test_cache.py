"""The result cache: warm runs answer from it, and nothing that changes a file's findings is answered stale.

Through the real command (real rules) in a subprocess, as users run it, except
where a test needs to reach inside (a different build, a poisoned entry).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import command_env

from awesome_lint.run.cache import CACHE_DIR_NAME, Cache

BADGE = " [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)"
Run = Callable[..., "subprocess.CompletedProcess[str]"]

LIST = (
    "# Awesome Test" + BADGE + "\n"
    "\n"
    "1. [A](http://a.example) - Insecure.\n"
    "3. [B](https://b.example) - Misnumbered.\n"
)
FINDINGS = [
    'README.md:3:8: error: AL202 [insecure-url] insecure URL "http://a.example": use https://',
    "README.md:4:1: error: AL101 [list-numbering] list item number 3 should be 2 (this list counts up from 1)",
]


def lint(run: Run, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run("-v", *args, real_rules=True, env=env)


def findings(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in done.stdout.splitlines() if line.startswith("README.md:")]


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("v*/*/*.json"))


def test_a_warm_run_answers_from_the_cache(run: Run, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(LIST, encoding="utf-8")
    cold = lint(run, "README.md")
    assert "awesome-lint: README.md: linted (parse " in cold.stderr
    warm = lint(run, "README.md")
    assert "awesome-lint: README.md: from the cache" in warm.stderr
    assert (warm.returncode, warm.stdout) == (cold.returncode, cold.stdout)
    assert findings(warm) == FINDINGS
    cache = tmp_path / CACHE_DIR_NAME
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    assert len(entries(cache)) == 1


def test_a_changed_byte_is_linted_again(run: Run, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(LIST, encoding="utf-8")
    lint(run, "README.md")
    (tmp_path / "README.md").write_text(LIST.replace("3. [B]", "2. [B]"), encoding="utf-8")
    done = lint(run, "README.md")
    assert "README.md: linted" in done.stderr
    assert findings(done) == FINDINGS[:1]


def test_a_changed_setting_is_linted_again(run: Run, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(LIST, encoding="utf-8")
    lint(run, "README.md")
    config = tmp_path / "awesome-lint.toml"
    config.write_text('[rules.insecure-url]\nallow = ["a.example"]\n', encoding="utf-8")
    done = lint(run, "README.md")
    assert "README.md: linted" in done.stderr
    assert findings(done) == FINDINGS[1:]
    config.write_text('severity = { list-numbering = "warning" }\n', encoding="utf-8")
    done = lint(run, "README.md")
    assert findings(done) == [FINDINGS[0], FINDINGS[1].replace("error: AL101", "warning: AL101")]
    done = lint(run, "README.md", "--select", "AL202")
    assert findings(done) == FINDINGS[:1]


def test_a_new_version_is_linted_again(tmp_path: Path) -> None:
    """The build (version and modules) is part of every key: another build finds nothing."""
    (tmp_path / "README.md").write_text(LIST, encoding="utf-8")
    script = (
        "import sys, awesome_lint; awesome_lint.__version__ = sys.argv[1]; "
        "from awesome_lint.cli import main; sys.exit(main(['-v', 'README.md']))"
    )

    def lint_as(version: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", script, version],
            cwd=tmp_path,
            env=command_env(),
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert "README.md: linted" in lint_as("1.0").stderr
    assert "README.md: from the cache" in lint_as("1.0").stderr
    assert "README.md: linted" in lint_as("2.0").stderr
    # The older build's entries were removed when the new one wrote its own.
    assert [path.parent.parent.name.split("-")[1] for path in entries(tmp_path / CACHE_DIR_NAME)] == ["2.0"]


def test_a_corrupt_entry_is_ignored_and_rewritten(run: Run, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(LIST, encoding="utf-8")
    lint(run, "README.md")
    (entry,) = entries(tmp_path / CACHE_DIR_NAME)
    for garbage in (b"", b"{not json", b'{"key": "x", "findings": []}', b'{"findings": [[1]]}', b"\xff\xfe"):
        entry.write_bytes(garbage)
        done = lint(run, "README.md")
        assert "README.md: linted" in done.stderr
        assert findings(done) == FINDINGS
        assert json.loads(entry.read_bytes())["key"] == entry.stem


def test_fix_never_writes_from_a_cached_result(run: Run, tmp_path: Path) -> None:
    """A poisoned entry claiming the file is clean: --fix still lints it and renumbers it."""
    readme = tmp_path / "README.md"
    readme.write_text(LIST, encoding="utf-8")
    lint(run, "README.md")
    (entry,) = entries(tmp_path / CACHE_DIR_NAME)
    entry.write_text(json.dumps({"key": entry.stem, "findings": []}), encoding="utf-8")
    assert findings(lint(run, "README.md")) == []  # what a lint run trusts
    done = lint(run, "--fix", "README.md")
    assert readme.read_text(encoding="utf-8") == LIST.replace("3. [B]", "2. [B]")
    assert findings(done) == FINDINGS[:1]


def test_no_cache_and_the_cache_folder_options(run: Run, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(LIST, encoding="utf-8")
    for args, env in ((["--no-cache"], None), ([], {"AWESOME_LINT_NO_CACHE": "1"})):
        done = lint(run, *args, "README.md", env=env)
        assert "README.md: linted" in done.stderr and "no cache" in done.stderr
        assert findings(done) == FINDINGS
        assert not (tmp_path / CACHE_DIR_NAME).exists()
    lint(run, "--cache-dir", "elsewhere", "README.md")
    assert len(entries(tmp_path / "elsewhere")) == 1
    done = lint(run, "README.md", env={"AWESOME_LINT_CACHE_DIR": str(tmp_path / "elsewhere")})
    assert "README.md: from the cache" in done.stderr
    assert not (tmp_path / CACHE_DIR_NAME).exists()


def test_the_cache_lives_in_the_project_root(tmp_path: Path) -> None:
    """The folder of the configuration file in force for the current directory, as in ruff."""
    (tmp_path / "pyproject.toml").write_text("[tool.awesome-lint]\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text(LIST, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "README.md"], cwd=tmp_path / "docs", env=command_env(), timeout=60
    )
    assert done.returncode == 1
    assert len(entries(tmp_path / CACHE_DIR_NAME)) == 2  # the lint result, and the validated settings
    assert not (tmp_path / "docs" / CACHE_DIR_NAME).exists()


def test_a_read_only_cache_folder_is_not_an_error(run: Run, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(LIST, encoding="utf-8")
    (tmp_path / "blocked").write_text("a file where the cache folder would go\n", encoding="utf-8")
    done = lint(run, "--cache-dir", "blocked/cache", "README.md")
    assert (done.returncode, findings(done)) == (1, FINDINGS)
    assert "error" not in done.stderr


def test_concurrent_runs_share_the_cache_safely(tmp_path: Path) -> None:
    """Eight runs at once on an empty cache: identical reports, and every entry complete."""
    for name in "abcdef":
        (tmp_path / f"{name}.md").write_text(LIST.replace("Insecure", f"Insecure {name}"), encoding="utf-8")
    argv = [sys.executable, "-m", "awesome_lint", "--jobs", "1", *(f"{name}.md" for name in "abcdef")]
    processes = [
        subprocess.Popen(argv, cwd=tmp_path, env=command_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(8)
    ]
    outputs = {process.communicate(timeout=120)[0] for process in processes}
    assert len(outputs) == 1
    found = entries(tmp_path / CACHE_DIR_NAME)
    assert len(found) == 6
    for entry in found:
        assert json.loads(entry.read_bytes())["key"] == entry.stem
    assert not list((tmp_path / CACHE_DIR_NAME).rglob("*.tmp"))
    warm = subprocess.run(argv, cwd=tmp_path, env=command_env(), capture_output=True, timeout=60)
    assert warm.stdout in outputs


WARM_IMPORTS = """
import sys
from awesome_lint.cli import main
status = main(["--output-format", "json", "README.md"])
heavy = sorted({name.split(".")[0] for name in sys.modules} & {"mistune", "ftfy", "pydantic", "pydantic_core"})
print(status, " ".join(heavy) or "-", file=sys.stderr)
"""


@pytest.mark.parametrize("config", [False, True], ids=["no-config", "with-config"])
def test_a_warm_run_imports_no_parser_ftfy_or_pydantic(tmp_path: Path, config: bool) -> None:
    (tmp_path / "README.md").write_text(LIST.replace("Insecure", "Insecureâ€™s"), encoding="utf-8")
    if config:
        (tmp_path / "pyproject.toml").write_text(
            '[tool.awesome-lint]\nmax-file-size = "1MiB"\n'
            '[tool.awesome-lint.rules.list-numbering]\nstyle = "ordered"\n',
            encoding="utf-8",
        )

    def imports() -> str:
        done = subprocess.run(
            [sys.executable, "-c", WARM_IMPORTS], cwd=tmp_path, env=command_env(), capture_output=True, text=True
        )
        return done.stderr.strip().splitlines()[-1]

    cold = imports()
    assert cold.startswith("1 ") and "mistune" in cold and "ftfy" in cold
    assert ("pydantic" in cold) is config
    assert imports() == "1 -"


def test_an_entry_of_another_build_is_a_miss(tmp_path: Path) -> None:
    from awesome_lint.findings import Finding, Severity

    finding = Finding("a.md", 1, 1, 1, 2, "AL202", "insecure-url", Severity.ERROR, "m")
    old = Cache(str(tmp_path), build="1.0-x")
    key = old.key("fingerprint", b"data")
    old.put(key, [finding])
    assert old.get(key, "b.md") == [Finding("b.md", 1, 1, 1, 2, "AL202", "insecure-url", Severity.ERROR, "m")]
    assert Cache(str(tmp_path), build="1.1-x").get(key, "b.md") is None
    assert Cache.key("fingerprint", b"data") != Cache.key("fingerprint", b"datb")
    assert Cache.key("fingerprint", b"data") != Cache.key("fingerprinu", b"data")


def test_a_finding_about_another_file_is_linted_again_when_that_file_changes(run: Run, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "README.md").write_text("# Awesome Test\n\nSee [the guide](contributing.md).\n", encoding="utf-8")
    select = ("--select", "broken-relative-link,contributing-guide")
    cold = lint(run, *select, "README.md")
    assert "README.md:3:17: error: AL415" in cold.stdout
    assert "README.md:1:1: error: AL416" in cold.stdout
    assert "from the cache" in lint(run, *select, "README.md").stderr
    (tmp_path / "contributing.md").write_text("Open a pull request.\n", encoding="utf-8")
    done = lint(run, *select, "README.md")
    assert "README.md: linted" in done.stderr
    assert (done.returncode, findings(done)) == (0, [])
    assert "from the cache" in lint(run, *select, "README.md").stderr
    (tmp_path / "contributing.md").write_text("", encoding="utf-8")
    done = lint(run, *select, "README.md")
    empty = "README.md:1:1: error: AL416 [contributing-guide] the contributing guide contributing.md is empty"
    assert findings(done) == [empty]
