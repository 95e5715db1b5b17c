"""Trusted proxies: restcore.proxies and the request properties that use it."""

from __future__ import annotations

from typing import Any

import falcon
import falcon.testing
import pytest

import restcore
import restcore.testing
from restcore import proxies
from restcore.proxies import ResolvedClient, TrustedProxies, resolve

PROXY = "10.78.0.1"
TRUSTED = TrustedProxies(["10.78.0.0/24", "::1"])


def env(remote: str | None = PROXY, **headers: str) -> dict[str, Any]:
    environ = restcore.testing.create_environ(
        headers=headers, remote_addr=remote, host="app.example"
    )
    if remote is None:
        environ.pop("REMOTE_ADDR", None)
    return environ


@pytest.mark.parametrize(
    ("addr", "trusted"),
    [
        ("10.78.0.1", True),
        ("10.78.0.250", True),
        ("10.78.1.1", False),
        ("::1", True),
        ("::2", False),
        ("unknown", False),
        ("", False),
        ("10.78.0.1 ", False),
    ],
)
def test_membership(addr: str, trusted: bool) -> None:
    assert (addr in TRUSTED) is trusted
    assert (addr in TRUSTED) is trusted  # the cached answer too


def test_membership_of_a_non_string() -> None:
    assert 10 not in TRUSTED


def test_single_string_and_repr() -> None:
    one = TrustedProxies("192.0.2.1")
    assert "192.0.2.1" in one
    assert repr(one) == "TrustedProxies([192.0.2.1/32])"


def test_bad_entry_is_refused() -> None:
    with pytest.raises(ValueError, match="does not appear to be"):
        TrustedProxies(["proxy.example"])


def test_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(proxies, "_CACHE_SIZE", 4)
    cache = TrustedProxies(["10.0.0.0/8"])
    for index in range(10):
        assert f"10.0.0.{index}" in cache
    assert len(cache._cache) <= 4


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        # Not from a trusted proxy: every forwarding header is ignored.
        (
            env("6.6.6.6", X_Forwarded_For="1.1.1.1", X_Forwarded_Proto="https"),
            ResolvedClient("6.6.6.6", "http", None, ["6.6.6.6"]),
        ),
        (
            env("6.6.6.6", Forwarded="for=1.1.1.1;proto=https;host=evil"),
            ResolvedClient("6.6.6.6", "http", None, ["6.6.6.6"]),
        ),
        # The proxy itself, no headers.
        (env(), ResolvedClient(PROXY, "http", None, [PROXY])),
        # No REMOTE_ADDR at all: as Falcon, 127.0.0.1 (not trusted here).
        (env(None), ResolvedClient("127.0.0.1", "http", None, ["127.0.0.1"])),
        # nginx overwrote X-Forwarded-For with the client.
        (
            env(X_Forwarded_For="203.0.113.9", X_Forwarded_Proto="HTTPS"),
            ResolvedClient("203.0.113.9", "https", None, ["203.0.113.9", PROXY]),
        ),
        # A proxy that appends: the spoofed left part is dropped.
        (
            env(X_Forwarded_For="6.6.6.6, 203.0.113.9"),
            ResolvedClient("203.0.113.9", "http", None, ["203.0.113.9", PROXY]),
        ),
        # Two trusted proxies in a row.
        (
            env(X_Forwarded_For="203.0.113.9, 10.78.0.7", X_Forwarded_Host="a.b"),
            ResolvedClient(
                "203.0.113.9", "http", "a.b", ["203.0.113.9", "10.78.0.7", PROXY]
            ),
        ),
        # Only trusted hops: the leftmost is the client.
        (
            env(X_Forwarded_For="10.78.0.9", X_Forwarded_Proto="http, https"),
            ResolvedClient("10.78.0.9", "https", None, ["10.78.0.9", PROXY]),
        ),
        # A hop that is not an address stops the walk.
        (
            env(X_Forwarded_For="1.1.1.1, unknown, 10.78.0.7"),
            ResolvedClient("unknown", "http", None, ["unknown", "10.78.0.7", PROXY]),
        ),
        # Empty values count as absent.
        (
            env(X_Forwarded_For="", X_Forwarded_Proto=" ", X_Forwarded_Host=""),
            ResolvedClient(PROXY, "http", None, [PROXY]),
        ),
        # Forwarded wins over X-Forwarded-*; ports and brackets are stripped.
        (
            env(
                Forwarded='for=6.6.6.6, for="203.0.113.9:4711";proto=https;host=h',
                X_Forwarded_For="7.7.7.7",
            ),
            ResolvedClient("203.0.113.9", "https", "h", ["203.0.113.9", PROXY]),
        ),
        (
            env(Forwarded='for="[2001:db8::17]:4711";proto=https'),
            ResolvedClient("2001:db8::17", "https", None, ["2001:db8::17", PROXY]),
        ),
        (
            env(Forwarded='for="[::1";proto=https'),
            ResolvedClient("[::1", "https", None, ["[::1", PROXY]),
        ),
        # A Forwarded header without any "for": the proxy is the client.
        (
            env(Forwarded="proto=https"),
            ResolvedClient(PROXY, "http", None, [PROXY]),
        ),
        # Only trusted Forwarded hops: the first element speaks.
        (
            env(Forwarded='for="[::1]";proto=https'),
            ResolvedClient("::1", "https", None, ["::1", PROXY]),
        ),
    ],
)
def test_resolve(environ: dict[str, Any], expected: ResolvedClient) -> None:
    assert resolve(environ, TRUSTED) == expected


def test_https_server_scheme_is_the_default() -> None:
    environ = restcore.testing.create_environ(scheme="https", remote_addr=PROXY)
    assert resolve(environ, TRUSTED).scheme == "https"


class Report:
    def on_get(self, req: Any, resp: Any) -> None:
        resp.media = {
            "remote_addr": req.remote_addr,
            "scheme": req.scheme,
            "forwarded_scheme": req.forwarded_scheme,
            "forwarded_host": req.forwarded_host,
            "access_route": req.access_route,
            "uri": req.uri,
        }


def report(app: Any, remote: str, headers: dict[str, str]) -> Any:
    client = (
        restcore.testing.TestClient(app)
        if isinstance(app, restcore.App)
        else falcon.testing.TestClient(app)
    )
    return client.simulate_get("/", headers=headers, remote_addr=remote).json


SPOOFS = [
    {},
    {"X-Forwarded-For": "6.6.6.6", "X-Forwarded-Proto": "https"},
    {"X-Forwarded-For": "6.6.6.6, 7.7.7.7", "X-Forwarded-Host": "evil.example"},
    {"Forwarded": "for=7.7.7.7;proto=https;host=evil.example"},
    {"X-Real-IP": "8.8.8.8"},
]


@pytest.mark.parametrize("headers", SPOOFS)
@pytest.mark.parametrize("remote", [PROXY, "6.6.6.6"])
def test_default_off_matches_falcon(remote: str, headers: dict[str, str]) -> None:
    ours = restcore.App()
    ours.add_route("/", Report())
    theirs = falcon.App()
    theirs.add_route("/", Report())
    assert ours.req_options.trusted_proxies is None
    assert report(ours, remote, headers) == report(theirs, remote, headers)


def trusting_app() -> restcore.App:
    app = restcore.App()
    app.req_options.trusted_proxies = ["10.78.0.0/24"]
    app.add_route("/", Report())
    return app


def test_option_converts_and_clears() -> None:
    options = restcore.RequestOptions()
    options.trusted_proxies = ["10.78.0.1"]
    assert isinstance(options.trusted_proxies, TrustedProxies)
    same = TrustedProxies(["::1"])
    options.trusted_proxies = same
    assert options.trusted_proxies is same
    options.trusted_proxies = None
    assert options.trusted_proxies is None


@pytest.mark.parametrize("headers", SPOOFS[1:4])
def test_spoofed_headers_from_a_client_are_ignored(headers: dict[str, str]) -> None:
    seen = report(trusting_app(), "6.6.6.6", headers)
    assert seen["remote_addr"] == "6.6.6.6"
    assert seen["scheme"] == seen["forwarded_scheme"] == "http"
    assert seen["forwarded_host"] == "falconframework.org"
    assert seen["access_route"] == ["6.6.6.6"]
    assert seen["uri"] == "http://falconframework.org/"


def test_headers_from_the_proxy_are_believed() -> None:
    headers = {
        "X-Forwarded-For": "203.0.113.9",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "api.example",
    }
    seen = report(trusting_app(), PROXY, headers)
    assert seen["remote_addr"] == "203.0.113.9"
    assert seen["scheme"] == seen["forwarded_scheme"] == "https"
    assert seen["forwarded_host"] == "api.example"
    assert seen["access_route"] == ["203.0.113.9", PROXY]
    # The request's own Host stays in uri; the scheme is the client's.
    assert seen["uri"] == "https://falconframework.org/"


def test_proxy_without_host_keeps_the_netloc() -> None:
    seen = report(trusting_app(), PROXY, {"X-Forwarded-For": "203.0.113.9"})
    assert seen["forwarded_host"] == "falconframework.org"
    assert seen["scheme"] == "http"


def test_resolution_runs_once_per_request(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = restcore.request.resolve_client

    def counting(environ: Any, trusted: TrustedProxies) -> ResolvedClient:
        calls.append(environ)
        return real(environ, trusted)

    monkeypatch.setattr(restcore.request, "resolve_client", counting)
    report(trusting_app(), PROXY, {"X-Forwarded-For": "203.0.113.9"})
    assert len(calls) == 1
