"""A JSON Schema of RFC 9457's problem details members, for the tests.

Written from RFC 9457 §3 (members) and §3.1 (their types): ``type`` and
``instance`` are URI references, ``status`` an integer status code, ``title``
and ``detail`` strings; extension members may be anything. The ``errors``
member follows the RFC's §3 example of validation errors: objects with a
``detail`` and a ``pointer`` (a JSON Pointer, RFC 6901, as a URI fragment) or,
for parameters, ``in`` and ``name``.
"""

from __future__ import annotations

from typing import Any

import jsonschema

PROBLEM_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "format": "uri-reference", "minLength": 1},
        "title": {"type": "string", "minLength": 1},
        "status": {"type": "integer", "minimum": 100, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string", "format": "uri-reference"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["detail"],
                "properties": {
                    "detail": {"type": "string"},
                    "pointer": {"type": "string", "pattern": "^#(/.*)?$"},
                    "in": {"enum": ["path", "query", "header", "cookie", "body"]},
                    "name": {"type": "string"},
                },
                "oneOf": [
                    {"required": ["pointer"], "not": {"required": ["name"]}},
                    {"required": ["in", "name"], "not": {"required": ["pointer"]}},
                ],
            },
        },
    },
}

_VALIDATOR = jsonschema.Draft202012Validator(
    PROBLEM_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def check_problem(document: object) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``document`` is a problem."""
    _VALIDATOR.validate(document)
