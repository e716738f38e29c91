"""The read-only view of the repository that the repository rules get: paths kept inside the
root, GitHub's case-sensitive spelling, and recorded answers that a cache can check again."""

from pathlib import Path

import pytest

from awesome_lint.project import DiskProject, MemoryProject, disk_project, still_valid


@pytest.fixture(params=["memory", "disk"])
def project(request: pytest.FixtureRequest, tmp_path: Path) -> MemoryProject | DiskProject:
    files = {"README.md": "# A\n", "docs/Guide.md": "guide\n", ".github/CONTRIBUTING.md": "x\n"}
    if request.param == "memory":
        return MemoryProject(files)
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return DiskProject(str(tmp_path), "README.md")


def test_kinds_are_spelt_exactly(project: MemoryProject | DiskProject) -> None:
    assert project.kind("docs/Guide.md") == "file"
    assert project.kind("docs") == project.kind("docs/") == project.kind("./docs/../docs") == "dir"
    assert project.kind("docs/guide.md") is None  # GitHub's paths are case-sensitive
    assert project.kind("missing.md") is None
    assert project.respelt("DOCS/guide.MD") == "docs/Guide.md"


@pytest.mark.parametrize("path", ["../README.md", "docs/../../x", "/etc/passwd"])
def test_nothing_outside_the_root_is_seen(project: MemoryProject | DiskProject, path: str) -> None:
    assert project.kind(path) is None
    assert project.read_text(path) is None


def test_find_matches_githubs_special_files_in_any_case(project: MemoryProject | DiskProject) -> None:
    assert project.find(["CONTRIBUTING.md", ".github/contributing.md"]) == ".github/CONTRIBUTING.md"
    assert project.find(["docs"]) is None  # a folder is not a file
    assert project.read_text("docs/Guide.md") == "guide\n"


def test_recorded_answers_are_checked_again(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "README.md").write_text("# A\n")
    first = disk_project(str(tmp_path / "README.md"))
    assert first is not None and first.document == "README.md"
    assert first.find(["contributing.md"]) is None
    assert first.read_text("README.md") == "# A\n"
    (tmp_path / "unrelated.txt").write_text("x")  # what no rule asked about changes nothing
    assert still_valid(disk_project(str(tmp_path / "README.md")), first.reads)  # type: ignore[arg-type]
    (tmp_path / "Contributing.md").write_text("x")
    assert not still_valid(disk_project(str(tmp_path / "README.md")), first.reads)  # type: ignore[arg-type]


def test_outside_a_git_repository_there_is_no_project(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# A\n")
    if any((parent / ".git").exists() for parent in tmp_path.parents):
        pytest.fail(f"{tmp_path} is inside a git repository; the test needs a folder outside one")
    assert disk_project(str(tmp_path / "README.md")) is None
