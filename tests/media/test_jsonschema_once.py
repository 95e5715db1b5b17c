"""The jsonschema decorator builds its validator once and behaves as Falcon's."""

from __future__ import annotations

from typing import Any

import falcon
import falcon.media.validators.jsonschema
import falcon.testing
import jsonschema as jsonschema_library
import pytest

import restcore
import restcore.testing
from restcore.media.validators import jsonschema

ORDER_SCHEMA = {
    "type": "object",
    "required": ["customer", "lines"],
    "properties": {
        "customer": {"type": "string", "minLength": 1},
        "email": {"type": "string", "format": "email"},
        "lines": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["qty"],
                "properties": {"qty": {"type": "integer", "minimum": 1}},
            },
        },
    },
}
RESPONSE_SCHEMA = {"type": "object", "required": ["ok"]}
BAD_SCHEMA = {"type": "no-such-type"}


def _resource(module: Any, req_schema: Any, resp_schema: Any) -> Any:
    class Resource:
        @module.validate(req_schema=req_schema, resp_schema=resp_schema)
        def on_post(self, req: Any, resp: Any) -> None:
            media = req.get_media()
            resp.media = {"ok": 1} if media.get("customer") != "bad-resp" else {}

    return Resource()


MEDIA = [
    {"customer": "a", "lines": [{"qty": 1}]},
    {"customer": "", "lines": []},
    {"customer": "a", "lines": [{"qty": 0}]},
    {"customer": "a"},
    {"customer": "a", "lines": [], "email": "not-an-email"},
    {"customer": "bad-resp", "lines": []},
    [1, 2],
]


@pytest.mark.parametrize("media", MEDIA)
@pytest.mark.parametrize("schema", [ORDER_SCHEMA, BAD_SCHEMA])
def test_same_answers_as_falcon(media: Any, schema: Any) -> None:
    ours = restcore.App()
    ours.add_route("/o", _resource(jsonschema, schema, RESPONSE_SCHEMA))
    theirs = falcon.App()
    theirs.add_route(
        "/o", _resource(falcon.media.validators.jsonschema, schema, RESPONSE_SCHEMA)
    )
    if not isinstance(media, dict):
        schema = ORDER_SCHEMA
    ours_result = restcore.testing.simulate_post(ours, "/o", json=media)
    theirs_result = falcon.testing.simulate_post(theirs, "/o", json=media)
    assert ours_result.status_code == theirs_result.status_code
    assert ours_result.json == theirs_result.json


def test_schema_is_checked_once_per_decorated_responder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = []
    validator_class = jsonschema_library.validators.validator_for(ORDER_SCHEMA)
    original = validator_class.check_schema

    def counting(schema: Any, *args: Any, **kwargs: Any) -> None:
        calls.append(schema)
        original(schema, *args, **kwargs)

    monkeypatch.setattr(validator_class, "check_schema", counting)
    app = restcore.App()
    app.add_route("/o", _resource(jsonschema, ORDER_SCHEMA, None))
    for _ in range(3):
        restcore.testing.simulate_post(app, "/o", json=MEDIA[0])
    assert calls == [ORDER_SCHEMA]


def test_decorator_records_its_schemas() -> None:
    resource = _resource(jsonschema, ORDER_SCHEMA, RESPONSE_SCHEMA)
    assert type(resource).on_post.__restcore_jsonschema__ == (
        ORDER_SCHEMA,
        RESPONSE_SCHEMA,
    )


def test_async_responders_are_validated_too() -> None:
    import asyncio

    class Req:
        async def get_media(self) -> Any:
            return {"customer": ""}

    class Resp:
        media: Any = {}

    @jsonschema.validate(req_schema=ORDER_SCHEMA, resp_schema=RESPONSE_SCHEMA)
    async def on_post(self: Any, req: Any, resp: Any) -> None:
        resp.media = {"ok": 1}

    with pytest.raises(restcore.errors.MediaValidationError):
        asyncio.run(on_post(None, Req(), Resp()))

    @jsonschema.validate(resp_schema=RESPONSE_SCHEMA)
    async def on_get(self: Any, req: Any, resp: Any) -> str:
        resp.media = {"ok": 1}
        return "done"

    assert asyncio.run(on_get(None, Req(), Resp())) == "done"
