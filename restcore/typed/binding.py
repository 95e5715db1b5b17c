"""Putting adapters into a route's method table at ``add_route``.

``TypedRoutes`` is the floor an ``App(typed=True)`` holds. Before the router
sees a route it reads each responder's signature (``plan_responder``), infers
missing path converters from annotations (rewriting the template), and builds
one adapter per typed responder; the router's ``map_http_methods`` then
returns the adapters in place of the responders, so every dispatch path
reaches them. Untyped responders stay the very objects the user wrote.

Hooks: ``@before``/``@after`` wrappers are rebuilt around the adapter, so the
order stays hooks -> validation -> responder (an auth hook answers 401 before
any 400). ``jsonschema.validate`` wrappers are rebuilt the same way. Any other
decorator is called as the responder.

Seam: for the compiled router, ``App._method_table`` (called once per route
at ``add_route``) hands the route's method table to ``fill_table``; the method
map ``find`` returns and ``restcore.inspect`` shows stays the user's. A custom
router's method map is what the App runs, so its ``map_http_methods`` is
wrapped instead; a router that calls neither gets no adapters and
``add_route`` says so.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Iterable
from typing import Any

from restcore import hooks
from restcore.errors import CompatibilityError
from restcore.routing.router import CompiledRouter
from restcore.routing.template import FIELD_PATTERN
from restcore.routing.util import map_http_methods
from restcore.typed.adapter import build_adapter
from restcore.typed.engines import Engine, engines_for
from restcore.typed.signature import ResponderPlan, plan_responder

__all__ = ["TypedRoutes", "unwrap_layers"]

Responder = Callable[..., Any]
# A rebuildable layer: (kind, rebuild(inner) -> wrapper).
Layer = Callable[[Responder], Responder]
_HOOK_FILE = hooks.__file__
_HOOK_NAMES = {"do_before": hooks.before, "do_after": hooks.after}


def unwrap_layers(function: Responder) -> tuple[Responder, list[Layer]]:
    """Peel hook and jsonschema wrappers off ``function``.

    Returns:
        The innermost function and the rebuilders, outermost first.
    """
    layers: list[Layer] = []
    while True:
        layer = _hook_layer(function) or _jsonschema_layer(function)
        if layer is None:
            return function, layers
        rebuild, function = layer
        layers.append(rebuild)


def _closure(function: Any) -> dict[str, Any]:
    code = function.__code__
    cells = function.__closure__ or ()
    return {
        name: cell.cell_contents
        for name, cell in zip(code.co_freevars, cells, strict=True)
    }


def _hook_layer(function: Any) -> tuple[Layer, Responder] | None:
    code = getattr(function, "__code__", None)
    if code is None or code.co_filename != _HOOK_FILE:
        return None
    decorator = _HOOK_NAMES.get(code.co_name)
    if decorator is None:  # pragma: no cover - hooks.py has only these two
        return None
    cells = _closure(function)

    def rebuild(inner: Responder) -> Responder:
        return decorator(cells["action"], *cells["args"], **cells["kwargs"])(inner)

    return rebuild, cells["responder"]


def _jsonschema_layer(function: Any) -> tuple[Layer, Responder] | None:
    schemas = getattr(function, "__restcore_jsonschema__", None)
    if schemas is None:
        return None
    from restcore.media.validators import jsonschema

    def rebuild(inner: Responder) -> Responder:
        return jsonschema.validate(*schemas)(inner)

    return rebuild, function.__wrapped__


class TypedRoutes:
    """The typed floor of one App: plans and adapters for its routes.

    Args:
        router: The App's router.
        engines: Engines to try for models, in order, or True (the
            default: pydantic for ``BaseModel`` types, then msgspec); what
            ``App(typed=...)`` was given.

    Raises:
        TypeError: ``engines`` is not True or a sequence of engines.

    Attributes:
        plans: ``(id(resource), suffix)`` -> HTTP method -> plan, for
            ``restcore.openapi``.
    """

    def __init__(
        self,
        router: Any,
        engines: Iterable[Engine] | bool = True,
    ) -> None:
        self._engines = engines_for(engines)
        self._pending: dict[str, Responder] | None = None
        self.plans: dict[tuple[int, str | None], dict[str, ResponderPlan]] = {}
        original = getattr(router, "map_http_methods", None)
        self._map = original
        if isinstance(router, CompiledRouter):
            # The App's seam: App._method_table calls fill_table.
            self._map = self.fill_table
        elif original is not None:
            # A custom router: its method map is what the App runs.
            router.map_http_methods = self._map_with_adapters

    def fill_table(self, table: dict[str, Any]) -> dict[str, Any]:
        """Put the pending route's adapters into its method table.

        Args:
            table: The table ``App._method_table`` is building.

        Returns:
            The table.
        """
        pending = self._pending
        if pending is not None:
            table.update(pending)
            self._pending = None
        return table

    def _map_with_adapters(self, resource: object, **kwargs: Any) -> dict[str, Any]:
        original: Any = self._map
        method_map: dict[str, Any] = original(resource, **kwargs)
        pending = self._pending
        if pending is not None:
            method_map.update(pending)
            self._pending = None
        return method_map

    def before_add_route(
        self, uri_template: str, resource: object, kwargs: dict[str, Any]
    ) -> str:
        """Plan the route's responders; return the template to add.

        Args:
            uri_template: The template as given.
            resource: The resource.
            kwargs: The ``add_route`` keywords; ``typed`` is removed from it.

        Raises:
            TypeError: An annotation cannot be used.
            ValueError: A path field's annotation disagrees with its converter.
        """
        typed = bool(kwargs.pop("typed", True))
        suffix = kwargs.get("suffix")
        fields = _template_fields(uri_template)
        inferred = dict(fields)
        plans: dict[str, ResponderPlan] = {}
        adapters: dict[str, Responder] = {}
        for method, responder in map_http_methods(resource, suffix=suffix).items():
            plan, adapter = self._plan(resource, method, responder, inferred, typed)
            plans[method] = plan
            if adapter is not None:
                adapters[method] = adapter
        uri_template = _with_converters(uri_template, fields, inferred)
        self.plans[id(resource), suffix] = plans
        if adapters:
            if self._map is None:
                raise CompatibilityError(
                    "typed responders need a router with map_http_methods()"
                )
            self._pending = adapters
        return uri_template

    def after_add_route(self) -> None:
        """Check the router took the adapters.

        Raises:
            CompatibilityError: The router did not call ``map_http_methods``.
        """
        if self._pending is not None:
            self._pending = None
            raise CompatibilityError(
                "the router did not call map_http_methods(), so typed responders "
                "cannot be installed; add the route with typed=False"
            )

    def _plan(
        self,
        resource: object,
        method: str,
        responder: Any,
        path_fields: dict[str, str | None],
        typed: bool,
    ) -> tuple[ResponderPlan, Responder | None]:
        function = getattr(responder, "__func__", responder)
        inner, layers = unwrap_layers(function)
        if not typed or function is responder:
            # Recorded for OpenAPI only; the responder stays as written.
            return ResponderPlan(inner, function), None
        label = f"{type(resource).__name__}.{function.__name__}"
        plan = plan_responder(inner, function, path_fields, self._engines, label)
        if not plan.is_typed:
            return plan, None
        adapter = build_adapter(plan, label)
        for rebuild in reversed(layers):
            adapter = rebuild(adapter)
        return plan, types.MethodType(adapter, resource)


def _template_fields(uri_template: str) -> dict[str, str | None]:
    """Return the template's field names and converter names.

    PERF: read with the template grammar alone; the router parses the
    template (and instantiates its converters) right after, and raises for a
    malformed one.
    """
    return {
        match["fname"]: match["cname"] or None
        for match in FIELD_PATTERN.finditer(uri_template)
    }


def _with_converters(
    uri_template: str,
    fields: dict[str, str | None],
    inferred: dict[str, str | None],
) -> str:
    """Write inferred converters into the template's bare ``{name}`` fields."""
    added = {
        name: converter
        for name, converter in inferred.items()
        if fields[name] is None and converter is not None
    }
    if not added:
        return uri_template

    def replace(match: re.Match[str]) -> str:
        name = match["fname"]
        if name in added and match["cname_sep"] is None:
            return "{" + name + ":" + str(added[name]) + "}"
        return match[0]

    return FIELD_PATTERN.sub(replace, uri_template)
