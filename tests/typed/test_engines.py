"""A user's own engine through App(typed=[...]): a toy type only it supports."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

import msgspec
import pytest

import restcore
from restcore.testing import TestClient
from restcore.typed import Query, responds
from restcore.typed.engines import (
    MsgspecEngine,
    PydanticEngine,
    default_engines,
    engines_for,
    json_pointer,
)

_MONEY = re.compile(r"(?P<units>\d+)\.(?P<cents>\d\d) (?P<currency>[A-Z]{3})")


class Money:
    """An amount, as ``"12.34 EUR"`` on the wire; msgspec cannot read it."""

    def __init__(self, cents: int, currency: str) -> None:
        self.cents = cents
        self.currency = currency

    def __str__(self) -> str:
        return f"{self.cents // 100}.{self.cents % 100:02d} {self.currency}"


class MoneyError(Exception):
    def __init__(self, detail: str, where: Sequence[object] = ()) -> None:
        super().__init__(detail)
        self.where = list(where)


class MoneyEngine:
    name = "money"

    def __init__(self) -> None:
        self.schema_calls: list[list[Any]] = []

    def supports(self, tp: Any) -> bool:
        return tp is Money

    def converter(self, tp: Any) -> Callable[[Any], Any]:
        def convert(value: Any) -> Money:
            if not isinstance(value, dict) or set(value) != {"amount"}:
                raise MoneyError("Expected an object with one field, amount")
            match = _MONEY.fullmatch(str(value["amount"]))
            if match is None:
                raise MoneyError("Expected an amount such as 12.34 EUR", ["amount"])
            cents = int(match["units"]) * 100 + int(match["cents"])
            return Money(cents, match["currency"])

        return convert

    def decoder(self, tp: Any) -> Callable[[bytes], Any]:
        convert = self.converter(tp)

        def decode(raw: bytes) -> Any:
            try:
                value = json.loads(raw)
            except ValueError:
                raise MoneyError("Not JSON") from None
            return convert(value)

        return decode

    def encoder(self, tp: Any) -> Callable[[Any], bytes]:
        return lambda money: json.dumps({"amount": str(money)}).encode()

    def schemas(
        self, types: Sequence[Any], ref_template: str
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        self.schema_calls.append(list(types))
        component = {
            "type": "object",
            "properties": {"amount": {"type": "string", "pattern": _MONEY.pattern}},
            "required": ["amount"],
        }
        ref = {"$ref": ref_template.format(name="Money")}
        return [dict(ref) for _ in types], {"Money": component}

    def errors(self, ex: Exception) -> list[dict[str, str]]:
        assert isinstance(ex, MoneyError)
        return [{"pointer": json_pointer(ex.where), "detail": str(ex)}]

    def error_types(self) -> tuple[type[Exception], ...]:
        return (MoneyError,)


class Tip(msgspec.Struct):
    percent: int


class PriceResource:
    @responds(201)
    def on_post(self, req: Any, resp: Any, body: Money, times: Query[int] = 1) -> Money:
        """Multiply a price."""
        return Money(body.cents * times, body.currency)


class TipResource:
    def on_post(self, req: Any, resp: Any, body: Tip) -> Tip:
        """A msgspec model beside the toy engine's."""
        return Tip(body.percent * 2)


def _client(engine: MoneyEngine) -> TestClient:
    app = restcore.App(typed=[engine, *default_engines()])
    app.add_route("/price", PriceResource())
    app.add_route("/tip", TipResource())
    app.add_openapi_route("/openapi.json")
    return TestClient(app)


def test_the_engine_reads_the_body_and_writes_the_response() -> None:
    client = _client(MoneyEngine())
    result = client.simulate_post(
        "/price", json={"amount": "2.50 EUR"}, params={"times": "3"}
    )
    assert result.status_code == 201
    assert result.json == {"amount": "7.50 EUR"}
    # The default engines still serve the other models of the app.
    assert client.simulate_post("/tip", json={"percent": 5}).json == {"percent": 10}


def test_the_engine_reads_parsed_media_with_its_converter() -> None:
    client = _client(MoneyEngine())
    result = client.simulate_post(
        "/price",
        body="amount=1.00+USD",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert result.status_code == 201, result.text
    assert result.json == {"amount": "1.00 USD"}


@pytest.mark.parametrize(
    ("body", "pointer", "detail"),
    [
        ({"amount": "12 EUR"}, "#/amount", "Expected an amount such as 12.34 EUR"),
        ({"price": "1.00 EUR"}, "#", "Expected an object with one field, amount"),
        ("1.00 EUR", "#", "Expected an object with one field, amount"),
    ],
)
def test_its_errors_are_400_entries_beside_parameter_errors(
    body: Any, pointer: str, detail: str
) -> None:
    client = _client(MoneyEngine())
    result = client.simulate_post("/price", json=body, params={"times": "x"})
    assert result.status_code == 400
    assert result.json["errors"] == [
        {"in": "query", "name": "times", "detail": "Expected `int`, got `str`"},
        {"in": "body", "pointer": pointer, "detail": detail},
    ]


def test_malformed_json_is_its_error_too() -> None:
    result = _client(MoneyEngine()).simulate_post(
        "/price", body=b"{", headers={"Content-Type": "application/json"}
    )
    assert result.status_code == 400
    assert result.json["errors"] == [
        {"in": "body", "pointer": "#", "detail": "Not JSON"}
    ]


def test_its_schemas_are_in_the_document() -> None:
    engine = MoneyEngine()
    document = _client(engine).simulate_get("/openapi.json").json
    operation = document["paths"]["/price"]["post"]
    ref = {"$ref": "#/components/schemas/Money"}
    assert operation["requestBody"]["content"]["application/json"]["schema"] == ref
    assert operation["responses"]["201"]["content"]["application/json"]["schema"] == ref
    schemas = document["components"]["schemas"]
    assert schemas["Money"]["properties"]["amount"]["pattern"] == _MONEY.pattern
    assert "Tip" in schemas  # msgspec's, in the same components
    assert engine.schema_calls
    assert all(types == [Money] * len(types) for types in engine.schema_calls)


def test_without_the_engine_the_type_is_refused_at_add_route() -> None:
    app = restcore.App(typed=True)
    with pytest.raises(TypeError, match="unsupported type"):
        app.add_route("/price", PriceResource())


def test_engines_are_tried_in_order() -> None:
    class TipEngine(MoneyEngine):
        name = "tip"

        def supports(self, tp: Any) -> bool:
            return tp is Tip

        def decoder(self, tp: Any) -> Callable[[bytes], Any]:
            return lambda raw: Tip(json.loads(raw)["percent"] + 100)

        def encoder(self, tp: Any) -> Callable[[Any], bytes]:
            return lambda tip: json.dumps({"tip": tip.percent}).encode()

    first = restcore.App(typed=(TipEngine(), MsgspecEngine()))
    first.add_route("/tip", TipResource())
    answer = TestClient(first).simulate_post("/tip", json={"percent": 1})
    assert answer.json == {"tip": 202}
    last = restcore.App(typed=[MsgspecEngine(), TipEngine()])
    last.add_route("/tip", TipResource())
    assert TestClient(last).simulate_post("/tip", json={"percent": 1}).json == {
        "percent": 2
    }


def test_true_and_false() -> None:
    assert restcore.App(typed=False)._typed_routes is None
    engines = engines_for(True)
    assert [type(engine) for engine in engines] == [PydanticEngine, MsgspecEngine]
    assert engines_for(iter([MoneyEngine()]))[0].name == "money"


class NotAnEngine:
    name = "half"

    def supports(self, tp: Any) -> bool:
        return False


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (None, "takes True, False or a sequence of engines, not None"),
        (1, "not 1"),
        ("msgspec", "not 'msgspec'"),
        ({"engine": MoneyEngine()}, "not {'engine'"),
        ([], "not an empty one"),
        ([object()], "lacks name, supports, decoder, converter, encoder"),
        (
            [MoneyEngine(), NotAnEngine()],
            "lacks decoder, converter, encoder, schemas, errors, error_types$",
        ),
        ([MsgspecEngine], r"MsgspecEngine is a class; pass an instance \(Msgs"),
    ],
)
def test_bad_values_raise_type_error_at_app_construction(
    typed: Any, message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        restcore.App(typed=typed)
