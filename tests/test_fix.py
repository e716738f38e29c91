"""--fix, --unsafe-fixes, --diff and --show-fixes: what each rule's fix does, byte for byte."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from awesome_lint.engine import Linter, select_rules
from awesome_lint.fixes.select import fix_until_stable

FIXTURES = Path(__file__).parent / "fixtures"


def fixed(text: str, *rules: str, unsafe: bool = False) -> str:
    """``text`` after fixing with ``rules`` until stable, as --fix would write it."""
    linter = Linter(select_rules(list(rules) or None))

    def fixes(data: bytes) -> list:  # type: ignore[type-arg]
        return [(f.code, f.fix) for f in linter.lint_bytes(data, "x.md").findings if f.fix is not None]

    data, _, _ = fix_until_stable(text.encode("utf-8"), "x.md", fixes, unsafe=unsafe)
    if data != text.encode("utf-8"):
        diff_applies(text.encode("utf-8"), data)
    return data.decode("utf-8")


def diff_applies(before: bytes, after: bytes) -> None:
    """The ``--diff`` of every fix these tests make applies with ``git apply`` and ``patch -p1``."""
    import tempfile

    from awesome_lint.fixes.diff import unified_diff

    diff = unified_diff(before, after, "x.md").encode("utf-8", "surrogateescape")
    for tool in (["git", "apply", "-"], ["patch", "-s", "-p1"]):
        with tempfile.TemporaryDirectory() as place:
            (Path(place) / "x.md").write_bytes(before)
            done = subprocess.run(tool, cwd=place, input=diff, capture_output=True, check=False)
            assert done.returncode == 0, (tool, done.stderr, diff)
            assert (Path(place) / "x.md").read_bytes() == after, tool


def run(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "awesome_lint", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("1. a\n2. b\n4. c\n", "1. a\n2. b\n3. c\n"),
        ("1) a\n1) b\n1) c\n2) d\n", "1) a\n1) b\n1) c\n1) d\n"),
        ("01. a\n02. b\n04. c\n", "01. a\n02. b\n03. c\n"),
        # 9 → 10 widens the marker: the nested list and the second paragraph move with it.
        (
            "8. a\n9. b\n9. c\n   - nested\n\n   more of c\n",
            "8. a\n9. b\n10. c\n    - nested\n\n    more of c\n",
        ),
        # 10 → 9 narrows it.
        (
            "8. a\n9. b\n11. c\n    - nested\n",
            "8. a\n9. b\n10. c\n    - nested\n",
        ),
        ("> 1. a\n> 3. b\n", "> 1. a\n> 2. b\n"),
    ],
)
def test_list_numbering_fix(before: str, after: str) -> None:
    assert fixed(before, "list-numbering") == after


def test_renumbering_keeps_the_structure() -> None:
    from awesome_lint.document import parse_document
    from awesome_lint.source import Source

    # 1..8, then 8 (should be 9), 9 (should be 10: wider), 11; sub-lists indented to each item's content.
    numbers = [1, 2, 3, 4, 5, 6, 7, 8, 8, 9, 11]
    text = "".join(f"{n}. item\n{' ' * (len(str(n)) + 2)}- sub\n" for n in numbers)
    before = parse_document(Source.from_text(text))
    assert [len(block.items) for block in before.lists] == [11] + [1] * 11
    out = fixed(text, "list-numbering")
    assert out.splitlines()[16:22] == ["9. item", "   - sub", "10. item", "    - sub", "11. item", "    - sub"]
    after = parse_document(Source.from_text(out))
    assert [len(block.items) for block in after.lists] == [11] + [1] * 11
    assert [block.depth for block in after.lists] == [block.depth for block in before.lists]


def test_mojibake_fix() -> None:
    assert fixed("- [A](https://a.example) - LinkedInâ€™s CafÃ© â€” Ã¼ber.\n", "mojibake") == (
        "- [A](https://a.example) - LinkedIn’s Café — über.\n"
    )


def test_insecure_url_fix_is_unsafe() -> None:
    text = "- [A](http://a.example/x) <http://b.example> http://c.example\n\n[r]: HTTP://d.example\n"
    assert fixed(text, "insecure-url") == text
    assert fixed(text, "insecure-url", unsafe=True) == (
        "- [A](https://a.example/x) <https://b.example> https://c.example\n\n[r]: https://d.example\n"
    )


def test_empty_heading_fix_is_unsafe() -> None:
    assert fixed("# T\n\n##\ntext\n", "empty-heading") == "# T\n\n##\ntext\n"
    assert fixed("# T\n\n##\ntext\n", "empty-heading", unsafe=True) == "# T\n\ntext\n"
    assert fixed("# T\n##", "empty-heading", unsafe=True) == "# T"


def test_duplicate_url_has_no_fix() -> None:
    text = "- [A](https://a.example)\n- [B](https://a.example)\n"
    assert fixed(text, unsafe=True) == text
    [finding] = Linter(select_rules(["duplicate-url"])).lint_text(text).findings
    assert not finding.fixable
    assert finding.message.endswith("remove one of the entries")


def test_the_seed_list_end_to_end(tmp_path: Path) -> None:
    target = tmp_path / "list.md"
    shutil.copy(FIXTURES / "seed-distributed-systems.md", target)
    original = target.read_bytes()

    done = run(tmp_path, "--fix", "--output-format", "json", "list.md")
    assert done.returncode == 1, done.stderr
    remaining = {line.split('"code": ')[1].strip(' ",') for line in done.stdout.splitlines() if '"code"' in line}
    assert remaining == {"AL202"}  # numbering and mojibake are gone; http:// needs --unsafe-fixes
    text = target.read_text(encoding="utf-8")
    assert "LinkedIn’s" in text and "â€" not in text
    assert text.startswith(original.decode("utf-8")[:150])  # the front matter is untouched
    assert [line[:3] for line in text.splitlines()[4:30]] == ["1. "] * 26

    done = run(tmp_path, "--fix", "--unsafe-fixes", "list.md")
    assert (done.returncode, done.stdout) == (0, "Found 14 problems (14 fixed, 0 remaining) in 1 file.\n")
    assert "http://" not in target.read_text(encoding="utf-8")


def test_diff_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"1. a\r\n3. b\r\n")
    done = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--diff", "a.md"], cwd=tmp_path, capture_output=True, check=False
    )
    assert done.returncode == 1
    assert done.stdout == b"--- a/a.md\n+++ b/a.md\n@@ -1,2 +1,2 @@\n 1. a\r\n-3. b\r\n+2. b\r\n"
    assert done.stderr == b"Would fix 1 problem.\n"
    assert (tmp_path / "a.md").read_bytes() == b"1. a\r\n3. b\r\n"
    (tmp_path / "b.md").write_text("1. a\n2. b\n")
    assert run(tmp_path, "--diff", "b.md").returncode == 0


def test_show_fixes(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("1. a\n3. b\n5. c\nCafÃ©\n")
    done = run(tmp_path, "--fix", "--show-fixes", "a.md")
    assert done.returncode == 0
    assert done.stdout == (
        "Found 2 problems (2 fixed, 0 remaining) in 1 file.\n"
        "Fixed 2 problems:\n- a.md:\n    1 × AL101 (list-numbering)\n    1 × AL301 (mojibake)\n"
        "      AL101: GitHub renders the same\n"
        "      AL301: it shows 'é' instead of 'Ã©'\n"
    )


def test_stdin_fix_writes_the_fixed_text_to_stdout(tmp_path: Path) -> None:
    done = run(tmp_path, "--fix", "--ignore", "AL4", "-", stdin="1. a\n3. b\n- [x](http://x.example)\n")
    assert done.stdout == "1. a\n2. b\n- [x](http://x.example)\n"
    assert done.returncode == 1
    assert done.stderr.startswith("-:3:7: error: AL202 [insecure-url]")


def test_a_file_changed_on_disk_is_not_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from awesome_lint import cli
    from awesome_lint.fixes import select as fixer

    target = tmp_path / "a.md"
    target.write_text("1. a\n3. b\n")
    real = fixer.fix_until_stable

    def meddle(*args, **kwargs):  # type: ignore[no-untyped-def]
        out = real(*args, **kwargs)
        target.write_text("1. someone else's edit\n")
        return out

    monkeypatch.setattr(fixer, "fix_until_stable", meddle)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--fix", "a.md"]) == 2
    assert target.read_text() == "1. someone else's edit\n"


def test_suppressed_findings_are_not_fixed() -> None:
    text = "1. a\n<!-- awesome-lint-disable-next-line list-numbering -->\n3. b\n"
    assert fixed(text, "list-numbering") == text


def test_a_read_only_file_is_refused_and_its_findings_reported_unfixed(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("1. a\n3. b\n")
    target.chmod(0o444)
    done = run(tmp_path, "--fix", "a.md")
    assert done.returncode == 2
    assert done.stdout == (
        "a.md:2:1: error: AL101 [list-numbering] list item number 3 should be 2 (this list counts up from 1)\n"
        "Found 1 error (1 fixable with --fix) in 1 file; 1 path could not be checked.\n"
    )
    assert done.stderr == (
        "awesome-lint: error: a.md: cannot write the fixed file: "
        "the file is read-only (its mode allows no writing); not fixed\n"
    )
    assert target.read_text() == "1. a\n3. b\n"


def every_diff_applies(tmp_path: Path, data: bytes, name: str = "list.md") -> None:
    """The ``--diff`` of ``data`` applies with ``git apply`` and with ``patch -p1`` and gives the ``--fix`` bytes."""
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    (work / name).write_bytes(data)
    diff = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--diff", "--unsafe-fixes", name], cwd=work, capture_output=True
    ).stdout
    fix = [sys.executable, "-m", "awesome_lint", "--fix", "--unsafe-fixes", name]
    subprocess.run(fix, cwd=work, capture_output=True, check=False)
    wanted = (work / name).read_bytes()
    assert diff, "nothing to fix"
    for tool in (["git", "apply", "-"], ["patch", "-s", "-p1"]):
        place = tmp_path / tool[0]
        place.mkdir(exist_ok=True)
        (place / name).write_bytes(data)
        done = subprocess.run(tool, cwd=place, input=diff, capture_output=True, check=False)
        assert done.returncode == 0, (tool, done.stderr, diff)
        assert (place / name).read_bytes() == wanted, tool


@pytest.mark.parametrize(
    "data",
    [
        b"1. a\n3. b\n",
        b"1. a\r\n3. b\r\n",
        b"1. a\r3. b\r",
        b"1. a\n3. b",
        b"\xef\xbb\xbf# T\n\n1. a\n3. b\n\n- [x](http://x.example)\n##\n",
        b"text\n\n##",
        b"".join(b"%d. item\n" % n for n in [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12]) + b"\nCaf\xc3\x83\xc2\xa9\n",
    ],
)
def test_diffs_apply_with_git_and_patch(tmp_path: Path, data: bytes) -> None:
    every_diff_applies(tmp_path, data)


def test_the_diff_of_the_readme_example_applies(tmp_path: Path) -> None:
    example = Path(__file__).parent.parent / "examples" / "awesome-distributed-systems.md"
    every_diff_applies(tmp_path, example.read_bytes())


def test_an_absolute_path_outside_the_working_directory_loses_its_leading_slash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from awesome_lint.fixes.diff import diff_path

    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    outside = tmp_path / "there" / "list.md"
    assert diff_path(str(outside)) == str(outside).lstrip("/")
    assert diff_path(str(tmp_path / "here" / "in" / "list.md")) == "in/list.md"
    assert diff_path("docs/list.md") == "docs/list.md"


def test_show_fixes_without_fix_lists_each_fix_and_what_it_changes_on_github(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("1. a\n3. b\n- [x](http://x.example)\n", encoding="utf-8")
    done = run(tmp_path, "--show-fixes", "README.md")
    assert done.returncode == 1
    assert done.stdout.endswith(
        "Fixes available:\n"
        "  README.md:2:1: AL101 (safe): GitHub renders the same\n"
        "  README.md:3:7: AL202 (unsafe): the link goes to https://x.example instead of http://x.example\n"
    )



def test_a_fix_the_referee_rejects_is_offered_as_unsafe_with_the_reason(tmp_path: Path) -> None:
    # After "10)" the tab reaches a column that makes `code` an indented code block; after "9)" it
    # does not: renumbering would turn the code block into text.
    text = "> > 8) *em*\n> > 10) \t`code`\n"
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    done = run(tmp_path, "--show-fixes", "--select", "AL101", "README.md")
    assert done.stdout.endswith(
        "Found 1 error (1 fixable with --unsafe-fixes) in 1 file.\n"
        "Fixes available:\n"
        "  README.md:2:5: AL101 (unsafe): it would change more than it means to on GitHub: "
        "'<pre>' would disappear\n"
    )
    assert run(tmp_path, "--fix", "--select", "AL101", "README.md").returncode == 1
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == text
