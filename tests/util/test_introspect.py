import asyncio
import functools
import os
import warnings

import falcon.util
import falcon.util.misc
import pytest

import restcore.util
from restcore.util import deprecation, filename, introspect, misc, sync


def test_util_all_matches_falcon():
    assert sorted(restcore.util.__all__) == sorted(falcon.util.__all__)
    for name in restcore.util.__all__:
        assert hasattr(restcore.util, name)
    assert restcore.util.IS_64_BITS is falcon.util.IS_64_BITS
    assert restcore.util.http_cookies is falcon.util.http_cookies
    assert restcore.util.PYTHON_VERSION == falcon.util.PYTHON_VERSION
    for module in ("mediatypes", "misc", "structures", "time", "uri", "reader", "sync"):
        assert hasattr(restcore.util, module)


def test_misc_alias_matches_falcon():
    assert sorted(misc.__all__) == sorted(falcon.util.misc.__all__)
    assert misc.secure_filename is filename.secure_filename


FILENAMES = [
    "Bold Digit \U0001d7cf",
    "\u00c5ngstr\u00f6m unit physics.pdf",
    ".hidden",
    "..",
    "a/b\\c.txt",
    "CON",
    "con.txt",
    "normal-file_1.tar.gz",
    "\u4e2d\u6587.txt",
    " spaces ",
]


@pytest.mark.parametrize("name", FILENAMES)
@pytest.mark.parametrize("max_length", [None, 1, 5, 10, 19])
def test_secure_filename_matches_falcon(name, max_length):
    expected = falcon.util.secure_filename(name, max_length)
    assert filename.secure_filename(name, max_length) == expected


@pytest.mark.parametrize(("name", "max_length"), [("", None), ("abcdef", -1)])
def test_secure_filename_errors(name, max_length):
    with pytest.raises(ValueError, match=r"filename|max_length"):
        filename.secure_filename(name, max_length)


@pytest.mark.skipif(os.name == "nt", reason="POSIX branch")
def test_device_names_only_escaped_on_windows(monkeypatch):
    assert filename.secure_filename("CON.txt") == "CON.txt"
    # The platform is read per call, so that patching os.name (as Falcon's own
    # tests do, through falcon.util.misc.os) takes effect.
    monkeypatch.setattr(filename.os, "name", "nt")
    assert filename.secure_filename("con.txt") == "_con.txt"
    assert filename.secure_filename("con .txt") == "con_.txt"
    assert filename.secure_filename("COM1") == "_COM1"
    assert filename.secure_filename("COM0") == "COM0"


class Resource:
    def on_get(self, req, resp, *args, name, **kwargs):
        pass


def plain(a, b=1, *args, c, **kwargs):
    pass


@pytest.mark.parametrize(
    "func",
    [plain, Resource.on_get, Resource().on_get, functools.partial(plain, 1), len],
)
def test_get_argnames_matches_falcon(func):
    try:
        expected = falcon.util.get_argnames(func)
    except ValueError:
        with pytest.raises(ValueError, match="signature"):
            introspect.get_argnames(func)
    else:
        assert introspect.get_argnames(func) == expected


def test_has_arg_name():
    assert introspect.has_arg_name(plain, "c")
    assert not introspect.has_arg_name(plain, "kwargs")


@pytest.mark.parametrize(
    "func", [plain, Resource().on_get, Resource.on_get, len, str.upper, 3]
)
def test_is_python_func_matches_falcon(func):
    assert introspect.is_python_func(func) == falcon.util.is_python_func(func)


def test_get_bound_method():
    resource = Resource()
    assert introspect.get_bound_method(resource, "on_get") == resource.on_get
    assert introspect.get_bound_method(resource, "on_put") is None
    with pytest.raises(AttributeError, match="__self__"):
        introspect.get_bound_method(Resource, "on_get")


def test_deprecated_messages_match_falcon():
    def old():
        return 1

    for module in (deprecation, falcon.util.deprecation):
        with pytest.warns(module.DeprecatedWarning) as record:
            assert module.deprecated("Use new().")(old)() == 1
        assert str(record[0].message) == (
            "Call to deprecated function old(...). Use new()."
        )
        with pytest.warns(module.DeprecatedWarning) as record:
            module.deprecated("Gone.", is_property=True, method_name="prop")(old)()
        assert str(record[0].message) == "Call to deprecated property prop. Gone."


@pytest.mark.parametrize("allowed", [0, 1])
def test_deprecated_args_matches_falcon(allowed):
    messages = []
    for module in (deprecation, falcon.util.deprecation):

        class Thing:
            @module.deprecated_args(allowed_positional=allowed)
            def method(self, a=None, b=None):
                return a, b

        assert Thing().method(a=1, b=2) == (1, 2)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            Thing().method(*[1] * allowed)
        with pytest.warns(module.DeprecatedWarning) as record:
            assert Thing().method(1, 2) == (1, 2)
        messages.append(str(record[0].message))
    assert messages[0] == messages[1]
    assert issubclass(deprecation.AttributeRemovedError, AttributeError)


def test_sync_helpers():
    async def add(a, b):
        return a + b

    assert sync.async_to_sync(add, 1, 2) == 3
    assert sync.runs_sync(add)(2, 3) == 5

    async def run():
        wrapped = sync.wrap_sync_to_async(lambda x: x * 2)
        serial = sync.wrap_sync_to_async(lambda x: x * 3, threadsafe=False)
        unsafe = sync.wrap_sync_to_async_unsafe(lambda x: x + 1)
        direct = await sync.sync_to_async(max, 1, 7)
        return await wrapped(2), await serial(2), await unsafe(2), direct

    assert asyncio.run(run()) == (4, 6, 3, 7)


def test_sync_deprecated_aliases():
    async def run():
        with pytest.warns(deprecation.DeprecatedWarning):
            loop = sync.get_running_loop()
        return loop is asyncio.get_running_loop()

    assert sync.async_to_sync(run)


def test_has_arg_name_on_an_unhashable_callable() -> None:
    from restcore.util.introspect import has_arg_name

    class Unhashable:
        __hash__ = None

        def __call__(self, req: object, resp: object) -> None:
            pass

    assert has_arg_name(Unhashable(), "resp")
    assert not has_arg_name(Unhashable(), "other")
