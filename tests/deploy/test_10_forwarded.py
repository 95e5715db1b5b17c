"""Forwarded headers through nginx, from the proxy, and spoofed from a host."""

from __future__ import annotations

from deploy.stack import Stack
from tests.deploy.conftest import FIGURES, whoami

SPOOF = {
    "X-Forwarded-For": "6.6.6.6",
    "Forwarded": "for=7.7.7.7;proto=https;host=evil.example",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "evil.example",
}


def test_through_nginx_the_real_client_and_http(stack: Stack) -> None:
    seen = whoami(stack.url, headers=SPOOF)
    assert seen["remote_addr"] == "127.0.0.1"
    assert seen["scheme"] == "http"
    assert seen["forwarded_host"] == "127.0.0.1"
    assert seen["access_route"] == ["127.0.0.1", stack.net.proxy_addr]
    # nginx made the request ID; the app kept it.
    assert len(seen["request_id"]) == 32
    FIGURES["forwarded_via_nginx"] = seen


def test_from_the_proxy_https_is_believed(stack: Stack) -> None:
    host = stack.net.hosts[0]
    curl = ["curl", "--interface", stack.net.proxy_addr]
    seen = whoami(
        stack.host_url(host.name), *curl, headers={"X-Forwarded-Proto": "https"}
    )
    assert seen["scheme"] == "https"
    assert seen["remote_addr"] == stack.net.proxy_addr
    FIGURES["forwarded_from_proxy"] = seen


def test_from_another_host_the_headers_are_ignored(stack: Stack) -> None:
    target = stack.net.hosts[0]
    curl = stack.net.untrusted_client(target)
    seen = whoami(stack.host_url(target.name), *curl, headers=SPOOF)
    client = stack.net.hosts[1].addr if stack.net.mode == "netns" else "127.0.0.5"
    assert seen["remote_addr"] == client
    assert seen["scheme"] == "http"
    assert seen["access_route"] == [client]
    assert seen["forwarded_host"] == f"{target.addr}:18081"
    FIGURES["forwarded_spoofed_from_other_host"] = seen
