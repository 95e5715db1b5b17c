"""Run Falcon 4.4's own WSGI test suite against restcore (CI step 40).

Downloads the ``falcon==4.4.0`` sdist into a cache directory (Falcon's tests
are never committed), runs its ``tests/`` through the ``falcon`` alias with the
``restcore_conformance`` plugin, and compares the failures with
``expected_failures.txt`` (one ``node id<TAB>reason`` a line). It also runs
the suite under the real Falcon (in parallel) and prints the pass rate: the
share of the tests passing under Falcon that pass under restcore. Only tests
that pass under Falcon are compared.

Exit status: 0 when the failures are exactly the expected ones.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

FALCON = "falcon==4.4.0"
HERE = Path(__file__).resolve().parent
TOP = HERE.parent.parent
EXPECTED = HERE / "expected_failures.txt"
FAILED = frozenset({"failed", "error"})


def fetch_suite(cache: Path) -> Path:
    """Download and unpack the Falcon sdist once; return its directory."""
    tree = cache / "falcon-4.4.0"
    if (tree / "tests" / "conftest.py").exists():
        return tree
    cache.mkdir(parents=True, exist_ok=True)
    if not (cache / "falcon-4.4.0.tar.gz").exists():
        download(cache)
    with tarfile.open(cache / "falcon-4.4.0.tar.gz") as archive:
        archive.extractall(cache, filter="data")
    return tree


def download(cache: Path) -> None:
    """Fetch the sdist (``--no-binary falcon``: its build requirements stay wheels)."""
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "download", "-q", "--no-deps"),
            *("--no-binary", "falcon", "-d", str(cache), FALCON),
        ],
        check=True,
    )


def read_expected(path: Path = EXPECTED) -> dict[str, str]:
    """Parse the expected-failures file: node id -> one-line reason."""
    expected: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        node, _, reason = line.partition("\t")
        if not reason.strip():
            raise ValueError(f"expected failure without a reason: {line!r}")
        expected[node] = reason.strip()
    return expected


def run_suite(tree: Path, target: str, out: Path) -> subprocess.Popen[bytes]:
    """Start Falcon's suite under `target` ('restcore' or 'falcon')."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(HERE), env.get("PYTHONPATH")])
    )
    env["RESTCORE_CONFORMANCE_TARGET"] = target
    env["RESTCORE_CONFORMANCE_OUT"] = str(out)
    env.pop("RESTCORE_AS_FALCON", None)
    args = [
        *(sys.executable, "-m", "pytest", "-q", "-p", "restcore_conformance"),
        *("-p", "no:cacheprovider", "--continue-on-collection-errors"),
        *("--ignore=tests/asgi", "-o", "console_output_style=classic", "tests"),
    ]
    quiet = subprocess.DEVNULL if target == "falcon" else None  # one summary
    return subprocess.Popen(args, cwd=tree, env=env, stdout=quiet, stderr=quiet)


def compare(
    outcomes: dict[str, str],
    expected: dict[str, str],
    baseline: dict[str, str] | None = None,
) -> list[str]:
    """Return the problems: unexpected failures, and stale expected ones.

    With a `baseline` (the outcomes under Falcon), only tests that pass under
    Falcon count: one that fails under both is not a difference.
    """
    failing = {
        node
        for node, outcome in outcomes.items()
        if outcome in FAILED and (baseline is None or baseline.get(node) == "passed")
    }
    problems = [
        f"unexpected failure: {node}" for node in sorted(failing - expected.keys())
    ]
    problems += [
        f"expected to fail but {outcomes.get(node, 'not run')}: {node}"
        for node in sorted(expected.keys() - failing)
    ]
    return problems


def report(
    outcomes: dict[str, str], baseline: dict[str, str], expected: dict[str, str]
) -> str:
    """The pass rate against Falcon and the expected failures by reason."""
    passing = {node for node, outcome in baseline.items() if outcome == "passed"}
    both = sum(outcomes.get(node) == "passed" for node in passing)
    lines = [
        f"conformance: {both} of the {len(passing)} tests passing under Falcon 4.4 "
        f"pass under restcore ({100 * both / max(len(passing), 1):.2f}%)"
    ]
    by_reason: dict[str, int] = {}
    for reason in expected.values():
        key = reason.split(":")[0]
        by_reason[key] = by_reason.get(key, 0) + 1
    lines += [
        f"  expected failures, {key}: {count}"
        for key, count in sorted(by_reason.items())
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the suite; print the comparison; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=TOP / ".cache" / "conformance")
    parser.add_argument(
        "--write-expected", action="store_true", help="print a draft file"
    )
    args = parser.parse_args(argv)
    tree = fetch_suite(args.cache)
    out = args.cache / "restcore.json"
    base_out = args.cache / "falcon.json"
    baseline_run = run_suite(tree, "falcon", base_out)
    run_suite(tree, "restcore", out).wait()
    baseline_run.wait()
    outcomes = json.loads(out.read_text(encoding="utf-8"))
    baseline = json.loads(base_out.read_text(encoding="utf-8"))
    if args.write_expected:
        for problem in compare(outcomes, {}, baseline):
            print(f"{problem.split(': ', 1)[1]}\tTODO")
        return 0
    expected = read_expected()
    problems = compare(outcomes, expected, baseline)
    print(report(outcomes, baseline, expected))
    for problem in problems:
        print(problem)
    passing = sum(
        outcomes.get(node) == "passed"
        for node, outcome in baseline.items()
        if outcome == "passed"
    )
    # The closing line: Falcon-passing tests that pass here, and the problems.
    print(f"conformance: {passing} passed, {len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
