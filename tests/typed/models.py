"""Models for the typed tests (module level, so string annotations resolve)."""

from __future__ import annotations

import dataclasses
import enum
from typing import Annotated, TypedDict

import attrs
import msgspec
import pydantic


class Line(msgspec.Struct, forbid_unknown_fields=True):
    sku: str
    qty: Annotated[int, msgspec.Meta(ge=1)]


class Order(msgspec.Struct, forbid_unknown_fields=True):
    customer: str
    lines: list[Line]


@dataclasses.dataclass
class Point:
    x: int
    y: int


class Pair(TypedDict):
    left: int
    right: int


@attrs.define
class Box:
    width: int


class Person(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    name: Annotated[str, pydantic.Field(min_length=1)]
    age: Annotated[int, pydantic.Field(ge=0)]


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"
