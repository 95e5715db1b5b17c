"""Bridges between sync and async callables (Falcon's ASGI helpers, on asyncio).

restcore is WSGI-only; these exist so that Falcon code importing them runs.
asyncio and the thread pool are imported on first call, not at import, so that
the packages can import this module eagerly (why: ``restcore/__init__.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from restcore.util.deprecation import deprecated

if TYPE_CHECKING:
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

__all__ = [
    "async_to_sync",
    "create_task",
    "get_running_loop",
    "runs_sync",
    "sync_to_async",
    "wrap_sync_to_async",
    "wrap_sync_to_async_unsafe",
]

Result = TypeVar("Result")

# One worker serializes calls to functions declared not thread-safe (made on
# first use).
_single_thread: ThreadPoolExecutor | None = None
_runner: asyncio.Runner | None = None


@deprecated(
    "This alias is deprecated; it will be removed in Falcon 5.0. "
    "Please use asyncio.create_task() directly."
)
def create_task(
    coro: Coroutine[Any, Any, Result], *, name: str | None = None, context: Any = None
) -> asyncio.Task[Result]:
    """Schedule `coro` on the running loop (``asyncio.create_task``)."""
    import asyncio

    return asyncio.create_task(coro, name=name, context=context)


@deprecated(
    "This alias is deprecated; it will be removed in Falcon 5.0. "
    "Please use asyncio.get_running_loop() directly."
)
def get_running_loop() -> asyncio.AbstractEventLoop:
    """Return the running event loop (``asyncio.get_running_loop``)."""
    import asyncio

    return asyncio.get_running_loop()


def _one_thread() -> ThreadPoolExecutor:
    global _single_thread  # one worker per process, made on first use
    if _single_thread is None:
        from concurrent.futures import ThreadPoolExecutor

        _single_thread = ThreadPoolExecutor(max_workers=1)
    return _single_thread


def wrap_sync_to_async_unsafe(func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap `func` in a coroutine function that calls it on the event loop thread."""

    @functools.wraps(func)
    async def call_inline(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return call_inline


def wrap_sync_to_async(
    func: Callable[..., Any], threadsafe: bool | None = None
) -> Callable[..., Any]:
    """Wrap `func` in a coroutine function that runs it in an executor.

    Args:
        func: The synchronous callable.
        threadsafe: ``False`` runs every call on one shared worker thread;
            otherwise the loop's default executor is used.
    """
    executor = _one_thread() if threadsafe is False else None

    @functools.wraps(func)
    async def call_in_executor(*args: Any, **kwargs: Any) -> Any:
        import asyncio

        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            executor, functools.partial(func, *args, **kwargs)
        )

    return call_in_executor


async def sync_to_async(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run `func(*args, **kwargs)` in the default executor and await the result."""
    import asyncio

    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(func, *args, **kwargs))


def async_to_sync(
    coroutine: Callable[..., Awaitable[Result]], *args: Any, **kwargs: Any
) -> Result:
    """Run a coroutine function to completion on a reusable event loop."""
    import asyncio

    global _runner  # one runner per process, made on first use
    if _runner is None or _runner.get_loop().is_closed():
        _runner = asyncio.Runner()
    awaitable = coroutine(*args, **kwargs)
    return _runner.run(_as_coroutine(awaitable))


def _as_coroutine(awaitable: Awaitable[Result]) -> Coroutine[Any, Any, Result]:
    import asyncio

    if asyncio.iscoroutine(awaitable):
        return awaitable

    async def await_it() -> Result:
        return await awaitable

    return await_it()


def runs_sync(coroutine: Callable[..., Awaitable[Result]]) -> Callable[..., Result]:
    """Decorate a coroutine function so that calling it runs it synchronously."""

    @functools.wraps(coroutine)
    def invoke(*args: Any, **kwargs: Any) -> Result:
        return async_to_sync(coroutine, *args, **kwargs)

    return invoke
