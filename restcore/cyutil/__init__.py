"""Falcon's ``falcon.cyutil`` package path.

In Falcon it holds the Cython speedups (``misc``, ``reader``, ``uri``), which
exist only in compiled builds. restcore has no compiled extensions: like a
pure-Python Falcon install, this package is empty.
"""

__all__: list[str] = []
