"""Side by side with the npm awesome-lint: per rule, the findings both tools report (a script, not a test).

Each corpus list is copied alone, as ``readme.md``, into its own temporary folder (the only
name the npm tool lints). The npm awesome-lint runs there with a JSON reporter written next
to it; this checkout's rules (every rule ``ALL`` selects, but AL414 alphabetical-order, which
has no npm counterpart) lint the same copy in process. A finding of ours is paired with npm
findings of the rules it replaces (each rule's ``npm`` attribute) on the same line, one to
one, the most alike first (see :func:`likeness`), then the nearest columns. The report lists,
per rule, the counts (npm, ours, both, npm only, ours only) over the lists, samples of each
side's unmatched findings with the line's text, and the rules either tool has alone.

Reproduce (needs node on PATH and awesome-lint 2.3.0 installed with npm; about 40 s on two idle cores)::

    .venv/bin/python bench/npm_compare.py --corpus ../shared/corpus --output /tmp/npm-compare.md

``--npm`` names the npm binary (default: the scratch folder of bench/run.py), ``--jobs`` the
npm runs at once, ``--timeout`` the seconds one npm run may take, ``--json`` a file for every
finding and its pairing. Each copy is a git repository of its own with no remote, so the one
online rule (awesome-github: the GitHub API) cannot reach the network; the time-out bounds a
run anyway. Exit status 0, or 2 when the corpus, the binary, node or git is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from awesome_lint import __version__  # noqa: E402
from awesome_lint.engine import Linter  # noqa: E402
from awesome_lint.rules import Rule, all_rules  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_NPM = Path(tempfile.gettempdir()) / "awesome-lint-bench" / "node" / "node_modules" / ".bin" / "awesome-lint"
EXCLUDED = {"AL414": "alphabetical-order: the npm tool has no such rule"}
ALIASES = {"match-punctuation": "balanced-punctuation"}
"""Older npm rule ids and their 2.3.0 names (remark-lint-match-punctuation became balanced-punctuation)."""

REPORTER = """export const report = files => JSON.stringify(files.map(file => ({
  path: file.path,
  messages: file.messages.map(m => ({rule: m.ruleId ?? null, source: m.source ?? null, message: m.reason,
    line: m.line ?? null, column: m.column ?? null, end_line: m.place?.end?.line ?? null, fatal: m.fatal ?? null})),
})));
"""
CONFIGURED = """const config = (await import(process.argv[1])).default;
console.log(JSON.stringify(config.map(p => (Array.isArray(p) ? p[0] : p)?.name ?? '')));
"""

STYLE = "generic Markdown style, left to markdownlint / rumdl"
# fmt: off
STYLE_PEERS = {  # an npm style rule: the markdownlint rule (rumdl uses the same numbers) that checks it, or ""
    **dict.fromkeys(["table-pipe-alignment", "table-cell-padding"], "MD060"), "table-pipes": "MD055",
    "no-undefined-references": "MD052 (`[label]` shortcuts only with `shortcut_syntax`)",
    "no-unused-definitions": "MD053", "unordered-list-marker-style": "MD004", "list-item-bullet-indent": "MD007",
    "list-item-indent": "MD030", "no-emphasis-as-heading": "MD036", "no-heading-punctuation": "MD026",
    "heading-style": "MD003", "no-heading-indent": "MD023", "no-heading-content-indent": "MD019, MD021",
    "rule-style": "MD035", "emphasis-marker": "MD049", "strong-marker": "MD050", "code-block-style": "MD046",
    "fenced-code-marker": "MD048", "final-newline": "MD047", "hard-break-spaces": "MD009 (`br_spaces`)",
    "blockquote-indentation": "MD027", "no-shell-dollars": "MD014",
    **dict.fromkeys(["no-unneeded-full-reference-link", "no-unneeded-full-reference-image"], "MD054 (partly)"),
    **dict.fromkeys(["no-table-indentation", "ordered-list-marker-style", "no-blockquote-without-marker"], ""),
    **dict.fromkeys(["link-title-style", "definition-case", "definition-spacing"], ""),
    **dict.fromkeys(["checkbox-character-style", "checkbox-content-indent"], ""),
}
# fmt: on
OTHER_REASONS = {
    "awesome-github": "online: asks the GitHub API for the description, topics and licence",
    "awesome-git-repo-age": "online or git history; disabled in the npm tool's own config",
}


def why_not(npm_id: str) -> tuple[str, str]:
    """Why we have no counterpart of an npm rule, and the markdownlint / rumdl rule that has one."""
    if npm_id in STYLE_PEERS:
        return STYLE, STYLE_PEERS[npm_id]
    if npm_id == "file-extension" or npm_id.startswith("no-file-name-"):
        return "file names: GitHub fixes the readme's name", ""
    return OTHER_REASONS.get(npm_id, "not classified"), ""


REPOSITORY = " (†)"
REPOSITORY_NOTE = (
    "† Reads the repository around the readme: each copy sits alone in its folder, so every other "
    "file of the list's repository is missing there."
)


def reads_repository(rule: type[Rule]) -> bool:
    return bool(getattr(rule, "needs_project", False))


@dataclass
class Hit:
    """One finding of either tool, on one list."""

    list: str
    rule: str
    """The npm rule id, or our rule's code."""
    line: int
    column: int
    message: str
    text: str = ""
    paired: bool = False


@dataclass
class Group:
    """Our rules and the npm rules they replace, joined where two of ours claim one npm id."""

    ours: list[type[Rule]]
    npm: list[str]
    npm_hits: list[Hit] = field(default_factory=list)
    our_hits: list[Hit] = field(default_factory=list)
    pairs: list[tuple[Hit, Hit]] = field(default_factory=list)

    @property
    def title(self) -> str:
        names = " + ".join(f"{rule.code} {rule.name}" for rule in self.ours)
        return f"{names} ← {', '.join(self.npm)}"


@dataclass
class NpmTool:
    binary: Path
    package: Path
    version: str
    configured: list[str]
    defined: list[str]
    node: str


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def find_npm(binary: Path) -> NpmTool:
    """The npm package behind ``binary``: its version, configured rules and the rules it defines."""
    package = Path(os.path.realpath(binary)).parent
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout.strip()
    names = subprocess.run(
        ["node", "--input-type=module", "-e", CONFIGURED, (package / "config.js").as_uri()],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    configured = [name.removeprefix("remark-lint:") for name in json.loads(names) if name.startswith("remark-lint:")]
    # The rules defined in its rules/ folder (some not configured), and the plugins config.js imports
    # (a third-party plugin may carry no name: remark-lint-no-repeat-punctuation is "attacher").
    sources = [*(package / "rules").glob("*.js"), package / "config.js"]
    defined = sorted(
        {m[1] for js in sources for m in re.finditer(r"remark-lint[:-]([a-z-]+)", js.read_text(encoding="utf-8"))}
    )
    return NpmTool(binary, package, meta["version"], configured, defined, node)


def copy_list(path: Path, folder: Path) -> None:
    """The list alone as ``folder/readme.md``, in a git repository of its own without a remote: our
    repository rules run only in a git work tree, and awesome-github goes online only for a remote."""
    folder.mkdir()
    shutil.copyfile(path, folder / "readme.md")
    subprocess.run(["git", "init", "-q", str(folder)], check=True, env=git_env(folder))


def git_env(folder: Path) -> dict[str, str]:
    """The environment for a tool run in ``folder``: git looks for no repository above it."""
    return dict(os.environ, GIT_CEILING_DIRECTORIES=str(folder.parent))


Message = tuple[str, int, int, str]
"""An npm message: rule id, line, column, text."""


def run_npm(tool: NpmTool, folder: Path, reporter: Path, timeout: float) -> tuple[list[Message], str]:
    """The npm tool's messages on ``folder/readme.md``, or why there are none."""
    try:
        done = subprocess.run(
            [str(tool.binary), "--reporter", str(reporter)],
            cwd=folder,
            env=git_env(folder),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return [], f"timed out after {timeout:g} s"
    try:
        files = json.loads(done.stdout)
    except json.JSONDecodeError:
        return [], f"no report (exit {done.returncode}): {done.stderr.strip()[-300:]}"
    return [
        (str(m["rule"] or m["source"]), int(m["line"] or 1), int(m["column"] or 1), str(m["message"]))
        for file in files
        for m in file["messages"]
    ], ""


QUOTED = re.compile(r'"([^"]{2,})"|“([^”]{2,})”|`([^`]{2,})`')
"""A quoted word of a message (not between apostrophes: "the item's name" quotes nothing)."""
STEM = re.compile(r"[^\W\d_]{3,}")
COMMON = frozenset(
    {"the", "and", "not", "for", "with", "must", "shoul", "descr", "list", "text", "this", "that", "from"}
)
"""Word stems (the first five letters) too common in messages to tell two findings apart."""


def likeness(npm: Hit, ours: Hit) -> int:
    """How alike two findings of one line are: the same column, a shared quoted word, shared words."""

    def quoted(hit: Hit) -> set[str]:
        return {"".join(m).lower() for m in QUOTED.findall(hit.message)}

    def stems(hit: Hit) -> set[str]:
        return {w.lower()[:5] for w in STEM.findall(QUOTED.sub(" ", hit.message))} - COMMON

    return 8 * (npm.column == ours.column) + 4 * bool(quoted(npm) & quoted(ours)) + len(stems(npm) & stems(ours))


def pair_line(npm: list[Hit], ours: list[Hit]) -> list[tuple[Hit, Hit]]:
    """Pair findings of one line one to one, the most alike first (then the nearest columns)."""
    scored = sorted(
        (-likeness(n, o), abs(n.column - o.column), i, j) for i, n in enumerate(npm) for j, o in enumerate(ours)
    )
    pairs: list[tuple[Hit, Hit]] = []
    for _, _, i, j in scored:
        if not npm[i].paired and not ours[j].paired:
            npm[i].paired = ours[j].paired = True
            pairs.append((npm[i], ours[j]))
    return pairs


def pair(group: Group, npm: Iterable[Hit], ours: Iterable[Hit]) -> None:
    by_line: dict[int, tuple[list[Hit], list[Hit]]] = defaultdict(lambda: ([], []))
    for hit in npm:
        by_line[hit.line][0].append(hit)
        group.npm_hits.append(hit)
    for hit in ours:
        by_line[hit.line][1].append(hit)
        group.our_hits.append(hit)
    for left, right in by_line.values():
        group.pairs.extend(pair_line(left, right))


def groups_of(rules: Sequence[type[Rule]]) -> list[Group]:
    """Our rules with npm counterparts, joined into groups where they share an npm id."""
    groups: list[Group] = []
    for rule in rules:
        if not rule.npm:
            continue
        ids = [ALIASES.get(npm_id, npm_id) for npm_id in rule.npm]
        shared = [group for group in groups if set(group.npm) & set(ids)]
        merged = Group([*(r for g in shared for r in g.ours), rule], [])
        merged.npm = list(dict.fromkeys([*(i for g in shared for i in g.npm), *ids]))
        groups = [group for group in groups if group not in shared] + [merged]
    return sorted(groups, key=lambda group: group.ours[0].code)


def kind(message: str) -> str:
    """A message with its quoted parts and numbers blanked: findings of one kind share it."""
    return re.sub(r"[\"“`'][^\"”`']*[\"”`']|\d+", "…", message)


def samples(hits: Sequence[Hit], count: int) -> list[Hit]:
    """Up to ``count`` hits, spread over message kinds first, then over lists."""
    queues: dict[str, dict[str, list[Hit]]] = defaultdict(lambda: defaultdict(list))
    for hit in hits:
        queues[kind(hit.message)][hit.list].append(hit)
    chosen: list[Hit] = []
    while len(chosen) < count and any(queues.values()):
        for by_list in sorted(queues.values(), key=lambda q: -sum(map(len, q.values()))):
            for name in sorted(by_list):
                if by_list[name] and len(chosen) < count:
                    chosen.append(by_list[name].pop(len(by_list[name]) // 2))
                    break
            for name in [name for name, left in by_list.items() if not left]:
                del by_list[name]
    return chosen


def excerpt(hit: Hit, width: int = 160) -> str:
    text = hit.text
    if len(text) <= width:
        return text
    start = max(0, min(hit.column - 1 - width // 3, len(text) - width))
    return ("…" if start else "") + text[start : start + width] + ("…" if start + width < len(text) else "")


def fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def render_samples(title: str, hits: Sequence[Hit], count: int, side: str) -> list[str]:
    unmatched = [hit for hit in hits if not hit.paired]
    if not unmatched:
        return []
    lines = [f"{title} ({len(unmatched)}):", ""]
    for hit in samples(unmatched, count):
        label = f"{side} {hit.rule}" if side == "npm" else hit.rule
        lines.append(f"- `{hit.list}:{hit.line}:{hit.column}` {label}: {hit.message}")
        shown = excerpt(hit)
        mark = fence(shown)
        lines += ["", f"  {mark}text", f"  {shown}", f"  {mark}", ""]
    return lines


def counts(npm: Sequence[Hit], ours: Sequence[Hit], pairs: int) -> str:
    return f"{len(npm)} | {len(ours)} | {pairs} | {len(npm) - pairs} | {len(ours) - pairs}"


def per_list(groups_npm: Sequence[Hit], groups_ours: Sequence[Hit], names: Sequence[str]) -> list[str]:
    rows = ["| list | npm | ours | both | npm only | ours only |", "|---|---:|---:|---:|---:|---:|"]
    for name in names:
        npm = [hit for hit in groups_npm if hit.list == name]
        ours = [hit for hit in groups_ours if hit.list == name]
        if npm or ours:
            both = sum(hit.paired for hit in npm)
            rows.append(f"| {name} | {counts(npm, ours, both)} |")
    return rows


def render_header(tool: NpmTool, names: list[str], failures: dict[str, str], seconds: tuple[float, float]) -> list[str]:
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain"], capture_output=True, text=True).stdout
    out = [
        "# Side by side with the npm awesome-lint",
        "",
        f"npm awesome-lint {tool.version} (node {tool.node}) against awesome-lint {__version__} "
        f"(commit {commit.stdout.strip() or '?'}{', with uncommitted changes' if dirty.strip() else ''}), "
        f"on {len(names)} lists; npm took {seconds[0]:.0f} s in all, ours {seconds[1]:.1f} s. "
        "Counts are findings; a pair is an npm finding and one of ours on the same line.",
        "",
    ]
    if failures:
        out += ["Lists without an npm report (left out of every count):", ""]
        out += [f"- {name}: {why}" for name, why in sorted(failures.items())] + [""]
    return out


def render_table(tool: NpmTool, groups: list[Group]) -> list[str]:
    out = ["## Per rule", "", "| our rule | npm rule | npm | ours | both | npm only | ours only |"]
    out += ["|---|---|---:|---:|---:|---:|---:|"]
    for group in groups:
        ours = " + ".join(f"{rule.code} {rule.name}" for rule in group.ours)
        out.append(f"| {ours} | {', '.join(group.npm)} | {counts(group.npm_hits, group.our_hits, len(group.pairs))} |")
    aliased = [(rule, i) for rule in (r for g in groups for r in g.ours) for i in rule.npm if i in ALIASES]
    if aliased:
        out += ["", f"Read under their npm {tool.version} names:", ""]
        out += [f"- `{i}` (claimed by {rule.code}) as `{ALIASES[i]}`" for rule, i in aliased]
    stale = [(g, i) for g in groups for i in g.npm if i not in tool.configured and i not in tool.defined]
    if stale:
        out += ["", f"Claimed npm ids that npm awesome-lint {tool.version} does not have:", ""]
        out += [f"- `{i}` (claimed by {' + '.join(r.code for r in g.ours)})" for g, i in stale]
    return out


def render_group(group: Group, names: list[str], count: int) -> list[str]:
    out = ["", f"## {group.title}", ""]
    if any(reads_repository(rule) for rule in group.ours):
        out += [REPOSITORY_NOTE, ""]
    if len(group.npm) > 1 or len(group.ours) > 1:
        for npm_id in group.npm:
            hits = [hit for hit in group.npm_hits if hit.rule == npm_id]
            others = {(h.list, h.line) for h in group.npm_hits if h.rule != npm_id}
            shared = sum((h.list, h.line) in others for h in hits)
            out.append(
                f"- npm {npm_id}: {len(hits)} findings, {sum(h.paired for h in hits)} paired, "
                f"{shared} on a line where another npm rule of this group reports too"
            )
        for rule in group.ours:
            hits = [hit for hit in group.our_hits if hit.rule == rule.code]
            out.append(f"- {rule.code} {rule.name}: {len(hits)} findings, {sum(h.paired for h in hits)} paired")
        out.append("")
    if group.npm_hits or group.our_hits:
        out += [*per_list(group.npm_hits, group.our_hits, names), ""]
    else:
        out += ["Neither tool reports anything on these lists.", ""]
    out += render_samples("npm only", group.npm_hits, count, "npm")
    return out + render_samples("ours only", group.our_hits, count, "ours")


def render_alone(
    tool: NpmTool, groups: list[Group], npm: dict[str, list[Hit]], ours: dict[type[Rule], list[Hit]], count: int
) -> list[str]:
    """The rules that only one of the tools has."""
    claimed = {npm_id for group in groups for npm_id in group.npm}
    out = ["", "## npm rules without a counterpart", ""]
    out += ["| npm rule | findings | lists | why not ours | markdownlint / rumdl |", "|---|---:|---:|---|---|"]
    by_count = sorted(npm.items(), key=lambda item: -len(item[1]))
    silent = [npm_id for npm_id in tool.configured if npm_id not in npm and npm_id not in claimed]
    quiet: list[tuple[str, list[Hit]]] = [(npm_id, []) for npm_id in silent]
    for npm_id, hits in [*by_count, *quiet]:
        why, peer = why_not(npm_id)
        out.append(f"| {npm_id} | {len(hits)} | {len({h.list for h in hits})} | {why} | {peer} |")
    unused = [i for i in tool.defined if i not in tool.configured and i not in claimed]
    if unused:
        named = ", ".join(f"`{i}`" for i in unused)
        out += ["", f"Named in its sources but not configured (disabled or commented out): {named}"]
    out += [""]
    for npm_id, hits in by_count:
        out += render_samples(f"npm {npm_id}", hits, min(count, 2), "npm")
    out += ["", "## Our rules without an npm counterpart", ""]
    out += ["| our rule | findings | lists |", "|---|---:|---:|"]
    for rule, hits in ours.items():
        mark = REPOSITORY if reads_repository(rule) else ""
        out.append(f"| {rule.code} {rule.name}{mark} | {len(hits)} | {len({h.list for h in hits})} |")
    if any(reads_repository(rule) for rule in ours):
        out += ["", REPOSITORY_NOTE]
    out += ["", "Left out: " + "; ".join(f"{code} {why}" for code, why in EXCLUDED.items()), ""]
    for rule, hits in ours.items():
        out += render_samples(f"{rule.code} {rule.name}", hits, count, "ours")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the folder holding lists/")
    parser.add_argument("--npm", type=Path, default=DEFAULT_NPM, help="the npm awesome-lint binary")
    parser.add_argument("--output", type=Path, help="the Markdown report (default: standard output)")
    parser.add_argument("--json", type=Path, help="also write every finding and its pairing as JSON")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), help="npm runs at once")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one npm run may take")
    parser.add_argument("--samples", type=int, default=5, help="unmatched findings shown per rule and side")
    args = parser.parse_args(argv)
    lists = sorted((args.corpus / "lists").glob("*.md"))
    if not lists:
        log(f"no lists in {args.corpus / 'lists'}")
        return 2
    if not args.npm.exists() or shutil.which("node") is None or shutil.which("git") is None:
        log(f"need node and git on PATH and the npm awesome-lint at {args.npm}")
        return 2
    tool = find_npm(args.npm)
    rules = [rule for rule in all_rules() if rule.code not in EXCLUDED]
    groups = groups_of(rules)
    linter = Linter(rules, list_files=None)
    alone_npm: dict[str, list[Hit]] = defaultdict(list)
    alone_ours: dict[type[Rule], list[Hit]] = {rule: [] for rule in rules if not rule.npm}
    failures: dict[str, str] = {}
    names = [path.stem for path in lists]
    with tempfile.TemporaryDirectory(prefix="npm-compare-") as scratch:
        root = Path(scratch)
        reporter = root / "reporter.mjs"
        reporter.write_text(REPORTER, encoding="utf-8")
        for path in lists:
            copy_list(path, root / path.stem)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            done = pool.map(lambda name: run_npm(tool, root / name, reporter, args.timeout), names)
            runs = dict(zip(names, done, strict=True))
        npm_seconds = time.perf_counter() - started
        started = time.perf_counter()
        results = {name: linter.lint_file(root / name / "readme.md") for name in names}
        our_seconds = time.perf_counter() - started
    for name in names:
        messages, failure = runs[name]
        if failure:
            failures[name] = failure
            log(f"{name}: npm {failure}")
            continue
        source = results[name].source
        lines = source.text.split("\n") if source is not None else []

        def text(line: int, lines: list[str] = lines) -> str:
            return lines[line - 1] if 0 < line <= len(lines) else ""

        npm_hits = [Hit(name, rule, line, column, message, text(line)) for rule, line, column, message in messages]
        our_hits = [Hit(name, f.code, f.line, f.column, f.message, text(f.line)) for f in results[name].findings]
        for group in groups:
            codes = {rule.code for rule in group.ours}
            pair(group, [h for h in npm_hits if h.rule in group.npm], [h for h in our_hits if h.rule in codes])
        claimed = {npm_id for group in groups for npm_id in group.npm}
        for hit in npm_hits:
            if hit.rule not in claimed:
                alone_npm[hit.rule].append(hit)
        by_code = {rule.code: rule for rule in alone_ours}
        for hit in our_hits:
            if hit.rule in by_code:
                alone_ours[by_code[hit.rule]].append(hit)
    kept = [name for name in names if name not in failures]
    out = render_header(tool, kept, failures, (npm_seconds, our_seconds)) + render_table(tool, groups)
    for group in groups:
        out += render_group(group, kept, args.samples)
    out += render_alone(tool, groups, alone_npm, alone_ours, args.samples)
    report = "\n".join(out).rstrip() + "\n"
    if args.output:
        args.output.write_text(report, encoding="utf-8")
        log(f"wrote {args.output}")
    else:
        sys.stdout.write(report)
    if args.json:
        dump = {
            "groups": [
                {"title": g.title, "npm": [asdict(h) for h in g.npm_hits], "ours": [asdict(h) for h in g.our_hits]}
                for g in groups
            ],
            "npm_alone": {k: [asdict(h) for h in v] for k, v in alone_npm.items()},
            "ours_alone": {r.code: [asdict(h) for h in v] for r, v in alone_ours.items()},
        }
        args.json.write_text(json.dumps(dump, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
