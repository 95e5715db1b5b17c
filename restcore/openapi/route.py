"""Serving the document (``/openapi.json``) and an offline docs page (``/docs``).

The document is built on its first request (or ``document_bytes()``) under
a lock, serialized once, and rebuilt only after routes were added. The docs
page is Swagger UI 5 from the ``swagger-ui-bundle-v2`` package (extra
``restcore[openapi]``), served by the app itself: no CDN, the validator badge
off, scripts in files so ``Content-Security-Policy: script-src 'self'`` holds.
"""

from __future__ import annotations

import json
import pathlib
import threading
from typing import Any

import orjson

from restcore.openapi.document import build_document

__all__ = ["DocsResource", "SpecResource", "add_openapi_route"]

_MISSING_ASSETS = (
    "the docs page needs Swagger UI 5; install it with: "
    "pip install 'restcore[openapi]' (swagger-ui-bundle-v2)"
)
_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="icon" type="image/png" href="{base}/favicon.png">
<link rel="stylesheet" href="{base}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{base}/swagger-ui-bundle.js"></script>
<script src="{base}/init.js"></script>
</body>
</html>
"""
_INIT = """window.addEventListener("load", function () {{
  window.ui = SwaggerUIBundle({{
    url: {spec},
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null
  }});
}});
"""
# Asset name -> (file in the Swagger UI package, media type).
_ASSETS = {
    "swagger-ui-bundle.js": ("swagger-ui-bundle.js", "text/javascript"),
    "swagger-ui.css": ("swagger-ui.css", "text/css"),
    "favicon.png": ("favicon-32x32.png", "image/png"),
}
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'"
)
_ASSET_CACHE = "public, max-age=86400"


def _etag(data: bytes) -> str:
    # PERF: hashlib loads OpenSSL (~5 ms); imported on the first request,
    # not at add_openapi_route.
    import hashlib

    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def _send(req: Any, resp: Any, data: bytes, media_type: str, cache: str) -> None:
    tag = _etag(data)
    resp.set_header("ETag", tag)
    resp.set_header("Cache-Control", cache)
    if tag in (req.get_header("If-None-Match") or ""):
        resp.status = 304
        return
    resp.content_type = media_type
    resp.data = data


class SpecResource:
    """Serves the document; rebuilds it only when routes were added since.

    Args:
        app: The App to document.
        options: Keywords for ``build_document`` (title, version...).
    """

    __restcore_openapi_internal__ = True

    def __init__(self, app: Any, options: dict[str, Any]) -> None:
        self._app = app
        self._options = options
        self._lock = threading.Lock()
        self._cached: tuple[int, bytes] | None = None

    def document(self) -> dict[str, Any]:
        """Return the document as a dict (built anew)."""
        return build_document(self._app, **self._options)

    def document_bytes(self) -> bytes:
        """Return the document as JSON bytes, built once per set of routes."""
        count = len(self._app._route_records)
        cached = self._cached
        if cached is not None and cached[0] == count:
            return cached[1]
        with self._lock:
            cached = self._cached
            if cached is None or cached[0] != count:
                cached = self._cached = (count, orjson.dumps(self.document()))
        return cached[1]

    def on_get(self, req: Any, resp: Any) -> None:
        """Send the OpenAPI document."""
        _send(req, resp, self.document_bytes(), "application/json", "no-cache")


def _assets_directory(docs_assets: str | pathlib.Path | None) -> pathlib.Path:
    if docs_assets is not None:
        return pathlib.Path(docs_assets)
    try:
        import swagger_ui_bundle
    except ImportError as ex:  # the openapi extra is not installed
        raise ImportError(_MISSING_ASSETS) from ex
    return pathlib.Path(swagger_ui_bundle.swagger_ui_path)


class DocsResource:
    """Serves the Swagger UI page and its assets from the app's own origin.

    Args:
        spec_url: Where the page fetches the document.
        base: The docs page's path (assets live under it).
        title: The page title.
        assets: The directory holding Swagger UI's files.
    """

    __restcore_openapi_internal__ = True

    def __init__(
        self, spec_url: str, base: str, title: str, assets: pathlib.Path
    ) -> None:
        missing = [
            name for name, _ in _ASSETS.values() if not (assets / name).is_file()
        ]
        if missing:
            raise ImportError(f"{_MISSING_ASSETS}; missing in {assets}: {missing}")
        self._assets = assets
        self._page = _PAGE.format(title=_escape(title), base=base).encode()
        self._init = _INIT.format(spec=json.dumps(spec_url)).encode()
        self._files: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def on_get(self, req: Any, resp: Any) -> None:
        """Send the HTML page."""
        resp.set_header("Content-Security-Policy", _CSP)
        _send(req, resp, self._page, "text/html; charset=utf-8", "no-cache")

    def on_get_asset(self, req: Any, resp: Any, name: str) -> None:
        """Send ``init.js`` or one of Swagger UI's files."""
        if name == "init.js":
            _send(req, resp, self._init, "text/javascript", "no-cache")
            return
        if name not in _ASSETS:
            from restcore.errors import HTTPNotFound

            raise HTTPNotFound()
        filename, media_type = _ASSETS[name]
        _send(req, resp, self._file(filename), media_type, _ASSET_CACHE)

    def _file(self, filename: str) -> bytes:
        data = self._files.get(filename)
        if data is None:
            with self._lock:
                data = self._files[filename] = (self._assets / filename).read_bytes()
        return data


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def add_openapi_route(
    app: Any,
    uri_template: str,
    docs: str | None = None,
    title: str = "API",
    version: str = "1.0.0",
    description: str | None = None,
    docs_assets: str | pathlib.Path | None = None,
) -> SpecResource:
    """Serve ``app``'s OpenAPI 3.1 document at ``uri_template`` (and a docs page).

    Args:
        app: The App.
        uri_template: The document's path, e.g. ``/openapi.json``.
        docs: The docs page's path, e.g. ``/docs`` (None: no page).
        title: ``info.title`` and the page title.
        version: ``info.version``.
        description: ``info.description``.
        docs_assets: A directory with Swagger UI 5's files (default: the
            ``swagger-ui-bundle-v2`` package).

    Returns:
        The document's resource (``document()``, ``document_bytes()``).

    Raises:
        ImportError: ``docs`` is given and Swagger UI's files are missing.
    """
    options = {"title": title, "version": version, "description": description}
    spec = SpecResource(app, options)
    if docs is not None:
        base = docs.rstrip("/")
        page = DocsResource(uri_template, base, title, _assets_directory(docs_assets))
        app.add_route(base, page)
        app.add_route(base + "/{name}", page, suffix="asset")
    app.add_route(uri_template, spec)
    return spec
