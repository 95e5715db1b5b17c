import falcon
import pytest

from restcore.util.structures import CaseInsensitiveDict, Context, ETag


def test_context_attribute_and_item_access():
    ctx = Context()
    ctx.user = "kim"
    ctx["role"] = "admin"
    assert ctx["user"] == "kim"
    assert ctx.role == "admin"
    assert "user" in ctx
    assert "nope" not in ctx
    assert ctx.get("nope") is None
    assert ctx.get("nope", 3) == 3
    assert list(ctx) == ["user", "role"]
    assert len(ctx) == 2
    assert dict(ctx.items()) == {"user": "kim", "role": "admin"}
    assert list(ctx.keys()) == ["user", "role"]
    assert list(ctx.values()) == ["kim", "admin"]
    assert ctx.pop("role") == "admin"
    assert ctx.pop("role", 5) == 5
    assert ctx.setdefault("x", 1) == 1
    assert ctx.setdefault("x", 2) == 1
    ctx.update({"y": 2})
    assert ctx.y == 2
    del ctx["y"]
    assert "y" not in ctx
    assert ctx.popitem() == ("x", 1)
    ctx.clear()
    assert len(ctx) == 0
    with pytest.raises(AttributeError):
        _ = ctx.missing


@pytest.mark.parametrize("cls", [Context, falcon.Context])
def test_context_behaves_like_falcons(cls):
    ctx = cls()
    ctx.a = 1
    copy = ctx.copy()
    assert type(copy) is cls
    assert copy == ctx
    assert copy == {"a": 1}
    assert copy != {"a": 2}
    copy.b = 2
    assert copy != ctx
    assert repr(ctx) == f"{cls.__name__}({{'a': 1}})"
    assert str(ctx) == f"{cls.__name__}({{'a': 1}})"
    with pytest.raises(TypeError):
        hash(ctx)


def test_context_subclass_copy_keeps_type():
    class Custom(Context):
        pass

    ctx = Custom()
    ctx.a = 1
    assert type(ctx.copy()) is Custom
    assert repr(ctx) == "Custom({'a': 1})"


def test_case_insensitive_dict():
    cid = CaseInsensitiveDict({"Accept": "a"}, Other="b")
    assert cid["ACCEPT"] == "a"
    assert "accept" in cid
    assert list(cid) == ["Accept", "Other"]
    cid["accept"] = "c"
    assert list(cid) == ["accept", "Other"]
    assert dict(cid.lower_items()) == {"accept": "c", "other": "b"}
    assert cid == {"ACCEPT": "c", "other": "b"}
    assert cid != {"accept": "x", "other": "b"}
    assert cid.__eq__(1) is NotImplemented
    copy = cid.copy()
    assert copy == cid
    assert copy is not cid
    del cid["OTHER"]
    assert len(cid) == 1
    assert repr(cid) == "CaseInsensitiveDict({'accept': 'c'})"
    falcon_cid = falcon.CaseInsensitiveDict({"accept": "c"})
    assert repr(falcon_cid) == repr(cid)


ETAGS = [
    '"abc"',
    'W/"abc"',
    'w/"abc"',
    "abc",
    '"',
    '""',
    'W/"',
    "W/",
    "w/x",
    '"a"b"',
    "",
]


@pytest.mark.parametrize("text", ETAGS)
def test_etag_loads_dumps_match_falcon(text):
    ours, theirs = ETag.loads(text), falcon.ETag.loads(text)
    assert str(ours) == str(theirs)
    assert ours.is_weak == theirs.is_weak
    assert ours.dumps() == theirs.dumps()


@pytest.mark.parametrize(
    ("left", "right", "strong"),
    [('"a"', '"a"', True), ('W/"a"', '"a"', False), ('"a"', '"b"', False)],
)
def test_etag_compare(left, right, strong):
    assert ETag.loads(left).strong_compare(ETag.loads(right)) is strong
    assert falcon.ETag.loads(left).strong_compare(falcon.ETag.loads(right)) is strong
    assert (ETag.loads(left) == ETag.loads(right)) == (left[-2] == right[-2])


def test_unset_is_one_enum_member_with_a_short_repr() -> None:
    import enum

    from restcore import request
    from restcore.media import multipart
    from restcore.util.structures import UNSET, UnsetType

    assert isinstance(UNSET, enum.Enum)
    assert list(UnsetType) == [UNSET]
    assert repr(UNSET) == "<UNSET>"
    assert request._UNSET is UNSET
    assert multipart._UNSET is UNSET


def test_lazy_context_on_the_class_is_the_descriptor() -> None:
    from restcore import Request
    from restcore.util.structures import LazyContext

    assert isinstance(Request.__dict__["context"], LazyContext)
    assert isinstance(Request.context, LazyContext)
