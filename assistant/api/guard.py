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

import threading
import time
from collections import deque
from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import error_response
from assistant.errors import AssistantError

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class TooManyRequestsError(AssistantError):
    code = "too_many_requests"
    http_status = 429

    def __init__(self, message: str, *, retry_after: float, fix: str | None = None) -> None:
        super().__init__(message, fix=fix)
        self.headers = {"Retry-After": str(max(1, round(retry_after)))}


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


class SlidingWindow:
    """At most ``limit`` events per ``window`` seconds for each key (thread-safe)."""

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> float | None:
        """Record an event; None when allowed, else the seconds until one is allowed again."""
        now = self.clock()
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and events[0] <= now - self.window:
                events.popleft()
            if len(events) >= self.limit:
                return events[0] + self.window - now
            events.append(now)
            if len(self._events) > 10_000:  # forget idle clients
                self._events = {k: v for k, v in self._events.items() if v}
            return None


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
        response = error_response(exc.http_status, exc.code, str(exc), exc.headers)
        await response(scope, receive, send)


def client_of(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class TokenLockout:
    """Refuse a client's token checks for ``lock_seconds`` once it has sent ``attempts`` wrong
    tokens within that time. A right token clears the client's count."""

    def __init__(
        self,
        attempts: int = 5,
        lock_seconds: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.attempts = attempts
        self.lock_seconds = lock_seconds
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._locked: dict[str, float] = {}
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        """Raise TooManyRequestsError while the client is locked out."""
        with self._lock:
            until = self._locked.get(client)
            if until is None:
                return
            wait = until - self.clock()
            if wait <= 0:
                del self._locked[client]
                self._failures.pop(client, None)
                return
        raise TooManyRequestsError(
            "too many wrong administrator tokens from this client",
            retry_after=wait,
            fix=f"wait {max(1, round(wait))} s, then send the right TDKT_ADMIN_TOKEN",
        )

    def failed(self, client: str) -> None:
        now = self.clock()
        with self._lock:
            failures = self._failures.setdefault(client, deque())
            while failures and failures[0] <= now - self.lock_seconds:
                failures.popleft()
            failures.append(now)
            if len(failures) >= self.attempts:
                self._locked[client] = now + self.lock_seconds
            if len(self._failures) > 10_000:  # forget clients with no recent failure
                self._failures = {k: v for k, v in self._failures.items() if v}

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)
