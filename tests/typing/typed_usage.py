"""Type-checked, never run: typed responders as an app writes them.

``mypy --strict`` must see ``Query[int]`` as ``int``, ``Header[str | None]``
as ``str | None``, and ``@responds`` must keep the responder's signature.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

import restcore
from restcore.typed import Cookie, Header, Query, RequestValidationError, responds


class Note(msgspec.Struct):
    id: int
    title: str


class NotesResource:
    def on_get(
        self,
        req: restcore.Request,
        resp: restcore.Response,
        limit: Query[int] = 10,
        offset: Query[Annotated[int, msgspec.Meta(ge=0)]] = 0,
        token: Header[str | None] = None,
        session: Cookie[str] = "",
    ) -> list[Note]:
        end: int = limit + offset
        length: int = len(token or "") + len(session)
        return [Note(index, "t") for index in range(end + length)]

    @responds(201, errors=[restcore.HTTPConflict])
    def on_post(
        self, req: restcore.Request, resp: restcore.Response, body: Note
    ) -> Note:
        return body


def first_page(
    resource: NotesResource, req: restcore.Request, resp: restcore.Response
) -> int:
    return len(resource.on_get(req, resp, limit=5))


def errors_of(ex: RequestValidationError) -> list[dict[str, str]]:
    return ex.errors


app = restcore.App(typed=True)
app.add_route("/notes", NotesResource())
