"""``restcore openapi MODULE:APP``: print the App's OpenAPI 3.1 document.

When the App serves its document (``add_openapi_route``), that route's title
and version are used; otherwise ``--title`` and ``--version``.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

import orjson

from restcore.cli.target import load_app

__all__ = ("add_arguments", "run")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the ``openapi`` command's arguments.

    Args:
        parser: The sub-command's parser.
    """
    parser.add_argument("app", metavar="MODULE:APP", help="e.g. myapp:app")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE")
    parser.add_argument("--title", default="API", help="info.title (default: API)")
    parser.add_argument("--version", default="1.0.0", help="info.version")


def run(args: argparse.Namespace) -> int:
    """Load the App and print (or write) its document.

    Args:
        args: Parsed arguments (``app``, ``output``, ``title``, ``version``).

    Returns:
        The exit status: 0, or 1 when the target cannot be loaded.
    """
    from restcore.openapi import SpecResource, build_document

    app = load_app(args.app, "openapi")
    if app is None:
        return 1
    served = [r for _, r, _ in app._route_records if isinstance(r, SpecResource)]
    if served:
        document = served[-1].document()
    else:
        document = build_document(app, title=args.title, version=args.version)
    text = orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"
    if args.output:
        pathlib.Path(args.output).write_bytes(text)
    else:
        sys.stdout.buffer.write(text)
        sys.stdout.flush()
    return 0
