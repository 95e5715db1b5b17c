"""Time cookie and query parsing of 1 MB hostile values (not collected).

Run: python tests/bench/bench_hostile.py

Each value is built to hit a parser's worst case (escape-dense quoted cookies,
thousands of pairs, percent signs that are not escapes, ...). Every line must
stay under 50 ms: the parsers are linear. With ``--falcon`` the same values,
cut to 64 KB (Falcon's cookie unquoting is quadratic on some of them), are
timed through Falcon for comparison.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import restcore.testing

LIMIT_MS = 50.0
SIZE = 1 << 20

COOKIES: dict[str, str] = {
    "quoted octal escapes": 'a="' + "\\073" * (SIZE // 4) + '"',
    "quoted backslash pairs": 'a="' + "\\\\" * (SIZE // 2) + '"',
    "octal then lone backslash": 'a="' + "\\0" * (SIZE // 2) + '"',
    "many pairs": "a=1; " * (SIZE // 5),
    "separators only": ";" * SIZE,
    "one huge value": "a=" + "x" * SIZE,
    "reserved-char names": "(x)=1; " * (SIZE // 7),
}
QUERIES: dict[str, str] = {
    "many pairs": "a=1&" * (SIZE // 4),
    "one repeated key": "k=v&" * (SIZE // 4),
    "lone percents": "a=" + "%" * SIZE,
    "bad escapes": "a=" + "%zz" * (SIZE // 3),
    "valid escapes": "a=" + "%C3%A9" * (SIZE // 6),
    "valid and invalid escapes": "a=" + "%41%" * (SIZE // 4),
    "invalid majority": "a=" + "%41%%" * (SIZE // 5),
    "plus signs": "a=" + "+" * SIZE,
    "csv commas (auto_parse_qs_csv)": "a=" + "," * SIZE,
    "ampersands only": "&" * SIZE,
}


def parse_cookies(framework: Any, header: str) -> Any:
    return framework.testing.create_req(headers={"Cookie": header}).cookies


def parse_query(framework: Any, query: str) -> Any:
    options = framework.RequestOptions()
    options.auto_parse_qs_csv = True
    return framework.testing.create_req(options=options, query_string=query).params


def best_ms(func: Callable[[], Any], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> int:
    falcon: Any = None
    if "--falcon" in sys.argv:
        import falcon
        import falcon.testing
    failed = False
    groups = (("cookie", COOKIES, parse_cookies), ("query", QUERIES, parse_query))
    for kind, values, parse in groups:
        for label, value in values.items():
            ours = best_ms(lambda p=parse, v=value: p(restcore, v))
            theirs = ""
            if falcon is not None:
                sample = value[: 1 << 16]
                ms = best_ms(lambda p=parse, v=sample: p(falcon, v), 1)
                theirs = f"  (falcon, 64 KB: {ms:.1f} ms)"
            verdict = "ok" if ours < LIMIT_MS else "TOO SLOW"
            failed |= ours >= LIMIT_MS
            print(f"{kind:6} {label:32} {ours:8.1f} ms  {verdict}{theirs}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
