"""restcore vs Falcon, in one process, interleaved: per-request CPU time ratios.

Usage: python tests/bench/bench_app.py [--rounds 15] [--scenarios hello,json_get]

Each scenario is one app written against the Falcon API and built twice, with
``falcon`` and with ``restcore``. Rounds alternate the frameworks in a random
order so that noise hits both alike; the figure per framework is the best
round. Not collected by pytest. The scoreboard (../shared/bench) is the
reference; this script is the quick check to run before and after a change.
"""

from __future__ import annotations

import argparse
import io
import random
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

ITEM = {
    "id": 0,
    "name": "Ergonomic Steel Chair",
    "price": 149.99,
    "tags": ["office", "steel", "chair"],
    "dimensions": {"w": 48, "h": 102, "d": 52},
    "active": True,
    "discount": None,
}


def hello_app(fw: ModuleType) -> tuple[Any, dict[str, Any]]:
    body = b"x" * 10240

    class Hello:
        def on_get(self, req, resp, account_id):
            req.user_agent  # noqa: B018 - read like a real responder
            req.get_param("limit")
            resp.data = body
            resp.set_headers({"X-Test": "Funky Chicken"})

    app = fw.App(media_type="text/plain")
    app.add_route("/hello/{account_id}/test", Hello())
    return app, _environ("GET", "/hello/584/test", "limit=10&thing=ab")


def json_get_app(fw: ModuleType) -> tuple[Any, dict[str, Any]]:
    class Item:
        def on_get(self, req, resp, item_id):
            doc = dict(ITEM)
            doc["id"] = item_id
            resp.media = doc

    app = fw.App()
    app.add_route("/items/{item_id:int}", Item())
    return app, _environ("GET", "/items/42")


def json_post_app(fw: ModuleType) -> tuple[Any, dict[str, Any]]:
    class Items:
        def on_post(self, req, resp):
            resp.media = req.get_media()
            resp.status = fw.HTTP_201

    app = fw.App()
    app.add_route("/items", Items())
    body = (
        b'{"customer": {"id": 5, "name": "Grace"}, "lines": [1, 2, 3], "gift": false}'
    )
    env = _environ("POST", "/items")
    env.update(
        CONTENT_TYPE="application/json", CONTENT_LENGTH=str(len(body)), _body=body
    )
    return app, env


def not_found_app(fw: ModuleType) -> tuple[Any, dict[str, Any]]:
    app, _ = json_get_app(fw)
    return app, _environ("GET", "/items/42/missing")


SCENARIOS: dict[str, Callable[[ModuleType], tuple[Any, dict[str, Any]]]] = {
    "hello": hello_app,
    "json_get": json_get_app,
    "json_post": json_post_app,
    "not_found": not_found_app,
}


def _environ(method: str, path: str, query: str = "") -> dict[str, Any]:
    return {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "localhost",
        "HTTP_USER_AGENT": "bench/1.0",
        "HTTP_ACCEPT": "*/*",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


def _start_response(
    status: str, headers: list[tuple[str, str]], exc_info: Any = None
) -> None:
    return None


def time_block(app: Any, template: dict[str, Any], n: int) -> float:
    """Return CPU seconds per request over ``n`` requests."""
    body = template.get("_body", b"")
    base = {k: v for k, v in template.items() if k != "_body"}
    copy = base.copy
    started = time.process_time()
    for _ in range(n):
        env = copy()
        env["wsgi.input"] = io.BytesIO(body)
        for _chunk in app(env, _start_response):
            pass
    return (time.process_time() - started) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    args = parser.parse_args()

    import falcon

    import restcore

    frameworks = {"falcon": falcon, "restcore": restcore}
    print(f"{'scenario':<12}{'falcon µs':>12}{'restcore µs':>14}{'ratio':>8}")
    for name in args.scenarios.split(","):
        built = {label: SCENARIOS[name](fw) for label, fw in frameworks.items()}
        best = dict.fromkeys(frameworks, float("inf"))
        for _ in range(args.rounds):
            for label in random.sample(list(frameworks), len(frameworks)):
                app, template = built[label]
                best[label] = min(best[label], time_block(app, template, args.requests))
        ratio = best["restcore"] / best["falcon"]
        print(
            f"{name:<12}{best['falcon'] * 1e6:>12.2f}{best['restcore'] * 1e6:>14.2f}"
            f"{ratio:>8.2f}"
        )


if __name__ == "__main__":
    main()
