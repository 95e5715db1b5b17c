from __future__ import annotations

import pytest

import restcore
import restcore.asgi
from restcore.asgi import reader  # noqa: F401 - extensions import submodules


@pytest.mark.parametrize("name", restcore.asgi.__all__)
def test_placeholders_import_but_refuse_use(name):
    cls = getattr(restcore.asgi, name)
    assert isinstance(cls, type)
    with pytest.raises(restcore.CompatibilityError, match="WSGI"):
        cls()


def test_placeholders_can_be_subclassed_and_checked():
    class MyApp(restcore.asgi.App):
        pass

    assert not isinstance(restcore.App(), restcore.asgi.App)
    assert issubclass(MyApp, restcore.asgi.App)
