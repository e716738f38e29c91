"""The command line, run for real in a subprocess: exit codes, stdout, stderr.

Most tests use the private test rules of conftest.py (AL991 test-http: error at
each ``http://`` link URL; AL992 test-todo: warning at each ``TODO``; AL993
test-crash: raises on ``CRASH``), so that they do not change when the real rules do.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from awesome_lint import __version__, cli
from awesome_lint.engine import DEFAULT_MAX_FILE_SIZE

Run = Callable[..., "subprocess.CompletedProcess[str]"]
Spawn = Callable[..., "subprocess.Popen[bytes]"]

CLEAN = "# Awesome Things\n\n- [A](https://a.example) - A thing.\n"
HTTP = "# Awesome Things\n\n- [A](http://a.example) - A thing.\n"
HTTP_LINE = "README.md:3:7: error: AL991 [test-http] http link http://a.example"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def test_clean_file(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "README.md", CLEAN)
    done = run("README.md")
    assert (done.returncode, done.stdout, done.stderr) == (0, "All checks passed!\n", "")


def test_file_with_error(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "README.md", HTTP)
    done = run("README.md")
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout == f"{HTTP_LINE}\nFound 1 error in 1 file.\n"


def test_real_insecure_url_rule(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "README.md", "# Awesome Things\n\n- [A](http://a.example/x) - A thing.\n")
    done = run("--select", "AL202", "--output-format", "json", real_rules=True)
    assert done.returncode == 1, done.stderr
    [found] = json.loads(done.stdout)
    assert (found["path"], found["code"], found["rule"], found["line"], found["column"], found["end_column"]) == (
        "README.md",
        "AL202",
        "insecure-url",
        3,
        7,
        24,
    )
    assert found["message"] == 'insecure URL "http://a.example/x": use https://'
    assert found["fixable"] is True  # an unsafe fix: http:// → https://


def test_warnings_alone_exit_zero(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "README.md", CLEAN + "TODO\n")
    done = run()
    assert (done.returncode, done.stdout) == (
        0,
        "README.md:4:1: warning: AL992 [test-todo] TODO left\nFound 1 warning (no errors) in 1 file.\n",
    )


def test_internal_error_exits_2(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "README.md", HTTP + "CRASH\n")
    done = run("--output-format", "json")
    assert done.returncode == 2
    codes = [item["code"] for item in json.loads(done.stdout)]
    assert codes == ["AL000", "AL991"]
    assert done.stderr.startswith("awesome-lint: error: README.md: internal error in rule AL993 (test-crash): ")
    assert "RuntimeError: boom" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("name", ["README.md", "readme.md", "Readme.md", "ReadMe.MD", "README.markdown"])
def test_readme_found_in_any_case(run: Run, tmp_path: Path, name: str) -> None:
    write(tmp_path / name, HTTP)
    write(tmp_path / "other.md", HTTP)
    done = run()
    assert done.returncode == 1
    assert done.stdout == f"{name}:3:7: error: AL991 [test-http] http link http://a.example\nFound 1 error in 1 file.\n"


def test_readme_md_preferred_over_markdown(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "readme.markdown", HTTP)
    write(tmp_path / "README.md", CLEAN)
    assert run().stdout == "All checks passed!\n"


def test_no_readme(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "list.md", CLEAN)
    (tmp_path / "README.md").mkdir()  # a directory is not a readme
    done = run()
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("awesome-lint: error: no readme.md in the current directory")
    assert "awesome-lint docs/list.md" in done.stderr
    assert done.stderr.count("\n") == 1


def test_directory_walk(run: Run, tmp_path: Path) -> None:
    for name in [
        "docs/b.md",
        "docs/a.MD",
        "docs/sub/c.markdown",
        "docs/sub/d.mdown",
        "docs/sub/e.mkd",
        "docs/node_modules/x.md",
        "docs/.git/x.md",
        "docs/.hidden/x.md",
        "docs/venv/x.md",
        "docs/.venv/x.md",
        "docs/__pycache__/x.md",
        "docs/site-packages/x.md",
    ]:
        write(tmp_path / name, HTTP)
    write(tmp_path / "docs/notes.txt", HTTP)
    done = run("docs/")
    paths = [line.split(":")[0] for line in done.stdout.splitlines()[:-1]]
    assert paths == ["docs/a.MD", "docs/b.md", "docs/sub/c.markdown", "docs/sub/d.mdown", "docs/sub/e.mkd"]
    assert done.stdout.endswith("Found 5 errors in 5 files.\n")


def test_directory_dot_and_explicit_hidden_directory(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "README.md", HTTP)
    write(tmp_path / ".github/CONTRIBUTING.md", HTTP)
    assert run(".").stdout.splitlines()[0].startswith("README.md:3:7:")
    assert run(".github").stdout.splitlines()[0].startswith(".github/CONTRIBUTING.md:3:7:")


def test_each_file_once(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "README.md", HTTP)
    done = run("README.md", "./README.md", ".")
    assert done.stdout == f"{HTTP_LINE}\nFound 1 error in 1 file.\n"


def test_explicit_file_of_any_extension(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "list.txt", HTTP)
    assert run("list.txt").stdout.startswith("list.txt:3:7: error: AL991")


def test_stdin(run: Run) -> None:
    done = run("-", stdin=HTTP)
    assert (done.returncode, done.stdout) == (
        1,
        "-:3:7: error: AL991 [test-http] http link http://a.example\nFound 1 error in 1 file.\n",
    )
    done = run("-", "--stdin-filename", "docs/list.md", stdin=HTTP)
    assert done.stdout.startswith("docs/list.md:3:7: error: AL991")
    # --stdin-filename alone means standard input, as in ruff (editors use it).
    done = run("--stdin-filename", "x.md", stdin=CLEAN)
    assert (done.returncode, done.stdout) == (0, "All checks passed!\n")


def test_stdin_too_large(run: Run) -> None:
    done = run("-", "--max-file-size", "10", stdin=HTTP)
    assert done.returncode == 2
    assert done.stderr.startswith("awesome-lint: error: -: standard input is above the 10-byte limit")


def test_missing_file_others_still_reported(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "README.md", HTTP)
    done = run("--output-format", "json", "missing.md", "README.md")
    assert done.returncode == 2
    assert done.stderr == "awesome-lint: error: missing.md: no such file\n"
    assert [(item["path"], item["line"], item["column"]) for item in json.loads(done.stdout)] == [("README.md", 3, 7)]


def test_non_utf8_file(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "docs/x.md", b"# T\nab\xff\n")
    write(tmp_path / "README.md", CLEAN)
    done = run("docs/x.md", "README.md")
    assert done.returncode == 2
    assert done.stderr == (
        "awesome-lint: error: docs/x.md: not valid UTF-8: byte 0xff at line 2, column 3 (byte offset 6); "
        "save the file as UTF-8\n"
    )
    assert done.stdout == "No problems found, but 1 path could not be checked.\n"


def test_binary_file(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "logo.md", b"\x89PNG\r\n\x1a\n\x00\x00")
    done = run("logo.md")
    assert done.returncode == 2
    assert done.stderr == (
        "awesome-lint: error: logo.md: not a text file: NUL byte at line 3, column 1 (byte offset 8)\n"
    )


def test_oversized_file(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "README.md", CLEAN + "x" * 1500 + "\n")
    done = run("--max-file-size", "1KB")
    assert done.returncode == 2
    assert done.stderr.startswith("awesome-lint: error: README.md: file is 1,555 bytes, above the 1,000-byte limit")
    assert run("--max-file-size", "2kib").returncode == 0


def test_invalid_max_file_size(run: Run) -> None:
    done = run("--max-file-size", "5XB")
    assert done.returncode == 2
    assert "argument --max-file-size: invalid size '5XB'" in done.stderr


def test_empty_directory(run: Run, tmp_path: Path) -> None:
    (tmp_path / "empty-dir/node_modules").mkdir(parents=True)
    write(tmp_path / "empty-dir/node_modules/x.md", HTTP)
    done = run("empty-dir")
    assert done.returncode == 2
    assert done.stderr == "awesome-lint: error: empty-dir: no Markdown files found in this directory\n"


def test_unknown_selector(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "README.md", HTTP)
    done = run("--select", "AL9,nope")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("awesome-lint: error: --select: unknown rule selector 'nope'; known rules: AL991")
    assert run("--ignore", "AL5").stderr.startswith("awesome-lint: error: --ignore: unknown rule selector 'AL5'")


def test_select_and_ignore(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "README.md", HTTP + "TODO\n")

    def codes(*args: str) -> list[str]:
        return [item["code"] for item in json.loads(run("--output-format", "json", *args).stdout)]

    assert codes() == ["AL991", "AL992"]
    assert codes("--select", "test-todo") == ["AL992"]
    assert codes("--select", "AL991", "--select", "AL992") == ["AL991", "AL992"]
    assert codes("--select", "AL991", "--extend-select", "test-todo") == ["AL991", "AL992"]
    assert codes("--ignore", "test-http") == ["AL992"]
    nothing = run("--ignore", "AL99")  # every rule ignored: refused rather than "All checks passed!"
    assert (nothing.returncode, nothing.stdout) == (2, "")
    assert nothing.stderr == (
        "awesome-lint: error: no rule is selected (ignored: AL99): nothing would be checked; select at least one rule\n"
    )
    assert codes("--select", " AL991 , ") == ["AL991"]


def test_exit_zero(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "README.md", HTTP)
    assert run("--exit-zero").returncode == 0
    assert run("--exit-zero", "README.md", "missing.md").returncode == 2


def test_statistics(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "README.md", HTTP + "TODO TODO\n- [B](http://b.example)\n")
    done = run("--statistics")
    assert (done.returncode, done.stdout) == (
        1,
        "   2  AL991  test-http\n   2  AL992  test-todo\nFound 2 errors and 2 warnings in 1 file.\n",
    )


def test_output_file(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "README.md", HTTP)
    done = run("--output-file", "report.json", "--output-format", "json")
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "")
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))[0]["code"] == "AL991"
    done = run("--output-file", "no/such/dir/report.txt")
    assert done.returncode == 2
    assert done.stderr.startswith("awesome-lint: error: no/such/dir/report.txt: cannot write the report")


def test_github_format(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "README.md", HTTP)
    done = run("--output-format", "github")
    assert done.stdout == (
        "::error file=README.md,line=3,endLine=3,col=7,endColumn=22,title=AL991 test-http::http link http://a.example\n"
    )


def test_version(run: Run) -> None:
    done = run("--version")
    assert (done.returncode, done.stdout) == (0, f"awesome-lint {__version__}\n")


def test_help(run: Run) -> None:
    done = run("--help", env={"COLUMNS": "100"})
    assert done.returncode == 0
    assert "examples:" in done.stdout
    assert "awesome-lint docs/" in done.stdout
    assert "--output-format json" in done.stdout
    assert f"{DEFAULT_MAX_FILE_SIZE // 2**20}MiB" in done.stdout  # the help tells the engine's default


def test_output_format_from_environment(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "README.md", HTTP)
    done = run(env={"AWESOME_LINT_OUTPUT_FORMAT": "JSON"})
    assert json.loads(done.stdout)[0]["code"] == "AL991"
    done = run("--output-format", "text", env={"AWESOME_LINT_OUTPUT_FORMAT": "json"})
    assert done.stdout.startswith(HTTP_LINE)  # the flag wins
    done = run(env={"AWESOME_LINT_OUTPUT_FORMAT": "xml"})
    assert (done.returncode, done.stdout) == (2, "")
    assert "awesome-lint: error: invalid $AWESOME_LINT_OUTPUT_FORMAT value 'xml'" in done.stderr


def test_options_after_paths(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "a.md", HTTP)
    write(tmp_path / "b.md", HTTP)
    done = run("a.md", "--output-format", "json", "b.md", "-q")
    assert [item["path"] for item in json.loads(done.stdout)] == ["a.md", "b.md"]


def test_rules_command(run: Run) -> None:
    done = run("rules")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "CODE   NAME        SEVERITY  FIXABLE  SUMMARY\n"
        "AL991  test-http   error     no       Test: no http links\n"
        "AL992  test-todo   warning   no       Test: no TODO\n"
        "AL993  test-crash  error     no       Test: crash\n"
    )
    rows = json.loads(run("--output-format", "json", "rules").stdout)
    assert rows[1] == {
        "code": "AL992",
        "name": "test-todo",
        "severity": "warning",
        "fixable": False,
        "online": False,
        "summary": "Test: no TODO",
    }
    assert run("rules", "--output-format", "json").stdout == run("--output-format", "json", "rules").stdout


def test_rule_command(run: Run) -> None:
    expected = "AL992 test-todo\n\nTest: no TODO\n\nReports TODO (a test rule).\n"
    assert run("rule", "AL992").stdout == expected
    assert run("rule", "test-todo").stdout == expected
    done = run("rule", "nope")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "awesome-lint: error: unknown rule 'nope'; `awesome-lint rules` lists them\n"
    assert run("rule", "AL99").returncode == 2
    assert run("rule").returncode == 2


def test_real_rules_listed(run: Run) -> None:
    done = run("rules", real_rules=True)
    assert done.returncode == 0
    assert done.stdout.startswith("CODE ")


def test_file_named_like_a_command(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "rules", HTTP)
    assert run("./rules").stdout.startswith("./rules:3:7: error: AL991")
    assert run("--", "rules").stdout.startswith("rules:3:7: error: AL991")


def test_colour_and_source_excerpt_on_request(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "README.md", HTTP)
    done = run("--color", "always")
    assert "\x1b[" in done.stdout
    assert "^^^^^^^^^^^^^^^^" in done.stdout
    plain = run("--color", "never")
    assert "\x1b" not in plain.stdout and "^" not in plain.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("no_color", ["", "1"])
def test_terminal_gets_source_excerpt(spawn: Spawn, tmp_path: Path, no_color: str) -> None:
    import pty

    write(tmp_path / "README.md", HTTP)
    primary, secondary = pty.openpty()
    try:
        process = spawn(stdout=secondary, stderr=subprocess.PIPE, env={"NO_COLOR": no_color} if no_color else None)
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the other side closed (Linux reports EIO)
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=60) == 1
    finally:
        os.close(primary)
    out = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert " 3 | - [A](http://a.example) - A thing.\n" in out.replace("\x1b[34m", "").replace("\x1b[0m", "")
    assert "^" * 16 in out
    assert ("\x1b[" in out) is not bool(no_color)


def test_broken_pipe_is_quiet(spawn: Spawn, tmp_path: Path) -> None:
    write(tmp_path / "README.md", "".join(f"- [A{i}](http://a.example/{i})\n" for i in range(5000)))
    process = spawn(stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 1  # the findings decide, not the reader leaving
    assert stderr == b""


# --- in-process: the parts with no file system ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "size"),
    [("1024", 1024), ("500KB", 500_000), ("5mb", 5_000_000), ("1MiB", 1_048_576), ("2 KiB", 2048), ("1.5k", 1500)],
)
def test_parse_size(text: str, size: int) -> None:
    assert cli.parse_size(text) == size


@pytest.mark.parametrize("text", ["", "MB", "-1", "0", "5XB", "1iB", "1 MiBs"])
def test_parse_size_rejects(text: str) -> None:
    import argparse

    with pytest.raises(argparse.ArgumentTypeError):
        cli.parse_size(text)


@pytest.mark.parametrize(
    ("argv", "index"),
    [
        (["rules"], 0),
        (["--output-format", "json", "rules"], 2),
        (["--output-format=json", "rules"], 1),
        (["-q", "README.md", "rules"], 1),
        (["--select", "rules"], None),
        (["--", "rules"], None),
        (["-"], 0),
        ([], None),
    ],
)
def test_first_positional(argv: list[str], index: int | None) -> None:
    assert cli.first_positional(cli.build_parser(), argv) == index


def test_unexpected_exception_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def boom(*args: object) -> int:
        raise ValueError("surprise")

    monkeypatch.setattr(cli, "_lint_command", boom)
    monkeypatch.delenv(cli.DEBUG_ENV, raising=False)
    assert cli.main(["README.md"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("awesome-lint: error: internal error: ValueError: surprise; please report this")
    assert err.count("\n") == 1


def test_keyboard_interrupt(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(*args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_lint_command", interrupted)
    assert cli.main(["README.md"]) == 130
    assert capsys.readouterr().err == "awesome-lint: error: interrupted\n"


def test_usage_error_returns_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--output-format", "xml"]) == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err
