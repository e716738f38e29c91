"""Asking the GitHub REST API whether repositories are archived or have moved.

One ``GET /repos/OWNER/REPO`` per repository, with ``GITHUB_TOKEN`` when it is set.
The rate-limit headers are read on every answer: once the limit is reached no further
request is sent, and the repositories not asked about yet are answered as unchecked,
with the time the limit resets.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Iterable
from datetime import datetime, timezone

import httpx

from .answers import RepoAnswer, RepoRequest
from .settings import LinkCheckSettings
from .verdicts import parse_retry_after

ARCHIVED, MOVED, MISSING = "archived", "moved", "missing"
UNCHECKED, OK = "unchecked", "ok"


class GitHubChecker:
    def __init__(
        self, client: httpx.AsyncClient, settings: LinkCheckSettings, deadline: float, token: str | None
    ) -> None:
        self.client = client
        self.settings = settings
        self.deadline = deadline
        self.requests = 0
        self.stopped: str | None = None
        """Why no more requests are sent (rate limit, a refused token), once that happened."""
        self._headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        self._token = bool(token)
        if token:
            self._headers["Authorization"] = f"Bearer {token}"
        self._limit = asyncio.Semaphore(max(1, settings.max_concurrency_per_host))

    async def check_all(self, requests: Iterable[RepoRequest]) -> dict[RepoRequest, RepoAnswer]:
        wanted = sorted(set(requests))
        answers: dict[RepoRequest, RepoAnswer] = {}

        async def one(request: RepoRequest) -> None:
            answers[request] = await self.check(request)

        tasks = [asyncio.ensure_future(one(request)) for request in wanted]
        if tasks:
            _, late = await asyncio.wait(tasks, timeout=max(0.0, self.deadline - time.monotonic()))
            for task in late:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        for request in wanted:
            if request not in answers:
                answers[request] = _unchecked(request, "the time budget ran out")
        return answers

    async def check(self, request: RepoRequest) -> RepoAnswer:
        url = f"{self.settings.github_api.rstrip('/')}/repos/{request.owner}/{request.name}"
        attempt = 0
        while True:
            attempt += 1
            async with self._limit:
                if self.stopped is not None:
                    return _unchecked(request, self.stopped)
                if time.monotonic() >= self.deadline:
                    return _unchecked(request, "the time budget ran out")
                response: httpx.Response | None = None
                self.requests += 1  # sent, whether an answer comes or not
                try:
                    response = await self.client.get(url, headers=self._headers, follow_redirects=True)
                except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
                    failure = f"the GitHub API could not be reached: {exc or type(exc).__name__}"
                else:
                    self.requests += len(response.history)  # the redirects followed
                    answer = self._answer(request, response)
                    if answer is not None:
                        return answer
                    failure = f"the GitHub API answered {response.status_code}"
            wait = parse_retry_after(response.headers.get("retry-after")) if response is not None else None
            if wait is None:
                wait = self.settings.backoff * 2 ** (attempt - 1) * (1 + random.random() / 2)
            if (
                attempt > self.settings.retries
                or wait > self.settings.max_retry_after
                or time.monotonic() + wait >= self.deadline
            ):
                return _unchecked(request, failure)
            await asyncio.sleep(wait)

    def _answer(self, request: RepoRequest, response: httpx.Response) -> RepoAnswer | None:
        """The answer, or None for one worth asking again (5xx, a secondary rate limit)."""
        status = response.status_code
        remaining = response.headers.get("x-ratelimit-remaining")
        exhausted = remaining is not None and remaining.strip() == "0"
        if status in (403, 429) and (exhausted or "rate limit" in response.text.lower()):
            if exhausted or response.headers.get("retry-after") is None:
                self.stopped = _limit_reached(response, self._token)
                return _unchecked(request, self.stopped)
            return None  # a secondary rate limit: wait as asked, then again
        if exhausted:
            self.stopped = _limit_reached(response, self._token)  # this answer still counts; the next would not
        if status == 200:
            try:
                data = response.json()
                full_name = str(data["full_name"])
                archived = bool(data.get("archived", False))
            except (ValueError, KeyError, TypeError):
                return _unchecked(request, "the GitHub API's answer could not be read")
            if full_name.lower() != f"{request.owner}/{request.name}".lower():
                return RepoAnswer(request.owner, request.name, MOVED, full_name, archived)
            return RepoAnswer(request.owner, request.name, ARCHIVED if archived else OK, full_name, archived)
        if status in (404, 410, 451):
            why = "was removed for legal reasons" if status == 451 else "does not exist, or is private"
            return RepoAnswer(request.owner, request.name, MISSING, reason=f"the repository {why}")
        if status == 401:
            self.stopped = "the GitHub API refused the token in GITHUB_TOKEN (401 Unauthorized)"
            return _unchecked(request, self.stopped)
        if status >= 500:
            return None
        return _unchecked(request, f"the GitHub API answered {status}")


def _limit_reached(response: httpx.Response, token: bool) -> str:
    reset = response.headers.get("x-ratelimit-reset", "").strip()
    when = ""
    if reset.isdigit():
        moment = datetime.fromtimestamp(int(reset), tz=timezone.utc)
        when = f" (it resets at {moment:%H:%M} UTC)"
    hint = "" if token else "; set GITHUB_TOKEN for a higher limit"
    return f"the GitHub API rate limit is reached{when}{hint}"


def _unchecked(request: RepoRequest, reason: str) -> RepoAnswer:
    return RepoAnswer(request.owner, request.name, UNCHECKED, reason=reason)
