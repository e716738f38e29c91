"""The online step of a run: gather what the rules want checked, check it, hand them the answers.

Between reading the files and linting them: each file is parsed once more here to ask its
online rules what they want (in changed-lines mode, only what is on changed lines), every
unique URL and repository of the run is checked once (:mod:`awesome_lint.online.checking`),
and each linter gets the same client with the answers. The rules then run as usual, in this
process or in workers, with suppression comments, fixes and reports as for any rule.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from ..changed import ChangedLinesIndex
    from ..config import Settings
    from ..engine import Linter
    from ..online.checking import OnlineStats
    from .jobs import Job

LINK_CACHE_ENV = "AWESOME_LINT_LINK_CACHE"


def check_online(
    linters: Mapping[int, Linter],
    jobs: Sequence[Job],
    changed: ChangedLinesIndex | None,
    settings: Settings,
    cache_folder: str | None,
    progress: Callable[[int, int, int], None] | None = None,
) -> OnlineStats:
    """Check what the rules of ``jobs`` ask for and give every linter the answers.

    Raises :class:`~awesome_lint.online.checking.OnlineUnavailable` without httpx.
    """
    from ..online.answers import OnlineClient, Request
    from ..online.checking import check, github_token
    from ..online.settings import LinkCheckSettings

    link_settings = LinkCheckSettings.from_values(settings.link_check)
    asking = OnlineClient(github_hosts=link_settings.github_hosts)
    wanted: set[Request] = set()
    for job in jobs:
        linter = linters[job.linter]
        if not linter.asks_online:
            continue
        keep = None
        if changed is not None and job.path is not None:
            scope = changed.scope(job.path)
            if scope is not None:
                keep = scope.lines.__contains__
        wanted |= linter.online_requests(job.data, job.display, asking, keep)
    cache_path = link_settings.cache_file
    if cache_path is not None and settings.path is not None and not os.path.isabs(cache_path):
        cache_path = os.path.join(os.path.dirname(settings.path), cache_path)
    if cache_path is None and cache_folder is not None:
        import contextlib

        from ..online.cache import FILE_NAME
        from .cache import mark_folder

        with contextlib.suppress(OSError):  # a folder that cannot be made: the link cache says so
            mark_folder(cache_folder)
        cache_path = os.path.join(cache_folder, FILE_NAME)
    if cache_folder is None:
        cache_path = None  # --no-cache: no link cache either
    client, stats = check(wanted, link_settings, cache_path=cache_path, token=github_token(), progress=progress)
    for linter in linters.values():
        linter.client = client
    return stats
