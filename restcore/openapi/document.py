"""Building the OpenAPI 3.1 document of an App.

Routes come from ``restcore.inspect.inspect_routes`` (so a custom router
registered with ``inspect.register_router`` is documented too; for the
built-in router, from the routes the App recorded at ``add_route``, which is
the same list without source-file lookups) and their parameters from the
template parser; responders are found on the resources
the App recorded at ``add_route``. Typed responders add their plans
(``restcore.typed``); ``jsonschema.validate`` adds its schemas. Schemas of
models go to ``components/schemas``, one ``schemas()`` call per engine.

Deterministic: the same app gives the same document, key for key.
"""

from __future__ import annotations

import inspect as pyinspect
import re
from collections.abc import Callable, Iterable
from typing import Any

from restcore import inspect as restcore_inspect
from restcore.routing import converters as converters_module
from restcore.routing.router import CompiledRouter
from restcore.routing.template import Field, parse_template
from restcore.routing.util import map_http_methods

__all__ = ["build_document", "converter_schema"]

REF_TEMPLATE = "#/components/schemas/{name}"
_VALIDATION_ERROR = {
    "type": "object",
    "required": ["title", "errors"],
    "properties": {
        "title": {"type": "string"},
        "description": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["in", "detail"],
                "properties": {
                    "in": {
                        "enum": ["query", "header", "cookie", "path", "body"],
                    },
                    "name": {"type": "string"},
                    "pointer": {"type": "string"},
                    "detail": {"type": "string"},
                },
            },
        },
    },
}
_ERROR = {
    "type": "object",
    "required": ["title"],
    "properties": {"title": {"type": "string"}, "description": {"type": "string"}},
}
_DEFAULT_DT = "%Y-%m-%dT%H:%M:%S%z"
_NOT_WORD = re.compile(r"[^A-Za-z0-9]+")


def _int_schema(converter: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer"}
    if converter._min is not None:
        schema["minimum"] = converter._min
    if converter._max is not None:
        schema["maximum"] = converter._max
    if converter._num_digits is not None:
        schema["description"] = f"exactly {converter._num_digits} digits"
    return schema


def _datetime_schema(converter: Any) -> dict[str, Any]:
    if converter._format_string == _DEFAULT_DT:
        return {"type": "string", "format": "date-time"}
    return {"type": "string", "description": f"strptime {converter._format_string}"}


_CONVERTER_SCHEMAS: dict[type, Callable[[Any], dict[str, Any]]] = {
    converters_module.IntConverter: _int_schema,
    converters_module.FloatConverter: lambda converter: {"type": "number"},
    converters_module.UUIDConverter: lambda converter: {
        "type": "string",
        "format": "uuid",
    },
    converters_module.DateTimeConverter: _datetime_schema,
    converters_module.RegexConverter: lambda converter: {
        "type": "string",
        "pattern": f"^(?:{converter._pattern.pattern})$",
    },
    converters_module.PathConverter: lambda converter: {
        "type": "string",
        "description": "the rest of the path; may contain '/'",
        "x-restcore-path": True,
    },
}


def converter_schema(converter: Any) -> dict[str, Any]:
    """Return the JSON Schema of a path field's converter (``string`` if none)."""
    own = getattr(converter, "openapi_schema", None)
    if own is not None:
        return dict(own)
    for converter_class, schema_of in _CONVERTER_SCHEMAS.items():
        if isinstance(converter, converter_class):
            return schema_of(converter)
    return {"type": "string"}


def _status_code(error: Any) -> str:
    status = getattr(error, "status", "500")
    return str(status).split(" ", 1)[0]


def _docstring(function: Any) -> tuple[str | None, str | None]:
    text = pyinspect.getdoc(function)
    if not text:
        return None, None
    summary, _, rest = text.partition("\n")
    return summary.strip(), rest.strip() or None


class _Schemas:
    """Collects types per engine, then asks each engine once."""

    def __init__(self) -> None:
        self._requests: list[tuple[Any, Any, dict[str, Any]]] = []

    def schema_of(self, engine: Any, annotation: Any) -> dict[str, Any]:
        """Return a placeholder dict filled by ``resolve()``."""
        target: dict[str, Any] = {}
        self._requests.append((engine, annotation, target))
        return target

    def resolve(self) -> dict[str, Any]:
        components: dict[str, Any] = {}
        engines: dict[int, tuple[Any, list[tuple[Any, dict[str, Any]]]]] = {}
        for engine, annotation, target in self._requests:
            engines.setdefault(id(engine), (engine, []))[1].append((annotation, target))
        for engine, items in engines.values():
            schemas, shared = engine.schemas(
                [annotation for annotation, _ in items], REF_TEMPLATE
            )
            for (_, target), schema in zip(items, schemas, strict=True):
                target.update(schema)
            components.update(shared)
        return components


class _Builder:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.schemas = _Schemas()
        self.operation_ids: set[str] = set()
        router = app._router
        options = getattr(router, "options", None)
        self.converters = getattr(
            options, "converters", dict(converters_module.BUILTIN)
        )
        self.records: dict[str, tuple[object, str | None]] = {}
        for template, resource, suffix in app._route_records:
            self.records["/" + template.lstrip("/")] = (resource, suffix)
        self.typed = app._typed_routes
        self._param_engine: Any = None

    def param_engine(self) -> Any:
        if self._param_engine is None:
            from restcore.typed.engines import MsgspecEngine

            self._param_engine = MsgspecEngine()
        return self._param_engine

    def routes(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Return ``(template, [(method, responder name)])`` for every route."""
        if type(self.app._router) is CompiledRouter:
            # PERF: what the App recorded at add_route is what inspect_routes
            # would list, without its source-file lookups (75% of the time of
            # a 200-route document).
            return [
                (path, _responder_names(resource, suffix))
                for path, (resource, suffix) in self.records.items()
            ]
        return [
            (
                route.path,
                [(info.method, info.function_name) for info in route.methods],
            )
            for route in restcore_inspect.inspect_routes(self.app)
        ]

    def paths(self) -> dict[str, Any]:
        paths: dict[str, Any] = {}
        for path, methods in self.routes():
            record = self.records.get(path)
            resource = record[0] if record else None
            if getattr(resource, "__restcore_openapi_internal__", False):
                continue
            fields = [
                field
                for segment in parse_template(path, self.converters)
                for field in segment.fields
            ]
            item: dict[str, Any] = {}
            for method, function_name in methods:
                if not function_name.startswith("on_"):
                    continue  # restcore's own 405 and OPTIONS responders
                operation = self.operation(path, method, function_name, fields, record)
                item[method.lower()] = operation
            if item:
                paths[_oas_path(path)] = item
        return paths

    def plan_of(self, record: Any, method: str, function_name: str) -> Any:
        if record is None:
            return None
        resource, suffix = record
        if self.typed is not None:
            plans = self.typed.plans.get((id(resource), suffix), {})
            if method in plans:
                return plans[method]
        responder = getattr(resource, function_name, None)
        if responder is None:
            return None
        from restcore.typed.binding import unwrap_layers
        from restcore.typed.signature import ResponderPlan

        function = getattr(responder, "__func__", responder)
        return ResponderPlan(unwrap_layers(function)[0], function)

    def operation(
        self,
        path: str,
        method: str,
        function_name: str,
        fields: list[Field],
        record: Any,
    ) -> dict[str, Any]:
        plan = self.plan_of(record, method, function_name)
        operation: dict[str, Any] = {}
        if record is not None:
            operation["tags"] = [type(record[0]).__name__]
        summary, description = _docstring(plan.function) if plan else (None, None)
        if summary:
            operation["summary"] = summary
        if description:
            operation["description"] = description
        responds = plan.responds if plan else None
        operation["operationId"] = self.operation_id(method, path, responds)
        parameters = [self.path_parameter(field, plan) for field in fields]
        parameters += [self.parameter(param) for param in plan.params] if plan else []
        if parameters:
            operation["parameters"] = parameters
        body = self.request_body(plan)
        if body is not None:
            operation["requestBody"] = body
        operation["responses"] = self.responses(plan, fields, body is not None)
        return operation

    def operation_id(self, method: str, path: str, responds: Any) -> str:
        if responds is not None and responds.operation_id:
            base = responds.operation_id
        else:
            slug = _NOT_WORD.sub("_", _oas_path(path)).strip("_")
            base = method.lower() + "_" + (slug or "root")
        candidate: str = base
        number = 2
        while candidate in self.operation_ids:
            candidate, number = f"{base}_{number}", number + 1
        self.operation_ids.add(candidate)
        return candidate

    def path_parameter(self, field: Field, plan: Any) -> dict[str, Any]:
        schema = converter_schema(field.converter)
        return {"name": field.name, "in": "path", "required": True, "schema": schema}

    def parameter(self, param: Any) -> dict[str, Any]:
        from restcore.typed.signature import REQUIRED

        schema = self.schemas.schema_of(self.param_engine(), param.annotation)
        entry: dict[str, Any] = {
            "name": param.key,
            "in": param.location,
            "required": param.default is REQUIRED,
            "schema": schema,
        }
        if param.is_list and param.location == "query":
            entry["explode"] = True
        if param.description:
            entry["description"] = param.description
        return entry

    def request_body(self, plan: Any) -> dict[str, Any] | None:
        if plan is None:
            return None
        if plan.body is not None:
            schema = self.schemas.schema_of(plan.body.engine, plan.body.annotation)
        else:
            schemas = getattr(plan.wrapper, "__restcore_jsonschema__", None)
            if not schemas or schemas[0] is None:
                return None
            schema = dict(schemas[0])
        return {
            "required": True,
            "content": {"application/json": {"schema": schema}},
        }

    def responses(
        self, plan: Any, fields: list[Field], has_body: bool
    ) -> dict[str, Any]:
        responses: dict[str, Any] = {}
        if plan is None or (not plan.is_typed and plan.responds is None):
            responses["default"] = {"description": "The responder's answer."}
        else:
            status = str(plan.responds.status if plan.responds else 200)
            success: dict[str, Any] = {"description": "Success."}
            if plan.returns is not None and status != "204":
                engine = plan.return_engine or self.param_engine()
                schema = self.schemas.schema_of(engine, plan.returns)
                success["content"] = {"application/json": {"schema": schema}}
            responses[status] = success
        validated = plan is not None and (plan.params or plan.body is not None)
        if validated or has_body:
            responses["400"] = _error_response(
                "The request is invalid.", "ValidationError" if validated else "Error"
            )
        if has_body:
            responses["415"] = _error_response("Unsupported media type.", "Error")
        if any(field.converter is not None for field in fields):
            responses["404"] = _error_response("Not found.", "Error")
        for error in plan.responds.errors if plan and plan.responds else ():
            responses.setdefault(
                _status_code(error),
                _error_response(
                    (pyinspect.getdoc(error) or "Error.").partition("\n")[0], "Error"
                ),
            )
        return responses


def _responder_names(resource: object, suffix: str | None) -> list[tuple[str, str]]:
    return [
        (method, f"on_{method.lower()}" + (f"_{suffix}" if suffix else ""))
        for method in map_http_methods(resource, suffix=suffix)
    ]


def _error_response(description: str, component: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/json": {
                "schema": {"$ref": REF_TEMPLATE.format(name=component)}
            }
        },
    }


def _oas_path(template: str) -> str:
    """Turn ``{id:int(min=1)}`` fields into OpenAPI's ``{id}``."""
    return re.sub(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}", r"{\1}", template)


def build_document(
    app: Any,
    title: str = "API",
    version: str = "1.0.0",
    description: str | None = None,
    servers: Iterable[str] = (),
) -> dict[str, Any]:
    """Return the OpenAPI 3.1 document of ``app`` as a dict.

    Args:
        app: The ``restcore.App``.
        title: ``info.title``.
        version: ``info.version``.
        description: ``info.description``.
        servers: Server URLs.
    """
    builder = _Builder(app)
    paths = builder.paths()
    components = builder.schemas.resolve()
    components["ValidationError"] = _VALIDATION_ERROR
    components["Error"] = _ERROR
    info: dict[str, Any] = {"title": title, "version": version}
    if description:
        info["description"] = description
    document: dict[str, Any] = {"openapi": "3.1.0", "info": info}
    server_list = [{"url": url} for url in servers]
    if server_list:
        document["servers"] = server_list
    document["paths"] = paths
    document["components"] = {"schemas": dict(sorted(components.items()))}
    return document
