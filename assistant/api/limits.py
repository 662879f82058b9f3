"""Request size limits enforced while the body streams in: a client that sends more than the
limit is cut off as soon as the limit is crossed (413), so a huge upload never fills the disk or
the memory first."""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import error_response
from assistant.app.uploads import too_large

MULTIPART_SLACK = 64 * 1024  # boundaries and part headers around the file itself


class BodyLimitMiddleware:
    """Refuse bodies over a per-path limit: by Content-Length at once, else while reading."""

    def __init__(
        self,
        app: ASGIApp,
        limit_for: Callable[[str], int | None],
        is_upload: Callable[[str], bool] = lambda path: True,
    ) -> None:
        self.app = app
        self.limit_for = limit_for
        self.is_upload = is_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        if limit is None:
            await self.app(scope, receive, send)
            return
        upload = self.is_upload(scope["path"])
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                exc = too_large(limit, upload)
                await error_response(413, exc.code, str(exc))(scope, receive, send)
                return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise too_large(limit, upload)
            return message

        await self.app(scope, limited, send)
