"""The link checker against real servers on 127.0.0.1: verdicts, redirects, retries, politeness, cache, budget.

Every case goes through a whole online run (configuration, requests gathered from the rules,
checks, rules, suppression comments), as ``awesome-lint --online`` does it.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from onlineutil import FAST, Route, fake_dns, found, refused_port, run_online, silent_port, site

DEAD, UNREACHABLE, REDIRECTED = "AL501", "AL502", "AL503"


def lines(*links: str) -> str:
    return "# Awesome Test\n\n" + "".join(f"- [Item {i}]({url}) - Entry.\n" for i, url in enumerate(links)) + ""


def test_200_404_and_410(tmp_path: Path, monkeypatch: Any) -> None:
    with site({"/ok": Route(200), "/gone": Route(410)}) as server:
        readme = lines(server.url("/ok"), server.url("/missing"), server.url("/gone"))
        result = run_online(tmp_path, monkeypatch, readme)
    assert found(result) == [
        (4, 12, DEAD, f'dead link "{server.url("/missing")}": the server answers 404 Not Found'),
        (5, 12, DEAD, f'dead link "{server.url("/gone")}": the server answers 410 Gone'),
    ]
    assert result.results[0].findings[0].severity == "error"
    # A HEAD 404 is asked again with GET before it counts; a 200 needs one HEAD.
    assert [seen.method for seen in server.requests_for("/missing")] == ["HEAD", "GET"]
    assert [seen.method for seen in server.requests_for("/ok")] == ["HEAD"]


def test_a_chain_of_301s_is_fixed_to_the_end_of_the_chain(tmp_path: Path, monkeypatch: Any) -> None:
    routes = {
        "/a": Route(301, {"Location": "/b"}),
        "/b": Route(301, {"Location": "/c"}),
        "/c": Route(308, {"Location": "/final"}),
        "/final": Route(200),
    }
    with site(routes) as server:
        readme = lines(server.url("/a") + "#usage")
        result = run_online(tmp_path, monkeypatch, readme)
        assert found(result) == [
            (
                3,
                12,
                REDIRECTED,
                f'redirected link "{server.url("/a")}#usage": it has moved permanently to '
                f'"{server.url("/final")}#usage"',
            )
        ]
        assert result.results[0].findings[0].severity == "warning"
        fixed = run_online(tmp_path, monkeypatch, readme, fix=True)
    assert fixed.results[0].fixed == [REDIRECTED]
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == lines(server.url("/final") + "#usage")


def test_a_308_is_a_permanent_redirect_and_a_302_is_not_reported(tmp_path: Path, monkeypatch: Any) -> None:
    routes = {
        "/perm": Route(308, {"Location": "/new"}),
        "/temp": Route(302, {"Location": "/new"}),
        "/see-other": Route(303, {"Location": "/new"}),
        "/temp307": Route(307, {"Location": "/new"}),
        "/new": Route(200),
    }
    with site(routes) as server:
        readme = lines(*(server.url(path) for path in ("/perm", "/temp", "/see-other", "/temp307")))
        result = run_online(tmp_path, monkeypatch, readme)
    assert found(result) == [
        (
            3,
            12,
            REDIRECTED,
            f'redirected link "{server.url("/perm")}": it has moved permanently to "{server.url("/new")}"',
        )
    ]


def test_a_permanent_redirect_then_a_temporary_one_is_fixed_to_the_permanent_target(
    tmp_path: Path, monkeypatch: Any
) -> None:
    routes = {
        "/old": Route(301, {"Location": "/new"}),
        "/new": Route(302, {"Location": "/today"}),
        "/today": Route(200),
    }
    with site(routes) as server:
        result = run_online(tmp_path, monkeypatch, lines(server.url("/old")))
    assert [message for *_, message in found(result)] == [
        f'redirected link "{server.url("/old")}": it has moved permanently to "{server.url("/new")}"'
    ]


def test_a_redirect_loop_and_too_many_redirects_are_unreachable(tmp_path: Path, monkeypatch: Any) -> None:
    routes = {"/loop1": Route(301, {"Location": "/loop2"}), "/loop2": Route(301, {"Location": "/loop1"})}
    routes.update({f"/hop{i}": Route(301, {"Location": f"/hop{i + 1}"}) for i in range(12)})
    with site(routes) as server:
        result = run_online(tmp_path, monkeypatch, lines(server.url("/loop1"), server.url("/hop0")))
    assert found(result) == [
        (
            3,
            12,
            UNREACHABLE,
            f'link "{server.url("/loop1")}" could not be reached: the redirects go round in a loop '
            f"(2 hops, back to {server.url('/loop1')})",
        ),
        (
            4,
            12,
            UNREACHABLE,
            f'link "{server.url("/hop0")}" could not be reached: more than 10 redirects (the last to '
            f"{server.url('/hop11')})",
        ),
    ]
    # At most 10 hops are followed: the 11th redirect is seen, never requested.
    assert server.requests_for("/hop11") == []


def test_a_429_with_retry_after_is_honoured(tmp_path: Path, monkeypatch: Any) -> None:
    routes = {"/busy": Route(statuses=[429, 200], headers={"Retry-After": "2"})}
    with site(routes) as server:
        result = run_online(tmp_path, monkeypatch, lines(server.url("/busy")))
    assert found(result) == []
    first, second = server.requests_for("/busy")
    assert second.at - first.at >= 2.0


def test_a_429_asking_for_too_long_is_unreachable_not_dead(tmp_path: Path, monkeypatch: Any) -> None:
    with site({"/busy": Route(429, {"Retry-After": "3600"})}) as server:
        result = run_online(tmp_path, monkeypatch, lines(server.url("/busy")))
    assert len(server.seen) == 1  # asked to come back in an hour: not asked again, not even in the retry pass
    assert found(result) == [
        (
            3,
            12,
            UNREACHABLE,
            f'link "{server.url("/busy")}" could not be reached: rate limited: 429 Too Many Requests, '
            "asking to wait 3600 s",
        )
    ]


def test_a_503_followed_by_a_200_passes(tmp_path: Path, monkeypatch: Any) -> None:
    with site({"/flaky": Route(statuses=[503, 200])}) as server:
        result = run_online(tmp_path, monkeypatch, lines(server.url("/flaky")))
    assert found(result) == []
    assert len(server.requests_for("/flaky")) == 2


def test_a_server_that_keeps_failing_is_unreachable_after_the_retries_and_the_retry_pass(
    tmp_path: Path, monkeypatch: Any
) -> None:
    with site({"/down": Route(503)}) as server:
        result = run_online(tmp_path, monkeypatch, lines(server.url("/down")))
    assert found(result) == [
        (
            3,
            12,
            UNREACHABLE,
            f'link "{server.url("/down")}" could not be reached: '
            "server error 503 Service Unavailable after 3 tries",
        )
    ]
    # retries = 1: two tries, then one more in the retry pass at the end.
    assert len(server.requests_for("/down")) == 3


def test_back_off_waits_longer_each_time(tmp_path: Path, monkeypatch: Any) -> None:
    config = FAST.replace("backoff = 0.05", "backoff = 0.2").replace("retries = 1", "retries = 2")
    with site({"/down": Route(statuses=[503, 503, 200])}) as server:
        result = run_online(tmp_path, monkeypatch, lines(server.url("/down")), config)
    assert found(result) == []
    first, second, third = (seen.at for seen in server.requests_for("/down"))
    assert 0.2 <= second - first < 0.2 * 1.5 + 0.5  # backoff, plus at most 50 % jitter
    assert 0.4 <= third - second < 0.4 * 1.5 + 0.5


def test_a_server_that_never_answers_times_out_as_unreachable(tmp_path: Path, monkeypatch: Any) -> None:
    config = FAST.replace("retries = 1", "retries = 0")
    with silent_port() as port:
        url = f"http://127.0.0.1:{port}/page"
        result = run_online(tmp_path, monkeypatch, lines(url), config)
    # retries = 0, and one more try in the retry pass
    message = f'link "{url}" could not be reached: no answer in time after 2 tries'
    assert found(result) == [(3, 12, UNREACHABLE, message)]


def test_a_refused_port_is_dead(tmp_path: Path, monkeypatch: Any) -> None:
    url = f"http://127.0.0.1:{refused_port()}/"
    result = run_online(tmp_path, monkeypatch, lines(url))
    port = url.split(":")[2].rstrip("/")
    assert found(result) == [(3, 12, DEAD, f'dead link "{url}": the connection to 127.0.0.1:{port} was refused')]


def test_head_refused_with_405_then_get(tmp_path: Path, monkeypatch: Any) -> None:
    routes = {"/no-head": Route(200, head=405), "/second": Route(200, head=405)}
    config = FAST + "max-concurrency-per-host = 1\n"
    with site(routes) as server:
        result = run_online(tmp_path, monkeypatch, lines(server.url("/no-head"), server.url("/second")), config)
    assert found(result) == []
    methods = [(seen.method, seen.path) for seen in server.seen]
    # The host refused HEAD once: from then on it is asked with GET alone.
    assert methods.count(("HEAD", "/no-head")) + methods.count(("HEAD", "/second")) == 1
    assert ("GET", "/no-head") in methods and ("GET", "/second") in methods


def test_a_self_signed_certificate_is_a_tls_failure(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with site({"/": Route(200)}, tls=True) as server:
        result = run_online(tmp_path, monkeypatch, lines(server.url("/")))
    ((line, column, code, message),) = found(result)
    assert (line, column, code) == (3, 12, DEAD)
    assert message == (
        f'dead link "{server.url("/")}": the TLS certificate of 127.0.0.1:{server.port} is not valid: '
        "self-signed certificate"
    )
    assert len(server.seen) == 0  # no request got through, and a certificate that fails is not tried again


def test_a_host_name_that_does_not_resolve_is_dead(tmp_path: Path, monkeypatch: Any) -> None:
    fake_dns(monkeypatch)
    with site({"/": Route(200)}) as server:
        readme = lines("https://nowhere.invalid/page", f"http://site.test:{server.port}/")
        result = run_online(tmp_path, monkeypatch, readme)
    assert found(result) == [
        (3, 12, DEAD, 'dead link "https://nowhere.invalid/page": the host name nowhere.invalid does not resolve')
    ]


def test_when_no_host_name_resolves_the_machine_is_offline_not_the_links_dead(
    tmp_path: Path, monkeypatch: Any
) -> None:
    fake_dns(monkeypatch)
    result = run_online(tmp_path, monkeypatch, lines("https://one.invalid/", "https://two.invalid/"))
    assert [(code, message.split(": ", 1)[1]) for _, _, code, message in found(result)] == [
        (UNREACHABLE, "no host name resolved in this run: is this machine offline?"),
        (UNREACHABLE, "no host name resolved in this run: is this machine offline?"),
    ]


def test_the_user_agent_names_the_tool_and_its_address(tmp_path: Path, monkeypatch: Any) -> None:
    from awesome_lint import __version__

    with site({"/": Route(200)}) as server:
        run_online(tmp_path, monkeypatch, lines(server.url("/")))
    assert server.seen[0].headers["User-Agent"] == (
        f"awesome-lint/{__version__} (+https://github.com/awesome-lint/awesome-lint)"
    )


def test_one_request_per_unique_url(tmp_path: Path, monkeypatch: Any) -> None:
    with site({"/page": Route(200)}) as server:
        url = server.url("/page")
        readme = lines(url, url + "#a", url + "#b") + f"\n[ref]: {url}\n\n<a href=\"{url}\">again</a>\n"
        result = run_online(tmp_path, monkeypatch, readme)
    assert found(result) == []
    assert len(server.seen) == 1
    assert result.online.urls == 1 and result.online.requests == 1


def test_the_per_host_limit_is_never_exceeded(tmp_path: Path, monkeypatch: Any) -> None:
    config = FAST + "max-concurrency-per-host = 3\n"
    routes = {f"/slow{i}": Route(200, delay=0.3) for i in range(12)}
    with site(routes) as server:
        run_online(tmp_path, monkeypatch, lines(*(server.url(path) for path in routes)), config)
    assert len(server.seen) == 12
    assert server.max_in_flight == 3  # the limit, and used to the full


def test_the_overall_limit_holds_across_hosts(tmp_path: Path, monkeypatch: Any) -> None:
    config = FAST + "max-concurrency = 2\nmax-concurrency-per-host = 4\n"
    routes = {f"/slow{i}": Route(200, delay=0.3) for i in range(4)}
    with site(routes) as one, site(routes) as two:
        urls = [server.url(path) for server in (one, two) for path in routes]
        run_online(tmp_path, monkeypatch, lines(*urls), config)
    assert one.max_in_flight + two.max_in_flight <= 4
    assert max(one.max_in_flight, two.max_in_flight) <= 2


def test_a_second_run_within_the_cache_age_makes_no_requests(tmp_path: Path, monkeypatch: Any) -> None:
    with site({"/ok": Route(200), "/gone": Route(404)}) as server:
        readme = lines(server.url("/ok"), server.url("/gone"))
        first = run_online(tmp_path, monkeypatch, readme)
        sent = len(server.seen)
        second = run_online(tmp_path, monkeypatch, readme)
        assert len(server.seen) == sent
    assert found(first) == found(second) != []
    assert second.online.from_cache == 2 and second.online.requests == 0
    assert (tmp_path / ".awesome-lint-cache" / "links.sqlite3").is_file()
    # git and backup tools leave it alone, as they do the result cache
    assert (tmp_path / ".awesome-lint-cache" / ".gitignore").read_text() == "# Created by awesome-lint\n*\n"
    assert (tmp_path / ".awesome-lint-cache" / "CACHEDIR.TAG").is_file()


def test_failures_are_kept_for_less_time_than_successes(tmp_path: Path, monkeypatch: Any) -> None:
    config = FAST + "failure-cache-age = 0\n"
    with site({"/ok": Route(200), "/gone": Route(404)}) as server:
        readme = lines(server.url("/ok"), server.url("/gone"))
        run_online(tmp_path, monkeypatch, readme, config)
        before = {path: len(server.requests_for(path)) for path in ("/ok", "/gone")}
        run_online(tmp_path, monkeypatch, readme, config)
        after = {path: len(server.requests_for(path)) for path in ("/ok", "/gone")}
    assert after["/ok"] == before["/ok"]  # from the cache
    assert after["/gone"] == 2 * before["/gone"]  # asked again


def test_no_cache_asks_again_and_writes_nothing(tmp_path: Path, monkeypatch: Any) -> None:
    with site({"/ok": Route(200)}) as server:
        run_online(tmp_path, monkeypatch, lines(server.url("/ok")), cache=False)
        run_online(tmp_path, monkeypatch, lines(server.url("/ok")), cache=False)
    assert len(server.seen) == 2
    assert not (tmp_path / ".awesome-lint-cache" / "links.sqlite3").exists()


def test_a_broken_cache_file_is_reported_and_the_links_checked(tmp_path: Path, monkeypatch: Any) -> None:
    folder = tmp_path / ".awesome-lint-cache"
    folder.mkdir()
    (folder / "links.sqlite3").write_bytes(b"this is not a database" * 100)
    with site({"/gone": Route(404)}) as server:
        result = run_online(tmp_path, monkeypatch, lines(server.url("/gone")))
    assert [code for _, _, code, _ in found(result)] == [DEAD]
    assert result.online.notes == [
        f"the link cache {folder / 'links.sqlite3'} cannot be used (file is not a database); checking without it"
    ]


def test_concurrent_runs_keep_the_cache_whole(tmp_path: Path, monkeypatch: Any) -> None:
    import threading

    from awesome_lint.online.cache import LinkCache

    path = str(tmp_path / "links.sqlite3")
    errors: list[str] = []

    def writer(number: int) -> None:
        cache = LinkCache(path)
        for round_ in range(20):
            cache.put({f"link\0https://example.com/{number}/{round_}": (False, {"n": round_})})
        if cache.problem:
            errors.append(cache.problem)
        cache.close()

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    keys = [f"link\0https://example.com/{n}/{r}" for n in range(6) for r in range(20)]
    assert len(LinkCache(path).get(keys, 3600, 3600)) == 120


def test_the_time_budget_leaves_the_rest_unchecked_not_dead(tmp_path: Path, monkeypatch: Any) -> None:
    config = FAST.replace("timeout = 1", "timeout = 10") + "budget = 1\n"
    with site({"/fast": Route(404), "/slow": Route(404, delay=3)}) as server:
        result = run_online(tmp_path, monkeypatch, lines(server.url("/fast"), server.url("/slow")), config)
    assert [(line, code) for line, _, code, _ in found(result)] == [(3, DEAD)]
    assert result.online.unchecked == [(server.url("/slow"), "the time budget ran out")]
    assert result.online.seconds < 2.5


def test_include_exclude_and_private_addresses(tmp_path: Path, monkeypatch: Any) -> None:
    with site({}) as server:
        urls = [server.url("/skip-me"), server.url("/check-me"), server.url("/other")]
        config = FAST + 'exclude = ["skip-me"]\n'
        result = run_online(tmp_path, monkeypatch, lines(*urls), config)
        assert [line for line, *_ in found(result)] == [4, 5]
        assert result.online.skipped == 1
        config = FAST + 'include = ["check-me"]\n'
        result = run_online(tmp_path, monkeypatch, lines(*urls), config, cache=False)
        assert [line for line, *_ in found(result)] == [4]
        config = FAST + "exclude-private = true\n"
        sent = len(server.seen)
        result = run_online(tmp_path, monkeypatch, lines(*urls), config, cache=False)
        assert found(result) == [] and len(server.seen) == sent


def test_statuses_accepted_per_host(tmp_path: Path, monkeypatch: Any) -> None:
    config = FAST + '[link-check.accept]\n"127.0.0.1" = [403]\n'
    with site({"/walled": Route(403)}) as server:
        accepted = run_online(tmp_path, monkeypatch, lines(server.url("/walled")), config)
        walled = run_online(tmp_path, monkeypatch, lines(server.url("/walled")), cache=False)
    assert found(accepted) == []
    assert found(walled) == [
        (
            3,
            12,
            UNREACHABLE,
            f'link "{server.url("/walled")}" could not be reached: 403 Forbidden: the site seems to turn robots away',
        )
    ]


def test_offline_nothing_opens_a_socket(tmp_path: Path, monkeypatch: Any) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an offline run opened a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    readme = lines("https://example.com/gone", "http://example.org/") + "\n[def]: https://example.net/\n"
    result = run_online(tmp_path, monkeypatch, readme, configured=False, select=["AL5", "AL202"])
    assert result.online is None
    assert [code for _, _, code, _ in found(result)] == ["AL202"]


@pytest.mark.parametrize("flag", [False, None])
def test_the_configuration_or_the_command_line_turns_online_on(
    tmp_path: Path, monkeypatch: Any, flag: bool | None
) -> None:
    with site({}) as server:
        result = run_online(tmp_path, monkeypatch, lines(server.url("/x")), online=flag)
    assert (result.online is None) == (flag is False)


def test_urls_that_cannot_be_requested_never_crash_the_run(tmp_path: Path, monkeypatch: Any) -> None:
    odd = [
        "http://xn--/",
        "http://a..b/",
        "http://127.0.0.1:99999/",
        "http://例え.テスト/",
        "https://%41%42.com/",
        "http://[::1]:1/",
        "http://user:pass@127.0.0.1:1/",
        "http://-leading-dash.example/",
        "http://" + "a" * 70 + ".example/",
    ]
    result = run_online(tmp_path, monkeypatch, lines(*odd), FAST.replace("retries = 1", "retries = 0"))
    assert result.results[0].error is None and not result.results[0].internal_error
    assert {code for _, _, code, _ in found(result)} <= {DEAD, UNREACHABLE}
