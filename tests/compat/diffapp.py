"""One app, written against the Falcon API, built with ``falcon`` or ``restcore``.

``build(fw)`` must stay framework-neutral: every difference in responses
between the two builds is a difference between the frameworks.
"""

from __future__ import annotations

import io
from types import ModuleType
from typing import Any


def _echoable(fw: ModuleType, media: Any) -> Any:
    """The media as JSON can hold it: a multipart form becomes its part names.

    (Echoing the form object itself made the app's own 500, which the
    whole-app fuzz took for the framework's.)
    """
    if isinstance(media, fw.media.multipart.MultipartForm):
        return [part.name for part in media]
    return media


def build(fw: ModuleType) -> Any:  # noqa: C901 - one app, many small resources
    class Things:
        def on_get(self, req, resp):
            resp.media = {
                "limit": req.get_param_as_int("limit", default=10),
                "tags": req.get_param_as_list("tag", default=[]),
                "flag": req.get_param_as_bool("flag", default=False),
                "q": req.get_param("q"),
            }

        def on_post(self, req, resp):
            doc = _echoable(fw, req.get_media())
            resp.status = fw.HTTP_201
            resp.location = "/things/1"
            resp.media = {"received": doc}

    class Thing:
        def on_get(self, req, resp, thing_id):
            resp.media = {"id": thing_id, "type": type(thing_id).__name__}

        def on_put(self, req, resp, thing_id):
            doc = _echoable(fw, req.get_media(default_when_empty=None))
            resp.media = {"id": thing_id, "doc": doc}

        def on_delete(self, req, resp, thing_id):
            resp.status = fw.HTTP_204

    class ThingItems:
        def on_get_items(self, req, resp, thing_id):
            resp.media = {"items_of": thing_id}

    class Text:
        def on_get(self, req, resp):
            resp.content_type = fw.MEDIA_TEXT
            resp.text = "hello " + (req.get_header("X-Name") or "world")

        def on_head(self, req, resp):
            resp.content_type = fw.MEDIA_TEXT
            resp.text = "hello"

    class Errors:
        def on_get(self, req, resp, kind):  # noqa: C901 - one branch per error
            if kind == "notfound":
                raise fw.HTTPNotFound()
            if kind == "bad":
                raise fw.HTTPBadRequest(title="Bad thing", description="It was bad.")
            if kind == "teapot":
                raise fw.HTTPError(fw.HTTP_418, title="Short and stout", code=42)
            if kind == "unauthorized":
                raise fw.HTTPUnauthorized(
                    title="Who are you", challenges=["Bearer realm=x"]
                )
            if kind == "forbidden":
                raise fw.HTTPForbidden(description="Nope", href="http://example.com/h")
            if kind == "conflict":
                raise fw.HTTPConflict()
            if kind == "toomany":
                raise fw.HTTPTooManyRequests(retry_after=30)
            if kind == "status":
                raise fw.HTTPStatus(fw.HTTP_202, headers={"X-S": "1"}, text="accepted")
            if kind == "redirect":
                raise fw.HTTPFound("/elsewhere")
            if kind == "moved":
                raise fw.HTTPMovedPermanently("/new", headers={"X-M": "m"})
            if kind == "crash":
                raise ValueError("boom: secret detail")
            if kind == "custom":
                raise CustomError("custom")
            if kind == "missing_param":
                req.get_param("needed", required=True)
            if kind == "invalid_param":
                req.get_param_as_int("n", min_value=1, max_value=5, required=True)
            if kind == "missing_header":
                req.get_header("X-Needed", required=True)
            resp.media = {"kind": kind}

    class CustomError(Exception):
        pass

    def handle_custom(req, resp, ex, params):
        resp.status = fw.HTTP_409
        resp.media = {"handled": str(ex), "params": params}

    class Stream:
        def on_get(self, req, resp):
            resp.content_type = "application/octet-stream"
            resp.stream = io.BytesIO(b"0123456789" * 1000)

    class Chunks:
        def on_get(self, req, resp):
            resp.content_type = fw.MEDIA_TEXT
            resp.stream = iter([b"a", b"b", b"c"])

    class Data:
        def on_get(self, req, resp):
            resp.data = b"\x00\x01binary"
            resp.content_type = "application/octet-stream"
            resp.set_header("X-Custom", "yes")
            resp.append_header("X-Multi", "1")
            resp.append_header("X-Multi", "2")
            resp.cache_control = ["no-store", "max-age=0"]

    class Empty:
        def on_get(self, req, resp):
            pass

        def on_post(self, req, resp):
            resp.status = 204

        def on_patch(self, req, resp):
            resp.status = 304

    class IntStatus:
        def on_get(self, req, resp):
            import http

            resp.status = http.HTTPStatus.ACCEPTED
            resp.media = {"status": "accepted"}

        def on_post(self, req, resp):
            resp.status = 201
            resp.text = "created"

    class Echo:
        def on_post(self, req, resp):
            resp.media = {
                "media": _echoable(fw, req.get_media()),
                "content_type": req.content_type,
                "length": req.content_length,
            }

    class Headers:
        def on_get(self, req, resp, name):
            resp.media = {
                "name": name,
                "ua": req.user_agent,
                "accept": req.accept,
                "x": req.get_header("x-thing"),
                "json": req.client_accepts_json,
                "xml": req.client_accepts_xml,
                "prefers": req.client_prefers(["text/plain", "application/json"]),
                "method": req.method,
                "path": req.path,
                "qs": req.query_string,
                "template": req.uri_template,
            }

    class Cookies:
        def on_get(self, req, resp):
            resp.set_cookie("session", "abc123", max_age=60, path="/", secure=False)
            resp.set_cookie("plain", "v")
            resp.unset_cookie("old")
            resp.media = {"ok": True}

    def sink(req, resp, rest=None):
        resp.content_type = fw.MEDIA_TEXT
        resp.text = f"sink:{rest}"

    app = fw.App()
    app.add_route("/things", Things())
    app.add_route("/things/{thing_id:int}", Thing())
    app.add_route("/things/{thing_id:int}/items", ThingItems(), suffix="items")
    app.add_route("/text", Text())
    app.add_route("/errors/{kind}", Errors())
    app.add_route("/stream", Stream())
    app.add_route("/chunks", Chunks())
    app.add_route("/data", Data())
    app.add_route("/empty", Empty())
    app.add_route("/intstatus", IntStatus())
    app.add_route("/echo", Echo())
    app.add_route("/headers/{name}", Headers())
    app.add_route("/cookies", Cookies())
    app.add_sink(sink, r"/sink/(?P<rest>.*)")
    app.add_error_handler(CustomError, handle_custom)
    return app


def build_text_default(fw: ModuleType) -> Any:
    """An app whose default media type is text (like the bench's routing app)."""

    class Hello:
        def on_get(self, req, resp, name):
            resp.text = f"hello {name}"

    app = fw.App(media_type=fw.MEDIA_TEXT)
    app.add_route("/hello/{name}", Hello())
    return app


def build_with_middleware(fw: ModuleType, log: list[str], independent: bool) -> Any:
    """An app with three recording middleware components."""

    class Recorder:
        def __init__(self, name):
            self.name = name

        def process_request(self, req, resp):
            log.append(f"{self.name}.req")
            if req.get_header("X-Fail-Req") == self.name:
                raise fw.HTTPForbidden(title=f"{self.name} says no")
            if req.get_header("X-Complete") == self.name:
                resp.complete = True
                resp.media = {"completed_by": self.name}

        def process_resource(self, req, resp, resource, params):
            log.append(f"{self.name}.rsrc")

        def process_response(self, req, resp, resource, req_succeeded):
            log.append(f"{self.name}.resp:{req_succeeded}")
            resp.append_header("X-Trail", self.name)

    class Resource:
        def on_get(self, req, resp):
            log.append("responder")
            if req.get_param("crash"):
                raise RuntimeError("crash")
            resp.media = {"ok": True}

    app = fw.App(
        middleware=[Recorder("m1"), Recorder("m2"), Recorder("m3")],
        independent_middleware=independent,
    )
    app.add_route("/mw", Resource())
    return app
