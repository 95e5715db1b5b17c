"""The checks every server must pass, over ``http.client`` to 127.0.0.1.

Each check takes the ``Server`` (for what it supports) and the port, and
raises ``AssertionError`` on a wrong answer; ``Skip`` when the server does
not support the feature.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
from collections.abc import Callable, Iterable
from typing import Any

from tests.integration.payload import BIG_BODY, STREAM_CHUNKS
from tests.integration.servers import Server

TIMEOUT = 30


class Skip(Exception):
    """The server does not support what the check exercises."""


class Reply:
    def __init__(self, response: http.client.HTTPResponse, body: bytes) -> None:
        self.status = response.status
        self.headers = response.headers
        self.version = response.version
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | Iterable[bytes] | None = None,
    headers: dict[str, str] | None = None,
    chunked: bool = False,
) -> Reply:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request(
            method, path, body=body, headers=headers or {}, encode_chunked=chunked
        )
        response = connection.getresponse()
        return Reply(response, response.read())
    finally:
        connection.close()


def check_text(server: Server, port: int) -> None:
    reply = request(port, "GET", "/text")
    assert reply.status == 200
    assert reply.body == "Hello, wörld!".encode()
    assert reply.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert reply.headers["Content-Length"] == str(len(reply.body))


def check_json(server: Server, port: int) -> None:
    doc = {"name": "ünïcode", "values": [1, 2.5, None, True], "nested": {"a": "b"}}
    reply = request(
        port,
        "POST",
        "/echo/json",
        json.dumps(doc).encode(),
        {"Content-Type": "application/json"},
    )
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/json"
    assert reply.json() == {"received": doc, "content_type": "application/json"}


def check_upload_1mb(server: Server, port: int) -> None:
    data = os.urandom(1024 * 1024)
    reply = request(
        port, "POST", "/upload", data, {"Content-Type": "application/octet-stream"}
    )
    assert reply.status == 200
    assert reply.json() == {
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "content_length": len(data),
    }


def check_chunked_request(server: Server, port: int) -> None:
    if not server.chunked_requests:
        raise Skip(f"{server.name} does not de-chunk request bodies")
    chunks = [os.urandom(size) for size in (1, 1000, 65536, 7, 300_000)]
    reply = request(
        port,
        "POST",
        "/upload",
        iter(chunks),
        {"Content-Type": "application/octet-stream"},
        chunked=True,
    )
    assert reply.status == 200
    result = reply.json()
    data = b"".join(chunks)
    assert result["size"] == len(data)
    assert result["sha256"] == hashlib.sha256(data).hexdigest()


def check_streamed_response(server: Server, port: int) -> None:
    reply = request(port, "GET", "/stream")
    assert reply.status == 200
    expected = "".join(f"line {index}\n" for index in range(STREAM_CHUNKS)).encode()
    assert reply.body == expected
    assert "Content-Length" not in reply.headers
    if reply.version == 11 and server.chunked_responses:
        assert reply.headers["Transfer-Encoding"] == "chunked"


def check_big_response(server: Server, port: int) -> None:
    reply = request(port, "GET", "/big")
    assert reply.status == 200
    assert reply.headers["Content-Length"] == str(len(BIG_BODY))
    assert len(reply.body) == len(BIG_BODY)
    assert hashlib.sha256(reply.body).digest() == hashlib.sha256(BIG_BODY).digest()


def check_cookies(server: Server, port: int) -> None:
    reply = request(port, "GET", "/cookies/set")
    assert reply.status == 200
    cookies = sorted(reply.headers.get_all("Set-Cookie") or [])
    assert len(cookies) == 2
    assert cookies[0].startswith("count=2; ")
    assert "Max-Age=60" in cookies[0]
    assert cookies[1].startswith("flavour=oatmeal; ")
    assert "HttpOnly" in cookies[1]
    echoed = request(port, "GET", "/cookies", headers={"Cookie": "a=1; b=two; a=3"})
    assert echoed.json() == {"cookies": {"a": "1", "b": "two"}, "all_a": ["1", "3"]}


def check_not_found(server: Server, port: int) -> None:
    reply = request(port, "GET", "/no/such/path")
    assert reply.status == 404
    assert reply.json() == {"title": "404 Not Found"}


def check_method_not_allowed(server: Server, port: int) -> None:
    reply = request(port, "DELETE", "/text")
    assert reply.status == 405
    assert reply.headers["Allow"] == "GET, HEAD, OPTIONS"


def check_head(server: Server, port: int) -> None:
    reply = request(port, "HEAD", "/text")
    assert reply.status == 200
    assert reply.body == b""
    assert reply.headers["Content-Length"] == str(len("Hello, wörld!".encode()))


def check_percent_encoded_path(server: Server, port: int) -> None:
    reply = request(port, "GET", "/echo/path/caf%C3%A9%20au%3Flait%25")
    assert reply.status == 200
    assert reply.json() == {
        "name": "café au?lait%",
        "path": "/echo/path/café au?lait%",
    }


def check_repeated_query_keys(server: Server, port: int) -> None:
    reply = request(port, "GET", "/query?x=1&x=2&y=a%20b%26c&x=3")
    assert reply.json() == {
        "x": ["1", "2", "3"],
        "y": "a b&c",
        "query_string": "x=1&x=2&y=a%20b%26c&x=3",
    }


def check_remote_addr(server: Server, port: int) -> None:
    info = request(port, "GET", "/client").json()
    assert info["remote_addr"] == "127.0.0.1"
    assert info["access_route"] == ["127.0.0.1"]
    assert info["scheme"] == "http"
    assert info["host"] == "127.0.0.1"


def check_forwarded_headers(server: Server, port: int) -> None:
    headers = {
        "Forwarded": (
            'for=203.0.113.7;proto=https;host=api.example.com, for="[2001:db8::1]"'
        ),
        "X-Forwarded-For": "198.51.100.1",
    }
    info = request(port, "GET", "/client", headers=headers).json()
    if server.proxy_headers == "passed":
        # The app sees the proxy's claims through req.forwarded_* and
        # access_route, while remote_addr stays the peer that connected.
        assert info["remote_addr"] == "127.0.0.1"
        assert info["forwarded_scheme"] == "https"
        assert info["forwarded_host"] == "api.example.com"
        assert info["access_route"] == ["203.0.113.7", "2001:db8::1", "127.0.0.1"]
        assert info["scheme"] == "http"
    elif server.proxy_headers == "stripped":
        assert info["remote_addr"] == "127.0.0.1"
        assert info["forwarded_scheme"] == "http"
        assert info["access_route"] == ["127.0.0.1"]
    else:
        # Applied by the server, which trusts one hop (the last element) and
        # removes the header: the app sees that hop as the client.
        assert info["remote_addr"] == "2001:db8::1"
        assert info["access_route"] == ["2001:db8::1"]
        assert info["scheme"] == info["forwarded_scheme"] == "http"


def check_notes_api(server: Server, port: int) -> None:
    created = request(
        port,
        "POST",
        "/notes",
        json.dumps({"title": "on " + server.name}).encode(),
        {"Content-Type": "application/json"},
    )
    assert created.status == 201
    location = created.headers["Location"]
    etag = created.headers["ETag"]
    assert request(port, "GET", location).json()["title"] == "on " + server.name
    assert request(port, "GET", location, headers={"If-None-Match": etag}).status == 304
    invalid = request(
        port, "POST", "/notes", b"{}", {"Content-Type": "application/json"}
    )
    assert invalid.status == 400
    assert invalid.json()["errors"][0]["pointer"] == "#/title"


CHECKS: list[Callable[[Server, int], None]] = [
    check_text,
    check_json,
    check_upload_1mb,
    check_chunked_request,
    check_streamed_response,
    check_big_response,
    check_cookies,
    check_not_found,
    check_method_not_allowed,
    check_head,
    check_percent_encoded_path,
    check_repeated_query_keys,
    check_remote_addr,
    check_forwarded_headers,
    check_notes_api,
]
