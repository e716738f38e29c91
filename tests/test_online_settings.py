"""The link checker's settings and verdicts: durations, the README's example, Retry-After, classification."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from awesome_lint.config import ConfigError
from awesome_lint.config.model import validate
from awesome_lint.online.settings import LinkCheckSettings, parse_duration
from awesome_lint.online.verdicts import Observation, classify, parse_retry_after

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.parametrize(
    ("written", "seconds"),
    [(20, 20.0), (1.5, 1.5), ("30s", 30.0), ("10m", 600.0), ("6h", 21600.0), ("1d", 86400.0), ("2w", 1209600.0),
     ("250ms", 0.25), (" 5 ", 5.0)],
)
def test_durations(written: object, seconds: float) -> None:
    assert parse_duration(written) == seconds


def test_bad_settings_say_where_and_what(tmp_path: Path) -> None:
    cases = {
        "[link-check]\ntimeout = true\n": "link-check.timeout: a boolean is not a duration",
        "[link-check]\nretries = 11\n": "link-check.retries",
        '[link-check.accept]\n"x.com" = [42]\n': "link-check.accept: x.com: 42 is not an HTTP status (100 to 999)",
        '[link-check]\ngithub-api = "api.github.com"\n': (
            "link-check.github-api: 'api.github.com' is not an http(s) URL"
        ),
        "online = 1\n": "online",
    }
    for text, expected in cases.items():
        import tomllib

        with pytest.raises(ConfigError) as caught:
            validate(tomllib.loads(text), "awesome-lint.toml")
        assert expected in str(caught.value), (text, str(caught.value))


def test_the_readme_example_is_valid_and_its_comments_are_the_defaults() -> None:
    import tomllib

    text = README.read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```toml\n(.*?)```", text, re.DOTALL) if "[tool.awesome-lint.link-check]" in b)
    data = tomllib.loads(block)["tool"]["awesome-lint"]
    settings = validate(data, "pyproject.toml")
    assert settings.online is True
    given = LinkCheckSettings.from_values(settings.link_check)
    defaults = LinkCheckSettings()
    for name in ("timeout", "max_concurrency", "max_concurrency_per_host", "retries", "backoff", "max_retry_after",
                 "budget", "cache_age", "failure_cache_age", "include", "exclude_private", "github_api"):
        assert getattr(given, name) == getattr(defaults, name), name


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert parse_retry_after("2") == 2.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412490.0) == 0.0  # already past
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


@pytest.mark.parametrize(
    ("observation", "state", "reason"),
    [
        (Observation("https://a/", 200), "ok", "200 OK"),
        (Observation("https://a/", 404), "dead", "the server answers 404 Not Found"),
        (Observation("https://a/", 401), "unreachable", "the server answers 401 Unauthorized"),
        (Observation("https://a/", 999), "unreachable", "999 Request Denied: the site seems to turn robots away"),
        (Observation("https://a/", 502, tries=3), "unreachable", "server error 502 Bad Gateway after 3 tries"),
        (
            Observation("https://a/x", 404, hops=((301, "https://b/y"),)),
            "dead",
            "the server answers 404 Not Found (after 1 redirect, at https://b/y)",
        ),
        (Observation("https://a/", error="refused"), "dead", "the connection to a was refused"),
    ],
)
def test_verdicts(observation: Observation, state: str, reason: str) -> None:
    answer = classify(observation)
    assert (answer.state, answer.reason) == (state, reason)


def test_accepted_statuses_per_host_and_pattern() -> None:
    accept = {"www.example.com": (403,), "*.example.org": (503,)}
    assert classify(Observation("https://www.example.com/x", 403), accept).ok
    assert classify(Observation("https://docs.example.org/x", 503), accept).ok
    assert not classify(Observation("https://example.org/x", 503), accept).ok
    assert not classify(Observation("https://www.example.com/x", 404), accept).ok


def test_a_moved_to_target_is_where_the_permanent_hops_lead() -> None:
    hops = ((301, "https://b/"), (308, "https://c/"), (302, "https://d/"), (301, "https://e/"))
    assert classify(Observation("https://a/", 200, hops=hops)).moved_to == "https://c/"
    assert classify(Observation("https://a/", 200, hops=((302, "https://b/"),))).moved_to is None


def test_observations_survive_the_cache_round_trip() -> None:
    observation = Observation("https://a/", 200, ((301, "https://b/"),), None, "", 2, None)
    assert Observation.from_json(observation.to_json()) == observation
