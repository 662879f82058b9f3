"""Edges of the served app: security headers, write rate limits, and the wrong-token lock-out.

- Every response carries headers that forbid framing (the page with the admin-token field must
  not be embeddable), MIME sniffing and referrer leaks.
- Writes (feedback, uploads, plan checks, admin jobs) are limited per client: a visitor cannot
  fill the disk or queue converters faster than a person works.
- After a few wrong administrator tokens from one client, that client's token checks are
  refused for a while, so the token cannot be guessed at hundreds of tries a second.

Clients are told apart by their address. Behind a reverse proxy every client has the proxy's
address, so the limits then apply to all clients together (set them higher there).
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import from_assistant_error
from assistant.app.guard import SlidingWindow
from assistant.errors import TooManyRequestsError

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class SecurityHeaders:
    """ASGI middleware: add SECURITY_HEADERS to every HTTP response that does not set them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)


class WriteRateLimit:
    """ASGI middleware: POSTs to write paths limited per client address (429 with Retry-After)."""

    def __init__(
        self, app: ASGIApp, is_write: Callable[[str], bool], per_minute: int, window: float = 60.0
    ) -> None:
        self.app = app
        self.is_write = is_write
        self.window = SlidingWindow(per_minute, window) if per_minute > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.window is None
            or scope["type"] != "http"
            or scope.get("method") != "POST"
            or not self.is_write(scope["path"])
        ):
            await self.app(scope, receive, send)
            return
        wait = self.window.hit(client_of(scope))
        if wait is None:
            await self.app(scope, receive, send)
            return
        exc = TooManyRequestsError(
            f"more than {self.window.limit} writes a minute from this client",
            retry_after=wait,
            fix=f"wait {max(1, round(wait))} s and send again",
        )
        response = from_assistant_error(exc)
        await response(scope, receive, send)


def client_of(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"
