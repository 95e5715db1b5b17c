"""Falcon's ``falcon.cyutil`` paths (its Cython speedups).

restcore has no compiled extensions: these modules name restcore's own
implementations, so code that imports the Cython variants gets those.
"""

from restcore.cyutil import misc, reader, uri

__all__: list[str] = []

_SUBMODULES = (misc, reader, uri)
