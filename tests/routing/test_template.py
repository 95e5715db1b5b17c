from __future__ import annotations

import falcon.routing
import falcon.routing.compiled
import pytest

import restcore.routing
from restcore.routing import compiled
from restcore.routing.converters import BUILTIN
from restcore.routing.template import (
    COMPLEX,
    LITERAL,
    SIMPLE,
    UnacceptableRouteError,
    parse_converter_arguments,
    parse_template,
)

CONVERTERS = dict(BUILTIN)


class Resource:
    def on_get(self, req: object, resp: object, **params: object) -> None:
        pass


BAD_TEMPLATES = [
    "/{}",
    "/{a:}",
    "/{a:nope}",
    "/{a:int(x)}",
    "/{a:int(num_digits=0)}",
    "/{a:int(1, 2, 3, 4)}",
    "/{a:re('(')}",
    "/{a:re('x', group='missing')}",
    "/{1a}",
    "/{class}",
    "/{a b}",
    "/{ a }",
    "/{a-b}",
    "/{a}/{a}",
    "/{a}{a}",
    "/x/{id}/y/{id:int}",
    "/{a:path}/b",
    "/{a:path}.x",
    "/x{a:path}",
    "/{a:path}{b}",
    "/a b",
    "/a\tb",
    "/a\nb",
    " /a",
    "/a/ ",
    "/{a}/{b:uuid}/c d",
]


@pytest.mark.parametrize("template", BAD_TEMPLATES)
def test_bad_template_raises_falcons_error(template: str) -> None:
    with pytest.raises(falcon.routing.compiled.UnacceptableRouteError) as theirs:
        falcon.routing.CompiledRouter().add_route(template, Resource())
    with pytest.raises(UnacceptableRouteError) as ours:
        restcore.routing.CompiledRouter().add_route(template, Resource())
    assert str(ours.value) == str(theirs.value)
    assert isinstance(ours.value, ValueError)


ACCEPTED_TEMPLATES = [
    "/",
    "/{a",
    "/a}",
    "/{a:int(}",
    "/{a:int( 3 )}",
    "/{a:int}{b}",
    "/{a}{b}",
    "/x/{y}/",
    "/{a:re('x}')}",
    "/{a:int(min=1, max=2)}",
    "/{a:dt('%Y')}",
    "/{a:float(finite=False)}",
    "/{a:uuid()}",
    "/repos/{org}/{repo}/compare/{u0}:{b0}...{u1}:{b1}",
    "/serviceRoot/People('{name}')",
    "/café/{naïve_ok_ascii_name}".replace("ï", "i"),
    "no-leading-slash/{x}",
]


@pytest.mark.parametrize("template", ACCEPTED_TEMPLATES)
def test_template_accepted_like_falcon(template: str) -> None:
    falcon.routing.CompiledRouter().add_route(template, Resource())
    router = restcore.routing.CompiledRouter()
    router.add_route(template, Resource())
    assert router.finder_src


CONFLICTS = [
    ("/p/{id}", "/p/{pid}/c"),
    ("/p/{id}", "/p/{id:int}/c"),
    ("/p/{id:int}", "/p/{id:int(3)}"),
    ("/p/{a}.{b}", "/p/{c}.{d}/x"),
    ("/p/{a:int}", "/p/{a}/c"),
    ("/{x}", "/{y}"),
]


@pytest.mark.parametrize(("first", "second"), CONFLICTS)
def test_conflicting_templates_raise(first: str, second: str) -> None:
    router = falcon.routing.CompiledRouter()
    router.add_route(first, Resource())
    with pytest.raises(falcon.routing.compiled.UnacceptableRouteError) as theirs:
        router.add_route(second, Resource())
    ours_router = restcore.routing.CompiledRouter()
    ours_router.add_route(first, Resource())
    with pytest.raises(UnacceptableRouteError) as ours:
        ours_router.add_route(second, Resource())
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("/p/{a}.{b}", "/p/{c}-{d}/x"),
        ("/p/{id}", "/p/all"),
        ("/p/{id}", "/p/{id}.{ext}"),
        ("/p/{id}", "/p/{id}/x"),
    ],
)
def test_compatible_templates_coexist(first: str, second: str) -> None:
    router = restcore.routing.CompiledRouter()
    router.add_route(first, Resource())
    router.add_route(second, Resource())


def test_failed_add_route_leaves_the_tree_unchanged() -> None:
    # Falcon leaves a half-built branch behind; restcore checks before inserting.
    router = restcore.routing.CompiledRouter()
    with pytest.raises(UnacceptableRouteError):
        router.add_route("/p/{id}/{rest:path}/c", Resource())
    router.add_route("/p/{other}", Resource())
    found = router.find("/p/1")
    assert found is not None
    assert found[2] == {"other": "1"}


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("users", LITERAL),
        ("{id}", SIMPLE),
        ("{id:int(3)}", SIMPLE),
        ("{a}.{b}", COMPLEX),
        ("v{n:int}", COMPLEX),
        ("{a", LITERAL),
        ("", LITERAL),
    ],
)
def test_segment_kinds(raw: str, kind: int) -> None:
    (segment,) = parse_template("/" + raw, CONVERTERS)
    assert segment.kind == kind


def test_template_parsed_whole() -> None:
    segments = parse_template(
        "/repos/{org}/{repo}/compare/{u0}:{b0:int(2, min=1)}...{u1}", CONVERTERS
    )
    assert [segment.raw for segment in segments] == [
        "repos",
        "{org}",
        "{repo}",
        "compare",
        "{u0}:{b0:int(2, min=1)}...{u1}",
    ]
    last = segments[-1]
    assert [field.name for field in last.fields] == ["u0", "b0", "u1"]
    assert last.fields[1].converter_name == "int"
    assert last.fields[1].argstr == "2, min=1"
    assert last.pattern is not None
    match = last.pattern.fullmatch("me:12...you")
    assert match is not None
    assert match.groupdict() == {"u0": "me", "b0": "12", "u1": "you"}


TEMPLATE_FOR_PREFIXES = "/repos/{org}/{id:int(4, min=1)}/c/{a}...{b}/{rest:path}"


@pytest.mark.parametrize("end", range(len(TEMPLATE_FOR_PREFIXES) + 1))
def test_every_prefix_parses_or_raises_value_error(end: int) -> None:
    prefix = TEMPLATE_FOR_PREFIXES[:end]
    router = restcore.routing.CompiledRouter()
    try:
        router.add_route(prefix or "/", Resource())
    except ValueError:
        return
    assert router.find("/") is None or router.find("/") is not None


@pytest.mark.parametrize(
    ("argstr", "expected"),
    [
        ("4", ([4], {})),
        ("4, min=1", ([4], {"min": 1})),
        ("min=-1, max=2.5", ([], {"min": -1, "max": 2.5})),
        ("'%Y-%m-%d'", (["%Y-%m-%d"], {})),
        ("finite=False", ([], {"finite": False})),
        ("", ([], {})),
        ("None", ([None], {})),
    ],
)
def test_converter_arguments_are_literals(
    argstr: str, expected: tuple[list[object], dict[str, object]]
) -> None:
    assert parse_converter_arguments(argstr) == expected


@pytest.mark.parametrize(
    "argstr", ["__import__('os')", "2**3", "x", "*[1]", "**{}", "1)(2", "min="]
)
def test_converter_arguments_are_never_evaluated(argstr: str) -> None:
    # Falcon eval()s the argument text; restcore accepts literals only.
    with pytest.raises((ValueError, SyntaxError)):
        parse_converter_arguments(argstr)


def test_expression_arguments_rejected_where_falcon_evaluates_them() -> None:
    falcon.routing.CompiledRouter().add_route("/{n:int(min=2**3)}", Resource())
    with pytest.raises(UnacceptableRouteError, match="Cannot instantiate"):
        restcore.routing.CompiledRouter().add_route("/{n:int(min=2**3)}", Resource())


@pytest.mark.parametrize(
    "text",
    [
        "{x}",
        "{x:int}",
        "{x:int(3)}",
        "{x:re('a')}",
        "{a",
        "{:int}",
        "{x:}",
        "{x:int(}",
        "a{b}c{d:e(f)}g",
    ],
)
def test_field_pattern_same_as_falcon(text: str) -> None:
    ours = [m.groupdict() for m in compiled._FIELD_PATTERN.finditer(text)]
    theirs = [
        m.groupdict() for m in falcon.routing.compiled._FIELD_PATTERN.finditer(text)
    ]
    assert ours == theirs
