"""--diff-base: a pull request is judged on its own lines; and --exclude / --force-exclude."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BADGE = " [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)"
OLD = (
    "# Awesome" + BADGE + "\n\n"
    "- [Old](http://old.example/a) - An old defect.\n- [Dup](https://dup.example) - Listed.\n"
)


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=True)
    return done.stdout


def lint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--output-format", "json", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "README.md").write_text(OLD)
    (tmp_path / "other.md").write_text("- [x](http://other.example)\n")
    (tmp_path / "contributing.md").write_text("Open a pull request.\n")  # what a list's repository has
    (tmp_path / "LICENSE").write_text("CC0 1.0 Universal\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    git(tmp_path, "checkout", "-qb", "feature")
    return tmp_path


def positions(done: subprocess.CompletedProcess[str]) -> list[tuple[str, int, int, str]]:
    import json

    return [(f["path"], f["line"], f["column"], f["code"]) for f in json.loads(done.stdout)]


def test_only_lines_of_the_branch_and_the_working_tree_are_reported(repo: Path) -> None:
    text = OLD + "- [New](http://new.example) - Committed on the branch.\n"
    (repo / "README.md").write_text(text)
    git(repo, "commit", "-qam", "add an entry")
    git(repo, "checkout", "-q", "main")
    (repo / "main-only.md").write_text("- [m](http://main.example)\n")
    git(repo, "add", "main-only.md")
    git(repo, "commit", "-qm", "main moves on")  # changes on the base branch do not count
    git(repo, "checkout", "-q", "feature")
    # Uncommitted: a duplicate of an old entry (the first occurrence is old, the repeat is new).
    (repo / "README.md").write_text(text + "- [Dup again](https://dup.example/) - Uncommitted.\n")
    (repo / "untracked.md").write_text("- [u](http://untracked.example)\n")

    everything = lint(repo, "README.md", "other.md", "untracked.md")
    assert len(positions(everything)) == 5

    done = lint(repo, "--diff-base", "main", "README.md", "other.md", "untracked.md")
    assert done.returncode == 1, done.stderr
    assert positions(done) == [
        ("README.md", 5, 9, "AL202"),
        ("README.md", 6, 15, "AL201"),
        ("untracked.md", 1, 7, "AL202"),
    ]


def test_nothing_new_means_nothing_reported(repo: Path) -> None:
    done = lint(repo, "--diff-base", "main", "README.md")
    assert (done.returncode, positions(done)) == (0, [])


def test_a_removed_line_reports_nothing_and_paths_are_resolved(repo: Path) -> None:
    (repo / "sub").mkdir()
    (repo / "README.md").write_text(OLD.replace("- [Old](http://old.example/a) - An old defect.\n", ""))
    done = lint(repo / "sub", "--diff-base", "main", "../README.md")
    assert (done.returncode, positions(done)) == (0, [])


def test_outside_git_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(OLD)
    done = lint(tmp_path, "--diff-base", "main")
    assert done.returncode == 2
    assert done.stderr.startswith("awesome-lint: error: --diff-base: README.md: not inside a git repository (git: ")
    assert done.stdout == ""


def test_unknown_ref_is_a_usage_error(repo: Path) -> None:
    done = lint(repo, "--diff-base", "origin/nope")
    assert done.returncode == 2
    assert "--diff-base: cannot find the merge base of 'origin/nope' and HEAD" in done.stderr


def test_exclude_skips_walked_files_and_force_exclude_named_ones(tmp_path: Path) -> None:
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "third.md").write_text("- [x](http://vendor.example)\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "old.md").write_text("- [x](http://old.example)\n")
    (tmp_path / "README.md").write_text("- [x](http://readme.example)\n")

    walked = lint(tmp_path, "--select", "AL202", "--exclude", "vendor,docs/old.md", ".")
    assert [p[0] for p in positions(walked)] == ["README.md"]

    named = lint(tmp_path, "--select", "AL202", "--exclude", "vendor", "vendor/third.md", "README.md")
    assert [p[0] for p in positions(named)] == ["README.md", "vendor/third.md"]

    forced = lint(
        tmp_path, "--select", "AL202", "--exclude", "vendor", "--force-exclude", "vendor/third.md", "README.md"
    )
    assert [p[0] for p in positions(forced)] == ["README.md"]


def test_run_from_outside_the_repository_uses_the_files_own(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`awesome-lint --diff-base main /path/to/checkout/README.md` from anywhere: the file's repository decides."""
    (repo / "README.md").write_text(OLD + "- [New](http://new.example) - A new defect.\n")
    outside = tmp_path_factory.mktemp("elsewhere")
    done = lint(outside, "--diff-base", "main", str(repo / "README.md"))
    assert done.returncode == 1, done.stderr
    assert positions(done) == [(str(repo / "README.md"), 5, 9, "AL202")]


def test_files_of_two_repositories_each_against_their_own(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    other = tmp_path_factory.mktemp("other")
    git(other, "init", "-q", "-b", "main")
    (other / "list.md").write_text("- [a](http://a.example)\n")
    git(other, "add", ".")
    git(other, "commit", "-qm", "base")
    (other / "list.md").write_text("- [a](http://a.example)\n- [b](http://b.example)\n")
    (repo / "README.md").write_text(OLD + "- [New](http://new.example) - A new defect.\n")
    done = lint(repo, "--diff-base", "main", "README.md", str(other / "list.md"))
    assert done.returncode == 1, done.stderr
    assert sorted(positions(done)) == sorted([("README.md", 5, 9, "AL202"), (str(other / "list.md"), 2, 7, "AL202")])


def test_a_file_outside_any_repository_is_named(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    loose = tmp_path_factory.mktemp("loose") / "list.md"
    loose.write_text("- [a](http://a.example)\n")
    done = lint(repo, "--diff-base", "main", "README.md", str(loose))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"awesome-lint: error: --diff-base: {loose}: not inside a git repository (git: ")


NUMBERED = "# Awesome" + BADGE + "\n\n" + "".join(
    f"{n}. [P{n}](https://p{n}.example) - Project.\n" for n in range(1, 9)
)


@pytest.fixture
def numbered(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "README.md").write_text(NUMBERED)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    git(tmp_path, "checkout", "-qb", "feature")
    return tmp_path


def test_an_item_inserted_mid_list_is_told_at_its_line_with_the_fix_for_the_run(numbered: Path) -> None:
    lines = NUMBERED.splitlines(keepends=True)
    lines.insert(5, "4. [New](https://new.example) - Inserted.\n")  # a second "4." on line 6
    (numbered / "README.md").write_text("".join(lines))
    done = lint(numbered, "--diff-base", "main", "README.md")
    import json

    [finding] = json.loads(done.stdout)
    assert (finding["line"], finding["column"], finding["code"]) == (6, 1, "AL101")
    assert finding["message"] == "5 list items numbered 4 to 8 should be 5 to 9 (this list counts up from 1)"
    assert [part["line"] for part in finding["parts"]] == [7, 8, 9, 10, 11]
    fixed = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--fix", "--diff-base", "main", "README.md"],
        cwd=numbered,
        capture_output=True,
        text=True,
        check=False,
    )
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert (numbered / "README.md").read_text().splitlines()[6:11] == [
        f"{n}. [P{n - 1}](https://p{n - 1}.example) - Project." for n in range(5, 10)
    ]


def test_an_item_removed_mid_list_is_told_where_it_was(numbered: Path) -> None:
    lines = NUMBERED.splitlines(keepends=True)
    del lines[4]  # "3. [P3]..." on line 5
    (numbered / "README.md").write_text("".join(lines))
    assert positions(lint(numbered, "--diff-base", "main", "README.md")) == [("README.md", 5, 1, "AL101")]


def test_with_a_diff_base_only_findings_in_scope_are_fixed(numbered: Path) -> None:
    old = NUMBERED.replace("8. [P8]", "9. [P8]").replace("(https://p2.example)", "(http://p2.example)")
    (numbered / "README.md").write_text(old)
    git(numbered, "commit", "-qam", "base defects")
    git(numbered, "branch", "-qf", "main")
    text = old + "\nCafÃ© is new.\n"
    (numbered / "README.md").write_text(text)
    diff = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--diff", "--unsafe-fixes", "--diff-base", "main", "README.md"],
        cwd=numbered,
        capture_output=True,
        text=True,
        check=False,
    )
    assert diff.stdout.count("\n-") == 1 and "-CafÃ© is new." in diff.stdout and "+Café is new." in diff.stdout
