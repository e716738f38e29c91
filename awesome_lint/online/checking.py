"""Answering an online run's requests: the link cache first, then the network, within the time budget.

Imported only by an online run (``--online``, or ``online = true``): an offline run never
imports httpx and never opens a socket. :func:`check` takes the run's requests (every
unique URL and repository the rules want), answers what it can from the link cache
(:mod:`.cache`), checks the rest within the time budget (:mod:`.links`, :mod:`.github`)
and returns the :class:`~.answers.OnlineClient` that the rules are then handed.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import re
import time
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import asdict
from typing import Any, TypeVar
from urllib.parse import urlsplit

from ..records import Record
from ..urls import is_local_host
from .answers import LinkAnswer, LinkRequest, OnlineClient, RepoAnswer, RepoRequest, Request
from .settings import PROJECT_URL, LinkCheckSettings
from .verdicts import DNS, NO_DNS_AT_ALL, Observation, classify

INSTALL_HINT = "online checks need httpx: pip install 'awesome-lint[online]'"

T = TypeVar("T")


class OnlineUnavailable(Exception):
    """httpx is not installed: the message says how to install it."""


class OnlineStats(Record):
    """What an online run did: URLs and repositories checked, answered from the cache, requests
    sent, seconds spent, and what was left unchecked (each with why)."""

    __slots__ = ("urls", "repositories", "from_cache", "requests", "seconds", "unchecked", "skipped", "notes")
    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(self) -> None:
        self.urls = 0
        self.repositories = 0
        self.from_cache = 0
        self.requests = 0
        self.seconds = 0.0
        self.unchecked: list[tuple[str, str]] = []
        self.skipped = 0
        """URLs left out by ``include``, ``exclude`` or ``exclude-private``."""
        self.notes: list[str] = []
        """Warnings for the user: a cache that could not be used."""


def user_agent() -> str:
    from .. import __version__

    return f"awesome-lint/{__version__} (+{PROJECT_URL})"


def available() -> bool:
    try:
        import httpx  # noqa: F401
    except ImportError:
        return False
    return True


def check(
    requests: Iterable[Request],
    settings: LinkCheckSettings,
    *,
    cache_path: str | None,
    token: str | None = None,
    progress: Callable[[int, int, int], None] | None = None,
) -> tuple[OnlineClient, OnlineStats]:
    """Answer ``requests``; raises :class:`OnlineUnavailable` without httpx."""
    if not available():
        raise OnlineUnavailable(INSTALL_HINT)
    from .cache import LinkCache

    started = time.monotonic()
    stats = OnlineStats()
    client = OnlineClient(github_hosts=settings.github_hosts)
    wanted = set(requests)
    urls = sorted(request.url for request in wanted if isinstance(request, LinkRequest))
    repositories = sorted(request for request in wanted if isinstance(request, RepoRequest))
    chosen = [url for url in urls if included(url, settings)]
    stats.skipped = len(urls) - len(chosen)
    stats.urls, stats.repositories = len(chosen), len(repositories)

    cache = LinkCache(cache_path) if cache_path is not None else None
    cached_links: dict[str, Any] = {}
    cached_repos: dict[str, Any] = {}
    if cache is not None:
        keys = [f"link\0{url}" for url in chosen] + [_repo_cache_key(request) for request in repositories]
        found = cache.get(keys, settings.cache_age, settings.failure_cache_age)
        cached_links = {key[len("link\0") :]: value for key, value in found.items() if key.startswith("link\0")}
        cached_repos = {key: value for key, value in found.items() if key.startswith("repo\0")}
    observations = {url: Observation.from_json(value) for url, value in cached_links.items()}
    repo_answers = {
        request: RepoAnswer(**cached_repos[_repo_cache_key(request)])
        for request in repositories
        if _repo_cache_key(request) in cached_repos
    }
    stats.from_cache = len(observations) + len(repo_answers)
    to_check = [url for url in chosen if url not in observations]
    repos_to_check = [request for request in repositories if request not in repo_answers]

    fresh: dict[str, Observation] = {}
    fresh_repos: dict[RepoRequest, RepoAnswer] = {}
    if to_check or repos_to_check:
        deadline = time.monotonic() + settings.budget
        fresh, fresh_repos, sent = _run(_check(to_check, repos_to_check, settings, deadline, token, progress))
        stats.requests = sent
        fresh = _offline_machine(fresh)
    observations.update(fresh)
    repo_answers.update(fresh_repos)

    links: dict[str, LinkAnswer] = {}
    for url in chosen:
        observation = observations.get(url)
        if observation is None:
            stats.unchecked.append((url, "the time budget ran out"))
            continue
        links[url] = classify(observation, settings.accept)
    for request, answer in repo_answers.items():
        if answer.state == "unchecked":
            stats.unchecked.append((f"https://{request.host}/{request.owner}/{request.name}", answer.reason))
    client.add(links, repo_answers.items())

    if cache is not None:
        entries: dict[str, tuple[bool, dict[str, Any]]] = {
            f"link\0{url}": (observation.failed, observation.to_json())
            for url, observation in fresh.items()
            if observation.error != NO_DNS_AT_ALL
        }
        for request, answer in fresh_repos.items():
            if answer.state != "unchecked":
                entries[_repo_cache_key(request)] = (answer.state == "missing", asdict(answer))
        cache.put(entries)
        cache.close()
        if cache.problem:
            stats.notes.append(cache.problem)
    stats.seconds = time.monotonic() - started
    return client, stats


def included(url: str, settings: LinkCheckSettings) -> bool:
    """Whether the configuration lets ``url`` be checked: ``include`` (when given) must match,
    ``exclude`` must not, and with ``exclude-private`` the host must be public."""
    if settings.include and not any(re.search(pattern, url) for pattern in settings.include):
        return False
    if any(re.search(pattern, url) for pattern in settings.exclude):
        return False
    return not (settings.exclude_private and is_local_host((urlsplit(url).hostname or "").lower()))


async def _check(
    urls: list[str],
    repositories: list[RepoRequest],
    settings: LinkCheckSettings,
    deadline: float,
    token: str | None,
    progress: Callable[[int, int, int], None] | None,
) -> tuple[dict[str, Observation], dict[RepoRequest, RepoAnswer], int]:
    import httpx

    from .github import GitHubChecker
    from .links import LinkChecker

    limits = httpx.Limits(max_connections=max(1, settings.max_concurrency), max_keepalive_connections=20)
    async with httpx.AsyncClient(
        timeout=httpx.Timeout(settings.timeout),
        headers={"User-Agent": user_agent()},
        follow_redirects=False,
        limits=limits,
    ) as http:
        links = LinkChecker(http, settings, deadline)
        github = GitHubChecker(http, settings, deadline, token)
        observed, answered = await asyncio.gather(links.check_all(urls, progress), github.check_all(repositories))
        return observed, answered, links.requests + github.requests


def _offline_machine(observations: dict[str, Observation]) -> dict[str, Observation]:
    """When no host name resolved at all, the machine is offline (or its DNS is broken): that is
    no reason to call every link dead."""
    failed_hosts = {urlsplit(seen.url).hostname for seen in observations.values() if seen.error == DNS}
    resolved = any(
        observation.error != DNS and not _is_address(urlsplit(observation.url).hostname or "")
        for observation in observations.values()
    )
    if len(failed_hosts) < 2 or resolved:
        return observations
    return {
        url: Observation(url, error=NO_DNS_AT_ALL, detail=seen.detail) if seen.error == DNS else seen
        for url, seen in observations.items()
    }


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host.lower() == "localhost"
    return True


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to the end, also from a thread whose event loop is running (an editor's server)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _repo_cache_key(request: RepoRequest) -> str:
    return f"repo\0{request.host.lower()}/{request.owner.lower()}/{request.name.lower()}"


def github_token() -> str | None:
    token = os.environ.get("GITHUB_TOKEN", "").strip()
    return token or None
