"""The Falcon quickstart "things" API, running on restcore.

Run it with ``restcore serve examples.things:app`` (or any WSGI server, e.g.
``gunicorn examples.things:app``) and try ``curl localhost:8000/things``.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any

import restcore as falcon


class StorageError(Exception):
    """Raised by the store when it cannot complete an operation."""

    @staticmethod
    def handle(
        req: falcon.Request,
        resp: falcon.Response,
        ex: Exception,
        params: dict[str, Any],
    ) -> None:
        raise falcon.HTTPServiceUnavailable(
            title="Storage unavailable", description=str(ex), retry_after=30
        )


class ThingStore:
    """An in-memory, thread-safe store of things."""

    def __init__(self) -> None:
        self._things: dict[int, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def list(self, marker: int, limit: int) -> list[dict[str, Any]]:
        with self._lock:
            ids = sorted(thing_id for thing_id in self._things if thing_id > marker)
            return [self._things[thing_id] for thing_id in ids[:limit]]

    def get(self, thing_id: int) -> dict[str, Any] | None:
        with self._lock:
            return self._things.get(thing_id)

    def add(self, name: str, color: str) -> dict[str, Any]:
        with self._lock:
            thing = {"id": next(self._ids), "name": name, "color": color}
            self._things[thing["id"]] = thing
            return thing

    def delete(self, thing_id: int) -> bool:
        with self._lock:
            return self._things.pop(thing_id, None) is not None


def require_json(
    req: falcon.Request, resp: falcon.Response, resource: object, params: dict[str, Any]
) -> None:
    if req.method in ("POST", "PUT") and not (req.content_type or "").startswith(
        falcon.MEDIA_JSON
    ):
        raise falcon.HTTPUnsupportedMediaType(
            title="JSON only", description="Send the thing as application/json."
        )


class ThingsResource:
    def __init__(self, store: ThingStore) -> None:
        self.store = store

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        marker = req.get_param_as_int("marker", min_value=0) or 0
        limit = req.get_param_as_int("limit", min_value=1, max_value=100) or 50
        resp.media = {"things": self.store.list(marker, limit)}

    @falcon.before(require_json)
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        doc = req.get_media()
        if not isinstance(doc, dict):
            raise falcon.HTTPUnprocessableEntity(description="Expected a JSON object.")
        name, color = doc.get("name"), doc.get("color", "grey")
        if not isinstance(name, str) or not name or not isinstance(color, str):
            raise falcon.HTTPUnprocessableEntity(
                description='"name" must be a non-empty string.'
            )
        thing = self.store.add(name, color)
        resp.status = falcon.HTTP_201
        resp.location = f"/things/{thing['id']}"
        resp.media = thing


class ThingResource:
    def __init__(self, store: ThingStore) -> None:
        self.store = store

    def on_get(self, req: falcon.Request, resp: falcon.Response, thing_id: int) -> None:
        thing = self.store.get(thing_id)
        if thing is None:
            raise falcon.HTTPNotFound(description=f"No thing with id {thing_id}.")
        resp.media = thing

    def on_delete(
        self, req: falcon.Request, resp: falcon.Response, thing_id: int
    ) -> None:
        if not self.store.delete(thing_id):
            raise falcon.HTTPNotFound(description=f"No thing with id {thing_id}.")
        resp.status = falcon.HTTP_204


class HealthResource:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = "ok"


def create_app(store: ThingStore | None = None) -> falcon.App:
    store = store or ThingStore()
    app = falcon.App()
    app.add_route("/things", ThingsResource(store))
    app.add_route("/things/{thing_id:int}", ThingResource(store))
    app.add_route("/health", HealthResource())
    app.add_error_handler(StorageError)
    return app


app = create_app()
