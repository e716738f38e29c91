"""URL text as written in Markdown: hosts, schemes and a comparable form.

Everything works on the raw source text of a URL (mistune's ``attrs.url`` is
percent-escaped and breaks IPv6 hosts), after undoing Markdown's backslash
escapes and HTML entities, which GitHub undoes too.
"""

from __future__ import annotations

import html
import ipaddress
import re
from urllib.parse import urlsplit

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def unescape(raw: str) -> str:
    """The URL a reader's browser gets: backslash escapes and entities resolved."""
    text = _ESCAPE.sub(r"\1", raw)
    return html.unescape(text) if "&" in text else text


def scheme(url: str) -> str:
    head, sep, _ = url.partition(":")
    return head.lower() if sep and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", head) else ""


def host(url: str) -> str:
    """The host of an absolute URL, lower-cased, IPv6 brackets removed; empty when there is none."""
    _, sep, rest = url.partition("://")
    if not sep:
        return ""
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    authority = authority.rpartition("@")[2]
    if authority.startswith("["):
        return authority[1 : authority.find("]")].lower() if "]" in authority else ""
    return authority.partition(":")[0].lower().rstrip(".")


_PRIVATE_NETWORKS = [
    ipaddress.ip_network(net)
    for net in ("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "::1/128", "fc00::/7")
]


def is_local_host(name: str) -> bool:
    """Loopback, private networks, mDNS and onion hosts: places where TLS is not expected."""
    if not name:
        return False
    if name == "localhost" or name.endswith((".localhost", ".local", ".onion")):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return any(address in network for network in _PRIVATE_NETWORKS if network.version == address.version)


def comparable(url: str) -> str | None:
    """A form in which two spellings of the same web resource are equal, or None for non-web URLs.

    http and https are the same resource; host case, a default port and a
    trailing slash on the path do not matter; query and fragment do.
    """
    text = unescape(url.strip())
    if scheme(text) not in ("http", "https"):
        return None
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    name = host(text)
    if not name:
        return None
    netloc = name if ":" not in name else f"[{name}]"
    if port is not None and str(port) != _DEFAULT_PORTS[scheme(text)]:
        netloc += f":{port}"
    path = parts.path.rstrip("/")
    out = f"//{netloc}{path}"
    if parts.query:
        out += f"?{parts.query}"
    if parts.fragment:
        out += f"#{parts.fragment}"
    return out
