"""The GitHub API checks against a fake API on 127.0.0.1: archived, moved, rate limits, the token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from onlineutil import FAST, Route, found, repo, run_online, site


def config(api: str) -> str:
    return FAST + f'github-api = "{api}"\nexclude = ["^https://github\\\\.com/"]\n'


def readme(*names: str) -> str:
    return "# Awesome\n\n" + "".join(f"- [{name}](https://github.com/{name}) - A tool.\n" for name in names)


def test_archived_and_moved_repositories(tmp_path: Path, monkeypatch: Any) -> None:
    routes = {
        "/repos/someone/old-tool": repo("someone/old-tool", archived=True),
        "/repos/old-owner/tool": Route(301, {"Location": "/repositories/42"}),
        "/repositories/42": repo("new-owner/tool"),
        "/repos/someone/fine": repo("someone/fine"),
        "/repos/someone/Case": repo("someone/case"),
    }
    with site(routes) as api:
        text = readme("someone/old-tool", "old-owner/tool", "someone/fine", "someone/Case")
        result = run_online(tmp_path, monkeypatch, text, config(api.url("")))
        assert found(result) == [
            (3, 22, "AL504", 'repository "someone/old-tool" is archived: read-only, it gets no more changes'),
            (4, 20, "AL505", 'repository "old-owner/tool" has moved to "new-owner/tool"'),
        ]
        # one request per repository, in whatever order the two at a time finish
        assert sorted(seen.path for seen in api.seen if seen.path.startswith("/repos/")) == sorted(
            f"/repos/{name}" for name in ("someone/old-tool", "old-owner/tool", "someone/fine", "someone/Case")
        )
        assert all(seen.headers["Accept"] == "application/vnd.github+json" for seen in api.seen)
        assert all("Authorization" not in seen.headers for seen in api.seen)
        fixed = run_online(tmp_path, monkeypatch, text, config(api.url("")), fix=True)
    assert fixed.results[0].fixed == ["AL505"]
    assert "https://github.com/new-owner/tool)" in (tmp_path / "README.md").read_text(encoding="utf-8")


def test_the_token_is_sent_when_set(tmp_path: Path, monkeypatch: Any) -> None:
    from onlineutil import project

    from awesome_lint.run import RunOptions, run

    with site({"/repos/o/r": repo("o/r")}) as api:
        path = project(tmp_path, readme("o/r"), config(api.url("")))
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("GITHUB_TOKEN", "secret-token")
        for key in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
            monkeypatch.delenv(key, raising=False)
        run([path.name], RunOptions(jobs=1, select=["AL5"]))
    assert api.seen[0].headers["Authorization"] == "Bearer secret-token"


def test_a_rate_limit_stops_the_requests_and_leaves_the_rest_unchecked(tmp_path: Path, monkeypatch: Any) -> None:
    limited = Route(
        403,
        {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1767225600", "Content-Type": "application/json"},
        body=b'{"message": "API rate limit exceeded"}',
    )
    last = repo("a/one")
    last.headers["X-RateLimit-Remaining"] = "0"
    last.headers["X-RateLimit-Reset"] = "1767225600"
    routes = {"/repos/a/one": last, "/repos/b/two": limited, "/repos/c/three": limited}
    extra = "max-concurrency-per-host = 1\n"
    with site(routes) as api:
        result = run_online(tmp_path, monkeypatch, readme("a/one", "b/two", "c/three"), config(api.url("")) + extra)
    assert found(result) == []
    # The first answer said no request was left: nothing more was sent.
    assert [seen.path for seen in api.seen] == ["/repos/a/one"]
    reason = "the GitHub API rate limit is reached (it resets at 00:00 UTC); set GITHUB_TOKEN for a higher limit"
    assert result.online.unchecked == [
        ("https://github.com/b/two", reason),
        ("https://github.com/c/three", reason),
    ]


def test_a_rate_limit_answer_stops_the_rest(tmp_path: Path, monkeypatch: Any) -> None:
    limited = Route(403, {"X-RateLimit-Remaining": "0"}, body=b'{"message": "API rate limit exceeded"}')
    with site({"/repos/a/one": limited, "/repos/b/two": repo("b/two")}) as api:
        extra = "max-concurrency-per-host = 1\n"
        result = run_online(tmp_path, monkeypatch, readme("a/one", "b/two"), config(api.url("")) + extra)
    assert [seen.path for seen in api.seen] == ["/repos/a/one"]
    assert [url for url, _ in result.online.unchecked] == ["https://github.com/a/one", "https://github.com/b/two"]


def test_a_missing_repository_is_left_to_dead_link(tmp_path: Path, monkeypatch: Any) -> None:
    with site({}) as api:
        result = run_online(tmp_path, monkeypatch, readme("gone/away"), config(api.url("")))
    assert found(result) == [] and result.online.unchecked == []


def test_answers_are_cached(tmp_path: Path, monkeypatch: Any) -> None:
    with site({"/repos/o/r": repo("o/r", archived=True)}) as api:
        first = run_online(tmp_path, monkeypatch, readme("o/r"), config(api.url("")))
        second = run_online(tmp_path, monkeypatch, readme("o/r"), config(api.url("")))
    assert len(api.seen) == 1
    assert found(first) == found(second) != []
