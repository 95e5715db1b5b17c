"""Machine instructions per request, counted by callgrind (restcore and Falcon).

Usage: python tests/bench/instructions.py [SCENARIO ...] [--requests N]
           [--shared ../shared/bench] [--layouts K] [--restcore-only]
           [--path CHECKOUT]

Timings on a shared 2-core machine move by 5-15% between runs; instruction
counts move far less (the hash seed is fixed), so they show what a small
change saves. Each count runs the scoreboard's request loop under
``valgrind --tool=callgrind`` for N requests and for none, and divides the
difference by N; the harness's own cost (a do-nothing app) is subtracted.
One thing made single counts swing by up to 25% (an unused constant added to
a module moved not_found 17%; another hash seed moved hello from 21144 to
27091): whether a full collection of the cyclic garbage collector fell inside
the counted loop. The child therefore collects and disables the collector
after the warm-up (cyclic garbage a request leaves is not counted; refcounting
frees the rest, as before), and allocates a few hundred small objects before
importing anything (a "layout"). Counts then agree to about 0.3% (hello 24171
to 24244 over three layouts, not_found 29224 to 29311). ``--layouts K``
(default 3) runs K layouts and prints the median and the range, which is what
a small gate (+-0.5%) should be judged on. ``--path``
puts a checkout first on the child's ``sys.path`` and runs it from a neutral
folder, and ``--baseline`` compares two checkouts layout by layout.
Instructions are not time (Falcon's Cython query parser does more per
instruction), so confirm a change with ``bench.py`` too. Needs valgrind; not
collected by pytest.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import statistics
import subprocess
import sys

_CHILD = """
import sys
_layout = [sys.intern("pad%d" % i) for i in range({pad})]
_layout += [(i, object()) for i in range({pad})]
sys.path.insert(0, {shared!r})
sys.path[:0] = {paths!r}
import apps, bench
framework, scenario, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
if framework == "null":
    app = lambda environ, start_response: [b""]
else:
    app = apps.build_app(framework, scenario, __import__(framework))
template, body = apps.request_template(scenario)
bench._loop(app, template, body, 50)  # warm up: let the interpreter specialize
import gc
gc.collect()
gc.disable()  # a full collection inside the loop or not: up to 25% (see above)
bench._loop(app, template, body, count)
"""


# Small objects allocated before the import, per layout (see the preamble).
LAYOUTS = (97, 211, 503, 1009, 2003)


def _collected(
    shared: str, framework: str, scenario: str, count: int, layout: int, path: str
) -> int:
    """Run the loop under callgrind and return the instructions it counted."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        "-c",
        _CHILD.format(shared=shared, paths=[path] if path else [], pad=LAYOUTS[layout]),
        framework,
        scenario,
        str(count),
    ]
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    cwd = "/" if path else None
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd)
    match = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode != 0 or match is None:
        raise SystemExit(
            f"callgrind failed for {framework} {scenario}:\n{result.stderr}"
        )
    return int(match.group(1))


def per_request(
    shared: str, framework: str, scenario: str, count: int, layout: int, path: str
) -> float:
    """Instructions per request of one framework on one scenario, one layout."""
    base = _collected(shared, framework, scenario, 0, layout, path)
    loaded = _collected(shared, framework, scenario, count, layout, path)
    return (loaded - base) / count


@functools.cache
def _harness(shared: str, requests: int, layout: int) -> float:
    return per_request(shared, "null", "hello", requests, layout, "")


def over_layouts(
    shared: str, framework: str, scenario: str, args: argparse.Namespace, path: str
) -> list[float]:
    """Per-request counts (harness subtracted), one per layout, in order."""
    return [
        per_request(shared, framework, scenario, args.requests, layout, path)
        - _harness(shared, args.requests, layout)
        for layout in range(args.layouts)
    ]


def _describe(counts: list[float]) -> str:
    median = statistics.median(counts)
    if len(counts) == 1:
        return f"{median:8.0f}"
    return f"{median:8.0f} [{min(counts):.0f}-{max(counts):.0f}]"


def _compare(shared: str, scenario: str, args: argparse.Namespace) -> str:
    """Each layout's count for the checkout over the baseline's; their median."""
    ours = over_layouts(shared, "restcore", scenario, args, args.path)
    base = over_layouts(shared, "restcore", scenario, args, args.baseline)
    ratios = [mine / theirs for mine, theirs in zip(ours, base, strict=True)]
    return (
        f"{scenario:11} checkout {_describe(ours)}  baseline {_describe(base)}"
        f"  per-layout ratio median {statistics.median(ratios):.4f}"
        f" [{min(ratios):.4f}-{max(ratios):.4f}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "scenarios", nargs="*", default=["hello", "middleware", "query"]
    )
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--layouts", type=int, default=3, choices=range(1, 6))
    parser.add_argument("--restcore-only", action="store_true")
    parser.add_argument("--path", default="", help="a restcore checkout to import")
    parser.add_argument(
        "--baseline", default="", help="another checkout: compare, layout by layout"
    )
    parser.add_argument(
        "--shared",
        default=os.path.join(os.path.dirname(__file__), "../../../shared/bench"),
        help="the scoreboard's folder (apps.py, bench.py)",
    )
    args = parser.parse_args()
    shared = os.path.abspath(args.shared)
    args.path = os.path.abspath(args.path) if args.path else ""
    print(f"instructions/request, harness subtracted; {args.layouts} layouts")
    for scenario in args.scenarios:
        if args.baseline:
            args.baseline = os.path.abspath(args.baseline)
            print(_compare(shared, scenario, args), flush=True)
            continue
        ours = over_layouts(shared, "restcore", scenario, args, args.path)
        line = f"{scenario:11} restcore {_describe(ours)}"
        if not args.restcore_only:
            theirs = over_layouts(shared, "falcon", scenario, args, "")
            ratio = statistics.median(ours) / statistics.median(theirs)
            line += f"  falcon {_describe(theirs)}  ratio {ratio:.3f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
