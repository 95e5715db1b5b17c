"""req.context / resp.context are created on first read, from context_type."""

from __future__ import annotations

import pytest

import restcore
import restcore.testing


def make(kind):
    if kind == "req":
        return restcore.testing.create_req()
    return restcore.Response()


@pytest.mark.parametrize("kind", ["req", "resp"])
def test_context_is_created_on_first_read(kind):
    obj = make(kind)
    assert "context" not in getattr(obj, "__dict__", {})
    context = obj.context
    assert isinstance(context, restcore.Context)
    assert obj.context is context
    context.user = "ada"
    assert obj.context.user == "ada"


@pytest.mark.parametrize("kind", ["req", "resp"])
def test_context_can_be_replaced(kind):
    obj = make(kind)
    obj.context = {"a": 1}
    assert obj.context == {"a": 1}


def test_context_type_is_honoured():
    class DictRequest(restcore.Request):
        context_type = dict

    class DictResponse(restcore.Response):
        context_type = dict

    req = DictRequest(restcore.testing.create_environ())
    assert type(req.context) is dict
    assert type(DictResponse().context) is dict


def test_each_request_gets_its_own_context():
    first, second = make("req"), make("req")
    first.context.x = 1
    assert not hasattr(second.context, "x")
