"""Query getters on paths the scoreboard does not take, compared with Falcon."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import falcon
import falcon.testing
import pytest

import restcore
import restcore.testing

FRAMEWORKS = [restcore, falcon]


def outcome(call: Callable[[], Any]) -> Any:
    """The value returned, or the type and text of the error raised."""
    try:
        return ("value", call())
    except Exception as ex:
        return ("error", type(ex).__name__, str(getattr(ex, "description", ex)))


def both(query: str, use: Callable[[Any], Any], **kwargs: Any) -> list[Any]:
    results = []
    for framework in FRAMEWORKS:
        req = framework.testing.create_req(query_string=query, **kwargs)
        results.append(outcome(lambda req=req: use(req)))
    return results


def deep_dict_stored(req: Any) -> Any:
    store: dict[str, Any] = {}
    return req.get_param_as_dict("d", deep_object=True, store=store), store


@pytest.mark.parametrize(
    ("query", "use"),
    [
        ("a=1&b=2", lambda req: req._params),
        ("a=1", lambda req: (req.params, req.has_param("a"), req.has_param("b"))),
        ("n=5", lambda req: (req.get_param_as_int("n", store=(s := {})), s)),
        ("", lambda req: req.get_param_as_bool("flag", required=True)),
        ("x=1,2", lambda req: req.get_param_as_list("x", transform=float)),
        ("x=1&x=b", lambda req: req.get_param_as_list("x", transform=int)),
        ("", lambda req: req.get_param_as_dict("d", default={"k": "v"})),
        (
            "d[a]=1&d[b]=2",
            lambda req: (
                req.get_param_as_dict("d", deep_object=True, store=(s := {})),
                s,
            ),
        ),
        ("d=a,1,b,2", lambda req: req.get_param_as_dict("d", store=(s := {})) and s),
        ("d=a,1,b", lambda req: req.get_param_as_dict("d")),
        ("", lambda req: req.get_param_as_dict("d", deep_object=True)),
        ("j=%7B%22a%22%3A1%7D", lambda req: req.get_param_as_json("j")),
        ("", lambda req: req.get_param_as_media("m", default=7)),
        ("m=1", lambda req: req.get_param_as_media("m", media_type="text/nothing")),
    ],
)
def test_getters_match_falcon(query: str, use: Callable[[Any], Any]) -> None:
    ours, theirs = both(query, use)
    assert ours == theirs


def test_get_param_as_json_without_a_json_handler() -> None:
    results = []
    for framework in FRAMEWORKS:
        req = framework.testing.create_req(query_string="j=%5B1%2C2%5D")
        del req.options.media_handlers[framework.MEDIA_JSON]
        results.append(outcome(lambda req=req: req.get_param_as_json("j")))
    assert results[0] == results[1] == ("value", [1, 2])


@pytest.mark.filterwarnings("ignore:The RequestOptions.auto_parse_form_urlencoded")
@pytest.mark.parametrize(
    ("method", "content_type", "body"),
    [
        ("POST", "application/x-www-form-urlencoded", b"b=2&c=3"),
        ("POST", "application/x-www-form-urlencoded", b""),
        ("POST", "application/x-www-form-urlencoded", "é=1".encode()),
        ("GET", "application/x-www-form-urlencoded", b"b=2"),
        ("POST", "text/plain", b"b=2"),
        ("POST", None, b"b=2"),
    ],
)
def test_form_params_match_falcon(
    method: str, content_type: str | None, body: bytes
) -> None:
    results = []
    for framework in FRAMEWORKS:
        options = framework.RequestOptions()
        options.auto_parse_form_urlencoded = True
        errors = io.StringIO()
        headers = {} if content_type is None else {"Content-Type": content_type}
        req = framework.testing.create_req(
            options=options,
            method=method,
            query_string="a=1",
            headers=headers,
            body=body,
            wsgierrors=errors,
        )
        results.append((req.params, "Non-ASCII" in errors.getvalue()))
    assert results[0] == results[1]
