"""Opt-in alias that lets code doing ``import falcon`` run on restcore.

Call :func:`install_falcon_alias` before anything imports ``falcon`` (or set
``RESTCORE_AS_FALCON=1`` and ``import restcore``). Afterwards ``import falcon``
gives a module with restcore's names that reports Falcon's API level
(``falcon.__version__ == '4.4.0'``), and ``import falcon.x.y`` gives
``restcore.x.y``. See docs/compat.md.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
from collections.abc import Sequence

from restcore.version import FALCON_API_VERSION

__all__ = ["install_falcon_alias", "uninstall_falcon_alias"]

_ALIAS = "falcon"
_TARGET = "restcore"


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target: str) -> None:
        self._target = target
        self._original: dict[str, object] = {}

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = importlib.import_module(self._target)
        self._original = {"__spec__": module.__spec__, "__loader__": module.__loader__}
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        """Run nothing (the target already ran); undo the import system's relabel."""
        vars(module).update(self._original)


class _AliasFinder(importlib.abc.MetaPathFinder):
    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if not fullname.startswith(_ALIAS + "."):
            return None
        real_name = _TARGET + fullname[len(_ALIAS) :]
        if importlib.util.find_spec(real_name) is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(real_name))


def install_falcon_alias() -> types.ModuleType:
    """Make ``import falcon`` (and its submodules) resolve to restcore.

    Returns:
        The ``falcon`` alias module.

    Raises:
        RuntimeError: The real Falcon is already imported in this process.
    """
    existing = sys.modules.get(_ALIAS)
    if existing is not None:
        if getattr(existing, "__restcore_alias__", False):
            return existing
        raise RuntimeError("the real falcon package is already imported")
    import restcore

    alias = types.ModuleType(_ALIAS, restcore.__doc__)
    alias.__dict__.update(
        {key: value for key, value in vars(restcore).items() if key != "__spec__"}
    )
    alias.__dict__["__name__"] = _ALIAS
    alias.__dict__["__version__"] = FALCON_API_VERSION
    alias.__dict__["__restcore_alias__"] = True
    alias.__path__ = []  # a package, so that submodule imports reach the finder
    sys.modules[_ALIAS] = alias
    if not any(isinstance(finder, _AliasFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _AliasFinder())
    return alias


def uninstall_falcon_alias() -> None:
    """Remove the alias and any ``falcon.*`` modules it provided."""
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _AliasFinder)]
    for name in [n for n in sys.modules if n == _ALIAS or n.startswith(_ALIAS + ".")]:
        if getattr(sys.modules[name], "__restcore_alias__", False) or name != _ALIAS:
            del sys.modules[name]
