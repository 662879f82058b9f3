"""Keep the served pages pointing at this machine only.

Gradio's page template carries social-preview tags (og:image on GitHub, og:url gradio.app) and
its component schemas carry a sample file URL on GitHub. None is loaded by the browser, but an
office network that forbids outside addresses should not see them at all: every absolute URL to
another host in an HTML page is replaced by "about:blank" before it leaves the server.
"""

from __future__ import annotations

import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

EXTERNAL_URL = re.compile(
    r"""https?://(?!(?:127\.0\.0\.1|localhost|\[::1\])(?:[:/"'\\]|$))[^\s"'<>\\)]+"""
)


def strip_external_urls(html: str) -> str:
    return EXTERNAL_URL.sub("about:blank", html)


class LocalOnlyPages:
    """ASGI middleware: rewrite text/html responses with `strip_external_urls`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or scope["path"].startswith("/api/")
        ):
            await self.app(scope, receive, send)
            return
        # Ask for an uncompressed body so it can be rewritten.
        scope = dict(scope)
        scope["headers"] = [(k, v) for k, v in scope["headers"] if k != b"accept-encoding"]
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=message["headers"])
                if headers.get("content-type", "").startswith("text/html"):
                    start = message
                    return
                await send(message)
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                text = b"".join(chunks).decode("utf-8", "surrogateescape")
                body = strip_external_urls(text).encode("utf-8", "surrogateescape")
                headers = MutableHeaders(raw=start["headers"])
                headers["content-length"] = str(len(body))
                await send(start)
                await send({"type": "http.response.body", "body": body})
            else:
                await send(message)

        await self.app(scope, receive, capture)
