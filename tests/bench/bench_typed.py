"""Typed responders vs the same responders written Falcon-style: CPU time ratios.

Usage: python tests/bench/bench_typed.py [--rounds 9] [--requests 3000]
       python tests/bench/bench_typed.py --startup-runs 7   (startup only)

Every case is one responder written twice, typed (``App(typed=True)``) and
untyped, in one process; rounds alternate the two in a random order so noise
hits both alike, and the figure per variant is the best round. Then startup:
200 typed routes (50 model families x list/create/get/replace) added and
compiled, and the first ``/openapi.json`` for them. Not collected by pytest.

Gates (issue 15): GET <= 1.10x, Struct POST <= 0.95x, dataclass POST <= 1.30x,
invalid body 400 <= 1.10x; pydantic reported; startup <= 150 ms, first
document <= 100 ms.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import io
import json
import os
import pathlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Annotated, Any

import msgspec
import pydantic

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

import restcore
from restcore.typed import Query, responds

DOC = {f"field{index}": index * 3 for index in range(20)}


# --- models: the 1 KiB order, three ways ---------------------------------------


class Address(msgspec.Struct):
    street: str
    city: str
    postcode: str
    country: str


class Customer(msgspec.Struct):
    id: int
    name: str
    email: str
    address: Address


class Line(msgspec.Struct):
    sku: str
    title: str
    qty: Annotated[int, msgspec.Meta(ge=1)]
    price: float


class Order(msgspec.Struct, forbid_unknown_fields=True):
    id: str
    customer: Customer
    lines: list[Line]
    note: str
    total: float


@dataclasses.dataclass
class DAddress:
    street: str
    city: str
    postcode: str
    country: str


@dataclasses.dataclass
class DCustomer:
    id: int
    name: str
    email: str
    address: DAddress


@dataclasses.dataclass
class DLine:
    sku: str
    title: str
    qty: int
    price: float


@dataclasses.dataclass
class DOrder:
    id: str
    customer: DCustomer
    lines: list[DLine]
    note: str
    total: float


class PAddress(pydantic.BaseModel):
    street: str
    city: str
    postcode: str
    country: str


class PCustomer(pydantic.BaseModel):
    id: int
    name: str
    email: str
    address: PAddress


class PLine(pydantic.BaseModel):
    sku: str
    title: str
    qty: Annotated[int, pydantic.Field(ge=1)]
    price: float


class POrder(pydantic.BaseModel):
    id: str
    customer: PCustomer
    lines: list[PLine]
    note: str
    total: float


ORDER = {
    "id": "ord-2026-000123",
    "customer": {
        "id": 4711,
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "address": {
            "street": "12 Analytical Engine Road",
            "city": "London",
            "postcode": "NW1 2DB",
            "country": "GB",
        },
    },
    "lines": [
        {
            "sku": f"SKU-{index:05d}",
            "title": f"Item number {index}",
            "qty": index + 1,
            "price": 9.99 + index,
        }
        for index in range(8)
    ],
    "note": "Leave at the door, please.",
    "total": 123.45,
}
ORDER_BYTES = json.dumps(ORDER).encode()
INVALID = dict(ORDER, lines=[dict(ORDER["lines"][0], qty=0)])
INVALID_BYTES = json.dumps(INVALID).encode()


# --- the responders -------------------------------------------------------------


class TypedGet:
    def on_get(self, req: Any, resp: Any, item_id: int, limit: Query[int] = 20) -> dict:
        doc = dict(DOC)
        doc["id"] = item_id
        doc["limit"] = limit
        return doc


class PlainGet:
    def on_get(self, req: Any, resp: Any, item_id: int) -> None:
        limit = req.get_param_as_int("limit", default=20)
        doc = dict(DOC)
        doc["id"] = item_id
        doc["limit"] = limit
        resp.media = doc


class TypedPost:
    @responds(201)
    def on_post(self, req: Any, resp: Any, body: Order) -> Order:
        return body


class DataclassPost:
    @responds(201)
    def on_post(self, req: Any, resp: Any, body: DOrder) -> DOrder:
        return body


class PydanticPost:
    @responds(201)
    def on_post(self, req: Any, resp: Any, body: POrder) -> POrder:
        return body


class PlainPost:
    def on_post(self, req: Any, resp: Any) -> None:
        resp.media = req.get_media()
        resp.status = 201


class PlainRefuse:
    def on_post(self, req: Any, resp: Any) -> None:
        req.get_media()
        raise restcore.HTTPBadRequest(description="lines/0/qty must be >= 1")


def _app(resource: object, template: str, typed: bool) -> Any:
    app = restcore.App(typed=typed)
    app.add_route(template, resource)
    return app


def _environ(
    method: str, path: str, query: str = "", body: bytes = b""
) -> dict[str, Any]:
    env = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "localhost",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if body:
        env["CONTENT_TYPE"] = "application/json"
        env["CONTENT_LENGTH"] = str(len(body))
    return env


def _start_response(status: str, headers: Any, exc_info: Any = None) -> None:
    pass


def _loop(app: Any, template: dict[str, Any], body: bytes, count: int) -> float:
    start = time.process_time()
    for _ in range(count):
        env = template.copy()
        env["wsgi.input"] = io.BytesIO(body)
        for _chunk in app(env, _start_response):
            pass
    return time.process_time() - start


Case = tuple[str, Any, Any, dict[str, Any], bytes, str]


def cases() -> list[Case]:
    get = _environ("GET", "/items/42", "limit=50")
    post = _environ("POST", "/orders", body=ORDER_BYTES)
    bad = _environ("POST", "/orders", body=INVALID_BYTES)
    return [
        (
            "GET path int + Query[int], 20-field dict",
            _app(TypedGet(), "/items/{item_id:int}", True),
            _app(PlainGet(), "/items/{item_id:int}", False),
            get,
            b"",
            "<= 1.10",
        ),
        (
            "POST 1 KiB order -> Struct, echo 201",
            _app(TypedPost(), "/orders", True),
            _app(PlainPost(), "/orders", False),
            post,
            ORDER_BYTES,
            "<= 0.95",
        ),
        (
            "POST 1 KiB order -> dataclasses",
            _app(DataclassPost(), "/orders", True),
            _app(PlainPost(), "/orders", False),
            post,
            ORDER_BYTES,
            "<= 1.30",
        ),
        (
            "invalid body -> 400 vs HTTPBadRequest",
            _app(TypedPost(), "/orders", True),
            _app(PlainRefuse(), "/orders", False),
            bad,
            INVALID_BYTES,
            "<= 1.10",
        ),
        (
            "POST 1 KiB order -> pydantic",
            _app(PydanticPost(), "/orders", True),
            _app(PlainPost(), "/orders", False),
            post,
            ORDER_BYTES,
            "reported",
        ),
    ]


def _record_status(
    statuses: list[str], status: str, headers: Any, exc_info: Any = None
) -> None:
    statuses.append(status)


def _check(
    name: str, typed: Any, plain: Any, template: dict[str, Any], body: bytes
) -> None:
    """Both variants answer the same status and the same JSON."""
    answers = []
    for app in (typed, plain):
        env = template.copy()
        env["wsgi.input"] = io.BytesIO(body)
        statuses: list[str] = []
        chunks = app(env, functools.partial(_record_status, statuses))
        answers.append((statuses[0][:3], json.loads(b"".join(chunks))))
    (typed_status, typed_doc), (plain_status, plain_doc) = answers
    assert typed_status == plain_status, (name, answers)
    if typed_status != "400":
        assert typed_doc == plain_doc, (name, answers)


def run_cases(rounds: int, requests: int) -> None:
    for name, typed, plain, template, body, gate in cases():
        _check(name, typed, plain, template, body)
        best = {"typed": float("inf"), "plain": float("inf")}
        _loop(typed, template, body, 200)
        _loop(plain, template, body, 200)
        for _ in range(rounds):
            order = [("typed", typed), ("plain", plain)]
            random.shuffle(order)
            for label, app in order:
                best[label] = min(best[label], _loop(app, template, body, requests))
        typed_us = best["typed"] / requests * 1e6
        plain_us = best["plain"] / requests * 1e6
        print(
            f"{name:42} typed {typed_us:7.2f} us  untyped {plain_us:7.2f} us"
            f"  ratio {typed_us / plain_us:5.2f}  (gate {gate})"
        )


def run_startup() -> tuple[float, float, float, float]:
    """Time startup as wall time and as this process's CPU time.

    On a shared machine the CPU time is the figure to compare: wall time
    includes whatever else the cores are running. Imports of restcore's
    typed and OpenAPI floors happen inside the timed part, as in a real
    app's first ``App(typed=True)``.

    Returns:
        Wall and CPU ms of the routes, then of the first document.
    """
    from tests.openapi.synthetic import models, synthetic_app

    families = models(50)
    clocks = (time.perf_counter(), time.process_time())
    app = synthetic_app(200, families)
    spec = app.add_openapi_route("/openapi.json")
    app._router.find("/things0")  # compile the router too
    added = _since(clocks)
    clocks = (time.perf_counter(), time.process_time())
    first = spec.document_bytes()
    document = _since(clocks)
    clocks = (time.perf_counter(), time.process_time())
    again = spec.document_bytes()
    cached = _since(clocks)
    assert again is first
    print(
        f"200 typed routes added + compiled: wall {added[0]:6.1f} ms, "
        f"CPU {added[1]:6.1f} ms  (gate <= 150)"
    )
    print(
        f"first /openapi.json (200 ops):     wall {document[0]:6.1f} ms, "
        f"CPU {document[1]:6.1f} ms  (gate <= 100)  {len(first) // 1024} KiB"
    )
    print(f"later requests (cached bytes):     {cached[0] * 1e3:6.1f} us")
    return (*added, *document)


def run_startup_processes(runs: int, bytecode: bool = True) -> None:
    """Run ``run_startup`` in ``runs`` fresh processes; print the medians.

    Args:
        runs: How many processes to time (after one warm-up process).
        bytecode: Let imports use (and write) ``__pycache__``; False times
            them compiling every module from source.
    """
    script = (
        "import sys, json; sys.path.insert(0, sys.argv[1]); "
        "from tests.bench import bench_typed; "
        "print(json.dumps(bench_typed.run_startup()))"
    )
    root = str(pathlib.Path(__file__).resolve().parents[2])
    # As an installed app starts: modules load from their bytecode caches
    # (a first, uncounted run writes them, in a temporary folder). With
    # PYTHONDONTWRITEBYTECODE and no caches, every import of a restcore
    # module compiles its source inside the timed part.
    env = dict(os.environ)
    caches = tempfile.TemporaryDirectory(prefix="bench-typed-pycache-")
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = caches.name
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    figures = []
    for run in range(runs + 1):
        out = subprocess.run(
            [sys.executable, "-c", script, root],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        ).stdout
        if run:
            figures.append(json.loads(out.splitlines()[-1]))
    caches.cleanup()
    medians = [statistics.median(column) for column in zip(*figures, strict=True)]
    load = pathlib.Path("/proc/loadavg").read_text().split()[:3]
    print(
        f"median of {runs} fresh processes, "
        f"{'with' if bytecode else 'WITHOUT'} bytecode caches "
        f"(load average {' '.join(load)}):\n"
        f"  200 typed routes added + compiled: wall {medians[0]:6.1f} ms, "
        f"CPU {medians[1]:6.1f} ms  (gate <= 150)\n"
        f"  first /openapi.json:               wall {medians[2]:6.1f} ms, "
        f"CPU {medians[3]:6.1f} ms  (gate <= 100)"
    )


def _since(clocks: tuple[float, float]) -> tuple[float, float]:
    return (
        (time.perf_counter() - clocks[0]) * 1e3,
        (time.process_time() - clocks[1]) * 1e3,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument(
        "--startup-runs",
        type=int,
        default=0,
        help="only time startup, in this many fresh processes (medians)",
    )
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="with --startup-runs: imports compile from source (no __pycache__)",
    )
    args = parser.parse_args()
    if args.startup_runs:
        run_startup_processes(args.startup_runs, not args.no_bytecode)
        return
    if not args.skip_startup:
        run_startup()
    run_cases(args.rounds, args.requests)


if __name__ == "__main__":
    main()
