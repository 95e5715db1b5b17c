"""``restcore routes MODULE:APP``: print the route table of an App.

The same table is printed by ``restcore serve`` at start. Data comes from
``restcore.inspect``; only the layout is defined here.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from restcore.app import App
from restcore.cli.target import load_app
from restcore.inspect import (
    RouteInfo,
    SinkInfo,
    StaticRouteInfo,
    inspect_routes,
    inspect_sinks,
    inspect_static_routes,
)

__all__ = ("add_arguments", "format_routes", "run")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the ``routes`` command's arguments.

    Args:
        parser: The sub-command's parser.
    """
    parser.add_argument("app", metavar="MODULE:APP", help="e.g. myapp:app")
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="list every responder with its source location, defaults included",
    )
    parser.add_argument(
        "--filter",
        metavar="TEXT",
        help="only routes whose template or resource contains TEXT",
    )


def run(args: argparse.Namespace) -> int:
    """Load the App and print its routes.

    Args:
        args: Parsed arguments (``app``, ``verbose``, ``filter``).

    Returns:
        The exit status: 0, or 1 when the target cannot be loaded.
    """
    app = load_app(args.app, "routes")
    if app is None:
        return 1
    print(format_routes(app, verbose=args.verbose, text_filter=args.filter))
    return 0


def format_routes(
    app: App, verbose: bool = False, text_filter: str | None = None
) -> str:
    """Render the routes, sinks and static routes of an App as a table.

    Args:
        app: The application.
        verbose: Add each responder's name and source location, and list the
            responders restcore supplies (405, OPTIONS).
        text_filter: Keep only entries containing this text (case-insensitive).

    Returns:
        The table, without a trailing newline.
    """
    needle = (text_filter or "").lower()
    routes = [
        route
        for route in inspect_routes(app)
        if needle in route.path.lower() or needle in route.class_name.lower()
    ]
    sinks = [
        sink
        for sink in inspect_sinks(app)
        if needle in sink.prefix.lower() or needle in sink.name.lower()
    ]
    static_routes = [
        route
        for route in inspect_static_routes(app)
        if needle in route.prefix.lower() or needle in route.directory.lower()
    ]
    lines = [f"Routes ({len(routes)}):"]
    lines += _route_lines(routes, verbose) or ["  (none)"]
    if sinks:
        lines += ["Sinks:", *_sink_lines(sinks, verbose)]
    if static_routes:
        lines += ["Static routes:", *_static_route_lines(static_routes)]
    return "\n".join(lines)


def _route_lines(routes: Sequence[RouteInfo], verbose: bool) -> list[str]:
    rows = []
    for route in routes:
        methods = ", ".join(m.method for m in route.methods if not m.internal)
        resource = route.class_name
        if verbose:
            resource += f" ({_editor_location(route.source_info)})"
        rows.append((route.path, methods or "-", resource))
    lines = []
    for (path, methods, resource), route in zip(_aligned(rows), routes, strict=True):
        lines.append(f"  {path}  {methods}  {resource}".rstrip())
        if verbose:
            lines += _responder_lines(route)
    return lines


def _responder_lines(route: RouteInfo) -> list[str]:
    """List the responders, the default 405 ones folded into one line."""
    lines = []
    refused = 0
    for method in route.methods:
        if method.function_name == "method_not_allowed" and method.internal:
            refused += 1
        else:
            where = (
                "default" if method.internal else _editor_location(method.source_info)
            )
            lines.append(f"      {method.method:<8} {method.function_name} ({where})")
    if refused:
        lines.append(f"      {'others':<8} 405 Method Not Allowed ({refused} methods)")
    return lines


def _sink_lines(sinks: Sequence[SinkInfo], verbose: bool) -> list[str]:
    rows = [
        (
            sink.prefix,
            sink.name + (f" ({_editor_location(sink.source_info)})" if verbose else ""),
        )
        for sink in sinks
    ]
    return [f"  {prefix}  {name}" for prefix, name in _aligned(rows)]


def _static_route_lines(routes: Sequence[StaticRouteInfo]) -> list[str]:
    rows = [
        (
            route.prefix,
            route.directory
            + (
                f" [fallback {route.fallback_filename}]"
                if route.fallback_filename
                else ""
            ),
        )
        for route in routes
    ]
    return [f"  {prefix}  {directory}" for prefix, directory in _aligned(rows)]


def _aligned(rows: Sequence[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Pad every column but the last to its widest cell."""
    if not rows:
        return []
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    widths[-1] = 0
    return [
        tuple(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]


def _editor_location(source_info: str) -> str:
    """Turn inspect's ``file:line`` (0-based, as Falcon's) into a 1-based one."""
    path, _, line = source_info.rpartition(":")
    return f"{path}:{int(line) + 1}" if line.isdigit() else source_info
