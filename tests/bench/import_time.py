"""Cold import: whole-process ``import restcore`` against ``import falcon``.

Runs ``python -c "import X"`` for both, interleaved (paired runs, the order
alternating), and prints the median of the per-pair ratios. Usage::

    python tests/bench/import_time.py [--runs 21]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def once(module: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    once("restcore"), once("falcon")  # warm the file-system cache and .pyc files
    ratios, ours, theirs = [], [], []
    for index in range(runs):
        if index % 2:
            b, a = once("falcon"), once("restcore")
        else:
            a, b = once("restcore"), once("falcon")
        ours.append(a)
        theirs.append(b)
        ratios.append(a / b)
    print(
        f"{runs} paired runs: import restcore {statistics.median(ours) * 1e3:.1f} ms, "
        f"import falcon {statistics.median(theirs) * 1e3:.1f} ms, "
        f"median ratio restcore/falcon {statistics.median(ratios):.3f}"
    )


if __name__ == "__main__":
    main()
