"""Two "hosts": network namespaces on a bridge, or loopback addresses.

Namespaces (needs CAP_SYS_ADMIN): the root namespace is the balancer, the
database and the load client at ``10.78.0.1``; host ``i`` is namespace
``<prefix>h<i>`` at ``10.78.0.1<i>``, joined to the bridge ``<prefix>br0`` by
the veth ``<prefix>v<i>``. Nothing is routed or NATed: the range exists only
on the bridge. Taking a host's veth down cuts it off (a partition).

Loopback fallback (when ``ip netns add`` is refused): hosts listen on
127.0.0.2 and 127.0.0.3, the balancer binds its upstream connections to
127.0.0.1, and an untrusted client speaks from 127.0.0.5. The same checks
pass, except that a host cannot be cut off.
"""

from __future__ import annotations

import contextlib
import subprocess
from dataclasses import dataclass, field

from deploy import procs


@dataclass
class Host:
    """One application host."""

    name: str
    addr: str
    namespace: str | None = None
    link: str | None = None

    def exec_prefix(self) -> list[str]:
        """The command prefix that runs a program on this host."""
        return ["ip", "netns", "exec", self.namespace] if self.namespace else []


@dataclass
class Network:
    """The addresses of the stack and how the hosts are separated."""

    mode: str  # "netns" or "loopback"
    proxy_addr: str  # where nginx connects from, and PostgreSQL listens
    hosts: list[Host] = field(default_factory=list)
    bridge: str | None = None
    note: str = ""

    @property
    def trusted(self) -> str:
        """The proxies the apps trust: nginx's upstream address."""
        return self.proxy_addr

    def untrusted_client(self, target: Host) -> list[str]:
        """A curl command prefix for a client that is not the proxy."""
        if self.mode == "netns":
            other = next(host for host in self.hosts if host is not target)
            return [*other.exec_prefix(), "curl"]
        return ["curl", "--interface", "127.0.0.5"]

    def partition(self, host: Host, cut: bool) -> None:
        """Cut ``host`` off the network (or reconnect it)."""
        if host.link is None:
            raise RuntimeError("a loopback host cannot be cut off")
        procs.run(["ip", "link", "set", host.link, "down" if cut else "up"])


def names(prefix: str) -> tuple[list[str], list[str], str]:
    """The namespaces, veths and bridge of a stack named ``prefix``."""
    return (
        [f"{prefix}h1", f"{prefix}h2"],
        [f"{prefix}v1", f"{prefix}v2"],
        f"{prefix}br0",
    )


def _netns(prefix: str) -> Network:
    namespaces, links, bridge = names(prefix)
    net = Network("netns", "10.78.0.1", bridge=bridge)
    procs.run(["ip", "link", "add", bridge, "type", "bridge"])
    procs.run(["ip", "addr", "add", "10.78.0.1/24", "dev", bridge])
    procs.run(["ip", "link", "set", bridge, "up"])
    for index, (namespace, link) in enumerate(zip(namespaces, links, strict=True)):
        addr = f"10.78.0.1{index + 1}"
        procs.run(["ip", "netns", "add", namespace])
        procs.run(
            [
                "ip",
                "link",
                "add",
                link,
                "type",
                "veth",
                "peer",
                "name",
                "eth0",
                "netns",
                namespace,
            ]
        )
        procs.run(["ip", "link", "set", link, "master", bridge, "up"])
        procs.run(["ip", "-n", namespace, "addr", "add", f"{addr}/24", "dev", "eth0"])
        procs.run(["ip", "-n", namespace, "link", "set", "eth0", "up"])
        procs.run(["ip", "-n", namespace, "link", "set", "lo", "up"])
        net.hosts.append(Host(f"host{index + 1}", addr, namespace, link))
    return net


def _loopback(reason: str) -> Network:
    return Network(
        "loopback",
        "127.0.0.1",
        [Host("host1", "127.0.0.2"), Host("host2", "127.0.0.3")],
        note=f"loopback fallback ({reason}): hosts on 127.0.0.2 and 127.0.0.3",
    )


def setup(prefix: str, loopback: bool = False) -> Network:
    """Build the network; fall back to loopback addresses if refused."""
    remove(prefix)
    if loopback:
        return _loopback("asked for")
    try:
        return _netns(prefix)
    except (RuntimeError, OSError) as ex:
        remove(prefix)
        return _loopback("network namespaces refused: " + str(ex)[:200])


def remove(prefix: str) -> None:
    """Delete the stack's namespaces and bridge, if present."""
    namespaces, links, bridge = names(prefix)
    for namespace in namespaces:
        if namespace in existing_namespaces():
            with contextlib.suppress(RuntimeError):
                procs.run(["ip", "netns", "del", namespace])
    for link in [*links, bridge]:
        if link in existing_links():
            with contextlib.suppress(RuntimeError):
                procs.run(["ip", "link", "del", link])


def existing_namespaces() -> set[str]:
    """Names of the network namespaces that exist now."""
    try:
        out = procs.run(["ip", "netns", "list"])
    except (RuntimeError, OSError):
        return set()
    return {line.split()[0] for line in out.splitlines() if line.strip()}


def existing_links() -> set[str]:
    """Names of the links of the root namespace."""
    out = subprocess.run(
        ["ip", "-o", "link", "show"], capture_output=True, text=True, check=False
    ).stdout
    return {line.split(":")[1].strip().partition("@")[0] for line in out.splitlines()}


def namespace_pids(namespace: str) -> list[int]:
    """Every process running in ``namespace``."""
    try:
        out = procs.run(["ip", "netns", "pids", namespace])
    except RuntimeError:
        return []
    return [int(pid) for pid in out.split()]
