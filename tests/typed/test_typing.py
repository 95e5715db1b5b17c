"""mypy sees ``Query[int]`` as ``int``: a ``str`` argument is an error."""

from __future__ import annotations

import pathlib

from mypy import api

SNIPPET = """
from restcore.typed import Query

def on_get(req: object, resp: object, limit: Query[int] = 10) -> None:
    reveal_type(limit)

on_get(None, None, limit="ten")
"""


def test_query_int_is_int_to_mypy(tmp_path: pathlib.Path) -> None:
    source = tmp_path / "snippet.py"
    source.write_text(SNIPPET)
    stdout, _, status = api.run(
        [
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "c"),
            str(source),
        ]
    )
    assert status == 1
    assert (
        'Revealed type is "int"' in stdout
        or 'Revealed type is "builtins.int"' in stdout
    )
    assert '"on_get" has incompatible type "str"; expected "int"' in stdout
