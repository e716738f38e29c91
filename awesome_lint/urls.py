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
_UNSPECIFIED = (ipaddress.ip_address("0.0.0.0"), ipaddress.ip_address("::"))
"""``0.0.0.0`` and ``[::]``: "this machine" in a server's address, as local as ``localhost``."""


def is_local_host(name: str) -> bool:
    """Loopback, unspecified (``0.0.0.0``), private networks, mDNS and onion hosts: places where TLS is not expected."""
    if not name:
        return False
    if name == "localhost" or name.endswith((".localhost", ".local", ".onion")):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    if address in _UNSPECIFIED:
        return True
    return any(address in network for network in _PRIVATE_NETWORKS if network.version == address.version)


_WEB_URL = re.compile(r"(https?)://([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?", re.IGNORECASE | re.DOTALL)
_PORT = re.compile(r":(\d*)\Z")


def comparable(url: str, *, same_www: bool = True) -> str | None:
    """A form in which two spellings of the same web resource are equal, or None for non-web URLs.

    As a reader sees it: http and https are the same resource; host case, a
    default port, ``www.`` (unless ``same_www`` is false), an IDN host and its
    punycode, percent-escapes and the characters they stand for, a trailing
    slash, an empty query or fragment and ``utm_*`` tracking parameters do not
    matter. The rest of the query and the fragment do.
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
    name = _comparable_host(authority)
    if not name:
        return None
    if same_www and name.startswith("www.") and "." in name[4:]:
        name = name[4:]
    netloc = name
    if port and int(port) != _DEFAULT_PORTS[web_scheme.lower()]:
        netloc += f":{int(port)}"
    path = _percent_form(path).rstrip("/")
    query = _without_tracking(_percent_form(query[1:])) if query else ""
    fragment = _percent_form(fragment[1:]) if fragment else ""
    return f"//{netloc}{path}{'?' + query if query else ''}{'#' + fragment if fragment else ''}"


def _comparable_host(authority: str) -> str:
    """The host lower-cased, each internationalised label in its punycode (``xn--``) form.

    A label the standard library's IDNA codec refuses (too long, odd code points)
    is kept as written: comparing it is better than failing on it.
    """
    name = authority.lower().rstrip(".")
    if name.isascii():
        return name
    from encodings import idna

    labels = []
    for label in re.split("[.\u3002\uff0e\uff61]", name):  # IDNA's label separators
        try:
            labels.append(idna.ToASCII(label).decode("ascii") if not label.isascii() else label)
        except (UnicodeError, ValueError):
            labels.append(label)
    return ".".join(labels)


_ESCAPE_SEQUENCE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_KEPT = _UNRESERVED | frozenset(":/?#[]@!$&'()*+,;=%")
_ALL_KEPT = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")
"""A part written only in a URL's own ASCII alphabet (nearly every URL): nothing to escape."""


def _percent_form(part: str) -> str:
    """``part`` as a browser sends it: escapes of unreserved characters decoded (``%7E`` is ``~``),
    other escapes in upper case (``%2f`` is ``%2F``, still no ``/``), and every character
    outside a URL's own ASCII alphabet escaped as UTF-8 (``é`` is ``%C3%A9``)."""

    def unescaped(match: re.Match[str]) -> str:
        char = chr(int(match[1], 16))
        return char if char in _UNRESERVED else "%" + match[1].upper()

    part = _ESCAPE_SEQUENCE.sub(unescaped, part) if "%" in part else part
    if _ALL_KEPT.fullmatch(part):
        return part
    return "".join(
        char if char in _KEPT else "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
        for char in part
    )


def _without_tracking(query: str) -> str:
    """The query without ``utm_*`` parameters, which say where a reader came from, not what they get."""
    if "utm_" not in query.lower():
        return query
    return "&".join(param for param in query.split("&") if not param.lower().startswith("utm_"))
