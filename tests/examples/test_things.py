from __future__ import annotations

import pytest

import restcore.testing
from examples import things


@pytest.fixture
def client():
    return restcore.testing.TestClient(things.create_app())


def test_create_list_get_delete(client):
    created = client.simulate_post("/things", json={"name": "lamp", "color": "red"})
    assert created.status_code == 201
    assert created.headers["Location"] == f"/things/{created.json['id']}"
    thing_id = created.json["id"]

    listed = client.simulate_get("/things")
    assert listed.json == {"things": [{"id": thing_id, "name": "lamp", "color": "red"}]}

    assert client.simulate_get(f"/things/{thing_id}").json["name"] == "lamp"
    assert client.simulate_delete(f"/things/{thing_id}").status_code == 204
    assert client.simulate_get(f"/things/{thing_id}").status_code == 404


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"json": {"color": "red"}}, 422),
        ({"json": ["not", "an", "object"]}, 422),
        ({"body": "name=x", "content_type": "application/x-www-form-urlencoded"}, 415),
        ({"body": "{bad json", "content_type": "application/json"}, 400),
        ({"body": "", "content_type": "application/json"}, 400),
    ],
)
def test_bad_input_gets_a_4xx_with_json(client, kwargs, status):
    result = client.simulate_post("/things", **kwargs)
    assert result.status_code == status
    assert result.json["title"]


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=101", "limit=x", "marker=-1", "marker=abc"]
)
def test_invalid_pagination_params(client, query):
    result = client.simulate_get("/things", query_string=query)
    assert result.status_code == 400
    assert result.json["title"] == "Invalid parameter"


def test_pagination(client):
    ids = [
        client.simulate_post("/things", json={"name": f"t{i}"}).json["id"]
        for i in range(5)
    ]
    page = client.simulate_get("/things", query_string=f"marker={ids[1]}&limit=2").json
    assert [thing["id"] for thing in page["things"]] == ids[2:4]


def test_storage_error_handler(client):
    class BrokenStore(things.ThingStore):
        def list(self, marker, limit):
            raise things.StorageError("disk on fire")

    broken = restcore.testing.TestClient(things.create_app(BrokenStore()))
    result = broken.simulate_get("/things")
    assert result.status_code == 503
    assert result.headers["Retry-After"] == "30"
    assert result.json["description"] == "disk on fire"


def test_health_is_text(client):
    result = client.simulate_get("/health")
    assert result.text == "ok"
    assert result.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_unknown_thing_id_type_is_404(client):
    assert client.simulate_get("/things/abc").status_code == 404
