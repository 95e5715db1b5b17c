"""The stack: network, PostgreSQL, two gunicorn hosts, nginx; up and down.

Every process is started by absolute path in its own process group and
stopped by PID, in the order: nginx (SIGQUIT), each host's gunicorn master
(SIGTERM, then SIGKILL of anything left on the host), PostgreSQL (``pg_ctl
-m fast``), the namespaces and bridge. :func:`down` then asserts that no
process, namespace, link or listening port of the stack remains. The state
(PIDs, addresses) is kept in ``<base>/state.json`` so that ``python -m deploy
down`` in another process stops what ``up`` started.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from deploy import network, postgres, procs
from deploy.network import Host, Network

PREFIX = "rcst"
NGINX_PORT = 18080
APP_PORT = 18081
PG_PORT = 55433
NGINX = "/usr/sbin/nginx"
CHECKOUT = Path(__file__).resolve().parent.parent
DEFAULT_BASE = Path("/tmp/restcore-stack")


@dataclass
class Stack:
    """A running stack, as recorded in its state file."""

    base: Path
    net: Network
    python: str = sys.executable
    pg: postgres.Server | None = None
    masters: dict[str, int] = field(default_factory=dict)
    nginx_pid: int | None = None
    drained: list[str] = field(default_factory=list)

    # -- where things are ----------------------------------------------------

    @property
    def url(self) -> str:
        """The balancer's base URL."""
        return f"http://127.0.0.1:{NGINX_PORT}"

    def host(self, name: str) -> Host:
        """The host called ``name``."""
        return next(host for host in self.net.hosts if host.name == name)

    def host_url(self, name: str) -> str:
        """A host's own base URL (bypassing nginx)."""
        return f"http://{self.host(name).addr}:{APP_PORT}"

    def workers(self, name: str) -> list[int]:
        """The worker PIDs of a host's gunicorn."""
        master = self.masters.get(name)
        return procs.children(master) if master else []

    def host_pids(self, name: str) -> list[int]:
        """Every process of a host: the namespace's, or master and workers."""
        host = self.host(name)
        if host.namespace:
            return network.namespace_pids(host.namespace)
        master = self.masters.get(name)
        if master is None or not procs.is_alive(master):
            return []
        return [master, *procs.children(master)]

    def nginx_workers(self) -> list[int]:
        """Nginx's worker PIDs."""
        return procs.children(self.nginx_pid) if self.nginx_pid else []

    # -- state file ----------------------------------------------------------

    def save(self) -> None:
        """Write the state file."""
        state = {
            "net": asdict(self.net),
            "python": self.python,
            "pg": None
            if self.pg is None
            else [str(self.pg.base), self.pg.host, self.pg.port, str(self.pg.bin)],
            "masters": self.masters,
            "nginx_pid": self.nginx_pid,
            "drained": self.drained,
        }
        (self.base / "state.json").write_text(json.dumps(state, indent=1))

    @classmethod
    def load(cls, base: Path) -> Stack:
        """Read a stack's state file."""
        state = json.loads((base / "state.json").read_text())
        net_state = state["net"]
        net_state["hosts"] = [Host(**host) for host in net_state["hosts"]]
        pg = state["pg"]
        return cls(
            base,
            Network(**net_state),
            state["python"],
            None
            if pg is None
            else postgres.Server(Path(pg[0]), pg[1], pg[2], Path(pg[3])),
            state["masters"],
            state["nginx_pid"],
            state["drained"],
        )

    # -- hosts ---------------------------------------------------------------

    def start_host(self, name: str) -> float:
        """Start a host's gunicorn; return the seconds until it answered."""
        assert self.pg is not None
        host = self.host(name)
        env = {
            **os.environ,
            "PYTHONPATH": str(CHECKOUT),
            "NOTES_DATABASE_URL": self.pg.url(),
            "RESTCORE_TRUSTED_PROXIES": self.net.trusted,
            "STACK_HOST": name,
            "STACK_ACCESS_LOG": str(self.base / f"{name}-access.log"),
        }
        env.pop("NOTES_DB", None)
        argv = [
            *host.exec_prefix(),
            self.python, "-m", "gunicorn", "deploy.app:app",
            "--bind", f"{host.addr}:{APP_PORT}",
            "--workers", "2", "--worker-class", "sync",
            "--graceful-timeout", "10", "--timeout", "120",
            # restcore's trusted proxies decide, not gunicorn's.
            "--forwarded-allow-ips", "",
            "--chdir", str(CHECKOUT),
        ]  # fmt: skip
        started = time.monotonic()
        process = procs.spawn(argv, self.base / f"{name}.log", env, str(CHECKOUT))
        self.masters[name] = process.pid  # ip netns exec and python both exec
        self.save()
        procs.wait_until(
            lambda: procs.http_ok(self.host_url(name) + "/whoami"),
            30,
            name,
            process.pid,
        )
        return time.monotonic() - started

    def stop_host(self, name: str, timeout: float = 15.0) -> None:
        """SIGTERM a host's master, wait, then SIGKILL what is left on it."""
        master = self.masters.get(name)
        if master is not None:
            procs.stop([master], signal.SIGTERM, timeout)
        leftovers = self.host_pids(name)
        if leftovers:
            procs.stop(leftovers, signal.SIGKILL, 5.0)

    def kill_host(self, name: str) -> list[int]:
        """SIGKILL every process of a host at once (a host crash)."""
        pids = self.host_pids(name)
        for pid in pids:
            procs.signal_pid(pid, signal.SIGKILL)
        procs.wait_gone(pids, 5.0)
        return pids

    # -- nginx ---------------------------------------------------------------

    def _write_nginx_conf(self) -> Path:
        folder = self.base / "nginx"
        folder.mkdir(exist_ok=True)
        servers = "\n".join(
            f"    server {host.addr}:{APP_PORT} max_fails=1 fail_timeout=2s"
            f"{' down' if host.name in self.drained else ''};"
            for host in self.net.hosts
        )
        template = (Path(__file__).parent / "nginx.conf.in").read_text()
        conf = folder / "nginx.conf"
        conf.write_text(
            template.format(
                base=folder, servers=servers, port=NGINX_PORT, bind=self.net.proxy_addr
            )
        )
        return conf

    def start_nginx(self) -> None:
        """Start nginx in the foreground (we own the master PID)."""
        conf = self._write_nginx_conf()
        folder = conf.parent
        argv = [NGINX, "-c", str(conf), "-e", str(folder / "error.log"),
                "-g", "daemon off;"]  # fmt: skip
        self.nginx_pid = procs.spawn(argv, folder / "stdout.log").pid
        self.save()
        procs.wait_until(
            lambda: procs.http_ok(self.url + "/whoami"), 15, "nginx", self.nginx_pid
        )

    def drain(self, name: str, drained: bool = True) -> None:
        """Mark a host ``down`` at nginx (or back up) and reload gracefully."""
        if drained and name not in self.drained:
            self.drained.append(name)
        elif not drained and name in self.drained:
            self.drained.remove(name)
        self._write_nginx_conf()
        self.save()
        assert self.nginx_pid is not None
        procs.signal_pid(self.nginx_pid, signal.SIGHUP)

    # -- whole stack ---------------------------------------------------------

    def check(self) -> dict[str, object]:
        """Ask every piece whether it answers; raise if one does not."""
        report: dict[str, object] = {"mode": self.net.mode, "note": self.net.note}
        for host in self.net.hosts:
            report[host.name] = procs.http_ok(self.host_url(host.name) + "/whoami")
        report["nginx"] = procs.http_ok(self.url + "/whoami")
        report["postgresql"] = (
            self.pg is not None and self.pg.psql("SELECT 1").strip() == "1"
        )
        failed = [name for name, ok in report.items() if ok is False]
        if failed:
            raise RuntimeError(f"not answering: {', '.join(failed)}")
        return report


def missing_pieces() -> list[str]:
    """What the stack needs and this machine lacks."""
    missing = []
    if os.geteuid() != 0:
        missing.append("root (network namespaces, runuser, nginx as www-data)")
    tools = ("ip", "runuser", "psql", "curl", "wrk")
    missing += [tool for tool in tools if shutil.which(tool) is None]
    if not Path(NGINX).exists():
        missing.append(NGINX)
    if postgres.find_bin() is None:
        missing.append("PostgreSQL server binaries (initdb)")
    for module in ("gunicorn", "psycopg", "psycopg_pool"):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"python module {module}")
    return missing


def up(base: Path = DEFAULT_BASE, loopback: bool = False) -> Stack:
    """Start the whole stack in ``base`` (a fresh folder under /tmp).

    Raises:
        RuntimeError: A piece is missing or did not start (what started is
            stopped again first).
    """
    missing = missing_pieces()
    if missing:
        raise RuntimeError("missing: " + "; ".join(missing))
    if (base / "state.json").exists():
        down(Stack.load(base))
    busy = {port for _, port in procs.listening_ports()} & {NGINX_PORT, PG_PORT}
    if busy:
        raise RuntimeError(f"ports already in use: {sorted(busy)}")
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    base.chmod(0o755)
    stack = Stack(base, network.setup(PREFIX, loopback))
    stack.save()
    try:
        trust = "10.78.0.0/24" if stack.net.mode == "netns" else "127.0.0.0/8"
        stack.pg = postgres.start(base / "pg", stack.net.proxy_addr, PG_PORT, trust)
        stack.save()
        for host in stack.net.hosts:
            stack.start_host(host.name)
        stack.start_nginx()
    except BaseException:
        down(stack, keep=True)
        raise
    return stack


def leftovers(stack: Stack) -> list[str]:
    """What of the stack still exists (empty after a clean ``down``)."""
    found = []
    pids = [stack.nginx_pid, *stack.masters.values()]
    found += [f"process {pid}" for pid in pids if pid and procs.is_alive(pid)]
    namespaces, links, bridge = network.names(PREFIX)
    found += [
        f"namespace {ns}" for ns in network.existing_namespaces() & set(namespaces)
    ]
    found += [f"link {link}" for link in network.existing_links() & {*links, bridge}]
    if stack.pg is not None and stack.pg.pid() and procs.is_alive(stack.pg.pid() or 0):
        found.append(f"postgres {stack.pg.pid()}")
    ports = {NGINX_PORT, PG_PORT, APP_PORT}
    found += [f"port {addr}:{port}" for addr, port in procs.listening_ports()
              if port in ports]  # fmt: skip
    return found


def down(stack: Stack, keep: bool = False) -> None:
    """Stop everything by PID, remove the network, assert nothing is left.

    Args:
        stack: The stack to stop.
        keep: Keep the folder (logs) instead of deleting it.

    Raises:
        RuntimeError: Something of the stack is still there afterwards.
    """
    if stack.nginx_pid is not None:
        procs.stop([stack.nginx_pid], signal.SIGQUIT, 10.0)
    for name in list(stack.masters):
        stack.stop_host(name)
    if stack.pg is not None:
        stack.pg.stop()
    network.remove(PREFIX)
    procs.wait_until(lambda: not leftovers(stack), 5.0, "stack teardown")
    left = leftovers(stack)
    if not keep:
        shutil.rmtree(stack.base, ignore_errors=True)
    if left:
        raise RuntimeError("left behind: " + ", ".join(left))
