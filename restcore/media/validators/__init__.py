"""Validators for request and response media."""

from restcore.media.validators import jsonschema

__all__ = ("jsonschema",)
