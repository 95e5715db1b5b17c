"""Per-step cost of one restcore request (a "ladder"), on the scoreboard's apps.

Usage: python tests/bench/ladder.py SCENARIO [--shared ../shared/bench]

Rung k runs the first k steps of a request on the app's own objects; a step's
cost is the difference between two rungs (CPU time, best of interleaved blocks,
a fresh environ per request), and "glue" is the real ``app()`` minus the last
rung. ``App.__call__`` builds the default Request and Response without calling
their classes, so its glue can be below zero. The method is that of
../shared/perf-notes.md §2. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import random
import sys

STEPS = [
    "req = app._request_type(env, app.req_options)",
    "resp = app._response_type(app.resp_options)",
    # (Without middleware, the App calls the router's dispatcher itself.)
    "params = app._binding.route_and_call(req.path, req, resp)"
    " if app._binding.route_and_call else app._binding.dispatch(req, resp)",
    "data = resp.render_body()",
    "status = resp.status",
    "resp._headers['content-length'] = str(len(data or b''))",
    "headers = resp._wsgi_headers(app.resp_options.default_media_type)",
    "start_response(status, headers)",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario")
    parser.add_argument(
        "--shared",
        default=os.path.join(os.path.dirname(__file__), "../../../shared/bench"),
        help="the scoreboard's folder (apps.py, bench.py)",
    )
    parser.add_argument("--blocks", type=int, default=25)
    args = parser.parse_args()
    sys.path.insert(0, os.path.abspath(args.shared))
    import apps
    import bench

    import restcore

    app = apps.build_app("restcore", args.scenario, restcore)
    template, body = apps.request_template(args.scenario)
    rungs = []
    for count in range(len(STEPS) + 1):
        namespace = {"app": app}
        source = "\n    ".join(["body = [b'']", *STEPS[:count], "return body"])
        exec(f"def rung(env, start_response):\n    {source}", namespace)
        rungs.append(namespace["rung"])
    rungs.append(app)
    loops = [bench._fresh_loop(f"r{index}") for index in range(len(rungs))]
    best = [float("inf")] * len(rungs)
    for _ in range(args.blocks):
        for index in random.sample(range(len(rungs)), len(rungs)):
            cpu_ns = loops[index](rungs[index], template, body, 4000)[0]
            best[index] = min(best[index], cpu_ns / 4e6)
    print(f"{args.scenario}: total {best[-1] - best[0]:.2f} µs")
    for index, label in enumerate([*STEPS, "glue inside App.__call__"], 1):
        print(f"  {label:70.70} {best[index] - best[index - 1]:6.2f}")


if __name__ == "__main__":
    main()
