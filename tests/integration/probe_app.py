"""The app every real server runs: probe endpoints plus the notes example.

Served as ``tests.integration.probe_app:app``; the notes database is
``$NOTES_DB``.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

import restcore
from examples.notes.app import create_app
from tests.integration.payload import BIG_BODY, STREAM_CHUNKS


class Text:
    def on_get(self, req: restcore.Request, resp: restcore.Response) -> None:
        resp.content_type = restcore.MEDIA_TEXT
        resp.text = "Hello, wörld!"

    # Falcon (so restcore) does not answer HEAD with on_get: map it here.
    on_head = on_get


class EchoJSON:
    def on_post(self, req: restcore.Request, resp: restcore.Response) -> None:
        resp.media = {"received": req.get_media(), "content_type": req.content_type}


class Upload:
    def on_post(self, req: restcore.Request, resp: restcore.Response) -> None:
        if req.content_length is None:
            # A chunked request: the server de-chunks and ends the stream.
            data = req.stream.read()
        else:
            data = req.bounded_stream.read()
        resp.media = {
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "content_length": req.content_length,
        }


class Stream:
    def on_get(self, req: restcore.Request, resp: restcore.Response) -> None:
        resp.content_type = restcore.MEDIA_TEXT
        resp.stream = (f"line {index}\n".encode() for index in range(STREAM_CHUNKS))


class Big:
    def on_get(self, req: restcore.Request, resp: restcore.Response) -> None:
        resp.content_type = "application/octet-stream"
        resp.data = BIG_BODY


class Cookies:
    def on_get(self, req: restcore.Request, resp: restcore.Response) -> None:
        resp.media = {"cookies": req.cookies, "all_a": req.get_cookie_values("a")}

    def on_get_set(self, req: restcore.Request, resp: restcore.Response) -> None:
        resp.set_cookie("flavour", "oatmeal", secure=False, http_only=True)
        resp.set_cookie("count", "2", secure=False, max_age=60)
        resp.text = "set"


class EchoPath:
    def on_get(self, req: restcore.Request, resp: restcore.Response, name: str) -> None:
        resp.media = {"name": name, "path": req.path}


class Query:
    def on_get(self, req: restcore.Request, resp: restcore.Response) -> None:
        resp.media = {
            "x": req.get_param_as_list("x"),
            "y": req.get_param("y"),
            "query_string": req.query_string,
        }


class Client:
    def on_get(self, req: restcore.Request, resp: restcore.Response) -> None:
        info: dict[str, Any] = {
            "remote_addr": req.remote_addr,
            "access_route": req.access_route,
            "scheme": req.scheme,
            "forwarded_scheme": req.forwarded_scheme,
            "host": req.host,
            "forwarded_host": req.forwarded_host,
        }
        resp.media = info


def build_app() -> restcore.App:
    application = create_app(os.environ.get("NOTES_DB", ":memory:"))
    application.add_route("/text", Text())
    application.add_route("/echo/json", EchoJSON())
    application.add_route("/upload", Upload())
    application.add_route("/stream", Stream())
    application.add_route("/big", Big())
    application.add_route("/cookies", Cookies())
    application.add_route("/cookies/set", Cookies(), suffix="set")
    application.add_route("/echo/path/{name}", EchoPath())
    application.add_route("/query", Query())
    application.add_route("/client", Client())
    return application


app = build_app()
