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

__all__ = [
    "install_falcon_alias",
    "install_falcon_alias_hook",
    "uninstall_falcon_alias",
]

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


class _TopLoader(importlib.abc.Loader):
    """Loads ``falcon`` itself as the alias module (the import hook's path)."""

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _build_alias()

    def exec_module(self, module: types.ModuleType) -> None:
        """Run nothing: the alias is complete."""


class _AliasFinder(importlib.abc.MetaPathFinder):
    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname == _ALIAS:
            return importlib.machinery.ModuleSpec(_ALIAS, _TopLoader(), is_package=True)
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
    existing = _refuse_real_falcon()
    if existing is not None:
        return existing
    alias = _build_alias()
    sys.modules[_ALIAS] = alias
    _add_finder()
    return alias


def install_falcon_alias_hook() -> importlib.abc.MetaPathFinder:
    """Install only the import hook: the first ``import falcon`` builds the alias.

    Used by the ``.pth`` hook (``python -m restcore.compat --install-pth``),
    which runs at interpreter start-up, before any package imports ``falcon``.

    Returns:
        The finder that resolves ``falcon`` and ``falcon.*`` to restcore.

    Raises:
        RuntimeError: The real Falcon is already imported in this process.
    """
    _refuse_real_falcon()
    return _add_finder()


def _refuse_real_falcon() -> types.ModuleType | None:
    existing = sys.modules.get(_ALIAS)
    if existing is not None and not getattr(existing, "__restcore_alias__", False):
        raise RuntimeError(
            f"the real falcon package is already imported (from "
            f"{getattr(existing, '__file__', '?')}): the restcore alias cannot "
            "replace it; install the alias before anything imports falcon"
        )
    return existing


def _add_finder() -> importlib.abc.MetaPathFinder:
    for finder in sys.meta_path:
        if isinstance(finder, _AliasFinder):
            return finder
    finder = _AliasFinder()
    sys.meta_path.insert(0, finder)
    return finder


def _build_alias() -> types.ModuleType:
    import restcore

    alias = types.ModuleType(_ALIAS, restcore.__doc__)
    alias.__dict__.update(
        {key: value for key, value in vars(restcore).items() if key != "__spec__"}
    )
    alias.__dict__["__name__"] = _ALIAS
    alias.__dict__["__version__"] = FALCON_API_VERSION
    alias.__dict__["__restcore_alias__"] = True
    alias.__path__ = []  # a package, so that submodule imports reach the finder
    return alias


def uninstall_falcon_alias() -> None:
    """Remove the alias and any ``falcon.*`` modules it provided."""
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _AliasFinder)]
    for name in [n for n in sys.modules if n == _ALIAS or n.startswith(_ALIAS + ".")]:
        if getattr(sys.modules[name], "__restcore_alias__", False) or name != _ALIAS:
            del sys.modules[name]


_PTH_NAME = "restcore-falcon-alias.pth"
_HOOK_NAME = "_restcore_falcon_alias"


def install_pth(site_dir: str | None = None) -> list[str]:
    """Install the start-up hook into `site_dir` (default: this environment's).

    Afterwards every interpreter of that environment resolves ``import falcon``
    to restcore, in third-party packages too, with no change to the app.

    Args:
        site_dir: A site-packages directory (one that ``site`` scans for
            ``.pth`` files).

    Returns:
        The paths written.
    """
    import pathlib
    import sysconfig

    target = pathlib.Path(site_dir or sysconfig.get_path("purelib"))
    source = pathlib.Path(__file__).with_name("_falcon_pth_hook.py")
    hook = target / f"{_HOOK_NAME}.py"
    pth = target / _PTH_NAME
    hook.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    pth.write_text(f"import {_HOOK_NAME}\n", encoding="utf-8")
    return [str(pth), str(hook)]


def uninstall_pth(site_dir: str | None = None) -> list[str]:
    """Remove what :func:`install_pth` wrote; return the paths removed."""
    import pathlib
    import sysconfig

    target = pathlib.Path(site_dir or sysconfig.get_path("purelib"))
    removed = []
    for path in (target / _PTH_NAME, target / f"{_HOOK_NAME}.py"):
        if path.exists():
            path.unlink()
            removed.append(str(path))
    return removed


def main(argv: list[str] | None = None) -> int:
    """``python -m restcore.compat --install-pth|--uninstall-pth [SITE_DIR]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m restcore.compat")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--install-pth", action="store_true")
    action.add_argument("--uninstall-pth", action="store_true")
    parser.add_argument("site_dir", nargs="?")
    args = parser.parse_args(argv)
    done = (install_pth if args.install_pth else uninstall_pth)(args.site_dir)
    print("\n".join(done) or "nothing to remove")
    return 0


if __name__ == "__main__":
    sys.exit(main())
