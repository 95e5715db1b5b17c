"""Query parameters: parsing on first use and Falcon's typed getters.

``QueryParams`` is a mixin of ``Request`` (it has no state of its own): the
query string is parsed into ``_cached_params`` the first time a getter needs
it; a short query string read for one parameter is scanned instead
(``get_param``). Getters raise ``HTTPMissingParam`` / ``HTTPInvalidParam``
(400) with Falcon's titles and descriptions.
"""

from __future__ import annotations

import datetime
import io
import math
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from restcore import errors
from restcore.constants import FALSE_STRINGS, MEDIA_JSON, TRUE_STRINGS
from restcore.request_options import RequestOptions
from restcore.util.decimals import DECIMAL_VALUES
from restcore.util.numbers import is_within, parse_int
from restcore.util.uri import _parse_plain_fields, parse_query_string

__all__ = ["QueryParams"]

_T = TypeVar("_T")

_PARAM_VALUE_DELIMITERS = {
    ",": ",",
    "|": "|",
    " ": " ",
    "pipeDelimited": "|",
    "spaceDelimited": " ",
}


# Query strings up to this length are scanned for the parameter get_param()
# asks for instead of parsed whole; longer ones have enough fields for a parse
# to pay (apps read several of them).
_SCAN_LIMIT = 64


_MULTIPLE_MESSAGE = "It may not have more than one value."


def _transform_items(
    name: str, items: list[str], transform: Callable[[str], Any]
) -> list[Any]:
    """Apply a list getter's transform (a ValueError gives a 400)."""
    try:
        return list(map(transform, items))
    except ValueError:
        raise errors.HTTPInvalidParam(
            "The value is not formatted correctly.", name
        ) from None


def _last_value(name: str, values: list[str], allow_multiple: bool) -> str:
    """Return the last of a repeated parameter's values (400 if not allowed)."""
    if not allow_multiple:
        raise errors.HTTPInvalidParam(_MULTIPLE_MESSAGE, name)
    return values[-1]


class QueryParams:
    """The query-parameter half of ``Request`` (a mixin; its one slot caches)."""

    __slots__ = ("_cached_params", "options", "query_string")

    _cached_params: dict[str, Any] | None
    options: RequestOptions
    query_string: str

    @property
    def params(self) -> dict[str, Any]:
        """The query parameters: a str per name, or a list when repeated."""
        params = self._cached_params
        if params is None:
            params = self._parse_params()
        return params

    @property
    def _params(self) -> dict[str, Any]:
        # Falcon's attribute name, read by some extensions.
        return self.params

    def _parse_params(self) -> dict[str, Any]:
        query_string = self.query_string
        options = self.options
        if not query_string:
            params = {}
        elif (
            options._scan_params and "%" not in query_string and "+" not in query_string
        ):
            # PERF: default options and nothing to decode: the plain loop, with
            # no option properties read (0.1 µs on the scoreboard's query;
            # timeit, its bench not kept).
            params = _parse_plain_fields(query_string)
        else:
            params = parse_query_string(
                query_string, options._keep_blank_qs_values, options._auto_parse_qs_csv
            )
        if options._auto_parse_form_urlencoded:
            self._merge_form_params(params)
        self._cached_params = params
        return params

    def _read_form_body(self) -> str | None:
        """Return a urlencoded form body to merge into ``params``, or None.

        Only a request has a body: ``Request`` overrides this.
        """
        return None

    def _merge_form_params(self, params: dict[str, Any]) -> None:
        body = self._read_form_body()
        if body:
            options = self.options
            params.update(
                parse_query_string(
                    body,
                    keep_blank=options.keep_blank_qs_values,
                    csv=options.auto_parse_qs_csv,
                )
            )

    def has_param(self, name: str) -> bool:
        """Tell whether the query string has a parameter.

        Args:
            name: The parameter name.

        Returns:
            True if present.
        """
        params = self._cached_params
        if params is None:
            params = self._parse_params()
        return name in params

    def get_param(
        self,
        name: str,
        required: bool = False,
        store: dict[str, Any] | None = None,
        default: str | None = None,
        allow_multiple: bool = True,
    ) -> str | None:
        """Return a query parameter's value (the last one when repeated).

        Args:
            name: The parameter name.
            required: Raise ``HTTPMissingParam`` when it is absent.
            store: A dict to copy the value into, under ``name``.
            default: Returned when the parameter is absent.
            allow_multiple: When False, a repeated parameter is a 400.

        Returns:
            The value, or the default.
        """
        params = self._cached_params
        if params is not None:
            value = params.get(name)
        elif (
            len(query_string := self.query_string) <= _SCAN_LIMIT
            and self.options._scan_params
            and name
            and name.__class__ is str
            and "%" not in query_string
            and "+" not in query_string
        ):
            # PERF: one parameter of a short query string that needs no
            # decoding is cut out with two partitions (METH_O: cheap calls)
            # instead of a dict of every field; a name found where no key
            # starts, or found again, is left to the parse (which makes the
            # list of a repeated one). tests/bench/perf_notes.py
            # request-scan-param: 2767 instructions, 0.5 µs less a request.
            head, found, tail = query_string.partition(name + "=")
            if not found:
                # Absent, unless it stands as a bare key (a blank value).
                value = self._parse_params().get(name) if name in query_string else None
            elif (
                (head and (head[-1] != "&" or name in head))
                or "=" in name
                or "&" in name
            ):
                value = self._parse_params().get(name)
            else:
                value, _, rest = tail.partition("&")
                if name in rest:  # perhaps again: the parse makes the list
                    value = self._parse_params().get(name)
        else:
            value = self._parse_params().get(name)
        if value is None:
            if required:
                raise errors.HTTPMissingParam(name)
            return default
        if value.__class__ is list:
            value = _last_value(name, value, allow_multiple)
        if store is not None:
            store[name] = value
        return value

    def get_param_as_int(
        self,
        name: str,
        required: bool = False,
        min_value: int | None = None,
        max_value: int | None = None,
        store: dict[str, Any] | None = None,
        default: int | None = None,
        allow_multiple: bool = True,
    ) -> int | None:
        """Return a query parameter as an int, checking optional bounds.

        Args:
            name: The parameter name.
            required: Raise ``HTTPMissingParam`` when it is absent.
            min_value: Smallest value accepted.
            max_value: Largest value accepted.
            store: A dict to copy the value into.
            default: Returned when the parameter is absent.
            allow_multiple: When False, a repeated parameter is a 400.

        Returns:
            The value, or the default.
        """
        # PERF: get_param inlined (a call less; 8 of the scoreboard's 12 getters;
        # tests/bench/perf_notes.py get-param-inlined: 4173 vs 4684
        # instructions, 159 vs 190 ns).
        params = self._cached_params
        if params is None:
            params = self._parse_params()
        raw = params.get(name)
        if raw is None:
            if required:
                raise errors.HTTPMissingParam(name)
            return default
        if raw.__class__ is list:
            raw = _last_value(name, raw, allow_multiple)
        # PERF: small canonical numbers from the table (see util.decimals;
        # tests/bench/perf_notes.py decimal-table: 25 vs 106 ns).
        if raw in DECIMAL_VALUES:  # (operators: cheaper than a .get call)
            value = DECIMAL_VALUES[raw]
        else:
            try:
                value = parse_int(raw)
            except ValueError:
                raise errors.HTTPInvalidParam(
                    "The value must be an integer.", name
                ) from None
        if min_value is not None or max_value is not None:
            _check_bounds(name, value, min_value, max_value)
        if store is not None:
            store[name] = value
        return value

    def get_param_as_float(
        self,
        name: str,
        required: bool = False,
        min_value: float | None = None,
        max_value: float | None = None,
        store: dict[str, Any] | None = None,
        default: float | None = None,
        allow_multiple: bool = True,
    ) -> float | None:
        """Return a query parameter as a float, checking optional bounds.

        Args:
            name: The parameter name.
            required: Raise ``HTTPMissingParam`` when it is absent.
            min_value: Smallest value accepted.
            max_value: Largest value accepted.
            store: A dict to copy the value into.
            default: Returned when the parameter is absent.
            allow_multiple: When False, a repeated parameter is a 400.

        Returns:
            The value, or the default.
        """
        raw = self.get_param(name, required, None, None, allow_multiple)
        if raw is None:
            return default
        try:
            value = float(raw)
        except ValueError:
            raise errors.HTTPInvalidParam("The value must be a float.", name) from None
        if min_value is not None or max_value is not None:
            _check_bounds(name, value, min_value, max_value)
        if store is not None:
            store[name] = value
        return value

    def get_param_as_uuid(
        self,
        name: str,
        required: bool = False,
        store: dict[str, Any] | None = None,
        default: uuid.UUID | None = None,
        allow_multiple: bool = True,
    ) -> uuid.UUID | None:
        """Return a query parameter as a UUID.

        Args:
            name: The parameter name.
            required: Raise ``HTTPMissingParam`` when it is absent.
            store: A dict to copy the value into.
            default: Returned when the parameter is absent.
            allow_multiple: When False, a repeated parameter is a 400.

        Returns:
            The value, or the default.
        """
        raw = self.get_param(name, required, None, None, allow_multiple)
        if raw is None:
            return default
        try:
            value = uuid.UUID(raw)
        except ValueError:
            raise errors.HTTPInvalidParam(
                "The value must be a UUID string.", name
            ) from None
        if store is not None:
            store[name] = value
        return value

    def get_param_as_bool(
        self,
        name: str,
        required: bool = False,
        store: dict[str, Any] | None = None,
        blank_as_true: bool = True,
        default: bool | None = None,
        allow_multiple: bool = True,
    ) -> bool | None:
        """Return a query parameter as a bool (``true``/``false``, ``1``/``0``...).

        Args:
            name: The parameter name.
            required: Raise ``HTTPMissingParam`` when it is absent.
            store: A dict to copy the value into.
            blank_as_true: Treat an empty value as True.
            default: Returned when the parameter is absent.
            allow_multiple: When False, a repeated parameter is a 400.

        Returns:
            The value, or the default.
        """
        # PERF: get_param inlined (a call less; 8 of the scoreboard's 12 getters;
        # as measured for get_param_as_int: perf_notes.py get-param-inlined).
        params = self._cached_params
        if params is None:
            params = self._parse_params()
        raw = params.get(name)
        if raw is None:
            if required:
                raise errors.HTTPMissingParam(name)
            return default
        if raw.__class__ is list:
            raw = _last_value(name, raw, allow_multiple)
        if raw in TRUE_STRINGS:
            value = True
        elif raw in FALSE_STRINGS:
            value = False
        elif not raw:
            value = blank_as_true
        else:
            raise errors.HTTPInvalidParam(
                'The value of the parameter must be "true" or "false".', name
            )
        if store is not None:
            store[name] = value
        return value

    def get_param_as_list(  # noqa: C901 - the query scenario's int-list fast path stays inline
        self,
        name: str,
        transform: Callable[[str], Any] | None = None,
        required: bool = False,
        store: dict[str, Any] | None = None,
        default: list[Any] | None = None,
        delimiter: str | None = None,
    ) -> list[Any] | None:
        """Return a query parameter's values as a list.

        Args:
            name: The parameter name.
            transform: Applied to every value (a ValueError gives a 400).
            required: Raise ``HTTPMissingParam`` when it is absent.
            store: A dict to copy the list into.
            default: Returned when the parameter is absent.
            delimiter: Split a single value on ``','``, ``'|'`` or ``' '``
                (or ``'pipeDelimited'``, ``'spaceDelimited'``).

        Returns:
            The values, or the default.

        Raises:
            ValueError: ``delimiter`` is not one of the supported values.
        """
        params = self._cached_params
        if params is None:
            params = self._parse_params()
        value = params.get(name)
        if value is None:
            if required:
                raise errors.HTTPMissingParam(name)
            return default
        if value.__class__ is list:
            items = value
        elif delimiter is None:
            items = [value]
        else:
            separator = _PARAM_VALUE_DELIMITERS.get(delimiter)
            if separator is None:
                raise ValueError(
                    f"Unsupported delimiter value: {delimiter!r};"
                    f" supported: {tuple(_PARAM_VALUE_DELIMITERS)}"
                )
            items = value.split(separator)
        if transform is int:
            # PERF: small canonical numbers from the table (see util.decimals),
            # by a loop of operators: list(map(DECIMAL_VALUES.get, ...)) and a
            # None test cost more on a few items (tests/bench/perf_notes.py
            # int-list-loop: 269 vs 420 ns on three ids).
            numbers = []
            for item in items:
                if item not in DECIMAL_VALUES:  # int() decides, for them all
                    numbers = _transform_items(name, items, parse_int)
                    break
                numbers.append(DECIMAL_VALUES[item])
            items = numbers
        elif transform is not None:
            items = _transform_items(name, items, transform)
        if store is not None:
            store[name] = items
        return items

    def get_param_as_datetime(
        self,
        name: str,
        format_string: str = "%Y-%m-%dT%H:%M:%S%z",
        required: bool = False,
        store: dict[str, Any] | None = None,
        default: datetime.datetime | None = None,
        allow_multiple: bool = True,
    ) -> datetime.datetime | None:
        """Return a query parameter parsed with ``strptime``.

        Args:
            name: The parameter name.
            format_string: The ``strptime`` format.
            required: Raise ``HTTPMissingParam`` when it is absent.
            store: A dict to copy the value into.
            default: Returned when the parameter is absent.
            allow_multiple: When False, a repeated parameter is a 400.

        Returns:
            The value, or the default.
        """
        raw = self.get_param(name, required, None, None, allow_multiple)
        if raw is None:
            return default
        try:
            value = datetime.datetime.strptime(raw, format_string)
        except ValueError:
            raise errors.HTTPInvalidParam(
                "The date value does not match the required format.", name
            ) from None
        if store is not None:
            store[name] = value
        return value

    def get_param_as_date(
        self,
        name: str,
        format_string: str = "%Y-%m-%d",
        required: bool = False,
        store: dict[str, Any] | None = None,
        default: datetime.date | None = None,
        allow_multiple: bool = True,
    ) -> datetime.date | None:
        """Return a query parameter as a date.

        Args:
            name: The parameter name.
            format_string: The ``strptime`` format.
            required: Raise ``HTTPMissingParam`` when it is absent.
            store: A dict to copy the value into.
            default: Returned when the parameter is absent.
            allow_multiple: When False, a repeated parameter is a 400.

        Returns:
            The value, or the default.
        """
        value = self.get_param_as_datetime(
            name, format_string, required, allow_multiple=allow_multiple
        )
        if value is None:
            return default
        date = value.date()
        if store is not None:
            store[name] = date
        return date

    def get_param_as_json(
        self,
        name: str,
        required: bool = False,
        store: dict[str, Any] | None = None,
        default: Any | None = None,
        allow_multiple: bool = True,
    ) -> Any:
        """Return a query parameter parsed as JSON.

        Args:
            name: The parameter name.
            required: Raise ``HTTPMissingParam`` when it is absent.
            store: A dict to copy the value into.
            default: Returned when the parameter is absent.
            allow_multiple: When False, a repeated parameter is a 400.

        Returns:
            The value, or the default.
        """
        raw = self.get_param(name, required, None, None, allow_multiple)
        if raw is None:
            return default
        handler = self.options.media_handlers._resolve(
            MEDIA_JSON, MEDIA_JSON, raise_not_found=False
        )[0]
        if handler is None:
            # Keep this helper working when the app unregistered JSON.
            from restcore.media.json import JSONHandler

            handler = JSONHandler()
        return _deserialize_param(name, raw, MEDIA_JSON, handler, store)

    def get_param_as_media(
        self,
        name: str,
        media_type: str | None = None,
        required: bool = False,
        store: dict[str, Any] | None = None,
        default: Any | None = None,
        allow_multiple: bool = True,
    ) -> Any:
        """Return a query parameter deserialized by a media handler.

        Args:
            name: The parameter name.
            media_type: The handler's media type (default: the options'
                ``default_media_type``).
            required: Raise ``HTTPMissingParam`` when it is absent.
            store: A dict to copy the value into.
            default: Returned when the parameter is absent.
            allow_multiple: When False, a repeated parameter is a 400.

        Returns:
            The value, or the default.

        Raises:
            ValueError: No handler is registered for ``media_type``.
        """
        raw = self.get_param(name, required, None, None, allow_multiple)
        if raw is None:
            return default
        options = self.options
        if media_type is None:
            media_type = options.default_media_type
        handler = options.media_handlers._resolve(
            media_type, options.default_media_type, raise_not_found=False
        )[0]
        if handler is None:
            raise ValueError(_no_handler_message(media_type))
        return _deserialize_param(name, raw, media_type, handler, store)

    def get_param_as_dict(
        self,
        name: str,
        required: bool = False,
        deep_object: bool = False,
        delimiter: str | None = None,
        store: dict[str, Any] | None = None,
        default: dict[str, str] | None = None,
        allow_multiple: bool = True,
    ) -> dict[str, str] | None:
        """Return a query parameter as a dict.

        By default the value is a flat ``key,value,key,value`` list (OpenAPI
        ``form`` style); with ``deep_object`` it is ``name[key]=value`` pairs.

        Args:
            name: The parameter name.
            required: Raise ``HTTPMissingParam`` when it is absent.
            deep_object: Read ``name[key]=value`` parameters.
            delimiter: The list delimiter, as for ``get_param_as_list``.
            store: A dict to copy the value into.
            default: Returned when the parameter is absent.
            allow_multiple: With ``deep_object``, when False a repeated key is
                a 400 (otherwise its first value is used).

        Returns:
            The dict, or the default.
        """
        output: dict[str, str] | None
        if deep_object:
            output = self._get_deep_object(name, allow_multiple)
            if output is None:
                if required:
                    raise errors.HTTPMissingParam(name)
                output = default
        else:
            items = self.get_param_as_list(name, required=required, delimiter=delimiter)
            if items is None:
                output = default
            elif len(items) % 2:
                raise errors.HTTPInvalidParam(
                    "The number of list elements must be even.", name
                )
            else:
                output = dict(zip(items[::2], items[1::2], strict=True))
        if output is not None and store is not None:
            store[name] = output
        return output

    def _get_deep_object(
        self, name: str, allow_multiple: bool
    ) -> dict[str, str] | None:
        prefix = name + "["
        start = len(prefix)
        output: dict[str, str] = {}
        for key, value in self.params.items():
            if not (key.startswith(prefix) and key.endswith("]")):
                continue
            if value.__class__ is list:
                if not allow_multiple and len(value) > 1:
                    raise errors.HTTPInvalidParam(
                        f'The "{key}" key may not have multiple values.', name
                    )
                value = value[0] if value else ""
            output[key[start:-1]] = value
        return output or None


def _check_bounds(
    name: str, value: float, min_value: float | None, max_value: float | None
) -> None:
    if is_within(value, min_value, max_value):
        return
    if isinstance(value, float) and not math.isfinite(value):  # NaN passes < and >
        raise errors.HTTPInvalidParam("The value must be a finite number.", name)
    if min_value is not None and value < min_value:
        raise errors.HTTPInvalidParam(f"The value must be at least {min_value}", name)
    if max_value is not None and max_value < value:
        raise errors.HTTPInvalidParam(f"The value may not exceed {max_value}", name)


def _no_handler_message(media_type: str) -> str:
    return (
        f"No media handler is configured for {media_type!r}. "
        "Please ensure the media type is registered in "
        "RequestOptions.media_handlers."
    )


def _deserialize_param(
    name: str,
    raw: str,
    media_type: str,
    handler: Any,
    store: dict[str, Any] | None,
) -> Any:
    data = raw.encode()
    try:
        value = handler.deserialize(io.BytesIO(data), media_type, len(data))
    except errors.HTTPBadRequest:
        raise errors.HTTPInvalidParam(
            f"It could not be deserialized as {media_type!r}.", name
        ) from None
    if store is not None:
        store[name] = value
    return value
