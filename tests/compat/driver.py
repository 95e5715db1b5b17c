"""A framework-neutral WSGI driver for differential tests.

The same environ goes to the Falcon build and the restcore build of an app;
``normalize`` reduces a response to what must be equal between them.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

# Headers compared by value. Content-Length is checked against the body for each
# framework instead: our compact JSON makes bodies shorter (docs/differences.md).
COMPARED_HEADERS = (
    "content-type",
    "allow",
    "location",
    "vary",
    "x-custom",
    "x-multi",
    "x-s",
    "x-m",
    "x-trail",
    "cache-control",
    "www-authenticate",
    "retry-after",
    "content-range",
)


@dataclass
class Case:
    method: str
    path: str
    query: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def __str__(self) -> str:
        qs = f"?{self.query}" if self.query else ""
        extra = f" {self.headers}" if self.headers else ""
        return f"{self.method} {self.path}{qs}{extra} body={self.body[:20]!r}"


@dataclass
class Outcome:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    errors: str

    def header(self, name: str) -> str | None:
        values = [v for k, v in self.headers if k.lower() == name]
        return ", ".join(values) if values else None

    def set_cookies(self) -> list[str]:
        return sorted(v for k, v in self.headers if k.lower() == "set-cookie")


def make_environ(case: Case) -> dict[str, Any]:
    raw_path = quote(case.path, safe="/%:@!$&'()*+,;=").encode()
    from urllib.parse import unquote_to_bytes

    path_info = unquote_to_bytes(raw_path).decode("iso-8859-1")
    env: dict[str, Any] = {
        "REQUEST_METHOD": case.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path_info,
        "QUERY_STRING": case.query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "localhost",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(case.body),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if case.body:
        env["CONTENT_LENGTH"] = str(len(case.body))
    for name, value in case.headers.items():
        key = name.upper().replace("-", "_")
        if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            env[key] = value
        else:
            env["HTTP_" + key] = value
    return env


def call(app: Any, case: Case) -> Outcome:
    env = make_environ(case)
    captured: dict[str, Any] = {}

    def start_response(status, headers, exc_info=None):
        captured["status"] = status
        captured["headers"] = headers
        return lambda data: None

    result = app(env, start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return Outcome(
        captured["status"],
        list(captured["headers"]),
        body,
        env["wsgi.errors"].getvalue(),
    )


def parsed_body(outcome: Outcome) -> Any:
    content_type = (outcome.header("content-type") or "").split(";")[0]
    if not outcome.body:
        return None
    if content_type.endswith("json"):
        try:
            document = json.loads(outcome.body)
        except ValueError:
            return outcome.body
        return _without_parser_detail(document)
    if content_type.endswith("xml"):
        root = ET.fromstring(outcome.body)
        return {child.tag: (child.text or "").strip() for child in root.iter()}
    return outcome.body


def _without_parser_detail(document: Any) -> Any:
    """Drop the JSON parser's own message (orjson's differs from json's)."""
    if isinstance(document, dict) and document.get("title") == "Invalid JSON":
        description = document.get("description", "")
        document = dict(document, description=description.split(" - ")[0])
    return document


def normalize(outcome: Outcome, method: str = "GET") -> dict[str, Any]:
    length = outcome.header("content-length")
    if length is not None and method != "HEAD":
        assert int(length) == len(outcome.body), "Content-Length differs from body"
    return {
        "status": outcome.status,
        "headers": {name: outcome.header(name) for name in COMPARED_HEADERS},
        "has_content_length": length is not None,
        "body": parsed_body(outcome),
        "cookies": [cookie.split(";")[0] for cookie in outcome.set_cookies()],
        "errors_written": bool(outcome.errors),
    }
