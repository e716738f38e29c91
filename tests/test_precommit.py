"""The pre-commit hook (.pre-commit-hooks.yaml), validated and run for real.

``pre-commit try-repo`` clones the hook repository at a commit and pip-installs it into a
fresh environment, so it sees committed files only (for a repository with uncommitted
changes it commits the modified tracked and the staged files to a shadow clone, never the
untracked ones). To test the working tree as it is, in CI (a clean clone) and in a
checkout with new files alike, the tests commit a snapshot of the working tree (tracked
files and untracked ones that are not ignored) to a throwaway repository and point
pre-commit at that. Each try-repo installs into its own temporary store (it ignores
PRE_COMMIT_HOME); the `pre-commit run` tests share one PRE_COMMIT_HOME and install once.
Installing needs PyPI (or a pip cache) and takes a few seconds.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lintutil import snapshot_checkout

REPO = Path(__file__).resolve().parent.parent
MANIFEST = REPO / ".pre-commit-hooks.yaml"

BAD_LIST = (
    "# Awesome Test\n"
    "\n"
    "- [A](http://a.example) - Insecure.\n"
    "\n"
    "1. [C](https://c.example) - Third.\n"
    "3. [D](https://d.example) - Fourth.\n"
)
GOOD_LIST = (
    "# Awesome Test [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n"
    "\n- [A](https://a.example) - Secure.\n"
)



def git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "AWESOME_LINT_", "PRE_COMMIT"))}
    env.update(
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.com",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
    )
    return env


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=git_env(), capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**git_env(), "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import pre_commit  # noqa: F401  (a dev dependency: fail here, clearly, when it is missing)

    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A one-commit repository holding this checkout's working tree, and that commit."""
    dest = snapshot_checkout(tmp_path_factory.mktemp("hook-repo"))
    git("init", "-q", cwd=dest)
    git("add", "-A", cwd=dest)
    git("commit", "-q", "-m", "snapshot", cwd=dest)
    return dest, git("rev-parse", "HEAD", cwd=dest).strip()


@pytest.fixture(scope="module")
def lists_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A list repository with a defective list and a clean one, both committed."""
    repo = tmp_path_factory.mktemp("lists")
    git("init", "-q", cwd=repo)
    (repo / "bad.md").write_text(BAD_LIST, encoding="utf-8")
    (repo / "good.md").write_text(GOOD_LIST, encoding="utf-8")
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "lists", cwd=repo)
    return repo


def test_manifest_is_valid(pre_commit_home: Path) -> None:
    done = pre_commit("validate-manifest", str(MANIFEST), cwd=REPO, home=pre_commit_home)
    assert done.returncode == 0, done.stdout + done.stderr


def test_manifest_content() -> None:
    import yaml

    check, fix = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert (check["id"], check["entry"]) == ("awesome-lint", "awesome-lint --force-exclude")
    assert (fix["id"], fix["entry"]) == ("awesome-lint-fix", "awesome-lint --fix --force-exclude")
    for hook in (check, fix):
        assert hook["language"] == "python"
        assert hook["types"] == ["markdown"]
        assert hook["minimum_pre_commit_version"] == "2.9.2"


def test_fix_hook_renumbers_and_fails_the_run(
    pre_commit_home: Path, hook_repo: tuple[Path, str], lists_repo: Path
) -> None:
    """pre-commit fails a hook that changed files: the user reviews the fix, stages it and commits again."""
    repo, _ = hook_repo
    try:
        done = pre_commit(
            "try-repo", str(repo), "awesome-lint-fix", "--files", "bad.md", cwd=lists_repo, home=pre_commit_home
        )
        fixed = (lists_repo / "bad.md").read_text(encoding="utf-8")
    finally:
        git("checkout", "--", "bad.md", cwd=lists_repo)  # the other tests of this module lint it as committed
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert re.search(r"^awesome-lint \(fix\)\.+Failed$", output, re.MULTILINE), output
    assert "files were modified by this hook" in output
    assert fixed == BAD_LIST.replace("\n3. [D]", "\n2. [D]")
    # What no fix can repair offline is still reported: the http:// link (its fix is unsafe).
    assert "bad.md:3:7: error: AL202 [insecure-url]" in output


def test_try_repo_fails_on_a_bad_list(pre_commit_home: Path, hook_repo: tuple[Path, str], lists_repo: Path) -> None:
    repo, _ = hook_repo
    done = pre_commit("try-repo", str(repo), "awesome-lint", "--files", "bad.md", cwd=lists_repo, home=pre_commit_home)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert re.search(r"^awesome-lint\.+Failed$", output, re.MULTILINE), output
    assert "bad.md:3:7: error: AL202 [insecure-url]" in output
    assert "bad.md:6:1: error: AL101 [list-numbering]" in output
    assert "good.md" not in output


def test_try_repo_passes_a_good_list(pre_commit_home: Path, hook_repo: tuple[Path, str], lists_repo: Path) -> None:
    repo, _ = hook_repo
    done = pre_commit("try-repo", str(repo), "awesome-lint", "--files", "good.md", cwd=lists_repo, home=pre_commit_home)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert re.search(r"^awesome-lint\.+Passed$", output, re.MULTILINE), output


def test_commit_hook_blocks_a_bad_list(pre_commit_home: Path, hook_repo: tuple[Path, str], tmp_path: Path) -> None:
    """As users set it up: .pre-commit-config.yaml, `pre-commit install`, then `git commit`."""
    repo, rev = hook_repo
    git("init", "-q", cwd=tmp_path)
    (tmp_path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo.as_uri()}\n    rev: {rev}\n    hooks:\n      - id: awesome-lint\n"
        "        args: [--exclude, 'vendor/*']\n",
        encoding="utf-8",
    )
    done = pre_commit("install", cwd=tmp_path, home=pre_commit_home)
    assert done.returncode == 0, done.stdout + done.stderr
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "copied.md").write_text(BAD_LIST, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("http://not.markdown\n", encoding="utf-8")
    (tmp_path / "README.md").write_text(GOOD_LIST, encoding="utf-8")
    (tmp_path / "contributing.md").write_text("Open a pull request.\n", encoding="utf-8")
    (tmp_path / "LICENSE").write_text("CC0 1.0 Universal\n", encoding="utf-8")
    git("add", "-A", cwd=tmp_path)
    env = {**git_env(), "PRE_COMMIT_HOME": str(pre_commit_home), "PRE_COMMIT_COLOR": "never"}
    # Not a Markdown file, an excluded one (named by pre-commit, so --force-exclude matters), a clean list.
    done = subprocess.run(
        ["git", "commit", "-m", "clean"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr

    (tmp_path / "README.md").write_text(BAD_LIST, encoding="utf-8")
    git("add", "README.md", cwd=tmp_path)
    done = subprocess.run(
        ["git", "commit", "-m", "bad"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "README.md:3:7: error: AL202 [insecure-url]" in output
    assert "vendor/copied.md" not in output


def test_documented_config_is_valid(pre_commit_home: Path, tmp_path: Path) -> None:
    text = (REPO / "docs" / "integrations.md").read_text(encoding="utf-8")
    (config,) = [block for block in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL) if "repos:" in block]
    (tmp_path / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    done = pre_commit("validate-config", ".pre-commit-config.yaml", cwd=tmp_path, home=pre_commit_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "id: awesome-lint" in config
