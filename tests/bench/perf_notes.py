"""Measure the micro-choices behind the ``# PERF:`` notes of restcore's modules.

Usage: python tests/bench/perf_notes.py [NOTE ...] [--timeit]

Each note is a pair: the code as restcore writes it and the plain alternative
it replaced, run on the same inputs. By default each is counted in machine
instructions per call by callgrind (as ``instructions.py`` does: a run of N
calls minus a run of none, hash seed fixed), which a shared machine's load does
not move; ``--timeit`` times them instead (best of 25, ns per call). A
``# PERF:`` note cites its line of this output by name. Needs valgrind; not
collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import timeit

SETUP = """
import re
import orjson
from restcore import errors
from restcore.media.json import JSONHandler, _DIGITS_AS_ZERO, _DIGIT_RUN
from restcore.request import Request
from restcore.response import Response, _VALID_NAMES
from restcore.testing import create_environ
from restcore.util.decimals import DECIMAL_VALUES
from restcore.util.structures import Context
from restcore.util.uri import _decode_form, parse_query_string

COOKIE = "session=abc123; theme=dark; lang=en; tracking=xyz; consent=yes"
VALUE = "application/json"
NAMES = dict(_VALID_NAMES, **{"Content-Type": "content-type"})
QUERY = ("q=falcon&limit=25&offset=100&min_price=10&max_price=500&active=true"
         "&verbose=false&tag=a&tag=b&tag=c&id=1&id=2&id=3&sort=name&order=desc&lang=en")
FIELDS = QUERY.split("&")
IDS = ["1", "2", "3"]
BODY = orjson.dumps({"name": "item", "price": 10, "tags": ["a", "b"], "id": 12345})
HANDLER = JSONHandler()
HANDLERS = Response().options.media_handlers
DOC = {"id": 1, "name": "item"}
ENV = create_environ(path="/items", query_string="limit=25&offset=5")
REQ = Request(ENV)
RESP = Response()

def has_long_digit_run(data):
    return data.translate(_DIGITS_AS_ZERO).find(_DIGIT_RUN) >= 0

def parse_loop_filter(header):
    for pair in filter(None, header.split(";")):
        pair.partition("=")

def parse_loop_test(header):
    for pair in header.split(";"):
        if not pair:
            continue
        pair.partition("=")

def plain_fields(query):
    params = {}
    for field in query.split("&"):
        if field:
            key, _, value = field.partition("=")
            if key in params:
                old = params[key]
                if old.__class__ is list:
                    old.append(value)
                else:
                    params[key] = [old, value]
            else:
                params[key] = value
    return params

def filter_get_fields(query):
    params = {}
    for field in filter(None, query.split("&")):
        key, _, value = field.partition("=")
        old = params.get(key)
        if old is None:
            params[key] = value
        elif isinstance(old, list):
            old.append(value)
        else:
            params[key] = [old, value]
    return params

def decode_if_needed(fields):
    for field in fields:
        if "%" in field or "+" in field:
            _decode_form(field)

def decode_always(fields):
    for field in fields:
        _decode_form(field)

def encoded_tested_once(query):
    is_encoded = "%" in query or "+" in query
    for field in filter(None, query.split("&")):
        key, _, value = field.partition("=")
        if is_encoded and ("%" in key or "+" in key):
            pass
        if is_encoded and ("%" in value or "+" in value):
            pass

def encoded_tested_each(query):
    for field in filter(None, query.split("&")):
        key, _, value = field.partition("=")
        if "%" in key or "+" in key:
            pass
        if "%" in value or "+" in value:
            pass

def fields_test(query):
    for field in query.split("&"):
        if not field:
            continue
        field.partition("=")

def fields_filter(query):
    for field in filter(None, query.split("&")):
        field.partition("=")

def int_items_loop(items):
    numbers = []
    for item in items:
        if item not in DECIMAL_VALUES:
            return [int(i) for i in items]
        numbers.append(DECIMAL_VALUES[item])
    return numbers

def int_items_map(items):
    numbers = list(map(DECIMAL_VALUES.get, items))
    if None in numbers:
        return [int(i) for i in items]
    return numbers

def header_value_plain(value):
    if "\\r" in value or "\\n" in value or "\\0" in value:
        raise ValueError
    value.encode("iso-8859-1")
    return value
"""

# name -> (as written, the alternative)
NOTES: dict[str, tuple[str, str]] = {
    "cookie-filter": ("parse_loop_filter(COOKIE)", "parse_loop_test(COOKIE)"),
    "header-value-check": (
        "VALUE.isascii() and VALUE.isprintable()",
        "header_value_plain(VALUE)",
    ),
    "header-name-lookup": (
        "NAMES['Content-Type']",
        "NAMES.get('Content-Type') is None",
    ),
    "resolve-cache-read": (
        "HANDLERS._resolved.get(VALUE)",
        "HANDLERS._resolve(VALUE, VALUE)",
    ),
    "lazy-context": ("None", "Context()"),
    "class-defaults": (
        "None",
        "o = RESP; o.a1 = o.a2 = o.a3 = o.a4 = o.a5 = o.a6 = o.a7 = o.a8 = None",
    ),
    "httperror-no-kwargs": (
        "errors.HTTPError(404)",
        "errors.HTTPError(404, description=None, headers=None)",
    ),
    "orjson-direct": ("orjson.dumps(DOC)", "HANDLER.serialize(DOC, VALUE)"),
    "digit-run-inline": (
        "BODY.translate(_DIGITS_AS_ZERO).find(_DIGIT_RUN) >= 0",
        "has_long_digit_run(BODY)",
    ),
    "vary-direct": (
        "h = {}; v = h.get('vary'); h['vary'] = 'Accept' if v is None else v",
        "RESP.append_header('Vary', 'Accept'); RESP._headers.pop('vary')",
    ),
    "query-plain-fields": ("plain_fields(QUERY)", "filter_get_fields(QUERY)"),
    "query-parse-general": (
        "parse_query_string(QUERY, True, False)",
        "parse_query_string(QUERY.replace('a', '%61'), True, False)",
    ),
    "decode-inline-test": ("decode_if_needed(FIELDS)", "decode_always(FIELDS)"),
    "query-encoded-once": (
        "encoded_tested_once(QUERY)",
        "encoded_tested_each(QUERY)",
    ),
    "query-fields-test": ("fields_test(QUERY)", "fields_filter(QUERY)"),
    "int-list-loop": ("int_items_loop(IDS)", "int_items_map(IDS)"),
    "decimal-table": ("DECIMAL_VALUES['25']", "int('25')"),
    "request-scan-param": (
        "r = Request(ENV); r.get_param('limit')",
        "r = Request(ENV); r.params.get('limit')",
    ),
}


def measure(statement: str, number: int) -> float:
    """Best time of one statement, in ns."""
    timer = timeit.Timer(statement, SETUP)
    return min(timer.repeat(25, number)) / number * 1e9


_CHILD = """
import sys
exec(compile(sys.argv[1], "<setup>", "exec"))
code = compile(sys.argv[2], "<statement>", "exec")
for _ in range(50):  # warm up: let the interpreter specialize
    exec(code)
for _ in range(int(sys.argv[3])):
    exec(code)
"""


def _collected(statement: str, count: int) -> int:
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        "-c",
        _CHILD,
        SETUP,
        statement,
        str(count),
    ]
    env = dict(os.environ, PYTHONHASHSEED="0")
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    match = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode != 0 or match is None:
        raise SystemExit(f"callgrind failed for {statement!r}:\n{result.stderr}")
    return int(match.group(1))


def instructions(statement: str, number: int) -> float:
    """Machine instructions per run of one statement (the exec harness included)."""
    return (_collected(statement, number) - _collected(statement, 0)) / number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("notes", nargs="*", default=list(NOTES))
    parser.add_argument("--number", type=int, default=2000)
    parser.add_argument("--timeit", action="store_true")
    args = parser.parse_args()
    unit = "ns" if args.timeit else "instructions"
    for name in args.notes:
        written, alternative = NOTES[name]
        if args.timeit:
            ours = measure(written, args.number)
            theirs = measure(alternative, args.number)
        else:
            ours = instructions(written, args.number)
            theirs = instructions(alternative, args.number)
        print(
            f"{name:22} written {ours:8.0f}  alternative {theirs:8.0f}"
            f"  saves {theirs - ours:7.0f} {unit} per call",
            flush=True,
        )


if __name__ == "__main__":
    main()
