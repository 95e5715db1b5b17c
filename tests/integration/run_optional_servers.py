"""Run the real-server checks under servers that need a C compiler to install.

bjoern (needs libev) and meinheld are not in the ``test`` extra. Install
them by hand, then run ``python tests/integration/run_optional_servers.py``
from the repository root. Servers that are not installed are reported and
skipped; the exit status is 1 when any check fails.
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.integration.checks import CHECKS, Skip
from tests.integration.servers import OPTIONAL_SERVERS, Server


def run_server(server: Server, tmp_dir: Path) -> int:
    failures = 0
    with server.running(tmp_dir) as (port, _):
        for check in CHECKS:
            try:
                check(server, port)
            except Skip as ex:
                print(f"  skip {check.__name__}: {ex}")
            except Exception:
                failures += 1
                print(f"  FAIL {check.__name__}\n{traceback.format_exc()}")
            else:
                print(f"  ok   {check.__name__}")
    return failures


def main() -> int:
    failures = 0
    for server in OPTIONAL_SERVERS:
        if not server.is_installed():
            print(f"{server.name}: not installed, skipped")
            continue
        print(f"{server.name}:")
        with tempfile.TemporaryDirectory() as tmp:
            failures += run_server(server, Path(tmp))
    print("all passed" if not failures else f"{failures} check(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
