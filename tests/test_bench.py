"""The benchmark script's logic that its readers rely on; nothing here installs or times a tool."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "bench" / "run.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


bench = _load()


# --- the corpus folder


def test_missing_corpus_exits_2_with_a_message(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--corpus", str(tmp_path / "nowhere"), "--scratch", str(tmp_path / "scratch")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert f"corpus folder not found: {tmp_path / 'nowhere'}" in done.stderr
    assert "--corpus" in done.stderr
    assert not (tmp_path / "scratch").exists()  # nothing installed before the check


@pytest.mark.parametrize("present,lacking", [((), "lists"), (("lists",), "free-programming-books")])
def test_corpus_without_its_folders_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], present: tuple[str, ...], lacking: str
) -> None:
    for name in present:
        (tmp_path / name).mkdir()
    assert bench.main(["--corpus", str(tmp_path), "--scratch", str(tmp_path / "scratch")]) == 2
    assert f"lacks {lacking}/" in capsys.readouterr().err


def test_scratch_inside_the_repository_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "lists").mkdir()
    (tmp_path / "free-programming-books").mkdir()
    assert bench.main(["--corpus", str(tmp_path), "--scratch", str(REPO / "bench" / "scratch")]) == 2
    assert "outside the repository" in capsys.readouterr().err


# --- the generated lists


def test_generator_is_deterministic() -> None:
    assert bench.generate_list(200_000) == bench.generate_list(200_000)
    assert bench.generate_list(200_000, seed=1) != bench.generate_list(200_000, seed=2)


@pytest.mark.parametrize("size", [1_000, 100_000, 1_000_000])
def test_generator_size(size: int) -> None:
    data = bench.generate_list(size).encode()
    assert size <= len(data) < size + 1024


def test_generator_looks_like_an_awesome_list() -> None:
    text = bench.generate_list(300_000)
    lines = text.splitlines()
    assert lines[0].startswith("# Awesome ") and "awesome.re/badge.svg" in lines[0]
    entry = re.compile(r"^(?:  )?(?:-|\d+\.) \[[\w-]+\]\(https://github\.com/[\w-]+/[\w-]+\) - [A-Z].*[.!](?: !\[.*)?$")
    entries = [line for line in lines if line.lstrip().startswith(("- [", "1. [")) and "](#" not in line]
    assert len(entries) > 1000
    assert all(entry.match(line) for line in entries if "](https://github.com" in line)
    assert any(line.startswith("  - [") and "](https://" in line for line in lines)  # nested lists
    assert any(line.startswith("2. [") for line in lines)  # numbered lists
    assert any("img.shields.io" in line for line in lines[1:])  # badges
    # The table of contents lists every ## heading (and ### as sub-items), in order, with their anchors.
    contents = lines.index("## Contents")
    toc = [line for line in lines[contents + 1 :] if line.lstrip().startswith("- [") and "](#" in line]
    headings = [
        line for line in lines[contents + 1 :] if line.startswith(("## ", "### ")) and line != "## Contributing"
    ]
    assert [re.sub(r"\]\(#.*", "", item.strip())[3:] for item in toc] == [h.split(" ", 1)[1] for h in headings]
    for item in toc:
        title, anchor = re.match(r"\s*- \[(.*)\]\(#(.*)\)", item).groups()  # type: ignore[union-attr]
        assert anchor == title.lower().replace(" ", "-")


# --- arithmetic


def test_median_and_formatting() -> None:
    assert bench.median([3.0, 1.0, 2.0]) == 2.0
    assert bench.median([4.0, 1.0, 2.0, 3.0]) == 2.5
    assert bench.fmt_s(0.0654) == "0.065 s"
    assert bench.fmt_s(1.3) == "1.30 s"
    assert bench.fmt_s(42.06) == "42.1 s"


def test_ratio_phrases() -> None:
    assert bench.ratio(1.3, 0.16) == pytest.approx((8.125, "slower"))
    assert bench.ratio(0.5, 4.0) == (8.0, "faster")
    assert bench.ratio_phrase("rumdl", 0.16, 1.3) == "rumdl 0.160 s, awesome-lint 1.30 s: 8.1x slower"
    assert (
        bench.ratio_phrase("markdownlint-cli2", 12.0, 1.5)
        == "markdownlint-cli2 12.0 s, awesome-lint 1.50 s: 8.0x faster"
    )
    with pytest.raises(ValueError):
        bench.ratio(0.0, 1.0)


def test_cell_median_ignores_nothing_and_counts_runs() -> None:
    cell = bench.Cell(times=[1.0, 9.0, 2.0], peaks=[10, 30, 20])
    assert cell.ok and cell.median == 2.0 and cell.peak == 20
    assert not bench.Cell(status="crashed", note="killed by signal 9").ok
    assert bench.cell_text(bench.Cell(times=[25.0])) == "25.0 s (1 run)"
    assert bench.cell_text(bench.Cell(status="skipped", note="~300 s projected")) == "skipped (~300 s projected)"


def test_detect_flags() -> None:
    help_text = "  --no-cache  do not read or write the cache\n  --cache-dir DIR  where\n  --no-cache-warnings\n"
    assert bench.detect_flags(help_text, ["--no-cache", "--cache-dir", "--jobs"]) == {"--no-cache", "--cache-dir"}
    assert bench.detect_flags("  --no-cache-warnings  x", ["--no-cache"]) == set()


def test_commands_per_tool_and_input() -> None:
    paths = [Path("/c/a.md"), Path("/c/b.md")]
    ours = bench.Tool(
        "awesome-lint", "awesome-lint", ["al"], cold=["--no-cache"], warm=[], large=["--max-file-size", "64MiB"]
    )
    npm = bench.Tool("npm-awesome-lint", "npm awesome-lint", ["npm-al"], many_files=False)
    mdl = bench.Tool("markdownlint-cli2", "markdownlint-cli2", ["mdl"], literal=lambda p: f":{p}")
    both = bench.Input("lists", "two", paths, size=2)
    assert bench.commands(ours, both, "cold") == [["al", "--no-cache", "/c/a.md", "/c/b.md"]]
    assert bench.commands(ours, both, "warm") == [["al", "/c/a.md", "/c/b.md"]]
    assert bench.commands(npm, both, "cold") == [["npm-al", "/c/a.md"], ["npm-al", "/c/b.md"]]
    assert bench.commands(mdl, both, "cold") == [["mdl", ":/c/a.md", ":/c/b.md"]]
    each = bench.Input("lists-each", "two", paths, per_file=True, size=2)
    assert bench.commands(mdl, each, "cold") == [["mdl", ":/c/a.md"], ["mdl", ":/c/b.md"]]
    big = bench.Input("gen-10", "big", paths[:1], generated=True, size=1)
    assert bench.commands(ours, big, "cold") == [["al", "--no-cache", "--max-file-size", "64MiB", "/c/a.md"]]


def test_projection_from_start_up_and_seconds_per_mb() -> None:
    tool = bench.Tool("pymarkdown", "pymarkdown", ["pm"])
    tiny = bench.Input("tiny", "tiny", [Path("t")], size=1_000)
    one = bench.Input("gen-1", "1 MB", [Path("g")], generated=True, size=1_000_000)
    ten = bench.Input("gen-10", "10 MB", [Path("h")], generated=True, size=10_000_000)
    results = {
        ("tiny", "pymarkdown", "cold"): bench.Cell(times=[0.5]),
        ("gen-1", "pymarkdown", "cold"): bench.Cell([100.5]),
    }
    assert bench.projected(tool, ten, results, [tiny, one, ten]) == pytest.approx(0.5 + 1000.0)
    assert bench.projected(tool, one, {}, [tiny, one]) is None


# --- targets


def _cells(medians: dict[tuple[str, str, str], float]) -> dict[tuple[str, str, str], object]:
    """One run per cell; its peak memory 1e8 bytes per second of run time, to have a number."""
    return {key: bench.Cell(times=[value], peaks=[int(value * 1e8)]) for key, value in medians.items()}


OURS, MDL, NPM, RUMDL = "awesome-lint", "markdownlint-cli2", "npm-awesome-lint", "rumdl"
GOOD = {
    ("lists", OURS, "cold"): 1.0,
    ("fpb", OURS, "cold"): 1.0,
    ("lists", OURS, "warm"): 0.05,
    ("fpb", OURS, "warm"): 0.05,
    ("lists-each", OURS, "cold"): 2.0,
    ("lists", MDL, "cold"): 9.0,
    ("fpb", MDL, "cold"): 8.0,
    ("lists-each", NPM, "cold"): 31.0,
    ("lists", RUMDL, "cold"): 0.4,
    ("fpb", RUMDL, "cold"): 0.34,
    ("lists", RUMDL, "warm"): 0.03,
    ("fpb", RUMDL, "warm"): 0.03,
    ("tiny", OURS, "cold"): 0.1,
    ("gen-1", OURS, "cold"): 1.1,
    ("gen-10", OURS, "cold"): 10.1,
}


def _verdicts(medians: dict[tuple[str, str, str], float]) -> list[str]:
    return [verdict.status for verdict in bench.evaluate_targets(_cells(medians), [0.1, 1.0, 5.0, 10.0])]


def test_targets_met() -> None:
    # The 10 MB list's peak is 10.1 * 1e8 bytes, about 101x the file: missed; everything else is met.
    assert _verdicts(GOOD) == ["met", "met", "met", "met", "met", "missed"]


def test_targets_missed_just_past_each_threshold() -> None:
    worse = dict(GOOD)
    worse[("fpb", MDL, "cold")] = 7.9  # 7.9x on one half of the corpus is enough to miss
    worse[("lists-each", NPM, "cold")] = 29.9  # 14.95x
    worse[("fpb", RUMDL, "cold")] = 0.33  # awesome-lint 3.03x slower
    worse[("lists", RUMDL, "warm")] = 0.024  # 2.08x slower
    worse[("gen-10", OURS, "cold")] = 12.7  # 1.26 s/MB against 1.0 s/MB at 1 MB: not linear
    assert _verdicts(worse) == ["missed"] * 6


def test_targets_not_evaluated_without_the_numbers() -> None:
    partial = {key: value for key, value in GOOD.items() if key[1] != MDL and key[0] != "gen-10"}
    statuses = _verdicts(partial)
    assert statuses[0] == "not evaluated"
    assert statuses[1:4] == ["met", "met", "met"]
    assert statuses[4:] == ["not evaluated", "not evaluated"]


def test_linearity_and_memory_details() -> None:
    cells = _cells(GOOD)
    cells[("gen-10", OURS, "cold")].peaks = [150 * 1_000_000]  # type: ignore[attr-defined]
    linear, memory = bench.evaluate_targets(cells, [1.0, 10.0])[-2:]
    assert linear.status == "met" and "1.00 s/MB at 1 MB, 1.00 s/MB at 10 MB: 1.00x" in linear.detail
    assert memory.status == "met" and "for 10 MB: 15x" in memory.detail


def test_warm_target_without_a_cache_compares_the_cold_time() -> None:
    """A build without a result cache is as slow on the second run as on the first."""
    cold_only = {key: value for key, value in GOOD.items() if key[1:] != (OURS, "warm")}
    warm = bench.evaluate_targets(_cells(cold_only), [1.0, 10.0])[3]
    assert warm.status == "missed"
    assert "rumdl 0.030 s, awesome-lint 1.00 s: 33.3x slower (awesome-lint has no cache: its cold time)" in warm.detail


def test_report_renders_every_section(tmp_path: Path) -> None:
    inputs = [
        bench.Input("tiny", "tiny list", [tmp_path / "t.md"], size=1_000),
        bench.Input("lists-each", "the lists, file by file", [tmp_path / "a.md"], per_file=True, size=2_000_000),
        bench.Input("lists", "the lists, one call", [tmp_path / "a.md"], size=2_000_000),
        bench.Input("fpb", "free-programming-books", [tmp_path / "b.md"], size=2_000_000),
        bench.Input("gen-1", "generated 1 MB", [tmp_path / "g1.md"], generated=True, size=1_000_000),
        bench.Input("gen-10", "generated 10 MB", [tmp_path / "g10.md"], generated=True, size=10_000_000),
    ]
    tools = [bench.Tool(key, key, [key], "1.0") for key in (OURS, RUMDL, MDL, NPM)]
    results = _cells(GOOD)
    results[("fpb", NPM, "cold")] = bench.Cell(status="skipped", note="~190 s projected")
    results[("gen-10", MDL, "cold")] = bench.Cell(status="timeout", note="killed after 150 s")
    context = {
        "date": "today",
        "command": "python bench/run.py",
        "machine": ["CPU x"],
        "version": "0.1.0",
        "commit": "abc",
        "load_before": "1",
        "load_after": "2",
        "elapsed": 60.0,
        "repeat": 5,
        "slow": 20.0,
        "max_run": 150.0,
        "floor": 5 * 1024 * 1024,
    }
    text = bench.report(inputs, tools, {"pymarkdown": "failed to install: no"}, results, context, "start", [1.0, 10.0])
    for heading in (
        "## Corpus, median wall time",
        "## Generated lists",
        "## awesome-lint against each peer",
        "## Targets",
    ):
        assert heading in text
    assert "pymarkdown (failed to install: no)" in text
    assert "skipped (~190 s projected)" in text and "**timeout**: killed after 150 s" in text
    assert "the lists, one call, cold: rumdl 0.400 s, awesome-lint 1.00 s: 2.5x slower" in text
    assert text.count("**met**") == 5 and text.count("**missed**") == 1


# --- bench/lsp_latency.py: the language server's latency

sys.path.insert(0, str(REPO / "bench"))  # the latency script's modules import each other by name
import lsp_inprocess  # noqa: E402
import lsp_report  # noqa: E402
import lsp_session  # noqa: E402

TINY = (
    "# Awesome Things\n\n"
    "- [Alpha](https://alpha.example) - The first.\n"
    "- [Beta](https://beta.example) - Naïve, the second.\n"
    "- [Gamma](https://gamma.example) - The third.\n"
)


def test_latency_edits_type_into_the_middle_description() -> None:
    point = lsp_session.edit_point(TINY)
    assert (point.line, point.character) == (3, len("- [Beta](https://beta.example) - Naïve, the second"))
    assert lsp_session.typed_text(TINY, point, 2).splitlines()[3].endswith("the secondab.")
    with pytest.raises(ValueError):
        lsp_session.edit_point("# Nothing to type in\n")


def test_latency_percentiles() -> None:
    values = [float(n) for n in range(1, 21)]
    assert lsp_report.percentile(values, 0.9) == 18.0
    assert lsp_report.percentile([5.0], 0.9) == 5.0
    assert lsp_report.median(values) == 10.5


def test_latency_session_on_a_tiny_document(tmp_path: Path) -> None:
    """The measuring functions against the real server: a keystroke's lint leaves the result cache
    alone, opening the document fills it and reopening it is answered from it, as the report says;
    never how fast."""
    in_process = lsp_inprocess.InProcess(TINY, tmp_path / "in-process")
    session = lsp_session.measure_session(TINY, tmp_path / "list", 2, in_process.keystroke)
    assert session.opened.wrote_cache and session.opened.version == 1
    assert [(e.version, e.wrote_cache) for e in session.typing] == [(2, False), (3, False)]
    assert session.reopened is not None and not session.reopened.wrote_cache  # unchanged: from the cache
    counts = {e.diagnostics for e in [session.opened, *session.typing, session.reopened]}
    assert len(counts) == 1 and counts != {0}  # typing a letter before a full stop changes no finding
    _, opened = lsp_session.measure_open(TINY, tmp_path / "list")
    assert not opened.wrote_cache  # a new server, the first one's cache
    assert (tmp_path / "list" / "README.md").read_text(encoding="utf-8") == TINY
    side = in_process.finish(repeat=2)
    assert len(side.lint_text) == 2 and len(side.phases["parse"]) == 2 and len(side.lint_text_hit) == 2
    assert side.cache_hit_confirmed and side.cache_untouched
    assert side.findings == counts.pop() and side.payload > 0
    result = lsp_report.ListResult(
        "tiny.md", len(TINY.encode()), session, [(0.1, session.opened)], [(0.1, opened)], side
    )
    context = {"date": "today", "command": "python bench/lsp_latency.py", "commit": "abc", "load_before": "0"}
    text = lsp_report.report([result], {**context, "load_after": "0"}, ["Machine: 2 CPUs"], 0.15, None)
    assert "## tiny.md (" in text and "| keystroke to diagnostics |" in text
    assert "each change a new text, linted: 0 of 2 wrote a cache entry" in text
    assert "new server, empty cache: 1/1 linted" in text and "the first session's cache: 1/1 from the cache" in text
    assert "answers the unchanged document from the cache: yes" in text
    assert "The keystrokes' lints left the result cache as it was: yes" in text
