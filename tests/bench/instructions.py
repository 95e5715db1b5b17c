"""Machine instructions per request, counted by callgrind (restcore and Falcon).

Usage: python tests/bench/instructions.py [SCENARIO ...] [--requests N]
           [--shared ../shared/bench]

Timings on a shared 2-core machine move by 5-15% between runs; instruction
counts do not (the hash seed is fixed), so they show what a small change
saves. Each count runs the scoreboard's request loop under
``valgrind --tool=callgrind`` for N requests and for none, and divides the
difference by N; the harness's own cost (a do-nothing app) is subtracted.
Instructions are not time (Falcon's Cython query parser does more per
instruction), so confirm a change with ``bench.py`` too. Needs valgrind; not
collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

_CHILD = """
import sys
sys.path.insert(0, {shared!r})
import apps, bench
framework, scenario, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
if framework == "null":
    app = lambda environ, start_response: [b""]
else:
    app = apps.build_app(framework, scenario, __import__(framework))
template, body = apps.request_template(scenario)
bench._loop(app, template, body, 50)  # warm up: let the interpreter specialize
bench._loop(app, template, body, count)
"""


def _collected(shared: str, framework: str, scenario: str, count: int) -> int:
    """Run the loop under callgrind and return the instructions it counted."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        "-c",
        _CHILD.format(shared=shared),
        framework,
        scenario,
        str(count),
    ]
    env = dict(os.environ, PYTHONHASHSEED="0")
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    match = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode != 0 or match is None:
        raise SystemExit(
            f"callgrind failed for {framework} {scenario}:\n{result.stderr}"
        )
    return int(match.group(1))


def per_request(shared: str, framework: str, scenario: str, count: int) -> float:
    """Instructions per request of one framework on one scenario."""
    base = _collected(shared, framework, scenario, 0)
    return (_collected(shared, framework, scenario, count) - base) / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "scenarios", nargs="*", default=["hello", "middleware", "query"]
    )
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument(
        "--shared",
        default=os.path.join(os.path.dirname(__file__), "../../../shared/bench"),
        help="the scoreboard's folder (apps.py, bench.py)",
    )
    args = parser.parse_args()
    shared = os.path.abspath(args.shared)
    harness = per_request(shared, "null", "hello", args.requests)
    print(f"harness: {harness:.0f} instructions/request (subtracted below)")
    for scenario in args.scenarios:
        ours = per_request(shared, "restcore", scenario, args.requests) - harness
        theirs = per_request(shared, "falcon", scenario, args.requests) - harness
        print(
            f"{scenario:11} restcore {ours:8.0f}  falcon {theirs:8.0f}"
            f"  ratio {ours / theirs:.3f}"
        )


if __name__ == "__main__":
    main()
