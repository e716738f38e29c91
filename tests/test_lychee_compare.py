"""awesome-lint's half of docs/lychee-comparison.md, checked on every run.

The comparison serves each case on 127.0.0.1 and counts what the checker sends. Here
awesome-lint checks the same list once, with the page's retries (only the time-out and the
back-off are shorter, which changes no verdict, no count and no message), and every case must
get the verdict and the number of requests stated below, and the page must state what this run
measured, cell by cell. lychee is not needed: its half of the page is the script's to measure.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))  # the comparison's modules import each other by name

from lychee_cases import REFUSED, Case, cases  # noqa: E402
from lychee_page import DOCUMENT, Report, requests_cell  # noqa: E402
from lychee_runs import Run, Settings, lychee_verdicts, run_awesome_lint, total_requests  # noqa: E402
from lychee_servers import serve  # noqa: E402

OK, DEAD, UNREACHABLE, REDIRECTED = "ok", "dead", "unreachable", "redirected"

RETRIES = Settings().retries
TRIES = RETRIES + 2
"""1 + the retries in the first pass, and one more in the retry pass at the end."""

EXPECTED: dict[str, tuple[str, int | None]] = {
    # case: (verdict, requests; TLS handshakes and silent connections; None: nothing can count)
    "01-ok": (OK, 1),  # HEAD
    "02-not-found": (DEAD, 2),  # HEAD 404, asked again with GET
    "03-gone": (DEAD, 2),
    "04-chain-301": (REDIRECTED, 4),  # three hops and the end
    "05-moved-308": (REDIRECTED, 2),
    "06-found-302": (OK, 2),
    "07-loop": (UNREACHABLE, 2),  # a, b, and a again is seen without asking
    "08-eleven-redirects": (UNREACHABLE, 11),  # the 11th redirect ends it; its target is never asked
    "09-503-then-200": (OK, 2),
    "10-503-always": (UNREACHABLE, TRIES),  # 1 + 2 retries, and one more try in the retry pass
    "11-429-then-200": (OK, 2),
    "12-forbidden": (UNREACHABLE, 2),  # HEAD 403, asked again with GET
    "13-duplicate": (OK, 1),  # listed twice, asked once
    "14-fragment": (OK, 1),
    "15-head-405": (OK, 2),
    "16-self-signed": (DEAD, 1),  # a certificate that fails verification is final
    "17-silent": (UNREACHABLE, TRIES),  # like the 503
    "18-refused": (DEAD, None),
}

WORDS = {
    # case: what awesome-lint's message says (ports replaced by PORT)
    "10-503-always": f"AL502: server error 503 Service Unavailable after {TRIES} tries",
    "16-self-signed": "AL501: the TLS certificate of 127.0.0.1:PORT is not valid: self-signed certificate",
    "17-silent": f"AL502: no answer in time after {TRIES} tries",
    "18-refused": "AL501: the connection to 127.0.0.1:PORT was refused",
}


@dataclass(frozen=True)
class Measured:
    run: Run
    report: Report


@pytest.fixture(scope="module")
def measured() -> Iterator[Measured]:
    settings = replace(Settings(), timeout=2, backoff=0.05)
    known = cases()
    with serve(known) as servers:
        run, where = run_awesome_lint(servers, known, settings)
    yield Measured(run, Report(settings, known, where, [run], []))


def test_the_cases_are_the_pages() -> None:
    assert [case.key for case in cases()] == list(EXPECTED)


def test_awesome_lint_gets_the_stated_verdict_and_request_count_for_every_case(measured: Measured) -> None:
    report, run = measured.report, measured.run
    verdicts = {case.key: report.verdict(report.ours, case)[0] for case in report.known}
    assert verdicts == {key: verdict for key, (verdict, _) in EXPECTED.items()}
    counts = {key: None if count is None else sum(count.values()) for key, count in run.requests.items()}
    assert counts == {key: number for key, (_, number) in EXPECTED.items()}
    assert not run.unclaimed
    words = {case.key: report.verdict(report.ours, case)[1] for case in report.known}
    assert {key: words[key] for key in WORDS} == WORDS


def test_awesome_lints_own_count_is_of_every_request_it_sent(measured: Measured) -> None:
    # Whatever the servers counted (requests, the failed TLS handshake, the silent connections),
    # and the one request to the refused port, where nothing can count.
    refused = sum(1 for case in measured.report.known if case.server == REFUSED)
    assert measured.run.own_count == total_requests(measured.run) + refused


def test_the_page_states_what_this_run_measured(measured: Measured) -> None:
    text = (REPO / DOCUMENT).read_text(encoding="utf-8")
    report, run = measured.report, measured.run
    verdicts = _column(text, "## Verdicts", 2)
    requests = _column(text, "## Requests", 1)
    assert set(verdicts) == set(requests) == set(EXPECTED)
    for case in report.known:
        verdict, words = report.verdict(report.ours, case)
        cell = f"**{verdict}**" + (f" ({words})" if words else "")
        assert verdicts[case.key] == cell.replace("|", "\\|"), case.key
        assert requests[case.key] == requests_cell(report.ours, case), case.key
    assert f"| **total** | **{total_requests(run)}** |" in text
    assert f'awesome-lint\'s own count (`-v`: "… requests sent or attempted") was {run.own_count}' in text
    assert f"`retries = {RETRIES}`" in text and f"`--max-retries {RETRIES}`" in text


def _column(text: str, section: str, index: int) -> dict[str, str]:
    """The cells of column ``index`` (after the case's) of the table under ``section``, by case."""
    body = text.split(section, 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| (.*) \|$", body, re.MULTILINE)
    return {key: rest.split(" | ")[index - 1] for key, rest in rows}


def test_lychee_answers_map_to_the_four_verdicts() -> None:
    known: list[Case] = cases()[:4]
    where = {3: known[0], 4: known[1], 5: known[2], 6: known[3]}

    def entry(line: int, text: str, code: int | None, redirects: tuple[int, ...] = ()) -> dict[str, object]:
        found: dict[str, object] = {"url": "http://x/", "status": {"text": text, "code": code}, "span": {"line": line}}
        if redirects:
            hops = [{"url": "http://y/", "code": status} for status in redirects]
            found["redirects"] = {"origin": "http://x/", "redirects": hops}
        return found

    output = json.dumps(
        {
            "success_map": {"README.md": [entry(3, "200 OK", 200), entry(6, "200 OK", 200, (301, 301, 308))]},
            "error_map": {"README.md": [entry(4, "Rejected status code: 404 Not Found", 404)]},
            "timeout_map": {"README.md": [entry(5, "Timeout", None)]},
        }
    )
    assert lychee_verdicts(output, where) == {
        3: (OK, "200 OK"),
        4: (DEAD, "Rejected status code: 404 Not Found"),
        5: (UNREACHABLE, "Timeout"),
        6: (OK, "200 OK after 2 × 301, 308"),
    }
