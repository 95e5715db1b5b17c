"""Falcon's private ``falcon._typing`` names, as restcore's own aliases.

Extensions and Falcon-era code annotate with these; they are type aliases (no
behaviour), mostly loose ``Callable`` shapes. Public ones live in
``restcore.typing``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from re import Pattern
from typing import Any, TypeVar

from restcore.typing import (
    ErrorHandler,
    ProcessRequest,
    ProcessResource,
    ProcessResponse,
    Responder,
)
from restcore.util.structures import UNSET, UnsetType

_T = TypeVar("_T")
_ExcT = TypeVar("_ExcT", bound=Exception)
_ReqT = TypeVar("_ReqT")
_RespT = TypeVar("_RespT")
_AReqT = TypeVar("_AReqT")
_ARespT = TypeVar("_ARespT")

_Unset = UnsetType
_UNSET = UNSET
UnsetOr = Any  # Falcon's ``Union[_T, _Unset]``

WSGIEnvironment = dict[str, Any]
Link = dict[str, str]
CookieArg = Mapping[str, str | list[str]]
HeaderMapping = Mapping[str, str]
HeaderIter = Iterable[tuple[str, str]]
HeaderArg = HeaderMapping | HeaderIter
ResponseStatus = Any
StoreArg = dict[str, Any] | None
Resource = object
RangeSetHeader = tuple[int, int, int] | tuple[int, int, int, str]
ResponseCallbacks = tuple[Callable[[], None], ...]
MethodDict = dict[str, Responder]
SinkPrefix = str | Pattern[str]

ErrorReporter = Callable[[Any, Any, BaseException, dict[str, Any]], None]
ErrorSerializer = Callable[[Any, Any, Any], None]
SinkCallable = Callable[..., None]
ResponderMethod = Callable[..., None]
ResponderCallable = Callable[..., None]
ProcessRequestMethod = ProcessRequest
ProcessResourceMethod = ProcessResource
ProcessResponseMethod = ProcessResponse
FindMethod = Callable[..., Any]
SerializeSync = Callable[[Any, str | None], bytes]
DeserializeSync = Callable[[bytes], Any]
WsgiMiddlewareWithProcessRequest = Any
WsgiMiddlewareWithProcessResource = Any
WsgiMiddlewareWithProcessResponse = Any
UniversalMiddlewareWithProcessRequest = Any
UniversalMiddlewareWithProcessResource = Any
UniversalMiddlewareWithProcessResponse = Any
SyncMiddleware = Any

# ASGI shapes (restcore serves WSGI: these only name Falcon's types).
AsgiErrorHandler = Callable[..., Awaitable[None]]
AsgiSinkCallable = Callable[..., Awaitable[None]]
AsgiResponderMethod = Callable[..., Awaitable[None]]
AsgiResponderCallable = Callable[..., Awaitable[None]]
AsgiResponderWsCallable = Callable[..., Awaitable[None]]
AsgiReceive = Callable[[], Awaitable[MutableMapping[str, Any]]]
AsgiSend = Callable[[MutableMapping[str, Any]], Awaitable[None]]
AsgiProcessRequestMethod = Callable[..., Awaitable[None]]
AsgiProcessResourceMethod = Callable[..., Awaitable[None]]
AsgiProcessResponseMethod = Callable[..., Awaitable[None]]
AsgiProcessRequestWsMethod = Callable[..., Awaitable[None]]
AsgiProcessResourceWsMethod = Callable[..., Awaitable[None]]
AsgiMiddlewareWithProcessStartup = Any
AsgiMiddlewareWithProcessShutdown = Any
AsgiMiddlewareWithProcessRequest = Any
AsgiMiddlewareWithProcessResource = Any
AsgiMiddlewareWithProcessResponse = Any
AsgiMiddlewareWithProcessRequestWs = Any
AsgiMiddlewareWithProcessResourceWs = Any
AsyncMiddleware = Any

# Names Falcon's modules define for their own annotations.
Result = TypeVar("Result")
_C = TypeVar("_C", bound=Callable[..., Any])
_R = TypeVar("_R")
PRequest = ProcessRequest
PResource = ProcessResource
PResponse = ProcessResponse
APRequest = Callable[..., Awaitable[None]]
APResource = Callable[..., Awaitable[None]]
APResponse = Callable[..., Awaitable[None]]
PreparedMiddlewareResult = tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]]
AsyncPreparedMiddlewareResult = PreparedMiddlewareResult
AsyncPreparedMiddlewareWsResult = tuple[tuple[Any, ...], tuple[Any, ...]]
_ResolverMethodReturnTuple = tuple[
    Any, Callable[..., Any] | None, Callable[..., Any] | None
]
ResolverMethod = Callable[..., _ResolverMethodReturnTuple]
UnpackMethod = Callable[..., Any]
AsyncWritableIO = Any

__all__ = ["ErrorHandler", "Responder"]
