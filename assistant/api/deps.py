"""Dependencies shared by the routes: the runtime, the loaded assistant, the admin check."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.api.errors import BadTokenError, UploadsOffError
from assistant.api.guard import TokenLockout, client_of
from assistant.api.runtime import Runtime


async def get_runtime(request: Request) -> Runtime:
    # async: resolved on the event loop, so a cheap route (health) never waits for a thread
    return request.app.state.runtime


def get_assistant(runtime: Annotated[Runtime, Depends(get_runtime)]) -> Any:
    return runtime.assistant()


def check_admin_token(
    configured: str | None,
    token: str | None,
    *,
    lockout: TokenLockout | None = None,
    client: str = "unknown",
) -> None:
    """Raise unless ``token`` is the configured administrator token (compared in constant time).

    With a ``lockout``, a client that sent too many wrong tokens is refused (429) before its
    token is even compared, and every wrong token counts against it.
    """
    if not configured:
        raise UploadsOffError(
            "uploads are turned off on this server",
            fix="set TDKT_ADMIN_TOKEN and restart `tdkt serve` to allow them",
        )
    if lockout is not None:
        lockout.check(client)
    if not token:
        raise BadTokenError(
            "this needs the administrator token", fix='send "Authorization: Bearer <token>"'
        )
    if not hmac.compare_digest(token.strip().encode("utf-8"), configured.encode("utf-8")):
        if lockout is not None:
            lockout.failed(client)
        raise BadTokenError("the administrator token is wrong", fix="check TDKT_ADMIN_TOKEN")
    if lockout is not None:
        lockout.succeeded(client)


_bearer = HTTPBearer(auto_error=False, description="the server's TDKT_ADMIN_TOKEN")


def require_admin(
    request: Request,
    runtime: Annotated[Runtime, Depends(get_runtime)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    check_admin_token(
        runtime.settings.admin_token,
        credentials.credentials if credentials else None,
        lockout=runtime.token_lockout,
        client=client_of(request.scope),
    )


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
AssistantDep = Annotated[Any, Depends(get_assistant)]
