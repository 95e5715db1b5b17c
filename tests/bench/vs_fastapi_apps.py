"""The same typed endpoints in restcore (msgspec) and FastAPI (pydantic).

Served by ``bench_vs_fastapi.py`` under granian: ``restcore_app`` (WSGI) and
``fastapi_app`` (ASGI). FastAPI is imported only when ``fastapi_app`` is
asked for, so the restcore side loads without it.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

import restcore
from restcore.typed import Query, responds

ITEM = {
    "name": "Ergonomic Steel Chair",
    "price": 149.99,
    "tags": ["office", "steel", "chair"],
    "active": True,
}


class Address(msgspec.Struct):
    street: str
    city: str
    postcode: str
    country: str


class Customer(msgspec.Struct):
    id: int
    name: str
    email: str
    address: Address


class Line(msgspec.Struct):
    sku: str
    title: str
    qty: Annotated[int, msgspec.Meta(ge=1)]
    price: float


class Order(msgspec.Struct, forbid_unknown_fields=True):
    id: str
    customer: Customer
    lines: list[Line]
    note: str
    total: float


class Item(msgspec.Struct):
    id: int
    q: str | None
    name: str
    price: float
    tags: list[str]
    active: bool


class Page(msgspec.Struct):
    items: list[Item]
    limit: int
    offset: int


class ItemResource:
    def on_get(
        self, req: Any, resp: Any, item_id: int, q: Query[str | None] = None
    ) -> Item:
        return Item(id=item_id, q=q, **ITEM)


class ItemsResource:
    def on_get(
        self,
        req: Any,
        resp: Any,
        limit: Query[Annotated[int, msgspec.Meta(ge=1, le=100)]] = 20,
        offset: Query[Annotated[int, msgspec.Meta(ge=0)]] = 0,
    ) -> Page:
        # Written as the FastAPI side is: keywords, the fixed fields from ITEM.
        items = [Item(id=offset + index, q=None, **ITEM) for index in range(limit)]
        return Page(items, limit, offset)


class OrdersResource:
    @responds(201)
    def on_post(self, req: Any, resp: Any, body: Order) -> Order:
        return body


restcore_app = restcore.App(typed=True)
restcore_app.add_route("/items/{item_id:int}", ItemResource())
restcore_app.add_route("/items", ItemsResource())
restcore_app.add_route("/orders", OrdersResource())


def __getattr__(name: str) -> Any:
    if name == "fastapi_app":
        from tests.bench.vs_fastapi_fastapi import app

        return app
    raise AttributeError(name)
