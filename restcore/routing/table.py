"""The method table of a route: what the App runs for each request method.

A route added to the compiled router gets its table once, at ``add_route``,
from the method map Falcon's rules build (``routing.util``: the resource's
responders, the default OPTIONS responder, 405 for the methods it lacks, or
``on_request`` when the options say so). The table is that map with one
change: meta methods (``WEBSOCKET``, which only ASGI may use) map to their
refusal, a 400, as Falcon's App refuses them. A method outside
``constants.COMBINED_METHODS`` is in no table and gets ``bad_request`` (400).

Every dispatch path looks a request's method up the same way, once: the
dispatcher of an App without middleware, the generated middleware pipeline,
the dependent-middleware loop and (from the maps a custom router returns)
``responder_for``. Floors that change what a method runs (typed responders)
change the map before the table is built: see ``App._finish_method_map``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

from restcore import constants
from restcore.errors import HTTPBadRequest
from restcore.responders import bad_request
from restcore.routing.util import Responder

__all__ = ("method_table", "refuse_meta_method", "responder_for")


def refuse_meta_method(req: Any, resp: Any, **kwargs: Any) -> NoReturn:
    """Refuse WEBSOCKET, a method only the ASGI protocol may use (400)."""
    raise HTTPBadRequest()


def method_table(method_map: Mapping[str, Responder]) -> dict[str, Responder]:
    """Return the final table of a route from its method map.

    Args:
        method_map: Method -> responder, with the defaults already set.

    Returns:
        A new dict: the map, with every meta method refused.
    """
    table = dict(method_map)
    for method in constants._META_METHODS:
        table[method] = refuse_meta_method
    return table


def responder_for(table: Mapping[str, Responder], method: str) -> Responder:
    """Return what runs for ``method``: its entry, else ``bad_request``.

    The generated dispatchers inline the same rule (a subscript, and
    ``bad_request`` on ``KeyError``).
    """
    try:
        return table[method]
    except KeyError:
        return bad_request
