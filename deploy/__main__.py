"""``python -m deploy up|check|down [--base DIR] [--loopback] [--keep]``."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from deploy import stack as stack_module


def main(argv: list[str] | None = None) -> int:
    """Run one command of the stack runner."""
    parser = argparse.ArgumentParser(prog="python -m deploy")
    parser.add_argument("command", choices=["up", "check", "down"])
    parser.add_argument("--base", type=Path, default=stack_module.DEFAULT_BASE)
    parser.add_argument("--loopback", action="store_true", help="no namespaces")
    parser.add_argument("--keep", action="store_true", help="keep the folder")
    args = parser.parse_args(argv)
    started = time.monotonic()
    if args.command == "up":
        stack = stack_module.up(args.base, args.loopback)
        print(f"stack up in {time.monotonic() - started:.2f} s ({stack.net.mode})")
        if stack.net.note:
            print(stack.net.note)
        print(f"nginx: {stack.url}  hosts: "
              + ", ".join(stack.host_url(h.name) for h in stack.net.hosts))  # fmt: skip
        return 0
    stack = stack_module.Stack.load(args.base)
    if args.command == "check":
        print(json.dumps(stack.check()))
        return 0
    stack_module.down(stack, keep=args.keep)
    print(f"stack down in {time.monotonic() - started:.2f} s; nothing left")
    return 0


if __name__ == "__main__":
    sys.exit(main())
