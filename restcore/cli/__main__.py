"""Entry point of the ``restcore`` command (and ``python -m restcore``)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from restcore.cli import openapi, routes, serve
from restcore.version import __version__

__all__ = ("main", "make_parser")


def make_parser() -> argparse.ArgumentParser:
    """Build the parser for ``restcore <command> ...``."""
    parser = argparse.ArgumentParser(
        prog="restcore", description="Run and inspect restcore applications."
    )
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve.add_arguments(
        commands.add_parser(
            "serve",
            help="run a development server",
            description="Run a threaded development server (not for production).",
        )
    )
    routes.add_arguments(
        commands.add_parser(
            "routes",
            help="print the routes of an App",
            description="Print every route with its methods and resource.",
        )
    )
    openapi.add_arguments(
        commands.add_parser(
            "openapi",
            help="print the OpenAPI document of an App",
            description="Print the App's OpenAPI 3.1 document as JSON.",
        )
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``restcore`` command.

    Args:
        argv: The arguments (default: ``sys.argv[1:]``).

    Returns:
        The exit status.
    """
    args = make_parser().parse_args(argv)
    commands = {"serve": serve.run, "routes": routes.run, "openapi": openapi.run}
    command = commands[args.command]
    return command(args)


if __name__ == "__main__":
    raise SystemExit(main())
