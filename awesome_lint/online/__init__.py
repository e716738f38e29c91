"""Online checks: what the online rules asked for, checked over the network, once per run.

Used only by an online run (``--online``, or ``online = true``): an offline run never
imports httpx and never opens a socket. The rules see only :mod:`.answers` (plain data);
:mod:`.checking` answers a run's requests from the link cache (:mod:`.cache`) and the
network (:mod:`.links` over HTTP, :mod:`.github` through the GitHub API).
"""
