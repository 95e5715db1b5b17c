"""A synthetic typed app: N/4 model families x (list, create, get, replace).

No ``from __future__ import annotations`` here: the resources are built in a
function, so their annotations must be objects, not names.
"""

from typing import Annotated, Any

import msgspec

import restcore
from restcore.typed import Query, responds


def resources(model: Any) -> tuple[object, object]:
    class Collection:
        def on_get(self, req: Any, resp: Any, limit: Query[int] = 10) -> list[model]:
            """List them."""
            return []

        @responds(201)
        def on_post(self, req: Any, resp: Any, body: model) -> model:
            """Create one."""
            return body

    class Item:
        def on_get(self, req: Any, resp: Any, item_id: int) -> model:
            return model("x", item_id)

        def on_put(self, req: Any, resp: Any, item_id: int, body: model) -> model:
            return body

    return Collection(), Item()


def models(count: int) -> list[Any]:
    return [
        msgspec.defstruct(
            f"Model{index}",
            [("name", Annotated[str, msgspec.Meta(max_length=50)]), ("n", int)],
            forbid_unknown_fields=True,
        )
        for index in range(count)
    ]


def synthetic_app(operations: int, families: list[Any] | None = None) -> restcore.App:
    app = restcore.App(typed=True)
    for index, model in enumerate(families or models(operations // 4)):
        collection, item = resources(model)
        app.add_route(f"/things{index}", collection)
        app.add_route(f"/things{index}/{{item_id:int(min=1)}}", item)
    return app
