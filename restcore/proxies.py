"""Trusted proxies: which forwarding headers to believe, and what they say.

A request reaches the app through zero or more proxies. Each appends the
address it received the request from to ``Forwarded`` (``for=``) or
``X-Forwarded-For``, so the chain reads client first, nearest proxy last, and
REMOTE_ADDR is the nearest proxy itself. Anyone can send these headers: only
the entries written by proxies we trust mean anything.

:func:`resolve` walks the chain from REMOTE_ADDR leftwards while the address
is a trusted proxy; the first address that is not (or is not an IP address at
all) is the client, and everything left of it is ignored as possibly spoofed.
The scheme and host are taken from the ``Forwarded`` element the first trusted
proxy wrote, or from the last value of ``X-Forwarded-Proto`` and
``X-Forwarded-Host`` (a trusted edge proxy must overwrite these, never pass a
client's through). A request whose REMOTE_ADDR is not trusted resolves to
itself: its forwarding headers are ignored entirely.

Used by :class:`~restcore.request.Request` when
``RequestOptions.trusted_proxies`` is set, and by the access-log middleware.
With the option unset (the default) nothing here runs and the request keeps
Falcon's behaviour. Work per request is linear in the header lengths; the
trust check of an address is cached in a bounded dict (addresses are
client-controlled).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from restcore.forwarded import Forwarded, _parse_forwarded_header

__all__ = ["ResolvedClient", "TrustedProxies", "resolve"]

# Bound of the per-instance cache of trust decisions: addresses come from
# clients, so an unbounded cache would grow with every spoofed value.
_CACHE_SIZE = 1024


class ResolvedClient(NamedTuple):
    """The client as the trusted proxies saw it.

    Attributes:
        addr: The client's address.
        scheme: The scheme the client used (``http`` or ``https``).
        host: The Host the client used, or None to keep the request's own.
        route: Client first, then each trusted proxy, ending with REMOTE_ADDR.
    """

    addr: str
    scheme: str
    host: str | None
    route: list[str]


class TrustedProxies:
    """A set of proxy addresses and networks whose forwarding headers count.

    Args:
        proxies: IP addresses (``10.0.0.1``, ``::1``) or networks in CIDR form
            (``10.78.0.0/24``).

    Raises:
        ValueError: An entry is neither an IP address nor a network.
    """

    __slots__ = ("_cache", "_networks")

    def __init__(self, proxies: Iterable[str]) -> None:
        if isinstance(proxies, str):
            proxies = [proxies]
        self._networks = tuple(
            ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies
        )
        self._cache: dict[str, bool] = {}

    def __repr__(self) -> str:
        names = ", ".join(str(network) for network in self._networks)
        return f"TrustedProxies([{names}])"

    def __contains__(self, addr: object) -> bool:
        """Tell whether ``addr`` (an address string) is a trusted proxy."""
        if not isinstance(addr, str):
            return False
        cache = self._cache
        trusted = cache.get(addr)
        if trusted is None:
            trusted = self._check(addr)
            if len(cache) >= _CACHE_SIZE:
                cache.clear()
            cache[addr] = trusted
        return trusted

    def _check(self, addr: str) -> bool:
        try:
            ip = ipaddress.ip_address(addr)
        except ValueError:
            return False
        return any(ip in network for network in self._networks)


def _node_addr(node: str) -> str:
    """Return the address of an RFC 7239 node: no brackets, no port."""
    node = node.strip()
    if node.startswith("["):
        return node[1 : node.find("]")] if "]" in node else node
    if node.count(":") == 1:
        return node.partition(":")[0]
    return node


def _last_value(value: str | None) -> str | None:
    """Return the last comma-separated item of a header, or None if empty."""
    if value is None:
        return None
    return value.rpartition(",")[2].strip() or None


def _client_index(hops: list[str], proxies: TrustedProxies) -> int:
    """Return the index of the rightmost hop that is not a trusted proxy."""
    index = len(hops) - 1
    while index > 0 and hops[index] in proxies:
        index -= 1
    return index


def _resolve_forwarded(
    header: str, remote_addr: str, default_scheme: str, proxies: TrustedProxies
) -> ResolvedClient:
    elements = [
        element
        for element in _parse_forwarded_header(header)
        if element.src is not None
    ]
    hops = [_node_addr(element.src or "") for element in elements]
    hops.append(remote_addr)
    index = _client_index(hops, proxies)
    element: Forwarded = elements[index] if index < len(elements) else Forwarded()
    return ResolvedClient(
        hops[index], element.scheme or default_scheme, element.host, hops[index:]
    )


def _resolve_x_forwarded(
    env: Mapping[str, Any],
    remote_addr: str,
    default_scheme: str,
    proxies: TrustedProxies,
) -> ResolvedClient:
    chain = env.get("HTTP_X_FORWARDED_FOR")
    hops = [_node_addr(hop) for hop in chain.split(",")] if chain else []
    hops.append(remote_addr)
    index = _client_index(hops, proxies)
    scheme = _last_value(env.get("HTTP_X_FORWARDED_PROTO"))
    return ResolvedClient(
        hops[index],
        scheme.lower() if scheme else default_scheme,
        _last_value(env.get("HTTP_X_FORWARDED_HOST")),
        hops[index:],
    )


def resolve(env: Mapping[str, Any], proxies: TrustedProxies) -> ResolvedClient:
    """Resolve the client of a WSGI request through the trusted proxies.

    Args:
        env: The WSGI environ.
        proxies: The proxies whose headers are believed.

    Returns:
        The client's address, scheme, host and route.
    """
    remote_addr: str = env.get("REMOTE_ADDR") or "127.0.0.1"
    scheme: str = env.get("wsgi.url_scheme", "http")
    if remote_addr not in proxies:
        return ResolvedClient(remote_addr, scheme, None, [remote_addr])
    header = env.get("HTTP_FORWARDED")
    if header is not None:
        return _resolve_forwarded(header, remote_addr, scheme, proxies)
    return _resolve_x_forwarded(env, remote_addr, scheme, proxies)
