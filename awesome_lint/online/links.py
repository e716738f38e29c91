"""Checking URLs over HTTP, as a good citizen: few requests, limited concurrency, patience.

One request per URL where one is enough: HEAD, and GET only when HEAD is refused or
unreliable (and for every later URL of a host that refused HEAD). Redirects are followed
by hand, to see each hop, at most :data:`~.verdicts.MAX_REDIRECTS` of them. Requests in
flight are limited over all hosts and per host; a server's ``Retry-After`` is honoured
(up to a limit); other failures that may pass are retried after an exponential back-off
with jitter, and once more in a retry pass at the end. Nothing is sent after the deadline.
"""

from __future__ import annotations

import asyncio
import errno
import random
import socket
import ssl
import time
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import replace
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from .settings import LinkCheckSettings
from .verdicts import (
    CERTIFICATE,
    DNS,
    INVALID,
    LOOP,
    MAX_REDIRECTS,
    NETWORK,
    REDIRECTS,
    REFUSED,
    TIMEOUT,
    TLS,
    TOO_MANY,
    Observation,
    parse_retry_after,
    retryable_status,
)

Progress = Callable[[int, int, int], None]
"""Called as URLs are done: (done, total, failed so far)."""


class OutOfTime(Exception):
    """The run's time budget is spent: the URL is left unchecked."""


class LinkChecker:
    """Checks URLs through one ``httpx.AsyncClient``; counts every request it sends."""

    def __init__(self, client: httpx.AsyncClient, settings: LinkCheckSettings, deadline: float) -> None:
        self.client = client
        self.settings = settings
        self.deadline = deadline
        self.requests = 0
        self._all = asyncio.Semaphore(max(1, settings.max_concurrency))
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._get_only: set[str] = set()
        """Hosts that refused a HEAD: asked with GET from then on, one request instead of two."""

    async def check_all(self, urls: Iterable[str], progress: Progress | None = None) -> dict[str, Observation]:
        """An observation for each URL checked before the deadline; the others are missing."""
        pending = sorted(set(urls))
        done: dict[str, Observation] = {}
        failed = 0
        total = len(pending)

        finished: dict[str, float] = {}

        async def one(url: str) -> None:
            nonlocal failed
            observation = await self.check(url)
            done[url] = observation
            finished[url] = time.monotonic()
            failed += observation.failed
            if progress is not None:
                progress(len(done), total, failed)

        await self._within_deadline([one(url) for url in pending])
        # The retry pass: what failed in a way that may pass gets one more try, at the end, when
        # a site that was busy may have recovered. Its tries add up with the first pass's.
        again = [url for url, seen in done.items() if seen.retryable and not self._asked_to_wait(seen)]
        if again and time.monotonic() < self.deadline:
            retried: dict[str, Observation] = {}

            # As long after a URL's last try as the next back-off would be: a site that failed last
            # is not asked again at once.
            pause = self.settings.backoff * 2**self.settings.retries

            async def retry(url: str) -> None:
                wait = finished[url] + pause - time.monotonic()
                if wait > 0:
                    if time.monotonic() + wait >= self.deadline:
                        return
                    await asyncio.sleep(wait)
                observation = await self.check(url, retries=0)
                retried[url] = replace(observation, tries=observation.tries + done[url].tries)

            await self._within_deadline([retry(url) for url in again])
            done.update(retried)  # the latest word on each
        return done

    def _asked_to_wait(self, observation: Observation) -> bool:
        """A server that asked for longer than we wait is not asked again in this run."""
        return observation.retry_after is not None and observation.retry_after > self.settings.max_retry_after

    async def _within_deadline(self, coroutines: list[Coroutine[Any, Any, None]]) -> None:
        if not coroutines:
            return
        tasks = [asyncio.ensure_future(coroutine) for coroutine in coroutines]
        remaining = max(0.0, self.deadline - time.monotonic())
        _, late = await asyncio.wait(tasks, timeout=remaining)
        for task in late:
            task.cancel()
        if late:
            await asyncio.gather(*late, return_exceptions=True)
        for task in tasks:
            if not task.cancelled() and task.exception() is not None:
                exception = task.exception()
                if not isinstance(exception, OutOfTime):
                    raise exception  # type: ignore[misc]  # a bug: let the run layer report it

    async def check(self, url: str, retries: int | None = None) -> Observation:
        """Follow ``url`` through its redirects to a final answer (or the reason there is none);
        ``retries``: of each request, instead of the settings'."""
        hops: list[tuple[int, str]] = []
        seen = {url}
        current = url
        while True:
            observation = await self._request(current, self.settings.retries if retries is None else retries)
            status = observation.status
            if status is None or status not in REDIRECTS:
                return _with(observation, url, hops)
            location = observation.detail
            if not location:
                return _with(observation, url, hops)
            target = urljoin(current, location)
            hops.append((status, target))
            if target in seen:
                return Observation(url, status, tuple(hops), LOOP)
            if len(hops) > MAX_REDIRECTS or urlsplit(target).scheme not in ("http", "https"):
                error = TOO_MANY if len(hops) > MAX_REDIRECTS else NETWORK
                detail = "" if error == TOO_MANY else f"a redirect to a {urlsplit(target).scheme}: URL"
                return Observation(url, status, tuple(hops), error, detail)
            seen.add(target)
            current = target

    async def _request(self, url: str, retries: int) -> Observation:
        """One hop, tried again (up to ``retries`` times) when it fails in a way that may pass. A
        redirect's ``detail`` is its Location."""
        attempt = 0
        while True:
            attempt += 1
            observation = await self._send(url)
            observation = replace(observation, tries=attempt)
            if attempt > retries or not observation.retryable:
                return observation
            wait = observation.retry_after
            if wait is None:
                wait = self.settings.backoff * 2 ** (attempt - 1) * (1 + random.random() / 2)
            elif wait > self.settings.max_retry_after:
                return observation  # asks for longer than we wait: reported as it is
            if time.monotonic() + wait >= self.deadline:
                return observation
            await asyncio.sleep(wait)

    async def _send(self, url: str) -> Observation:
        host = (urlsplit(url).hostname or "").lower()
        limit = self._hosts.setdefault(host, asyncio.Semaphore(max(1, self.settings.max_concurrency_per_host)))
        async with self._all, limit:
            if time.monotonic() >= self.deadline:
                raise OutOfTime
            try:
                if host not in self._get_only:
                    self.requests += 1  # sent, whether an answer comes or not
                    response = await self.client.head(url)
                    if not _head_unreliable(response.status_code):
                        return _observed(url, response)
                    if response.status_code in (405, 501):
                        self._get_only.add(host)
                self.requests += 1
                async with self.client.stream("GET", url) as streamed:
                    return _observed(url, streamed)
            except httpx.TimeoutException:
                return Observation(url, error=TIMEOUT, detail=f"no answer within {self.settings.timeout:g} s")
            except (httpx.TransportError, ssl.SSLError, OSError) as exc:
                return _failure(url, exc)
            except (httpx.InvalidURL, httpx.HTTPError, ValueError, UnicodeError) as exc:
                # A URL that the client cannot even send (a host that is no valid name, a port out of range).
                return Observation(url, error=INVALID, detail=str(exc) or type(exc).__name__)


def _head_unreliable(status: int) -> bool:
    """HEAD answers that GET may contradict: refusals (405, 501), and errors that servers give
    to HEAD alone. 429 and 503 are not: they ask to come back later, not to ask differently."""
    return status >= 400 and status not in (429, 503)


def _observed(url: str, response: httpx.Response) -> Observation:
    status = response.status_code
    location = response.headers.get("location", "") if status in REDIRECTS else ""
    retry_after = None
    if status in (429, 503) or retryable_status(status):
        retry_after = parse_retry_after(response.headers.get("retry-after"))
    return Observation(url, status, detail=location, retry_after=retry_after)


def _failure(url: str, exc: BaseException) -> Observation:
    """What a transport error was, from the exceptions it was raised from."""
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and seen not in chain and len(chain) < 10:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    for cause in chain:
        if isinstance(cause, socket.gaierror):
            if cause.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)):
                return Observation(url, error=DNS, detail=str(cause))
            return Observation(url, error=NETWORK, detail=f"name resolution failed: {cause}")
        if isinstance(cause, ssl.SSLCertVerificationError):
            return Observation(url, error=CERTIFICATE, detail=cause.verify_message or str(cause))
        if isinstance(cause, ssl.SSLError):
            return Observation(url, error=TLS, detail=cause.reason or str(cause))
        if isinstance(cause, ConnectionRefusedError) or getattr(cause, "errno", None) == errno.ECONNREFUSED:
            return Observation(url, error=REFUSED, detail=str(cause))
    text = str(exc)
    lowered = text.lower()
    if "name or service not known" in lowered or "nodename nor servname" in lowered:
        return Observation(url, error=DNS, detail=text)
    if "connection refused" in lowered or "connect call failed" in lowered:
        return Observation(url, error=REFUSED, detail=text)
    if "certificate" in lowered or "ssl" in lowered or "tls" in lowered:
        return Observation(url, error=TLS, detail=text)
    return Observation(url, error=NETWORK, detail=text or type(exc).__name__)


def _with(observation: Observation, url: str, hops: list[tuple[int, str]]) -> Observation:
    """The last hop's observation as the answer for ``url``, with the hops that led there."""
    detail = "" if observation.status in REDIRECTS else observation.detail
    return replace(observation, url=url, hops=tuple(hops), detail=detail)
