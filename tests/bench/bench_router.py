"""Time ``find()`` of restcore's router against Falcon's (run directly, not by pytest).

Usage: python tests/bench/bench_router.py

1. The 120-route app of shared/bench/apps.py (``falcon_routing``): a hit on
   route #112 (int + uuid fields), a literal route and a miss.
2. Flatness: the same kind of REST API with 10, 100 and 1000 routes, timing a
   hit on the last-registered resource and a miss; prints max/min ratios.
"""

from __future__ import annotations

import random
import sys
import timeit
import uuid
from collections.abc import Callable, Iterator

import falcon.routing

from restcore.routing import CompiledRouter

# Best of REPEAT timings, in ROUNDS interleaved rounds: on a shared machine
# single timings spike.
REPEAT = 5
ROUNDS = 5

CONVERTERS = {"int": ":int", "uuid": ":uuid", "str": ""}
ITEM_TYPES = ("int", "uuid", "str")
SUB_TYPES = ("uuid", "str", "int")
SUBS = ("items", "notes", "members", "history", "tags", "versions")
SUB_ID = uuid.UUID("0fd4c8c6-bd72-11e2-8e47-db5ebd4c8125")


class Resource:
    def on_get(self, req: object, resp: object, **params: object) -> None:
        pass


def bench_templates(resource_names: list[str]) -> Iterator[str]:
    """Yield the four templates per resource, as in shared/bench/apps.py."""
    for index, name in enumerate(resource_names):
        item = "{item_id" + CONVERTERS[ITEM_TYPES[index % 3]] + "}"
        sub = SUBS[index % len(SUBS)]
        sub_item = "{sub_id" + CONVERTERS[SUB_TYPES[index % 3]] + "}"
        yield f"/v1/{name}"
        yield f"/v1/{name}/{item}"
        yield f"/v1/{name}/{item}/{sub}"
        yield f"/v1/{name}/{item}/{sub}/{sub_item}"


APP_RESOURCES = [
    "accounts",
    "users",
    "orders",
    "invoices",
    "products",
    "carts",
    "payments",
    "shipments",
    "customers",
    "suppliers",
    "warehouses",
    "categories",
    "reviews",
    "coupons",
    "refunds",
    "subscriptions",
    "plans",
    "teams",
    "projects",
    "tasks",
    "comments",
    "attachments",
    "notifications",
    "webhooks",
    "events",
    "reports",
    "devices",
    "sessions",
    "tokens",
    "regions",
]


def build(router_class: Callable[[], object], templates: list[str]) -> object:
    router = router_class()
    for template in templates:
        router.add_route(template, Resource())
    router.find("/")
    return router


def time_find(router: object, path: str) -> float:
    """Return µs per ``find(path)``: the best of REPEAT runs, after a warm-up."""
    find = router.find
    number = 100_000
    timeit.repeat(lambda: find(path), number=number, repeat=2)  # warm up
    best = min(timeit.repeat(lambda: find(path), number=number, repeat=REPEAT))
    return best / number * 1e6


def hit_path(resource_names: list[str], index: int) -> str:
    """A path of the sub-item route of resource ``index`` (int item, uuid sub)."""
    return f"/v1/{resource_names[index]}/12345/{SUBS[index % len(SUBS)]}/{SUB_ID}"


def compare_bench_app() -> None:
    templates = list(bench_templates(APP_RESOURCES))
    paths = {
        "routing hit #112": hit_path(APP_RESOURCES, 27),
        "literal /v1/sessions": "/v1/sessions",
        "miss": "/v1/sessions/12345/missing",
    }
    ours = build(CompiledRouter, templates)
    theirs = build(falcon.routing.CompiledRouter, templates)
    print(f"120-route app ({len(templates)} templates): find() µs")
    for label, path in paths.items():
        mine, falcons = time_find(ours, path), time_find(theirs, path)
        print(
            f"  {label:22} restcore {mine:6.3f}  falcon {falcons:6.3f}"
            f"  ratio {mine / falcons:4.2f}"
        )


def compare_sizes() -> None:
    print("flatness: find() µs by route count (hit on the last resource, miss)")
    cases: list[tuple[str, int, object, str]] = []
    for routes in (10, 100, 1000):
        # Index 3k+0 has an int item id and a uuid sub id, like the bench hit.
        names = [f"res{number}" for number in range(max(3, routes // 4))]
        last = (len(names) - 1) // 3 * 3
        templates = list(bench_templates(names))[:routes]
        ours = build(CompiledRouter, templates)
        theirs = build(falcon.routing.CompiledRouter, templates)
        cases.append(("hit", routes, ours, hit_path(names, last)))
        cases.append(("miss", routes, ours, f"/v1/{names[last]}/12345/missing"))
        cases.append(("falcon hit", routes, theirs, hit_path(names, last)))
    # Interleaved rounds, best per case: a burst of load on the shared machine
    # then hits every case alike instead of one of them.
    best = [float("inf")] * len(cases)
    for _ in range(ROUNDS):
        for index in random.sample(range(len(cases)), len(cases)):
            _, _, router, path = cases[index]
            best[index] = min(best[index], time_find(router, path))
    results: dict[str, list[float]] = {"hit": [], "miss": [], "falcon hit": []}
    for (key, _, _, _), value in zip(cases, best, strict=True):
        results[key].append(value)
    for position, routes in enumerate((10, 100, 1000)):
        print(
            f"  {routes:5} routes: hit {results['hit'][position]:6.3f}"
            f"  miss {results['miss'][position]:6.3f}"
            f"  (falcon hit {results['falcon hit'][position]:6.3f})"
        )
    for key, values in results.items():
        print(f"  {key:10} max/min ratio {max(values) / min(values):4.2f}")


if __name__ == "__main__":
    compare_bench_app()
    if "--quick" not in sys.argv:
        compare_sizes()
