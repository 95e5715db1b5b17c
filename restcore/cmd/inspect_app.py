"""``falcon-inspect-app`` at Falcon's module path (``falcon.cmd.inspect_app``).

A thin layer over ``restcore.inspect`` and the loader of the ``restcore``
command; ``restcore routes`` is the friendlier front end.
"""

from __future__ import annotations

import argparse
import sys

from restcore.app import App
from restcore.cli.target import TargetError, add_cwd_to_path, load_target
from restcore.inspect import StringVisitor, inspect_app, inspect_routes

__all__ = ("load_app", "main", "make_parser", "route_main")


def make_parser() -> argparse.ArgumentParser:
    """Build the parser of ``falcon-inspect-app``."""
    parser = argparse.ArgumentParser(
        description="Example: falcon-inspect-app myprogram:app"
    )
    parser.add_argument(
        "-r",
        "--route_only",
        action="store_true",
        help="Prints only the information regarding the routes",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="More verbose output"
    )
    parser.add_argument(
        "-i",
        "--internal",
        action="store_true",
        help="Print also internal route methods and error handlers",
    )
    parser.add_argument(
        "app_module",
        help="The module and app to inspect. Example: myapp.somemodule:api",
    )
    return parser


def load_app(parser: argparse.ArgumentParser, args: argparse.Namespace) -> App:
    """Load ``args.app_module``, calling it when it is a factory, or exit.

    Args:
        parser: Used to report errors (exits with status 2).
        args: Parsed arguments.
    """
    if ":" not in args.app_module:
        parser.error(
            "The app_module must include a colon between the module and instance"
        )
    try:
        app = load_target(args.app_module)
    except TargetError as ex:
        parser.error(str(ex))
    if not isinstance(app, App):
        app = app()
        if not isinstance(app, App):
            parser.error(f"{args.app_module} did not return a falcon.App instance")
    return app


def route_main() -> None:
    """Refuse the retired ``falcon-print-routes`` command, as Falcon does."""
    sys.stderr.write(
        'The "falcon-print-routes" command is no longer supported. \n\n'
        'Please use "falcon-inspect-app" instead.\n\n'
    )
    sys.exit(2)


def main() -> None:
    """Print the App summary, or only its routes with ``-r``."""
    add_cwd_to_path()
    parser = make_parser()
    args = parser.parse_args()
    app = load_app(parser, args)
    if args.route_only:
        visitor = StringVisitor(args.verbose, args.internal)
        for route in inspect_routes(app):
            print(visitor.process(route))
    else:
        print(inspect_app(app).to_string(args.verbose, args.internal))


if __name__ == "__main__":
    main()
