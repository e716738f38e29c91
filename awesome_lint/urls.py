"""URL text as written in Markdown: hosts, schemes and a comparable form.

Everything works on the raw source text of a URL (mistune's ``attrs.url`` is
percent-escaped and breaks IPv6 hosts), after undoing Markdown's backslash
escapes and HTML entities, which GitHub undoes too.
"""

from __future__ import annotations

import html
import ipaddress
import re

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_DEFAULT_PORTS = {"http": 80, "https": 443}


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


_WEB_URL = re.compile(r"(https?)://([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?", re.IGNORECASE | re.DOTALL)
_PORT = re.compile(r":(\d*)\Z")


def comparable(url: str) -> str | None:
    """A form in which two spellings of the same web resource are equal, or None for non-web URLs.

    http and https are the same resource; host case, a default port and a
    trailing slash on the path do not matter; query and fragment do.
    """
    text = url.strip()
    if "\\" in text or "&" in text:
        text = unescape(text)
    match = _WEB_URL.fullmatch(text)
    if match is None:
        return None
    web_scheme, authority, path, query, fragment = match.groups()
    authority = authority.rpartition("@")[2]
    port_match = _PORT.search(authority)
    port = ""
    if port_match is not None and not authority.endswith("]"):
        port = port_match[1]
        authority = authority[: port_match.start()]
        if port and not port.isascii():
            return None
    name = authority.lower().rstrip(".")
    if not name:
        return None
    netloc = name
    if port and int(port) != _DEFAULT_PORTS[web_scheme.lower()]:
        netloc += f":{int(port)}"
    return f"//{netloc}{path.rstrip('/')}{query or ''}{fragment or ''}"
