"""The decimal tables give exactly what int() and str() give, for every entry."""

from __future__ import annotations

import pytest

import restcore
import restcore.testing
from restcore.util.decimals import DECIMAL_LIMIT, DECIMAL_STRINGS, DECIMAL_VALUES


def test_the_tables_are_str_and_int_of_each_other() -> None:
    assert len(DECIMAL_STRINGS) == len(DECIMAL_VALUES) == DECIMAL_LIMIT
    for number, text in enumerate(DECIMAL_STRINGS):
        assert text == str(number)
        assert DECIMAL_VALUES[text] == int(text) == number


# Forms int() reads but the table does not hold, and forms int() refuses.
_NUMBERS = ["0", "7", "42", "4095", "4096", "123456789012345678901234567890"]
_OTHER_FORMS = ["007", "-1", "+1", " 1", "1 ", "1_0", "\u0663", "-0"]
_NOT_NUMBERS = ["", "1.5", "x", "0x10", "1e3", "--1"]


@pytest.mark.parametrize("text", _NUMBERS + _OTHER_FORMS + _NOT_NUMBERS)
def test_int_getters_read_every_form_as_int_does(text: str) -> None:
    query_string = restcore.uri.encode_value(text)
    # l: the form first, m: after a number the table holds.
    query = f"n={query_string}&l={query_string}&l=1&m=1&m={query_string}"
    req = restcore.testing.create_req(query_string=query)
    try:
        expected: object = int(text)
    except ValueError:
        expected = None
    if expected is None:
        with pytest.raises(restcore.HTTPInvalidParam):
            req.get_param_as_int("n")
        for name in ("l", "m"):
            with pytest.raises(restcore.HTTPInvalidParam):
                req.get_param_as_list(name, transform=int)
    else:
        assert req.get_param_as_int("n") == expected
        assert req.get_param_as_list("l", transform=int) == [expected, 1]
        assert req.get_param_as_list("m", transform=int) == [1, expected]


class Item:
    def on_get(self, req: restcore.Request, resp: restcore.Response, id: int) -> None:
        resp.media = {"id": id, "type": type(id).__name__}


@pytest.mark.parametrize("text", _NUMBERS + _OTHER_FORMS + _NOT_NUMBERS)
def test_int_route_fields_match_falcon_for_every_form(text: str) -> None:
    import falcon
    import falcon.testing

    results = []
    for framework in (falcon, restcore):
        app = framework.App()
        app.add_route("/items/{id:int}", Item())
        result = framework.testing.simulate_get(
            app, "/items/" + framework.uri.encode_value(text)
        )
        results.append((result.status_code, result.json))
    if text in ("+1", "1_0", "\u0663"):
        # A documented difference (docs/differences.md): a path segment is
        # ASCII digits; Falcon's int() reads these too.
        assert results[0][0] == 200
        assert results[1][0] == 404
    else:
        assert results[0] == results[1]
