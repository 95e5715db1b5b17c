"""OpenAPI 3.1 from an App's routes, served with an offline docs page.

``app.add_openapi_route("/openapi.json", docs="/docs")``; see
docs/typed-openapi.md.
"""

from restcore.openapi.document import build_document as build_document
from restcore.openapi.route import SpecResource as SpecResource
from restcore.openapi.route import add_openapi_route as add_openapi_route

__all__ = ["SpecResource", "add_openapi_route", "build_document"]
