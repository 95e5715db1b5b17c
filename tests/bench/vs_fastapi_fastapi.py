"""The FastAPI side of ``bench_vs_fastapi.py`` (pydantic models, one worker)."""

from __future__ import annotations

from typing import Annotated

import pydantic
from fastapi import FastAPI, Query

from tests.bench.vs_fastapi_apps import ITEM


class Address(pydantic.BaseModel):
    street: str
    city: str
    postcode: str
    country: str


class Customer(pydantic.BaseModel):
    id: int
    name: str
    email: str
    address: Address


class Line(pydantic.BaseModel):
    sku: str
    title: str
    qty: Annotated[int, pydantic.Field(ge=1)]
    price: float


class Order(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    id: str
    customer: Customer
    lines: list[Line]
    note: str
    total: float


class Item(pydantic.BaseModel):
    id: int
    q: str | None
    name: str
    price: float
    tags: list[str]
    active: bool


class Page(pydantic.BaseModel):
    items: list[Item]
    limit: int
    offset: int


app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


@app.get("/items/{item_id}")
async def get_item(item_id: int, q: str | None = None) -> Item:
    return Item(id=item_id, q=q, **ITEM)


@app.get("/items")
async def list_items(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page:
    items = [Item(id=offset + index, q=None, **ITEM) for index in range(limit)]
    return Page(items=items, limit=limit, offset=offset)


@app.post("/orders", status_code=201)
async def post_order(body: Order) -> Order:
    return body
