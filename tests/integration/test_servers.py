"""The probe app under real WSGI servers, each in a subprocess on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.integration.checks import CHECKS, Skip
from tests.integration.servers import SERVERS, Server

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module", params=SERVERS, ids=lambda server: server.name)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Server, int]]:
    server: Server = request.param
    if not server.is_installed():
        pytest.skip(f"{server.module} is not installed")
    with server.running(tmp_path_factory.mktemp(server.name)) as (port, _):
        yield server, port


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__[6:])
def test_server(
    served: tuple[Server, int], check: Callable[[Server, int], None]
) -> None:
    server, port = served
    try:
        check(server, port)
    except Skip as ex:
        pytest.skip(str(ex))


@pytest.mark.parametrize("server", SERVERS, ids=lambda server: server.name)
def test_stops_on_sigterm(server: Server, tmp_path: Path) -> None:
    if not server.is_installed():
        pytest.skip(f"{server.module} is not installed")
    # running() fails the test if the server outlives SIGTERM by 15 s or
    # leaves a worker behind.
    with server.running(tmp_path) as (_, process):
        assert process.poll() is None
    assert process.returncode is not None
