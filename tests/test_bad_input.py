"""Bad input never crashes or hangs the command: each case gets a clear result and the right exit code.

Every case runs the real command in a child process, with the bad file between a good file
and a defective one, and checks what a user sees: the message on stderr naming the file and
what is wrong, the exit code, and the findings of the other two files, which must still be
linted. A case is either valid Markdown (its normal findings), or refused with a message
(exit code 2).

Each child is timed and its peak memory (max RSS, from ``os.wait4``) measured; run with ``-s``
to see the figures. Times are never asserted (a timeout of 120 s only turns a hang into a
failure); memory is, where a fix made it small: above the interpreter's own, a file may take
no more than 20 times its size (plus a little for lazily imported modules).

Cases that need the operating system to fail (an unreadable folder or file, a file deleted
while the run is under way) cannot be set up with permissions: CI runs as root, for whom
``chmod 000`` changes nothing. They patch ``os.scandir`` or ``open`` in the child process
instead, just before the command runs, so the failure happens exactly where the real one would.
"""

from __future__ import annotations

import codecs
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import command, command_env
from realdata import VENDORED_LISTS, Corpus

TIMEOUT = 120.0
"""Seconds before a child counts as hung (a guard, never a measure)."""
MEMORY_FACTOR = 20
MEMORY_SLACK = 16 * 2**20
"""What a small file may add to the peak whatever its size: lazily imported modules, allocator noise."""

GOOD = "# Good\n\n- [A](https://a.example) - Fine.\n"
DEFECTIVE = "# Defective\n\n- [B](http://b.example) - Insecure.\n"
DEFECTIVE_FINDING = 'defective.md:3:7: error: AL202 [insecure-url] insecure URL "http://b.example": use https://'
LIMIT = "the 2,097,152-byte limit; raise it with --max-file-size if this really is one Markdown list"


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss: int
    """Bytes."""

    @property
    def errors(self) -> list[str]:
        return self.stderr.splitlines()

    @property
    def findings(self) -> list[str]:
        found = re.compile(r"\S+:\d+:\d+: (error|warning): AL\d{3} ")
        return [line for line in self.stdout.splitlines() if found.match(line)]


# Runs the command given as its arguments and writes its peak RSS in KiB (os.wait4) to the file
# named by MEASURE_TO. Linux counts the memory of the process a child was forked from in the
# child's peak; forked from this small process, not from pytest (hundreds of MB after the big
# cases), the command's own peak is what shows.
MEASURE = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(child.pid, 0)
with open(os.environ["MEASURE_TO"], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_command(cwd: Path, *args: str, patch: str = "", label: str = "") -> Run:
    """The real command (the real rules) in ``cwd``, with ``patch`` run first in the child when given."""
    if patch:
        script = patch + "\nimport runpy\nrunpy.run_module('awesome_lint', run_name='__main__', alter_sys=True)\n"
        argv = [sys.executable, "-c", script, *args]
    else:
        argv = [*command(real_rules=True), *args]
    with tempfile.TemporaryDirectory() as scratch:
        measured = Path(scratch) / "rss"
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, "-c", MEASURE, *argv, "--isolated"],
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                env=command_env({"MEASURE_TO": str(measured)}),
                timeout=TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"{label or args}: no result after {TIMEOUT:.0f} s (a hang)")
        seconds = time.perf_counter() - started
        stderr = done.stderr.decode("utf-8")
        assert done.returncode >= 0, f"{label}: killed by signal {-done.returncode}:\n{stderr[-2000:]}"
        peak = int(measured.read_text()) * (1 if sys.platform == "darwin" else 1024)
    print(f"{label or ' '.join(args)}: exit {done.returncode}, {seconds:.2f} s, peak RSS {peak / 2**20:.0f} MB")
    return Run(done.returncode, done.stdout.decode("utf-8"), stderr, seconds, peak)


@pytest.fixture(scope="module")
def baseline_rss(tmp_path_factory: pytest.TempPathFactory) -> int:
    """Peak RSS of linting the good and the defective file alone: the interpreter, its modules, the rules."""
    folder = tmp_path_factory.mktemp("baseline")
    (folder / "good.md").write_text(GOOD)
    (folder / "defective.md").write_text(DEFECTIVE)
    done = run_command(folder, "good.md", "defective.md", label="baseline")
    assert (done.returncode, done.findings) == (1, [DEFECTIVE_FINDING])
    return done.peak_rss


Lint = Callable[..., Run]


@pytest.fixture
def lint_beside(tmp_path: Path) -> Callable[..., Run]:
    """``lint_beside(name, data, *extra_args, patch="")``: lint good.md, the bad file and defective.md.

    Also checks what must hold whatever the bad file is: the good file and the defective
    one were linted (the defective one's finding is reported, and only its), and nothing
    mentions the good or the defective file on stderr.
    """

    def lint(name: str, data: bytes | None, *args: str, patch: str = "") -> Run:
        (tmp_path / "good.md").write_text(GOOD)
        (tmp_path / "defective.md").write_text(DEFECTIVE)
        if data is not None:
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_bytes(data)
        done = run_command(tmp_path, "good.md", name, "defective.md", *args, patch=patch, label=name)
        assert [line for line in done.findings if line.startswith(("good.md:", "defective.md:"))] == [
            DEFECTIVE_FINDING
        ], done.stdout
        assert "good.md" not in done.stderr and "defective.md" not in done.stderr, done.stderr
        return done

    return lint


def assert_memory(done: Run, size: int, baseline: int) -> None:
    """At most 20 times the file's size above the baseline (plus the slack)."""
    extra = done.peak_rss - baseline
    assert extra <= MEMORY_FACTOR * size + MEMORY_SLACK, (
        f"peak RSS {done.peak_rss / 2**20:.0f} MB is {extra / 2**20:.0f} MB above the baseline "
        f"for a {size / 2**20:.1f} MB file"
    )


def refused(name: str, message: str) -> list[str]:
    """The stderr lines of a run where ``name`` is refused with ``message``."""
    return [f"awesome-lint: error: {name}: {message}"]


# ---------------------------------------------------------------------------
# Valid files, however empty: linted, with their normal findings


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("empty.md", ""),
        ("whitespace.md", " \n\t\n   \n\r\n"),
        ("front-matter-only.md", "---\ntitle: A list\ntags: [a, b]\n---\n"),
        ("front-matter-only-no-newline.md", "---\ntitle: A list\n---"),
    ],
)
def test_empty_files_are_valid(lint_beside: Lint, name: str, text: str, baseline_rss: int) -> None:
    done = lint_beside(name, text.encode())
    assert (done.returncode, done.findings, done.stderr) == (1, [DEFECTIVE_FINDING], "")
    assert done.stdout.endswith("Found 1 error (1 fixable with --unsafe-fixes) in 1 file.\n"), done.stdout
    assert_memory(done, len(text), baseline_rss)


def test_unterminated_front_matter_is_markdown(lint_beside: Lint) -> None:
    # GitHub renders front matter without its closing `---` as Markdown, so it is linted as such.
    done = lint_beside("unterminated.md", b"---\nhome: http://home.example\n")
    assert done.returncode == 1
    assert done.findings == [
        DEFECTIVE_FINDING,
        'unterminated.md:2:7: error: AL202 [insecure-url] insecure URL "http://home.example": use https://',
    ]
    assert done.stderr == ""


# ---------------------------------------------------------------------------
# Not UTF-8: the line, column and byte offset of the first bad byte, and what the file seems to be


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            b"# Title\n\n- [A](https://a.example) - ok\n- [B](https://b.example) - bad \xff\xfe here\n",
            "not valid UTF-8: byte 0xff at line 4, column 32 (byte offset 70); save the file as UTF-8",
            id="invalid-utf8-mid-file",
        ),
        pytest.param(
            "# Café\n\n- [Über](https://u.example) - Schöne Grüße\n".encode("latin-1"),
            "not valid UTF-8: byte 0xe9 at line 1, column 6 (byte offset 5); it looks like Latin-1 or "
            'Windows-1252, in which 0xe9 is "é"; save the file as UTF-8',
            id="latin-1",
        ),
        pytest.param(
            "# Tools\n\n- [Don’t](https://d.example) – a “quoted” name\n".encode("cp1252"),
            "not valid UTF-8: byte 0x92 at line 3, column 7 (byte offset 15); it looks like Latin-1 or "
            'Windows-1252, in which 0x92 is "’"; save the file as UTF-8',
            id="windows-1252",
        ),
        pytest.param(
            "# Списки\n\n- [Привет](https://p.example)\n".encode("cp1251"),
            "not valid UTF-8: byte 0xd1 at line 1, column 3 (byte offset 2); save the file as UTF-8",
            id="cyrillic-gets-no-latin-hint",
        ),
        pytest.param(
            "# 一覧\n\n- [日本語](https://j.example)\n".encode("shift_jis"),
            "not valid UTF-8: byte 0x88 at line 1, column 3 (byte offset 2); save the file as UTF-8",
            id="shift-jis-gets-no-latin-hint",
        ),
        pytest.param(
            b"# Title\r\n\r\nok\rbad \xe9 here\r\n",
            "not valid UTF-8: byte 0xe9 at line 4, column 5 (byte offset 18); it looks like Latin-1 or "
            'Windows-1252, in which 0xe9 is "é"; save the file as UTF-8',
            id="lines-counted-like-the-linter-crlf-and-cr",
        ),
    ],
)
def test_not_utf8(lint_beside: Lint, data: bytes, message: str) -> None:
    done = lint_beside("bad.md", data)
    assert (done.returncode, done.errors) == (2, refused("bad.md", message))
    assert done.findings == [DEFECTIVE_FINDING]


SAMPLE = "# Awesome\n\n- [A](https://a.example) - Fine.\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"),
            "the file is UTF-16 (little-endian, with a byte order mark), not UTF-8; save the file as UTF-8",
            id="utf-16-le-bom",
        ),
        pytest.param(
            codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
            "the file is UTF-16 (big-endian, with a byte order mark), not UTF-8; save the file as UTF-8",
            id="utf-16-be-bom",
        ),
        pytest.param(
            codecs.BOM_UTF32_LE + SAMPLE.encode("utf-32-le"),
            "the file is UTF-32 (little-endian, with a byte order mark), not UTF-8; save the file as UTF-8",
            id="utf-32-le-bom",
        ),
        pytest.param(
            codecs.BOM_UTF32_BE + SAMPLE.encode("utf-32-be"),
            "the file is UTF-32 (big-endian, with a byte order mark), not UTF-8; save the file as UTF-8",
            id="utf-32-be-bom",
        ),
        pytest.param(
            SAMPLE.encode("utf-16-le"),
            "the file looks like UTF-16 (little-endian, without a byte order mark: every other byte is NUL), "
            "not UTF-8; save the file as UTF-8",
            id="utf-16-le-no-bom",
        ),
        pytest.param(
            ("# Café – naïve\n\n" + SAMPLE).encode("utf-16-be"),
            "the file looks like UTF-16 (big-endian, without a byte order mark: every other byte is NUL), "
            "not UTF-8; save the file as UTF-8",
            id="utf-16-be-no-bom-some-non-ascii",
        ),
        pytest.param(
            # Without a BOM only UTF-16 is recognised: this is reported as what it is, bytes with NULs.
            SAMPLE.encode("utf-32-le"),
            "not a text file: NUL byte at line 1, column 2 (byte offset 1)",
            id="utf-32-no-bom",
        ),
        pytest.param(
            # Mostly non-ASCII UTF-16 (CJK) has few NULs: not recognised either, so said to be no text.
            "# 一覧\n\n- 日本語のリスト\n".encode("utf-16-le"),
            "not a text file: NUL byte at line 1, column 2 (byte offset 1)",
            id="utf-16-cjk-no-bom",
        ),
    ],
)
def test_utf16_and_utf32(lint_beside: Lint, data: bytes, message: str) -> None:
    done = lint_beside("wide.md", data)
    assert (done.returncode, done.errors) == (2, refused("wide.md", message))
    assert done.findings == [DEFECTIVE_FINDING]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            "# Title\n\n- [A](https://a.example) café \x00 x\n".encode(),
            "not a text file: NUL byte at line 3, column 31 (byte offset 40)",
            id="nul-in-utf8-text",
        ),
        pytest.param(
            # Past the first 8 KiB, where a NUL used to go unnoticed into the parser.
            b"- [A](https://a.example)\n" * 1000 + b"tail \x00\n",
            "not a text file: NUL byte at line 1001, column 6 (byte offset 25005)",
            id="nul-after-25-kb",
        ),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
            "not a text file: NUL byte at line 3, column 1 (byte offset 8)",
            id="png",
        ),
    ],
)
def test_nul_bytes(lint_beside: Lint, data: bytes, message: str) -> None:
    done = lint_beside("nul.md", data)
    assert (done.returncode, done.errors) == (2, refused("nul.md", message))
    assert done.findings == [DEFECTIVE_FINDING]


# ---------------------------------------------------------------------------
# Too large: refused by the size limit, without reading the file


def test_50_mb_file_is_refused_unread(lint_beside: Lint, baseline_rss: int) -> None:
    data = b"- [A](https://a.example) - Fine.\n" * (50 * 2**20 // 33)
    done = lint_beside("huge.md", data)
    assert (done.returncode, done.errors) == (2, refused("huge.md", f"file is {len(data):,} bytes, above {LIMIT}"))
    # Not read into memory: the peak is the baseline's, give or take.
    assert done.peak_rss - baseline_rss < MEMORY_SLACK


def test_10_mb_line_is_refused(lint_beside: Lint, baseline_rss: int) -> None:
    data = b"a" * (10 * 2**20)
    done = lint_beside("line.md", data)
    assert (done.returncode, done.errors) == (2, refused("line.md", f"file is 10,485,760 bytes, above {LIMIT}"))
    assert done.peak_rss - baseline_rss < MEMORY_SLACK


def test_endless_file_is_refused_after_the_limit(tmp_path: Path, baseline_rss: int) -> None:
    # /dev/zero has no size: reading stops one byte past the limit.
    (tmp_path / "defective.md").write_text(DEFECTIVE)
    done = run_command(tmp_path, "/dev/zero", "defective.md", label="/dev/zero")
    assert (done.returncode, done.errors) == (2, [f"awesome-lint: error: /dev/zero: file is larger than {LIMIT}"])
    assert done.findings == [DEFECTIVE_FINDING]
    assert done.peak_rss - baseline_rss < 2 * 2 * 2**20 + MEMORY_SLACK


def test_10_mb_line_on_standard_input_is_refused(tmp_path: Path) -> None:
    done = subprocess.run(
        [*command(real_rules=True), "-", "--isolated"],
        cwd=tmp_path,
        input=b"a" * (10 * 2**20),
        capture_output=True,
        env=command_env(),
        timeout=TIMEOUT,
    )
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "awesome-lint: error: -: standard input is above the 2,097,152-byte limit; raise it with --max-file-size "
        "if this really is one Markdown list\n"
    )


# ---------------------------------------------------------------------------
# Pathological Markdown: linted in linear time and small memory, or refused before parsing


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("quotes.md", ">" * 900 + " a\n"),
        ("stars.md", "*" * 1_000_000),
        ("star-lines.md", ("*" * 1_000 + "\n") * 1_000),
        ("underscores.md", "_ " * 500_000 + "\n"),
        ("dashes.md", "Title\n" + "-" * 1_000_000 + "\n"),
        ("equals.md", "Title\n" + "=-" * 500_000 + "\n"),
        ("blank-lines.md", "# A\n" + " \n" * 20_000 + "\n" * 40_000 + "b\n"),
        ("nested-markers.md", "- " * 900 + "a\n"),
        ("nested-ordered-markers.md", "1. " * 900 + "a\n"),
        ("indented-markers.md", "".join("  " * depth + "- a\n" for depth in range(1_400))),
    ],
)
def test_pathological_markdown_is_linted(lint_beside: Lint, name: str, text: str, baseline_rss: int) -> None:
    done = lint_beside(name, text.encode())
    assert (done.returncode, done.findings, done.stderr) == (1, [DEFECTIVE_FINDING], "")
    assert_memory(done, len(text), baseline_rss)


DENSE = (
    "lines and markup characters ([ < ` | * _ ~ \\ &) in {size:,} bytes, one every {every:.1f} bytes (lists have "
    "one every 15 or more); parsing would take about {mb:,} MB of memory. More than 104,857 at under 10 bytes "
    "each is refused; raise --max-file-size if this really is one Markdown list"
)


@pytest.mark.parametrize(
    ("name", "text", "units"),
    [
        ("links-one-line.md", " ".join(["[a](b)"] * 200_000) + "\n", 200_001),
        ("definitions.md", "[x][1]\n\n" + "".join(f"[{i}]: /{i}\n" for i in range(100_000)), 200_004),
        ("empty-headings.md", "#\n" * 500_000, 500_000),
        ("empty-items.md", "*\n" * 500_000, 500_000),
        ("short-items.md", "- a\n" * 250_000, 250_000),
        ("wide-table.md", "|" + "a|" * 200_000 + "\n|" + "-|" * 200_000 + "\n", 200_003),
        ("star-a.md", "*a" * 500_000, 500_001),
    ],
)
def test_dense_markdown_is_refused(lint_beside: Lint, name: str, text: str, units: int, baseline_rss: int) -> None:
    # Each line, link or table cell costs the parser kilobytes: these would need 0.5 to 2.4 GB.
    size = len(text)
    done = lint_beside(name, text.encode())
    message = f"too dense to lint: {units:,} " + DENSE.format(size=size, every=size / units, mb=units * 500 // 10**6)
    assert (done.returncode, done.errors) == (2, refused(name, message))
    assert done.findings == [DEFECTIVE_FINDING]
    assert_memory(done, size, baseline_rss)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("quotes.md", ">" * 100_000 + " a\n"),
        ("nested-markers.md", "- " * 10_000 + "a\n"),
        ("nested-ordered-markers.md", "1. " * 10_000 + "a\n"),
    ],
)
def test_nesting_a_thousand_levels_deep_is_refused(lint_beside: Lint, name: str, text: str, baseline_rss: int) -> None:
    done = lint_beside(name, text.encode())
    message = (
        "nested more than 1,000 levels deep (block quotes or list markers at the start of a line): no list nests "
        "that deep, and each level costs memory in every parser; refused"
    )
    assert (done.returncode, done.errors) == (2, refused(name, message))
    assert done.findings == [DEFECTIVE_FINDING]
    assert_memory(done, len(text), baseline_rss)


def test_10000_deep_indented_list_is_refused_by_size(lint_beside: Lint, baseline_rss: int) -> None:
    # One more level per line: 10,000 levels take 100 MB, far above the size limit.
    data = "".join("  " * depth + "- a\n" for depth in range(10_000)).encode()
    done = lint_beside("deep.md", data)
    assert (done.returncode, done.errors) == (2, refused("deep.md", f"file is {len(data):,} bytes, above {LIMIT}"))
    assert done.peak_rss - baseline_rss < MEMORY_SLACK


@pytest.mark.slow
@pytest.mark.corpus
def test_densest_real_list_at_the_size_limit_is_linted(tmp_path: Path, corpus: Corpus) -> None:
    # awesome-java has the most lines and markup per byte of the lists in the corpus (one every
    # 20 bytes): repeated up to the size limit, it is still linted, not refused as too dense.
    (java,) = [path for path in corpus.lists if path.name == "awesome-java.md"]
    text = java.read_bytes()
    (tmp_path / "big.md").write_bytes(text * (2 * 2**20 // len(text)))
    done = run_command(tmp_path, "big.md", "--select", "insecure-url", label="awesome-java x 11")
    assert (done.returncode, done.stdout, done.stderr) == (0, "All checks passed!\n", "")


def test_the_densest_vendored_list_is_far_from_refusal() -> None:
    """Every real list vendored for the tests has a line or markup character every 15 bytes or more."""
    from awesome_lint.limits import markup_units

    for path in VENDORED_LISTS:
        data = path.read_bytes()
        assert len(data) / markup_units(data) >= 15, path.name


# ---------------------------------------------------------------------------
# The file system: links in a loop, files that vanish, folders and files that cannot be read


LOOP = "cannot read: symbolic link loop (Too many levels of symbolic links)"


def test_symlink_loop_named_on_the_command_line(lint_beside: Lint, tmp_path: Path) -> None:
    (tmp_path / "loop.md").symlink_to("loop.md")
    done = lint_beside("loop.md", None)
    assert (done.returncode, done.errors) == (2, refused("loop.md", LOOP))
    assert done.findings == [DEFECTIVE_FINDING]


def test_symlink_loop_met_while_walking(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a-good.md").write_text(GOOD)
    (docs / "b-loop.md").symlink_to("c-loop.md")
    (docs / "c-loop.md").symlink_to("b-loop.md")
    (docs / "defective.md").write_text(DEFECTIVE)
    (docs / "here").symlink_to(".")  # a link to a folder is not followed: no endless walk
    done = run_command(tmp_path, "docs", label="walk with a loop")
    assert done.returncode == 2
    assert done.errors == [*refused("docs/b-loop.md", LOOP), *refused("docs/c-loop.md", LOOP)]
    assert done.findings == ["docs/" + DEFECTIVE_FINDING]


DELETE_BEFORE_READING = """
import builtins, os
_open = builtins.open
def open(file, *args, **kwargs):
    if str(file).endswith("vanishing.md"):
        os.remove(file)  # deleted between being found and being read
    return _open(file, *args, **kwargs)
builtins.open = open
"""


def test_file_deleted_before_it_is_read(lint_beside: Lint) -> None:
    done = lint_beside("vanishing.md", GOOD.encode(), patch=DELETE_BEFORE_READING)
    assert (done.returncode, done.errors) == (2, refused("vanishing.md", "no such file"))
    assert done.findings == [DEFECTIVE_FINDING]


DELETE_WHILE_READING = """
import builtins, os
_open = builtins.open
def open(file, *args, **kwargs):
    stream = _open(file, *args, **kwargs)
    if str(file).endswith("vanishing.md"):
        os.remove(file)  # deleted once open: the open file is still read to its end
    return stream
builtins.open = open
"""


def test_file_deleted_while_it_is_read(lint_beside: Lint, tmp_path: Path) -> None:
    done = lint_beside("vanishing.md", b"- [C](http://c.example)\n", patch=DELETE_WHILE_READING)
    assert not (tmp_path / "vanishing.md").exists()
    assert (done.returncode, done.stderr) == (1, "")
    assert done.findings == [
        DEFECTIVE_FINDING,
        'vanishing.md:1:7: error: AL202 [insecure-url] insecure URL "http://c.example": use https://',
    ]


UNREADABLE_FOLDER = """
import errno, os
_scandir = os.scandir
def scandir(path="."):
    if os.path.basename(os.fspath(path)) == "locked":
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
    return _scandir(path)
os.scandir = scandir
"""


def test_unreadable_folder_while_walking(tmp_path: Path) -> None:
    """A folder that cannot be listed is reported, and the rest of the walk goes on.

    ``os.scandir`` is patched to raise PermissionError for ``docs/locked``: CI runs as root,
    where ``chmod 000`` does not stop anything.
    """
    (tmp_path / "docs" / "locked").mkdir(parents=True)
    (tmp_path / "docs" / "locked" / "hidden.md").write_text(DEFECTIVE)
    (tmp_path / "docs" / "a-good.md").write_text(GOOD)
    (tmp_path / "docs" / "z-defective.md").write_text(DEFECTIVE)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "defective.md").write_text(DEFECTIVE)
    done = run_command(tmp_path, "docs", "other", patch=UNREADABLE_FOLDER, label="unreadable folder")
    assert done.returncode == 2
    assert done.errors == ["awesome-lint: error: docs/locked: cannot read directory: Permission denied"]
    assert done.findings == ["docs/z-" + DEFECTIVE_FINDING, "other/" + DEFECTIVE_FINDING]


UNREADABLE_FILE = """
import builtins, errno, os
_open = builtins.open
def open(file, *args, **kwargs):
    if str(file).endswith("secret.md"):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
    return _open(file, *args, **kwargs)
builtins.open = open
"""


def test_unreadable_file(lint_beside: Lint) -> None:
    """A file that cannot be opened is reported; ``open`` is patched to fail, as root ignores ``chmod 000``."""
    done = lint_beside("secret.md", GOOD.encode(), patch=UNREADABLE_FILE)
    assert (done.returncode, done.errors) == (2, refused("secret.md", "cannot read: Permission denied"))
    assert done.findings == [DEFECTIVE_FINDING]
