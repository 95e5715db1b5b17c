from __future__ import annotations

import contextlib
from typing import Any

import falcon.routing
from hypothesis import given, settings
from hypothesis import strategies as st

import restcore.routing
from restcore.routing.compiled import _FIELD_PATTERN

SEGMENT_PIECES = ["a", "b", "v1", ".", "-", ":", "(", ")", "{", "}", "x.y", " ", "\t"]
FIELDS = [
    "{f}",
    "{f:int}",
    "{f:int(2)}",
    "{f:uuid}",
    "{f:float}",
    "{f:path}",
    "{f:re('[ab]+')}",
    "{f:dt('%Y')}",
    "{f:nope}",
    "{f:}",
    "{}",
    "{class}",
    "{f:int(x)}",
]
PATH_PIECES = [
    "a",
    "b",
    "v1",
    "7",
    "-3",
    "1.5",
    "x.y",
    "a-7",
    "",
    "%",
    "é",
    "2024",
    "..",
]

segments = st.lists(
    st.one_of(st.sampled_from(SEGMENT_PIECES), st.sampled_from(FIELDS)),
    min_size=0,
    max_size=3,
).map("".join)
templates = st.lists(segments, min_size=1, max_size=4).map(
    lambda parts: "/" + "/".join(parts)
)
paths = st.lists(st.sampled_from(PATH_PIECES), min_size=0, max_size=5).map(
    lambda parts: "/" + "/".join(parts)
)


class Resource:
    def on_get(self, req: object, resp: object, **params: object) -> None:
        pass


def numbered(template: str, index: int) -> str:
    """Give each field a unique name so duplicates do not dominate."""
    out = []
    counter = 0
    for piece in template.split("{f"):
        if out:
            out.append("{f" + str(index) + "_" + str(counter))
            counter += 1
        out.append(piece)
    return "".join(out)


def add_all(router: Any, template_list: list[str]) -> list[bool]:
    accepted = []
    for template in template_list:
        try:
            router.add_route(template, Resource())
        except ValueError:
            accepted.append(False)
        else:
            accepted.append(True)
    return accepted


@settings(max_examples=150, deadline=None)
@given(st.lists(templates, min_size=1, max_size=6), st.lists(paths, max_size=6))
def test_find_never_raises(template_list: list[str], path_list: list[str]) -> None:
    router = restcore.routing.CompiledRouter()
    template_list = [numbered(t, i) for i, t in enumerate(template_list)]
    add_all(router, template_list)
    for path in path_list:
        found = router.find(path)
        if found is not None:
            resource, method_map, params, template = found
            assert isinstance(resource, Resource)
            assert "GET" in method_map
            assert isinstance(params, dict)
            assert template in template_list


@settings(max_examples=150, deadline=None)
@given(templates)
def test_registration_errors_are_value_errors(template: str) -> None:
    router = restcore.routing.CompiledRouter()
    with contextlib.suppress(ValueError):
        router.add_route(template, Resource())
    assert router.finder_src


@settings(max_examples=150, deadline=None)
@given(st.lists(templates, min_size=1, max_size=5), st.lists(paths, max_size=6))
def test_same_as_falcon(template_list: list[str], path_list: list[str]) -> None:
    template_list = [numbered(t, i) for i, t in enumerate(template_list)]
    ours = restcore.routing.CompiledRouter()
    theirs = falcon.routing.CompiledRouter()
    # Falcon keeps half-built branches after a failed add_route; compare only
    # sequences where both accept everything up to the first failure.
    accepted_ours = add_all(ours, template_list)
    accepted_theirs = add_all(theirs, template_list)
    first_failure = accepted_theirs.index(False) if False in accepted_theirs else None
    assert accepted_ours[:first_failure] == accepted_theirs[:first_failure]
    if first_failure is not None:
        return
    for path in path_list:
        mine, falcons = ours.find(path), theirs.find(path)
        assert (mine is None) == (falcons is None), path
        if mine is not None and falcons is not None:
            assert mine[3] == falcons[3]
            assert mine[2] == falcons[2]


FILL_VALUES = ["a", "7", "-3", "12", "1.5", "x.y", "a-7", "", "ab", "2024", "v1"]


def fill(template: str, values: list[str]) -> str:
    """Replace each field expression of a template with the next value."""
    parts = _FIELD_PATTERN.split(template)
    # split() interleaves captured groups; keep only the literal text.
    group_count = _FIELD_PATTERN.groups
    literals = parts[:: group_count + 1]
    out = [literals[0]]
    for index, literal in enumerate(literals[1:]):
        out.append(values[index % len(values)] if values else "")
        out.append(literal)
    return "".join(out)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(templates, min_size=1, max_size=5),
    st.lists(st.lists(st.sampled_from(FILL_VALUES), max_size=4), max_size=6),
)
def test_filled_paths_same_as_falcon(
    template_list: list[str], fills: list[list[str]]
) -> None:
    template_list = [numbered(t, i) for i, t in enumerate(template_list)]
    ours = restcore.routing.CompiledRouter()
    theirs = falcon.routing.CompiledRouter()
    if False in add_all(theirs, template_list):
        return
    assert all(add_all(ours, template_list))
    for index, values in enumerate(fills):
        path = fill(template_list[index % len(template_list)], values)
        mine, falcons = ours.find(path), theirs.find(path)
        assert (mine is None) == (falcons is None), path
        if mine is not None and falcons is not None:
            assert (mine[3], mine[2]) == (falcons[3], falcons[2])
