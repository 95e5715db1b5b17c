"""Start-up hook that makes ``import falcon`` give restcore (opt-in, no code change).

``python -m restcore.compat --install-pth`` copies this file into the
environment's site-packages as ``_restcore_falcon_alias.py``, next to a
``restcore-falcon-alias.pth`` that imports it when the interpreter starts. It
imports nothing from restcore until something imports ``falcon``: start-up
stays as fast as without it. See docs/compat.md.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any


class RestcoreFalconAlias:
    """A meta-path finder that hands ``falcon`` imports over to restcore."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None = None,
        target: ModuleType | None = None,
    ) -> Any:
        """Install restcore's alias finder on the first ``falcon`` import."""
        if fullname != "falcon" and not fullname.startswith("falcon."):
            return None
        sys.meta_path.remove(self)
        from restcore.compat import install_falcon_alias_hook

        return install_falcon_alias_hook().find_spec(fullname, path, target)


def install() -> None:
    """Put the finder first on ``sys.meta_path``.

    Raises:
        RuntimeError: The real Falcon is already imported (refuse loudly
            rather than mix the two).
    """
    if "falcon" in sys.modules and not getattr(
        sys.modules["falcon"], "__restcore_alias__", False
    ):
        raise RuntimeError(
            "restcore-falcon-alias.pth: the real falcon package is already "
            "imported; restcore cannot stand in for it"
        )
    if not any(isinstance(f, RestcoreFalconAlias) for f in sys.meta_path):
        sys.meta_path.insert(0, RestcoreFalconAlias())


install()
