"""docs/deployment.md shows the nginx settings deploy/ runs and tests/deploy checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "deployment.md").read_text()
TEMPLATE = (ROOT / "deploy" / "nginx.conf.in").read_text()


def directives(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        match = re.fullmatch(r"(proxy_[a-z_]+|client_max_body_size)\s+(.*?);?", line)
        if match and "{" not in match[2]:
            found.setdefault(f"{match[1]} {match[2].split()[0]}", match[2])
    return found


@pytest.mark.parametrize(
    "name",
    [
        "proxy_set_header X-Forwarded-For",
        "proxy_set_header X-Forwarded-Proto",
        "proxy_set_header Forwarded",
        "proxy_set_header X-Request-ID",
        "proxy_set_header Connection",
        "proxy_next_upstream error",
        "proxy_next_upstream_tries 2",
        "proxy_connect_timeout 1s",
        "proxy_read_timeout 3s",
        "proxy_request_buffering off",
        "proxy_http_version 1.1",
    ],
)
def test_doc_block_matches_the_tested_template(name: str) -> None:
    nginx_block = re.search(
        r"```nginx\n(.*?)```", DOC[DOC.index("upstream notes") - 200 :], re.S
    )
    assert nginx_block is not None
    assert directives(nginx_block[1])[name] == directives(TEMPLATE)[name]


def test_post_is_never_retried() -> None:
    for text in (DOC, TEMPLATE):
        retries = re.findall(r"proxy_next_upstream\s+([^;]*);", text)
        assert retries
        assert all("non_idempotent" not in value for value in retries)
